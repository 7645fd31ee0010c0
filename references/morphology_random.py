"""Randomized NEURON references for neurite's Import3d conversion and 3-D geometry (fixed seeds):
- import_random.json: random SWC trees (three-point and multi-point somas, type changes, branch
  points anywhere, repeated points, zero radii) and random Neurolucida files (a noisy elliptic
  soma contour, trees starting inside or far outside it, nested splits) with the sections NEURON's
  Import3d makes from them;
- geometry_random.json: random point lists (repeated points, zero diameters, points on segment
  boundaries) with NEURON's area(), ri() and diam for a random nseg.
Writes both into packages/core/test/fixtures/morphology."""
import json
import math
import os
import random
import tempfile
from neuron import h

h.load_file('import3d.hoc')
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'packages', 'core', 'test', 'fixtures', 'morphology')


def random_swc(r):
    n = r.randint(3, 30)
    nsoma = r.choice([1, 3, 3, 5, 0])
    pts = []
    for i in range(1, n + 1):
        pid = -1 if i == 1 else (i - 1 if r.random() < 0.6 else r.randint(1, i - 1))
        if i <= nsoma:
            typ = 1
            pid = -1 if i == 1 else (1 if nsoma == 3 else i - 1)
        elif r.random() < 0.3 or i == nsoma + 1:
            typ = r.choice([2, 3, 3, 3, 4, 5])
        else:
            typ = pts[pid - 1][1] if pid > 0 else 3
        x, y, z = round(r.uniform(-50, 50), 2), round(r.uniform(-50, 50), 2), round(r.uniform(-5, 5), 2)
        rad = 0.0 if r.random() < 0.03 else round(r.uniform(0.1, 3), 3)
        if nsoma == 3 and i in (2, 3):
            rad = pts[0][5]
            x, y, z = pts[0][2], pts[0][3] + (rad if i == 3 else -rad), pts[0][4]
        if r.random() < 0.05 and pid > 0:
            x, y, z = pts[pid - 1][2], pts[pid - 1][3], pts[pid - 1][4]
        pts.append((i, typ, x, y, z, rad, pid))
    return ''.join(' '.join(str(v) for v in p) + '\n' for p in pts)


def random_asc(r):
    lines = []

    def branch(x, y, z, d, depth, ind):
        for k in range(r.randint(1, 4)):
            if not (k > 0 and r.random() < 0.1):
                x += round(r.uniform(-10, 10), 2)
                y += round(r.uniform(0, 12), 2)
                z += round(r.uniform(-2, 2), 2)
            d = 0.0 if r.random() < 0.05 else round(d * r.uniform(0.7, 1.0), 2)
            lines.append(f'{ind}( {x} {y} {z} {d})')
        if depth < 3 and r.random() < 0.6:
            lines.append(f'{ind}(')
            for b in range(r.choice([2, 2, 3])):
                if b:
                    lines.append(f'{ind}|')
                if r.random() < 0.3:
                    lines.append(f'{ind}  ( {x} {y} {z} {d})')
                branch(x, y, z, d, depth + 1, ind + '  ')
            lines.append(f'{ind})')
        else:
            lines.append(f'{ind}Normal')

    cx, cy = r.uniform(-5, 5), r.uniform(-5, 5)
    npts, a, b, rot = r.randint(6, 30), r.uniform(4, 10), r.uniform(3, 8), r.uniform(0, math.pi)
    lines.append('("CellBody"\n  (Color Red)\n  (CellBody)')
    for k in range(npts):
        th = 2 * math.pi * k / npts + r.uniform(-0.05, 0.05)
        rr = 1 + r.uniform(-0.1, 0.1)
        px, py = a * rr * math.cos(th), b * rr * math.sin(th)
        X = cx + px * math.cos(rot) - py * math.sin(rot)
        Y = cy + px * math.sin(rot) + py * math.cos(rot)
        lines.append(f'  ( {X:.3f} {Y:.3f} {r.choice([0, 0, 0.5]):.2f} 0.10)')
    lines.append(')')
    for _ in range(r.randint(1, 4)):
        lines.append(f"( (Color Blue)\n  ({r.choice(['Dendrite', 'Dendrite', 'Apical', 'Axon'])})")
        if r.random() < 0.8:
            sx, sy = cx + r.uniform(-2, 2), cy + r.uniform(-2, 2)
        else:
            sx, sy = cx + r.uniform(30, 60), cy + r.uniform(30, 60)
        branch(round(sx, 2), round(sy, 2), 0.0, round(r.uniform(1, 3), 2), 0, '  ')
        lines.append(')')
    return '\n'.join(lines) + '\n'


def instantiate(reader, text, suffix):
    with tempfile.NamedTemporaryFile('w', suffix=suffix, delete=False) as f:
        f.write(text)
        path = f.name
    try:
        reader.quiet = 1
        reader.input(path)
        h.Import3d_GUI(reader, False).instantiate(None)
    finally:
        os.unlink(path)
    secs = []
    for s in h.allsec():
        ps = s.parentseg()
        secs.append({'name': s.name(), 'parent': ps.sec.name() if ps else None, 'parentX': ps.x if ps else None,
                     'points': [[s.x3d(i), s.y3d(i), s.z3d(i), s.diam3d(i)] for i in range(int(s.n3d()))]})
    for s in list(h.allsec()):
        h.delete_section(sec=s)
    return secs


imports = []
for t in range(30):
    text = random_swc(random.Random(t))
    imports.append({'format': 'swc', 'seed': t, 'text': text,
                    'sections': instantiate(h.Import3d_SWC_read(), text, '.swc')})
for t in range(12):
    text = random_asc(random.Random(1000 + t))
    imports.append({'format': 'asc', 'seed': 1000 + t, 'text': text,
                    'sections': instantiate(h.Import3d_Neurolucida3(), text, '.asc')})
with open(os.path.join(FIXTURES, 'import_random.json'), 'w') as f:
    json.dump({'neuron': h.nrnversion(), 'cases': imports}, f, separators=(',', ':'))
    f.write('\n')

geometry = []
for t in range(250):
    r = random.Random(5000 + t)
    pts, x, y = [], 0.0, 0.0
    for i in range(r.randint(2, 12)):
        if not (i and r.random() < 0.15):
            x += r.choice([1.0, 2.0, 2.5, round(r.uniform(0, 7), 3)]) if r.random() < 0.5 else round(r.uniform(-5, 5), 1)
            y += round(r.uniform(-3, 3), 1) if r.random() < 0.5 else 0
        d = r.choice([0.0, round(r.uniform(0.1, 4), 2), round(r.uniform(0.1, 4), 2), 1.0])
        pts.append((x, y, 0.0, d))
    sec = h.Section(name='s')
    for p in pts:
        sec.pt3dadd(*p)
    sec.nseg = r.choice([1, 2, 3, 4, 5, 7, 9, 10, 11, 21])
    sec.Ra = r.choice([35.4, 100, 150.7])
    if sec.L > 1e-9:
        geometry.append({'input': pts, 'nseg': sec.nseg, 'Ra': sec.Ra, 'L': sec.L,
                         'area': [g.area() for g in sec], 'ri': [g.ri() for g in sec] + [sec(1).ri()],
                         'diam': [g.diam for g in sec]})
    h.delete_section(sec=sec)
with open(os.path.join(FIXTURES, 'geometry_random.json'), 'w') as f:
    json.dump({'neuron': h.nrnversion(), 'cases': geometry}, f, separators=(',', ':'))
    f.write('\n')
print(f'wrote import_random.json ({len(imports)} files), geometry_random.json ({len(geometry)} cases)')
