TITLE VClamp: two-electrode voltage clamp with three levels

COMMENT
A model of a two-electrode clamp amplifier: a measuring amplifier (output
vi, time constant tau1), a control amplifier of finite gain (output vo,
time constant tau2) and a stimulating electrode of resistance rstim (MOhm):

    i = (vo - v)/rstim     (nA; ELECTRODE_CURRENT: positive depolarizes)

The command stim is amp[0] for t < dur[0], amp[1] for the next dur[1] ms,
amp[2] for the next dur[2] ms; after dur[0] + dur[1] + dur[2] the clamp is
off and i = 0.

The amplifier states are advanced together with v by one implicit Euler step
of the LINEAR system below (with the previous values e0, vo0, vi0):

    vi = v + fac*vo - fac*v                       (measured potential)
    tau2/dt*(vo - vo0) + vo = -gain*e             (control amplifier)
    (vi - stim - e) - e + tau1/dt*((vi - e) - (vi0 - e0)) = 0
                                                  (error e of the input stage)

with the terms written in this order because the coefficient arithmetic of
the solved system depends on it.

The system is very stiff in v, so the current is recomputed after the
voltage update (SOLVE update METHOD after_cvode), and the amplifier
states of the completed step are stored there as the e0, vo0, vi0 of the
next step. Use it with secondorder = 0 only.

Differences from NEURON's file (same numbers, other means):
* the command search stops at the first level whose end is still ahead with
  a flag instead of a C `break`;
* NEURON refuses VClamp under CVODE when a level is active (a C check on
  cvode_active_ in INITIAL); NMODL cannot test that, so the refusal belongs
  to the runtime (see references/NOTES.md).
ENDCOMMENT

DEFINE NSTEP 3

NEURON {
    POINT_PROCESS VClamp
    ELECTRODE_CURRENT i
    RANGE e0, vo0, vi0, dur, amp, gain, rstim, tau1, tau2, fac, i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    dur[NSTEP] (ms) <0, 1e9>
    amp[NSTEP] (mV)
    gain = 1e5 <0, 1e9>
    rstim = 1 (megohm) <1e-9, 1e9>
    tau1 = .001 (ms) <0, 1e9>
    tau2 = 0 (ms) <0, 1e9>
    e0 (mV)
    vo0 (mV)
    vi0 (mV)
    fac = 0 <1, 10>
}

ASSIGNED {
    v (mV)
    dt (ms)
    i (nA)
    stim (mV)
    tc (ms)
}

STATE {
    e (mV)
    vo (mV)
    vi (mV)
}

INITIAL {
    e0 = 0
    vo = v
    vo0 = v
    vi = v
    vi0 = v
    e = 0
}

BREAKPOINT {
    SOLVE update METHOD after_cvode
    command()
    i = clampcurrent()
}

PROCEDURE command() {
    : stim = the level whose end tc lies ahead of t; when all have ended, stim
    : is the last level and tc their total duration (t > tc: clamp off)
    LOCAL found
    found = 0
    tc = 0 (ms)
    FROM j = 0 TO NSTEP - 1 {
        if (found == 0) {
            stim = amp[j]
            tc = tc + dur[j]
            if (t < tc) {
                tc = tc + 100 : pushes tc well past t: the clamp is on
                found = 1
            }
        }
    }
}

FUNCTION clampcurrent() (nA) {
    if (t > tc) {
        e0 = 0
        vo0 = 0
        clampcurrent = 0
    } else {
        SOLVE amplifier
        clampcurrent = (vo - v)/rstim
    }
}

LINEAR amplifier {
    LOCAL t1, t2
    t1 = tau1/dt
    t2 = tau2/dt
    ~ vi = v + fac*vo - fac*v
    ~ t2*vo - t2*vo0 + vo = -gain * e
    ~ -stim - e  +  vi - e  +  t1*vi - t1*e - t1*(vi0 - e0) = 0
}

PROCEDURE update() {
    i = clampcurrent()
    e0 = e
    vo0 = vo
    vi0 = vi
}
