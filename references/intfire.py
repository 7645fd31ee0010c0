"""Reference case `intfire`: IntFire1, IntFire2 (two) and IntFire4 driven by two NetStims; spike times.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/intfire.py   (or python3 model.py in the fixture folder) -> writes reference.json.
"""
import ctypes
import json
import os
import shutil
import sys
import tempfile

import neuron
from neuron import h
from neuron.units import ms, mV

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "intfire"
# Kept in references/intfire.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/intfire/ (reference.json, plus a copy of this script
# as model.py). Running the copy (model.py) rewrites reference.json beside itself.
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "mechanisms", "test", "fixtures", CASE)

# ---------------------------------------------------------------- helpers ---
_libc = ctypes.CDLL(None)


def capture_stdout(fn, *args):
    """Text printed by NEURON (C-level stdout) while fn(*args) runs."""
    sys.stdout.flush()
    _libc.fflush(None)
    saved = os.dup(1)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 1)
        try:
            fn(*args)
        finally:
            sys.stdout.flush()
            _libc.fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
        tmp.seek(0)
        return tmp.read().decode()


def plain(obj):
    """psection() dict -> JSON-able (sets -> sorted lists of str, hoc objects -> str)."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(str(v) for v in obj)
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    return str(obj)


def psection(sec):
    d = plain(sec.psection())
    d["hoc_internal_name"] = "__nrnsec_<address>"  # a memory address: not reproducible
    return d


def write_reference(ref):
    """reference.json: one top-level key per line, one trace per line, floats as repr."""
    def dump(v, indent=None):
        return json.dumps(v, indent=indent, allow_nan=False)
    lines = ["{"]
    for i, (k, v) in enumerate(ref.items()):
        end = "," if i < len(ref) - 1 else ""
        if k in ("traces", "spikes"):
            lines.append(f" {dump(k)}: {{")
            for j, (kk, vv) in enumerate(v.items()):
                lines.append(f"  {dump(kk)}: {dump(list(vv))}" + ("," if j < len(v) - 1 else ""))
            lines.append(" }" + end)
        elif isinstance(v, dict):
            lines.append(f" {dump(k)}: " + dump(v, 1).replace("\n", "\n ") + end)
        else:
            lines.append(f" {dump(k)}: {dump(v)}{end}")
    lines.append("}")
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        f.write("\n".join(lines) + "\n")
    if os.path.basename(__file__) != "model.py":
        shutil.copyfile(os.path.abspath(__file__), os.path.join(OUT, "model.py"))


def settings(tstop, v_init):
    return {"neuron_version": neuron.__version__, "dt": h.dt, "tstop": tstop, "v_init": v_init,
            "celsius": h.celsius, "secondorder": int(h.secondorder)}


def record(rec):
    return {k: h.Vector().record(r) for k, r in rec.items()}


def spike_vector(source, threshold=None, sec=None):
    """A NetCon with no target that records the source's events (threshold crossings or
    net_event times). Returns (netcon, vector): keep the NetCon alive."""
    nc = h.NetCon(source, None, sec=sec) if sec is not None else h.NetCon(source, None)
    if threshold is not None:
        nc.threshold = threshold
    vec = h.Vector()
    nc.record(vec)
    return nc, vec


# ------------------------------------------------------------------ model ---
h.load_file("stdrun.hoc")
# Vector.record of an artificial cell's variable attaches to a section
anchor = h.Section(name="anchor")

if1 = h.IntFire1()
if1.tau, if1.refrac = 8, 3
if2 = h.IntFire2()
if2.taus, if2.taum = 15, 6
if2b = h.IntFire2()
if2b.ib = 1.3                       # suprathreshold bias: fires on its own
if4 = h.IntFire4()
if4.taue, if4.taui1, if4.taui2, if4.taum = 3, 6, 12, 20
cells = {"if1": if1, "if2": if2, "if2b": if2b, "if4": if4}

exc = h.NetStim()
exc.interval, exc.number, exc.start, exc.noise = 2, 40, 1, 0
inh = h.NetStim()
inh.interval, inh.number, inh.start, inh.noise = 7, 10, 10, 0
netcons = []
for src, tgt, w, d in ((exc, if1, 0.45, 1), (inh, if1, -0.3, 1.5),
                       (exc, if2, 0.3, 1), (inh, if2, -0.4, 1),
                       (exc, if2b, 0.2, 0.5), (inh, if2b, -0.5, 0.5),
                       (exc, if4, 0.5, 1), (inh, if4, -0.8, 2)):
    nc = h.NetCon(src, tgt)
    nc.weight[0], nc.delay = w, d
    netcons.append(nc)
recorders = {k: spike_vector(c) for k, c in cells.items()}
recorders["netstim exc"] = spike_vector(exc)
recorders["netstim inh"] = spike_vector(inh)

h.dt = 0.1
t = h.Vector().record(h._ref_t, sec=anchor)
vecs = {k: h.Vector().record(r, sec=anchor) for k, r in {
    "if1.m": if1._ref_m,
    "if2.m": if2._ref_m,
    "if2.i": if2._ref_i,
    "if2b.m": if2b._ref_m,
    "if4.m": if4._ref_m,
    "if4.e": if4._ref_e,
    "if4.i2": if4._ref_i2,
}.items()}

h.finitialize(-65 * mV)
h.continuerun(100 * ms)

write_reference({
    "case": CASE,
    "description": (
        "Artificial cells only (a section 'anchor' without mechanisms is there because "
        "Vector.record needs one). IntFire1 'if1' (tau=8 ms, refrac=3 ms); IntFire2 'if2' (taus=15, "
        "taum=6 ms, ib=0) and 'if2b' (defaults taus=20, taum=10, ib=1.3: fires on its own); "
        "IntFire4 'if4' (taue=3, taui1=6, taui2=12, taum=20 ms). Two NetStims, noise=0: 'exc' "
        "(interval=2 ms, number=40, start=1 ms) and 'inh' (interval=7 ms, number=10, start=10 ms). "
        "NetCons (weight, delay ms): exc->if1 (0.45, 1), inh->if1 (-0.3, 1.5), exc->if2 (0.3, 1), "
        "inh->if2 (-0.4, 1), exc->if2b (0.2, 0.5), inh->if2b (-0.5, 0.5), exc->if4 (0.5, 1), "
        "inh->if4 (-0.8, 2). Spikes: each cell's net_event times (NetCon.record) and the NetStims' "
        "event times. Traces: the stored variables m, i, e, i2 sampled after each step (they "
        "change only at events; m is the value at the last event, not M() now). Exercises: "
        "NET_RECEIVE with flags, net_send self-events (IntFire1 refractory period, IntFire2/4 "
        "firing-time events), net_move, net_event, analytic integration between events, "
        "IntFire2's Newton firing time, IntFire4's normalisation search and firing-time bound, "
        "events of equal time: exc and inh inputs arrive together at if2b at 17.5, 31.5, 45.5, 59.5, "
        "73.5 ms and at if4 at 12, 26, 40, 54, 68 ms, so the delivery order of ties matters "
        "(references/NOTES.md). dt=0.1 ms (no effect on artificial cells "
        "except the sampling), h.finitialize(-65 mV), h.continuerun(100 ms): 1001 samples."),
    **settings(100.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": {k: list(v[1]) for k, v in recorders.items()},
    "topology": capture_stdout(h.topology),
})
