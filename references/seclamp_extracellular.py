"""Reference case `seclamp_extracellular`: an electrode (SEClamp) on a section with extracellular
layers, and i_membrane_ where an electrode's current depends on v.

nocmodl's code for an ELECTRODE_CURRENT point process sees v as the potential inside, v +
vext[0], where the node has extracellular layers (an electrode measures against ground), and
adds its current to layer 0's equations too. An hh cable (L = 300 um, diam = 2 um, nseg = 11)
with extracellular (xraxial[0] = 50 MOhm/cm, xg[0] = 10 S/cm2, xc[0] = 1 uF/cm2); an SEClamp at
cable(0.3) (rs = 1 MOhm; -40 mV for 2 ms, then -80 mV for 3 ms, then 0 mV for 4 ms) and an
IClamp at cable(0.8) (0.3 nA from 1 to 8 ms); e_extracellular at cable(0.5) played as a -20 mV
step from 3 to 5 ms. A second cable, `plain` (the same without extracellular), with an SEClamp at
plain(0.3) (rs = 2 MOhm; -50 mV for 4 ms, then -70 mV). cvode.use_fast_imem(1): i_membrane_ at
the clamps (NEURON counts an electrode's conductance in it as its nocmodl code has it, and gives
it at finitialize from the currents there). v, vext[0], the clamps' currents and i_membrane_;
dt = 0.025, 10 ms.

Run with NEURON installed:  python3 references/seclamp_extracellular.py  (or python3 model.py in
the fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "seclamp_extracellular")
h.load_file("stdrun.hoc")

cable = h.Section(name="cable")
cable.L, cable.diam, cable.nseg = 300, 2, 11
cable.insert("hh")
cable.insert("extracellular")
for seg in cable:
    seg.xraxial[0], seg.xg[0], seg.xc[0] = 50, 10, 1
clamp = h.SEClamp(cable(0.3))
clamp.rs = 1
clamp.dur1, clamp.amp1, clamp.dur2, clamp.amp2, clamp.dur3, clamp.amp3 = 2, -40, 3, -80, 4, 0
stim = h.IClamp(cable(0.8))
stim.delay, stim.dur, stim.amp = 1, 7, 0.3
ev = h.Vector([0, 0, -20, -20, 0, 0])
et = h.Vector([0, 3, 3, 5, 5, 10])
ev.play(cable(0.5)._ref_e_extracellular, et, 1)

plain = h.Section(name="plain")
plain.L, plain.diam, plain.nseg = 300, 2, 11
plain.insert("hh")
clamp2 = h.SEClamp(plain(0.3))
clamp2.rs, clamp2.dur1, clamp2.amp1, clamp2.dur2, clamp2.amp2 = 2, 4, -50, 20, -70
h.cvode.use_fast_imem(1)

t = h.Vector().record(h._ref_t)
traces = {}
for x in (0.3, 0.5, 0.8):
    traces[f"cable({x}).v"] = h.Vector().record(cable(x)._ref_v)
    traces[f"cable({x}).vext[0]"] = h.Vector().record(cable(x)._ref_vext[0])
traces["SEClamp[0].i"] = h.Vector().record(clamp._ref_i)
traces["SEClamp[1].i"] = h.Vector().record(clamp2._ref_i)
for seg in (cable(0.3), cable(0.5), plain(0.3), plain(0.7)):
    traces[f"{seg}.i_membrane_"] = h.Vector().record(seg._ref_i_membrane_)
h.dt = 0.025
h.finitialize(-65)
h.continuerun(10)

case.write({
    "case": case.name,
    "description": (
        "hh cable 300x2 um, nseg 11, extracellular xraxial[0]=50, xg[0]=10, xc[0]=1; SEClamp at "
        "cable(0.3) rs=1, -40 mV 2 ms, -80 mV 3 ms, 0 mV 4 ms; IClamp cable(0.8) 0.3 nA 1-8 ms; "
        "e_extracellular at cable(0.5) played -20 mV from 3 to 5 ms (continuous). plain: the same "
        "cable without extracellular, SEClamp at plain(0.3) rs=2, -50 mV 4 ms then -70 mV. "
        "cvode.use_fast_imem(1). dt=0.025, 10 ms."),
    **settings(10.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in traces.items()},
    "spikes": {},
})
