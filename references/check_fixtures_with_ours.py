"""Re-run the point-process fixtures with neurite's own .mod files instead of NEURON's built-ins.

For each case in packages/mechanisms/test/fixtures/ listed below, the fixture's model.py is
copied to a temporary folder with every `h.<Name>(` of a point process replaced by the renamed
copy `h.<Name>2(` (compiled as in compare_point_processes.py) and run there; the `t`, `traces`,
`spikes` and `values` it writes must equal the fixture's reference.json exactly (psection and
topology are not compared: they show the renamed mechanism names).

Run with NEURON installed:  python3 references/check_fixtures_with_ours.py
Exit status 0 when every case is bit-identical.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
FIXTURES = os.path.join(HERE, "..", "packages", "mechanisms", "test", "fixtures")
CASES = ["synapses", "seclamp", "expsyn_netstim", "exp2syn", "alphasynapse", "vclamp", "apcount",
         "intfire", "ring", "netcon_changes", "netstim_noise"]


# Our APCount.mod has no record(Vector) (NMODL has no Vector type; see NOTES.md). The runtime is
# to provide it; here a Python stand-in does what it must: append `time` whenever n increases.
APCOUNT_RECORD = """
_apcounts = []


class _APCountWithRecord:
    def __init__(self, seg):
        object.__setattr__(self, "_pp", h.APCount2(seg))
        object.__setattr__(self, "_vec", None)
        object.__setattr__(self, "_n", h.Vector().record(self._pp._ref_n))
        object.__setattr__(self, "_time", h.Vector().record(self._pp._ref_time))
        _apcounts.append(self)

    def __getattr__(self, k):
        return getattr(self._pp, k)

    def __setattr__(self, k, v):
        setattr(self._pp, k, v)

    def record(self, vec):
        object.__setattr__(self, "_vec", vec)


def _continuerun(tstop):
    h.continuerun(tstop)
    for a in _apcounts:
        if a._vec is not None:
            n, tt = list(a._n), list(a._time)
            a._vec.from_python([tt[k] for k in range(len(n)) if n[k] > (n[k - 1] if k else 0)])

"""


def main():
    import compare_point_processes as cpp  # builds with nrnivmodl; NEURON is imported there
    work = tempfile.mkdtemp(prefix="neurite_fx_")
    try:
        moddir = os.path.join(work, "mod")
        os.mkdir(moddir)
        for name in cpp.NAMES:
            with open(os.path.join(moddir, name + "2.mod"), "w") as f:
                f.write(cpp.renamed_text(name))
        r = subprocess.run(cpp.nrnivmodl_command(work), cwd=moddir, capture_output=True, text=True)
        if not os.path.exists(os.path.join(moddir, "x86_64", ".libs", "libnrnmech.so")):
            print(r.stdout, r.stderr)
            raise SystemExit("nrnivmodl failed")
        worst = 0.0
        for case in CASES:
            src = open(os.path.join(FIXTURES, case, "model.py")).read()
            for name in cpp.NAMES:
                src = re.sub(r"\bh\.%s\(" % name, "h.%s2(" % name, src)
            if "h.APCount2(" in src and ".record(" in src:
                src = src.replace("h.APCount2(", "_APCountWithRecord(")
                src = src.replace("h.continuerun(", "_continuerun(")
                src = src.replace('h.load_file("stdrun.hoc")\n', 'h.load_file("stdrun.hoc")\n' + APCOUNT_RECORD, 1)
            src = src.replace("from neuron import h\n",
                              "from neuron import h\nneuron.load_mechanisms(%r)\n" % moddir, 1)
            run = os.path.join(work, case)
            os.mkdir(run)
            with open(os.path.join(run, "model.py"), "w") as f:
                f.write(src)
            p = subprocess.run([sys.executable, "model.py"], cwd=run, capture_output=True, text=True)
            out = os.path.join(run, "reference.json")
            if p.returncode or not os.path.exists(out):
                print(f"{case}: the run failed\n{p.stderr[-2000:]}")
                worst = float("inf")
                continue
            a = json.load(open(os.path.join(FIXTURES, case, "reference.json")))
            b = json.load(open(out))
            diff, n = 0.0, 0
            for key in ("t", "traces", "spikes", "values"):
                if key not in a:
                    continue
                xa, xb = a[key], b[key]
                series = {key: xa} if isinstance(xa, list) else xa
                other = {key: xb} if isinstance(xb, list) else xb
                for k, va in series.items():
                    vb = other[k]
                    va, vb = (va, vb) if isinstance(va, list) else ([va], [vb])
                    if len(va) != len(vb):
                        print(f"  {case}: {k}: lengths {len(va)} vs {len(vb)}")
                        diff = float("inf")
                        continue
                    d = max((abs(x - y) for x, y in zip(va, vb)), default=0.0)
                    if d or any(x != y for x, y in zip(va, vb)):
                        print(f"  {case}: {k}: max|diff| = {d:.3g}")
                        diff = max(diff, d if d else 1e-300)
                    n += len(va)
            print(f"{case:16s} {n:7d} values, max|diff| = {diff:.3g}" + ("  (bit-identical)" if diff == 0 else ""))
            worst = max(worst, diff)
        print("ALL FIXTURES REPRODUCED BIT FOR BIT" if worst == 0 else f"DIFFERENCES: worst {worst:.3g}")
        return 0 if worst == 0 else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
