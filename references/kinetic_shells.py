"""Reference case `kinetic_shells`: a large sparse KINETIC scheme (calcium in 8 shells).

A single-compartment soma (L = diam = 20 um) with the built-in hh, `cahv` (mod/cahv.mod: HVA
m^2 h, ica = g*(v - eca), gbar = 0.002 S/cm2) and `cashell` (mod/cashell.mod: 34 states,
calcium diffusing between 8 shells, a buffer and a store in each, a pump
with CONSERVE in the outer shell, the membrane's ica into the outer shell; SOLVE METHOD sparse).
eca follows cai (NEURON's Nernst update). IClamp 0.4 nA from 2 to 22 ms; v_init = -65 mV,
dt = 0.025, tstop = 30 ms.

Run with NEURON installed:  python3 references/kinetic_shells.py  (or python3 model.py in the
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

case = Case(__file__, "kinetic_shells")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("cahv.mod", "cashell.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("hh")
soma.insert("cahv")
soma.insert("cashell")
for seg in soma:
    seg.cahv.gbar = 0.002

iclamp = h.IClamp(soma(0.5))
iclamp.delay = 2
iclamp.dur = 20
iclamp.amp = 0.4

h.dt = 0.025
seg = soma(0.5)
t = h.Vector().record(h._ref_t)
rec = {
    "soma(0.5).v": seg._ref_v,
    "soma(0.5).cai": seg._ref_cai,
    "soma(0.5).eca": seg._ref_eca,
    "soma(0.5).ica": seg._ref_ica,
    "soma(0.5).cashell.ca[4]": seg.cashell._ref_ca[4],
    "soma(0.5).cashell.ca[7]": seg.cashell._ref_ca[7],
    "soma(0.5).cashell.CaBuffer[0]": seg.cashell._ref_CaBuffer[0],
    "soma(0.5).cashell.Buffer[7]": seg.cashell._ref_Buffer[7],
    "soma(0.5).cashell.pumpca": seg.cashell._ref_pumpca,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

h.finitialize(-65 * mV)
h.continuerun(30 * ms)

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh', 'cahv' "
        "(test mechanism mod/cahv.mod, gbar=0.002 S/cm2) and 'cashell' (test mechanism "
        "mod/cashell.mod: calcium in 8 shells with a buffer, a store and a pump, 34 KINETIC "
        "states, METHOD sparse). IClamp at soma(0.5): delay=2, dur=20, amp=0.4 nA. Fixed step "
        "implicit Euler, dt=0.025, finitialize(-65), continuerun(30): 1201 samples."),
    **settings(30.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
