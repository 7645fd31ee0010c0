"""Reference case `calcium`: calcium currents with intracellular calcium accumulation.

Two independent somas (L = diam = 20 um), each with the built-in hh and `cad`
(mod/cad.mod: USEION ca READ ica WRITE cai, cai' = -ica*10000/(2*F*depth) -
(cai - cainf)/taur, depth 0.1 um, taur 200 ms, cainf 1e-4 mM):
  somaA also has `cahv` (mod/cahv.mod: HVA m^2 h, ica = g*(v - eca), READ eca),
  somaB also has `catg` (mod/cat_ghk.mod: T-type m^2 h, GHK flux, READ cai, cao).
IClamp 0.3 nA from 2 to 22 ms on both; v_init = -65, dt = 0.025, tstop = 25 ms.
Recorded: v, cai, eca, ica and the Ca channel gates of both.

Run with NEURON installed:  python3 references/calcium.py  (or python3 model.py in the
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
CASE = "calcium"
# Kept in references/calcium.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/calcium/ (reference.json, plus a copy of this script
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


def load_test_mechanisms(*names):
    """Compile MODDIR/<names> with nrnivmodl in a temporary folder and load the library.

    Debian's nrnivmodl looks for nrnmech_makefile in the wrong place; a patched copy of
    the script is used when that is the case."""
    work = tempfile.mkdtemp(prefix="neurite_mod_")
    for n in names:
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
load_test_mechanisms("cad.mod", "cahv.mod", "cat_ghk.mod")

somaA = h.Section(name="somaA")
somaB = h.Section(name="somaB")
stims = []
for s, chan in ((somaA, "cahv"), (somaB, "catg")):
    s.L = 20
    s.diam = 20
    s.insert("hh")
    s.insert(chan)
    s.insert("cad")
    stim = h.IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 2, 20, 0.3
    stims.append(stim)
somaB(0.5).catg.pbar = 2e-4

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {}
for s, chan in ((somaA, "cahv"), (somaB, "catg")):
    seg = s(0.5)
    n = s.name() + "(0.5)"
    mech = getattr(seg, chan)
    rec.update({
        f"{n}.v": seg._ref_v,
        f"{n}.cai": seg._ref_cai,
        f"{n}.eca": seg._ref_eca,
        f"{n}.ica": seg._ref_ica,
        f"{n}.{chan}.m": mech._ref_m,
        f"{n}.{chan}.h": mech._ref_h,
    })
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
psection_before = {s.name(): psection(s) for s in (somaA, somaB)}

h.finitialize(-65 * mV)
psection_init = {s.name(): psection(s) for s in (somaA, somaB)}
h.continuerun(25 * ms)

write_reference({
    "case": CASE,
    "description": (
        "Two unconnected sections 'somaA' and 'somaB', each L=20 um, diam=20 um, nseg=1, cm=1, "
        "with the built-in 'hh' at defaults and 'cad' (test mechanism mod/cad.mod: USEION ca "
        "READ ica WRITE cai; cai' = -ica*10000/(2*FARADAY*depth) - (cai-cainf)/taur, depth=0.1 "
        "um, taur=200 ms, cainf=1e-4 mM, cai=cainf at INITIAL, cnexp). somaA adds 'cahv' "
        "(mod/cahv.mod: USEION ca READ eca WRITE ica; gbar*m^2*h*(v-eca), gbar=0.002 S/cm2, "
        "Reuveni 1993 rates). somaB adds 'catg' (mod/cat_ghk.mod: USEION ca READ cai, cao "
        "WRITE ica; pbar*m^2*h*ghk(v,cai,cao), pbar=2e-4 cm/s). cao=2 mM (NEURON default). "
        "Since cai is written by cad, NEURON recomputes eca by Nernst from cai, cao and celsius "
        "at every step (the 'eca' traces). IClamp at each soma(0.5): delay=2, dur=20, amp=0.3 nA. "
        "Fixed step implicit Euler, dt=0.025, celsius=6.3, finitialize(-65), continuerun(25): "
        "1001 samples. 'psection_before' is before finitialize, 'psection_init' just after it, "
        "'psection' after the run (see their 'ions' entries)."),
    **settings(25.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection_before": psection_before,
    "psection_init": psection_init,
    "psection": {s.name(): psection(s) for s in (somaA, somaB)},
})
