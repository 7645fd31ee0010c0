"""A cell whose time goes to a KINETIC scheme, in NEURON: a chain of 10 sections (nseg 10, 100
compartments) with hh, an HVA calcium current (cahv) and calcium in 8 shells with a buffer, a
store and a pump (cashell: 34 KINETIC states, METHOD sparse), the test mechanisms of
packages/mechanisms/test/fixtures/mod; an IClamp at the first compartment; 100 ms.
--lib: the mechanism library nrnivmodl built from those two files.
Prints the time of finitialize + continuerun and the final v at 10 sites."""

from common import args, emit, timed

a = args()
cache = int(a.get('cache', '0'))
tstop = float(a.get('tstop', '100'))
nsec = int(a.get('sections', '10'))

from neuron import h  # noqa: E402

h.nrn_load_dll(a['lib'])
h.load_file('stdrun.hoc')
secs = []
for i in range(nsec):
    s = h.Section(name=f'sec{i}')
    s.L = 100
    s.diam = 2
    s.nseg = 10
    s.Ra = 100
    s.insert('hh')
    s.insert('cahv')
    s.insert('cashell')
    for seg in s:
        seg.cahv.gbar = 0.002
    if secs:
        s.connect(secs[-1](1))
    secs.append(s)
iclamp = h.IClamp(secs[0](0.05))
iclamp.delay = 2
iclamp.dur = 80
iclamp.amp = 0.3
sites = [s(0.55) for s in secs]
vs = [h.Vector().record(seg._ref_v) for seg in sites]
h.cvode.cache_efficient(cache)

def run():
    h.finitialize(-65)
    h.continuerun(tstop)


sim_s, sim_cpu_s = timed(run)

emit({'sim': 'neuron', 'model': 'kinetic', 'cache': cache, 'sim_s': sim_s, 'sim_cpu_s': sim_cpu_s, 'steps': int(round(h.t / h.dt)),
      'v_final': [v[v.size() - 1] for v in vs], 'v_max': [v.max() for v in vs], 'samples': int(vs[0].size())})
