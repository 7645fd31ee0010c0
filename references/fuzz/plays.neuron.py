import json, sys
from neuron import h
h.load_file("stdrun.hoc")
sp = json.load(open(sys.argv[1]))[int(sys.argv[3])]
soma = h.Section(name="soma"); soma.L = soma.diam = 20; soma.insert("hh"); soma.insert("pas")
dend = h.Section(name="dend"); dend.L, dend.diam, dend.nseg = 100, 2, 3; dend.insert("pas"); dend.connect(soma(1))
stim = h.IClamp(soma(0.5)); stim.delay, stim.dur, stim.amp = 0, 1e9, 0
vals = list(sp["vals"]); times = list(sp["times"])
tg = sp["target"]
if tg == "amp": ref = stim._ref_amp
elif tg == "gpas": ref = dend(0.5).pas._ref_g; vals = [abs(x) * 1e-3 for x in vals]
elif tg == "v": ref = dend(0.5)._ref_v; vals = [-65 + 20 * x for x in vals]
elif tg == "e_pas": ref = dend(0.5).pas._ref_e; vals = [-70 + 30 * x for x in vals]
else: ref = soma(0.5).hh._ref_gnabar; vals = [abs(x) * 0.2 for x in vals]
pv = h.Vector(vals)
if sp["tform"] == "vec":
    m = min(len(vals), len(times)); pv = h.Vector(vals[:m]); tv = h.Vector(times[:m]); pv.play(ref, tv, sp["cont"])
else:
    pv.play(ref, sp["tdt"], sp["cont"])
recs = [soma(0.5)._ref_v, dend(0.9)._ref_v, ref]
vecs = [(h.Vector().record(r, sp["recdt"]) if sp["recdt"] else h.Vector().record(r)) for r in recs]
h.dt = sp["dt"]; h.secondorder = sp["so"]
h.finitialize(-65); h.continuerun(sp["tstop"])
json.dump([[list(v) for v in vecs]], open(sys.argv[2], "w"))
