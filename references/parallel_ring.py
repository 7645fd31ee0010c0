"""Reference case `parallel_ring`: NEURON's "Ball and stick 4" tutorial (a ring network with
ParallelContext) as its reader writes it, in one process (nhost = 1).

N = 5 ball-and-stick cells (soma L = diam = 12.6157 um with hh; dend L = 200 um, diam = 1 um,
nseg = 5 with pas g = 0.001 S/cm2, e = -65 mV; Ra = 100, cm = 1; an ExpSyn tau = 2 ms at dend(0.5)),
each its own gid: pc.set_gid2node(gid, pc.id()), pc.cell(gid, NetCon(soma(0.5)._ref_v, None)).
Cell i's synapse gets pc.gid_connect((i - 1) % N, syn) with weight 0.05 uS and delay 5 ms; a
NetStim (start 9 ms, number 1) drives cell 0 through a NetCon (weight 0.04, delay 1). Every spike
recorded by pc.spike_record(-1, tvec, idvec); pc.set_maxstep(10); finitialize(-65); psolve(100),
then psolve(100.05) (two steps: psolve's short path); then gid_exists, threshold, srcgid and the
collectives of one process. dt = 0.025.

Run with NEURON installed:  python3 references/parallel_ring.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "parallel_ring")
h.load_file("stdrun.hoc")
pc = h.ParallelContext()


class Cell:
    def __init__(self, gid):
        self._gid = gid
        self.soma = h.Section(name="soma", cell=self)
        self.dend = h.Section(name="dend", cell=self)
        self.dend.connect(self.soma)
        self.soma.L = self.soma.diam = 12.6157
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 5
        for sec in (self.soma, self.dend):
            sec.Ra, sec.cm = 100, 1
        self.soma.insert("hh")
        self.dend.insert("pas")
        for seg in self.dend:
            seg.pas.g, seg.pas.e = 0.001, -65
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau = 2 * ms

    def __repr__(self):
        return "Cell[%d]" % self._gid


N = 5
gids = range(pc.id(), N, pc.nhost())
cells = []
for gid in gids:
    pc.set_gid2node(gid, pc.id())
    cell = Cell(gid)
    nc = h.NetCon(cell.soma(0.5)._ref_v, None, sec=cell.soma)
    pc.cell(gid, nc)
    cells.append(cell)
netcons = []
for cell in cells:
    nc = pc.gid_connect((cell._gid - 1 + N) % N, cell.syn)
    nc.weight[0] = 0.05
    nc.delay = 5 * ms
    netcons.append(nc)
stim = h.NetStim()
stim.number = 1
stim.start = 9
ncstim = h.NetCon(stim, cells[0].syn)
ncstim.delay = 1 * ms
ncstim.weight[0] = 0.04

tvec = h.Vector()
idvec = h.Vector()
pc.spike_record(-1, tvec, idvec)
t = h.Vector().record(h._ref_t)
vs = {"cell%d soma(0.5).v" % c._gid: h.Vector().record(c.soma(0.5)._ref_v) for c in cells[:2]}

h.dt = 0.025
maxstep = pc.set_maxstep(10 * ms)
h.finitialize(-65 * mV)
pc.psolve(100 * ms)
t_first = h.t
pc.psolve(100.05 * ms)

h2 = {
    "maxstep": maxstep,
    "t_after_first_psolve": t_first,
    "t_end": h.t,
    "id": pc.id(),
    "nhost": pc.nhost(),
    "gid_exists": [pc.gid_exists(g) for g in (0, 4, 5)],
    "threshold": pc.threshold(2),
    "srcgid": [nc.srcgid() for nc in netcons],
    "py_allgather": pc.py_allgather(7),
    "py_gather": pc.py_gather(3, 0),
    "py_broadcast": pc.py_broadcast(11, 0),
    "py_alltoall": pc.py_alltoall([5]),
    "allreduce_sum": pc.allreduce(2.5, 1),
    "gid2cell": str(pc.gid2cell(3)),
}

case.write({
    "case": case.name,
    "description": (
        "NEURON's ring network with ParallelContext (Ball and stick 4), in one process: 5 "
        "ball-and-stick cells (soma L=diam=12.6157 um, hh; dend L=200 um, diam=1 um, nseg=5, pas "
        "g=0.001 S/cm2 e=-65 mV; Ra=100, cm=1; ExpSyn tau=2 ms at dend(0.5)), gid i per cell "
        "(pc.set_gid2node, pc.cell with a NetCon on soma(0.5) v), cell i driven by "
        "pc.gid_connect(i-1 mod 5) weight 0.05 uS delay 5 ms; a NetStim (start 9, number 1) to "
        "cell 0 weight 0.04 delay 1. pc.spike_record(-1, tvec, idvec); pc.set_maxstep(10); "
        "finitialize(-65); psolve(100); psolve(100.05). dt=0.025."),
    **settings(100.05, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vs.items()},
    "spikes": {"tvec": list(tvec), "idvec": list(idvec)},
    "scalars": h2,
})
