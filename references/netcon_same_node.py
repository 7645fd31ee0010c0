"""Reference case `netcon_same_node`: NetCons that watch v at one node share NEURON's PreSyn.

NEURON finds a NetCon's spike detector (PreSyn) by the address of the variable it watches when
the NetCon is made: soma(0.3)._ref_v and soma(0.6)._ref_v with nseg 1 are one node, and so are
soma(1)._ref_v and dend(0)._ref_v (the soma's far end, where the dendrite attaches). Such NetCons
share the threshold (the last one set) and the spike record (the last nc.record). A soma (L =
diam = 20 um, hh, nseg 1) with a dendrite (L 200, diam 1, nseg 5, hh) at soma(1); IClamp 0.3 nA
from 1 to 19 ms at the soma. NetCons, each to an ExpSyn of its own at dend(0.9): a soma(0.3),
threshold 10; b soma(0.6), threshold -20 (one PreSyn with a: both -20); c soma(1), threshold 30;
e dend(0), threshold 0 (one PreSyn with c: both 0); d dend(0.5), threshold -20, a PreSyn of its
own. Spike records of each (only the last record of a PreSyn is kept: a and c record nothing),
the synapses' currents, v at the dendrite's end. dt = 0.025, 20 ms.

Run with NEURON installed:  python3 references/netcon_same_node.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "netcon_same_node")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 200, 1, 5
dend.connect(soma(1))
for s in (soma, dend):
    s.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 18, 0.3

syns = [h.ExpSyn(dend(0.9)) for _ in range(5)]
ncs = []
for src, syn, th, w, d in ((soma(0.3), syns[0], 10, 0.01, 1), (soma(0.6), syns[1], -20, 0.02, 2),
                           (soma(1), syns[2], 30, 0.03, 3), (dend(0), syns[3], 0, 0.01, 1.5),
                           (dend(0.5), syns[4], -20, 0.01, 1)):
    nc = h.NetCon(src._ref_v, syn, sec=src.sec)
    nc.threshold, nc.weight[0], nc.delay = th, w, d
    ncs.append(nc)
recs = [h.Vector() for _ in ncs]
for nc, r in zip(ncs, recs):
    nc.record(r)

t = h.Vector().record(h._ref_t)
traces = {f"ExpSyn[{k}].i": h.Vector().record(s._ref_i) for k, s in enumerate(syns)}
traces["dend(0.9).v"] = h.Vector().record(dend(0.9)._ref_v)
h.dt = 0.025
h.finitialize(-65)
h.continuerun(20)

case.write({
    "case": case.name,
    "description": (
        "soma 20x20 um (hh, nseg 1), dend 200x1 um (hh, nseg 5) at soma(1); IClamp 0.3 nA 1-19 ms "
        "at soma(0.5). NetCons a soma(0.3) th 10 w 0.01 d 1, b soma(0.6) th -20 w 0.02 d 2 (a, b: "
        "one node), c soma(1) th 30 w 0.03 d 3, e dend(0) th 0 w 0.01 d 1.5 (c, e: one node), d "
        "dend(0.5) th -20 w 0.01 d 1, each to its own ExpSyn at dend(0.9), made in the order a, "
        "b, c, e, d; each records into its own vector. thresholds [a, b, c, e, d] after, spike "
        "records, synaptic currents, dend(0.9).v. dt=0.025, 20 ms."),
    **settings(20.0, -65.0),
    "thresholds": [nc.threshold for nc in ncs],
    "t": list(t),
    "traces": {k: list(v) for k, v in traces.items()},
    "spikes": {name: list(r) for name, r in zip("abced", recs)},
})
