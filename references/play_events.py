"""Reference case `play_events`: Vector.play and record(ref, Dt) as events on NEURON's queue.

A step play's values and a recording's samples every Dt are events, delivered at a step's start
(due by t + dt/2) and end (due by t), in time order; of two at one time, the one sent earlier
first (each is sent when the one before it is delivered). A play every Dt sends each event at the
last one's time plus Dt (the times are sums, 10 * 1.3 is not 1.3 + ... + 1.3). A continuous play
also has events at its times, which set the value then; it sets nothing at finitialize unless its
first time is 0 or before. A soma (L = diam = 20 um, hh, pas) with a dendrite (L 100, diam 2,
nseg 3, pas) at soma(1). Runs, 15 ms each, each its own finitialize, the traces marked [run n]:
1: a step play every 1.3 ms into dend(0.5).v, recordings every 0.25 ms (dt 0.025, secondorder 2);
2: a continuous play into dend(0.5).v at given times, recordings every 0.25 ms;
3: a step play every 1.3 ms into dend(0.5).pas.g, recordings every 0.25 ms;
4: a continuous play into dend(0.5).pas.e whose first time is 4.636 ms, recordings every step
(dt 0.05).

Run with NEURON installed:  python3 references/play_events.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "play_events")
h.load_file("stdrun.hoc")

RUNS = [
    {"target": "v", "cont": 0, "vals": [-65.28, -67.404, -59.362, -46.97, -49.79, -50.636], "dt_play": 1.3, "times": None, "recdt": 0.25, "dt": 0.025, "so": 2},
    {"target": "v", "cont": 1, "vals": [-50.376, -63.022, -67.756, -65.236, -60.076, -48.158, -59.862, -66.552, -63.016, -51.452, -59.204, -64.63],
     "dt_play": None, "times": [0.08, 1.079, 1.984, 2.488, 5.842, 6.673, 9.269, 11.429, 11.604, 13.012, 14.402, 14.585], "recdt": 0.25, "dt": 0.025, "so": 2},
    {"target": "g", "cont": 0, "vals": [5.822e-4, 8.69e-4, 8.906e-4, 2.38e-5, 5.821e-4, 5.405e-4, 4.041e-4, 9.594e-4, 4.339e-4, 3.343e-4, 9.323e-4, 5.627e-4],
     "dt_play": 1.3, "times": None, "recdt": 0.25, "dt": 0.025, "so": 2},
    {"target": "e", "cont": 1, "vals": [-67.147, -51.073, -70.42, -63.367, -68.779], "dt_play": None,
     "times": [4.636, 6.15, 7.366, 12.421, 14.616], "recdt": None, "dt": 0.05, "so": 2},
]

traces = {}
times = None
for k, run in enumerate(RUNS, 1):
    for sec in list(h.allsec()):
        h.delete_section(sec=sec)
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert("hh")
    soma.insert("pas")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg = 100, 2, 3
    dend.insert("pas")
    dend.connect(soma(1))
    seg = dend(0.5)
    ref = {"v": seg._ref_v, "g": seg.pas._ref_g, "e": seg.pas._ref_e}[run["target"]]
    pv = h.Vector(run["vals"])
    if run["times"] is None:
        pv.play(ref, run["dt_play"])
    else:
        tv = h.Vector(run["times"])
        pv.play(ref, tv, run["cont"])
    recs = {"soma(0.5).v": soma(0.5)._ref_v, "dend(0.9).v": dend(0.9)._ref_v, "played": ref}
    vecs = {name: (h.Vector().record(r, run["recdt"]) if run["recdt"] else h.Vector().record(r)) for name, r in recs.items()}
    h.dt = run["dt"]
    h.secondorder = run["so"]
    h.finitialize(-65)
    h.continuerun(15)
    for name, v in vecs.items():
        traces[f"{name} [run {k}]"] = list(v)
    del pv, vecs
h.secondorder = 0

case.write({
    "case": case.name,
    "description": "soma (hh, pas) and dend (pas, nseg 3); four runs of Vector.play into dend(0.5) (v, pas.g, pas.e; step every Dt or continuous at times) with recordings every Dt or every step; see the script.",
    **settings(15.0, -65.0),
    "runs": RUNS,
    "t": [],
    "traces": traces,
    "spikes": {},
})
