"""Reference case `pointer_gap`: two cells joined by a gap junction and a graded synapse, both
through POINTERs.

Two single-compartment sections `a` and `b` (L = diam = 20 um) with the built-in hh. Each has
`gapd` (packages/mechanisms/test/fixtures/mod/gapd.mod: i = g (v - vgap), g = 5e-4 S/cm2),
whose POINTER vgap is connected to the other's v with h.setpointer. `b` also has a `GradSyn`
(gradsyn.mod: ds/dt = (sinf(vpre) - s)/tau, i = gmax s (v - e)) whose POINTER vpre is a's v.
IClamp 0.5 nA on a from 2 to 2.5 ms, v_init = -65 mV, dt = 0.025, tstop = 30 ms.

Run with NEURON installed:  python3 references/pointer_gap.py  (or python3 model.py in the
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

case = Case(__file__, "pointer_gap")

# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
case.load_mechanisms("gapd.mod", "gradsyn.mod")

a = h.Section(name="a")
b = h.Section(name="b")
for sec in (a, b):
    sec.L = 20
    sec.diam = 20
    sec.insert("hh")
    sec.insert("gapd")
h.setpointer(b(0.5)._ref_v, "vgap", a(0.5).gapd)
h.setpointer(a(0.5)._ref_v, "vgap", b(0.5).gapd)
syn = h.GradSyn(b(0.5))
h.setpointer(a(0.5)._ref_v, "vpre", syn)

iclamp = h.IClamp(a(0.5))
iclamp.delay = 2
iclamp.dur = 0.5
iclamp.amp = 0.5

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {
    "a(0.5).v": a(0.5)._ref_v,
    "b(0.5).v": b(0.5)._ref_v,
    "a(0.5).gapd.i": a(0.5).gapd._ref_i,
    "b(0.5).gapd.i": b(0.5).gapd._ref_i,
    "syn.s": syn._ref_s,
    "syn.i": syn._ref_i,
}
vecs = {k: h.Vector().record(r) for k, r in rec.items()}

h.finitialize(-65 * mV)
h.continuerun(30 * ms)
traces = {k: list(v) for k, v in vecs.items()}

case.write({
    "case": case.name,
    "description": (
        "Two sections 'a' and 'b', each L=20 um, diam=20 um, nseg=1, cm=1, with the built-in 'hh' "
        "and 'gapd' (test mechanism mod/gapd.mod: i=g*(v-vgap), g=5e-4 S/cm2, POINTER vgap), each "
        "gapd's vgap pointing at the other section's v(0.5) (h.setpointer). 'syn': a GradSyn "
        "(mod/gradsyn.mod: ds/dt=(sinf(vpre)-s)/tau, sinf=1/(1+exp(-(vpre-vth)/vslope)), "
        "i=gmax*s*(v-e); gmax=0.01 uS, e=0, vth=-20, vslope=5 mV, tau=3 ms) at b(0.5) with vpre "
        "pointing at a(0.5).v. IClamp at a(0.5): delay=2, dur=0.5, amp=0.5 nA. Fixed step implicit "
        "Euler, dt=0.025, finitialize(-65), continuerun(30): 1201 samples."),
    **settings(30.0, -65.0),
    "t": list(t),
    "traces": traces,
    "spikes": {},
    "topology": capture_stdout(h.topology),
    "psection": psection(b),
})
