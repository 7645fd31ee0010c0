import json, sys
from neuron import h
h.load_file("stdrun.hoc")
sp = json.load(open(sys.argv[1]))[int(sys.argv[3])]
secs = []
for s in sp["secs"]:
    sec = h.Section(name=s["name"]); sec.L, sec.diam, sec.nseg, sec.Ra, sec.cm = s["L"], s["diam"], s["nseg"], s["Ra"], s["cm"]
    for m in s["mechs"]: sec.insert(m)
    secs.append(sec)
for i, s in enumerate(sp["secs"]):
    if i > 0: secs[i].connect(secs[s["parent"]](s["px"]), s["cx"])
for i, s in enumerate(sp["secs"]):
    if s["pt3d"] is not None and len(s["pt3d"]) >= 2:
        sec = secs[i]; L = s["L"]; pts = sorted(s["pt3d"])
        sec.pt3dclear()
        for k, (f, d) in enumerate(pts): sec.pt3dadd(f * L, k * 0.5, 0, d)
pps = []
for p in sp["pps"]:
    pp = getattr(h, p["type"])(secs[p["sec"]](p["x"]))
    if p["type"] == "IClamp": pp.delay, pp.dur, pp.amp = 1, 10, 0.3
    elif p["type"] == "SEClamp": pp.dur1, pp.amp1, pp.rs = 3, -40, 2
    else:
        ns = h.NetStim(); ns.start, ns.number, ns.interval = 1, 3, 2; nc = h.NetCon(ns, pp); nc.weight[0] = 0.01; pps += [ns, nc]
    pps.append(pp)
vecs = [h.Vector().record(secs[r["sec"]](r["x"])._ref_v) for r in sp["rec"]]
h.dt = sp["dt"]; h.secondorder = sp["secondorder"]
h.finitialize(-65); h.continuerun(sp["t1"])
for c in sp["changes"]:
    sec = secs[c["sec"]]
    if c["kind"] == "amp":
        for p in pps:
            if p.hname().startswith("IClamp"): p.amp = c["value"]
    elif c["kind"] == "gnabar":
        if "hh" in sp["secs"][c["sec"]]["mechs"]:
            for seg in sec: seg.hh.gnabar = c["value"]
    else:
        setattr(sec, c["kind"], c["value"])
if sp["reinit"]:
    h.finitialize(-65)
h.continuerun(sp["tstop"])
json.dump([[list(v) for v in vecs]], open(sys.argv[2], "w"))
