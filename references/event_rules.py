"""Event semantics of NEURON 8.2 (fixed step), established by experiment.

Prints one section per rule; references/NOTES.md ("Events") quotes the output. Each check
prints OK or FAILED; exit status 0 when all hold.

Two test-only mechanisms are compiled in a temporary folder (nothing is written into the
repository): EvOrder (ARTIFICIAL_CELL) and EvOrderPP (POINT_PROCESS on a section). Both keep
x = 10*x + d for every event they receive, where d is the NetCon weight for an outside event
and the flag for a self-event, so the digits of x give the delivery order. Their NET_RECEIVE
has a second argument n with an INITIAL block (n = 7), counted up per event.

Run with NEURON installed:  python3 references/event_rules.py
"""
import os
import shutil
import subprocess
import sys
import tempfile

import neuron
from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from compare_point_processes import nrnivmodl_command  # noqa: E402

EVORDER = """
NEURON { %s %s RANGE x, tsend, tsend2, fsend2 }
PARAMETER { tsend = -1 (ms) tsend2 = -1 (ms) fsend2 = 8 }
ASSIGNED { x }
INITIAL {
    x = 0
    if (tsend >= 0) { net_send(tsend, 9) }
    if (tsend2 >= 0) { net_send(tsend2, fsend2) }
}
NET_RECEIVE(w, n) {
    INITIAL { n = 7 }
    if (flag == 0) {
        x = x*10 + w
        n = n + 1
    } else {
        x = x*10 + flag
    }
}
"""

FAILED = []


def check(label, ok):
    print(f"  [{'OK' if ok else 'FAILED'}] {label}")
    if not ok:
        FAILED.append(label)


def build():
    work = tempfile.mkdtemp(prefix="neurite_ev_")
    moddir = os.path.join(work, "mod")
    os.mkdir(moddir)
    with open(os.path.join(moddir, "evorder.mod"), "w") as f:
        f.write(EVORDER % ("ARTIFICIAL_CELL", "EvOrder"))
    with open(os.path.join(moddir, "evorderpp.mod"), "w") as f:
        f.write(EVORDER % ("POINT_PROCESS", "EvOrderPP"))
    r = subprocess.run(nrnivmodl_command(work), cwd=moddir, capture_output=True, text=True)
    if not os.path.exists(os.path.join(moddir, "x86_64", ".libs", "libnrnmech.so")):
        print(r.stdout, r.stderr)
        raise SystemExit("nrnivmodl failed")
    neuron.load_mechanisms(moddir)
    return work


h.load_file("stdrun.hoc")


def section(name="soma", hh=True):
    s = h.Section(name=name)
    s.L = s.diam = 20
    if hh:
        s.insert("hh")
    return s


def defaults():
    print("== NetCon defaults")
    s = section()
    ns = h.NetStim()
    a = h.NetCon(s(0.5)._ref_v, None, sec=s)
    b = h.NetCon(ns, None)
    print(f"  NetCon(v, None): threshold={a.threshold} delay={a.delay} weight[0]={a.weight[0]} "
          f"len(weight)={len(a.weight)}")
    print(f"  NetCon(NetStim, None): threshold={b.threshold} delay={b.delay} weight[0]={b.weight[0]}")
    check("threshold 10 mV, delay 1 ms, weight 0", (a.threshold, a.delay, a.weight[0]) == (10, 1, 0))
    e = h.EvOrder()
    c = h.NetCon(ns, e)
    print(f"  NetCon(NetStim, EvOrder) (NET_RECEIVE(w, n)): len(weight)={len(c.weight)}")
    check("the weight vector has one element per NET_RECEIVE argument", len(c.weight) == 2)
    print("  NetStim defaults: interval=%g number=%g start=%g noise=%g" % (ns.interval, ns.number,
                                                                         ns.start, ns.noise))


def threshold_detection():
    print("== Threshold detection (NetCon on v) and APCount")
    s = section()
    st = h.IClamp(s(0.5))
    st.delay, st.dur, st.amp = 2, 0.5, 0.6
    tv = h.Vector().record(h._ref_t)
    vv = h.Vector().record(s(0.5)._ref_v)
    nc = h.NetCon(s(0.5)._ref_v, None, sec=s)
    spk = h.Vector()
    nc.record(spk)
    # a second NetCon on the same v shares the source (NEURON's PreSyn): threshold and the
    # record() vector belong to the source, so it is set here to show that
    nc0 = h.NetCon(s(0.5)._ref_v, None, sec=s)
    check("NetCons watching the same variable share the threshold (set on one, seen on the other)",
          (setattr(nc0, "threshold", 0), nc.threshold)[1] == 0)
    nc0.threshold = 10
    # a second cell for threshold -20
    s20 = section("soma20")
    st20 = h.IClamp(s20(0.5))
    st20.delay, st20.dur, st20.amp = 2, 0.5, 0.6
    nc20 = h.NetCon(s20(0.5)._ref_v, None, sec=s20)
    nc20.threshold = -20
    spk0 = h.Vector()
    nc20.record(spk0)
    ap = h.APCount(s(0.5))
    ap.thresh = -20
    apv = h.Vector()
    ap.record(apv)
    h.dt = 0.025
    h.finitialize(-65)
    h.continuerun(20)
    t, v = list(tv), list(vv)
    k10 = next(k for k in range(len(v)) if v[k] > 10)
    k20 = next(k for k in range(len(v)) if v[k] > -20)
    k20a = next(k for k in range(len(v)) if v[k] >= -20)
    print(f"  first sample with v > 10: k={k10}, t[k]={t[k10]!r}, v[k]={v[k10]!r}; NetCon threshold 10 "
          f"recorded {spk[0]!r} = t[k] + {spk[0] - t[k10]!r}")
    check("NetCon records t[k] + 1e-10 for the first sample k with v > threshold",
          spk[0] == t[k10] + 1e-10)
    check("threshold -20: likewise", spk0[0] == t[k20] + 1e-10)
    print(f"  APCount thresh=-20: time={apv[0]!r} = t[{k20a}] (first sample with v >= thresh); "
          f"n={ap.n}")
    check("APCount records t[k] itself for the first sample with v >= thresh", apv[0] == t[k20a])

    # strict '>' for the NetCon, '>=' for APCount: a passive-free cell that sits exactly at threshold
    for v0, label in ((10.0, "v == threshold"), (10.000000001, "v slightly above threshold")):
        c = h.Section(name="bare")
        c.L = c.diam = 10
        n2 = h.NetCon(c(0.5)._ref_v, None, sec=c)
        r2 = h.Vector()
        n2.record(r2)
        a2 = h.APCount(c(0.5))
        a2.thresh = 10
        h.finitialize(v0)
        h.continuerun(1)
        print(f"  bare section held at v={v0!r} ({label}): NetCon events {list(r2)}, "
              f"APCount n={a2.n} time={a2.time!r}")
        if v0 == 10.0:
            check("v == threshold gives no NetCon event (strict >) but APCount counts it (>=)",
                  len(r2) == 0 and a2.n == 1)
        else:
            check("v above threshold from the start: one event at 0 + 1e-10 (the detector starts "
                  "in the 'below' state at finitialize and is checked at the start of each step)",
                  list(r2) == [1e-10])
        del n2, a2, c


def delivery_within_step():
    print("== When an event is delivered within a step (ExpSyn g jumps)")
    s = section(hh=False)
    s.insert("pas")
    syn = h.ExpSyn(s(0.5))
    syn.tau = 2
    nc = h.NetCon(None, syn)
    nc.weight[0] = 0.01
    h.dt = 0.025
    tv = h.Vector().record(h._ref_t)
    gv = h.Vector().record(syn._ref_g)
    rows = []
    for frac in (0.0, 0.3, 0.5, 0.5000001, 0.7, 1.0):
        te = 4.0 + frac * h.dt
        fih = h.FInitializeHandler(lambda te=te: nc.event(te))
        h.finitialize(-65)
        h.continuerun(5)
        t, g = list(tv), list(gv)
        k = next(k for k in range(len(g)) if g[k] != 0)
        rows.append((frac, te, k, t[k - 1], g[k]))
        del fih
    decay = 1.0 - (1.0 - __import__("math").exp(h.dt * (-1.0 / 2.0)))
    for frac, te, k, tprev, gk in rows:
        print(f"  event at t = 4 + {frac}*dt = {te!r}: first g != 0 at sample k={k} (t[k-1]={tprev!r}), "
              f"g[k]={gk!r}")
    check("an event is delivered before the step from t[j] for the first j with te <= t[j] + dt/2 "
          "(here t[160] = 4.000000000000023): g changes from sample j+1 on",
          [r[2] for r in rows] == [161, 161, 161, 162, 162, 162])
    print("  (te <= t[j]: delivered at the end of the step that reached t[j], after sample j was "
          "recorded; t[j] < te <= t[j] + dt/2: at the start of the step from t[j]; same effect)")
    check("g[k] is the full one-step decay of the weight (the event acts at the start of the step)",
          all(abs(r[4] - 0.01 * decay) < 1e-18 for r in rows))


def netstim_delay():
    print("== NetStim -> NetCon: event times, delay, record")
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 5, 10, 3
    e = h.EvOrder()
    nc = h.NetCon(ns, e)
    nc.delay = 2.5
    nc.weight[0] = 1
    rec = h.Vector()
    nc.record(rec)
    tl = []
    fired = h.Vector()
    nc2 = h.NetCon(ns, None)
    nc2.record(fired)
    h.finitialize(-65)
    h.continuerun(40)
    print(f"  NetStim start=5 interval=10 number=3, delay=2.5: record() on the NetCon to EvOrder "
          f"gives {list(rec)}, record() on a second NetCon from the same NetStim gives "
          f"{list(fired)}; EvOrder x={e.x!r}, n (weight[1]) = {nc.weight[1]!r}")
    check("record() stores the source's event times (not the delivery times); the vector belongs "
          "to the source, so the last record() call on any of its NetCons wins",
          list(fired) == [5.0, 15.0, 25.0] and list(rec) == [])
    check("NET_RECEIVE INITIAL sets n=7 at finitialize; three deliveries -> 10", nc.weight[1] == 10)
    del tl


def order_of_ties():
    print("== Events with equal delivery times")
    out = {}

    class Done:
        def __init__(self, x):
            self.x = x

    def run(make, tstop=20, idx=None):
        """Build, run, return the target's x; every object of the trial is freed before the
        next one (an FInitializeHandler left alive would insert its events again)."""
        objs = make()
        h.finitialize(-65)
        h.continuerun(tstop)
        tgt = objs[idx] if idx is not None else next(o for o in objs if hasattr(o, "x"))
        x = tgt.x
        del objs, tgt
        return Done(x)

    # 1. one source, NetCons created in the order w=1, 2, 3, same delay
    for kind in ("EvOrder", "EvOrderPP"):
        for ws, delays in (((1, 2, 3), (1, 1, 1)), ((3, 1, 2), (1, 1, 1)), ((1, 2), (1, 1)),
                           ((2, 1), (1, 1)), ((1, 2, 3), (2, 1, 2))):
            def make():
                ns = h.NetStim()
                ns.start, ns.number = 5, 1
                sec = h.Section(name="host")
                tgt = h.EvOrder() if kind == "EvOrder" else h.EvOrderPP(sec(0.5))
                ncs = []
                for w, d in zip(ws, delays):
                    nc = h.NetCon(ns, tgt)
                    nc.weight[0], nc.delay = w, d
                    ncs.append(nc)
                return ns, sec, tgt, ncs
            objs = run(make, idx=2)
            objs = (None, None, objs)
            print(f"  {kind}: one NetStim, NetCons with weights {ws} delays {delays} "
                  f"(creation order) -> x = {objs[2].x:g}")
            out[(kind, ws, delays)] = objs[2].x
    check("same source, same delay: delivered in NetCon creation order (2 or 3 NetCons)",
          out[("EvOrder", (1, 2, 3), (1, 1, 1))] == 123 and out[("EvOrder", (3, 1, 2), (1, 1, 1))] == 312
          and out[("EvOrder", (2, 1), (1, 1))] == 21 and out[("EvOrderPP", (3, 1, 2), (1, 1, 1))] == 312)
    print(f"  (weights 1,2,3 with delays 2,1,2: x = {out[('EvOrder', (1, 2, 3), (2, 1, 2))]:g})")

    # 2. different sources arriving at the same time: order of sending? of the queue insertion?
    def make2(order):
        tgt = h.EvOrder()
        ncs = {}
        for w in (1, 2, 3):
            nc = h.NetCon(None, tgt)
            nc.weight[0] = w
            ncs[w] = nc
        fih = h.FInitializeHandler(lambda: [ncs[w].event(7.0) for w in order])
        return tgt, ncs, fih
    for order in ((1, 2, 3), (3, 1, 2), (2, 3, 1)):
        objs = (run(lambda: make2(order), idx=0),)
        print(f"  three NetCons, nc.event(7.0) called in the order {order} -> x = {objs[0].x:g}")
        out[("event", order)] = objs[0].x
    check("equal times from different NetCons: first inserted, first delivered",
          all(out[("event", o)] == int("".join(map(str, o))) for o in ((1, 2, 3), (3, 1, 2), (2, 3, 1))))

    # 3. NetStims at the same time with different delays chosen to coincide
    def make3():
        tgt = h.EvOrder()
        a, b = h.NetStim(), h.NetStim()
        a.start, a.number, b.start, b.number = 5, 1, 6, 1
        n1 = h.NetCon(a, tgt)
        n1.weight[0], n1.delay = 1, 3    # 5 + 3 = 8, sent first
        n2 = h.NetCon(b, tgt)
        n2.weight[0], n2.delay = 2, 2    # 6 + 2 = 8, sent later
        return tgt, a, b, n1, n2
    objs = (run(make3, idx=0),)
    print(f"  NetStim at 5 with delay 3 (w=1), NetStim at 6 with delay 2 (w=2), both arrive at 8 -> "
          f"x = {objs[0].x:g}")
    check("equal arrival times: the event sent earlier is delivered first", objs[0].x == 12)

    # 4. self-event and outside event at the same time
    for kind in ("EvOrder", "EvOrderPP"):
        for first in ("self", "netcon"):
            def make4():
                sec = h.Section(name="host")
                tgt = h.EvOrder() if kind == "EvOrder" else h.EvOrderPP(sec(0.5))
                nc = h.NetCon(None, tgt)
                nc.weight[0] = 1
                if first == "self":
                    tgt.tsend = 7.0
                    fih = h.FInitializeHandler(1, lambda: nc.event(7.0))
                else:
                    fih = h.FInitializeHandler(0, lambda: nc.event(7.0))
                    tgt.tsend = 7.0
                return sec, tgt, nc, fih
            objs = (None, run(make4, idx=1))
            print(f"  {kind}: net_send(7, 9) from INITIAL and nc.event(7.0) "
                  f"({'after' if first == 'self' else 'before'} INITIAL) -> x = {objs[1].x:g}")
            out[(kind, first)] = objs[1].x
    check("POINT_PROCESS: a self-event and a NetCon event at the same time go in queue order",
          out[("EvOrderPP", "self")] == 91 and out[("EvOrderPP", "netcon")] == 19)

    # 5. flag-1 self-events of an ARTIFICIAL_CELL (they use a separate self queue in NEURON)
    for fl in (1, 2):
        def make5():
            tgt = h.EvOrder()
            nc = h.NetCon(None, tgt)
            nc.weight[0] = 5
            tgt.tsend2, tgt.fsend2 = 7.0, fl
            fih = h.FInitializeHandler(1, lambda: nc.event(7.0))
            return tgt, nc, fih
        objs = (run(make5, idx=0),)
        print(f"  EvOrder: net_send(7, {fl}) from INITIAL, then nc.event(7.0) with weight 5 -> "
              f"x = {objs[0].x:g}")
        out[("flag", fl)] = objs[0].x
    check("ARTIFICIAL_CELL: self-events (flag 1 or other) and NetCon events at one time: queue order",
          out[("flag", 1)] == 15 and out[("flag", 2)] == 25 and out[("EvOrder", "self")] == 91
          and out[("EvOrder", "netcon")] == 19)


def nc_event_and_changes():
    print("== nc.event(t), changing delay and weight during a run")
    s = section(hh=False)
    s.insert("pas")
    syn = h.ExpSyn(s(0.5))
    nc = h.NetCon(None, syn)
    nc.weight[0], nc.delay = 0.01, 5
    tv = h.Vector().record(h._ref_t)
    gv = h.Vector().record(syn._ref_g)
    fih = h.FInitializeHandler(lambda: nc.event(2.0))
    h.finitialize(-65)
    h.continuerun(10)
    t, g = list(tv), list(gv)
    k = next(k for k in range(len(g)) if g[k] != 0)
    print(f"  NetCon delay=5, nc.event(2.0): g first nonzero at t={t[k]!r}")
    check("nc.event(te) delivers at te itself (the delay is not added)", abs(t[k] - 2.025) < 1e-9)
    del fih

    # delay and weight changed in the middle (events already in flight keep their time and use
    # the weight at delivery)
    e = h.EvOrder()
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 2, 8, 5
    n1 = h.NetCon(ns, e)
    n1.weight[0], n1.delay = 1, 4
    rec = h.Vector()
    when = h.Vector()
    n1.record(rec)
    s2 = h.Section(name="s2")
    syn2 = h.ExpSyn(s2(0.5))
    syn2.tau = 1e9   # g keeps the sum of the weights received
    n2 = h.NetCon(ns, syn2)
    n2.weight[0], n2.delay = 1, 4
    gv2 = h.Vector().record(syn2._ref_g)
    tv2 = h.Vector().record(h._ref_t)
    h.finitialize(-65)
    h.continuerun(20)
    n2.weight[0], n2.delay = 10, 1
    h.continuerun(40)
    t, g = list(tv2), list(gv2)
    jumps = [(round(t[k - 1], 6), round(g[k] - g[k - 1], 6)) for k in range(1, len(g))
             if abs(g[k] - g[k - 1]) > 1e-6]
    print(f"  NetStim at 2, 10, 18, 26, 34; delay 4, weight 1; at t=20: weight 10, delay 1. "
          f"Jumps of g (start of step, size): {jumps}")
    check("the event sent at 18 (in flight at 20) arrives at 22 with the new weight 10; "
          "later ones use delay 1", [j[1] for j in jumps] == [1, 1, 10, 10, 10]
          and abs(jumps[2][0] - 22) < 0.03 and abs(jumps[3][0] - 27) < 0.03)


def selfevents():
    print("== net_send self-events (IntFire1 refractory period)")
    c = h.IntFire1()
    c.tau, c.refrac = 10, 5
    ns = h.NetStim()
    ns.start, ns.interval, ns.number = 1, 1, 30
    nc = h.NetCon(ns, c)
    nc.weight[0], nc.delay = 0.6, 1
    out = h.Vector()
    rec = h.NetCon(c, None)
    rec.record(out)
    h.finitialize(-65)
    h.continuerun(30)
    print(f"  IntFire1 tau=10 refrac=5, inputs 0.6 every 1 ms from t=2: spikes at {list(out)}")
    print("  (net_send(refrac, 1) at the spike; inputs during the refractory period are ignored; "
          "the flag-1 self-event at spike + 5 restarts integration from m = 0, and an input "
          "arriving at that same time is integrated after it)")
    check("spikes at 3, 9, 15, 21, 27: fires at 3 (0.6*exp(-0.1) + 0.6 > 1), refractory until 8; "
          "the input arriving at 8 (sent at 7) comes after the self-event (queued at 3) and counts",
          list(out) == [3.0, 9.0, 15.0, 21.0, 27.0])


def main():
    work = build()
    try:
        h.dt = 0.025
        defaults()
        threshold_detection()
        delivery_within_step()
        netstim_delay()
        order_of_ties()
        nc_event_and_changes()
        selfevents()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ALL RULES HOLD" if not FAILED else f"FAILED: {FAILED}")
    return 0 if not FAILED else 1


if __name__ == "__main__":
    sys.exit(main())
