TITLE IClamp: rectangular current pulse injected through an electrode

COMMENT
A single square pulse of amplitude `amp` (nA) that is on for
del <= t < del + dur and off otherwise.

ELECTRODE_CURRENT: a positive `i` flows into the cell (depolarizes),
the opposite of the sign convention for membrane currents.

The onset parameter is called `del`. In Python `del` is a keyword, so
NEURON's Python interface exposes this variable as `delay`
(`stim.delay = 2`); from hoc it stays `stim.del`. psection() lists it as
`del`.

The two at_time() calls mark the pulse edges as discontinuities. They do
not change the fixed-step result (the test `t >= del` is evaluated at the
midpoint t + dt/2 of every step); with the variable-step integrator they
make the solver stop and restart exactly at del and del + dur.
ENDCOMMENT

NEURON {
    POINT_PROCESS IClamp
    RANGE del, dur, amp, i
    ELECTRODE_CURRENT i
}

UNITS {
    (nA) = (nanoamp)
}

PARAMETER {
    del (ms)
    dur (ms) <0, 1e9>
    amp (nA)
}

ASSIGNED {
    i (nA)
}

INITIAL {
    i = 0
}

BREAKPOINT {
    at_time(del)
    at_time(del + dur)
    if (t < del + dur && t >= del) {
        i = amp
    } else {
        i = 0
    }
}
