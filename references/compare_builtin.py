"""Compare neurite's own hh.mod, pas.mod and IClamp.mod with NEURON's built-ins.

NEURON refuses a user mechanism whose name is already taken, so this script
copies packages/mechanisms/mod/{hh,pas,IClamp}.mod into a temporary folder with
the names changed (SUFFIX hh -> hh2, SUFFIX pas -> pas2, POINT_PROCESS IClamp ->
IClamp2), compiles them with nrnivmodl, and runs the same models once with the
built-in mechanisms and once with the renamed copies. Every recorded trace must
be identical (max |diff| = 0, compared as doubles).

Run with NEURON installed:  python3 references/compare_builtin.py
Exit status 0 when all traces are bit-identical.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import neuron
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
MODDIR = os.path.join(HERE, "..", "packages", "mechanisms", "mod")


def nrnivmodl_command(workdir):
    """nrnivmodl, patched for Debian's packaging bug (nrnmech_makefile is in /usr/lib/nrn)."""
    exe = shutil.which("nrnivmodl")
    text = open(exe).read()
    bad = '"${bindir}/nrnmech_makefile" "ROOT=${prefix}"'
    if bad in text and not os.path.exists(os.path.join(os.path.dirname(exe), "nrnmech_makefile")):
        text = text.replace(bad, '"/usr/lib/nrn/nrnmech_makefile" "ROOT=${prefix}" "libdir=/usr/lib/nrn"')
        fixed = os.path.join(workdir, "nrnivmodl_fixed.sh")
        with open(fixed, "w") as f:
            f.write(text)
        return ["bash", fixed]
    return [exe]


def build_renamed():
    work = tempfile.mkdtemp(prefix="neurite_cmp_")
    moddir = os.path.join(work, "mod")
    os.mkdir(moddir)
    renames = {"hh.mod": ("hh2.mod", r"\bSUFFIX hh\b", "SUFFIX hh2"),
               "pas.mod": ("pas2.mod", r"\bSUFFIX pas\b", "SUFFIX pas2"),
               "IClamp.mod": ("IClamp2.mod", r"\bPOINT_PROCESS IClamp\b", "POINT_PROCESS IClamp2")}
    for src, (dst, pat, rep) in renames.items():
        text = open(os.path.join(MODDIR, src)).read()
        text, n = re.subn(pat, rep, text)
        assert n == 1, (src, n)
        with open(os.path.join(moddir, dst), "w") as f:
            f.write(text)
    r = subprocess.run(nrnivmodl_command(work), cwd=moddir, capture_output=True, text=True)
    lib = os.path.join(moddir, "x86_64", ".libs", "libnrnmech.so")
    if not os.path.exists(lib):
        print(r.stdout, r.stderr)
        raise SystemExit("nrnivmodl failed")
    neuron.load_mechanisms(moddir)
    return work


h.load_file("stdrun.hoc")


def run_soma(hh, iclamp, v_init=-65.0, tstop=40.0, amp=0.9, celsius=6.3, secondorder=0,
             usetable=1, cvode=False):
    """The tutorial model (soma 20x20 um, hh, IClamp 0.1 ms at 2 ms) with the given mechanism names."""
    h.celsius = celsius
    h.secondorder = secondorder
    setattr(h, "usetable_" + hh, usetable)
    h.cvode_active(1 if cvode else 0)
    soma = h.Section(name="soma")
    soma.L = soma.diam = 20
    soma.insert(hh)
    stim = getattr(h, iclamp)(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2, 0.1, amp
    seg = soma(0.5)
    mech = getattr(seg, hh)
    refs = {"t": h._ref_t, "v": seg._ref_v, "m": mech._ref_m, "h": mech._ref_h,
            "n": mech._ref_n, "gna": mech._ref_gna, "gk": mech._ref_gk, "il": mech._ref_il,
            "ina": seg._ref_ina, "ik": seg._ref_ik, "i_cap": seg._ref_i_cap, "iclamp.i": stim._ref_i}
    vecs = {k: h.Vector().record(r) for k, r in refs.items()}
    h.finitialize(v_init)
    h.continuerun(tstop)
    out = {k: list(v) for k, v in vecs.items()}
    out["minf (GLOBAL, last value)"] = [getattr(h, "minf_" + hh)]
    out["ntau (GLOBAL, last value)"] = [getattr(h, "ntau_" + hh)]
    h.cvode_active(0)
    return out


def run_tree(pas, iclamp, secondorder=0):
    """passive_tree: soma + 3 dendrites, pas everywhere, IClamp at dendC(1)."""
    h.celsius, h.secondorder = 6.3, secondorder
    secs = []
    for name, L, diam, nseg in (("soma", 20, 20, 1), ("dendA", 200, 2, 11),
                                ("dendB", 150, 1.5, 7), ("dendC", 100, 1, 5)):
        s = h.Section(name=name)
        s.L, s.diam, s.nseg, s.Ra = L, diam, nseg, 100
        s.insert(pas)
        for seg in s:
            setattr(seg, "g_" + pas, 1e-4)
            setattr(seg, "e_" + pas, -65)
        secs.append(s)
    soma, dA, dB, dC = secs
    dA.connect(soma(1))
    dB.connect(soma(0))
    dC.connect(dA(0.5))
    stim = getattr(h, iclamp)(dC(1))
    stim.delay, stim.dur, stim.amp = 5, 20, 0.05
    vecs = {"t": h.Vector().record(h._ref_t), "iclamp.i": h.Vector().record(stim._ref_i)}
    for s in secs:
        for seg in s:
            vecs[f"{s.name()}({seg.x:.4g}).v"] = h.Vector().record(seg._ref_v)
            vecs[f"{s.name()}({seg.x:.4g}).i"] = h.Vector().record(getattr(seg, pas)._ref_i)
    h.finitialize(-65)
    h.continuerun(50)
    return {k: list(v) for k, v in vecs.items()}


def psection_of(hh, pas, iclamp):
    """psection() of a soma with the given mechanisms, the renamed ones mapped back."""
    soma = h.Section(name="soma")
    soma.insert(hh)
    soma.insert(pas)
    stim = getattr(h, iclamp)(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2, 0.1, 0.9
    h.finitialize(-65)
    d = soma.psection()
    mechs = {k.replace("2", ""): {kk: list(vv) for kk, vv in v.items()}
             for k, v in d["density_mechs"].items()}
    ions = {k: {kk: list(vv) for kk, vv in v.items()} for k, v in d["ions"].items()}
    pps = sorted(d["point_processes"])
    return mechs, list(mechs["hh"]), list(mechs["pas"]), ions, [p.replace("2", "") for p in pps]


def compare(name, a, b):
    worst, n = 0.0, 0
    for k in a:
        if len(a[k]) != len(b[k]):
            print(f"  {name}: {k}: lengths differ {len(a[k])} vs {len(b[k])}")
            return float("inf")
        d = max(abs(x - y) for x, y in zip(a[k], b[k]))
        same = all(x == y for x, y in zip(a[k], b[k]))
        worst = max(worst, d)
        if not same:
            print(f"  {name}: {k}: max|diff| = {d:.3g}")
        n += len(a[k])
    print(f"{name:58s} {len(a):3d} traces, {n:7d} values, max|diff| = {worst:.3g}"
          + ("  (bit-identical)" if worst == 0 else ""))
    return worst


def main():
    work = build_renamed()
    try:
        cases = [
            ("tutorial", {}),
            ("tutorial v_init=-70", {"v_init": -70.0}),
            ("tutorial usetable=0", {"usetable": 0}),
            ("tutorial celsius=16.3", {"celsius": 16.3}),
            ("tutorial celsius=25", {"celsius": 25.0}),
            ("tutorial amp=0.3 nA", {"amp": 0.3}),
            ("tutorial amp=2 nA", {"amp": 2.0}),
            ("tutorial secondorder=2", {"secondorder": 2}),
            ("tutorial secondorder=2 celsius=25 usetable=0",
             {"secondorder": 2, "celsius": 25.0, "usetable": 0}),
            ("tutorial cvode (at_time pulse edges), tstop=10", {"cvode": True, "tstop": 10.0}),
        ]
        worst = 0.0
        for name, kw in cases:
            a = run_soma("hh", "IClamp", **kw)
            b = run_soma("hh2", "IClamp2", **kw)
            worst = max(worst, compare("hh+IClamp  " + name, a, b))
        for so in (0, 2):
            a = run_tree("pas", "IClamp", secondorder=so)
            b = run_tree("pas2", "IClamp2", secondorder=so)
            worst = max(worst, compare(f"pas+IClamp passive_tree secondorder={so}", a, b))
        pa, pb = psection_of("hh", "pas", "IClamp"), psection_of("hh2", "pas2", "IClamp2")
        same = pa == pb
        print(f"psection() (names mapped back, variable order included): "
              f"{'identical' if same else 'DIFFERENT'}; hh lists {pa[1]}, pas lists {pa[2]}")
        if not same:
            print("  built-in:", pa)
            print("  ours:    ", pb)
            worst = float("inf")
        print("ALL BIT-IDENTICAL" if worst == 0 else f"DIFFERENCES: worst {worst:.3g}")
        return 0 if worst == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
