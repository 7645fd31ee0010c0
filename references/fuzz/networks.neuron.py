import json, sys
from neuron import h
h.load_file("stdrun.hoc")
sp = json.load(open(sys.argv[1]))[int(sys.argv[3])]
somas, objs, ncs = [], [], []
for i, c in enumerate(sp["cells"]):
    soma = h.Section(name=f"soma{i}"); soma.L = soma.diam = c["soma_diam"]; soma.insert("hh"); soma.gnabar_hh = c["gnabar"]
    dend = h.Section(name=f"dend{i}"); dend.L, dend.diam, dend.nseg = c["dend_L"], 1, c["dend_nseg"]; dend.insert("pas"); dend.connect(soma(1))
    somas.append((soma, dend))
arts = []
for a in sp["arts"]:
    art = getattr(h, a["type"])()
    if a["type"] == "IntFire1": art.tau = a["tau"]
    elif a["type"] == "IntFire2": art.taum = a["tau"]
    else: art.taum = a["tau"] * 2
    arts.append(art)
ncell = len(somas)
def target(k, syn):
    if k < ncell:
        s = getattr(h, syn)(somas[k][1](0.5)); objs.append(s); return s
    return arts[k - ncell]
for st in sp["stims"]:
    ns = h.NetStim(); ns.start, ns.number, ns.interval, ns.noise = st["start"], st["number"], st["interval"], st["noise"]
    tg = target(st["target"], st["syn"])
    nc = h.NetCon(ns, tg); nc.weight[0], nc.delay = st["w"] * (1 if st["target"] < ncell else 20), st["delay"]; objs.append(ns); ncs.append(nc)
spk = []
for c in sp["conns"]:
    tg = target(c["dst"], c["syn"])
    if c["src"] < ncell:
        soma = somas[c["src"]][0]; nc = h.NetCon(soma(0.5)._ref_v, tg, sec=soma); nc.threshold = c["th"]
    else:
        nc = h.NetCon(arts[c["src"] - ncell], tg)
    nc.weight[0], nc.delay = c["w"] * (1 if c["dst"] < ncell else 20), c["delay"]; ncs.append(nc)
    v = h.Vector(); nc.record(v); spk.append(v)
vecs = [h.Vector().record(s[0](0.5)._ref_v) for s in somas]
h.dt = sp["dt"]; h.secondorder = sp["secondorder"]
h.finitialize(-65)
m = sp["mid"]
if m["t"] is not None:
    h.continuerun(m["t"])
    for nc in ncs: nc.weight[0] *= m["wscale"]
    if m["deactivate"] and ncs: ncs[0].active(0)
    if m["event"] and len(ncs) > 1 and ncs[-1].syn() is not None: ncs[-1].event(h.t + 1.3)
h.continuerun(sp["tstop"])
json.dump([[list(v) for v in vecs], [list(v) for v in spk]], open(sys.argv[2], "w"))
