"""Reference case `netstim_hocrandom`: NetStim noise from a hoc Random (`noiseFromRandom(r)`).

Two NetStims of NEURON 8.2.2 (built in): ns0 interval 10 ms, number 30, start 5 ms, noise 0.5;
ns1 interval 5 ms, number 50, start 0, noise 1. Each draws from its own Random (Random123 ids
(1, 2, 3) and (1, 2, 4), negexp(1)) given by noiseFromRandom(r). No cells: the event times of
each NetStim (NetCon.record), 200 ms at dt = 0.025, twice in a row (finitialize does not restart
a hoc Random: the second run continues its stream).

Run with NEURON installed:  python3 references/netstim_hocrandom.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "netstim_hocrandom")
h.load_file("stdrun.hoc")

stims, randoms, records = [], [], []
for ids, interval, number, start, noise in (((1, 2, 3), 10, 30, 5, 0.5), ((1, 2, 4), 5, 50, 0, 1.0)):
    ns = h.NetStim()
    ns.interval, ns.number, ns.start, ns.noise = interval, number, start, noise
    r = h.Random()
    r.Random123(*ids)
    r.negexp(1)
    ns.noiseFromRandom(r)
    nc = h.NetCon(ns, None)
    times = h.Vector()
    nc.record(times)
    stims.append(ns)
    randoms.append(r)
    records.append((nc, times))

h.dt = 0.025
spikes = {}
for run in (0, 1):
    h.finitialize(-65)
    h.continuerun(200)
    for k, (_, times) in enumerate(records):
        spikes["ns%d run %d" % (k, run)] = list(times)

case.write({
    "case": case.name,
    "description": (
        "Two built-in NetStims, ns0 (interval 10 ms, number 30, start 5 ms, noise 0.5) and ns1 "
        "(interval 5 ms, number 50, start 0, noise 1), each with noiseFromRandom(r), r a Random "
        "with Random123 ids (1,2,3) and (1,2,4) in negexp(1). Event times (NetCon.record) of two "
        "runs of 200 ms in a row, dt=0.025: finitialize does not restart the Randoms."),
    **settings(200.0, -65.0),
    "t": [],
    "traces": {},
    "spikes": spikes,
})
