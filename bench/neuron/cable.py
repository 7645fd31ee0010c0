"""The hh cable in NEURON: a binary tree of sections with nseg 10, IClamps at 10 sites, v recorded
there. Prints the time of finitialize + continuerun, memory, and the final v at the sites."""
import time

from common import args, emit, rss_bytes, timed

a = args()
ncomp = int(a.get('ncomp', '1000'))
# --mech pas or none: the same tree with another membrane (the solver's share alone with none)
mech = a.get('mech', 'hh')
secondorder = int(a.get('secondorder', '0'))
cache = int(a.get('cache', '0'))
tstop = float(a.get('tstop', '100'))

rss0 = rss_bytes()
from neuron import h  # noqa: E402

h.load_file('stdrun.hoc')
rss_loaded = rss_bytes()
t_build = time.perf_counter()

NSEG = 10
nsec = ncomp // NSEG
secs = []
for i in range(nsec):
    s = h.Section(name='sec%d' % i)
    s.L = 50
    s.diam = 1
    s.Ra = 100
    s.nseg = NSEG
    if mech != 'none':
        s.insert(mech)
    if i > 0:
        s.connect(secs[(i - 1) // 2](1))
    secs.append(s)

sites = [secs[(k * nsec) // 10] for k in range(10)]
stims = []
recs = []
for k, s in enumerate(sites):
    st = h.IClamp(s(0.5))
    st.delay = 1 + 10 * k
    st.dur = 1
    st.amp = 0.5
    stims.append(st)
    recs.append(h.Vector().record(s(0.5)._ref_v))

h.dt = 0.025
h.secondorder = secondorder
h.cvode.cache_efficient(cache)
build_s = time.perf_counter() - t_build

init_s, init_cpu = timed(lambda: h.finitialize(-65))
rss_init = rss_bytes()  # outside the timed span, as on the neurite side
rest_s, rest_cpu = timed(lambda: h.continuerun(tstop))
sim_s, sim_cpu_s = init_s + rest_s, init_cpu + rest_cpu

emit({
    'sim': 'neuron', 'model': 'cable', 'ncomp': nsec * NSEG, 'secondorder': secondorder, 'mech': mech, 'cache': cache,
    'sim_s': sim_s, 'sim_cpu_s': sim_cpu_s, 'build_s': build_s, 'steps': int(round(h.t / h.dt)),
    'rss_baseline': rss_loaded, 'rss_model': rss_init, 'rss_start': rss0,
    'v_final': [r[r.size() - 1] for r in recs],
    'v_max': [r.max() for r in recs],
    'samples': int(recs[0].size()),
})
