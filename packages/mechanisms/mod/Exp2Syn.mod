TITLE Exp2Syn: synaptic conductance as the difference of two exponentials

COMMENT
Two first-order states that both jump by weight*factor on an event and then
decay independently:

    dA/dt = -A/tau1   (rise, the faster one)
    dB/dt = -B/tau2   (decay)
    g = B - A,        i = g*(v - e)

After one event of weight w at time 0, g(t) = w*factor*(exp(-t/tau2) - exp(-t/tau1)).
factor is chosen in INITIAL so that this peaks at exactly w: the peak is at

    tp = tau1*tau2/(tau2 - tau1) * log(tau2/tau1)

and factor = 1/(exp(-tp/tau2) - exp(-tp/tau1)).

tau1 must be smaller than tau2. INITIAL enforces 1e-9 <= tau1/tau2 <= 0.9999
by changing tau1 (the change is visible afterwards: tau1 keeps the new value).
Near the upper limit the waveform is close to an alpha function with time
constant tau2; near the lower one, close to a single exponential.

Both states use cnexp; they are uncoupled, so each decays exactly.
ENDCOMMENT

NEURON {
    POINT_PROCESS Exp2Syn
    RANGE tau1, tau2, e, i
    NONSPECIFIC_CURRENT i
    RANGE g
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau1 = 0.1 (ms) <1e-9, 1e9>
    tau2 = 10 (ms) <1e-9, 1e9>
    e = 0 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    factor
}

STATE {
    A (uS)
    B (uS)
}

INITIAL {
    LOCAL tpeak
    : keep the rise strictly faster than the decay, and not absurdly fast
    if (tau1/tau2 > 0.9999) {
        tau1 = 0.9999*tau2
    }
    if (tau1/tau2 < 1e-9) {
        tau1 = tau2*1e-9
    }
    A = 0
    B = 0
    : time of the peak of exp(-t/tau2) - exp(-t/tau1), and the value there
    tpeak = (tau1*tau2)/(tau2 - tau1) * log(tau2/tau1)
    factor = -exp(-tpeak/tau1) + exp(-tpeak/tau2)
    factor = 1/factor
}

BREAKPOINT {
    SOLVE decays METHOD cnexp
    g = B - A
    i = g*(v - e)
}

DERIVATIVE decays {
    A' = -A/tau1
    B' = -B/tau2
}

NET_RECEIVE(weight (uS)) {
    A = A + weight*factor
    B = B + weight*factor
}
