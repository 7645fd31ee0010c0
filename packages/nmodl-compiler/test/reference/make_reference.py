"""Regenerates test/reference/*.json: membrane potential traces from NEURON 8.2 for the test
fixtures, compiled by nocmodl (suffixes renamed so they do not clash with NEURON's built-ins).

Run from packages/nmodl-compiler:  python3 test/reference/make_reference.py
Needs NEURON (nocmodl and the neuron Python module) and gcc/g++.
"""
import json
import os
import re
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', 'fixtures')

# fixture file -> (renamed mechanism, method override or None)
VARIANTS = {
    'hhx': ('hh.mod', 'SUFFIX hh', 'SUFFIX hhx', None),
    'hhd': ('hh.mod', 'SUFFIX hh', 'SUFFIX hhd', 'derivimplicit'),
    'hhe': ('hh.mod', 'SUFFIX hh', 'SUFFIX hhe', 'euler'),
    'hhr': ('hh.mod', 'SUFFIX hh', 'SUFFIX hhr', 'runge'),
    'IClampX': ('iclamp.mod', 'POINT_PROCESS IClamp', 'POINT_PROCESS IClampX', None),
    'kin3': ('kinetic.mod', None, None, None),
    'WatchT': ('watch.mod', None, None, None),
}


DEMO = '/usr/share/nrn/demo/release'
# NEURON's own demo mechanisms (compiled as they are, when installed).
# Own published-style fixtures (test/fixtures/survey), in registration (= execution) order.
SURVEY_FILES = ['kdr', 'cat', 'cad', 'ih', 'nax']
DEMO_FILES = ['khhchan', 'nachan', 'mcna', 'camchan', 'cachan1', 'capump', 'nacaex', 'release', 'cabpump']


def build(tmp):
    """nocmodl each file, compile the C with gcc and link a libnrnmech.so by hand (the Debian
    package's nrnivmodl lacks its makefile)."""
    objs = []
    regs = []
    for name, (src, old, new, method) in VARIANTS.items():
        text = open(os.path.join(FIX, src)).read()
        if old:
            text = re.sub(re.escape(old) + r'\b', new, text)
        if method:
            text = text.replace('METHOD cnexp', 'METHOD ' + method)
        open(os.path.join(tmp, name + '.mod'), 'w').write(text)
        subprocess.run(['nocmodl', name + '.mod'], cwd=tmp, check=True, capture_output=True)
        subprocess.run(['gcc', '-O2', '-fPIC', '-c', name + '.c', '-o', name + '.o'], cwd=tmp, check=True)
        objs.append(name + '.o')
        regs.append(name)
    for name in SURVEY_FILES:
        shutil.copy(os.path.join(FIX, 'survey', name + '.mod'), tmp)
        subprocess.run(['nocmodl', name + '.mod'], cwd=tmp, check=True, capture_output=True)
        subprocess.run(['gcc', '-O2', '-fPIC', '-c', name + '.c', '-o', name + '.o'], cwd=tmp, check=True)
        objs.append(name + '.o')
        regs.append(name)
    for name in DEMO_FILES:
        shutil.copy(os.path.join(DEMO, name + '.mod'), tmp)
        subprocess.run(['nocmodl', name + '.mod'], cwd=tmp, check=True, capture_output=True)
        subprocess.run(['gcc', '-O2', '-fPIC', '-c', name + '.c', '-o', name + '.o'], cwd=tmp, check=True)
        objs.append(name + '.o')
        regs.append(name)
    with open(os.path.join(tmp, 'mod_func.cpp'), 'w') as f:
        f.write('extern "C" {\n')
        for r in regs:
            f.write('extern void _%s_reg(void);\n' % r)
        f.write('void modl_reg() {\n')
        for r in regs:
            f.write('  _%s_reg();\n' % r)
        f.write('}\n}\n')
    subprocess.run(['g++', '-O2', '-fPIC', '-c', 'mod_func.cpp', '-o', 'mod_func.o'], cwd=tmp, check=True)
    subprocess.run(['g++', '-shared', '-o', 'libnrnmech.so', *objs, 'mod_func.o', '-L/usr/lib/nrn', '-lnrniv'],
                   cwd=tmp, check=True)


def run(mechs, clamp, tstop=10.0, dt=0.025, celsius=6.3, record=None):
    from neuron import h
    soma = h.Section(name='soma')
    soma.L = soma.diam = 10
    soma.nseg = 1
    for m in mechs:
        soma.insert(m)
    h.celsius = celsius
    h.dt = dt
    stim = h.IClampX(soma(0.5))
    stim.delay, stim.dur, stim.amp = clamp
    vv = h.Vector().record(soma(0.5)._ref_v)
    rec = h.Vector().record(getattr(soma(0.5), '_ref_' + record)) if record else None
    h.finitialize(-65)
    ions = {}
    for ion in ('na', 'k', 'ca'):
        try:
            ions[ion] = {'e': getattr(soma(0.5), 'e' + ion), 'ci': getattr(soma(0.5), ion + 'i'), 'co': getattr(soma(0.5), ion + 'o')}
        except (NameError, AttributeError):
            pass
    while h.t < tstop - dt / 2:
        h.fadvance()
    out = {'mechanisms': mechs, 'clamp': clamp, 'dt': dt, 'celsius': celsius, 'area': soma(0.5).area(),
           'cm': soma.cm, 'ions': ions, 'v': list(vv)}
    if rec is not None:
        out['record'] = record
        out['recorded'] = list(rec)
    for m in mechs:
        soma.uninsert(m)
    return out


def run_watch(tstop=30.0, dt=0.025):
    """hh + IClamp + WatchT: times of WATCH-detected threshold crossings."""
    from neuron import h
    soma = h.Section(name='soma')
    soma.L = soma.diam = 10
    soma.insert('hhx')
    h.celsius = 6.3
    h.dt = dt
    stim = h.IClampX(soma(0.5))
    stim.delay, stim.dur, stim.amp = 2.0, 20.0, 0.3
    w = h.WatchT(soma(0.5))
    vv = h.Vector().record(soma(0.5)._ref_v)
    n2 = h.Vector().record(w._ref_n2)
    t2 = h.Vector().record(w._ref_t2)
    n4 = h.Vector().record(w._ref_n4)
    h.finitialize(-65)
    while h.t < tstop - dt / 2:
        h.fadvance()
    return {'mechanisms': ['hhx'], 'clamp': [2.0, 20.0, 0.3], 'dt': dt, 'celsius': 6.3, 'area': soma(0.5).area(),
            'cm': soma.cm, 'v': list(vv), 'n2': list(n2), 't2': list(t2), 'n4': list(n4)}


def run_vclamp(tstop=8.0, dt=0.025):
    """hh + NEURON's built-in VClamp (a LINEAR block solved inside a FUNCTION), three levels."""
    from neuron import h
    soma = h.Section(name='soma')
    soma.L = soma.diam = 10
    soma.insert('hhx')
    h.celsius = 6.3
    h.dt = dt
    vc = h.VClamp(soma(0.5))
    vc.dur[0], vc.dur[1], vc.dur[2] = 2.0, 3.0, 2.0
    vc.amp[0], vc.amp[1], vc.amp[2] = -70.0, -20.0, -60.0
    vv = h.Vector().record(soma(0.5)._ref_v)
    ii = h.Vector().record(vc._ref_i)
    h.finitialize(-65)
    while h.t < tstop - dt / 2:
        h.fadvance()
    return {'dt': dt, 'celsius': 6.3, 'area': soma(0.5).area(), 'cm': soma.cm, 'v': list(vv), 'i': list(ii),
            'dur': [2.0, 3.0, 2.0], 'amp': [-70.0, -20.0, -60.0]}


def main():
    tmp = tempfile.mkdtemp()
    try:
        build(tmp)
        from neuron import h
        h.nrn_load_dll(os.path.join(tmp, 'libnrnmech.so'))
        cases = {
            'hh_iclamp': run(['hhx'], [1.0, 5.0, 0.1]),
            'hh_derivimplicit': run(['hhd'], [1.0, 5.0, 0.1]),
            'hh_euler': run(['hhe'], [1.0, 5.0, 0.1]),
            'hh_runge': run(['hhr'], [1.0, 5.0, 0.1]),
            'hh_celsius': run(['hhx'], [1.0, 5.0, 0.1], celsius=20.0),
            'kinetic': run(['kin3'], [1.0, 5.0, 0.05]),
        }
        cases['watch'] = run_watch()
        cases['vclamp'] = run_vclamp()
        cases['survey_nax'] = run(['nax', 'kdrx'], [1.0, 5.0, 0.1], celsius=34.0)
        cases['survey_channels'] = run(['kdrx', 'catx', 'cadv', 'ihx'], [1.0, 5.0, 0.1], celsius=36.0, record='cai')
        if os.path.isdir(DEMO):
            cases['demo_hhna_hhk'] = run(['HHna', 'HHk'], [1.0, 5.0, 0.1])
            cases['demo_mcna_hhk'] = run(['MCna', 'HHk'], [1.0, 5.0, 0.1])
            cases['demo_calcium'] = run(['HHna', 'HHk', 'cachan', 'cachan1', 'capump', 'nacax'], [1.0, 5.0, 0.1])
            cases['demo_cabpump'] = run(['HHna', 'HHk', 'cachan', 'cadifpmp'], [1.0, 5.0, 0.1], record='cai')
            cases['demo_release'] = run(['HHna', 'HHk', 'trel'], [1.0, 5.0, 0.1], record='Ach_trel')
        for name, data in cases.items():
            with open(os.path.join(HERE, name + '.json'), 'w') as f:
                json.dump(data, f)
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    main()
