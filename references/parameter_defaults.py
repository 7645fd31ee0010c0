"""What NEURON 8.2.2 makes of PARAMETER defaults with many digits.

Compiles packages/nmodl-compiler/test/fixtures/pdefaults.mod with nrnivmodl and writes, to
packages/nmodl-compiler/test/reference/parameter_defaults.json, the value NEURON gives each
PARAMETER (RANGE ones from the segment, GLOBAL ones from h) and the values INITIAL assigned from
a CONSTANT and from a number in code. NEURON's translator writes PARAMETER defaults with C's %g.

Run with NEURON installed:  python3 references/parameter_defaults.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE]
from mechanism_case import load_mod_files  # noqa: E402

import neuron  # noqa: E402
from neuron import h  # noqa: E402

PKG = os.path.join(HERE, "..", "packages", "nmodl-compiler", "test")
load_mod_files([os.path.join(PKG, "fixtures", "pdefaults.mod")])
soma = h.Section(name="soma")
soma.insert("pdefaults")
m = soma(0.5).pdefaults
h.finitialize(-65)
values = {
    "r": m.r, "rsmall": m.rsmall, "c_seen": m.c_seen, "lit_seen": m.lit_seen,
    "g": h.g_pdefaults, "gbig": h.gbig_pdefaults, "gtie": h.gtie_pdefaults, "plain": h.plain_pdefaults,
}
with open(os.path.join(PKG, "reference", "parameter_defaults.json"), "w") as f:
    json.dump({"neuron_version": neuron.__version__, "values": values}, f, indent=1)
    f.write("\n")
