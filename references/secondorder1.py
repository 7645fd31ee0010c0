"""Reference case `secondorder1`: secondorder = 1, Crank-Nicolson for v without the correction
of the ion currents that secondorder = 2 adds (v is the same as with 2; ina and ik are not).

A single-compartment soma (L = diam = 20 um, hh), IClamp delay 1 ms, dur 1 ms, amp 0.5 nA;
dt = 0.025, finitialize(-65), continuerun(5), with secondorder 1 and then 2.

Run with NEURON installed:  python3 references/secondorder1.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402
from neuron.units import ms, mV  # noqa: E402

case = Case(__file__, "secondorder1")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 1, 0.5
h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {"soma(0.5).v": soma(0.5)._ref_v, "soma(0.5).ina": soma(0.5)._ref_ina, "soma(0.5).ik": soma(0.5)._ref_ik,
       "soma(0.5).hh.m": soma(0.5).hh._ref_m}
traces = {}
for so in (1, 2):
    h.secondorder = so
    vecs = {k: h.Vector().record(r) for k, r in rec.items()}
    h.finitialize(-65 * mV)
    h.continuerun(5 * ms)
    traces.update({f"{k} [secondorder {so}]": list(v) for k, v in vecs.items()})

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L = diam = 20 um, nseg 1, hh; IClamp at soma(0.5), delay 1 ms, dur 1 "
        "ms, amp 0.5 nA. dt = 0.025, finitialize(-65), continuerun(5), run with secondorder 1, "
        "then 2 (labels '[secondorder 1]', '[secondorder 2]'): v, ina, ik and hh's m."),
    **settings(5.0, -65.0),
    "t": list(t),
    "traces": traces,
    "spikes": {},
})
