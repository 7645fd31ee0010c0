"""One published mechanism in NEURON, on a standard cell: for references/survey/agree.mjs.

usage: python3 neuron_cell.py <file.mod> <name> <density|point> <out.json> [events]

Compiles the .mod file (with the .inc files beside it) with nrnivmodl in a temporary folder,
then runs a single-compartment soma (L = diam = 20 um, hh) with the mechanism at its defaults
(inserted, or one point process at soma(0.5); with `events`, a NetStim drives it through a
NetCon: 5 events 3 ms apart from 4 ms, weight 0.005, delay 1 ms), an IClamp of 0.3 nA from 2 to 3 ms,
finitialize(-65), continuerun(20) at dt = 0.025, and writes {"t": [...], "v": [...]} to out.json,
or {"error": "..."} when NEURON cannot compile or run it.
"""
import glob
import json
import os
import shutil
import sys

sys.path[:0] = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")]
from mechanism_case import compile_mod_files  # noqa: E402

mod, name, kind, out = sys.argv[1:5]
events = sys.argv[5:6] == ["events"]


def fail(why):
    with open(out, "w") as f:
        json.dump({"error": why[-2000:]}, f)
    sys.exit(0)


incs = glob.glob(os.path.join(os.path.dirname(os.path.abspath(mod)), "*.inc"))
work, lib, output = compile_mod_files([mod, *incs])
if lib is None:
    fail("nrnivmodl failed: " + output)

import neuron  # noqa: E402
from neuron import h  # noqa: E402

try:
    h.nrn_load_dll(lib)
    h.load_file("stdrun.hoc")
    soma = h.Section(name="soma")
    soma.L = 20
    soma.diam = 20
    soma.insert("hh")
    # AGREE_CELL=tree: a dendrite (200 x 2 um, nseg 5, hh) at soma(1) with the mechanism too (a
    # point process at dend(0.7)), secondorder 2, celsius 34; v recorded at dend(0.9).
    dend = None
    if os.environ.get("AGREE_CELL") == "tree":
        dend = h.Section(name="dend")
        dend.L, dend.diam, dend.nseg = 200, 2, 5
        dend.insert("hh")
        dend.connect(soma(1))
        h.secondorder = 2
        h.celsius = 34
    keep = []
    if kind == "density":
        soma.insert(name)
        if dend is not None:
            dend.insert(name)
    else:
        pp = getattr(h, name)(dend(0.7) if dend is not None else soma(0.5))
        keep.append(pp)
        if events:
            ns = h.NetStim()
            ns.start = 4
            ns.interval = 3
            ns.number = 5
            ns.noise = 0
            nc = h.NetCon(ns, pp)
            nc.weight[0] = 0.005
            nc.delay = 1
            keep += [ns, nc]
    stim = h.IClamp(soma(0.5))
    stim.delay = 2
    stim.dur = 1
    stim.amp = 0.3
    h.dt = 0.025
    t = h.Vector().record(h._ref_t)
    v = h.Vector().record((dend(0.9) if dend is not None else soma(0.5))._ref_v)
    h.finitialize(-65)
    h.continuerun(20)
    with open(out, "w") as f:  # NaN (a mechanism that blows up) as null: JSON has no NaN
        json.dump({"t": list(t), "v": [x if x == x else None for x in v]}, f)
except Exception as e:  # a mechanism NEURON itself cannot run this way
    fail(f"{type(e).__name__}: {e}")
finally:
    shutil.rmtree(work, ignore_errors=True)
