"""NEURON reference run of a published cell: Hay et al. 2011, layer 5b pyramidal cell
(ModelDB 139653, model of Fig. 4: L5PCbiophys3.hoc on morphologies/cell1.asc).

The cell is built by the model's own code (L5PCtemplate.hoc, L5PCbiophys3.hoc, Import3d)
from the files that fetch.sh copied into DEST, with the model's .mod files compiled by
nrnivmodl in a temporary folder. It then gets a somatic current step and runs with the
fixed step method; DEST/reference.json receives the traces that
packages/mechanisms/test/published-cell.test.ts compares with neurite.

Usage (NEURON 8.2 with its Python module):
    python3 references/published_cell/neuron_run.py DEST [OUT_JSON]
OUT_JSON defaults to DEST/reference.json. NEURITE_CACHE_EFFICIENT=1 runs with
h.cvode.cache_efficient(1). It prints the time of finitialize + continuerun (the test prints
neurite's).

Protocol (the published Step_current_firing.hoc uses CVODE, tstop 3000 ms and a 2 s step
from 700 ms; here: fixed step and a shorter run):
    v_init -80 mV, dt 0.025 ms, secondorder 0, celsius 6.3 (NEURON's default, which the
    published protocol keeps; the .mod files fix their own temperature factors),
    IClamp at soma[0](0.5): delay 50 ms, dur 300 ms, amp 0.793 nA (the published "step 2"),
    tstop 400 ms.
Recorded: t; v at soma[0](0.5), at the middle of one basal dendrite, of the apical section
nearest 400 um and of the one nearest 750 um (in the calcium hot zone) from soma[0](0.5);
cai at the soma and in the hot zone; spike times of a NetCon on soma[0](0.5) v with threshold
-10 mV (the published protocol's APCount threshold). The JSON also lists every section
(name, parent, nseg, L, Ra; per segment cm, diam, area, ri, distance) and the per-segment densities that distribute_channels set.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import neuron
from neuron import h

DT = 0.025
TSTOP = 400.0
V_INIT = -80.0
CELSIUS = 6.3
STEP = {"delay": 50.0, "dur": 300.0, "amp": 0.793}
THRESHOLD = -10.0
APICAL_SITES = (400.0, 750.0)  # path distance [um] from soma[0](0.5) of the apical recording sites


def compile_mechanisms(moddir):
    """nrnivmodl on a copy of moddir/*.mod; loads the library. Debian's nrnivmodl looks for
    nrnmech_makefile in the wrong folder: a patched copy of the script is used then."""
    work = tempfile.mkdtemp(prefix="published_cell_mod_")
    for f in sorted(glob.glob(os.path.join(moddir, "*.mod"))):
        shutil.copy(f, work)
    exe = shutil.which("nrnivmodl")
    if exe is None:
        sys.exit("nrnivmodl not found")
    text = open(exe).read()
    bad = '"${bindir}/nrnmech_makefile" "ROOT=${prefix}"'
    cmd = [exe]
    if bad in text and not os.path.exists(os.path.join(os.path.dirname(exe), "nrnmech_makefile")):
        fixed = os.path.join(work, "nrnivmodl_fixed.sh")
        with open(fixed, "w") as f:
            f.write(text.replace(bad, '"/usr/lib/nrn/nrnmech_makefile" "ROOT=${prefix}" '
                                      '"libdir=/usr/lib/nrn"'))
        cmd = ["bash", fixed]
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    lib = os.path.join(work, "x86_64", ".libs", "libnrnmech.so")
    if not os.path.exists(lib):  # the final link of `special` may fail; the library is enough
        sys.exit("nrnivmodl failed:\n" + r.stdout + r.stderr)
    neuron.load_mechanisms(work)
    shutil.rmtree(work, ignore_errors=True)  # the loaded library stays mapped


def short(sec):
    """'L5PCtemplate[0].apic[3]' -> 'apic[3]' (the names neurite's loadMorphology gives)."""
    return sec.name().split(".")[-1]


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: python3 neuron_run.py DEST [OUT_JSON]")
    dest = os.path.abspath(sys.argv[1])
    out = sys.argv[2] if len(sys.argv) == 3 else os.path.join(dest, "reference.json")
    morph = os.path.join(dest, "morphologies", "cell1.asc")
    for f in (morph, os.path.join(dest, "models", "L5PCtemplate.hoc")):
        if not os.path.exists(f):
            sys.exit(f"{f} is missing: run references/published_cell/fetch.sh {dest} first")

    compile_mechanisms(os.path.join(dest, "mod"))
    h.load_file("stdrun.hoc")
    h.load_file("import3d.hoc")
    h.load_file(os.path.join(dest, "models", "L5PCbiophys3.hoc"))
    h.load_file(os.path.join(dest, "models", "L5PCtemplate.hoc"))
    cell = h.L5PCtemplate(morph)

    h.cvode.active(0)
    h.cvode.cache_efficient(int(os.environ.get("NEURITE_CACHE_EFFICIENT", "0")))
    h.secondorder = 0
    h.dt = DT
    h.celsius = CELSIUS

    soma = cell.soma[0]
    stim = h.IClamp(soma(0.5))
    stim.delay, stim.dur, stim.amp = STEP["delay"], STEP["dur"], STEP["amp"]

    # recording sites, chosen by rule from soma[0](0.5)
    h.distance(0, soma(0.5))
    basal = cell.dend[0]
    for sec in cell.basal:  # the first basal section with no children, i.e. a tip
        if len(sec.children()) == 0:
            basal = sec
            break
    sites = [("soma", soma)]
    sites.append(("basal", basal))
    apicals = list(cell.apical)
    for target in APICAL_SITES:
        best = min(apicals, key=lambda s: (abs(h.distance(s(0.5)) - target), short(s)))
        sites.append((f"apical {target:g} um", best))

    t = h.Vector().record(h._ref_t)
    traces = {}
    for _, sec in sites:
        traces[f"{short(sec)}(0.5).v"] = h.Vector().record(sec(0.5)._ref_v)
    for sec in (soma, sites[-1][1]):
        traces[f"{short(sec)}(0.5).cai"] = h.Vector().record(sec(0.5)._ref_cai)
    spikes = h.Vector()
    nc = h.NetCon(soma(0.5)._ref_v, None, sec=soma)
    nc.threshold = THRESHOLD
    nc.record(spikes)

    started = time.perf_counter()
    h.finitialize(V_INIT)
    h.continuerun(TSTOP)
    seconds = time.perf_counter() - started

    h.distance(0, soma(0.5))
    sections = []
    for sec in cell.all:
        p = sec.parentseg()
        sections.append({
            "name": short(sec),
            "parent": None if p is None else f"{short(p.sec)}({p.x:.17g})",
            "nseg": sec.nseg, "L": sec.L, "Ra": sec.Ra,
            "cm": [seg.cm for seg in sec], "diam": [seg.diam for seg in sec],
            "area": [seg.area() for seg in sec], "ri": [seg.ri() for seg in sec],
            "distance": [h.distance(seg) for seg in sec],
        })
    densities = {}
    for sec in cell.apical:
        densities[short(sec)] = {
            "gIhbar_Ih": [seg.Ih.gIhbar for seg in sec],
            "gCa_LVAstbar_Ca_LVAst": [seg.Ca_LVAst.gCa_LVAstbar for seg in sec],
            "gCa_HVAbar_Ca_HVA": [seg.Ca_HVA.gCa_HVAbar for seg in sec],
        }

    ref = {
        "case": "published_cell",
        "description": ("Hay et al. 2011 layer 5b pyramidal cell (ModelDB 139653, L5PCbiophys3.hoc, "
                        "morphologies/cell1.asc), built by the model's template; somatic current step; "
                        "fixed step."),
        "neuron_version": neuron.__version__,
        "dt": h.dt, "tstop": TSTOP, "v_init": V_INIT, "celsius": h.celsius,
        "secondorder": int(h.secondorder),
        "iclamp": {"sec": short(soma), "x": 0.5, **STEP},
        "sites": {name: short(sec) for name, sec in sites},
        "threshold": THRESHOLD,
        "spikes": {f"{short(soma)}(0.5).v NetCon threshold={THRESHOLD:g}": list(spikes)},
        "sections": sections,
        "densities": densities,
        "t": list(t),
        "traces": {k: list(v) for k, v in traces.items()},
    }
    with open(out, "w") as f:
        json.dump(ref, f, allow_nan=False)
    print(f"neuron_run.py: {len(sections)} sections, {sum(s['nseg'] for s in sections)} segments, "
          f"{len(spikes)} spikes, {len(t)} samples -> {out}; finitialize + continuerun {seconds:.2f} s "
          f"(cache_efficient {int(h.cvode.cache_efficient())})")


if __name__ == "__main__":
    main()
