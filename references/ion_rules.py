"""Evidence for NEURON's ion rules (defaults, ion_style, Nernst) used in references/NOTES.md.

Compiles a handful of throw-away calcium mechanisms that differ only in their USEION
line (generated into a temporary folder), puts each on its own section and prints, per
READ/WRITE combination: the ion_style NEURON chose, whether eca is computed by Nernst at
h.finitialize() and/or at every step, whether cai is reset from cai0_ca_ion at
finitialize, and soma.psection()['ions']. Then NEURON's ion defaults (na, k, ca and an
ion registered at run time), the Nernst formula checked bit for bit, how IClamp's `del`
appears, and a TABLE experiment with hh.

Run with NEURON installed:  python3 references/ion_rules.py
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import neuron
from neuron import h

COMBOS = {  # suffix: (USEION line, BREAKPOINT/INITIAL body)
    "ca_re":     ("USEION ca READ eca", "x = eca"),
    "ca_rewi":   ("USEION ca READ eca WRITE ica", "ica = 0.001*(v - eca)"),
    "ca_rc":     ("USEION ca READ cai, cao", "x = cai + cao"),
    "ca_rcwi":   ("USEION ca READ cai, cao WRITE ica", "ica = 0"),
    "ca_rcre":   ("USEION ca READ cai, cao, eca", "x = cai + eca"),
    "ca_riwc":   ("USEION ca READ ica WRITE cai", "cai = cai"),
    "ca_riwcre": ("USEION ca READ ica, eca WRITE cai", "cai = cai  x = eca"),
    "ca_wco":    ("USEION ca WRITE cao", "cao = cao"),
    "ca_we":     ("USEION ca WRITE eca", "eca = 100"),
    "ca_ri":     ("USEION ca READ ica", "x = ica"),
}
TEMPLATE = """NEURON {{ SUFFIX {suffix}  {useion}  RANGE x }}
ASSIGNED {{ v (millivolt) eca (millivolt) ica (milliamp/cm2) cai (milli/liter) cao (milli/liter) x }}
INITIAL {{ {body} }}
BREAKPOINT {{ {body} }}
"""


def compile_and_load():
    work = tempfile.mkdtemp(prefix="neurite_ions_")
    for suffix, (useion, body) in COMBOS.items():
        with open(os.path.join(work, f"ion_{suffix}.mod"), "w") as f:
            f.write(TEMPLATE.format(suffix=suffix, useion=useion, body=body))
    exe = shutil.which("nrnivmodl")
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
    if not os.path.exists(os.path.join(work, "x86_64", ".libs", "libnrnmech.so")):
        sys.exit("nrnivmodl failed:\n" + r.stdout + r.stderr)
    neuron.load_mechanisms(work)
    shutil.rmtree(work, ignore_errors=True)


def style(sec, ion="ca"):
    """h.ion_style("ca_ion", sec=sec) with no other argument returns the current style as
    c_style + 4*cinit + 8*e_style + 32*einit + 64*eadvance (+ 128 if a mechanism writes
    the inside concentration, + 256 if one writes the outside concentration)."""
    return int(h.ion_style(ion + "_ion", sec=sec))


def decode(st):
    return (f"c_style={st % 4} cinit={(st // 4) % 2} e_style={(st // 8) % 4} einit={(st // 32) % 2} "
            f"eadvance={(st // 64) % 2} ciwrite={(st // 128) % 2} cowrite={(st // 256) % 2}")


def nernst(ci, co, z, celsius, R=None, F=None):
    """NEURON's nrn_nernst: ktf/z*log(co/ci), ktf = 1000*R*(celsius + 273.15)/F."""
    R = h.R if R is None else R
    F = h.FARADAY if F is None else F
    ktf = 1000.0 * R * (celsius + 273.15) / F
    return ktf / z * math.log(co / ci)


def main():
    print("NEURON", neuron.__version__)
    # --------------------------------------------------------------- defaults
    s0 = h.Section(name="fresh")
    print("\n== ion defaults (global initial concentrations; e of a fresh section)")
    for ion in ("na", "k", "ca"):
        ci0 = getattr(h, f"{ion}i0_{ion}_ion")
        co0 = getattr(h, f"{ion}o0_{ion}_ion")
        print(f"  {ion}: {ion}i0_{ion}_ion={ci0!r} {ion}o0_{ion}_ion={co0!r}")
    s0.insert("hh")
    s0.insert("ca_re")
    seg = s0(0.5)
    print(f"  fresh section with hh and a READ eca mechanism, before finitialize: "
          f"ena={seg.ena!r} nai={seg.nai!r} nao={seg.nao!r} ek={seg.ek!r} ki={seg.ki!r} "
          f"ko={seg.ko!r} eca={seg.eca!r} cai={seg.cai!r} cao={seg.cao!r}")
    print(f"  ion_style in that section: na {style(s0, 'na')} ({decode(style(s0, 'na'))}), "
          f"k {style(s0, 'k')}: hh reads ena/ek, so they stay 50/-77 and are never Nernst values")
    h.ion_register("xx", 2)
    print(f"  ion registered at run time, h.ion_register('xx', 2): xxi0_xx_ion={h.xxi0_xx_ion!r} "
          f"xxo0_xx_ion={h.xxo0_xx_ion!r}")
    print(f"  ion_charge('xx_ion') = {h.ion_charge('xx_ion')!r}")
    s0.insert("xx_ion")
    print(f"  a section with xx_ion inserted: exx={s0(0.5).exx!r} xxi={s0(0.5).xxi!r} "
          f"xxo={s0(0.5).xxo!r}")
    print(f"  the ca default e is 12.5*log(2/5e-5) (a fixed ktf of 25 mV, not the Nernst value at "
          f"6.3 degC): {12.5 * math.log(2 / 5e-5)!r}; Nernst at 6.3 degC would be "
          f"{nernst(5e-5, 2.0, 2, 6.3)!r}; na: {nernst(10, 140, 1, 6.3)!r} (default ena 50), "
          f"k: {nernst(54.4, 2.5, 1, 6.3)!r} (default ek -77)")
    del s0

    # -------------------------------------------------------- ion_style rules
    print("\n== USEION READ/WRITE -> ion_style and Nernst (celsius 6.3, cai0_ca_ion=0.001 during the test)")
    h.cai0_ca_ion = 0.001
    secs = {}
    for suffix in COMBOS:
        s = h.Section(name=suffix)
        s.insert(suffix)
        secs[suffix] = s
    for suffix, s in secs.items():
        s(0.5).eca = 77.0  # a marker: survives finitialize unless NEURON computes eca
        s(0.5).cai = 0.5   # a marker: survives finitialize unless NEURON resets cai
    pre = {suf: (s(0.5).eca, s(0.5).cai) for suf, s in secs.items()}
    h.finitialize(-65)
    after_init = {suf: (s(0.5).eca, s(0.5).cai) for suf, s in secs.items()}
    for s in secs.values():
        s(0.5).cai = 0.002  # a new concentration: is eca recomputed during the step?
    h.fadvance()
    after_step = {suf: (s(0.5).eca, s(0.5).cai) for suf, s in secs.items()}
    for suffix, s in secs.items():
        st = style(s)
        ei, ci = after_init[suffix]
        es, cs = after_step[suffix]
        if ei == nernst(ci, 2.0, 2, h.celsius):
            einit = "Nernst(cai)"
        elif ei == 77.0:
            einit = "kept"
        else:
            einit = repr(ei)
        cinit = "reset to cai0" if ci == 0.001 else ("kept" if ci == 0.5 else repr(ci))
        if es == nernst(0.002, 2.0, 2, h.celsius):
            estep = "Nernst(new cai)"
        elif es == ei:
            estep = "unchanged"
        else:
            estep = repr(es)
        print(f"  {COMBOS[suffix][0]:35s} ion_style={st:3d}: {decode(st)}")
        print(f"      finitialize: eca {einit}, cai {cinit}; after cai changed by hand + 1 step: eca {estep}")
        ions = s.psection()["ions"]
        print("      psection()['ions'] after the step:",
              json.dumps({k: {kk: list(vv) for kk, vv in v.items()} for k, v in ions.items()}))
    for s in list(secs.values()):
        h.delete_section(sec=s)
    secs.clear()
    h.cai0_ca_ion = 5e-05

    # ---------------------------------------------------------------- Nernst
    print("\n== Nernst formula, bit for bit")
    s = h.Section(name="n")
    s.insert("ca_riwcre")
    worst, n_same, n_all = {}, {}, {}
    consts = {f"h.R={h.R!r}, h.FARADAY={h.FARADAY!r}": (h.R, h.FARADAY),
              "legacy units R=8.31441, F=96485.309": (8.31441, 96485.309)}
    print(f"  hoc constants: FARADAY={h.FARADAY!r} R={h.R!r}")
    for celsius in (6.3, 16.3, 25.0, 37.0):
        h.celsius = celsius
        for cai in (5e-05, 1e-4, 0.0123, 1.7):
            h.cai0_ca_ion = cai
            h.finitialize(-65)
            got = s(0.5).eca
            for name, (R, F) in consts.items():
                exp_ = nernst(cai, 2.0, 2, celsius, R, F)
                worst[name] = max(worst.get(name, 0.0), abs(got - exp_))
                n_same[name] = n_same.get(name, 0) + (got == exp_)
                n_all[name] = n_all.get(name, 0) + 1
    for name, w in worst.items():
        print(f"  eca vs ktf/z*log(co/ci), ktf=1000*R*(celsius+273.15)/F, {name}: max|diff| = {w!r}, "
              f"bit-identical {n_same[name]}/{n_all[name]}")
    print(f"  h.nernst('eca') at cai=1.7, celsius=37: {h.nernst('eca', sec=s)!r}")
    print(f"  edge cases h.nernst(ci, co, z): (0, 2, 2) -> {h.nernst(0, 2, 2)!r}, "
          f"(1, 0, 2) -> {h.nernst(1, 0, 2)!r}, (1, 2, 0) -> {h.nernst(1, 2, 0)!r}")
    h.celsius = 6.3
    h.cai0_ca_ion = 5e-05
    h.delete_section(sec=s)

    # ------------------------------------------------------------ IClamp del
    print("\n== IClamp's onset parameter")
    s = h.Section(name="soma")
    stim = h.IClamp(s(0.5))
    stim.delay = 2
    print("  Python: stim.delay =", stim.delay, "; hasattr(stim, 'del'):", hasattr(stim, "del"))
    h("objref tmp_stim")
    h.tmp_stim = stim
    h("tmp_del = tmp_stim.del")
    print("  hoc: tmp_stim.del =", h.tmp_del)
    print("  soma.psection()['point_processes'] =", s.psection()["point_processes"])
    print("  hoc psection():")
    sys.stdout.flush()
    h.psection(sec=s)
    sys.stdout.flush()
    h("objref tmp_stim")
    del stim
    h.delete_section(sec=s)

    # ------------------------------------------------------------------ TABLE
    print("\n== TABLE: hh with celsius changed in the middle of a run (no finitialize)")
    h.load_file("stdrun.hoc")
    s = h.Section(name="soma")
    s.L = s.diam = 20
    s.insert("hh")
    stim = h.IClamp(s(0.5))
    stim.delay, stim.dur, stim.amp = 2, 0.1, 0.9

    h.usetable_hh = 1
    h.celsius = 6.3
    h.finitialize(-65)
    h.continuerun(3)
    h.celsius = 20          # no finitialize: does the next fadvance use a table built at 20 degC?
    h.fadvance()
    v1, mtau_step = s(0.5).v, h.mtau_hh   # mtau_hh: the GLOBAL set by the last rates() call (states)
    h.usetable_hh = 0
    s.push()
    h.rates_hh(v1)          # direct computation at 20 degC (no table)
    h.pop_section()
    mtau_exact = h.mtau_hh
    print(f"  one fadvance after celsius 6.3 -> 20: mtau from the table {mtau_step!r}, exact at 20 degC "
          f"{mtau_exact!r}, exact/table = {mtau_exact / mtau_step:.6f} (1 = rebuilt during fadvance; "
          f"{3 ** ((20 - 6.3) / 10):.4f} = stale 6.3 table)")
    h.celsius, h.usetable_hh = 6.3, 1
    h.finitialize(-120)
    print(f"  at v=-120 (outside -100..100) with the table: m = {s(0.5).hh.m!r};", end=" ")
    h.usetable_hh = 0
    h.finitialize(-120)
    print(f"without: m = {s(0.5).hh.m!r};", end=" ")
    h.finitialize(-100)
    print(f"exact at -100: m = {s(0.5).hh.m!r}")
    h.usetable_hh = 1


if __name__ == "__main__":
    compile_and_load()
    main()
