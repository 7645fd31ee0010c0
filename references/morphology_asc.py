"""NEURON reference for neurite's Neurolucida import and 3-D geometry: each .asc file in
packages/core/test/fixtures/morphology -> <file>.json (see morphology_common.py).
Usage: python3 morphology_asc.py [cell.asc|outside.asc] (default: both, each in a fresh NEURON
process, since Import3d creates top-level sections)."""
import subprocess
import sys

FILES = ['cell.asc', 'outside.asc']

if len(sys.argv) > 1:
    from neuron import h
    from morphology_common import run
    reader = h.Import3d_Neurolucida3()
    reader.quiet = 1
    run(reader, sys.argv[1], sys.argv[1] + '.json')
else:
    for name in FILES:
        subprocess.run([sys.executable, __file__, name], check=True)
