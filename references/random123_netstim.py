"""NetStim noise with noiseFromRandom123: the exact arithmetic, re-derived without NEURON.

1. A pure-Python Philox4x32-10 (Random123) reproduces NEURON's nrnran123 stream: the counter is
   (seq, id3, id1, id2), the key is (globalindex, 0) = (0, 0); each counter value gives four
   32-bit words used in order, then seq is incremented. The uniform is
   (u + 1.0) * (1.0/4294967297.0)  (a multiplication by the rounded reciprocal, in (0, 1));
   negexp = -log(uniform).
   Checked against nrnran123_dblpick / nrnran123_negexp called through ctypes in NEURON's
   library (when the symbols are reachable), and against a NetStim's event times.
2. NetStim's event times are then rebuilt from those draws with NetStim's own formulas
   (see packages/mechanisms/mod/NetStim.mod) and compared with NEURON bit for bit.

Prints the first ten uniforms and intervals for ids (1, 2, 3), quoted in references/NOTES.md.
Run:  python3 references/random123_netstim.py     (exit status 0 when everything agrees)
"""
import ctypes
import math
import sys

import neuron
from neuron import h

M32 = 0xFFFFFFFF
PHILOX_M0, PHILOX_M1 = 0xD2511F53, 0xCD9E8D57
PHILOX_W0, PHILOX_W1 = 0x9E3779B9, 0xBB67AE85
SHIFT32 = 1.0 / 4294967297.0


def philox4x32_10(ctr, key):
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for r in range(10):
        if r:
            k0, k1 = (k0 + PHILOX_W0) & M32, (k1 + PHILOX_W1) & M32
        p0, p1 = PHILOX_M0 * c0, PHILOX_M1 * c2
        hi0, lo0, hi1, lo1 = p0 >> 32, p0 & M32, p1 >> 32, p1 & M32
        c0, c1, c2, c3 = hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0
    return [c0, c1, c2, c3]


class Stream:
    """nrnran123_State: newstream3(id1, id2, id3), setseq(seq, which), ipick, dblpick, negexp."""

    def __init__(self, id1, id2, id3, globalindex=0):
        self.ids = (id1, id2, id3)
        self.key = (globalindex, 0)
        self.setseq(0, 0)

    def setseq(self, seq, which):
        self.seq, self.which = seq, which if 0 <= which <= 3 else 0
        id1, id2, id3 = self.ids
        self.r = philox4x32_10((seq, id3, id1, id2), self.key)

    def ipick(self):
        v = self.r[self.which]
        self.which += 1
        if self.which > 3:
            self.setseq(self.seq + 1, 0)
        return v

    def dblpick(self):
        return (float(self.ipick()) + 1.0) * SHIFT32

    def negexp(self):
        return -math.log(self.dblpick())


class Legacy:
    """The shared generator behind NMODL's exprand()/scop_random() (no Random123 stream):
    value = 2147437301*value + 453816981 mod 2^32 (value starts at 1; set_seed(x) sets it to
    (uint32)x), uniform = value/4294967295.0, exprand(mean) = -mean*log(uniform)."""

    def __init__(self, seed):
        self.value = int(seed) & M32

    def negexp(self):
        self.value = (2147437301 * self.value + 453816981) & M32
        return -1.0 * math.log(float(self.value) / 4294967295.0)


def netstim_times(stream, interval, number, start, noise):
    """NetStim's events (noise > 0, no outside events), with its arithmetic order."""
    def invl(mean):
        if mean <= 0.0:
            mean = 0.01
        return mean if noise == 0 else (1.0 - noise) * mean + noise * mean * stream.negexp()
    times = []
    if not (start >= 0 and number > 0):
        return times
    event = start + invl(interval) - interval * (1.0 - noise)   # INITIAL
    if event < 0:
        event = 0
    t = 0.0 + event            # net_send(event, 3) from t = 0
    t = t + 0.0                # flag 3: net_send(0, 1)
    ispike = 0
    while True:                # flag 1
        ispike += 1
        times.append(t)
        event = invl(interval)  # next_invl draws even after the last event
        if ispike >= number:
            break
        t = t + event
    return times


def nrn_library_stream():
    """ctypes access to NEURON's own nrnran123 (None if the symbols are not visible)."""
    for lib in (None, "libnrniv.so"):
        try:
            dll = ctypes.CDLL(lib)
            f = dll.nrnran123_newstream3
        except (OSError, AttributeError):
            continue
        f.restype = ctypes.c_void_p
        f.argtypes = [ctypes.c_uint32] * 3
        dll.nrnran123_dblpick.restype = ctypes.c_double
        dll.nrnran123_dblpick.argtypes = [ctypes.c_void_p]
        dll.nrnran123_negexp.restype = ctypes.c_double
        dll.nrnran123_negexp.argtypes = [ctypes.c_void_p]
        return dll
    return None


def main():
    ok = True
    h.load_file("stdrun.hoc")
    s = Stream(1, 2, 3)
    draws = [s.dblpick() for _ in range(10)]
    print("ids (1, 2, 3), globalindex 0: first ten uniforms (nrnran123_dblpick)")
    for j, u in enumerate(draws):
        print(f"  {j}: {u!r}   negexp = {-math.log(u)!r}")
    dll = nrn_library_stream()
    if dll is not None:
        p = dll.nrnran123_newstream3(1, 2, 3)
        lib = [dll.nrnran123_dblpick(p) for _ in range(10)]
        same = lib == draws
        print(f"NEURON's nrnran123_dblpick through ctypes: {'identical' if same else 'DIFFERENT'}")
        ok &= same
        q = dll.nrnran123_newstream3(7, 0, 0)
        s7 = Stream(7, 0, 0)
        same = [dll.nrnran123_negexp(q) for _ in range(1000)] == [s7.negexp() for _ in range(1000)]
        print(f"ids (7, 0, 0), 1000 negexp draws: {'identical' if same else 'DIFFERENT'}")
        ok &= same
    else:
        print("(nrnran123 symbols not reachable through ctypes; only the NetStim check below)")

    # NetStim intervals for noise 0.5, interval 10, start 5, number 10
    s = Stream(1, 2, 3)
    x = [s.negexp() for _ in range(11)]
    print("NetStim interval=10 noise=0.5: interval_k = 0.5*10 + 0.5*10*negexp_k; "
          "first event = start + interval_0 - 10*0.5")
    for j in range(10):
        print(f"  draw {j}: negexp {x[j]!r} -> interval {(1.0 - 0.5) * 10 + 0.5 * 10 * x[j]!r}")

    cases = [((1, 2, 3), 10.0, 10, 5.0, 0.5), ((1, 2, 3), 10.0, 30, 5.0, 1.0),
             ((4, 5, 6), 2.0, 200, 0.0, 0.3), ((1, 2, 0), 5.0, 50, 1.0, 0.9),
             ((123456, 7, 4000000000), 1.0, 100, 0.0, 1.0)]
    for ids, interval, number, start, noise in cases:
        ns = h.NetStim()
        ns.interval, ns.number, ns.start, ns.noise = interval, number, start, noise
        ns.noiseFromRandom123(*ids)
        nc = h.NetCon(ns, None)
        vec = h.Vector()
        nc.record(vec)
        h.finitialize(-65)
        h.continuerun(number * interval * 3 + start + 10)
        mine = netstim_times(Stream(*ids), interval, number, start, noise)
        same = list(vec) == mine
        ok &= same
        print(f"NetStim ids={ids} interval={interval} number={number} start={start} noise={noise}: "
              f"{len(vec)} events, rebuilt from the Python Philox: "
              f"{'bit-identical' if same else 'DIFFERENT'}" + ("" if same else f"\n {list(vec)[:5]}\n {mine[:5]}"))
        if ids == (1, 2, 3) and number == 10:
            print("  event times:", list(vec))
        del nc, ns
    # legacy: no noiseFromRandom123, exprand(1) from the shared generator, seeded by seed(x)
    for seed in (1, 7, 123456789):
        ns = h.NetStim()
        ns.interval, ns.number, ns.start, ns.noise = 4.0, 40, 2.0, 0.8
        nc = h.NetCon(ns, None)
        vec = h.Vector()
        nc.record(vec)
        ns.seed(seed)
        h.finitialize(-65)
        h.continuerun(400)
        mine = netstim_times(Legacy(seed), 4.0, 40, 2.0, 0.8)
        same = list(vec) == mine
        ok &= same
        print(f"NetStim without a stream (exprand), seed({seed}), noise=0.8: {len(vec)} events, "
              f"rebuilt from the LCG: {'bit-identical' if same else 'DIFFERENT'}")
        del nc, ns
    print("ALL AGREE" if ok else "DIFFERENCES")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
