TITLE AlphaSynapse: a single alpha-function conductance at a fixed time

COMMENT
Not event driven: the conductance is a fixed function of time,

    g(t) = gmax * x*exp(1 - x),   x = (t - onset)/tau,   for 0 <= x <= 10
    g(t) = 0                      otherwise (before onset, and after 10 tau)

which rises from 0 at t = onset to its maximum gmax at t = onset + tau.
i = g*(v - e) is a membrane current (positive = outward).

g is evaluated in BREAKPOINT, i.e. at the time the current is computed
(the step's midpoint t + dt/2 in the fixed-step method). g is not a RANGE
variable (NEURON does not expose it either); record i instead.

at_time(onset) makes the variable-step integrator stop at the onset; it is
only issued when gmax is nonzero.
ENDCOMMENT

NEURON {
    POINT_PROCESS AlphaSynapse
    RANGE onset, tau, gmax, e, i
    NONSPECIFIC_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    onset = 0 (ms)
    tau = .1 (ms) <1e-3, 1e6>
    gmax = 0 (uS) <0, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
}

BREAKPOINT {
    if (gmax) {
        at_time(onset)
    }
    g = gmax * alpha((t - onset)/tau)
    i = g*(v - e)
}

FUNCTION alpha(x) {
    : x*exp(1 - x) on [0, 10], zero outside (it is below 1.3e-3 at x = 10)
    if (x < 0 || x > 10) {
        alpha = 0
    } else {
        alpha = x * exp(1 - x)
    }
}
