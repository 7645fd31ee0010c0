"""Reference case `vector_play`: Vector.play driving an IClamp's amplitude, step and continuous.

soma L = diam = 20 um, nseg=1, pas (g=1e-4 S/cm2, e=-65 mV); an IClamp (del=0, dur=1e9) whose
`amp` is played from a vector: (a) as steps at times tvec (two entries at 0.1 ms: the later one
wins), (b) the same vectors played continuously (linear interpolation, extrapolated past the
last point), (c) steps every Dt = 0.2 ms (play(ref, Dt)). The amplitude is set to 7 nA before
finitialize to show that play sets it at initialization. dt = 0.025 ms, v_init = -65 mV, 1 ms.
Records amp, i and v; labels end in [step], [continuous] or [Dt=0.2].

Run with NEURON installed:  python3 references/vector_play.py  (or python3 model.py in the fixture
folder) -> writes reference.json.
"""
import json
import os
import shutil

import neuron
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
CASE = "vector_play"
if os.path.basename(__file__) == "model.py":
    OUT = HERE
else:
    OUT = os.path.join(HERE, "..", "packages", "core", "test", "fixtures", CASE)

h.load_file("stdrun.hoc")
soma = h.Section(name="soma")
soma.L = soma.diam = 20
soma.insert("pas")
soma.g_pas = 1e-4
soma.e_pas = -65
stim = h.IClamp(soma(0.5))
stim.delay = 0
stim.dur = 1e9

tvec = h.Vector([0, 0.1, 0.1, 0.3, 0.52])
avec = h.Vector([0.5, 1.0, 2.0, -1.0, 3.0])
dtvec = h.Vector([0.25, -0.5, 1.5, 0.75])

t = h.Vector().record(h._ref_t)
rec = {"iclamp.amp": stim._ref_amp, "iclamp.i": stim._ref_i, "soma(0.5).v": soma(0.5)._ref_v}
traces = {}
t_ref = None
for label, how in (("[step]", 0), ("[continuous]", 1), ("[Dt=0.2]", 2)):
    if how == 2:
        dtvec.play(stim._ref_amp, 0.2)
    else:
        avec.play(stim._ref_amp, tvec, how)
    vecs = {k: h.Vector().record(r) for k, r in rec.items()}
    stim.amp = 7
    h.dt = 0.025
    h.finitialize(-65)
    h.continuerun(1)
    if t_ref is None:
        t_ref = list(t)
    for k, v in vecs.items():
        traces[f"{k} {label}"] = list(v)
    (dtvec if how == 2 else avec).play_remove()

os.makedirs(OUT, exist_ok=True)
ref = {
    "case": CASE,
    "description": __doc__.split("\n\n")[1].replace("\n", " "),
    "neuron_version": neuron.__version__,
    "dt": 0.025, "tstop": 1.0, "v_init": -65.0, "celsius": h.celsius, "secondorder": 0,
    "t": t_ref,
    "tvec": list(tvec), "avec": list(avec), "dtvec": list(dtvec),
    "traces": traces,
    "spikes": {},
}
with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f)
    f.write("\n")
if os.path.abspath(__file__) != os.path.abspath(os.path.join(OUT, "model.py")):
    shutil.copy(os.path.abspath(__file__), os.path.join(OUT, "model.py"))
