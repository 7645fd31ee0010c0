TITLE SEClamp: single-electrode voltage clamp with three levels

COMMENT
An ideal voltage source vc connected to the cell through a series
resistance rs (MOhm):

    i = (vc - v)/rs        (nA; ELECTRODE_CURRENT: positive depolarizes)

vc follows a three-step command that starts at t = 0:

    amp1 for              t < dur1
    amp2 for dur1      <= t < dur1 + dur2
    amp3 for dur1+dur2 <= t < dur1 + dur2 + dur3

and after that the clamp is off: vc = 0 and i = 0.

v is the potential at the electrode's location (v + vext when the
extracellular mechanism is present).

Order of evaluation in a fixed step:
* BREAKPOINT (current phase, at the step's midpoint time) calls the command
  procedure, which sets vc and i from the v at the start of the step; the
  derivative di/dv = -1/rs is what the implicit solve uses, so the clamp
  acts on the new v.
* The SOLVE ... METHOD after_cvode runs after the voltage update and
  recomputes i = (vc - v)/rs with the new v. That is the value a recording
  shows; it matches the current the implicit step actually used.

One SEClamp per location: several instances at one place are independent
clamps, not a longer protocol.
ENDCOMMENT

NEURON {
    POINT_PROCESS SEClamp
    ELECTRODE_CURRENT i
    RANGE dur1, amp1, dur2, amp2, dur3, amp3, rs, vc, i
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    rs = 1 (megohm) <1e-9, 1e9>
    dur1 (ms)
    amp1 (mV)
    dur2 (ms) <0, 1e9>
    amp2 (mV)
    dur3 (ms) <0, 1e9>
    amp3 (mV)
}

ASSIGNED {
    v (mV)
    i (nA)
    vc (mV)
    tc2 (ms)
    tc3 (ms)
    on
}

INITIAL {
    : ends of the second and third level
    tc2 = dur1 + dur2
    tc3 = tc2 + dur3
    on = 0
}

BREAKPOINT {
    SOLVE clampcurrent METHOD after_cvode
    command()
}

PROCEDURE clampcurrent() {
    if (on) {
        i = (vc - v)/rs
    } else {
        i = 0
    }
}

PROCEDURE command() {
    on = 1
    : level changes are discontinuities for the variable-step method
    if (dur1) { at_time(dur1) }
    if (dur2) { at_time(tc2) }
    if (dur3) { at_time(tc3) }
    if (t < dur1) {
        vc = amp1
    } else if (t < tc2) {
        vc = amp2
    } else if (t < tc3) {
        vc = amp3
    } else {
        vc = 0
        on = 0
    }
    clampcurrent()
}
