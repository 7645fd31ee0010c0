"""NEURON reference for neurite's Neurolucida import and 3-D geometry:
packages/core/test/fixtures/morphology/cell.asc -> cell.asc.json (see morphology_common.py)."""
from neuron import h
from morphology_common import run

reader = h.Import3d_Neurolucida3()
reader.quiet = 1
run(reader, 'cell.asc', 'cell.asc.json')
