"""Reference case `segment_queries`: seg.volume(), h.ismembrane and h.units as NEURON gives them.

seg.volume() [um3] at every x (ends included) of cylinders with one and with several diameters,
of sections with 3-D points (frusta whose ends fall between points, a zero-length step in
diameter, a negative diameter, nseg 1, 4 and 7, after L was set), and of a section with one
3-D point; h.ismembrane for density mechanisms, ions, capacitance, morphology, a point process,
an unknown name and a mechanism taken out again; h.units of built-in, ion and mechanism
variables, and which names are unknown; `for mech in seg` (mechanisms and ions in NEURON's order,
after inserts, uninserts and re-inserts, at the middle and the ends) and `for var in mech` (names,
lengths, values).

Run with NEURON installed:  python3 references/segment_queries.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "segment_queries")

XS = (0, 0.05, 0.2, 0.25, 0.5, 0.7, 0.99, 1)
POINTS = {  # name: 3-D points (x, y, z, diam)
    "frusta": [(0, 0, 0, 2), (10, 0, 0, 4), (13, 4, 0, 1), (30, 4, 0, 3)],
    "step": [(0, 0, 0, 3), (6, 0, 0, 3), (6, 0, 0, 1), (20, 2, 1, 1.5), (21, 2, 1, -2)],
    "one": [(1, 2, 3, 5)],
}
SECTIONS = [  # name, L, diams of the segments (None: the 3-D points), nseg after the points
    ("soma", 20, [20], None),
    ("taper", 100, [3, 2.5, 2, 1.5, 1], None),
    ("frusta", None, None, 4),
    ("frusta7", None, None, 7),
    ("step", None, None, 3),
    ("one", None, None, 1),
    ("scaled", None, None, 5),
]
volumes = {}
secs = {}
for name, L, diams, nseg in SECTIONS:
    s = h.Section(name=name)
    secs[name] = s
    if diams is not None:
        s.L, s.nseg = L, len(diams)
        for seg, d in zip(s, diams):
            seg.diam = d
    else:
        pts = POINTS.get(name, POINTS["frusta"])
        for p in pts:
            h.pt3dadd(*p, sec=s)
        s.nseg = nseg
        if name == "scaled":
            s.L = 45
    volumes[name] = [s(x).volume() for x in XS]

# ismembrane
a = secs["soma"]
a.insert("hh")
a.insert("pas")
b = secs["taper"]
b.insert("pas")
b.uninsert("pas")
stim = h.IClamp(a(0.5))
NAMES = ["hh", "pas", "na_ion", "k_ion", "ca_ion", "capacitance", "morphology", "IClamp", "extracellular", "nope"]
ismembrane = {n: [h.ismembrane(n, sec=a), h.ismembrane(n, sec=b)] for n in NAMES}

UNIT_NAMES = ["gnabar_hh", "gkbar_hh", "el_hh", "gl_hh", "m_hh", "minf_hh", "mtau_hh", "usetable_hh", "g_pas", "e_pas",
              "v", "t", "dt", "celsius", "L", "diam", "Ra", "cm", "i_cap", "area", "nseg", "secondorder",
              "ena", "ek", "nai", "nao", "ki", "ko", "ina", "ik", "dina_dv_", "nai0_na_ion", "ko0_k_ion",
              "vext", "xraxial", "xg", "xc", "e_extracellular", "i_membrane", "i_membrane_", "PI", "FARADAY"]
UNKNOWN = ["cai", "ica", "amp_IClamp", "nope_x", "gnabar"]
units = {n: h.units(n) for n in UNIT_NAMES}
unknown = []
for n in UNKNOWN:
    try:
        h.units(n)
    except RuntimeError:
        unknown.append(n)

# iteration: a segment's mechanisms and ions in NEURON's order, and each one's variables
HISTORIES = [  # name: (inserts and uninserts, in order)
    ("it1", ["pas", "hh", "extracellular"]),
    ("it2", ["hh", "pas", "-hh", "hh"]),
    ("it3", ["hh", "-hh"]),
    ("it4", ["extracellular", "pas"]),
]
iteration = {}
for name, steps in HISTORIES:
    s = h.Section(name=name)
    for step in steps:
        if step.startswith("-"):
            s.uninsert(step[1:])
        else:
            s.insert(step)
    iteration[name] = {
        "mechs": {str(x): [m.name() for m in s(x)] for x in (0, 0.5, 1)},
        "vars": {m.name(): [[v.name(), len(v), [v[j] for j in range(len(v))]] for v in m] for m in s(0.5)},
    }

case.write({
    "case": case.name,
    "description": "seg.volume() of cylinders and of sections with 3-D points, h.ismembrane, h.units.",
    **settings(0.0, -65.0),
    "xs": list(XS),
    "points": POINTS,
    "sections": [list(s) for s in SECTIONS],
    "volumes": volumes,
    "ismembrane": ismembrane,
    "units": units,
    "unknown": unknown,
    "histories": HISTORIES,
    "iteration": iteration,
    "t": [],
    "traces": {},
    "spikes": {},
})
