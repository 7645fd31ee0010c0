import json, random, sys
MECHS = ["hh", "pas", "cad", "cahv", "catg", "ka", "k3st", "calong", "capulse", "hhdi"]
def spec(seed):
    r = random.Random(seed)
    n = r.randint(1, 6)
    secs = []
    for i in range(n):
        ms = set(r.sample(MECHS, r.randint(0, 4)))
        if "cad" in ms and "calong" in ms: ms.discard("calong")
        s = {"name": f"s{i}", "L": round(r.uniform(5, 200), 3), "diam": round(r.uniform(0.5, 20), 3), "nseg": r.choice([1, 2, 3, 5, 7]),
             "Ra": round(r.uniform(50, 200), 2), "mechs": sorted(ms),
             "gcahv": round(r.uniform(0, 0.01), 5), "pcatg": round(r.uniform(0, 5e-4), 7), "gka": round(r.uniform(0, 0.05), 4), "gk3": round(r.uniform(0, 0.02), 4)}
        if i > 0:
            s["parent"] = r.randrange(i); s["cx"] = r.choice([0, 1]); s["px"] = r.choice([0, 1, 1, round(r.uniform(0, 1), 3)])
        secs.append(s)
    stims = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "delay": round(r.uniform(0, 5), 2), "dur": round(r.uniform(1, 10), 2), "amp": round(r.uniform(0.05, 1.0), 3)} for _ in range(r.randint(1, 2))]
    rec = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "var": r.choice(["v", "cai", "eca", "ica", "ik", "ek"])} for _ in range(6)]
    return {"seed": seed, "secs": secs, "stims": stims, "rec": rec, "dt": r.choice([0.025, 0.05, 0.01]), "secondorder": r.choice([0, 0, 2]),
            "celsius": r.choice([6.3, 20, 34]), "tstop": 15, "v_init": r.choice([-65, -70]), "renseg": [(r.randrange(n), r.choice([1, 3, 4])) for _ in range(r.randint(0, 1))],
            "cai0": r.choice([None, 1e-4]), "cao0": r.choice([None, 3])}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
