"""Shared helpers of the NEURON side of the bench: argument parsing, memory, JSON output."""
import json
import sys


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


def emit(result):
    """Prints the result as one JSON line, marked so the orchestrator can find it."""
    sys.stdout.write('BENCH_RESULT ' + json.dumps(result) + '\n')
    sys.stdout.flush()
