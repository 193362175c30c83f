#!/usr/bin/env bash
# Schemathesis, every check, against the demo's /openapi.json: the document must
# describe what the server really accepts, and every answer must conform to it.
#
#   demos/materialized-views/tests/schemathesis.sh [extra `st run` arguments]
#
# Starts the demo (debug build) on a free port of 127.0.0.1 against its own keyspace
# (SCHEMATHESIS_KEYSPACE, default demo_test_schemathesis, never viewdemo), seeds a
# few products so that the list endpoints have a next page, and runs
# `st run --checks all`. Schemathesis lives in a venv outside git
# (SCHEMATHESIS_VENV, default target/schemathesis-venv), installed from PyPI on
# first use. Exits non-zero, saying why, when schemathesis cannot be installed, the
# demo does not start, or any check fails.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
venv=${SCHEMATHESIS_VENV:-$root/target/schemathesis-venv}
keyspace=${SCHEMATHESIS_KEYSPACE:-demo_test_schemathesis}
target=${CARGO_TARGET_DIR:-$root/target}

fail() {
    echo "schemathesis.sh: error: $*" >&2
    exit 2
}

if ! "$venv/bin/st" --version >/dev/null 2>&1; then
    echo "schemathesis.sh: installing schemathesis from PyPI into $venv"
    python3 -m venv "$venv" || fail "cannot create a Python venv at $venv (Debian: apt-get install -y python3-venv)"
    "$venv/bin/pip" install --quiet 'schemathesis>=4.32,<5' \
        || fail "cannot install schemathesis from PyPI into $venv (is PyPI reachable?)"
fi
echo "schemathesis.sh: $("$venv/bin/st" --version)"

# SCHEMATHESIS_BUILD: how to build the demo's binaries (`make schemathesis` passes
# its workspace build, which `make test` has already made).
${SCHEMATHESIS_BUILD:-cargo build --quiet -p materialized-views-demo --bins} || fail "the demo does not build"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log=$(mktemp -t demo-schemathesis-XXXXXX.log)

SCYLLA_KEYSPACE=$keyspace "$target/debug/seed" --count 30 >/dev/null \
    || fail "seeding $keyspace failed (is the database up? run \`make db-up\`)"

SCYLLA_KEYSPACE=$keyspace HOST=127.0.0.1 PORT=$port RUST_LOG=warn \
    "$target/debug/materialized-views-demo" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

for _ in $(seq 120); do
    if curl -sf "$base/openapi.json" >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; fail "the demo exited before it served"; }
    sleep 0.5
done
curl -sf "$base/openapi.json" >/dev/null || { cat "$log" >&2; fail "the demo did not serve $base/openapi.json within 60 s"; }

echo "schemathesis.sh: testing $base (keyspace $keyspace)"
status=0
# Run from target/: Schemathesis keeps its cache (.schemathesis/) in the working directory.
mkdir -p "$target"
(cd "$target" && DEMO_BASE_URL=$base PYTHONPATH=$here/schemathesis SCHEMATHESIS_HOOKS=hooks \
    "$venv/bin/st" run "$base/openapi.json" --checks all "$@") || status=$?
if [ "$status" -ne 0 ]; then
    echo "schemathesis.sh: FAILED (st exit code $status); server log: $log" >&2
    exit "$status"
fi
rm -f "$log"
echo "schemathesis.sh: no failures"
