"""Reference case `nseg_carry`: v through an nseg decrease of a section with a child.

When nseg decreases, NEURON keeps for each new segment the old node holding its centre, with
its v; a child attached to a freed node attaches to the kept one. A soma (s0: L 52.229, diam
7.522, hh), a passive section s1 (L 32.016, diam 4.226, Ra 111.31, nseg 3) at s0(1), and s2 (L
40.035, diam 0.988, Ra 50.96, nseg 5, hh) at s1(0.307); IClamp 0.606 nA from 1.64 to 6.11 ms at
s2(0.182); dt = 0.05. finitialize(-65), continuerun(7), s1.nseg = 1, continuerun(15).

Run with NEURON installed:  python3 references/nseg_carry.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "nseg_carry")
h.load_file("stdrun.hoc")


def section(name, L, diam, nseg, Ra):
    s = h.Section(name=name)
    s.L, s.diam, s.nseg, s.Ra = L, diam, nseg, Ra
    return s


s0 = section("s0", 52.229, 7.522, 1, 105.51)
s0.insert("hh")
s1 = section("s1", 32.016, 4.226, 3, 111.31)
s2 = section("s2", 40.035, 0.988, 5, 50.96)
s2.insert("hh")
s1.connect(s0(1))
s2.connect(s1(0.307))
stim = h.IClamp(s2(0.182))
stim.delay, stim.dur, stim.amp = 1.64, 4.47, 0.606
t = h.Vector().record(h._ref_t)
traces = {
    "s0(0.5).v": h.Vector().record(s0(0.5)._ref_v),
    "s2(0.5).v": h.Vector().record(s2(0.5)._ref_v),
    "s2(0.1).v": h.Vector().record(s2(0.1)._ref_v),
}
h.dt = 0.05
h.finitialize(-65)
h.continuerun(7)
s1.nseg = 1
after = [seg.v for seg in s1.allseg()]
h.continuerun(15)

case.write({
    "case": case.name,
    "description": (
        "s0 52.229x7.522 um hh; s1 32.016x4.226 um passive nseg 3 at s0(1); s2 40.035x0.988 um "
        "nseg 5 hh at s1(0.307); IClamp 0.606 nA 1.64-6.11 ms at s2(0.182); dt=0.05; "
        "finitialize(-65), continuerun(7), s1.nseg = 1 (s1's v then: after_change), continuerun(15)."),
    **settings(15.0, -65.0),
    "after_change": after,
    "t": list(t),
    "traces": {k: list(v) for k, v in traces.items()},
    "spikes": {},
})
