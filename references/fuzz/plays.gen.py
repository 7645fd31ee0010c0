import json, random, sys
def spec(seed):
    r = random.Random(seed)
    n = r.randint(3, 12)
    return {"seed": seed, "target": r.choice(["amp", "gpas", "v", "e_pas", "gnabar"]), "cont": r.choice([0, 1]),
            "tform": r.choice(["vec", "dt"]), "tdt": r.choice([0.5, 1.3, 2.0]), "vals": [round(r.uniform(-0.2, 1.0), 4) for _ in range(n)],
            "times": sorted(set(round(r.uniform(0, 15), 3) for _ in range(n))), "dt": r.choice([0.025, 0.05, 0.01]), "recdt": r.choice([None, 0.1, 0.25, 0.7]),
            "so": r.choice([0, 2]), "tstop": 15}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
