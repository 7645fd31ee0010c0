"""Reference case `psection_mechs`: psection()'s density mechanisms as NEURON lists them.

NEURON lists a section's density mechanisms in its order of mechanism types (pas, extracellular,
hh), whatever the order of insertion; an array variable gives one array per segment; a variable
named with the mechanism's suffix is listed without it (extracellular's `e`), and extracellular
also lists `i_membrane` and `vext`. A section (nseg 3) with hh, pas and extracellular inserted in
that order, xg[0] changed in one segment; its psection() after finitialize(-65) and 1 ms.

Run with NEURON installed:  python3 references/psection_mechs.py  (or python3 model.py in the
fixture folder) -> writes reference.json.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# This script in references/, or its copy model.py in the fixture folder: both find the module.
sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
from mechanism_case import Case, settings  # noqa: E402

from neuron import h  # noqa: E402

case = Case(__file__, "psection_mechs")
h.load_file("stdrun.hoc")

s = h.Section(name="s")
s.nseg = 3
for m in ("hh", "pas", "extracellular"):
    s.insert(m)
s(0.5).xg[0] = 10
stim = h.IClamp(s(0.5))
stim.delay, stim.dur, stim.amp = 0, 1, 0.2
h.finitialize(-65)
h.continuerun(1)
dm = s.psection()["density_mechs"]

case.write({
    "case": case.name,
    "description": "psection()['density_mechs'] of a section with hh, pas, extracellular (inserted in that order), nseg 3, xg[0] = 10 at s(0.5); after finitialize(-65) and continuerun(1) with an IClamp of 0.2 nA.",
    **settings(1.0, -65.0),
    "order": list(dm.keys()),
    "density_mechs": {k: {kk: [list(x) if hasattr(x, "__len__") else x for x in vv] for kk, vv in v.items()} for k, v in dm.items()},
    "t": [],
    "traces": {},
    "spikes": {},
})
