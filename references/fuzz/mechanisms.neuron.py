import json, sys
import os
from neuron import h
if os.environ.get("FUZZ_MECH_LIB"):
    h.nrn_load_dll(os.environ["FUZZ_MECH_LIB"])
h.load_file("stdrun.hoc")
sp = json.load(open(sys.argv[1]))[int(sys.argv[3])]
if sp["cai0"]: h.cai0_ca_ion = sp["cai0"]
if sp["cao0"]: h.cao0_ca_ion = sp["cao0"]
secs = []
for s in sp["secs"]:
    sec = h.Section(name=s["name"]); sec.L, sec.diam, sec.nseg, sec.Ra = s["L"], s["diam"], s["nseg"], s["Ra"]
    for m in s["mechs"]: sec.insert(m)
    for seg in sec:
        if "cahv" in s["mechs"]: seg.cahv.gbar = s["gcahv"]
        if "catg" in s["mechs"]: seg.catg.pbar = s["pcatg"]
        if "ka" in s["mechs"]: seg.ka.gbar = s["gka"]
        if "k3st" in s["mechs"]: seg.k3st.gbar = s["gk3"]
    for ion, st in s.get("styles", []): h.ion_style(ion, *st, sec=sec)
    for m in s.get("uninsert", []): sec.uninsert(m)
    for m in s.get("reinsert", []): sec.insert(m)
    secs.append(sec)
for i, s in enumerate(sp["secs"]):
    if i > 0: secs[i].connect(secs[s["parent"]](s["px"]), s["cx"])
for i, ns in sp["renseg"]: secs[i].nseg = ns
stims = []
for st in sp["stims"]:
    c = h.IClamp(secs[st["sec"]](st["x"])); c.delay, c.dur, c.amp = st["delay"], st["dur"], st["amp"]; stims.append(c)
vecs = []
for r in sp["rec"]:
    seg = secs[r["sec"]](r["x"])
    try: ref = getattr(seg, "_ref_" + r["var"])
    except Exception: ref = seg._ref_v
    vecs.append(h.Vector().record(ref))
h.dt = sp["dt"]; h.secondorder = sp["secondorder"]; h.celsius = sp["celsius"]
h.finitialize(sp["v_init"]); h.continuerun(sp["tstop"])
json.dump([[list(v) for v in vecs]], open(sys.argv[2], "w"))
