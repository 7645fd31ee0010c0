"""Reference case `longitudinal_diffusion`: LONGITUDINAL_DIFFUSION of calcium along a tree.

Test mechanisms packages/mechanisms/test/fixtures/mod/calong.mod (calcium in 4 shells with a
buffer; the calcium of each shell diffuses along the cable, DCa times its cross-section) and capulse.mod (ica = -0.002 mA/cm2 from 1 to 4 ms). A tree whose sections meet
in each way NEURON's diffusion tree handles: soma (L = diam = 20 um, nseg 1, hh); dend1 at
soma(1) (L 100, diam 2, nseg 9) with capulse on it; dend2 at soma(0) (L 50, diam 1.5, nseg 5);
dend3 at dend1(0.5) (L 40, diam 1, nseg 4); dend4 at dend3(1) without calong (L 20, diam 1,
nseg 2); dend5 at dend4(1) (L 30, diam 0.8, nseg 3). calong everywhere but dend4. The calcium of
the outer and inner shells at segments along the tree; DCa_calong = 20 um2/ms; dt = 0.025, 20 ms,
then the same with dt = 0.1, then at dt = 0.025 without the buffer's binding (k1buf_calong = 0).

Run with NEURON installed:  python3 references/longitudinal_diffusion.py  (or python3 model.py
in the fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "longitudinal_diffusion")
h.load_file("stdrun.hoc")
case.load_mechanisms("calong.mod", "capulse.mod")


def section(name, L, diam, nseg):
    s = h.Section(name=name)
    s.L, s.diam, s.nseg = L, diam, nseg
    return s


soma = section("soma", 20, 20, 1)
dend1 = section("dend1", 100, 2, 9)
dend2 = section("dend2", 50, 1.5, 5)
dend3 = section("dend3", 40, 1, 4)
dend4 = section("dend4", 20, 1, 2)
dend5 = section("dend5", 30, 0.8, 3)
dend1.connect(soma(1))
dend2.connect(soma(0))
dend3.connect(dend1(0.5))
dend4.connect(dend3(1))
dend5.connect(dend4(1))
soma.insert("hh")
for s in (soma, dend1, dend2, dend3, dend5):
    s.insert("calong")
dend1.insert("capulse")
h.DCa_calong = 20  # (um2/ms: faster than calcium's, so that 20 ms show the spread)

sites = [soma(0.5), dend1(0.05), dend1(0.5), dend1(0.95), dend2(0.1), dend2(0.9), dend3(0.125),
         dend3(0.875), dend5(0.5)]
t = h.Vector().record(h._ref_t)
vecs = {}
for seg in sites:
    name = str(seg)
    vecs[f"{name}.calong.ca[0]"] = h.Vector().record(seg.calong._ref_ca[0])
    vecs[f"{name}.calong.ca[3]"] = h.Vector().record(seg.calong._ref_ca[3])
vecs["soma(0.5).v"] = h.Vector().record(soma(0.5)._ref_v)

traces = {}
# Runs: dt 0.025; dt 0.1; dt 0.025 without the buffer's binding (k1buf = 0: a linear scheme, so
# NEURON's Newton iterations leave no difference of their own in the concentrations).
for dt, k1buf, suffix in ((0.025, 100, ""), (0.1, 100, " [dt 0.1]"), (0.025, 0, " [linear]")):
    h.dt = dt
    h.k1buf_calong = k1buf
    h.finitialize(-65)
    h.continuerun(20)
    for k, v in vecs.items():
        traces[k + suffix] = list(v)
    if suffix == "":
        times = list(t)

case.write({
    "case": case.name,
    "description": (
        "calong (mod/calong.mod: 4 calcium shells with a buffer, LONGITUDINAL_DIFFUSION of ca) on "
        "soma (20x20 um, nseg 1, hh), dend1 at soma(1) (100x2, nseg 9, capulse -0.002 mA/cm2 "
        "1-4 ms), dend2 at soma(0) (50x1.5, nseg 5), dend3 at dend1(0.5) (40x1, nseg 4), dend5 "
        "(30x0.8, nseg 3) at dend4(1), dend4 (20x1, nseg 2, no calong) at dend3(1). "
        "DCa_calong = 20 um2/ms. finitialize(-65), continuerun(20) at dt=0.025, then again at dt=0.1 (traces marked "
        "[dt 0.1]), then at dt=0.025 with k1buf_calong = 0 ([linear]); t is the first run's."),
    **settings(20.0, -65.0),
    "t": times,
    "traces": traces,
    "spikes": {},
    "topology": capture_stdout(h.topology),
})
