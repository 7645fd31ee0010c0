#!/usr/bin/env bash
# Random models in NEURON 8.2.2 and in neurite, compared (see README.md).
#   bash references/fuzz/compare.sh <family> <first seed> <end seed>
# family: trees, mechanisms, structure, networks, runcontrol, geometry, nsegmid, plays
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
family="$1"; from="$2"; to="$3"
PY="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$here/$family.gen.py" "$from" "$to" > "$work/specs.json"
n=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$work/specs.json")
if [ "$family" = mechanisms ] || [ "$family" = nsegmid ]; then
  export FUZZ_MECH_LIB="$("$PY" "$here/compile_mods.py" | tail -1)"
fi
mkdir "$work/parts"
for i in $(seq 0 $((n - 1))); do
  # (One process per model: NEURON keeps state a later model would see.)
  (cd "$work" && "$PY" "$here/$family.neuron.py" "$work/specs.json" "$work/parts/$i.json" "$i" > /dev/null 2>&1) || echo "NEURON could not run model $i"
done
python3 - "$work" "$n" <<'PYEOF'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
out = []
for i in range(n):
    try:
        with open(f"{work}/parts/{i}.json") as f:
            out.append(json.load(f))
    except Exception:
        out.append(None)
json.dump(out, open(f"{work}/neuron.json", "w"))
PYEOF
node "$here/$family.neurite.mjs" "$work/specs.json" "$work/neuron.json"
