"""Reference case `normrand_clamp`: normrand from NEURON's legacy generator.

A single-compartment soma (L = diam = 20 um) with the built-in hh and a `NoisyClamp`
(packages/mechanisms/test/fixtures/mod/noisyclamp.mod: an electrode current mean + std * N(0, 1)
drawn with normrand before every BREAKPOINT, the generator seeded with set_seed(7) in INITIAL;
mean = 0.1, std = 0.2 nA). v_init = -65 mV, dt = 0.025, tstop = 20 ms, run twice (the seed
restarts the same draws).

Run with NEURON installed:  python3 references/normrand_clamp.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, psection, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "normrand_clamp")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("noisyclamp.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("hh")
clamp = h.NoisyClamp(soma(0.5))

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {"soma(0.5).v": soma(0.5)._ref_v, "clamp.noise": clamp._ref_noise, "clamp.i": clamp._ref_i}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

traces, t_ref = {}, None
for label in ("[run 1]", "[run 2]"):
    h.finitialize(-65 * mV)
    h.continuerun(20 * ms)
    if t_ref is None:
        t_ref = list(t)
    for k, v in vecs.items():
        traces[f"{k} {label}"] = list(v)

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh' and a "
        "NoisyClamp at soma(0.5) (test mechanism mod/noisyclamp.mod: ELECTRODE_CURRENT i = noise, "
        "noise = normrand(mean, std) in BEFORE BREAKPOINT, mean=0.1 nA, std=0.2 nA; INITIAL calls "
        "set_seed(7)). Fixed step implicit Euler, dt=0.025, finitialize(-65), continuerun(20): 801 "
        "samples; run twice, labels '[run 1]' and '[run 2]' (identical: the seed restarts the draws)."),
    **settings(20.0, -65.0),
    "t": t_ref,
    "traces": traces,
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
