import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as abi from '../src/abi.js';
import * as units from '../src/units.js';

describe('public exports', () => {
  it('@neurite/core exports exactly these values', () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "ABI_VERSION",
        "Catalogue",
        "EXP_TABLE",
        "EXP_TABLE_SPLIT",
        "FARADAY",
        "GAS_CONSTANT",
        "List",
        "MorphologyError",
        "NetCon",
        "NeuriteError",
        "ParallelContext",
        "PointProcess",
        "Random",
        "Random123Context",
        "Random123Stream",
        "RangeVar",
        "Reference",
        "Section",
        "SectionList",
        "SectionRef",
        "SegmentBase",
        "Simulation",
        "createH",
        "defaultRandom123Context",
        "extracellular",
        "importMorphology",
        "libmExp",
        "libmPow3",
        "libmPow4",
        "nernst",
        "parseAsc",
        "parseSwc",
        "units",
      ]
    `);
  });

  it('@neurite/core/abi exports only the ABI version as a value', () => {
    expect(Object.keys(abi)).toEqual(['ABI_VERSION']);
  });

  it('@neurite/core/units has NEURON\'s unit names', () => {
    for (const name of ['mM', 'ms', 'mV', 'um', 'uM', 'nM', 'M', 'us', 's', 'sec', 'minute', 'hour', 'day', 'nm', 'mm', 'cm', 'm', 'uV', 'V']) {
      expect(units, name).toHaveProperty(name);
    }
  });
});
