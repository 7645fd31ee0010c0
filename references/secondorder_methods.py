"""Reference case `secondorder_methods`: secondorder 1 and 2 with states integrated by methods
other than cnexp.

NEURON's code for a BREAKPOINT SOLVE by sparse, derivimplicit or euler halves dt for the solve
when secondorder is set, then adds half a step of the derivative the method leaves (sparse:
(x - x0)/(dt/2); derivimplicit: the derivative at the new states; euler: the same derivative
again); after a STEADYSTATE sparse in INITIAL it adds dt times sparse's (x - x0)/1e9. A soma (L =
diam = 20 um) with k3st (mod/k3st.mod: KINETIC sparse, CONSERVE, STEADYSTATE in INITIAL), hhdi
(mod/hhdi.mod: HH with METHOD derivimplicit) and eulerk (mod/eulerk.mod: METHOD euler); IClamp
0.3 nA from 2 to 17 ms. Three runs of 25 ms at dt = 0.025: secondorder 0, 1, 2.

Run with NEURON installed:  python3 references/secondorder_methods.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "secondorder_methods")
h.load_file("stdrun.hoc")
case.load_mechanisms("k3st.mod", "hhdi.mod", "eulerk.mod")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
for m in ("k3st", "hhdi", "eulerk"):
    soma.insert(m)
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 15, 0.3

seg = soma(0.5)
t = h.Vector().record(h._ref_t)
rec = {
    "soma(0.5).v": seg._ref_v,
    "soma(0.5).k3st.O": seg.k3st._ref_O,
    "soma(0.5).k3st.C1": seg.k3st._ref_C1,
    "soma(0.5).hhdi.m": seg.hhdi._ref_m,
    "soma(0.5).hhdi.n": seg.hhdi._ref_n,
    "soma(0.5).eulerk.w": seg.eulerk._ref_w,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
h.dt = 0.025
traces = {}
for so in (0, 1, 2):
    h.secondorder = so
    h.finitialize(-65)
    h.continuerun(25)
    for k, v in vecs.items():
        traces[f"{k} [secondorder {so}]"] = list(v)
h.secondorder = 0

case.write({
    "case": case.name,
    "description": (
        "soma 20x20 um with k3st (KINETIC sparse, STEADYSTATE sparse in INITIAL), hhdi (HH, "
        "derivimplicit) and eulerk (euler); IClamp 0.3 nA 2-17 ms; dt=0.025, finitialize(-65), "
        "continuerun(25) with secondorder 0, 1 and 2 (traces marked [secondorder n])."),
    **settings(25.0, -65.0),
    "t": list(t),
    "traces": traces,
    "spikes": {},
})
