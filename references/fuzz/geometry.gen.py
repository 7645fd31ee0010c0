import json, random, sys
def spec(seed):
    r = random.Random(seed)
    n = r.randint(1, 7)
    secs = []
    for i in range(n):
        s = {"L": round(r.uniform(5, 200), 3), "diam": round(r.uniform(0.3, 20), 3), "nseg": r.choice([1, 2, 3, 5, 9]), "Ra": round(r.uniform(30, 300), 2)}
        if r.random() < 0.5:
            k = r.randint(1, 7)
            pts = []; x = y = z = 0.0
            for j in range(k):
                x += r.uniform(0, 30); y += r.uniform(-10, 10); z += r.uniform(-5, 5)
                pts.append([round(x, 3), round(y, 3), round(z, 3), round(r.uniform(0.2, 12), 3)])
            s["pts"] = pts
        if i > 0:
            s["parent"] = r.randrange(i); s["cx"] = r.choice([0, 1]); s["px"] = r.choice([0, 1, 1, 0.5, round(r.uniform(0, 1), 3)])
        secs.append(s)
    return {"seed": seed, "secs": secs, "define_shape": r.random() < 0.5, "renseg": [(r.randrange(n), r.choice([1, 3, 4])) for _ in range(r.randint(0, 2))]}
print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
