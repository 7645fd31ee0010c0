"""Shared by morphology_swc.py and morphology_asc.py: instantiate a morphology with NEURON's
Import3d and write, for nseg = 1 and nseg = 5 everywhere, every section's name, parent,
connection point, child end, 3-D points (as NEURON stores them), L, and per segment area(),
ri(), diam and the path distance from soma[0](0.5)."""
import json
import os
from neuron import h

h.load_file('stdrun.hoc')
h.load_file('import3d.hoc')


def section_record(sec):
    ps = sec.parentseg()
    n = int(h.n3d(sec=sec))
    xyz = [h.ref(0.0), h.ref(0.0), h.ref(0.0)]
    logical = h.pt3dstyle(sec=sec)
    if logical:
        h.pt3dstyle(1, *xyz, sec=sec)  # with pointers, reads the logical connection point
    return {
        'logicalConnection': [r[0] for r in xyz] if logical else None,
        'name': sec.name(),
        'parent': ps.sec.name() if ps is not None else None,
        'parentX': ps.x if ps is not None else None,
        'childEnd': h.section_orientation(sec=sec),
        'points': [[h.x3d(i, sec=sec), h.y3d(i, sec=sec), h.z3d(i, sec=sec), h.diam3d(i, sec=sec)]
                   for i in range(n)],
        'arc': [h.arc3d(i, sec=sec) for i in range(n)],
    }


def geometry(soma, nseg):
    out = []
    for sec in h.allsec():
        sec.nseg = nseg
    for sec in h.allsec():
        sec.Ra = 100  # [ohm cm]
    h.distance(0, soma(0.5))
    for sec in h.allsec():
        out.append({
            'name': sec.name(),
            'L': sec.L,
            'nseg': sec.nseg,
            'Ra': sec.Ra,
            'area': [seg.area() for seg in sec],
            'ri': [seg.ri() for seg in sec] + [sec(1).ri()],
            'diam': [seg.diam for seg in sec],
            'distance': [h.distance(seg) for seg in sec],
        })
    return out


def run(reader, filename, out_name):
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, '..', 'packages', 'core', 'test', 'fixtures', 'morphology', filename)
    reader.input(path)
    gui = h.Import3d_GUI(reader, False)
    gui.instantiate(None)
    sections = [section_record(sec) for sec in h.allsec()]
    soma = [sec for sec in h.allsec() if sec.name().startswith('soma')][0]
    result = {
        'neuron': h.nrnversion(),
        'file': filename,
        'sections': sections,
        'nseg1': geometry(soma, 1),
        'nseg5': geometry(soma, 5),
    }
    h.define_shape()
    # define_shape translates sections whose start (their pt3dstyle logical connection point,
    # else their first point) is not where their parent's points put the connection point
    result['afterDefineShape'] = {}
    for s, sec in zip(sections, h.allsec()):
        now = section_record(sec)['points']
        if now != s['points']:
            result['afterDefineShape'][s['name']] = now
    target = os.path.join(here, '..', 'packages', 'core', 'test', 'fixtures', 'morphology', out_name)
    with open(target, 'w') as f:
        json.dump(result, f, indent=None, separators=(',', ':'))
        f.write('\n')
    print(f'wrote {out_name}: {len(sections)} sections')
