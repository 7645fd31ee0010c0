"""Reference case `cvode_event`: h.CVode().event(t, callback) with the fixed step method.

The tutorial cell (soma L = diam = 20 um, hh) with an IClamp (delay 0, dur 1e9, amp 0) whose
amplitude the callbacks change: 0.9 nA at 2 ms, 0 at 2.1 ms, 0.5 nA at 7.01 ms (between grid
points), 0 at 7.5 ms; a callback at 3 ms schedules another one at 12.3 ms that sets gnabar_hh to
0.06. Each callback notes h.t when it runs (NEURON runs it after the step in which its event is
delivered: the first step that ends at or after its time). finitialize(-65) then the events
(finitialize clears the event queue), continuerun(20), dt = 0.025. Then stoprun: a callback at 5 ms
sets h.stoprun = 1, which ends continuerun(10) after that step (t and stoprun noted), and a second
continuerun(10) goes on to 10 ms.

Run with NEURON installed:  python3 references/cvode_event.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "cvode_event")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 0, 1e9, 0

calls = []


def setter(amp):
    def fn():
        calls.append(["amp", amp, h.t])
        stim.amp = amp
    return fn


def later():
    calls.append(["schedule", h.t])
    h.CVode().event(12.3, slow)


def slow():
    calls.append(["gnabar", h.t])
    soma(0.5).hh.gnabar = 0.06


h.dt = 0.025
t = h.Vector().record(h._ref_t)
v = h.Vector().record(soma(0.5)._ref_v)
h.finitialize(-65)
cv = h.CVode()
for te, amp in ((2, 0.9), (2.1, 0), (7.01, 0.5), (7.5, 0)):
    cv.event(te, setter(amp))
cv.event(3, later)
h.continuerun(20)
traces = {"soma(0.5).v": list(v)}
ts = list(t)

# stoprun set in a callback ends continuerun after that step; the next continuerun goes on.
def stop():
    h.stoprun = 1


h.finitialize(-65)
h.CVode().event(5, stop)
h.continuerun(10)
stoprun = [h.t, h.stoprun]
h.continuerun(10)
stoprun += [h.t, h.stoprun]

case.write({
    "case": case.name,
    "description": (
        "soma L=diam=20 um, hh; IClamp delay 0 dur 1e9 amp 0, its amp set by CVode.event callbacks "
        "(0.9 nA at 2 ms, 0 at 2.1, 0.5 at 7.01, 0 at 7.5; at 3 ms a callback schedules one at 12.3 "
        "ms setting gnabar_hh 0.06). Fixed step, dt=0.025, finitialize(-65), continuerun(20). "
        "calls: what each callback saw (h.t) in the order they ran."),
    **settings(20.0, -65.0),
    "t": ts,
    "traces": traces,
    "spikes": {},
    "calls": calls,
    "stoprun": stoprun,
})
