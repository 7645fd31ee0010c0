"""Reference case `ion_globals`: NEURON's initial ion concentrations `h.cai0_ca_ion` and
`h.cao0_ca_ion`, set by a script.

finitialize gives a segment these concentrations where a mechanism writes the species'
concentration; elsewhere a segment keeps the concentrations it has (NEURON's defaults, 5e-5 and 2
mM, when the ion was added to it). A soma (L = diam = 20 um, hh, cad: mod/cad.mod writes cai,
cahv: mod/cahv.mod, gbar 0.001 S/cm2) and a dendrite at soma(1) (L 100, diam 2, nseg 3, pas,
catg: mod/cat_ghk.mod reads cai and cao, pbar 2e-4 cm/s); cai0_ca_ion = 1e-4 mM and cao0_ca_ion =
3 mM, set after the mechanisms are inserted; IClamp 0.2 nA from 1 to 11 ms at the soma. cai, cao,
eca and ica at the soma and the dendrite, v, and soma(1).cai, dend(0).eca, dend(1).ica (at a
section's end, its end segment's values); dt = 0.025, 15 ms; then cao0_ca_ion = 1.5 and
again ([cao0 1.5]).

Run with NEURON installed:  python3 references/ion_globals.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "ion_globals")
h.load_file("stdrun.hoc")
case.load_mechanisms("cad.mod", "cahv.mod", "cat_ghk.mod")

soma = h.Section(name="soma")
soma.L = soma.diam = 20
for m in ("hh", "cad", "cahv"):
    soma.insert(m)
soma(0.5).cahv.gbar = 0.001
dend = h.Section(name="dend")
dend.L, dend.diam, dend.nseg = 100, 2, 3
dend.connect(soma(1))
dend.insert("pas")
dend.insert("catg")
for seg in dend:
    seg.catg.pbar = 2e-4
h.cai0_ca_ion = 1e-4
h.cao0_ca_ion = 3
stim = h.IClamp(soma(0.5))
stim.delay, stim.dur, stim.amp = 1, 10, 0.2

t = h.Vector().record(h._ref_t)
vecs = {}
for seg in (soma(0.5), dend(0.5)):
    for var in ("cai", "cao", "eca", "ica"):
        vecs[f"{seg}.{var}"] = h.Vector().record(getattr(seg, "_ref_" + var))
vecs["soma(0.5).v"] = h.Vector().record(soma(0.5)._ref_v)
# At a section's ends an ion's variables are its end segments' (not the end nodes').
vecs["soma(1).cai"] = h.Vector().record(soma(1)._ref_cai)
vecs["dend(0).eca"] = h.Vector().record(dend(0)._ref_eca)
vecs["dend(1).ica"] = h.Vector().record(dend(1)._ref_ica)
h.dt = 0.025
traces = {}
for cao0, suffix in ((3, ""), (1.5, " [cao0 1.5]")):
    h.cao0_ca_ion = cao0
    h.finitialize(-65)
    h.continuerun(15)
    for k, v in vecs.items():
        traces[k + suffix] = list(v)

case.write({
    "case": case.name,
    "description": (
        "soma 20x20 um (hh, cad, cahv gbar 0.001), dend 100x2 um nseg 3 at soma(1) (pas, catg "
        "pbar 2e-4); cai0_ca_ion = 1e-4, cao0_ca_ion = 3 (then 1.5, traces [cao0 1.5]) set after "
        "inserting; IClamp 0.2 nA 1-11 ms; dt=0.025, finitialize(-65), continuerun(15)."),
    **settings(15.0, -65.0),
    "cai0_ca_ion": h.cai0_ca_ion,
    "t": list(t),
    "traces": traces,
    "spikes": {},
})
