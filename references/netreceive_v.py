"""Reference case `netreceive_v`: a NET_RECEIVE that assigns v.

A single-compartment soma (L = diam = 20 um) with the built-in hh and a `VReset`
(packages/mechanisms/test/fixtures/mod/vreset.mod: when v crosses vth = 0 mV, a WATCH event; its
NET_RECEIVE sets v = vreset = -60 mV and clamps with gclamp = 0.5 uS for tref = 2 ms). IClamp
0.5 nA from 2 to 17 ms, v_init = -65 mV, dt = 0.025, tstop = 20 ms.

Run with NEURON installed:  python3 references/netreceive_v.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, capture_stdout, psection, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "netreceive_v")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("vreset.mod")

soma = h.Section(name="soma")
soma.L = 20
soma.diam = 20
soma.insert("hh")
reset = h.VReset(soma(0.5))
iclamp = h.IClamp(soma(0.5))
iclamp.delay = 2
iclamp.dur = 15
iclamp.amp = 0.5

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {"soma(0.5).v": soma(0.5)._ref_v, "reset.g": reset._ref_g, "reset.i": reset._ref_i, "reset.nreset": reset._ref_nreset}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}
h.finitialize(-65 * mV)
h.continuerun(20 * ms)

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh' and a VReset "
        "at soma(0.5) (test mechanism mod/vreset.mod: WATCH (v > vth) with vth=0 mV; its NET_RECEIVE "
        "sets v = vreset = -60 mV and g = gclamp = 0.5 uS for tref = 2 ms, i = g*(v - vreset)). "
        "IClamp at soma(0.5): delay=2, dur=15, amp=0.5 nA. Fixed step implicit Euler, dt=0.025, "
        "finitialize(-65), continuerun(20): 801 samples."),
    **settings(20.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
