"""Reference case `hoc_objects`: NEURON's SectionRef, secname and List on a tree with unusual
connections (the tree of topology.py: children at a parent's 0 end, a section connected by its 1
end, a child on the distal 0 end of that reversed section, and a second root).

For every section: SectionRef's parent, trueparent, root (names, or null where NEURON has none),
has_parent, has_trueparent, nchild, child names; h.secname. Lists: h.List('IClamp') and
h.List('NetCon') counts as objects are made (the list follows them), and a List() of objects
through append, prepend, insrt, remove, index and o.

Run with NEURON installed:  python3 references/hoc_objects.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import json
import os
import shutil

from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "hoc_objects"
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "core", "test", "fixtures", CASE)


def sec(name, nseg):
    s = h.Section(name=name)
    s.nseg = nseg
    return s


soma = sec("soma", 1)
dend1 = sec("dend1", 5)
dend2 = sec("dend2", 3)
dend3 = sec("dend3", 1)
rev = sec("rev", 4)
dend1a = sec("dend1a", 2)
dend1b = sec("dend1b", 1)
twig = sec("twig", 3)
axon0 = sec("axon0", 3)
axon1 = sec("axon1", 2)
dend1.connect(soma(1))
dend2.connect(soma(0))
dend3.connect(soma(0.5))
rev.connect(soma(0.5), 1)
dend1a.connect(dend1(0.3))
dend1b.connect(dend1(1))
twig.connect(rev(0))
axon1.connect(axon0(1))
sections = [soma, dend1, dend2, dend3, rev, dend1a, dend1b, twig, axon0, axon1]


def name_or_none(sr, attr, check):
    return getattr(sr, attr).name() if getattr(sr, check)() else None


refs = {}
for s in sections:
    sr = h.SectionRef(sec=s)
    refs[s.name()] = {
        "parent": name_or_none(sr, "parent", "has_parent"),
        "trueparent": name_or_none(sr, "trueparent", "has_trueparent"),
        "root": sr.root.name(),
        "has_parent": bool(sr.has_parent()),
        "has_trueparent": bool(sr.has_trueparent()),
        "nchild": sr.nchild(),
        "child": [c.name() for c in sr.child],
        "secname": h.secname(sec=s),
    }

iclamps = h.List("IClamp")
netcons = h.List("NetCon")
counts = [[iclamps.count(), netcons.count()]]
stims = [h.IClamp(soma(0.5)), h.IClamp(dend1(1))]
counts.append([iclamps.count(), netcons.count()])
ncs = [h.NetCon(soma(0.5)._ref_v, None, sec=soma)]
counts.append([iclamps.count(), netcons.count()])
first_is = [iclamps.o(0) == stims[0], iclamps.index(stims[1]), netcons.index(ncs[0])]

lst = h.List()
trace = [lst.append(stims[0]), lst.prepend(stims[1]), lst.insrt(1, ncs[0])]
order = [str(lst.o(i)) for i in range(int(lst.count()))]
trace.append(lst.index(ncs[0]))
trace.append(lst.remove(0))
order_after = [str(lst.o(i)) for i in range(int(lst.count()))]
trace.append(lst.index(stims[1]))
trace.append(lst.remove_all())
trace.append(lst.count())

ref = {
    "case": CASE,
    "description": (
        "SectionRef (parent, trueparent, root, has_parent, has_trueparent, nchild, child) and "
        "h.secname for every section of topology.py's tree; h.List('IClamp') and "
        "h.List('NetCon') counts as objects are made; a List() through append, prepend, insrt, "
        "remove, index, o, remove_all (NEURON 8.2.2)."),
    "sectionref": refs,
    "list_counts": counts,
    "list_lookup": first_is,
    "list_trace": trace,
    "list_order": order,
    "list_order_after_remove": order_after,
}
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
    f.write("\n")
if os.path.basename(__file__) != "model.py":
    shutil.copyfile(os.path.abspath(__file__), os.path.join(OUT, "model.py"))
