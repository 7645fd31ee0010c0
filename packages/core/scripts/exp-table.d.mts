/** The table of src/libm/exp-table.ts, computed with BigInt (see exp-table.mjs). */
export function expTable(): number[];
