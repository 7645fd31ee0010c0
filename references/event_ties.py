"""Reference case `event_ties`: events at one time, in NEURON's queue order.

NEURON's event queue keeps its earliest event apart; a later-queued event that is earlier takes
its place and the displaced one re-enters the queue after the events of its time already there,
so events at one time are not always delivered in the order they were queued. Recordings every
Dt are events of the same queue. For each case, an ExpSyn driven by a NetStim (start, interval
2.5 ms, 3 events) through a NetCon (delay), g recorded every 0.25 ms: at the sample at start +
delay, g shows whether the NetCon's event came before the sample. dt 0.025, 0.05, 0.1; 4 ms each.

Run with NEURON installed:  python3 references/event_ties.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "event_ties")
h.load_file("stdrun.hoc")

cases = []
for dt in (0.025, 0.05, 0.1):
    for start, delay in ((1, 0.5), (2, 0.25), (2, 0.5), (1, 0.25), (1.5, 0.5), (2, 0), (1.25, 0.75)):
        soma = h.Section(name="soma")
        soma.insert("pas")
        syn = h.ExpSyn(soma(0.5))
        ns = h.NetStim()
        ns.start, ns.interval, ns.number, ns.noise = start, 2.5, 3, 0
        nc = h.NetCon(ns, syn)
        nc.weight[0], nc.delay = 0.01, delay
        g = h.Vector().record(syn._ref_g, 0.25)
        h.dt = dt
        h.finitialize(-65)
        h.continuerun(4)
        cases.append({"dt": dt, "start": start, "delay": delay, "g": list(g)})
        del g, nc, ns, syn, soma

case.write({
    "case": case.name,
    "description": "ExpSyn <- NetStim (start, interval 2.5, number 3) through a NetCon (delay, weight 0.01); g recorded every 0.25 ms; 4 ms at dt 0.025, 0.05, 0.1.",
    **settings(4.0, -65.0),
    "cases": cases,
    "t": [],
    "traces": {},
    "spikes": {},
})
