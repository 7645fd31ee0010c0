"""Reference case `ball_and_stick`: NEURON's "Ball and stick" tutorials (parts 2 and 3) as their
readers write them: cells as objects whose sections are made with `cell=` (so every cell has a
`soma` and a `dend`), shaped by h.define_shape(), rotated and moved with pt3dchange, in a ring of
NetCons started by a NetStim; plus a small tree that define_shape fans out.

Run with NEURON installed:  python3 references/ball_and_stick.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "ball_and_stick")
h.load_file("stdrun.hoc")


class BallAndStick:
    def __init__(self, gid, x, y, z, theta):
        self._gid = gid
        self.soma = h.Section(name="soma", cell=self)
        self.dend = h.Section(name="dend", cell=self)
        self.dend.connect(self.soma)
        self.soma.L = self.soma.diam = 12.6157
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 5
        self.all = self.soma.wholetree()
        for sec in self.all:
            sec.Ra, sec.cm = 100, 1
        self.soma.insert("hh")
        self.dend.insert("pas")
        for seg in self.dend:
            seg.pas.g, seg.pas.e = 0.001, -65
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau = 2 * ms
        self.x = self.y = self.z = 0
        h.define_shape()
        self._rotate_z(theta)
        self._set_position(x, y, z)
        self.spike_detector = h.NetCon(self.soma(0.5)._ref_v, None, sec=self.soma)
        self.spike_times = h.Vector()
        self.spike_detector.record(self.spike_times)

    def __repr__(self):
        return f"BallAndStick[{self._gid}]"

    def _set_position(self, x, y, z):
        for sec in self.all:
            for i in range(sec.n3d()):
                sec.pt3dchange(i, x - self.x + sec.x3d(i), y - self.y + sec.y3d(i),
                               z - self.z + sec.z3d(i), sec.diam3d(i))
        self.x, self.y, self.z = x, y, z

    def _rotate_z(self, theta):
        c, s = math.cos(theta), math.sin(theta)
        for sec in self.all:
            for i in range(sec.n3d()):
                x, y = sec.x3d(i), sec.y3d(i)
                sec.pt3dchange(i, x * c - y * s, x * s + y * c, sec.z3d(i), sec.diam3d(i))


N, R = 5, 50
cells = [BallAndStick(i, math.cos(i * 2 * math.pi / N) * R, math.sin(i * 2 * math.pi / N) * R, 0,
                      i * 2 * math.pi / N) for i in range(N)]
netcons = []
for i in range(N):
    source, target = cells[i], cells[(i + 1) % N]
    nc = h.NetCon(source.soma(0.5)._ref_v, target.syn, sec=source.soma)
    nc.weight[0], nc.delay = 0.01, 5
    netcons.append(nc)
stim = h.NetStim()
stim.number, stim.start = 1, 9
ncstim = h.NetCon(stim, cells[0].syn)
ncstim.delay, ncstim.weight[0] = 1, 0.04

# A tree define_shape fans out: three children at trunk(1), one at trunk(0.5) (at a right
# angle), one attached by its 1 end at trunk(0.3), and a grandchild.
trunk = h.Section(name="trunk")
trunk.L, trunk.diam, trunk.nseg = 50, 3, 3
branches = []
for k in range(3):
    b = h.Section(name=f"branch{k}")
    b.L, b.diam, b.nseg = 30 + 10 * k, 1 + 0.5 * k, 1 + 2 * k
    b.connect(trunk(1))
    branches.append(b)
side = h.Section(name="side")
side.L, side.diam = 25, 0.7
side.connect(trunk(0.5))
back = h.Section(name="back")
back.L, back.diam, back.nseg = 40, 1.3, 2
back.connect(trunk(0.3), 1)
twig = h.Section(name="twig")
twig.L, twig.diam = 10, 0.5
twig.connect(back(0))
h.define_shape()


def geometry(sec):
    return {
        "L": sec.L,
        "pts3d": [[sec.x3d(i), sec.y3d(i), sec.z3d(i), sec.diam3d(i)] for i in range(sec.n3d())],
        "area": [seg.area() for seg in sec],
        "ri": [seg.ri() for seg in sec],
        "diam": [seg.diam for seg in sec],
    }


h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {
    "BallAndStick[0].soma(0.5).v": cells[0].soma(0.5)._ref_v,
    "BallAndStick[0].dend(0.5).v": cells[0].dend(0.5)._ref_v,
    "BallAndStick[3].soma(0.5).v": cells[3].soma(0.5)._ref_v,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
h.finitialize(-65 * mV)
h.continuerun(60 * ms)

case.write({
    "case": case.name,
    "description": (
        "Five BallAndStick cells (NEURON's tutorial): sections made with cell=self, 'soma' "
        "(L = diam = 12.6157 um, hh) and 'dend' (L = 200 um, diam = 1 um, nseg = 5, pas g = 0.001 "
        "S/cm2 e = -65 mV) on soma(1), Ra = 100, cm = 1, an ExpSyn at dend(0.5) (tau = 2 ms); each "
        "cell calls h.define_shape(), rotates its points about z by 2 pi i/5 and moves them to "
        "(50 cos, 50 sin, 0) with pt3dchange (so L becomes the length of the single-precision "
        "points). NetCons from each soma(0.5).v (threshold 10 mV) to the next cell's ExpSyn "
        "(weight 0.01 uS, delay 5 ms) and from a NetStim (number 1, start 9 ms) to cell 0 "
        "(weight 0.04 uS, delay 1 ms); each cell's spikes recorded on a NetCon with no target. "
        "A separate tree 'trunk' (L 50, diam 3, nseg 3) with branch0..2 at trunk(1), 'side' at "
        "trunk(0.5), 'back' attached by its 1 end at trunk(0.3) and 'twig' at back(0), shaped "
        "by h.define_shape(). Fixed step, dt = 0.025 ms, finitialize(-65 mV), continuerun(60 ms): "
        "2401 samples."),
    **settings(60.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {str(c): list(c.spike_times) for c in cells},
    "geometry": {sec.name(): geometry(sec) for sec in [cells[0].soma, cells[0].dend, cells[3].soma,
                                                       cells[3].dend, trunk, *branches, side, back, twig]},
    "topology": capture_stdout(h.topology),
})
