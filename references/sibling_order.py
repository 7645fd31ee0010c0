"""Reference case `sibling_order`: the order of a section's children, which orders the nodes and
so the instances of a mechanism (here: who gets which random number).

A soma (L = diam = 20 um, hh) with five dendrites (pas, L = 50 um, diam = 1 um, nseg = 3)
connected, in this order, at soma(1), soma(0), soma(0.5), soma(0.5) and soma(1), and a sixth
attached by its 1 end at soma(0.3); a NoisyClamp
(packages/mechanisms/test/fixtures/mod/noisyclamp.mod: mean + std * normrand, drawn before every
BREAKPOINT from one generator that every clamp's INITIAL seeds with set_seed(7)) at each
dendrite's 0.5, made in the same order. NEURON keeps a section's children sorted by where they
attach (the last connected first among those at one place) and numbers the nodes from that list,
so each step's draws go to the clamps in that order. v_init = -65 mV, dt = 0.025, tstop = 10 ms.

Run with NEURON installed:  python3 references/sibling_order.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "sibling_order")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("noisyclamp.mod")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
ATTACH = [("d1", 1, 0), ("d2", 0, 0), ("d3", 0.5, 0), ("d4", 0.5, 0), ("d5", 1, 0), ("d6", 0.3, 1)]
dends, clamps = {}, {}
for name, x, end in ATTACH:
    d = h.Section(name=name)
    d.L, d.diam, d.nseg = 50, 1, 3
    d.insert("pas")
    d.connect(soma(x), end)
    dends[name] = d
for name, d in dends.items():
    c = h.NoisyClamp(d(0.5))
    c.mean, c.std = 0.02, 0.05
    clamps[name] = c

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {"soma(0.5).v": soma(0.5)._ref_v}
for name, d in dends.items():
    rec[f"{name}(0.5).v"] = d(0.5)._ref_v
    rec[f"{name}_clamp.noise"] = clamps[name]._ref_noise
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
h.finitialize(-65 * mV)
h.continuerun(10 * ms)

case.write({
    "case": case.name,
    "description": (
        "'soma' (L = diam = 20 um, nseg 1, hh) with d1..d6 (pas, L 50 um, diam 1 um, nseg 3) "
        "connected in that order at soma(1), soma(0), soma(0.5), soma(0.5), soma(1), and d6 by its "
        "1 end at soma(0.3); a NoisyClamp (mod/noisyclamp.mod, mean 0.02 nA, std 0.05 nA, "
        "normrand before every BREAKPOINT, set_seed(7) in INITIAL) at each dendrite's 0.5, made "
        "in the order d1..d6. Fixed step, dt = 0.025, finitialize(-65), continuerun(10): 401 "
        "samples. Also soma.children() and subtree() in NEURON's order."),
    **settings(10.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "children": [s.name() for s in soma.children()],
    "subtree": [s.name() for s in soma.subtree()],
    "topology": capture_stdout(h.topology),
})
