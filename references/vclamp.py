"""Reference case `vclamp`: Two hh somas under VClamp (defaults, and a slower amplifier), three levels.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/vclamp.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "vclamp"
# Kept in references/vclamp.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/vclamp/ (reference.json, plus a copy of this script
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
def hh_soma(name):
    sec = h.Section(name=name)
    sec.L = sec.diam = 20
    sec.insert("hh")
    return sec


soma = hh_soma("soma")
vc = h.VClamp(soma(0.5))
for j, (dur, amp) in enumerate([(5, -60), (10, -10), (5, -80)]):
    vc.dur[j], vc.amp[j] = dur, amp

soma_b = hh_soma("soma_b")
vc_b = h.VClamp(soma_b(0.5))
for j, (dur, amp) in enumerate([(5, -60), (10, -10), (5, -80)]):
    vc_b.dur[j], vc_b.amp[j] = dur, amp
vc_b.gain, vc_b.rstim, vc_b.tau1, vc_b.tau2 = 1e3, 5, 0.01, 0.1

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = record({
    "soma(0.5).v": soma(0.5)._ref_v,
    "vclamp.i": vc._ref_i,
    "vclamp.e0": vc._ref_e0,
    "vclamp.vo0": vc._ref_vo0,
    "vclamp.vi0": vc._ref_vi0,
    "soma_b(0.5).v": soma_b(0.5)._ref_v,
    "vclamp_b.i": vc_b._ref_i,
    "vclamp_b.e0": vc_b._ref_e0,
    "vclamp_b.vo0": vc_b._ref_vo0,
    "vclamp_b.vi0": vc_b._ref_vi0,
})

h.finitialize(-65 * mV)
h.continuerun(25 * ms)

write_reference({
    "case": CASE,
    "description": (
        "Two unconnected compartments (L=20 um, diam=20 um, nseg=1, cm=1, built-in hh defaults), "
        "each under a VClamp at (0.5) with dur[0..2]=5,10,5 ms and amp[0..2]=-60,-10,-80 mV "
        "(off after 20 ms). 'vclamp' on 'soma' at the defaults (gain=1e5, rstim=1 MOhm, "
        "tau1=0.001 ms, tau2=0, fac=0); 'vclamp_b' on 'soma_b' with gain=1e3, rstim=5 MOhm, "
        "tau1=0.01 ms, tau2=0.1 ms. Recorded: the clamp current i (nA, ELECTRODE_CURRENT: "
        "positive depolarizes), the amplifier states of the completed step e0, vo0, vi0 (RANGE "
        "variables; the STATEs e, vo, vi are not RANGE), and v. Exercises: the LINEAR amplifier "
        "system solved in the current phase, the after_cvode SOLVE (current recomputed with the "
        "new v), the level search on t. Fixed step implicit Euler, dt=0.025 ms, "
        "h.finitialize(-65 mV), h.continuerun(25 ms): 1001 samples."),
    **settings(25.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": {"soma": psection(soma), "soma_b": psection(soma_b)},
})
