"""Reference case `finitialize_handlers`: h.FInitializeHandler of each type on the tutorial cell.

A soma (L = diam = 20 um) with hh and an IClamp (delay 2 ms, dur 0.1 ms, amp 0.9 nA). Handlers:
type 3 sets gnabar_hh = 0.13 (start of finitialize), type 0 sets v = -60 mV (after v = v_init,
before the INITIAL blocks: hh's states start at -60), type 1 sets m_hh = 0.2 (after the INITIAL
blocks), type 2 notes v and m_hh (just before finitialize returns), and a second type-1 handler
made after the first notes m_hh too (handlers of one type run in the order they were made). The
order of the calls is recorded. finitialize(-65), continuerun(10), dt = 0.025.

Run with NEURON installed:  python3 references/finitialize_handlers.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "finitialize_handlers")
h.load_file("stdrun.hoc")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 0.1, 0.9

calls = []


def fi3():
    calls.append(["3", h.t, soma(0.5).v])
    soma(0.5).hh.gnabar = 0.13


def fi0():
    calls.append(["0", h.t, soma(0.5).v])
    soma(0.5).v = -60


def fi1():
    calls.append(["1", h.t, soma(0.5).v, soma(0.5).hh.m])
    soma(0.5).hh.m = 0.2


def fi1b():
    calls.append(["1b", h.t, soma(0.5).hh.m])


def fi2():
    calls.append(["2", h.t, soma(0.5).v, soma(0.5).hh.m])


handlers = [h.FInitializeHandler(3, fi3), h.FInitializeHandler(0, fi0), h.FInitializeHandler(fi1),
            h.FInitializeHandler(2, fi2), h.FInitializeHandler(1, fi1b)]

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = {"soma(0.5).v": h.Vector().record(soma(0.5)._ref_v),
        "soma(0.5).hh.m": h.Vector().record(soma(0.5).hh._ref_m)}
h.finitialize(-65)
h.continuerun(10)

case.write({
    "case": case.name,
    "description": (
        "soma L=diam=20 um, hh, IClamp 0.9 nA 2-2.1 ms. FInitializeHandlers: type 3 sets gnabar_hh "
        "0.13, type 0 sets v -60 mV, type 1 sets m_hh 0.2, type 2 notes v and m, a second type 1 "
        "notes m. finitialize(-65), continuerun(10), dt=0.025. calls: [type, t, values...] in the "
        "order NEURON made them."),
    **settings(10.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
    "calls": calls,
})
