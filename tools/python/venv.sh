#!/usr/bin/env bash
# Make (or reuse) a throwaway virtualenv with Python coodie from PyPI, for the
# interop tests and the benchmark harness of coodie (Rust).
#
#   tools/python/venv.sh [VENV_DIR]
#
# VENV_DIR: first argument, else $COODIE_PY_VENV, else <repo>/target/python-venv
# (under target/, so it is never committed).
#
# What it installs:
#   - coodie[scylla]==<latest on PyPI> (or $COODIE_PY_VERSION when set), i.e. coodie
#     with the scylla-driver extra (the extras of coodie 1.9.x are: scylla,
#     cassandra, acsylla, python-rs);
#   - what Python coodie's materialized-views demo needs to run under uvicorn and
#     to seed: fastapi, uvicorn[standard], jinja2, python-multipart, click, faker, rich;
#   - coodie's source distribution (the demos live there, not in the wheel),
#     unpacked into VENV_DIR/sdist/coodie-<version>/.
#
# Idempotent: a second run with the same wanted coodie version only asks PyPI which
# version is the latest (one small request) and exits. With COODIE_PY_VERSION=<x.y.z>
# and a venv that already has it, it does not touch the network at all.
#
# Where PyPI cannot be reached it fails (exit 3) and says so; it never passes silently.
# Other failures exit non-zero too (2: bad usage/interpreter, 4: install failed).
#
# On success it prints the venv's python path on the last line of stdout, and writes
# VENV_DIR/versions.txt (pip freeze) and VENV_DIR/versions.json (the versions that matter).

set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${1:-${COODIE_PY_VENV:-$repo/target/python-venv}}"
python="${PYTHON:-python3}"
wanted="${COODIE_PY_VERSION:-latest}"
demo_deps=(fastapi "uvicorn[standard]" jinja2 python-multipart click faker rich)

say() { echo "venv.sh: $*" >&2; }
die() {
  local code=$1
  shift
  say "error: $*"
  exit "$code"
}

command -v "$python" >/dev/null 2>&1 || die 2 "no Python interpreter '$python' (set PYTHON=...)"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
  die 2 "Python coodie needs Python >= 3.10; '$python' is $("$python" -V 2>&1)"

if [[ ! -x "$venv/bin/python" ]]; then
  say "creating virtualenv $venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" || die 2 "could not create a virtualenv at $venv"
fi
vpy="$venv/bin/python"

# Which coodie do we want?
if [[ "$wanted" == latest ]]; then
  if ! index_out="$("$vpy" -m pip index versions --timeout 20 --retries 1 coodie 2>&1)"; then
    die 3 "PyPI cannot be reached, so the latest Python coodie cannot be installed.
  pip said: $(echo "$index_out" | tail -n 3)
  The Python coodie interop tests and benchmarks need PyPI (https://pypi.org) or a pip
  index configured with PIP_INDEX_URL. To reuse an existing venv offline, set
  COODIE_PY_VERSION=<installed version>."
  fi
  wanted="$(echo "$index_out" | sed -n 's/^coodie (\([^)]*\)).*/\1/p' | head -n 1)"
  [[ -n "$wanted" ]] || die 3 "PyPI answered but no coodie version could be read from: $index_out"
fi

stamp="$venv/.coodie-stamp"
want_stamp="coodie[scylla]==$wanted ${demo_deps[*]}"
sdist_dir="$venv/sdist/coodie-$wanted"

installed_ok() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" && -d "$sdist_dir/demos/materialized-views" ]] &&
    "$vpy" - "$wanted" <<'EOF'
import sys
from importlib.metadata import version, PackageNotFoundError
try:
    ok = version("coodie") == sys.argv[1] and version("scylla-driver") and version("fastapi") and version("uvicorn")
except PackageNotFoundError:
    ok = False
sys.exit(0 if ok else 1)
EOF
}

if installed_ok; then
  say "up to date: coodie $wanted in $venv"
else
  say "installing coodie[scylla]==$wanted and the demo's dependencies into $venv"
  if ! "$vpy" -m pip install --quiet --upgrade pip >/dev/null 2>&1; then
    say "warning: could not upgrade pip in the venv; going on with $("$vpy" -m pip --version)"
  fi
  if ! install_log="$("$vpy" -m pip install --quiet "coodie[scylla]==$wanted" "${demo_deps[@]}" 2>&1)"; then
    if echo "$install_log" | grep -qiE "connection|resolve|network|timed out|No matching distribution"; then
      die 3 "PyPI cannot be reached (or has no coodie $wanted); pip said:
$(echo "$install_log" | tail -n 5)"
    fi
    die 4 "pip install failed:
$(echo "$install_log" | tail -n 20)"
  fi
  # Python coodie's demos ship only in its source distribution.
  rm -rf "$venv/sdist"
  mkdir -p "$venv/sdist"
  if ! dl_log="$("$vpy" -m pip download --quiet --no-deps --no-binary :all: "coodie==$wanted" -d "$venv/sdist" 2>&1)"; then
    die 3 "could not download the coodie $wanted source distribution from PyPI; pip said:
$(echo "$dl_log" | tail -n 5)"
  fi
  tar -xzf "$venv/sdist/coodie-$wanted.tar.gz" -C "$venv/sdist" ||
    die 4 "could not unpack $venv/sdist/coodie-$wanted.tar.gz"
  [[ -d "$sdist_dir/demos/materialized-views" ]] ||
    die 4 "the coodie $wanted sdist has no demos/materialized-views folder"
  echo "$want_stamp" >"$stamp"
fi

"$vpy" -m pip freeze --all >"$venv/versions.txt"
"$vpy" - "$venv" "$sdist_dir" >"$venv/versions.json" <<'EOF'
import json, platform, sys
from importlib.metadata import version
names = ["coodie", "scylla-driver", "pydantic", "fastapi", "uvicorn", "jinja2", "python-multipart"]
print(json.dumps({
    "python": platform.python_version(),
    "venv": sys.argv[1],
    "sdist": sys.argv[2],
    **{n: version(n) for n in names},
}, indent=2))
EOF
say "versions: $(tr -d '\n ' <"$venv/versions.json")"
echo "$vpy"
