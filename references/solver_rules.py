"""Evidence for how NEURON integrates the test mechanisms (KINETIC sparse, derivimplicit,
cnexp of a concentration, eadvance of eca), used in references/NOTES.md.

Part 1 reads the fixtures in packages/mechanisms/test/fixtures/ and re-derives each sample
from the previous one with a closed-form rule, printing the worst |difference|.
Part 2 (needs NEURON) shows the extra step NEURON's INITIAL takes after a KINETIC
STEADYSTATE when secondorder = 2.

Run:  python3 references/solver_rules.py
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "packages", "mechanisms", "test", "fixtures")


def load(case):
    with open(os.path.join(FIX, case, "reference.json")) as f:
        return json.load(f)


def solve3(M, r):
    """Gaussian elimination with partial pivoting, 3x3."""
    M = [row[:] + [r[i]] for i, row in enumerate(M)]
    for c in range(3):
        p = max(range(c, 3), key=lambda i: abs(M[i][c]))
        M[c], M[p] = M[p], M[c]
        for i in range(c + 1, 3):
            f = M[i][c] / M[c][c]
            for j in range(c, 4):
                M[i][j] -= f * M[c][j]
    x = [0.0] * 3
    for i in (2, 1, 0):
        x[i] = (M[i][3] - sum(M[i][j] * x[j] for j in range(i + 1, 3))) / M[i][i]
    return x


def k3st_rates(v):
    return (0.2 * math.exp((v + 45) / 18), 0.1 * math.exp(-(v + 45) / 25),
            0.4 * math.exp((v + 35) / 14), 0.08 * math.exp(-(v + 35) / 30))


def k3st_step(y, v, dt):
    """One implicit Euler step of C1 <-> C2 <-> O; the CONSERVE row replaces O's equation."""
    a1, b1, a2, b2 = k3st_rates(v)
    A = [[-a1, b1, 0.0], [a1, -b1 - a2, b2], [0.0, a2, -b2]]
    M = [[(1.0 / dt if i == j else 0.0) - A[i][j] for j in range(3)] for i in range(3)]
    r = [y[i] / dt for i in range(3)]
    M[2], r[2] = [1.0, 1.0, 1.0], 1.0
    return solve3(M, r)


def part1():
    print("== kinetic_k3st (SOLVE kin METHOD sparse, CONSERVE C1 + C2 + O = 1)")
    d = load("kinetic_k3st")
    T, dt = d["traces"], d["dt"]
    V = T["soma(0.5).v"]
    Y = list(zip(*(T["soma(0.5).k3st." + k] for k in ("C1", "C2", "O"))))
    v0 = V[0]
    a1, b1, a2, b2 = k3st_rates(v0)
    c1 = 1 / (1 + a1 / b1 + a1 / b1 * a2 / b2)
    exact = (c1, c1 * a1 / b1, c1 * a1 / b1 * a2 / b2)
    big = k3st_step([0.0, 0.0, 0.0], v0, 1e9)
    print("  sample 0 vs the exact steady state:        max|diff| = %.3g"
          % max(abs(a - b) for a, b in zip(Y[0], exact)))
    print("  sample 0 vs ONE implicit Euler step, dt=1e9, from all states 0: max|diff| = %.3g"
          % max(abs(a - b) for a, b in zip(Y[0], big)))
    w = max(max(abs(a - b) for a, b in zip(k3st_step(list(Y[k - 1]), V[k], dt), Y[k]))
            for k in range(1, len(V)))
    print("  sample k vs one implicit Euler step from sample k-1 at v[k] (new v): max|diff| = %.3g" % w)

    print("== derivimplicit_hhdi (SOLVE states METHOD derivimplicit)")
    d = load("derivimplicit_hhdi")
    T, dt = d["traces"], d["dt"]
    V = T["soma(0.5).v"]

    def lin(x, y):
        return y * (1 - x / y / 2) if abs(x / y) < 1e-6 else x / (math.exp(x / y) - 1)

    def ab(v):
        return {"m": (0.1 * lin(-(v + 40), 10), 4 * math.exp(-(v + 65) / 18)),
                "h": (0.07 * math.exp(-(v + 65) / 20), 1 / (math.exp(-(v + 35) / 10) + 1)),
                "n": (0.01 * lin(-(v + 55), 10), 0.125 * math.exp(-(v + 65) / 80))}
    for g in "mhn":
        X = T["soma(0.5).hhdi." + g]
        w = 0.0
        for k in range(1, len(V)):
            a, b = ab(V[k])[g]
            w = max(w, abs((X[k - 1] + dt * a) / (1 + dt * (a + b)) - X[k]))
        print(f"  {g}: sample k vs closed-form implicit Euler (x + dt*a)/(1 + dt*(a + b)) at v[k]: "
              f"max|diff| = {w:.3g}")

    print("== calcium (cad: cai' = -ica*10000/(2*F*depth) - (cai - cainf)/taur, cnexp)")
    d = load("calcium")
    T, dt = d["traces"], d["dt"]
    F = 96485.33212331001  # FARADAY as nocmodl writes it (modern units, NEURON 8.2 default)
    R = 8.31446261815324
    ktf = 1000.0 * R * (d["celsius"] + 273.15) / F
    for s in ("somaA", "somaB"):
        cai, ica, eca = T[s + "(0.5).cai"], T[s + "(0.5).ica"], T[s + "(0.5).eca"]
        w = 0.0
        for k in range(1, len(cai)):
            drive = -ica[k] * 10000.0 / (2.0 * F * 0.1)
            inf = drive * 200.0 + 1e-4
            w = max(w, abs(inf + (cai[k - 1] - inf) * math.exp(-dt / 200.0) - cai[k]))
        lag = max(abs(ktf / 2 * math.log(2.0 / cai[k - 1]) - eca[k]) for k in range(1, len(cai)))
        now = max(abs(ktf / 2 * math.log(2.0 / cai[k]) - eca[k]) for k in range(1, len(cai)))
        print(f"  {s}: cai[k] vs exact exponential step with ica[k] held: max|diff| = {w:.3g}")
        print(f"  {s}: eca[k] vs Nernst(cai[k-1]) max|diff| = {lag:.3g};  vs Nernst(cai[k]) = {now:.3g}; "
              f"eca[0] == Nernst(cai[0]): {eca[0] == ktf / 2 * math.log(2.0 / cai[0])}")


def part2():
    try:
        import neuron  # noqa: F401
    except ImportError:
        print("(NEURON not installed: part 2 skipped)")
        return
    src_path = os.path.join(FIX, "kinetic_k3st", "model.py")
    with open(src_path) as f:
        src = f.read()
    helpers = src[:src.index("# ------------------------------------------------------------------ model ---")]
    g = {"__file__": src_path, "__name__": "kinetic_k3st_helpers"}
    exec(helpers, g)  # the fixture's own loader (compiles mod/k3st.mod)
    g["load_test_mechanisms"]("k3st.mod")
    h = g["h"]
    print("== k3st INITIAL (SOLVE kin STEADYSTATE sparse) and secondorder")
    s = h.Section(name="soma")
    s.L = s.diam = 20
    s.insert("hh")
    s.insert("k3st")
    for so in (0, 2):
        h.secondorder = so
        h.finitialize(-65)
        m = s(0.5).k3st
        print(f"  secondorder={so}: C1={m.C1!r} C2={m.C2!r} O={m.O!r} sum-1={m.C1 + m.C2 + m.O - 1:.3g}")
    h.secondorder = 0


if __name__ == "__main__":
    part1()
    part2()
    sys.exit(0)
