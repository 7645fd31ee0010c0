import json, random, sys
def spec(seed):
    r = random.Random(seed)
    n = r.randint(2, 8)
    secs = []
    for i in range(n):
        s = {"name": f"s{i}", "L": round(r.uniform(5, 300), 3), "diam": round(r.uniform(0.3, 25), 3),
             "nseg": r.choice([1, 1, 2, 3, 5, 7, 9, 4]), "Ra": round(r.uniform(30, 300), 2), "cm": round(r.uniform(0.5, 2), 3),
             "mech": r.choice(["hh", "pas", "hh+pas", "none"])}
        if i > 0:
            s["parent"] = r.randrange(i)
            s["cx"] = r.choice([0, 1])
            s["px"] = r.choice([0, 1, 1, 1, round(r.uniform(0, 1), 3), 0.5])
        secs.append(s)
    # change some nseg after connecting
    renseg = [(r.randrange(n), r.choice([1, 3, 5, 11])) for _ in range(r.randint(0, 2))]
    stims = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "delay": round(r.uniform(0, 5), 2), "dur": round(r.uniform(1, 10), 2), "amp": round(r.uniform(0.05, 1.5), 3)} for _ in range(r.randint(1, 3))]
    rec = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "var": r.choice(["v", "v", "ina", "m_hh", "i_pas"])} for _ in range(6)]
    syns = [{"type": r.choice(["ExpSyn", "Exp2Syn", "AlphaSynapse"]), "sec": r.randrange(n), "x": round(r.uniform(0, 1), 3),
             "start": round(r.uniform(0, 5), 2), "number": r.randint(1, 5), "interval": round(r.uniform(1, 5), 2), "noise": r.choice([0, 0, 1]),
             "w": round(r.uniform(0.001, 0.05), 4), "delay": round(r.uniform(0, 3), 2)} for _ in range(r.randint(0, 3))]
    nets = [{"from": r.randrange(n), "fx": round(r.uniform(0, 1), 3), "to": r.randrange(n), "tx": round(r.uniform(0, 1), 3), "w": round(r.uniform(0.001, 0.05), 4), "delay": round(r.uniform(0.5, 3), 2), "th": r.choice([-20, 0, 10])} for _ in range(r.randint(0, 2))]
    pt3d = [i for i in range(n) if r.random() < 0.3]
    seclamp = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "dur1": round(r.uniform(1, 8), 2), "amp1": r.choice([-70, -40, -20, 0]), "dur2": round(r.uniform(1, 8), 2), "amp2": r.choice([-80, -50, 10]), "rs": r.choice([0.01, 1, 5])} for _ in range(r.randint(0, 1) if r.random() < 0.3 else 0)]
    ext = [i for i in range(n) if r.random() < 0.2]
    extparams = {"xg": r.choice([1e9, 1e4, 10]), "xraxial": r.choice([1e9, 1e5]), "e": r.choice([0, 0, 2])}
    imem = r.random() < 0.3
    play = {"on": r.random() < 0.3, "cont": r.choice([0, 1]), "vals": [round(r.uniform(-0.2, 1), 3) for _ in range(5)], "times": sorted(round(r.uniform(0, 18), 2) for _ in range(5))}
    recdt = r.choice([None, None, 0.1, 0.3, 1])
    loop = r.choice(["continuerun", "continuerun", "fadvance"])
    segparams = [{"sec": r.randrange(n), "x": round(r.uniform(0, 1), 3), "gnabar": round(r.uniform(0.05, 0.2), 4)} for _ in range(r.randint(0, 3))]
    move = {"on": r.random() < 0.3, "sec": r.randrange(n), "x": round(r.uniform(0, 1), 3)}
    apc = r.random() < 0.3
    vclamp = r.random() < 0.15
    delete_leaf = r.random() < 0.2
    change = {"at": r.choice([None, 7, 12.5]), "amp": round(r.uniform(-0.5, 1.5), 3)}
    return {"seed": seed, "secs": secs, "renseg": renseg, "stims": stims, "rec": rec, "syns": syns, "nets": nets, "pt3d": pt3d, "seclamp": seclamp, "ext": ext, "extparams": extparams, "imem": imem, "change": change, "play": play, "recdt": recdt, "loop": loop, "segparams": segparams, "move": move, "apc": apc, "vclamp": vclamp, "delete_leaf": delete_leaf,
            "dt": r.choice([0.025, 0.01, 0.05, 0.1]), "secondorder": r.choice([0, 0, 2, 1]), "celsius": r.choice([6.3, 16, 25, 37]),
            "tstop": 20, "v_init": r.choice([-65, -70, -60])}
if __name__ == "__main__":
    print(json.dumps([spec(int(s)) for s in range(int(sys.argv[1]), int(sys.argv[2]))]))
