"""Reference case `ring`: A ring of 5 hh cells (soma + dendrite) connected by NetCon -> ExpSyn, started by one NetStim event.

The model is described in the `description` field it writes. Run with NEURON installed:
    python3 references/ring.py   (or python3 model.py in the fixture folder) -> writes reference.json.
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
CASE = "ring"
# Kept in references/ring.py; running that writes the fixture folder
# packages/mechanisms/test/fixtures/ring/ (reference.json, plus a copy of this script
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
N = 5


class Cell:
    def __init__(self, i):
        self.soma = h.Section(name=f"cell{i}_soma")
        self.soma.L = self.soma.diam = 20
        self.soma.insert("hh")
        self.dend = h.Section(name=f"cell{i}_dend")
        self.dend.L, self.dend.diam, self.dend.nseg = 200, 1, 5
        self.dend.insert("pas")
        for seg in self.dend:
            seg.pas.g, seg.pas.e = 1e-4, -65
        self.dend.connect(self.soma(1))
        for s in (self.soma, self.dend):
            s.Ra = 100
        self.syn = h.ExpSyn(self.dend(0.5))
        self.syn.tau, self.syn.e = 2, 0


cells = [Cell(i) for i in range(N)]
netcons, raster = [], {}
for i in range(N):
    src, tgt = cells[i], cells[(i + 1) % N]
    nc = h.NetCon(src.soma(0.5)._ref_v, tgt.syn, sec=src.soma)
    nc.threshold, nc.delay, nc.weight[0] = 10, 1, 0.05
    raster[f"cell{i}"] = h.Vector()
    nc.record(raster[f"cell{i}"])      # the spike times of cell i (its only outgoing NetCon)
    netcons.append(nc)
stim = h.NetStim()
stim.number, stim.start, stim.noise = 1, 1, 0
nc_stim = h.NetCon(stim, cells[0].syn)
nc_stim.delay, nc_stim.weight[0] = 1, 0.05
stim_times = h.Vector()
nc_stim.record(stim_times)

h.dt = 0.025
t = h.Vector().record(h._ref_t)
rec = {f"cell{i}_soma(0.5).v": c.soma(0.5)._ref_v for i, c in enumerate(cells)}
rec["cell0_dend(0.5).v"] = cells[0].dend(0.5)._ref_v
rec["cell0.expsyn.g"] = cells[0].syn._ref_g
vecs = record(rec)

h.finitialize(-65 * mV)
h.continuerun(40 * ms)

spikes = {k: list(v) for k, v in raster.items()}
spikes["netstim"] = list(stim_times)
write_reference({
    "case": CASE,
    "description": (
        "A ring of N=5 identical cells. Each: 'cellI_soma' (L=20 um, diam=20 um, nseg=1, hh "
        "defaults) and 'cellI_dend' (L=200 um, diam=1 um, nseg=5, pas g=1e-4 S/cm2 e=-65 mV) on "
        "soma(1), Ra=100, cm=1; an ExpSyn at dend(0.5) (tau=2 ms, e=0 mV). NetCon from "
        "cellI_soma(0.5).v (threshold 10 mV, delay 1 ms, weight 0.05 uS) to the ExpSyn of cell "
        "(I+1) mod 5. One NetStim (number=1, start=1 ms) -> cell0's ExpSyn (delay 1 ms, weight "
        "0.05 uS) starts the wave, which then circles the ring. Spikes: every cell's spike times "
        "(recorded on its outgoing NetCon: t + 1e-10 of the first sample with v > 10) and the "
        "NetStim's event. Traces: every soma's v, cell0's dend(0.5) v and ExpSyn g. Exercises: "
        "threshold detection, spike event delivery at spike time + delay (t + 1e-10 + 1), "
        "NetCon events into ExpSyn, several cells in one run. Fixed step implicit Euler, "
        "dt=0.025 ms, h.finitialize(-65 mV), h.continuerun(40 ms): 1601 samples."),
    **settings(40.0, -65.0),
    "t": list(t),
    "traces": {k: list(v) for k, v in vecs.items()},
    "spikes": spikes,
    "topology": capture_stdout(h.topology),
    "psection": {"cell0_soma": psection(cells[0].soma), "cell0_dend": psection(cells[0].dend)},
})
