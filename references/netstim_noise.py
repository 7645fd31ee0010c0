"""Reference case `netstim_noise`: NetStim noise 0.5 with noiseFromRandom123(1, 2, 3) (and a noise 1 stream); event times.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/netstim_noise.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "netstim_noise"
# Kept in references/netstim_noise.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/netstim_noise/ (reference.json, plus a copy of this script
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
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("pas")
soma(0.5).pas.g = 1e-4
soma(0.5).pas.e = -65
syn = h.ExpSyn(soma(0.5))
syn.tau, syn.e = 2, 0

stim = h.NetStim()
stim.interval, stim.number, stim.start, stim.noise = 10, 20, 5, 0.5
stim.noiseFromRandom123(1, 2, 3)
nc = h.NetCon(stim, syn)
nc.weight[0], nc.delay = 0.005, 1
times = h.Vector()
nc.record(times)

stim_b = h.NetStim()                 # fully random (Poisson), its own stream
stim_b.interval, stim_b.number, stim_b.start, stim_b.noise = 5, 30, 0, 1
stim_b.noiseFromRandom123(1, 2, 4)
nc_b, times_b = spike_vector(stim_b)

h.dt = 0.1
t = h.Vector().record(h._ref_t)
vecs = record({"soma(0.5).v": soma(0.5)._ref_v, "expsyn.g": syn._ref_g})

h.finitialize(-65 * mV)
h.continuerun(250 * ms)
spikes = {"netstim noise=0.5 ids (1,2,3)": list(times),
          "netstim_b noise=1 ids (1,2,4)": list(times_b)}
traces = {k: list(v) for k, v in vecs.items()}
t_run1 = list(t)

# a second run: finitialize restarts each stream at sequence 0, so the events repeat
h.finitialize(-65 * mV)
h.continuerun(250 * ms)
spikes["netstim noise=0.5 ids (1,2,3) [second run]"] = list(times)
assert list(t) == t_run1

write_reference({
    "case": CASE,
    "description": (
        "NetStim noise with Random123 streams. 'stim': interval=10 ms, number=20, start=5 ms, "
        "noise=0.5, stim.noiseFromRandom123(1, 2, 3); it drives an ExpSyn (tau=2 ms, e=0 mV, NetCon "
        "weight 0.005 uS, delay 1 ms) on a passive compartment 'soma' (L=diam=20 um, pas g=1e-4 "
        "e=-65). 'stim_b': interval=5 ms, number=30, start=0, noise=1, noiseFromRandom123(1, 2, 4), "
        "no target. Each interval is (1-noise)*interval + noise*interval*X with X = -log(u), u the "
        "next uniform of the instance's Philox4x32-10 stream (counter (seq, id3, id1, id2), key 0, "
        "u = (word + 1)/(2^32 + 1)); the first event is at start + interval_0 - interval*(1-noise). "
        "One draw in INITIAL and one after every event (also after the last). A second "
        "finitialize + run gives the same times (the stream restarts at sequence 0): the key "
        "with '[second run]'. Traces are those of the first run. See references/NOTES.md and "
        "references/random123_netstim.py. dt=0.1 ms, h.finitialize(-65 mV), "
        "h.continuerun(250 ms): 2501 samples."),
    **settings(250.0, -65.0),
    "t": t_run1,
    "traces": traces,
    "spikes": spikes,
    "topology": capture_stdout(h.topology),
    "psection": psection(soma),
})
