"""Reference case `verbatim_c`: VERBATIM C code in test mechanisms of our own.

A passive soma (L = diam = 20 um, pas with g = 1e-4 S/cm2, e = -65 mV) with three ProbSyn
synapses at 0.5 (packages/mechanisms/test/fixtures/mod/probsyn.mod: g decays with tau = 2 ms and
an event raises it by its weight with probability p = 0.5). An EventTimes cell (eventtimes.mod)
fires at the times of a Vector given to play() (1, 3.5, 6, ..., 41 ms: 17 events) and drives
the three synapses through NetCons of delay 1 ms: s1 (weight 0.002 uS) draws from a Random
(Random123 ids 1 2 3, uniform(0, 1)) given by setRNG; s2 (0.003 uS) draws from scop_random
(set_seed is not called: NEURON's default seed); s3 has weight 0 and returns from NET_RECEIVE
before drawing. dt = 0.025, v_init = -65 mV, tstop = 50 ms. Two StreamCells (streamcell.mod:
intervals of mean * nrnran123_negexp from the cell's own Random123 stream, restarted by INITIAL)
with setStream(1, 2, 3) (mean 4 ms) and setStream(5, 6) (mean 2.5 ms): their event times in this
run and in a second run of 50 ms (the same: INITIAL restarts the streams), and made() = 2. A
RandSyn (randsyn.mod: each event scales its weight by an element of a Vector picked with the C
library's rand() % 4, srand(7) in INITIAL) driven by the EventTimes cell (weight 0.001 uS, delay
0.5 ms): its g and last pick, the pick left in the NetCon's weight vector, and three uniform()
draws after the run.

Run with NEURON installed:  python3 references/verbatim_c.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, psection, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "verbatim_c")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("eventtimes.mod", "probsyn.mod", "streamcell.mod", "randsyn.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("pas")
soma.g_pas = 1e-4
soma.e_pas = -65

times = h.Vector([1 + 2.5 * k for k in range(17)])
src = h.EventTimes()
src.play(times)

syns = [h.ProbSyn(soma(0.5)) for _ in range(3)]
rng = h.Random()
rng.Random123(1, 2, 3)
rng.uniform(0, 1)
syns[0].setRNG(rng)
ncs = []
for syn, w in zip(syns, (0.002, 0.003, 0)):
    nc = h.NetCon(src, syn)
    nc.delay = 1
    nc.weight[0] = w
    ncs.append(nc)
src_times = h.Vector()
ncs[0].record(src_times)

rsyn = h.RandSyn(soma(0.5))
scales = h.Vector([1, 2, 3, 4])
rsyn.setScales(scales)
rnc = h.NetCon(src, rsyn)
rnc.delay = 0.5
rnc.weight[0] = 0.001

cells = [h.StreamCell(), h.StreamCell()]
cells[0].setStream(1, 2, 3)
cells[1].setStream(5, 6)
cells[1].mean = 2.5
cell_times = [h.Vector() for _ in cells]
cell_ncs = [h.NetCon(c, None) for c in cells]
for nc, v in zip(cell_ncs, cell_times):
    nc.record(v)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {"soma(0.5).v": soma(0.5)._ref_v}
for k, syn in enumerate(syns):
    rec["s%d.g" % (k + 1)] = syn._ref_g
    rec["s%d.i" % (k + 1)] = syn._ref_i
rec["rsyn.g"] = rsyn._ref_g
rec["rsyn.lastpick"] = rsyn._ref_lastpick
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

h.finitialize(-65 * mV)
h.continuerun(50 * ms)
traces = {k: list(v) for k, v in vecs.items()}
spikes = {"EventTimes": list(src_times)}
for k, v in enumerate(cell_times):
    spikes["StreamCell%d" % k] = list(v)
scalars = {
    "nrelease": [syn.nrelease for syn in syns],
    "releases": syns[0].releases(),
    "half_releases": syns[0].half_releases(),
    "idx": src.idx,
    "tnext": src.tnext,
    "nfired": [c.nfired for c in cells],
    "made": cells[0].made(),
    "rnc_pick": rnc.weight[1],
    "uniform": [rsyn.uniform() for _ in range(3)],
}
h.finitialize(-65 * mV)
h.continuerun(50 * ms)
for k, v in enumerate(cell_times):
    spikes["StreamCell%d second run" % k] = list(v)

case.write({
    "case": case.name,
    "description": (
        "soma L=20 um, diam=20 um, pas (g=1e-4 S/cm2, e=-65 mV); three ProbSyn (test mechanism "
        "mod/probsyn.mod: g'=-g/tau, i=g*(v-e), tau=2 ms, e=0, p=0.5: an event raises g by its "
        "weight when a uniform draw is below p) at soma(0.5), driven through NetCons (delay 1 ms) "
        "by an EventTimes cell (mod/eventtimes.mod) playing the times 1, 3.5, ..., 41 ms. s1: "
        "weight 0.002 uS, draws from a Random (Random123 1 2 3, uniform(0, 1)) given by setRNG; "
        "s2: weight 0.003 uS, draws from scop_random; s3: weight 0, returns before drawing. "
        "Two StreamCells (mod/streamcell.mod: intervals mean*nrnran123_negexp of their own stream): "
        "setStream(1, 2, 3) with mean 4 ms and setStream(5, 6) with mean 2.5 ms; their event times "
        "in this run and in a second one. "
        "Fixed step implicit Euler, dt=0.025, finitialize(-65), continuerun(50)."),
    **settings(50.0, -65.0),
    "t": list(t),
    "traces": traces,
    "spikes": spikes,
    "scalars": scalars,
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
