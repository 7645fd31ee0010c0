"""Reference case `event_boundaries`: NetCon events at the end of a step, and spike records of a
point-process source.

NEURON ends each fixed step by delivering the events due by the new t (after the recordings'
samples), and starts the next by delivering those due by t + dt/2. So an event due a quarter
step before a continuerun's stop time is delivered before the run returns: a change the script
makes then (a weight) does not reach it. A NetCon from a point process records its spikes through
the source's one PreSyn: of two NetCons from the same IntFire1 that each record, only the last
one's vector gets the spikes.

A soma (L = diam = 20 um, pas g = 1e-4) with an ExpSyn (tau 3 ms); a NetStim (start 2, interval
2, number 6) -> ExpSyn, weight 0.002 uS, delay 1.99375 ms (arrivals at 3.99375, 5.99375, ...,
a quarter step before whole ms); an IntFire1 (tau 5) driven by the NetStim (weight 0.6), with
two NetCons from it (to nothing, recording into a and b; b made last). dt = 0.025:
continuerun(10) (g and the queue as the run leaves them), then weight = 0.006 uS,
continuerun(20).

Run with NEURON installed:  python3 references/event_boundaries.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "event_boundaries")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("pas")
soma(0.5).pas.g = 1e-4
syn = h.ExpSyn(soma(0.5))
syn.tau = 3
ns = h.NetStim()
ns.start, ns.interval, ns.number, ns.noise = 2, 2, 6, 0
nc = h.NetCon(ns, syn)
nc.weight[0], nc.delay = 0.002, 1.99375
cell = h.IntFire1()
cell.tau = 5
drive = h.NetCon(ns, cell)
drive.weight[0], drive.delay = 0.6, 0.5
a = h.Vector()
b = h.Vector()
nca = h.NetCon(cell, None)
nca.record(a)
ncb = h.NetCon(cell, None)
ncb.record(b)

t = h.Vector().record(h._ref_t)
traces = {"soma(0.5).v": h.Vector().record(soma(0.5)._ref_v), "ExpSyn[0].g": h.Vector().record(syn._ref_g)}
h.dt = 0.025
h.finitialize(-65)
h.continuerun(10)
g_at_pause = syn.g
nc.weight[0] = 0.006
h.continuerun(20)

case.write({
    "case": case.name,
    "description": (
        "soma 20x20 um pas g=1e-4; ExpSyn tau 3 <- NetStim (start 2, interval 2, number 6) weight "
        "0.002, delay 1.99375; IntFire1 tau 5 <- NetStim weight 0.6 delay 0.5, NetCons a then b "
        "from it recording spikes. dt=0.025, finitialize(-65), continuerun(10), syn.g read, weight "
        "= 0.006, continuerun(20)."),
    **settings(20.0, -65.0),
    "g_at_pause": g_at_pause,
    "t": list(t),
    "traces": {k: list(v) for k, v in traces.items()},
    "spikes": {"a": list(a), "b": list(b)},
})
