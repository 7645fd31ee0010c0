import json, sys
from neuron import h
sp = json.load(open(sys.argv[1]))[int(sys.argv[3])]
secs = []
for i, s in enumerate(sp["secs"]):
    sec = h.Section(name=f"s{i}"); sec.L, sec.diam, sec.nseg, sec.Ra = s["L"], s["diam"], s["nseg"], s["Ra"]
    secs.append(sec)
for i, s in enumerate(sp["secs"]):
    if i > 0: secs[i].connect(secs[s["parent"]](s["px"]), s["cx"])
for i, s in enumerate(sp["secs"]):
    if "pts" in s:
        secs[i].pt3dclear()
        for p in s["pts"]: secs[i].pt3dadd(*p)
for i, ns in sp["renseg"]: secs[i].nseg = ns
if sp["define_shape"]: h.define_shape()
h.distance(0, secs[0](0.5))
out = []
for sec in secs:
    row = {"L": sec.L, "nseg": sec.nseg, "segs": [[seg.area(), seg.ri(), seg.diam, h.distance(seg)] for seg in sec], "n3d": sec.n3d(),
           "pts": [[sec.x3d(k), sec.y3d(k), sec.z3d(k), sec.diam3d(k), sec.arc3d(k)] for k in range(sec.n3d())]}
    out.append(row)
json.dump([out], open(sys.argv[2], "w"))
