"""Reference case `for_netcons`: FOR_NETCONS in NET_RECEIVE (test mechanism
packages/mechanisms/test/fixtures/mod/stdpsyn.mod), each NetCon's weight vector changed in turn.

A soma (L = diam = 20 um) with hh and one stdpsyn at 0.5 (tau 2 ms, dA 0.5, tau_plus 10 ms). Three
NetStims drive it through NetCons of weights 0.002, 0.003, 0.004 uS (start 1, 4, 6 ms; interval
10, 12, 15 ms; 5 events each; delay 1 ms); a fourth NetCon watches the soma's v (threshold 0 mV,
delay 0.5 ms, weight -1) and tells the synapse of each postsynaptic spike, which potentiates every
NetCon onto it. v, g, and each NetCon's weight vector at the end; dt = 0.025, 60 ms.

Run with NEURON installed:  python3 references/for_netcons.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "for_netcons")
h.load_file("stdrun.hoc")
case.load_mechanisms("stdpsyn.mod")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
syn = h.stdpsyn(soma(0.5))
stims, ncs = [], []
for w, start, interval in ((0.002, 1, 10), (0.003, 4, 12), (0.004, 6, 15)):
    ns = h.NetStim()
    ns.start, ns.interval, ns.number, ns.noise = start, interval, 5, 0
    nc = h.NetCon(ns, syn)
    nc.weight[0] = w
    nc.delay = 1
    stims.append(ns)
    ncs.append(nc)
post = h.NetCon(soma(0.5)._ref_v, syn, sec=soma)
post.threshold = 0
post.delay = 0.5
post.weight[0] = -1
ncs.append(post)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = {"soma(0.5).v": h.Vector().record(soma(0.5)._ref_v), "syn.g": h.Vector().record(syn._ref_g)}
h.finitialize(-65)
h.continuerun(60)

case.write({
    "case": case.name,
    "description": (
        "soma L=diam=20 um, hh; stdpsyn (mod/stdpsyn.mod) at 0.5 driven by three NetStims (NetCon "
        "weights 0.002, 0.003, 0.004 uS, delay 1 ms) and told of each postsynaptic spike by a "
        "NetCon on soma v (threshold 0, delay 0.5, weight -1), which potentiates every NetCon onto "
        "it with FOR_NETCONS. dt=0.025, finitialize(-65), continuerun(60)."),
    **settings(60.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "weights": [list(nc.weight) for nc in ncs],
    "npost": syn.npost,
})
