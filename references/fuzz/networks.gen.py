import json, random, sys
def spec(seed):
    r = random.Random(seed)
    ncell = r.randint(2, 6)
    cells = [{"soma_diam": round(r.uniform(10, 25), 2), "dend_L": round(r.uniform(50, 300), 1), "dend_nseg": r.choice([1, 3, 5]), "gnabar": round(r.uniform(0.08, 0.15), 3)} for _ in range(ncell)]
    nart = r.randint(0, 3)
    arts = [{"type": r.choice(["IntFire1", "IntFire2", "IntFire4"]), "tau": round(r.uniform(3, 20), 2)} for _ in range(nart)]
    stims = [{"target": r.randrange(ncell + nart), "start": round(r.uniform(0, 5), 2), "number": r.randint(1, 10), "interval": round(r.uniform(1, 8), 2), "noise": r.choice([0, 0, 0.5, 1]), "w": round(r.uniform(0.005, 0.05), 4), "delay": round(r.uniform(0.1, 3), 2), "syn": r.choice(["ExpSyn", "Exp2Syn"])} for _ in range(r.randint(1, 4))]
    conns = [{"src": r.randrange(ncell + nart), "dst": r.randrange(ncell + nart), "w": round(r.uniform(0.001, 0.05), 4), "delay": round(r.uniform(0.5, 5), 2), "th": r.choice([-20, -10, 0, 10]), "syn": r.choice(["ExpSyn", "Exp2Syn"])} for _ in range(r.randint(0, 8))]
    mid = {"t": r.choice([None, 10, 17.5]), "wscale": round(r.uniform(0.5, 2), 2), "deactivate": r.random() < 0.5, "event": r.random() < 0.5}
    return {"seed": seed, "cells": cells, "arts": arts, "stims": stims, "conns": conns, "mid": mid, "dt": r.choice([0.025, 0.0125, 0.05]), "tstop": 40, "secondorder": r.choice([0, 2])}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
