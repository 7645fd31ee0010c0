"""Reference case `before_after`: NMODL's BEFORE and AFTER blocks.

A single-compartment soma (L = diam = 20 um) with the built-in hh and two test mechanisms
(packages/mechanisms/test/fixtures/mod): `baorder` (each of BEFORE INITIAL, INITIAL, AFTER
INITIAL, BEFORE BREAKPOINT, AFTER SOLVE and BEFORE STEP counts itself on a GLOBAL counter and
keeps the t and v it saw) and `bastim` (a sinusoidal current set in BEFORE BREAKPOINT, its total
from the segment's `area`, the peak v tracked in AFTER SOLVE). IClamp 0.3 nA from 5 to 6 ms,
v_init = -65 mV, dt = 0.025, tstop = 20 ms.

Run with NEURON installed:  python3 references/before_after.py  (or python3 model.py in the
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

case = Case(__file__, "before_after")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("baorder.mod", "bastim.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
for m in ("hh", "baorder", "bastim"):
    soma.insert(m)

iclamp = h.IClamp(soma(0.5))
iclamp.delay = 5
iclamp.dur = 1
iclamp.amp = 0.3

h.dt = 0.025
seg = soma(0.5)
t = h.Vector().record(h._ref_t)
rec = {"soma(0.5).v": seg._ref_v}
for n in ("obi", "oi", "oai", "obb", "oas", "obs", "tbb", "tas", "tbs", "vbb", "vas", "vbs", "nbb"):
    rec[f"soma(0.5).baorder.{n}"] = getattr(seg.baorder, "_ref_" + n)
for n in ("ival", "itot", "vmax", "tmax", "i"):
    rec[f"soma(0.5).bastim.{n}"] = getattr(seg.bastim, "_ref_" + n)
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

h.finitialize(-65 * mV)
h.continuerun(20 * ms)
traces = {k: list(v) for k, v in vecs.items()}

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh' and the "
        "test mechanisms 'baorder' (mod/baorder.mod: each BEFORE/AFTER block and INITIAL adds 1 to "
        "a GLOBAL counter c and keeps it, with the t and v it saw; BEFORE INITIAL sets c = 0) and "
        "'bastim' (mod/bastim.mod: BEFORE BREAKPOINT sets ival = -amp*sin(2*PI*freq*t), amp=0.05 "
        "mA/cm2, freq=0.2 /ms, and itot = ival*area*1e-2 nA; BREAKPOINT i = ival; AFTER SOLVE keeps "
        "the largest v, vmax, and its time, tmax). IClamp at soma(0.5): delay=5, dur=1, amp=0.3 nA. "
        "Fixed step implicit Euler, dt=0.025, finitialize(-65), continuerun(20): 801 samples."),
    **settings(20.0, -65.0),
    "t": list(t),
    "traces": traces,
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
