"""NEURON reference for neurite's SWC import and 3-D geometry:
packages/core/test/fixtures/morphology/cell.swc -> cell.swc.json (see morphology_common.py)."""
from neuron import h
from morphology_common import run

reader = h.Import3d_SWC_read()
run(reader, 'cell.swc', 'cell.swc.json')
