"""The ring network in NEURON: N cells (hh soma + passive dendrite with an ExpSyn), each soma's
NetCon (threshold 10 mV, delay 1 ms, weight 0.05 uS) driving the next cell's synapse, started by
one event into cell 0's synapse at 2 ms. The model of references/ring.py with N = 100.
Prints the time of finitialize + continuerun, the final v of 10 somas and the spike times."""

from common import args, emit, timed

a = args()
ncells = int(a.get('cells', '100'))
cache = int(a.get('cache', '0'))
tstop = float(a.get('tstop', '100'))

from neuron import h  # noqa: E402

h.load_file('stdrun.hoc')


class Cell:
    def __init__(self, i):
        self.soma = h.Section(name='cell%d_soma' % i)
        self.soma.L = self.soma.diam = 20
        self.soma.insert('hh')
        self.dend = h.Section(name='cell%d_dend' % i)
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 5
        self.dend.insert('pas')
        for seg in self.dend:
            seg.pas.g, seg.pas.e = 1e-4, -65
        self.dend.connect(self.soma(1))
        self.soma.Ra = self.dend.Ra = 100
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau, self.syn.e = 2, 0


cells = [Cell(i) for i in range(ncells)]
netcons, rasters = [], []
for i, c in enumerate(cells):
    nc = h.NetCon(c.soma(0.5)._ref_v, cells[(i + 1) % ncells].syn, sec=c.soma)
    nc.threshold, nc.delay, nc.weight[0] = 10, 1, 0.05
    vec = h.Vector()
    nc.record(vec)
    netcons.append(nc)
    rasters.append(vec)
kick = h.NetCon(None, cells[0].syn)
kick.weight[0] = 0.05
sites = [cells[(k * ncells) // 10] for k in range(10)]
recs = [h.Vector().record(c.soma(0.5)._ref_v) for c in sites]
h.dt = 0.025
h.cvode.cache_efficient(cache)

def run():
    h.finitialize(-65)
    kick.event(2)
    h.continuerun(tstop)


sim_s, sim_cpu_s = timed(run)

emit({'sim': 'neuron', 'model': 'ring', 'cells': ncells, 'cache': cache, 'sim_s': sim_s, 'sim_cpu_s': sim_cpu_s,
      'steps': int(round(h.t / h.dt)), 'v_final': [r[r.size() - 1] for r in recs], 'samples': int(recs[0].size()),
      'spikes': [t for r in rasters for t in r], 'spike_counts': [int(r.size()) for r in rasters]})
