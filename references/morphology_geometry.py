"""NEURON reference for neurite's 3-D point geometry (packages/core/src/geometry/pt3d.ts):
hand-made point lists with zero-length steps, zero diameters and points on segment boundaries,
the effect of setting L and diam on a section with 3-D points.
Writes packages/core/test/fixtures/morphology/geometry_cases.json."""
import json
import os
from neuron import h


def pts(sec):
    return [[h.x3d(i, sec=sec), h.y3d(i, sec=sec), h.z3d(i, sec=sec), h.diam3d(i, sec=sec)]
            for i in range(int(h.n3d(sec=sec)))]


def arcs(sec):
    return [h.arc3d(i, sec=sec) for i in range(int(h.n3d(sec=sec)))]


def geom(sec):
    return {
        'L': sec.L,
        'area': [seg.area() for seg in sec],
        'ri': [seg.ri() for seg in sec] + [sec(1).ri()],
        'diam': [seg.diam for seg in sec],
    }


def make(points, nseg, Ra):
    sec = h.Section(name='s')
    for p in points:
        sec.pt3dadd(*p)
    sec.nseg = nseg
    sec.Ra = Ra
    return sec


POINT_SETS = {
    'bent': [(0, 0, 0, 2), (3, 0, 0, 4), (3, 4, 0, 1), (10, 4, 1, 3)],
    'zeroLengthSteps': [(0, 0, 0, 2), (3, 0, 0, 4), (3, 0, 0, 1), (3, 0, 0, 5), (10, 4, 1, 3)],
    'zeroDiameterInside': [(0, 0, 0, 2), (3, 0, 0, 4), (3, 4, 0, 0), (10, 4, 1, 3)],
    'zeroDiameterOnBoundary': [(0, 0, 0, 2), (2, 0, 0, 0), (10, 0, 0, 3)],
    'stepOnBoundary': [(0, 0, 0, 2), (5, 0, 0, 3), (5, 0, 0, 6), (10, 0, 0, 3)],
    'zeroDiameterEnds': [(0, 0, 0, 0), (5, 0, 0, 3), (10, 0, 0, 0)],
    'negativeDiameter': [(0, 0, 0, 2), (3, 0, 0, -4), (3, 4, 0, 1), (10, 4, 1, 3)],
    'oddCoordinates': [(0.1, 0.2, 0.3, 1.1), (1.7, -2.3, 0.9, 0.7), (4.4, -1.1, 3.3, 1.3),
                       (9.9, 0.05, 2.2, 0.45), (12.345, 6.789, -1.234, 0.9)],
}

cases = []
for name, points in POINT_SETS.items():
    for nseg in (1, 2, 3, 5, 7):
        sec = make(points, nseg, 123.4)
        cases.append({'name': name, 'nseg': nseg, 'Ra': 123.4, 'input': points,
                      'points': pts(sec), 'arc': arcs(sec), **geom(sec)})
        h.delete_section(sec=sec)

# setting L rescales the points about the first one and scales the stored arc lengths
sec = make([(1.1, 1.3, 0.7, 2), (4.3, 5.9, 0.2, 4), (4.1, 5.7, 6.3, 1), (7, 8, 9, 2)], 3, 100)
before = {'points': pts(sec), 'arc': arcs(sec)}
sec.L = 23.456
set_L = {'before': before, 'L': 23.456, 'points': pts(sec), 'arc': arcs(sec), 'nseg': 3, 'Ra': 100, **geom(sec)}
h.delete_section(sec=sec)

# setting diam: each point takes the diam of the segment holding it, then segments are recomputed
set_diam = []
for points, nseg, x, value in [
    ([(0, 0, 0, 2), (5, 0, 0, 3), (10, 0, 0, 4)], 2, 0.25, 1.0),
    ([(1, 1, 0, 2), (7, 9, 0, 4), (7, 9, 12, 1)], 3, 0.5, 3.0),
    ([(0, 0, 0, 2), (1, 0, 0, 3), (2.5, 0, 0, 1), (6, 0, 0, 5), (10, 0, 0, 4)], 5, 0.9, 0.5),
]:
    sec = make(points, nseg, 100)
    seg_diam_before = [seg.diam for seg in sec]
    sec(x).diam = value
    set_diam.append({'input': points, 'nseg': nseg, 'x': x, 'value': value,
                     'segDiamBefore': seg_diam_before, 'points': pts(sec), 'diam': [seg.diam for seg in sec]})
    h.delete_section(sec=sec)
sec = make([(0, 0, 0, 2), (5, 0, 0, 3), (10, 0, 0, 4)], 2, 100)
sec.diam = 7
set_diam.append({'input': [(0, 0, 0, 2), (5, 0, 0, 3), (10, 0, 0, 4)], 'nseg': 2, 'x': None, 'value': 7,
                 'segDiamBefore': None, 'points': pts(sec), 'diam': [seg.diam for seg in sec]})
h.delete_section(sec=sec)

# all points at one place: NEURON reports L = 1e-9 and keeps the old segment diams, but its
# areas and resistances still come from the frusta (zero-length pieces count as 1e-15 um)
sec = make([(1, 1, 1, 2), (1, 1, 1, 4)], 2, 100)
degenerate = {'input': [(1, 1, 1, 2), (1, 1, 1, 4)], 'nseg': 2, 'Ra': 100, **geom(sec)}
h.delete_section(sec=sec)

# a section attached by its 1 end: NEURON integrates its 3-D points from the first one starting at
# the connection end, so seg(x) of the first arc segment is the one nearest x = 1
parent = h.Section(name='p')
parent.L = 10
parent.diam = 5
sec = make([(0, 0, 0, 1), (4, 0, 0, 3), (9, 2, 0, 0.5), (15, 2, 0, 2)], 3, 100)
sec.connect(parent(0.5), 1)
reversed_case = {'input': [(0, 0, 0, 1), (4, 0, 0, 3), (9, 2, 0, 0.5), (15, 2, 0, 2)], 'nseg': 3, 'Ra': 100,
                 'x': [seg.x for seg in sec], 'area': [seg.area() for seg in sec], 'ri': [seg.ri() for seg in sec],
                 'diam': [seg.diam for seg in sec], 'riAt0': sec(0).ri()}
h.delete_section(sec=sec)
h.delete_section(sec=parent)

here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, '..', 'packages', 'core', 'test', 'fixtures', 'morphology', 'geometry_cases.json')
with open(target, 'w') as f:
    json.dump({'neuron': h.nrnversion(), 'cases': cases, 'setL': set_L, 'setDiam': set_diam, 'degenerate': degenerate, 'reversed': reversed_case}, f,
              separators=(',', ':'))
    f.write('\n')
print(f'wrote geometry_cases.json: {len(cases)} cases')
