"""NEURON reference for neurite's SWC import and 3-D geometry: each SWC file in
packages/core/test/fixtures/morphology -> <file>.json (see morphology_common.py).
Usage: python3 morphology_swc.py [cell.swc|branchy.swc|two_trees.swc] (default: all three, each
in a fresh NEURON process, since Import3d creates top-level sections)."""
import subprocess
import sys

FILES = ['cell.swc', 'branchy.swc', 'two_trees.swc']

if len(sys.argv) > 1:
    from neuron import h
    from morphology_common import run
    reader = h.Import3d_SWC_read()
    run(reader, sys.argv[1], sys.argv[1] + '.json')
else:
    for name in FILES:
        subprocess.run([sys.executable, __file__, name], check=True)
