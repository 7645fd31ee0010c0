"""Reference case `ion_style`: NEURON's `ion_style`, and the style mechanisms give a section.

`h.ion_style("ca_ion", c_style, e_style, einit, eadvance, cinit, sec=s)` sets, for every segment
of s, whether finitialize resets the concentrations (cinit) and computes e by Nernst (einit), and
whether every step computes e by Nernst (eadvance); with the ion's name alone it returns the
style. Nine somas (L = diam = 20 um, IClamp 0.3 nA from 1 to 11 ms each):

- `na_nernst`: ion_style("na_ion", 1, 2, 1, 0, 1): ena = Nernst(nai0, nao0) at finitialize
  instead of 50 mV (nseg 3, set after the style: every segment keeps it).
- `k_conc`: ki = 150 mM by hand, ion_style("k_ion", 1, 2, 1, 1, 0): no reset of ki, ek from it at
  finitialize and every step.
- `ca_einit`: cad (mod/cad.mod: writes cai) and cahv (mod/cahv.mod: reads eca, gbar 0.002):
  ion_style("ca_ion", 3, 2, 1, 0, 1): eca from Nernst at finitialize only, while cai changes.
- `ca_user`: cad and cahv, ion_style("ca_ion", 3, 1, 0, 0, 1) and eca = 120 mV by hand: eca stays.
- `ca_promoted`: cad and cahv, ion_style("ca_ion", 3, 1, 0, 0, 1), then catg (mod/cat_ghk.mod,
  reads cai and cao, pbar 1e-4) inserted: the insertion promotes the style back to NEURON's
  default for the pair (247), eca from Nernst again.
- `ca_owned`: catg (reads cai) and ecaset (mod/ecaset.mod: writes eca = 100 mV in BREAKPOINT,
  nothing in INITIAL), cai = 1e-3 mM by hand: the style (25) has no einit, so finitialize leaves
  eca at NEURON's default, then ecaset sets it.
- `ca_gone`: cad and cahv, cad uninserted, eca = 50 mV by hand: the section keeps cad's style
  (247), so eca is Nernst's again.
- `na_gone`: pas; hh inserted, na styled 1, 2, 1, 0, 1, hh uninserted (the ions and the style
  stay: `ions` is its psection()["ions"] after the run), ek = 10 mV by hand, hh inserted again
  (the style promoted: 49) and uninserted.
- `ca_current`: cahv, ion_style("ca_ion", 2, 3, 1, 0, 1), cahv uninserted and capulse
  (mod/capulse.mod: WRITE ica only) inserted: nocmodl's code promotes a style only for a
  mechanism that uses a concentration or e, so the style (62) stays, and with it cinit and einit:
  cai (1e-3 by hand) is reset and eca (10 by hand) is Nernst's at finitialize.

The styles `h.ion_style(<ion>, sec=s)` returns at each stage are in `styles`. Recorded: v, the
reversal potential and the concentration of each soma's styled ion; dt = 0.025, finitialize(-65),
continuerun(15).

Run with NEURON installed:  python3 references/ion_style.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "ion_style")
h.load_file("stdrun.hoc")
case.load_mechanisms("cad.mod", "cahv.mod", "cat_ghk.mod", "ecaset.mod", "capulse.mod")

styles = {}
secs = {}
stims = []


def soma(name, *mechs):
    s = h.Section(name=name)
    s.L = s.diam = 20
    for m in mechs:
        s.insert(m)
    stim = h.IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 1, 10, 0.3
    stims.append(stim)
    secs[name] = s
    return s


def style(name, ion, sec, *args):
    """ion_style with NEURON's arguments; the value it returns kept under `name`."""
    styles[name] = h.ion_style(ion, *args, sec=sec)


s = soma("na_nernst", "hh")
style("na_nernst default", "na_ion", s)
style("na_nernst set", "na_ion", s, 1, 2, 1, 0, 1)
style("na_nernst after", "na_ion", s)
s.nseg = 3
style("na_nernst nseg 3", "na_ion", s)

s = soma("k_conc", "hh")
s(0.5).ki = 150
style("k_conc set", "k_ion", s, 1, 2, 1, 1, 0)
style("k_conc after", "k_ion", s)

s = soma("ca_einit", "hh", "cad", "cahv")
style("ca_einit default", "ca_ion", s)
style("ca_einit set", "ca_ion", s, 3, 2, 1, 0, 1)
style("ca_einit after", "ca_ion", s)

s = soma("ca_user", "hh", "cad", "cahv")
style("ca_user set", "ca_ion", s, 3, 1, 0, 0, 1)
style("ca_user after", "ca_ion", s)
s(0.5).eca = 120

s = soma("ca_promoted", "hh", "cad", "cahv")
style("ca_promoted set", "ca_ion", s, 3, 1, 0, 0, 1)
style("ca_promoted after", "ca_ion", s)
s.insert("catg")
s(0.5).catg.pbar = 1e-4
style("ca_promoted catg", "ca_ion", s)

s = soma("ca_owned", "hh", "catg", "ecaset")
s(0.5).cai = 1e-3
style("ca_owned default", "ca_ion", s)
style("ca_empty", "ca_ion", secs["na_nernst"])

# Mechanisms removed: the section keeps the species and its style.
s = soma("ca_gone", "hh", "cad", "cahv")
s.uninsert("cad")
style("ca_gone", "ca_ion", s)
s(0.5).eca = 50
s = soma("na_gone", "pas")
s.insert("hh")
style("na_gone set", "na_ion", s, 1, 2, 1, 0, 1)
s.uninsert("hh")
style("na_gone", "na_ion", s)
s(0.5).ek = 10
s.insert("hh")
style("na_gone again", "na_ion", s)
s.uninsert("hh")
# A mechanism that only writes the current (capulse: WRITE ica) leaves the style as it is.
s = soma("ca_current", "hh", "cahv")
style("ca_current set", "ca_ion", s, 2, 3, 1, 0, 1)
s.uninsert("cahv")
s.insert("capulse")
style("ca_current", "ca_ion", s)
s(0.5).cai = 1e-3
s(0.5).eca = 10

h.dt = 0.025
t = h.Vector().record(h._ref_t)
vecs = {}
for name, ion in (("na_nernst", "na"), ("k_conc", "k"), ("ca_einit", "ca"), ("ca_user", "ca"),
                  ("ca_promoted", "ca"), ("ca_owned", "ca"), ("ca_gone", "ca"), ("na_gone", "na"),
                  ("na_gone", "k"), ("ca_current", "ca")):
    for seg in secs[name]:
        for var in ("v", f"e{ion}", f"{ion}i"):
            vecs[f"{seg}.{var}"] = h.Vector().record(getattr(seg, "_ref_" + var))
h.finitialize(-65)
h.continuerun(15)

case.write({
    "case": case.name,
    "description": (
        "Nine somas 20x20 um with IClamp 0.3 nA 1-11 ms: na_nernst (ion_style na 1,2,1,0,1; "
        "nseg 3 after), k_conc (ki 150, ion_style k 1,2,1,1,0), ca_einit (cad, cahv; ion_style ca "
        "3,2,1,0,1), ca_user (cad, cahv; ion_style ca 3,1,0,0,1; eca 120), ca_promoted (cad, cahv; "
        "ion_style ca 3,1,0,0,1; then catg pbar 1e-4 inserted), ca_owned (catg, ecaset; cai 1e-3), "
        "ca_gone (cad, cahv; cad uninserted; eca 50), na_gone (pas; hh inserted, na styled "
        "1,2,1,0,1, hh uninserted, ek 10, hh inserted and uninserted again), ca_current (cahv; "
        "ion_style ca 2,3,1,0,1; cahv uninserted, capulse inserted; cai 1e-3, eca 10). "
        "dt=0.025, finitialize(-65), continuerun(15). `styles`: what ion_style returned."),
    **settings(15.0, -65.0),
    "styles": styles,
    "ions": {name: secs[name].psection()["ions"] for name in ("ca_gone", "na_gone")},
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {},
})
