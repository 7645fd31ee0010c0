"""NEURON's tutorial cell ("Scripting NEURON basics"): a soma with hh and an IClamp, 40 ms.
Prints the time of finitialize + continuerun and the final v."""

from common import args, emit, timed

a = args()
cache = int(a.get('cache', '0'))
tstop = float(a.get('tstop', '40'))

from neuron import h  # noqa: E402

h.load_file('stdrun.hoc')
soma = h.Section(name='soma')
soma.L = 20
soma.diam = 20
soma.insert('hh')
iclamp = h.IClamp(soma(0.5))
iclamp.delay = 2
iclamp.dur = 0.1
iclamp.amp = 0.9
v = h.Vector().record(soma(0.5)._ref_v)
t = h.Vector().record(h._ref_t)
h.cvode.cache_efficient(cache)

def run():
    h.finitialize(-65)
    h.continuerun(tstop)


sim_s, sim_cpu_s = timed(run)

emit({'sim': 'neuron', 'model': 'tutorial', 'cache': cache, 'sim_s': sim_s, 'sim_cpu_s': sim_cpu_s, 'steps': int(round(h.t / h.dt)),
      'v_final': [v[v.size() - 1]], 'v_max': [v.max()], 'samples': int(v.size())})
