import json, sys
from neuron import h
h.load_file("stdrun.hoc")
specs = json.load(open(sys.argv[1]))
out = []
for sp in specs[int(sys.argv[3]):int(sys.argv[3]) + 1]:
    secs = []
    for s in sp["secs"]:
        sec = h.Section(name=s["name"]); sec.L, sec.diam, sec.nseg, sec.Ra, sec.cm = s["L"], s["diam"], s["nseg"], s["Ra"], s["cm"]
        for m in s["mech"].split("+"):
            if m != "none": sec.insert(m)
        secs.append(sec)
    for i, s in enumerate(sp["secs"]):
        if i > 0: secs[i].connect(secs[s["parent"]](s["px"]), s["cx"])
    for i in sp["pt3d"]:
        sec = secs[i]; L, d = sec.L, sec.diam
        sec.pt3dclear(); sec.pt3dadd(0, 0, 0, d); sec.pt3dadd(L * 0.3, 1, 0, d * 1.2); sec.pt3dadd(L * 0.7, 2, 1, d * 0.8); sec.pt3dadd(L, 3, 1, d)
    for i, ns in sp["renseg"]: secs[i].nseg = ns
    keep = []
    for sy in sp["syns"]:
        syn = getattr(h, sy["type"])(secs[sy["sec"]](sy["x"]))
        if sy["type"] == "AlphaSynapse":
            syn.onset, syn.gmax = sy["start"] + 1, sy["w"]; keep.append(syn); continue
        ns = h.NetStim(); ns.start, ns.number, ns.interval, ns.noise = sy["start"], sy["number"], sy["interval"], sy["noise"]
        nc = h.NetCon(ns, syn); nc.weight[0], nc.delay = sy["w"], sy["delay"]; keep += [syn, ns, nc]
    for ne in sp["nets"]:
        syn = h.ExpSyn(secs[ne["to"]](ne["tx"]))
        nc = h.NetCon(secs[ne["from"]](ne["fx"])._ref_v, syn, sec=secs[ne["from"]]); nc.weight[0], nc.delay, nc.threshold = ne["w"], ne["delay"], ne["th"]; keep += [syn, nc]
    stims = []
    for st in sp["stims"]:
        c = h.IClamp(secs[st["sec"]](st["x"])); c.delay, c.dur, c.amp = st["delay"], st["dur"], st["amp"]; stims.append(c)
    for p in sp["segparams"]:
        seg = secs[p["sec"]](p["x"])
        if hasattr(seg, "hh"): seg.hh.gnabar = p["gnabar"]
    if sp["play"]["on"] and stims:
        pv = h.Vector(sp["play"]["vals"]); pt = h.Vector(sp["play"]["times"]); pv.play(stims[0]._ref_amp, pt, sp["play"]["cont"]); keep += [pv, pt]
    if sp["move"]["on"] and stims:
        stims[-1].loc(secs[sp["move"]["sec"]](sp["move"]["x"]))
    apcv = None
    if sp["apc"]:
        apc = h.APCount(secs[0](0.5)); apc.thresh = -10; apcv = h.Vector(); apc.record(apcv); keep.append(apc)
    if sp["vclamp"]:
        vc = h.VClamp(secs[-1](0.5)); vc.dur[0], vc.amp[0], vc.dur[1], vc.amp[1] = 3, -50, 4, -70; keep.append(vc)
    for sc in sp["seclamp"]:
        c = h.SEClamp(secs[sc["sec"]](sc["x"])); c.dur1, c.amp1, c.dur2, c.amp2, c.rs = sc["dur1"], sc["amp1"], sc["dur2"], sc["amp2"], sc["rs"]; keep.append(c)
    for i in sp["ext"]:
        secs[i].insert("extracellular")
        for seg in secs[i]:
            seg.xg[0] = sp["extparams"]["xg"]; seg.xraxial[0] = sp["extparams"]["xraxial"]; seg.e_extracellular = sp["extparams"]["e"]
    if sp["imem"]: h.cvode.use_fast_imem(1)
    vecs = []
    for r in sp["rec"]:
        seg = secs[r["sec"]](r["x"]); mech = sp["secs"][r["sec"]]["mech"]
        var = r["var"]
        if var in ("ina", "m_hh") and "hh" not in mech: var = "v"
        if var == "i_pas" and "pas" not in mech: var = "v"
        if sp["recdt"]: vecs.append(h.Vector().record(getattr(seg, "_ref_" + var), sp["recdt"]))
        else: vecs.append(h.Vector().record(getattr(seg, "_ref_" + var)))
    if sp["imem"]:
        r = sp["rec"][0]; vecs.append(h.Vector().record(secs[r["sec"]](r["x"])._ref_i_membrane_))
    for i in sp["ext"][:1]:
        vecs.append(h.Vector().record(secs[i](0.5)._ref_vext[0]))
    h.dt = sp["dt"]; h.secondorder = sp["secondorder"]; h.celsius = sp["celsius"]
    h.finitialize(sp["v_init"])
    if sp["change"]["at"] is not None and stims:
        h.continuerun(sp["change"]["at"]); stims[0].amp = sp["change"]["amp"]
    if sp["loop"] == "fadvance":
        while h.t < sp["tstop"] - h.dt / 2: h.fadvance()
    else:
        h.continuerun(sp["tstop"])
    res = [list(v) for v in vecs]
    if apcv is not None: res.append(list(apcv))
    out.append(res)
json.dump(out, open(sys.argv[2], "w"))
