"""Reference case `nseg_pointers`: recordings through a change of nseg.

A NEURON pointer (`seg._ref_v`, `seg.hh._ref_m`) points at a node, and NEURON keeps nodes
through an nseg change: with more segments, old node i lands on segment floor(n2 (i + 1/2) / n1);
with fewer, the node holding each new segment's centre is kept for it and the others are freed,
and recordings of a freed node stop. A soma (L = diam = 20 um, hh) with a dendrite (L 200 um,
diam 1 um, hh, nseg 1) at soma(1); IClamp 0.5 nA from 1 to 9 ms at the soma. Recordings a:
dend(0.3)._ref_v, b: dend(0.3).hh._ref_m, c: dend(0.9)._ref_v, taken at nseg 1; then nseg = 4
(before finitialize); d: dend(0.3)._ref_v taken at nseg 4; finitialize(-65), continuerun(5), then
nseg = 3 (node 1 of 4, d's, is freed), continuerun(10). dt = 0.025.

Run with NEURON installed:  python3 references/nseg_pointers.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "nseg_pointers")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
dend = h.Section(name="dend")
dend.L, dend.diam = 200, 1
dend.connect(soma(1))
for s in (soma, dend):
    s.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 8, 0.5

t = h.Vector().record(h._ref_t)
recs = {
    "a dend(0.3).v": h.Vector().record(dend(0.3)._ref_v),
    "b dend(0.3).hh.m": h.Vector().record(dend(0.3).hh._ref_m),
    "c dend(0.9).v": h.Vector().record(dend(0.9)._ref_v),
}
dend.nseg = 4
recs["d dend(0.3).v"] = h.Vector().record(dend(0.3)._ref_v)
h.dt = 0.025
h.finitialize(-65)
h.continuerun(5)
dend.nseg = 3
h.continuerun(10)

case.write({
    "case": case.name,
    "description": (
        "soma 20x20 um hh, dend 200x1 um hh nseg 1 at soma(1), IClamp 0.5 nA 1-9 ms. Records a "
        "dend(0.3)._ref_v, b dend(0.3).hh._ref_m, c dend(0.9)._ref_v at nseg 1; nseg = 4; d "
        "dend(0.3)._ref_v; finitialize(-65), continuerun(5), nseg = 3, continuerun(10); dt=0.025."),
    **settings(10.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in recs.items()},
    "spikes": {},
})
