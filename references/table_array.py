"""Reference case `table_array`: a TABLE over arrays (an ASSIGNED array and a file LOCAL array).

A single-compartment soma (L = diam = 20 um) with the built-in hh (gkbar_hh = 0) and `karr`
(packages/mechanisms/test/fixtures/mod/karr.mod: ik = gbar a^3 b (v - ek); PROCEDURE rates fills
inf[2], tau[2] and the file LOCAL fac[2], with TABLE inf, fac DEPEND dt FROM -100 TO 60 WITH
320; `SOLVE states` of a PROCEDURE). IClamp 0.3 nA from 2 to 12 ms, v_init = -65 mV,
dt = 0.025, tstop = 20 ms; run with usetable_karr = 1 and 0.

Run with NEURON installed:  python3 references/table_array.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile

import neuron
from neuron import h
from neuron.units import ms, mV

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "table_array"
# Kept in references/table_array.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/table_array/ (reference.json, plus a copy of this script
# as model.py). Running the copy (model.py) rewrites reference.json beside itself.
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "mechanisms", "test", "fixtures", CASE)
MODDIR = os.path.normpath(os.path.join(OUT, "..", "mod"))  # the test .mod files: packages/mechanisms/test/fixtures/mod

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


def load_test_mechanisms(*names, extra=()):
    """Compile MODDIR/<names> with nrnivmodl in a temporary folder and load the library
    (`extra`: other files copied beside them, e.g. INCLUDEd ones).

    Debian's nrnivmodl looks for nrnmech_makefile in the wrong place; a patched copy of
    the script is used when that is the case."""
    work = tempfile.mkdtemp(prefix="neurite_mod_")
    for n in (*names, *extra):
        shutil.copy(os.path.join(MODDIR, n), work)
    exe = shutil.which("nrnivmodl")
    text = open(exe).read()
    bad = '"${bindir}/nrnmech_makefile" "ROOT=${prefix}"'
    cmd = [exe]
    if bad in text and not os.path.exists(os.path.join(os.path.dirname(exe), "nrnmech_makefile")):
        fixed = os.path.join(work, "nrnivmodl_fixed.sh")
        with open(fixed, "w") as f:
            f.write(text.replace(bad, '"/usr/lib/nrn/nrnmech_makefile" "ROOT=${prefix}" '
                                      '"libdir=/usr/lib/nrn"'))
        cmd = ["bash", fixed]
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    if not os.path.exists(os.path.join(work, "x86_64", ".libs", "libnrnmech.so")):
        sys.exit("nrnivmodl failed:\n" + r.stdout + r.stderr)
    neuron.load_mechanisms(work)
    shutil.rmtree(work, ignore_errors=True)  # the loaded library stays mapped


def settings(tstop, v_init):
    return {"neuron_version": neuron.__version__, "dt": h.dt, "tstop": tstop, "v_init": v_init,
            "celsius": h.celsius, "secondorder": int(h.secondorder)}


# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
load_test_mechanisms("karr.mod")

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

write_reference({
    "case": CASE,
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
