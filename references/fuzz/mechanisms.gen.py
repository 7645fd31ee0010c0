import json, random, sys
MECHS = ["hh", "pas", "cad", "cahv", "catg", "ka", "k3st", "calong", "capulse", "hhdi", "ecaset"]
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
    q2 = random.Random(seed + 2000003)
    stims = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "delay": round(r.uniform(0, 5), 2), "dur": round(r.uniform(1, 10), 2), "amp": round(r.uniform(0.05, 1.0), 3)} for _ in range(r.randint(1, 2))]
    rec = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "var": r.choice(["v", "cai", "eca", "ica", "ik", "ek"])} for _ in range(6)] + [
        {"sec": q2.randrange(n), "x": round(q2.uniform(0, 1), 3), "var": q2.choice(["v", "cai", "cao", "eca", "ena", "ek", "nai", "ki"])} for _ in range(3)]
    # Ion styles and removed mechanisms (drawn apart, so that the rest of a seed's model is as it was).
    q = random.Random(seed + 1000003)
    for s in secs:
        s["styles"] = [[q.choice(["na_ion", "k_ion", "ca_ion"]), [q.randint(0, 3), q.randint(0, 3), q.randint(0, 1), q.randint(0, 1), q.randint(0, 1)]]
                       for _ in range(q.choice([0, 0, 1, 2]))]
        s["uninsert"] = [m for m in s["mechs"] if q.random() < 0.15]
        s["reinsert"] = [m for m in MECHS if q.random() < 0.05]
        # (cad and calong both write cai: NEURON warns, and which one's INITIAL wins is not its order of types.)
        kept = set(s["mechs"]) - set(s["uninsert"])
        if ("cad" in kept or "cad" in s["reinsert"]) and ("calong" in kept or "calong" in s["reinsert"]):
            s["reinsert"] = [m for m in s["reinsert"] if m not in ("cad", "calong")]
    return {"seed": seed, "secs": secs, "stims": stims, "rec": rec, "dt": r.choice([0.025, 0.05, 0.01]), "secondorder": r.choice([0, 0, 2]),
            "celsius": r.choice([6.3, 20, 34]), "tstop": 15, "v_init": r.choice([-65, -70]), "renseg": [(r.randrange(n), r.choice([1, 3, 4])) for _ in range(r.randint(0, 1))],
            "cai0": r.choice([None, 1e-4]), "cao0": r.choice([None, 3])}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
