"""Reference case `runaway_calcium`: a model whose state runs away, where the last bit of every
`exp` shows.

A cable (L 82.476 um, diam 6.325 um, nseg 2, Ra 87.76 ohm cm) with only cad (mod/cad.mod: writes
cai) and cahv (mod/cahv.mod: an L-type current reading eca, gbar 0.00067 S/cm2), two IClamps (0.74 nA
from 3.08 to 10.16 ms at 0.161, 0.216 nA from 1.94 to 4.94 ms at the middle); celsius 34,
secondorder 2, dt = 0.025, cai0_ca_ion = 1e-4, finitialize(-70), 15 ms. Nothing pulls v back: it
climbs to about +150 mV, cai falls towards 0 and eca follows it, and a one-ulp difference in an
`exp` of cahv's rates grows until the traces part (with V8's Math.exp, 6.4e-4 mV at the end:
references/fuzz mechanisms seed 1751, of which this is a copy). v, ica,
cai and eca at both segments.

Run with NEURON installed:  python3 references/runaway_calcium.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "runaway_calcium")
h.load_file("stdrun.hoc")
case.load_mechanisms("cad.mod", "cahv.mod")

cable = h.Section(name="cable")
cable.L, cable.diam, cable.nseg, cable.Ra = 82.476, 6.325, 2, 87.76
cable.insert("cad")
cable.insert("cahv")
for seg in cable:
    seg.cahv.gbar = 0.00067
h.cai0_ca_ion = 1e-4
stims = []
for x, delay, dur, amp in ((0.161, 3.08, 7.08, 0.74), (0.5, 1.94, 3.0, 0.216)):
    s = h.IClamp(cable(x))
    s.delay, s.dur, s.amp = delay, dur, amp
    stims.append(s)

t = h.Vector().record(h._ref_t)
vecs = {}
for seg in cable:
    for var in ("v", "ica", "cai", "eca"):
        vecs[f"{seg}.{var}"] = h.Vector().record(getattr(seg, "_ref_" + var))
h.dt = 0.025
h.celsius = 34
h.secondorder = 2
h.finitialize(-70)
h.continuerun(15)

case.write({
    "case": case.name,
    "description": (
        "cable 82.476x6.325 um nseg 2 Ra 87.76 (cad, cahv gbar 0.00067); cai0_ca_ion = 1e-4; IClamp "
        "0.74 nA 3.08-10.16 ms at 0.161, 0.216 nA 1.94-4.94 ms at 0.5; celsius 34, secondorder 2, "
        "dt=0.025, finitialize(-70), continuerun(15)."),
    **settings(15.0, -70.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
})
