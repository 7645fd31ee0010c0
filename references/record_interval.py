"""Reference case `record_interval`: Vector.record(ref, Dt), samples every Dt ms.

A single-compartment soma (L = diam = 20 um, hh) with an IClamp (delay 0.5 ms, dur 1 ms,
amp 0.5 nA); v and t recorded every step and every Dt for Dt = 0.1, 0.01 (several samples per
step), 0.06 (not a multiple of dt) and 0.25 ms, and the IClamp's i every 0.05 ms. dt = 0.025,
finitialize(-65), continuerun(2), then continuerun(2.5) (the recordings continue). NEURON takes
these samples as events on its queue: at the end of a step those due by the new t, at the start
of a step those due by t + dt/2; t's sample is the sample time.

Run with NEURON installed:  python3 references/record_interval.py  (or python3 model.py in the
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

case = Case(__file__, "record_interval")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 0.5, 1, 0.5

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = {"soma(0.5).v": h.Vector().record(soma(0.5)._ref_v)}
for dt in (0.1, 0.01, 0.06, 0.25):
    vecs[f"t every {dt}"] = h.Vector().record(h._ref_t, dt)
    vecs[f"soma(0.5).v every {dt}"] = h.Vector().record(soma(0.5)._ref_v, dt)
vecs["stim.i every 0.05"] = h.Vector().record(stim._ref_i, 0.05)

h.finitialize(-65 * mV)
h.continuerun(2 * ms)
first = {k: list(v) for k, v in vecs.items()}
first_t = list(t)
h.continuerun(2.5 * ms)

case.write({
    "case": case.name,
    "description": (
        "One section 'soma', L = diam = 20 um, nseg 1, hh; IClamp at soma(0.5), delay 0.5 ms, "
        "dur 1 ms, amp 0.5 nA. v and t recorded every step and with Vector.record(ref, Dt) for "
        "Dt = 0.1, 0.01, 0.06, 0.25 ms; the IClamp's i every 0.05 ms. dt = 0.025, "
        "finitialize(-65), continuerun(2): traces labelled '[to 2]'; then continuerun(2.5): "
        "the same vectors, continued."),
    **settings(2.5, -65.0),
    "t": list(t),
    "traces": {**{f"{k} [to 2]": v for k, v in first.items()}, "t [to 2]": first_t,
               **{k: list(v) for k, v in vecs.items()}},
    "spikes": {},
})
