"""Reference case `netcon_changes`: NetCon weight and delay changed between two continuerun calls (an event in flight).

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/netcon_changes.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "netcon_changes"
# Kept in references/netcon_changes.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/netcon_changes/ (reference.json, plus a copy of this script
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
soma.insert("pas")
soma(0.5).pas.g = 1e-4
soma(0.5).pas.e = -65
syn = h.ExpSyn(soma(0.5))
syn.tau, syn.e = 2, 0

stim = h.NetStim()
stim.interval, stim.number, stim.start, stim.noise = 8, 5, 2, 0
nc = h.NetCon(stim, syn)
nc.weight[0], nc.delay = 0.01, 4
stim_times = h.Vector()
nc.record(stim_times)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = record({"soma(0.5).v": soma(0.5)._ref_v, "expsyn.g": syn._ref_g, "expsyn.i": syn._ref_i})

h.finitialize(-65 * mV)
h.continuerun(20 * ms)
nc.weight[0] = 0.03
nc.delay = 1
h.continuerun(40 * ms)

write_reference({
    "case": CASE,
    "description": (
        "One passive compartment 'soma' (L=20 um, diam=20 um, nseg=1, pas g=1e-4 S/cm2 e=-65 mV) "
        "with an ExpSyn (tau=2 ms, e=0 mV). A NetStim (interval=8 ms, number=5, start=2 ms, noise=0: "
        "events at 2, 10, 18, 26, 34 ms) drives it through one NetCon, weight 0.01 uS and delay "
        "4 ms. h.finitialize(-65 mV), h.continuerun(20 ms); then nc.weight[0] = 0.03 and "
        "nc.delay = 1; h.continuerun(40 ms). Events arrive at 6 and 14 (weight 0.01), at 22 (sent "
        "at 18 with the old delay 4, in the queue when the change was made, delivered with the "
        "NEW weight 0.03: the weight is read at delivery, the delay at sending), at 27 and 35 "
        "(delay 1, weight 0.03). Exercises: continuerun in two parts (no re-initialisation, t "
        "continues), NetCon delay/weight changes between runs, events in flight. Fixed step "
        "implicit Euler, dt=0.025 ms: 1601 samples."),
    **settings(40.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {"netstim": list(stim_times)},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
