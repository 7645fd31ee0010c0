"""Reference case `table_function_solve`: a FUNCTION that SOLVEs a DERIVATIVE block calling a
TABLE procedure with a side effect.

A single-compartment soma (L = diam = 20 um) with `tfsolve`
(packages/mechanisms/test/fixtures/mod/tfsolve.mod: BREAKPOINT SOLVEs `states` and sets
x = level() + z, where the FUNCTION level() SOLVEs `states` again; `states` calls the tabled
PROCEDURE sample(v), whose body counts its runs in the RANGE variable z). usetable_tfsolve = 0,
v_init = -65 mV, dt = 0.025, tstop = 1 ms.

Run with NEURON installed:  python3 references/table_function_solve.py  (or python3 model.py in
the fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, psection, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "table_function_solve")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("tfsolve.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("tfsolve")

h.dt = 0.025
h.usetable_tfsolve = 0
seg = soma(0.5)
t = h.Vector().record(h._ref_t)
rec = {
    "soma(0.5).v": seg._ref_v,
    "soma(0.5).tfsolve.x": seg.tfsolve._ref_x,
    "soma(0.5).tfsolve.z": seg.tfsolve._ref_z,
    "soma(0.5).tfsolve.m": seg.tfsolve._ref_m,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
h.finitialize(-65 * mV)
h.continuerun(1 * ms)

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with 'tfsolve' (test mechanism "
        "mod/tfsolve.mod: BREAKPOINT { SOLVE states METHOD euler; x = level() + z }, FUNCTION "
        "level() { SOLVE states METHOD euler; level = 1 }, DERIVATIVE states { sample(v); "
        "m' = (minf - m)/1 }, PROCEDURE sample(vv) { TABLE minf FROM -100 TO 100 WITH 200; "
        "minf = (vv + 100)/200; z = z + 1 }). usetable_tfsolve=0. Fixed step implicit Euler, "
        "dt=0.025, finitialize(-65), continuerun(1): 41 samples."),
    **settings(1.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
