TITLE APCount: counts threshold crossings of v and remembers the last one

COMMENT
After every step (SOLVE ... METHOD after_cvode, i.e. with the new v) and
once in INITIAL:

* if v >= thresh and the counter is not already in the "firing" state, it
  enters it: firing = 1, time = t, n = n + 1;
* if it is firing, v < thresh and t > time, it leaves it: firing = 0.

So n counts upward crossings, each counted at the first sample at or above
thresh, and time is the t of that sample (no interpolation, no 1e-10 added:
compare NetCon, which reports t + 1e-10 one step later; see
references/NOTES.md). A crossing already present at INITIAL counts (n = 1,
time = the initial t).

NEURON's APCount also has record(Vector), which appends every `time` to a
hoc Vector. NMODL has no Vector type, so that part cannot be written in the
language: this file provides n, time and firing, and core supplies record()
(the vector emptied by finitialize, sized n with `time` last whenever n
grows: MechanismType.eventRecord, which scripts/generate.mjs adds).
ENDCOMMENT

NEURON {
    POINT_PROCESS APCount
    RANGE n, thresh, time, firing
    THREADSAFE
}

UNITS {
    (mV) = (millivolt)
}

PARAMETER {
    n
    thresh = -20 (mV)
    time (ms)
}

ASSIGNED {
    v (mV)
    firing
}

INITIAL {
    n = 0
    firing = 0
    check()
}

BREAKPOINT {
    SOLVE check METHOD after_cvode
}

PROCEDURE check() {
    if (v >= thresh && !firing) {
        firing = 1
        time = t
        n = n + 1.
    }
    if (firing && v < thresh && t > time) {
        firing = 0
    }
}
