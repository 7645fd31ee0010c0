"""Reference case `distances`: h.distance as NEURON computes it, between nodes.

NEURON measures a location at its node (the centre of the segment holding x, or an end):
distance(0, soma(0.5)) with an even nseg puts the origin at the centre of segment nseg/2.
A tree with even and odd nseg, a child attached by its 1 end, children at a section's middle
and at its 0 end, a section with 3-D points, and a second tree; the distances from soma(0.5)
(h.distance(0, seg) then h.distance(seg)) and between pairs (h.distance(seg1, seg2)) at several
x of every section.

Run with NEURON installed:  python3 references/distances.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "distances")

SECS = [  # name, L, nseg, parent, parent x, child end
    ("soma", 20, 4, None, None, None),
    ("a", 100, 3, "soma", 1, 0),
    ("b", 60, 2, "soma", 0, 1),
    ("c", 45, 5, "a", 0.5, 0),
    ("d", 30, 1, "a", 1, 1),
    ("e", 80, 6, "b", 0.3, 0),
    ("f", 50, 2, "soma", 0.5, 0),
    ("g", 40, 3, None, None, None),
]
secs = {}
for name, L, nseg, parent, px, cx in SECS:
    s = h.Section(name=name)
    s.L, s.nseg = L, nseg
    secs[name] = s
for name, L, nseg, parent, px, cx in SECS:
    if parent is not None:
        secs[name].connect(secs[parent](px), cx)
# f with 3-D points (its L follows them)
f = secs["f"]
f.pt3dclear()
for p in ((0, 0, 0, 1), (10, 5, 0, 1), (25, 5, 3, 1), (40, 0, 0, 1)):
    f.pt3dadd(*p)

XS = (0, 0.1, 0.25, 0.5, 0.6, 1)
locs = [(n, x) for n, *_ in SECS for x in XS]
h.distance(0, secs["soma"](0.5))
from_origin = [h.distance(secs[n](x)) for n, x in locs]
pairs = [(0, 20), (5, 30), (13, 40), (22, 31), (3, 45), (40, 41), (7, 9), (36, 29)]
between = [h.distance(secs[locs[i][0]](locs[i][1]), secs[locs[j][0]](locs[j][1])) for i, j in pairs]

# The same measure as the model changes: two separate sections, then one connected to the other,
# a third added at its end, the second moved to the first's middle, the second deleted.
p, q = h.Section(name="p"), h.Section(name="q")
p.L, q.L = 100, 50
h.distance(0, p(0))
after_changes = [h.distance(q(1))]
q.connect(p(1))
after_changes.append(h.distance(q(1)))
r = h.Section(name="r")
r.L = 20
r.connect(q(1))
after_changes.append(h.distance(r(1)))
q.connect(p(0.5))
after_changes.append(h.distance(r(1)))
h.delete_section(sec=q)
after_changes.append(h.distance(r(1)))

case.write({
    "case": case.name,
    "description": "h.distance from soma(0.5) to each location, and between pairs of locations, in a tree of seven sections and a second tree.",
    **settings(0.0, -65.0),
    "sections": [list(s) for s in SECS],
    "xs": list(XS),
    "from_origin": from_origin,
    "pairs": pairs,
    "between": between,
    "after_changes": after_changes,
    "t": [],
    "traces": {},
    "spikes": {},
})
