"""Reference case `table_array`: a TABLE over arrays (an ASSIGNED array and a file LOCAL array).

A single-compartment soma (L = diam = 20 um) with the built-in hh (gkbar_hh = 0) and `karr`
(packages/mechanisms/test/fixtures/mod/karr.mod: ik = gbar a^3 b (v - ek); PROCEDURE rates fills
inf[2], tau[2] and the file LOCAL fac[2], with TABLE inf, fac DEPEND dt FROM -100 TO 60 WITH
320; `SOLVE states` of a PROCEDURE). IClamp 0.3 nA from 2 to 12 ms, v_init = -65 mV,
dt = 0.025, tstop = 20 ms; run with usetable_karr = 1 and 0.

Run with NEURON installed:  python3 references/table_array.py  (or python3 model.py in the
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

case = Case(__file__, "table_array")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("karr.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("hh")
soma.insert("karr")
for seg in soma:
    seg.hh.gkbar = 0

iclamp = h.IClamp(soma(0.5))
iclamp.delay = 2
iclamp.dur = 10
iclamp.amp = 0.3

h.dt = 0.025
seg = soma(0.5)
t = h.Vector().record(h._ref_t)
rec = {
    "soma(0.5).v": seg._ref_v,
    "soma(0.5).karr.a": seg.karr._ref_a,
    "soma(0.5).karr.b": seg.karr._ref_b,
    "soma(0.5).ik": seg._ref_ik,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

traces, t_ref = {}, None
for label, usetable in (("[usetable_karr=1]", 1), ("[usetable_karr=0]", 0)):
    h.usetable_karr = usetable
    h.finitialize(-65 * mV)
    h.continuerun(20 * ms)
    if t_ref is None:
        t_ref = list(t)
    for k, v in vecs.items():
        traces[f"{k} {label}"] = list(v)
h.usetable_karr = 1

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh' (gkbar_hh=0) "
        "and 'karr' (test mechanism mod/karr.mod: ik=gbar*a^3*b*(v-ek), gbar=0.02 S/cm2; PROCEDURE "
        "rates fills the ASSIGNED arrays inf[2], tau[2] and the file LOCAL fac[2]=1-exp(-dt/tau), "
        "TABLE inf, fac DEPEND dt FROM -100 TO 60 WITH 320; SOLVE states of a PROCEDURE). ek=-77 mV. "
        "IClamp at soma(0.5): delay=2, dur=10, amp=0.3 nA. Fixed step implicit Euler, dt=0.025, "
        "finitialize(-65), continuerun(20): 801 samples per run. Two runs, labels end in "
        "'[usetable_karr=1]' and '[usetable_karr=0]'."),
    **settings(20.0, -65.0),
    "t": t_ref,
    "traces": traces,
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
