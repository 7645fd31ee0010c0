"""Shared helpers of the NEURON side of the bench: argument parsing, memory, timing, JSON output."""
import json
import sys
import time


def args():
    """Parses `--key value` pairs into a dict of strings."""
    out = {}
    argv = sys.argv[1:]
    for i in range(0, len(argv) - 1, 2):
        out[argv[i].lstrip('-')] = argv[i + 1]
    return out


def rss_bytes():
    """The resident set size of this process, from /proc (0 where there is none)."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def timed(fn):
    """Runs `fn` and returns (wall seconds, process CPU seconds) over it."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def emit(result):
    """Prints the result as one JSON line, marked so the orchestrator can find it."""
    sys.stdout.write('BENCH_RESULT ' + json.dumps(result) + '\n')
    sys.stdout.flush()
