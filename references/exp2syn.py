"""Reference case `exp2syn`: NetStim -> NetCons -> two Exp2Syn on a passive soma (one with tau1 = tau2, adjusted by INITIAL).

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/exp2syn.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "exp2syn"
# Kept in references/exp2syn.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/exp2syn/ (reference.json, plus a copy of this script
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

syn = h.Exp2Syn(soma(0.5))
syn.tau1, syn.tau2, syn.e = 0.5, 4, 0
syn_b = h.Exp2Syn(soma(0.5))       # tau1 = tau2: INITIAL sets tau1 = 0.9999*tau2
syn_b.tau1, syn_b.tau2, syn_b.e = 5, 5, -70

stim = h.NetStim()
stim.interval, stim.number, stim.start, stim.noise = 10, 3, 2, 0
nc = h.NetCon(stim, syn)
nc.weight[0], nc.delay = 0.002, 1
nc_b = h.NetCon(stim, syn_b)
nc_b.weight[0], nc_b.delay = 0.003, 0.5
nc_stim, stim_times = spike_vector(stim)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = record({
    "soma(0.5).v": soma(0.5)._ref_v,
    "exp2syn.A": syn._ref_A,
    "exp2syn.B": syn._ref_B,
    "exp2syn.g": syn._ref_g,
    "exp2syn.i": syn._ref_i,
    "exp2syn_b.g": syn_b._ref_g,
    "exp2syn_b.i": syn_b._ref_i,
})

h.finitialize(-65 * mV)
h.continuerun(40 * ms)

write_reference({
    "case": CASE,
    "description": (
        "One passive compartment 'soma' (L=20 um, diam=20 um, nseg=1, cm=1, pas g=1e-4 S/cm2 "
        "e=-65 mV) with two Exp2Syn at soma(0.5): 'exp2syn' tau1=0.5 ms, tau2=4 ms, e=0 mV, "
        "and 'exp2syn_b' tau1=5, tau2=5 ms, e=-70 mV, for which INITIAL replaces tau1 by "
        "0.9999*tau2 (the value after finitialize is in 'values'). One NetStim (interval=10 ms, "
        "number=3, start=2 ms, noise=0) drives exp2syn with weight 0.002 uS, delay 1 ms, and "
        "exp2syn_b with weight 0.003 uS, delay 0.5 ms. Exercises: Exp2Syn's peak normalisation "
        "(factor), A and B jumping by weight*factor, cnexp decay of both, g = B - A, the tau1 "
        "adjustment, NetStim events and NetCon delays (delivery rule as in expsyn_netstim). "
        "Fixed step implicit Euler, dt=0.025 ms, h.finitialize(-65 mV), h.continuerun(40 ms): "
        "1601 samples."),
    **settings(40.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {"netstim": list(stim_times)},
    "values": {"exp2syn_b.tau1 after finitialize": syn_b.tau1, "exp2syn.tau1": syn.tau1},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
