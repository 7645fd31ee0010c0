import json, sys
from neuron import h
h.load_file("stdrun.hoc")
sp = json.load(open(sys.argv[1]))[int(sys.argv[3])]
soma = h.Section(name="soma"); soma.L = soma.diam = 20; soma.insert("hh")
dend = h.Section(name="dend"); dend.L, dend.diam, dend.nseg = 150, 2, sp["nseg"]; dend.insert("hh"); dend.connect(soma(1))
stim = h.IClamp(soma(0.5)); stim.delay, stim.dur, stim.amp = 1, 100, sp["amp"]
h.usetable_hh = sp["usetable"]
h.celsius = sp["celsius"]
h.steps_per_ms = sp["steps_per_ms"]
h.dt = sp["dt"]
h.tstop = sp["tstop"]; h.v_init = sp["v_init"]
t = h.Vector().record(h._ref_t); v = h.Vector().record(dend(0.7)._ref_v); m = h.Vector().record(soma(0.5).hh._ref_m)
if sp["event_t"] is not None:
    def cb():
        stim.amp = sp["event_amp"]
    fih = h.FInitializeHandler(lambda: h.cvode.event(sp["event_t"], cb))
if sp["fih_v"] is not None:
    def setv():
        for seg in dend: seg.v = sp["fih_v"]
    fih2 = h.FInitializeHandler(1, setv)
mode = sp["mode"]
if mode == "run": h.run()
elif mode == "continuerun": h.finitialize(sp["v_init"]); h.continuerun(sp["tstop"])
elif mode == "stdinit+continuerun": h.stdinit(); h.continuerun(sp["tstop"])
else:
    h.init()
    while h.t < sp["tstop"]: h.fadvance()
if sp["celsius2"] is not None:
    h.celsius = sp["celsius2"]; h.continuerun(h.t + 5)
json.dump([[list(t), list(v), list(m), [h.dt, h.t]]], open(sys.argv[2], "w"))
