"""Reference case `apcount`: APCount (thresh -20 and 0, record()) next to a NetCon threshold detector on an hh soma.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/apcount.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "apcount"
# Kept in references/apcount.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/apcount/ (reference.json, plus a copy of this script
# as model.py). Running the copy (model.py) rewrites reference.json beside itself.
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "mechanisms", "test", "fixtures", CASE)

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


def settings(tstop, v_init):
    return {"neuron_version": neuron.__version__, "dt": h.dt, "tstop": tstop, "v_init": v_init,
            "celsius": h.celsius, "secondorder": int(h.secondorder)}


def record(rec):
    return {k: h.Vector().record(r) for k, r in rec.items()}


def spike_vector(source, threshold=None, sec=None):
    """A NetCon with no target that records the source's events (threshold crossings or
    net_event times). Returns (netcon, vector): keep the NetCon alive."""
    nc = h.NetCon(source, None, sec=sec) if sec is not None else h.NetCon(source, None)
    if threshold is not None:
        nc.threshold = threshold
    vec = h.Vector()
    nc.record(vec)
    return nc, vec


# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stims = []
for delay in (2, 12, 14, 30):
    st = h.IClamp(soma(0.5))
    st.delay, st.dur, st.amp = delay, 0.5, 0.6
    stims.append(st)

ap = h.APCount(soma(0.5))
ap.thresh = -20
ap_times = h.Vector()
ap.record(ap_times)
ap0 = h.APCount(soma(0.5))
ap0.thresh = 0
ap0_times = h.Vector()
ap0.record(ap0_times)
nc, nc_times = spike_vector(soma(0.5)._ref_v, threshold=-20, sec=soma)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = record({
    "soma(0.5).v": soma(0.5)._ref_v,
    "apcount.n": ap._ref_n,
    "apcount.firing": ap._ref_firing,
    "apcount.time": ap._ref_time,
    "apcount0.n": ap0._ref_n,
})

h.finitialize(-65 * mV)
h.continuerun(40 * ms)

write_reference({
    "case": CASE,
    "description": (
        "One compartment 'soma' (L=20 um, diam=20 um, nseg=1, cm=1, built-in hh defaults) with four "
        "IClamps at soma(0.5) (0.6 nA for 0.5 ms at 2, 12, 14 and 30 ms; the one at 14 falls in "
        "the refractory period). APCount 'apcount' thresh=-20 mV and 'apcount0' thresh=0 mV, "
        "each with record(Vector); a NetCon on soma(0.5).v with threshold -20 mV. Exercises: "
        "APCount's check after each step (SOLVE after_cvode) with v >= thresh, recording t of "
        "that sample itself, n counting, firing reset when v < thresh; versus NetCon: v > "
        "threshold checked at the start of the next step, recorded as t + 1e-10 of the same "
        "sample. Fixed step implicit Euler, dt=0.025 ms, h.finitialize(-65 mV), "
        "h.continuerun(40 ms): 1601 samples."),
    **settings(40.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {"apcount thresh=-20 record": list(ap_times),
               "apcount0 thresh=0 record": list(ap0_times),
               "soma(0.5).v NetCon threshold=-20": list(nc_times)},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
