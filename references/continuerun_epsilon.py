"""Reference case `continuerun_epsilon`: where stdrun's continuerun stops.

stdrun's loop is `while (t < tstop - dt/2) step()`, and hoc's `<` is true only when the left
side is less by more than float_epsilon (1e-11): t may fall short of tstop - dt/2 by rounding
and still end the run. For each case (dt, steps_per_ms, tstop), a passive soma: stdinit(), then
continuerun(tstop), then continuerun(t + 5); t after each run and the number of samples of a
recording of v.

Run with NEURON installed:  python3 references/continuerun_epsilon.py  (or python3 model.py in
the fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "continuerun_epsilon")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.insert("pas")
v = h.Vector().record(soma(0.5)._ref_v)
cases = []
for dt, spm, tstop in ((0.04, 25, 12.3), (0.025, 40, 12.3), (0.1, 10, 7.77), (0.07, 25, 12.3), (0.03, 40, 5.01), (0.01, 100, 3.3)):
    h.steps_per_ms = spm
    h.dt = dt
    h.tstop = tstop
    h.stdinit()
    h.continuerun(tstop)
    t1, n1 = h.t, v.size()
    h.continuerun(h.t + 5)
    cases.append({"dt": dt, "steps_per_ms": spm, "tstop": tstop, "dt_used": h.dt, "t1": t1, "samples1": n1, "t2": h.t, "samples2": v.size()})
h.steps_per_ms = 40

case.write({
    "case": case.name,
    "description": "passive soma; per case: steps_per_ms, dt, stdinit(), continuerun(tstop), continuerun(t + 5); t and v's samples after each.",
    **settings(0.0, -65.0),
    "cases": cases,
    "t": [],
    "traces": {},
    "spikes": {},
})
