"""Reference case `nseg_connection_end`: recordings at a section's connection end through its
parent's nseg changes.

A section's connection end is its parent's node there, so NEURON's pointer to it (`c1(1)._ref_v`
for a section attached by its 1 end) follows the parent's node: kept, moved or freed by the
parent's nseg changes, and a recording of a freed node stops. A soma (L = diam = 20 um, hh), a
dend (L 100 um, diam 2 um, hh, nseg 2) at soma(1); c1 (L 50 um, diam 1 um, pas) attached by its
1 end at dend(0.376), c2 (the same) by its 0 end at dend(0.8); IClamp 0.5 nA from 1 to 9 ms at the
soma. Recordings: c1(1).v (dend's node 0), c2(0).v (dend's node 1), c1(0.5).v, c2(0.5).v;
finitialize(-65), continuerun(4), dend.nseg = 1 (node 1 is kept, node 0 freed: c1(1)'s recording
stops), continuerun(7), dend.nseg = 3 (the kept node goes to segment 1), continuerun(10).
dt = 0.025.

Run with NEURON installed:  python3 references/nseg_connection_end.py  (or python3 model.py in
the fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "nseg_connection_end")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 100, 2, 2
dend.connect(soma(1))
for s in (soma, dend):
    s.insert("hh")
c1 = h.Section(name="c1")
c2 = h.Section(name="c2")
for c in (c1, c2):
    c.L, c.diam = 50, 1
    c.insert("pas")
c1.connect(dend(0.376), 1)
c2.connect(dend(0.8), 0)
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 8, 0.5

t = h.Vector().record(h._ref_t)
recs = {
    "c1(1).v": h.Vector().record(c1(1)._ref_v),
    "c2(0).v": h.Vector().record(c2(0)._ref_v),
    "c1(0.5).v": h.Vector().record(c1(0.5)._ref_v),
    "c2(0.5).v": h.Vector().record(c2(0.5)._ref_v),
}
h.dt = 0.025
h.finitialize(-65)
h.continuerun(4)
dend.nseg = 1
h.continuerun(7)
dend.nseg = 3
h.continuerun(10)

case.write({
    "case": case.name,
    "description": (
        "soma 20x20 um hh; dend 100x2 um hh nseg 2 at soma(1); c1 50x1 um pas by its 1 end at "
        "dend(0.376), c2 by its 0 end at dend(0.8); IClamp 0.5 nA 1-9 ms at the soma. Records "
        "c1(1).v, c2(0).v, c1(0.5).v, c2(0.5).v; finitialize(-65), continuerun(4), dend.nseg = 1, "
        "continuerun(7), dend.nseg = 3, continuerun(10); dt=0.025."),
    **settings(10.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in recs.items()},
    "spikes": {},
})
