"""Reference case `alphasynapse`: Two AlphaSynapse (time-driven alpha conductances) on an hh soma.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/alphasynapse.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "alphasynapse"
# Kept in references/alphasynapse.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/alphasynapse/ (reference.json, plus a copy of this script
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

alpha = h.AlphaSynapse(soma(0.5))
alpha.onset, alpha.tau, alpha.gmax, alpha.e = 5, 2, 0.01, 0
alpha_b = h.AlphaSynapse(soma(0.5))
alpha_b.onset, alpha_b.tau, alpha_b.gmax, alpha_b.e = 20, 0.5, 0.02, -80
nc_soma, soma_spikes = spike_vector(soma(0.5)._ref_v, threshold=10, sec=soma)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = record({
    "soma(0.5).v": soma(0.5)._ref_v,
    "alpha.i": alpha._ref_i,
    "alpha_b.i": alpha_b._ref_i,
    "soma(0.5).ina": soma(0.5)._ref_ina,
})

h.finitialize(-65 * mV)
h.continuerun(40 * ms)

write_reference({
    "case": CASE,
    "description": (
        "One compartment 'soma' (L=20 um, diam=20 um, nseg=1, cm=1, built-in hh defaults) with two "
        "AlphaSynapse at soma(0.5): 'alpha' onset=5 ms, tau=2 ms, gmax=0.01 uS, e=0 mV and "
        "'alpha_b' onset=20 ms, tau=0.5 ms, gmax=0.02 uS, e=-80 mV. g = gmax*x*exp(1-x) with "
        "x = (t - onset)/tau evaluated at the step's midpoint t + dt/2, zero for x < 0 and x > 10 "
        "(alpha ends at 25 ms, alpha_b at 25 ms). g is not a RANGE variable, so only i is "
        "recorded. Exercises: a time-driven point process current (no events), the midpoint "
        "time of BREAKPOINT, the x > 10 cut-off, NetCon threshold detection on v (10 mV). Fixed "
        "step implicit Euler, dt=0.025 ms, h.finitialize(-65 mV), h.continuerun(40 ms): 1601 "
        "samples."),
    **settings(40.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {"soma(0.5).v NetCon threshold=10": list(soma_spikes)},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
