"""Reference case `extracellular`: NEURON's extracellular layers and membrane currents.

An hh axon (L = 500 um, diam = 2 um, nseg = 25, Ra = 100) and a passive dendrite (L = 200 um,
diam = 1 um, nseg = 9, pas g = 1e-4, e = -65) on its 1 end, stimulated by an IClamp at axon(0.1)
(delay 1 ms, dur 0.5 ms, amp 0.5 nA), 6 ms, dt = 0.025 ms, v_init = -65 mV, fast membrane
current on (cvode.use_fast_imem(1)). Runs, with labels ending in [...]:
[none] no extracellular; [default] extracellular in both sections at its defaults
(xraxial = xg = 1e9, xc = 0; NEURON's result differs from [none] by ~1e-9 mV);
[finite] extracellular with xraxial[0] = 50, xraxial[1] = 1e9 MOhm/cm, xg[0] = 10, xg[1] = 1e9
S/cm2, xc[0] = 1, xc[1] = 0 uF/cm2, and e_extracellular at axon(0.5) played as a -30 mV step from
2 to 3 ms (Vector.play); [finite so2] the same with secondorder = 2; [ext stim] the finite
layers with no current clamp (amp 0) and e_extracellular at axon(0.5) played as a -400 mV pulse
from 1 to 1.2 ms: extracellular stimulation that makes the axon spike.
Records v, vext[0], vext[1], i_membrane and i_membrane_ at several places.

Run with NEURON installed: python3 references/extracellular.py (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import json
import os
import shutil

import neuron
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "extracellular"
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "core", "test", "fixtures", CASE)

h.load_file("stdrun.hoc")
cvode = h.CVode()
cvode.use_fast_imem(1)


def build(ext, finite, amp=0.5):
    axon = h.Section(name="axon")
    axon.L, axon.diam, axon.nseg, axon.Ra = 500, 2, 25, 100
    axon.insert("hh")
    dend = h.Section(name="dend")
    dend.L, dend.diam, dend.nseg, dend.Ra = 200, 1, 9, 100
    dend.insert("pas")
    dend.g_pas, dend.e_pas = 1e-4, -65
    dend.connect(axon(1))
    if ext:
        for s in (axon, dend):
            s.insert("extracellular")
            if finite:
                for seg in s:
                    seg.xraxial[0], seg.xraxial[1] = 50, 1e9
                    seg.xg[0], seg.xg[1] = 10, 1e9
                    seg.xc[0], seg.xc[1] = 1, 0
    stim = h.IClamp(axon(0.1))
    stim.delay, stim.dur, stim.amp = 1, 0.5, amp
    return axon, dend, stim


places = [("axon", 0.1), ("axon", 0.5), ("axon", 0.9), ("axon", 1.0), ("dend", 0.5), ("dend", 1.0)]
traces = {}
t_ref = None
for label, ext, finite, so in (("[none]", False, False, 0), ("[default]", True, False, 0),
                               ("[finite]", True, True, 0), ("[finite so2]", True, True, 2),
                               ("[ext stim]", True, True, 0)):
    extstim = label == "[ext stim]"
    axon, dend, stim = build(ext, finite, 0 if extstim else 0.5)
    secs = {"axon": axon, "dend": dend}
    h.secondorder = so
    play = None
    if finite:
        tv = h.Vector([0, 1, 1.2] if extstim else [0, 2, 3])
        ev = h.Vector([0, -400, 0] if extstim else [0, -30, 0])
        ev.play(axon(0.5)._ref_e_extracellular, tv)
        play = (tv, ev)
    t = h.Vector().record(h._ref_t)
    vecs = {}
    for name, x in places:
        seg = secs[name](x)
        vecs[f"{name}({x:g}).v"] = h.Vector().record(seg._ref_v)
        vecs[f"{name}({x:g}).i_membrane_"] = h.Vector().record(seg._ref_i_membrane_)
        if ext:
            vecs[f"{name}({x:g}).vext[0]"] = h.Vector().record(seg._ref_vext[0])
            vecs[f"{name}({x:g}).vext[1]"] = h.Vector().record(seg._ref_vext[1])
            if 0 < x < 1:
                vecs[f"{name}({x:g}).i_membrane"] = h.Vector().record(seg._ref_i_membrane)
    h.dt = 0.025
    h.finitialize(-65)
    h.continuerun(6)
    if t_ref is None:
        t_ref = list(t)
    for k, v in vecs.items():
        traces[f"{k} {label}"] = list(v)
    h.secondorder = 0
    del axon, dend, stim, play, vecs

os.makedirs(OUT, exist_ok=True)
ref = {
    "case": CASE,
    "description": " ".join(__doc__.split("\n\n")[1].split()),
    "neuron_version": neuron.__version__,
    "dt": 0.025, "tstop": 6.0, "v_init": -65.0, "celsius": h.celsius, "secondorder": 0,
    "t": t_ref, "traces": traces, "spikes": {},
}
with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f)
    f.write("\n")
if os.path.abspath(__file__) != os.path.abspath(os.path.join(OUT, "model.py")):
    shutil.copy(os.path.abspath(__file__), os.path.join(OUT, "model.py"))
