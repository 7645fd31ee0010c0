"""Reference case `random`: NEURON 8.2.2's Random123 streams, for packages/core/src/random.

Writes packages/core/test/fixtures/random/reference.json (and copies this script there as
model.py; running the copy rewrites reference.json beside itself):

* `nrnran123`: the C functions themselves (nrnran123_newstream3, _ipick, _dblpick, _negexp,
  _normal, _setseq/_getseq), called through a small probe mechanism compiled with
  nrnivmodl in a temporary folder (nothing is built inside the repository);
* `random`: hoc's Random with Random123: uniform, negexp, normal (with its cached pair),
  discunif, the default distribution, seq(), Random123_globalindex(), fewer ids;
* `netstim`: event times of NetStim with noiseFromRandom123 (noise 1 and 0.5), recorded with
  NetCon(ns, None).record(vec), over two runs (finitialize restarts the stream).

It also checks, and prints, the rules the TypeScript port relies on, re-deriving NEURON's numbers
in Python (whose floats are IEEE doubles and whose math.log is the C library's): the counter and
key layout, the uint32 -> double map, negexp, normal, seq, NetStim's interval formula. It then
counts on how many of 50000 negexp draws NEURON differs from -(correctly rounded log): the port
uses a correctly rounded log, so those rare draws (where the C library's log rounds the other
way) are the only ones where it can differ from NEURON, by one ulp.

Run with NEURON installed:  python3 references/random_streams.py
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, getcontext

import neuron
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "random"
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "core", "test", "fixtures", CASE)

N = 20  # draws per sequence in the fixture

PROBE_MOD = r"""
: Calls NEURON's nrnran123 C interface directly, for references/random_streams.py.
NEURON { SUFFIX ranprobe }
VERBATIM
#include <nrnran123.h>
static nrnran123_State* probe_s;
ENDVERBATIM
FUNCTION pnew(id1, id2, id3) {
VERBATIM
  if (probe_s) { nrnran123_deletestream(probe_s); }
  probe_s = nrnran123_newstream3((uint32_t)_lid1, (uint32_t)_lid2, (uint32_t)_lid3);
ENDVERBATIM
  pnew = 0
}
FUNCTION pipick() {
VERBATIM
  _lpipick = (double)nrnran123_ipick(probe_s);
ENDVERBATIM
}
FUNCTION pdblpick() {
VERBATIM
  _lpdblpick = nrnran123_dblpick(probe_s);
ENDVERBATIM
}
FUNCTION pnegexp() {
VERBATIM
  _lpnegexp = nrnran123_negexp(probe_s);
ENDVERBATIM
}
FUNCTION pnormal() {
VERBATIM
  _lpnormal = nrnran123_normal(probe_s);
ENDVERBATIM
}
FUNCTION psetseq(seq, which) {
VERBATIM
  nrnran123_setseq(probe_s, (uint32_t)_lseq, (char)_lwhich);
ENDVERBATIM
  psetseq = 0
}
FUNCTION pgetseq() {
VERBATIM
  { uint32_t s; char w; nrnran123_getseq(probe_s, &s, &w); _lpgetseq = 4.0 * s + w; }
ENDVERBATIM
}
"""


def load_probe():
    """Compile the probe mechanism with nrnivmodl in a temporary folder and load it.

    Debian's nrnivmodl looks for nrnmech_makefile in the wrong place; a patched copy of the
    script is used when that is the case."""
    work = tempfile.mkdtemp(prefix="neurite_mod_")
    with open(os.path.join(work, "ranprobe.mod"), "w") as f:
        f.write(PROBE_MOD)
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
    shutil.rmtree(work, ignore_errors=True)  # the loaded library stays mapped


def write_reference(ref):
    """reference.json: one top-level key per line group, one sequence per line, floats as repr."""
    def dump(v):
        return json.dumps(v, allow_nan=False)
    lines = ["{"]
    for i, (k, v) in enumerate(ref.items()):
        end = "," if i < len(ref) - 1 else ""
        if isinstance(v, list) and v and isinstance(v[0], dict):
            lines.append(f" {dump(k)}: [")
            for j, item in enumerate(v):
                lines.append(f"  {dump(item)}" + ("," if j < len(v) - 1 else ""))
            lines.append(" ]" + end)
        else:
            lines.append(f" {dump(k)}: {dump(v)}{end}")
    lines.append("}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        f.write("\n".join(lines) + "\n")
    if os.path.basename(__file__) != "model.py":
        shutil.copyfile(os.path.abspath(__file__), os.path.join(OUT, "model.py"))


# ------------------------------------------------------- Python re-derivation ---
M32 = 0xFFFFFFFF
SHIFT32 = 1.0 / 4294967297.0


def philox4x32_10(c, k):
    c, k = list(c), list(k)
    for r in range(10):
        if r:
            k = [(k[0] + 0x9E3779B9) & M32, (k[1] + 0xBB67AE85) & M32]
        p0 = 0xD2511F53 * c[0]
        p1 = 0xCD9E8D57 * c[2]
        c = [((p1 >> 32) ^ c[1] ^ k[0]) & M32, p1 & M32, ((p0 >> 32) ^ c[3] ^ k[1]) & M32, p0 & M32]
    return c


class PyStream:
    """nrnran123 as measured: counter [seq, id3, id1, id2], key [gix, 0]."""

    def __init__(self, id1, id2, id3, gix=0):
        self.ids, self.gix, self.seq, self.which = (id1, id2, id3), gix, 0, 0
        self.block = self._philox()

    def _philox(self):
        id1, id2, id3 = self.ids
        return philox4x32_10([self.seq, id3, id1, id2], [self.gix, 0])

    def ipick(self):
        v = self.block[self.which]
        self.which += 1
        if self.which > 3:
            self.which, self.seq = 0, (self.seq + 1) & M32
            self.block = self._philox()
        return v

    def dbl(self):
        return (self.ipick() + 1.0) * SHIFT32

    def negexp(self):
        return -math.log(self.dbl())

    def normal(self):
        while True:
            u1 = 2.0 * self.dbl() - 1.0
            u2 = 2.0 * self.dbl() - 1.0
            w = u1 * u1 + u2 * u2
            if not w > 1:
                return u1 * math.sqrt((-2.0 * math.log(w)) / w)


def check(name, ok):
    print(("ok    " if ok else "FAIL  ") + name)
    if not ok:
        global FAILED
        FAILED = True


FAILED = False

# ---------------------------------------------------------------- nrnran123 ---
load_probe()
probe_sec = h.Section(name="probe")
probe_sec.insert("ranprobe")
P = probe_sec(0.5).ranprobe  # FUNCTIONs of a density mechanism are methods of its segment view


GIX = h.Random()  # Random123_globalindex sets NEURON's one global index (key word 0)


def probe_stream(ids, gix, kind, n=N, seq=None):
    GIX.Random123_globalindex(gix)
    h.pnew_ranprobe(*ids)
    if seq is not None:
        h.psetseq_ranprobe(*seq)
    fn = {"ipick": h.pipick_ranprobe, "dblpick": h.pdblpick_ranprobe,
          "negexp": h.pnegexp_ranprobe, "normal": h.pnormal_ranprobe}[kind]
    values = [fn() for _ in range(n)]
    if kind == "ipick":
        values = [int(v) for v in values]
    out = {"ids": list(ids), "globalindex": gix, "kind": kind, "values": values,
           "seq_after": h.pgetseq_ranprobe()}
    if seq is not None:
        out["setseq"] = list(seq)
    GIX.Random123_globalindex(0)
    return out


STREAM_IDS = [(1, 2, 3), (0, 0, 0), (7, 0, 42), (4294967295, 4294967295, 4294967295)]
nrnran123 = []
for ids in STREAM_IDS:
    for kind in ("ipick", "dblpick", "negexp", "normal"):
        nrnran123.append(probe_stream(ids, 0, kind))
nrnran123.append(probe_stream((1, 2, 3), 7, "dblpick"))
nrnran123.append(probe_stream((1, 2, 3), 4294967295, "ipick"))
nrnran123.append(probe_stream((1, 2, 3), 0, "dblpick", seq=(5, 2)))
nrnran123.append(probe_stream((1, 2, 3), 0, "dblpick", seq=(4294967295, 3)))
nrnran123.append(probe_stream((1, 2, 3), 0, "dblpick", seq=(9, 7)))  # which > 3 means 0

blocks = []  # one Philox call each: setseq(seq, 0), then 4 ipicks
for seq, id1, id2, id3, gix in ((0, 0, 0, 0, 0), (0, 1, 2, 3, 0), (5, 1, 2, 3, 0),
                                (M32, M32, M32, M32, M32), (0x243F6A88, 0x13198A2E, 0x03707344,
                                                            0x85A308D3, 0xA4093822)):
    GIX.Random123_globalindex(gix)
    h.pnew_ranprobe(id1, id2, id3)
    h.psetseq_ranprobe(seq, 0)
    blocks.append({"seq": seq, "ids": [id1, id2, id3], "globalindex": gix,
                   "values": [int(h.pipick_ranprobe()) for i in range(4)]})
GIX.Random123_globalindex(0)

# Checks of the layout and formulas against the Python re-derivation.
for e in blocks:
    id1, id2, id3 = e["ids"]
    check(f"block seq={e['seq']} ids={e['ids']} gix={e['globalindex']}: philox4x32-10 of "
          "counter [seq, id3, id1, id2], key [gix, 0]",
          e["values"] == philox4x32_10([e["seq"], id3, id1, id2], [e["globalindex"], 0]))
for e in nrnran123:
    s = PyStream(*e["ids"], gix=e["globalindex"])
    if "setseq" in e:
        seq, which = e["setseq"]
        s.seq, s.which = seq, which if 0 <= which <= 3 else 0
        s.block = s._philox()
    fn = {"ipick": s.ipick, "dblpick": s.dbl, "negexp": s.negexp, "normal": s.normal}[e["kind"]]
    got = [fn() for _ in range(N)]
    check(f"nrnran123 {e['kind']} ids={e['ids']} gix={e['globalindex']} "
          f"setseq={e.get('setseq')}", got == e["values"] and e["seq_after"] == 4 * s.seq + s.which)

# (u + 1) * (1 / (2^32 + 1)) against (u + 1) / (2^32 + 1): which one NEURON computes.
h.pnew_ranprobe(11, 12, 13)
mul_ok = div_ok = 0
NU = 200000
for _ in range(NU):
    at = h.pgetseq_ranprobe()
    u = int(h.pipick_ranprobe())
    h.psetseq_ranprobe(int(at // 4), int(at % 4))
    d = h.pdblpick_ranprobe()
    mul_ok += d == (u + 1.0) * SHIFT32
    div_ok += d == (u + 1.0) / 4294967297.0
print(f"      dblpick == (u+1)*(1/(2^32+1)): {mul_ok}/{NU}; == (u+1)/(2^32+1): {div_ok}/{NU}")
check("dblpick is (u + 1) * SHIFT32 with SHIFT32 = 1/(2^32 + 1) rounded", mul_ok == NU)

# ------------------------------------------------------------------- Random ---
def rand_case(label, ids, setup, n=N, gix=None):
    r = h.Random()
    if gix is not None:
        r.Random123_globalindex(gix)
    r.Random123(*ids)
    first = setup(r)
    values = [first] + [r.repick() for _ in range(n - 1)]
    out = {"label": label, "ids": list(ids), "values": values, "seq_after": r.seq()}
    if gix is not None:
        out["globalindex"] = gix
        r.Random123_globalindex(0)
    return out


random_cases = [
    rand_case("uniform(0, 1)", (1, 2, 3), lambda r: r.uniform(0, 1)),
    rand_case("uniform(-2.5, 7)", (1, 2, 3), lambda r: r.uniform(-2.5, 7)),
    rand_case("uniform(5, 2)", (1, 2, 3), lambda r: r.uniform(5, 2)),
    rand_case("negexp(1)", (1, 2, 3), lambda r: r.negexp(1)),
    rand_case("negexp(2.5)", (7, 0, 42), lambda r: r.negexp(2.5)),
    rand_case("normal(0, 1)", (1, 2, 3), lambda r: r.normal(0, 1)),
    rand_case("normal(-65, 4)", (7, 0, 42), lambda r: r.normal(-65, 4)),
    rand_case("discunif(1, 6)", (1, 2, 3), lambda r: r.discunif(1, 6)),
    rand_case("discunif(10.7, -3.9)", (1, 2, 3), lambda r: r.discunif(10.7, -3.9)),
    rand_case("default", (1, 2, 3), lambda r: r.repick()),
    rand_case("uniform(0, 1)", (5,), lambda r: r.uniform(0, 1)),
    rand_case("uniform(0, 1)", (5, 6), lambda r: r.uniform(0, 1)),
    rand_case("uniform(0, 1)", (), lambda r: r.uniform(0, 1)),
    rand_case("uniform(0, 1)", (4294967295, 4294967295, 4294967295), lambda r: r.uniform(0, 1)),
    rand_case("uniform(0, 1)", (1, 2, 3), lambda r: r.uniform(0, 1), gix=7),
]


def seq_story():
    """seq() get/set, a global index change in the middle, Random123 keeping the distribution."""
    r = h.Random()
    r.Random123(1, 2, 3)
    log = []
    log.append(["uniform(0, 1)", r.uniform(0, 1)])
    log.append(["repick", r.repick()])
    log.append(["seq()", r.seq()])
    r.Random123_globalindex(7)      # the block already drawn stays; the next one uses key 7
    log.append(["globalindex(7)", r.Random123_globalindex()])
    log.append(["repicks", [r.repick() for _ in range(7)]])
    log.append(["seq()", r.seq()])
    r.Random123_globalindex(0)
    log.append(["seq(5.7)", r.seq(5.7)])
    log.append(["repicks", [r.repick() for _ in range(3)]])
    log.append(["seq(17179869183)", r.seq(17179869183)])
    log.append(["repicks", [r.repick() for _ in range(3)]])
    log.append(["seq()", r.seq()])
    log.append(["normal(1, 9)", r.normal(1, 9)])  # caches the second of the pair
    log.append(["Random123(4, 5, 6)", r.Random123(4, 5, 6)])
    log.append(["repicks", [r.repick() for _ in range(3)]])  # cached value first, then new stream
    log.append(["seq()", r.seq()])
    log.append(["seq(0)", r.seq(0)])
    log.append(["negexp(3)", r.negexp(3)])
    return log


seq_log = seq_story()

# Python re-derivation of the Random cases (libg++ distributions on nrnran123_dblpick).
def py_random(label, ids, n, gix=0):
    ids = tuple(ids) + (0,) * (3 - len(ids))
    s = PyStream(*ids, gix=gix)
    name, args = label.split("(")[0], label[label.index("(") + 1:-1].split(",") if "(" in label else []
    a = [float(x) for x in args]
    out, cache = [], []
    for _ in range(n):
        if name == "uniform":
            lo, hi = min(a), max(a)
            out.append(lo + (hi - lo) * s.dbl())
        elif name == "negexp":
            out.append(-a[0] * math.log(s.dbl()))
        elif name == "discunif":
            lo, hi = sorted(int(x) for x in a)
            out.append(float(lo + math.floor((hi - lo + 1) * s.dbl())))
        else:  # normal, or the default normal(0, 1)
            mean, sd = (a[0], math.sqrt(a[1])) if a else (0.0, 1.0)
            if cache:
                out.append(cache.pop() * sd + mean)
                continue
            while True:
                v1 = 2 * s.dbl() - 1
                v2 = 2 * s.dbl() - 1
                w = v1 * v1 + v2 * v2
                if w <= 1:
                    y = math.sqrt((-2 * math.log(w)) / w)
                    cache.append(v2 * y)
                    out.append(v1 * y * sd + mean)
                    break
    return out


for c in random_cases:
    check(f"Random {c['label']} ids={c['ids']}",
          py_random(c["label"], c["ids"], N, c.get("globalindex", 0)) == c["values"])

# ------------------------------------------------------------------ NetStim ---
def netstim_case(ids, noise, interval=5.0, start=1.0, number=20, tstop=400.0):
    ns = h.NetStim()
    ns.interval, ns.start, ns.number, ns.noise = interval, start, number, noise
    ns.noiseFromRandom123(*ids)
    nc = h.NetCon(ns, None)
    tv = h.Vector()
    nc.record(tv)
    runs = []
    for _ in range(2):
        h.finitialize(-65)
        h.continuerun(tstop)
        runs.append(list(tv))
    assert runs[0] == runs[1], "finitialize restarts the stream"
    return {"ids": list(ids), "interval": interval, "start": start, "number": number,
            "noise": noise, "tstop": tstop, "times": runs[0]}


h.load_file("stdrun.hoc")
h.dt = 0.025
netstim = [netstim_case((1, 2, 3), 1.0), netstim_case((1, 2, 3), 0.5),
           netstim_case((7, 0, 42), 1.0, interval=2.0, start=0.0, number=15)]


def py_netstim(c):
    s = PyStream(*c["ids"])
    noise, mean = c["noise"], c["interval"]

    def invl():
        return (1.0 - noise) * mean + noise * mean * s.negexp()
    t = c["start"] + invl() - mean * (1.0 - noise)
    t = max(t, 0.0)
    times = []
    for _ in range(int(c["number"])):
        times.append(t)
        t = t + invl()
    return [x for x in times if x <= c["tstop"]]


for c in netstim:
    check(f"NetStim noise={c['noise']} ids={c['ids']}: t0 = start + invl - interval*(1-noise), "
          "t_k+1 = t_k + invl, invl = (1-noise)*interval + noise*interval*negexp",
          py_netstim(c) == c["times"])

# ----------------------------------------- glibc log vs correctly rounded log ---
getcontext().prec = 40
GIX.Random123_globalindex(0)
h.pnew_ranprobe(1, 2, 3)
s = PyStream(1, 2, 3)
NLOG = 50000
same_as_clog = differ_cr = 0
log_cases = []  # [x, correctly rounded ln x, C library's ln x] for the log test
for _ in range(NLOG):
    u = s.dbl()
    neuron_negexp = h.pnegexp_ranprobe()
    same_as_clog += neuron_negexp == -math.log(u)
    cr = float(Decimal(u).ln())
    differ_cr += neuron_negexp != -cr
    if (neuron_negexp != -cr and len(log_cases) < 10) or len(log_cases) < 5:
        log_cases.append([u, cr, math.log(u)])
for k in range(-60, 61, 4):  # a wide range of magnitudes
    x = 1.37 * 2.0 ** (k * 17) if k else 1.0 + 2.0 ** -40
    log_cases.append([x, float(Decimal(x).ln()), math.log(x)])
check(f"nrnran123_negexp == -log(dblpick) with the C library's log on {NLOG} draws",
      same_as_clog == NLOG)
print(f"      NEURON's negexp != -(correctly rounded log) on {differ_cr} of {NLOG} draws of "
      "stream (1, 2, 3): the only draws where the TypeScript port differs (by one ulp)")

write_reference({
    "case": CASE,
    "description": (
        "NEURON's Random123 streams. 'nrnran123': the C functions nrnran123_ipick/dblpick/negexp/"
        "normal called directly (probe mechanism), first 20 draws of new streams (ids, global "
        "index, optional setseq(seq, which) first), and seq_after = 4*seq + which. 'blocks': "
        "the 4 ipick values after newstream3(*ids) and setseq(seq, 0), i.e. Philox4x32-10 of "
        "counter [seq, id3, id1, id2] and key [globalindex, 0]. 'random': hoc Random after Random123(*ids): the first value is "
        "the distribution call's, the other 19 are repick(). 'random_seq': a sequence of calls "
        "on one Random and their results. 'netstim': NetStim event times (NetCon to None, "
        "record) with noiseFromRandom123(*ids), dt=0.025, finitialize(-65), continuerun(tstop). 'log': "
        "[x, correctly rounded ln x, the C library's ln x], including uniform draws where the "
        "two differ (NEURON's negexp follows the C library there)."),
    "neuron_version": neuron.__version__,
    "blocks": blocks,
    "nrnran123": nrnran123,
    "random": random_cases,
    "random_seq": seq_log,
    "netstim": netstim,
    "log": log_cases,
})
print("wrote", os.path.relpath(os.path.join(OUT, "reference.json")))
if FAILED:
    sys.exit("some checks failed")
