"""Reference case `expsyn_netstim`: NetStim -> two NetCons (different weights and delays) -> ExpSyn on an hh soma.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/expsyn_netstim.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "expsyn_netstim"
# Kept in references/expsyn_netstim.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/expsyn_netstim/ (reference.json, plus a copy of this script
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

syn = h.ExpSyn(soma(0.5))
syn.tau = 3
syn.e = 0

stim = h.NetStim()
stim.interval, stim.number, stim.start, stim.noise = 7, 4, 3, 0
nc_a = h.NetCon(stim, syn)
nc_a.weight[0], nc_a.delay = 0.004, 1
nc_b = h.NetCon(stim, syn)
nc_b.weight[0], nc_b.delay = 0.002, 2.5
nc_stim, stim_times = spike_vector(stim)          # same source: record() belongs to the source
nc_soma, soma_spikes = spike_vector(soma(0.5)._ref_v, threshold=10, sec=soma)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = record({
    "soma(0.5).v": soma(0.5)._ref_v,
    "expsyn.g": syn._ref_g,
    "expsyn.i": syn._ref_i,
    "soma(0.5).hh.m": soma(0.5).hh._ref_m,
})

h.finitialize(-65 * mV)
h.continuerun(40 * ms)

write_reference({
    "case": CASE,
    "description": (
        "One compartment 'soma' (L=20 um, diam=20 um, nseg=1, cm=1, built-in hh defaults) with an "
        "ExpSyn at soma(0.5) (tau=3 ms, e=0 mV). One NetStim (interval=7 ms, number=4, start=3 ms, "
        "noise=0: events at 3, 10, 17, 24 ms) drives it through two NetCons: weight 0.004 uS with "
        "delay 1 ms and weight 0.002 uS with delay 2.5 ms, so g jumps at 4, 5.5, 11, 12.5, ... "
        "Exercises: NetStim self-events (flag 3 then flag 1), NetCon delay and weight, ExpSyn "
        "NET_RECEIVE (g += w) and cnexp decay, delivery of an event before the step whose "
        "t + dt/2 reaches it (the jump shows in the sample after that step), NetCon threshold "
        "detection on v (threshold 10 mV, recorded at t + 1e-10 of the first sample above it). "
        "Spikes: the NetStim's own event times (NetCon.record on a third NetCon from it) and "
        "soma(0.5).v crossings of 10 mV. Fixed step implicit Euler, dt=0.025 ms, celsius=6.3, "
        "h.finitialize(-65 mV), h.continuerun(40 ms): 1601 samples."),
    **settings(40.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {"netstim": list(stim_times), "soma(0.5).v NetCon threshold=10": list(soma_spikes)},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
