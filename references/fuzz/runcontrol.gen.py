import json, random, sys
def spec(seed):
    r = random.Random(seed)
    return {"seed": seed, "dt": r.choice([0.025, 0.03, 0.07, 0.1, 0.2, 0.0125, 0.04]), "steps_per_ms": r.choice([40, 40, 10, 25, 1]),
            "tstop": r.choice([10, 12.3, 20]), "v_init": r.choice([-65, -70, -60.5]), "mode": r.choice(["run", "continuerun", "stdinit+continuerun", "init+fadvance"]),
            "celsius": r.choice([6.3, 16, 30]), "celsius2": r.choice([None, 20]), "usetable": r.choice([1, 1, 0]), "amp": round(r.uniform(0.05, 0.5), 3),
            "event_t": r.choice([None, 3.3, 5.0]), "event_amp": round(r.uniform(0, 1), 3), "fih_v": r.choice([None, -58.0]), "nseg": r.choice([1, 3, 5])}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
