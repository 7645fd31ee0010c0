"""Reference case `function_table`: FUNCTION_TABLE in a density mechanism (test mechanism
packages/mechanisms/test/fixtures/mod/ftab.mod), its tables given by the script.

A soma (L = diam = 20 um) with hh and ftab (gbar 0.01 S/cm2). ninf_ftab: values at the points
v = -100, -80, ..., 40 mV (Vectors: h.table_ninf_ftab(y, x)), a sigmoid of v; tau_ftab first a
constant 2.5 ms (h.table_tau_ftab(2.5)), then, for a second run, 8 values on an even grid from
-100 to 40 mV (h.table_tau_ftab(y._ref_x[0], 8, -100, 40)); q(v, k), scaling the conductance, 1
(h.table_q_ftab(1)), then 3 x 4 values: v evenly from -80 to 40 mV, k at 0, 1, 2, 4 (k = 1.5).
IClamp 0.5 nA from 2 to 7 ms. v and n of both
runs, dt = 0.025, 20 ms each.

Run with NEURON installed:  python3 references/function_table.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "function_table")
h.load_file("stdrun.hoc")
case.load_mechanisms("ftab.mod")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("hh")
soma.insert("ftab")
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 2, 5, 0.5

vx = h.Vector([-100 + 20 * k for k in range(8)])
ny = h.Vector([1 / (1 + math.exp(-(x + 40) / 8)) for x in vx])
h.table_ninf_ftab(ny, vx)
h.table_tau_ftab(2.5)
h.table_q_ftab(1)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
v = h.Vector().record(soma(0.5)._ref_v)
n = h.Vector().record(soma(0.5).ftab._ref_n)
h.finitialize(-65)
h.continuerun(20)
traces = {"soma(0.5).v": list(v), "soma(0.5).ftab.n": list(n)}

tauy = h.Vector([1, 1.5, 2.5, 4, 3, 2, 1.5, 1])
h.table_tau_ftab(tauy._ref_x[0], 8, -100, 40)
# q(v, k): 3 values of v evenly from -80 to 40 mV by 4 points of k (k varies fastest).
qy = h.Vector([0.5, 1, 1.5, 2, 1, 1.2, 1.4, 1.6, 2, 1.5, 1, 0.5])
kx = h.Vector([0, 1, 2, 4])
h.table_q_ftab(qy._ref_x[0], 3, -80, 40, 4, kx._ref_x[0])
h.finitialize(-65)
h.continuerun(20)
traces["soma(0.5).v [tau on a grid]"] = list(v)
traces["soma(0.5).ftab.n [tau on a grid]"] = list(n)

case.write({
    "case": case.name,
    "description": (
        "soma L=diam=20 um, hh and ftab (mod/ftab.mod: ik = gbar n^4 (v - ek), n' = (ninf(v) - "
        "n)/tau(v), both FUNCTION_TABLEs; gbar 0.01). ninf: 1/(1+exp(-(v+40)/8)) at v = -100, "
        "-80, ..., 40 (table_ninf_ftab(y, x)); tau: 2.5 ms (table_tau_ftab(2.5)), then [1, 1.5, "
        "2.5, 4, 3, 2, 1.5, 1] on an even grid -100..40 mV (table_tau_ftab(y._ref_x[0], 8, -100, 40)) and q(v, k) "
        "3 x 4 values (v -80..40 mV evenly, k at 0, 1, 2, 4; k = 1.5) for "
        "the runs marked [tau on a grid]. IClamp 0.5 nA 2-7 ms. dt=0.025, finitialize(-65), "
        "continuerun(20), twice."),
    **settings(20.0, -65.0),
    "t": list(t),
    "traces": traces,
    "spikes": {},
})
