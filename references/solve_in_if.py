"""Reference case `solve_in_if`: a SOLVE written inside an if of BREAKPOINT (test mechanism
packages/mechanisms/test/fixtures/mod/solveif.mod), which nocmodl treats as the states' advance of
every step whatever the condition.

Two sections a and b (L = diam = 20 um) with hh and solveif; b's solveif has on = 0 (no current,
its state n still advancing). IClamp 0.3 nA on each from 2 to 12 ms. v, n and g of both, dt =
0.025, v_init = -65 mV, tstop = 30 ms.

Run with NEURON installed:  python3 references/solve_in_if.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "solve_in_if")
h.load_file("stdrun.hoc")
case.load_mechanisms("solveif.mod")

secs = {}
for name in ("a", "b"):
    s = h.Section(name=name)
    s.L = s.diam = 20
    s.insert("hh")
    s.insert("solveif")
    stim = h.IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 2, 10, 0.3
    secs[name] = (s, stim)
secs["b"][0](0.5).solveif.on = 0

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {}
for name, (s, _) in secs.items():
    rec["%s(0.5).v" % name] = s(0.5)._ref_v
    rec["%s(0.5).solveif.n" % name] = s(0.5).solveif._ref_n
    rec["%s(0.5).solveif.g" % name] = s(0.5).solveif._ref_g
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
h.finitialize(-65)
h.continuerun(30)

case.write({
    "case": case.name,
    "description": (
        "Sections a and b (L=diam=20 um) with hh and solveif (mod/solveif.mod: i = g (v - e), g = "
        "gmax n, n' = (ninf(v) - n)/tau, its SOLVE inside `if (on > 0)` of BREAKPOINT); b has on=0. "
        "IClamp 0.3 nA on each from 2 to 12 ms. dt=0.025, finitialize(-65), continuerun(30)."),
    **settings(30.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
})
