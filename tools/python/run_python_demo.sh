#!/usr/bin/env bash
# Run Python coodie's own materialized-views demo (FastAPI + HTMX, from the coodie sdist,
# unchanged) with uvicorn on KEYSPACE and PORT, for the HTTP comparison of issue 14.
#
#   tools/python/run_python_demo.sh KEYSPACE PORT [extra uvicorn options, e.g. --no-access-log]
#
# Makes the venv first (tools/python/venv.sh; fails when PyPI cannot be reached), creates
# KEYSPACE when missing (the demo's init_coodie connects to it and would fail), then execs
# uvicorn in the foreground: its PID is this script's PID (for server CPU from /proc/PID/stat).
# The demo itself runs Product.sync_table() and both sync_view() at start-up, as it always does.
# Environment: SCYLLA_HOSTS (default 127.0.0.1), COODIE_PY_VENV (see venv.sh), HOST (default 127.0.0.1).
# Stop it with kill <PID> (SIGTERM).

set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ $# -lt 2 ]]; then
  echo "usage: $0 KEYSPACE PORT [uvicorn options]" >&2
  exit 2
fi
keyspace="$1"
port="$2"
shift 2
[[ "$port" =~ ^[0-9]+$ ]] || { echo "run_python_demo.sh: PORT must be a number, got '$port'" >&2; exit 2; }

vpy="$("$here/venv.sh" | tail -n 1)"
export SCYLLA_HOSTS="${SCYLLA_HOSTS:-127.0.0.1}"
export SCYLLA_KEYSPACE="$keyspace"
"$vpy" "$here/demo_models.py" --keyspace "$keyspace" ensure-keyspace

echo "run_python_demo.sh: Python coodie demo on http://${HOST:-127.0.0.1}:$port (keyspace $keyspace)" >&2
exec "$vpy" -m uvicorn python_demo_app:app --app-dir "$here" --host "${HOST:-127.0.0.1}" --port "$port" "$@"
