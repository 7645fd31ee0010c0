"""Reference case `passive_soma_so2`: `passive_soma` with h.secondorder = 2 (Crank-Nicolson).

The original case: one passive compartment charged by a current step.

soma L = diam = 20 um, nseg=1, pas (g_pas=1e-4 S/cm2, e_pas=-65 mV), cm=1,
IClamp 0.1 nA from t=5 to t=25 ms, v_init=-65 mV, dt=0.025 ms, tstop=50 ms.

The same model as `passive_soma`, run with h.secondorder = 2 (second-order
correct in time; NEURON then also updates ion currents by di/dv*dv after the solve).

Run with NEURON installed:  python3 references/passive_soma_so2.py  (or python3 model.py in
the fixture folder) -> writes reference.json.
"""
import ctypes
import json
import os
import shutil
import sys
import tempfile

import neuron
from neuron import h
from neuron.units import ms, mV

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "passive_soma_so2"
# Kept in references/passive_soma_so2.py; running that writes the fixture folder
# packages/core/test/fixtures/passive_soma_so2/ (reference.json, plus a copy of this script as
# model.py). Running the copy (model.py) rewrites reference.json beside itself.
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "core", "test", "fixtures", CASE)

# ---------------------------------------------------------------- helpers ---
_libc = ctypes.CDLL(None)


def capture_stdout(fn, *args):
    """Text printed by NEURON (C-level stdout) while fn(*args) runs."""
    sys.stdout.flush()
    _libc.fflush(None)
    saved = os.dup(1)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 1)
        try:
            fn(*args)
        finally:
            sys.stdout.flush()
            _libc.fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
        tmp.seek(0)
        return tmp.read().decode()


def plain(obj):
    """psection() dict -> JSON-able (sets -> sorted lists of str, hoc objects -> str)."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(str(v) for v in obj)
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    return str(obj)


def psection(sec):
    d = plain(sec.psection())
    d["hoc_internal_name"] = "__nrnsec_<address>"  # a memory address: not reproducible
    return d


def write_reference(ref):
    """reference.json: one top-level key per line, one trace per line, floats as repr."""
    def dump(v, indent=None):
        return json.dumps(v, indent=indent, allow_nan=False)
    lines = ["{"]
    for i, (k, v) in enumerate(ref.items()):
        end = "," if i < len(ref) - 1 else ""
        if k in ("traces", "spikes"):
            lines.append(f" {dump(k)}: {{")
            for j, (kk, vv) in enumerate(v.items()):
                lines.append(f"  {dump(kk)}: {dump(list(vv))}" + ("," if j < len(v) - 1 else ""))
            lines.append(" }" + end)
        elif isinstance(v, dict):
            lines.append(f" {dump(k)}: " + dump(v, 1).replace("\n", "\n ") + end)
        else:
            lines.append(f" {dump(k)}: {dump(v)}{end}")
    lines.append("}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        f.write("\n".join(lines) + "\n")
    if os.path.basename(__file__) != "model.py":
        shutil.copyfile(os.path.abspath(__file__), os.path.join(OUT, "model.py"))


# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("pas")
soma.g_pas = 1e-4
soma.e_pas = -65

iclamp = h.IClamp(soma(0.5))
iclamp.delay = 5
iclamp.dur = 20
iclamp.amp = 0.1

h.dt = 0.025
seg = soma(0.5)
t = h.Vector().record(h._ref_t)
rec = {
    "soma(0.5).v": seg._ref_v,
    "soma(0.5).pas.i": seg.pas._ref_i,
    "soma(0.5).i_cap": seg._ref_i_cap,
    "iclamp.i": iclamp._ref_i,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

h.secondorder = 2  # Crank-Nicolson
h.finitialize(-65 * mV)
h.continuerun(50 * ms)

write_reference({
    "case": CASE,
    "description": (
        "One section 'soma', L=20 um, diam=20 um (area 1256.637 um2), nseg=1, cm=1 uF/cm2, "
        "Ra=35.4 (irrelevant), with 'pas' only: g_pas=1e-4 S/cm2, e_pas=-65 mV (membrane time "
        "constant 10 ms, input resistance 79.58 MOhm). IClamp at soma(0.5): delay=5 ms, dur=20 ms, "
        "amp=0.1 nA. Fixed step with secondorder=2 (Crank-Nicolson), dt=0.025 ms, celsius=6.3, "
        "h.finitialize(-65 mV), h.continuerun(50 ms): 2000 steps, 2001 samples."),
    "neuron_version": neuron.__version__,
    "dt": h.dt,
    "tstop": 50.0,
    "v_init": -65.0,
    "celsius": h.celsius,
    "secondorder": int(h.secondorder),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
