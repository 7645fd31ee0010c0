"""What the mechanism fixture scripts share: where their files are, compiling test .mod files
with NEURON, and writing reference.json.

A case script (e.g. pointer_gap.py) starts with

    import os, sys
    HERE = os.path.dirname(os.path.abspath(__file__))
    sys.path[:0] = [HERE, os.path.join(HERE, *[".."] * 5, "references")]
    from mechanism_case import Case

    case = Case(__file__, "pointer_gap")

so that both the script in references/ and its copy model.py in
packages/mechanisms/test/fixtures/<case>/ find this module. `case.write(ref)` writes
reference.json into the fixture folder (beside model.py when run as the copy) and, from
references/, copies the script there as model.py.
"""
import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile

import neuron
from neuron import h

_libc = ctypes.CDLL(None)


def capture_stdout(fn, *args):
    """Text printed by NEURON (C-level stdout) while fn(*args) runs."""
    sys.stdout.flush()
    _libc.fflush(None)
    saved = os.dup(1)
    with tempfile.TemporaryFile() as tmp:
        os.dup2(tmp.fileno(), 1)
        try:
            fn(*args)
        finally:
            sys.stdout.flush()
            _libc.fflush(None)
            os.dup2(saved, 1)
            os.close(saved)
        tmp.seek(0)
        return tmp.read().decode()


def plain(obj):
    """psection() dict -> JSON-able (sets -> sorted lists of str, hoc objects -> str)."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, (set, frozenset)):
        return sorted(str(v) for v in obj)
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    return str(obj)


def psection(sec):
    """sec.psection() as JSON-able data, without the memory address."""
    d = plain(sec.psection())
    d["hoc_internal_name"] = "__nrnsec_<address>"  # a memory address: not reproducible
    return d


def settings(tstop, v_init):
    """The run's settings, as every reference.json records them."""
    return {"neuron_version": neuron.__version__, "dt": h.dt, "tstop": tstop, "v_init": v_init,
            "celsius": h.celsius, "secondorder": int(h.secondorder)}


def compile_mod_files(paths):
    """Compile the given .mod files (and files beside them they need, listed in `paths` too) with
    nrnivmodl in a temporary folder; returns (the folder, the library's path or None, the
    command's output).

    Debian's nrnivmodl looks for nrnmech_makefile in the wrong place; a patched copy of the
    script is used when that is the case."""
    work = tempfile.mkdtemp(prefix="neurite_mod_")
    for p in paths:
        shutil.copy(p, work)
    exe = shutil.which("nrnivmodl")
    if exe is None:
        return work, None, "no nrnivmodl"
    text = open(exe).read()
    bad = '"${bindir}/nrnmech_makefile" "ROOT=${prefix}"'
    cmd = [exe]
    if bad in text and not os.path.exists(os.path.join(os.path.dirname(exe), "nrnmech_makefile")):
        fixed = os.path.join(work, "nrnivmodl_fixed.sh")
        with open(fixed, "w") as f:
            f.write(text.replace(bad, '"/usr/lib/nrn/nrnmech_makefile" "ROOT=${prefix}" '
                                      '"libdir=/usr/lib/nrn"'))
        cmd = ["bash", fixed]
    r = subprocess.run(cmd, cwd=work, capture_output=True, text=True)
    lib = os.path.join(work, "x86_64", ".libs", "libnrnmech.so")
    return work, (lib if os.path.exists(lib) else None), r.stdout + r.stderr


def load_mod_files(paths):
    """compile_mod_files, then load the library into NEURON (exits with nrnivmodl's output when
    it fails)."""
    work, lib, output = compile_mod_files(paths)
    if lib is None:
        sys.exit("nrnivmodl failed:\n" + output)
    neuron.load_mechanisms(work)
    shutil.rmtree(work, ignore_errors=True)  # the loaded library stays mapped


class Case:
    """One fixture: packages/mechanisms/test/fixtures/<name>/ and the test .mod files beside it."""

    def __init__(self, script, name):
        here = os.path.dirname(os.path.abspath(script))
        self.script = os.path.abspath(script)
        self.name = name
        if os.path.basename(script) == "model.py":
            self.out = here
        else:
            self.out = os.path.join(here, "..", "packages", "mechanisms", "test", "fixtures", name)
        # the test .mod files: packages/mechanisms/test/fixtures/mod
        self.moddir = os.path.normpath(os.path.join(self.out, "..", "mod"))

    def load_mechanisms(self, *names, extra=()):
        """Compile moddir/<names> with nrnivmodl and load the library (`extra`: other files copied
        beside them, e.g. INCLUDEd ones)."""
        load_mod_files([os.path.join(self.moddir, n) for n in (*names, *extra)])

    def write(self, ref):
        """reference.json: one top-level key per line, one trace per line, floats as repr."""
        def dump(v, indent=None):
            return json.dumps(v, indent=indent, allow_nan=False)
        lines = ["{"]
        for i, (k, v) in enumerate(ref.items()):
            end = "," if i < len(ref) - 1 else ""
            if k in ("traces", "spikes"):
                lines.append(f" {dump(k)}: {{")
                for j, (kk, vv) in enumerate(v.items()):
                    lines.append(f"  {dump(kk)}: {dump(list(vv))}" + ("," if j < len(v) - 1 else ""))
                lines.append(" }" + end)
            elif isinstance(v, dict):
                lines.append(f" {dump(k)}: " + dump(v, 1).replace("\n", "\n ") + end)
            else:
                lines.append(f" {dump(k)}: {dump(v)}{end}")
        lines.append("}")
        os.makedirs(self.out, exist_ok=True)
        with open(os.path.join(self.out, "reference.json"), "w") as f:
            f.write("\n".join(lines) + "\n")
        if os.path.basename(self.script) != "model.py":
            shutil.copyfile(self.script, os.path.join(self.out, "model.py"))
