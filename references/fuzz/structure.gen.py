import json, random, sys
def spec(seed):
    r = random.Random(seed)
    n = r.randint(1, 6)
    secs = []
    for i in range(n):
        s = {"name": f"s{i}", "L": round(r.uniform(5, 200), 3), "diam": round(r.uniform(0.5, 20), 3), "nseg": r.choice([1, 2, 3, 5]),
             "Ra": round(r.uniform(50, 200), 2), "cm": round(r.uniform(0.7, 1.5), 2), "mechs": r.choice([["hh"], ["pas"], ["hh", "pas"], []]),
             "pt3d": [[round(r.uniform(0, 1), 3), round(r.uniform(0.3, 15), 3)] for _ in range(r.randint(0, 5))] if r.random() < 0.4 else None}
        if i > 0:
            s["parent"] = r.randrange(i); s["cx"] = r.choice([0, 1]); s["px"] = r.choice([0, 1, 1, round(r.uniform(0, 1), 3)])
        secs.append(s)
    pps = [{"type": r.choice(["IClamp", "IClamp", "ExpSyn", "SEClamp"]), "sec": r.randrange(n), "x": r.choice([0, 1, 0.5, round(r.uniform(0, 1), 3)])} for _ in range(r.randint(1, 3))]
    rec = [{"sec": r.randrange(n), "x": r.choice([0, 1, round(r.uniform(0, 1), 3)])} for _ in range(5)]
    changes = []
    for _ in range(r.randint(0, 3)):
        kind = r.choice(["nseg", "Ra", "cm", "diam", "L", "amp", "gnabar"])
        changes.append({"kind": kind, "sec": r.randrange(n), "value": {"nseg": r.choice([1, 3, 4, 7]), "Ra": round(r.uniform(50, 300), 1), "cm": round(r.uniform(0.5, 2), 2), "diam": round(r.uniform(0.5, 10), 2), "L": round(r.uniform(10, 100), 1), "amp": round(r.uniform(-0.2, 1), 3), "gnabar": round(r.uniform(0.05, 0.2), 3)}[kind]})
    return {"seed": seed, "secs": secs, "pps": pps, "rec": rec, "changes": changes, "dt": r.choice([0.025, 0.05]), "secondorder": r.choice([0, 2]),
            "t1": r.choice([5, 8]), "tstop": 15, "reinit": r.random() < 0.3}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
