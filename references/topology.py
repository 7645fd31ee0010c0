"""Reference case `topology`: a tree with unusual connections, for h.topology() and psection().

Root 1 is `soma` (L=20, diam=20, nseg=1, hh). Its children:
  dend1 (nseg 5) on soma(1), dend2 (nseg 3) on soma(0), dend3 (nseg 1) on soma(0.5),
  and rev (nseg 4) connected by its 1 end to soma(0.5): rev.connect(soma, 0.5, 1).
Deeper: dend1a (nseg 2) on dend1(0.3), dend1b (nseg 1) on dend1(1), and twig (nseg 3)
on rev(0), i.e. on the distal end of the reversed section.
Root 2 is the hoc array `axon[0]` (nseg 3, pas) with `axon[1]` (nseg 2) on axon[0](1),
and `axon[1]` carries an IClamp.
Everything passive except soma (hh); Ra=100, cm=1. A short run (IClamp 0.2 nA at
dend1(1) from 1 to 4 ms, another 0.1 nA at axon[1](0.5)) records v at every node,
so that the node ordering of this tree can be checked too.

Run with NEURON installed:  python3 references/topology.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
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
CASE = "topology"
# Kept in references/topology.py; running that writes the fixture folder
# packages/core/test/fixtures/topology/ (reference.json, plus a copy of this script as
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


def sec(name, L, diam, nseg):
    s = h.Section(name=name)
    s.L, s.diam, s.nseg, s.Ra, s.cm = L, diam, nseg, 100, 1
    return s


soma = sec("soma", 20, 20, 1)
dend1 = sec("dend1", 100, 2, 5)
dend2 = sec("dend2", 60, 1.5, 3)
dend3 = sec("dend3", 30, 1, 1)
rev = sec("rev", 80, 1, 4)
dend1a = sec("dend1a", 40, 1, 2)
dend1b = sec("dend1b", 20, 0.8, 1)
twig = sec("twig", 30, 0.5, 3)
dend1.connect(soma(1))
dend2.connect(soma(0))
dend3.connect(soma(0.5))
rev.connect(soma, 0.5, 1)       # rev's 1 end on soma(0.5): rev(0) is its distal end
dend1a.connect(dend1(0.3))
dend1b.connect(dend1(1))
twig.connect(rev(0))            # on the distal end of the reversed section

h("create axon[2]")             # a second root, made in hoc (array names)
axon0, axon1 = h.axon[0], h.axon[1]
for s, L, diam, nseg in ((axon0, 200, 1, 3), (axon1, 100, 1, 2)):
    s.L, s.diam, s.nseg, s.Ra, s.cm = L, diam, nseg, 100, 1
axon1.connect(axon0(1))

allsecs = [soma, dend1, dend2, dend3, rev, dend1a, dend1b, twig, axon0, axon1]
soma.insert("hh")
for s in allsecs[1:]:
    s.insert("pas")
    for seg in s:
        seg.pas.g = 1e-4
        seg.pas.e = -65

stim1 = h.IClamp(dend1(1))
stim1.delay, stim1.dur, stim1.amp = 1, 3, 0.2
stim2 = h.IClamp(axon1(0.5))
stim2.delay, stim2.dur, stim2.amp = 1, 3, 0.1

topology = capture_stdout(h.topology)
connections = {}
for s in allsecs:
    sref = h.SectionRef(sec=s)
    if sref.has_parent():
        ps = s.parentseg()
        connections[s.name()] = {"parent": ps.sec.name(), "parentx": ps.x,
                                 "childx": h.section_orientation(sec=s)}
    else:
        connections[s.name()] = {"parent": None, "parentx": None,
                                 "childx": h.section_orientation(sec=s)}

# every node: each root's x=0 end, each segment centre, each section's x=1 end
points = [(soma, 0.0), (axon0, 0.0)]
for s in allsecs:
    points += [(s, seg.x) for seg in s] + [(s, 1.0)]
h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs, locations = {}, {}
for s, x in points:
    label = f"{s.name()}({x:.6g}).v"
    vecs[label] = h.Vector().record(s(x)._ref_v)
    locations[label] = {"section": s.name(), "x": x}
vecs["stim1.i"] = h.Vector().record(stim1._ref_i)
vecs["stim2.i"] = h.Vector().record(stim2._ref_i)

psection_before = {s.name(): psection(s) for s in allsecs}
h.finitialize(-65 * mV)
h.continuerun(10 * ms)

write_reference({
    "case": CASE,
    "description": (
        "Two trees. Tree 1: root 'soma' (L=20, diam=20, nseg=1, hh at defaults) with children "
        "'dend1' (L=100, diam=2, nseg=5) 0 end on soma(1); 'dend2' (L=60, diam=1.5, nseg=3) 0 end "
        "on soma(0); 'dend3' (L=30, diam=1, nseg=1) 0 end on soma(0.5); 'rev' (L=80, diam=1, "
        "nseg=4) connected by its 1 end to soma(0.5) (rev.connect(soma, 0.5, 1)); 'dend1a' "
        "(L=40, diam=1, nseg=2) on dend1(0.3); 'dend1b' (L=20, diam=0.8, nseg=1) on dend1(1); "
        "'twig' (L=30, diam=0.5, nseg=3) 0 end on rev(0) (the distal end of rev). Tree 2: hoc "
        "array 'axon[0]' (L=200, diam=1, nseg=3, root) and 'axon[1]' (L=100, diam=1, nseg=2) on "
        "axon[0](1). All sections but soma have pas (g=1e-4, e=-65); Ra=100, cm=1 everywhere. "
        "IClamp 'stim1' at dend1(1): delay=1, dur=3, amp=0.2 nA; 'stim2' at axon[1](0.5): "
        "delay=1, dur=3, amp=0.1 nA. Fixed step implicit Euler, dt=0.025, celsius=6.3, "
        "finitialize(-65), continuerun(10): 401 samples of v at every node ('locations'). "
        "'topology' is h.topology() text; 'connections' gives, for every section, the parent "
        "section and x (sec.parentseg()) and the child end x (h.section_orientation()); "
        "'psection' is psection() of every section after the run, 'psection_before' before "
        "finitialize."),
    "neuron_version": neuron.__version__,
    "dt": h.dt,
    "tstop": 10.0,
    "v_init": -65.0,
    "celsius": h.celsius,
    "secondorder": int(h.secondorder),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "locations": locations,
    "topology": topology,
    "connections": connections,
    "psection_before": psection_before,
    "psection": {s.name(): psection(s) for s in allsecs},
})
