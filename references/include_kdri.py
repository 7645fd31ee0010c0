"""Reference case `include_kdri`: hh's sodium and leak with a delayed rectifier from INCLUDEd files.

A single-compartment soma (L = diam = 20 um) with the built-in hh (gkbar_hh = 0) and `kdri`
(packages/mechanisms/test/fixtures/mod/kdri.mod: ik = gbar n^4 (v - ek), gbar = 0.03 S/cm2,
cnexp), whose PROCEDURE rates is in kdri_rates.inc, which INCLUDEs vtrap.inc: NEURON's
translator reads both files where their INCLUDE stands.
IClamp 0.3 nA from 2 to 12 ms, v_init = -65 mV, dt = 0.025, tstop = 20 ms.
Two runs of the same model, labelled by suffix: [celsius=6.3] and [celsius=16].

Run with NEURON installed:  python3 references/include_kdri.py  (or python3 model.py in the
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

case = Case(__file__, "include_kdri")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("kdri.mod", extra=("kdri_rates.inc", "vtrap.inc"))

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("hh")
soma.insert("kdri")
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
    "soma(0.5).kdri.n": seg.kdri._ref_n,
    "soma(0.5).kdri.g": seg.kdri._ref_g,
    "soma(0.5).ik": seg._ref_ik,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

traces, spikes, t_ref = {}, {}, None
for label, celsius in (("[celsius=6.3]", 6.3), ("[celsius=16]", 16.0)):
    h.celsius = celsius
    h.finitialize(-65 * mV)
    h.continuerun(20 * ms)
    if t_ref is None:
        t_ref = list(t)
    assert list(t) == t_ref
    for k, v in vecs.items():
        traces[f"{k} {label}"] = list(v)
psection_after = psection(soma)
h.celsius = 6.3

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh' (gkbar_hh=0: "
        "its sodium and leak only) and 'kdri' (test mechanism mod/kdri.mod: ik=gbar*n^4*(v-ek), "
        "gbar=0.03 S/cm2, Hodgkin-Huxley's alpha_n and beta_n with q10=3 from 6.3 degC, cnexp; its "
        "PROCEDURE rates is in kdri_rates.inc, which INCLUDEs vtrap.inc). ek=-77 mV. IClamp at "
        "soma(0.5): delay=2, dur=10, amp=0.3 nA. Fixed step implicit Euler, dt=0.025, "
        "finitialize(-65), continuerun(20): 801 samples per run. Two runs, trace labels end in "
        "the run's celsius: '[celsius=6.3]', '[celsius=16]'. The top-level 'celsius' is that of "
        "the first run; 'psection' is taken after the last run."),
    **settings(20.0, -65.0),
    "celsius": 6.3,
    "t": t_ref,
    "traces": traces,
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection_after,
})
