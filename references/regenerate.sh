#!/bin/sh
# Rewrite every fixture made by the scripts in this folder (needs NEURON 8.2.x and its Python
# module; set PYTHON to choose the interpreter). Then run the checks.
set -e
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
for case in passive_soma_so2 passive_tree_so2 topology \
            tutorial_usetable0 tutorial_celsius16 tutorial_celsius25 tutorial_amp03 tutorial_amp2 \
            tutorial_so2 kinetic_k3st table_ka calcium derivimplicit_hhdi \
            expsyn_netstim exp2syn alphasynapse vclamp apcount intfire ring netcon_changes \
            netstim_noise include_kdri pointer_gap before_after normrand_clamp table_array table_function_solve netreceive_v \
            kinetic_shells ball_and_stick sibling_order record_interval secondorder1 verbatim_c netstim_hocrandom parallel_ring solve_in_if finitialize_handlers cvode_event for_netcons function_table longitudinal_diffusion netcon_same_node seclamp_extracellular secondorder_methods ion_globals nseg_pointers event_boundaries continuerun_epsilon distances nseg_carry play_events event_ties psection_mechs ion_style segment_queries nseg_connection_end; do
    echo "== $case"
    "$PY" "$case.py"
done
echo "== hoc_objects"
"$PY" hoc_objects.py
echo "== parameter_defaults"
"$PY" parameter_defaults.py
echo "== compare_builtin"
"$PY" compare_builtin.py
echo "== solver_rules"
"$PY" solver_rules.py
echo "== compare_point_processes"
"$PY" compare_point_processes.py
echo "== check_fixtures_with_ours"
"$PY" check_fixtures_with_ours.py
echo "== event_rules"
"$PY" event_rules.py
echo "== random123_netstim"
"$PY" random123_netstim.py
