"""Reference case `passive_tree_so2`: `passive_tree` with h.secondorder = 2 (Crank-Nicolson).

The original case: a passive soma with three dendrites.

soma (L=20, diam=20, nseg=1) is the root; dendA (L=200, diam=2, nseg=11) hangs
on soma(1), dendB (L=150, diam=1.5, nseg=7) on soma(0), and dendC (L=100,
diam=1, nseg=5) on dendA(0.5). Ra=100 ohm cm, cm=1 uF/cm2, pas everywhere
(g_pas=1e-4 S/cm2, e_pas=-65 mV). IClamp at dendC(1) (the zero-area end node
of dendC): 0.05 nA from t=5 to t=25 ms. v_init=-65, dt=0.025, tstop=50 ms.
v is recorded at every node of the tree.

The same model as `passive_tree`, run with h.secondorder = 2 (second-order
correct in time; NEURON then also updates ion currents by di/dv*dv after the solve).

Run with NEURON installed:  python3 references/passive_tree_so2.py  (or python3 model.py in
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
CASE = "passive_tree_so2"
# Kept in references/passive_tree_so2.py; running that writes the fixture folder
# packages/core/test/fixtures/passive_tree_so2/ (reference.json, plus a copy of this script as
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
soma.L, soma.diam, soma.nseg = 20, 20, 1
dendA = h.Section(name="dendA")
dendA.L, dendA.diam, dendA.nseg = 200, 2, 11
dendB = h.Section(name="dendB")
dendB.L, dendB.diam, dendB.nseg = 150, 1.5, 7
dendC = h.Section(name="dendC")
dendC.L, dendC.diam, dendC.nseg = 100, 1, 5
dendA.connect(soma(1))   # dendA(0) attached to soma(1)
dendB.connect(soma(0))   # dendB(0) attached to soma(0)
dendC.connect(dendA(0.5))  # dendC(0) attached to dendA(0.5), the centre of dendA's 6th segment

for sec in (soma, dendA, dendB, dendC):
    sec.Ra = 100
    sec.cm = 1
    sec.insert("pas")
    for seg in sec:
        seg.pas.g = 1e-4
        seg.pas.e = -65

iclamp = h.IClamp(dendC(1))
iclamp.delay = 5
iclamp.dur = 20
iclamp.amp = 0.05

# every node: the root's x=0 end, each segment centre, and each section's x=1 end
# (sec(0) of a child section is its parent's node, so it is not listed again)
points = [(soma, 0.0)]
for sec in (soma, dendA, dendB, dendC):
    points += [(sec, seg.x) for seg in sec] + [(sec, 1.0)]

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs, locations, geometry = {}, {}, {}
for sec, x in points:
    label = f"{sec.name()}({x:.6g}).v"
    vecs[label] = h.Vector().record(sec(x)._ref_v)
    locations[label] = {"section": sec.name(), "x": x}
    if 0 < x < 1:
        geometry[f"{sec.name()}({x:.6g})"] = {"area_um2": sec(x).area(), "ri_megohm": sec(x).ri()}
vecs["iclamp.i"] = h.Vector().record(iclamp._ref_i)

topology = capture_stdout(h.topology)
h.secondorder = 2  # Crank-Nicolson
h.finitialize(-65 * mV)
h.continuerun(50 * ms)

write_reference({
    "case": CASE,
    "description": (
        "Four passive sections: 'soma' (L=20 um, diam=20 um, nseg=1) is the root; 'dendA' (L=200, "
        "diam=2, nseg=11) connected by its 0 end to soma(1); 'dendB' (L=150, diam=1.5, nseg=7) "
        "connected by its 0 end to soma(0); 'dendC' (L=100, diam=1, nseg=5) connected by its 0 end "
        "to dendA(0.5). All sections Ra=100 ohm cm, cm=1 uF/cm2, 'pas' with g_pas=1e-4 S/cm2, "
        "e_pas=-65 mV; no 3-D points (cylinders). IClamp at dendC(1) (the zero-area node at the "
        "distal end of dendC): delay=5 ms, dur=20 ms, amp=0.05 nA. Fixed step implicit Euler "
        "with secondorder=2 (Crank-Nicolson), dt=0.025 ms, celsius=6.3, h.finitialize(-65 mV), h.continuerun(50 ms): "
        "2001 samples. v is recorded at every node: soma(0) (the root node, zero area), every "
        "segment centre, and the x=1 end of every section (zero-area nodes, except soma(1) and "
        "dendA's centre which carry children). 'locations' gives the exact x of each label; "
        "'geometry' gives seg.area() (um2) and seg.ri() (MOhm, the axial resistance from the "
        "segment's node to its parent node) of every segment."),
    "neuron_version": neuron.__version__,
    "dt": h.dt,
    "tstop": 50.0,
    "v_init": -65.0,
    "celsius": h.celsius,
    "secondorder": int(h.secondorder),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "locations": locations,
    "geometry": geometry,
    "topology": topology,
    "psection": {sec.name(): psection(sec) for sec in (soma, dendA, dendB, dendC)},
})
