"""Compiles the test mechanisms the `mechanisms` and `nsegmid` families use with nrnivmodl
(references/mechanism_case.py) and prints the library's path (kept until the machine's /tmp is
cleared)."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..")]
from mechanism_case import compile_mod_files  # noqa: E402

MODS = os.path.join(HERE, "..", "..", "packages", "mechanisms", "test", "fixtures", "mod")
work, lib, output = compile_mod_files([os.path.join(MODS, f"{n}.mod") for n in ("cad", "cahv", "cat_ghk", "ka", "k3st", "calong", "capulse", "hhdi", "ecaset")])
if lib is None:
    sys.exit("nrnivmodl failed:\n" + output)
print(lib)
