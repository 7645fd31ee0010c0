"""Reference case `gate_powers`: conductances whose gates' powers are written with ^ (m^3, n^4).

NEURON computes x^3 and x^4 with the C library's pow (glibc's); neurite rounds them to the nearest
double (core's libmPow3 and libmPow4), which glibc's pow gives but for rare misroundings; V8's
Math.pow differs from it on about 8% of such powers. A soma (L 18.8 um, diam 18.8 um) with hhpow
(mod/hhpow.mod: Hodgkin-Huxley currents without a TABLE, gnabar*m^3*h and gkbar*n^4), celsius
6.3, and a dendrite (L 200 um, diam 1 um, nseg 5) with hhpow at a third of its conductances;
IClamps of 0.3 nA from 2 to 22 ms at the soma and 0.05 nA from 10 to 11 ms at dend(0.9);
dt = 0.025, finitialize(-65), 30 ms: repeated spikes. v, ina, ik and m at soma(0.5) and
dend(0.7).

Run with NEURON installed:  python3 references/gate_powers.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "gate_powers")
h.load_file("stdrun.hoc")
case.load_mechanisms("hhpow.mod")

soma = h.Section(name="soma")
soma.L = soma.diam = 18.8
soma.insert("hhpow")
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 200, 1, 5
dend.connect(soma(1))
dend.insert("hhpow")
for seg in dend:
    seg.hhpow.gnabar, seg.hhpow.gkbar, seg.hhpow.gl = 0.04, 0.012, 0.0001
stims = []
for sec, x, delay, dur, amp in ((soma, 0.5, 2, 20, 0.3), (dend, 0.9, 10, 1, 0.05)):
    s = h.IClamp(sec(x))
    s.delay, s.dur, s.amp = delay, dur, amp
    stims.append(s)

t = h.Vector().record(h._ref_t)
vecs = {}
for seg in (soma(0.5), dend(0.7)):
    for var, ref in (("v", seg._ref_v), ("ina", seg._ref_ina), ("ik", seg._ref_ik), ("hhpow.m", seg.hhpow._ref_m)):
        vecs[f"{seg}.{var}"] = h.Vector().record(ref)
h.dt = 0.025
h.celsius = 6.3
h.finitialize(-65)
h.continuerun(30)

case.write({
    "case": case.name,
    "description": (
        "soma 18.8x18.8 um with hhpow (m^3, n^4 written with ^), dend 200x1 um nseg 5 with hhpow "
        "(gnabar 0.04, gkbar 0.012, gl 0.0001); IClamp 0.3 nA 2-22 ms at soma(0.5), 0.05 nA 10-11 ms "
        "at dend(0.9); celsius 6.3, dt=0.025, finitialize(-65), continuerun(30)."),
    **settings(30.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
})
