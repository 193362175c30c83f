#!/usr/bin/env bash
# Load Python coodie's own demo over HTTP, as issue 14's comparison does, and print one JSON
# line per endpoint: req/s, p50/p99 latency (wrk) and the server's CPU per request.
#
#   tools/python/measure_python_demo.sh KEYSPACE PORT [SECONDS=10] [CONNECTIONS=64]
#
# Starts tools/python/run_python_demo.sh KEYSPACE PORT --no-access-log (ACCESS_LOG=1: with
# uvicorn's default access log) in the background,
# writes 20 products of category "bench-http" (the 20-row partition GET reads), then runs
#   wrk -t2 -cCONNECTIONS -dSECONDS --latency  GET  /views/by-category?category=bench-http
#   wrk -t2 -cCONNECTIONS -dSECONDS --latency  POST /products   (JSON body, as the README's curl)
# Server CPU = utime+stime of the uvicorn process (/proc/PID/stat, all its threads) over each
# wrk run, divided by the requests wrk completed. Stops the server it started (by its PID).
# Needs wrk (Debian package `wrk`).

set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 2 ]] || { echo "usage: $0 KEYSPACE PORT [SECONDS] [CONNECTIONS]" >&2; exit 2; }
keyspace="$1" port="$2" seconds="${3:-10}" conns="${4:-64}"
command -v wrk >/dev/null || { echo "measure_python_demo.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# ACCESS_LOG=1 keeps uvicorn's per-request access log (its default, as `uvicorn main:app` runs).
access_log=(--no-access-log)
[[ "${ACCESS_LOG:-0}" == 1 ]] && access_log=()
"$here/run_python_demo.sh" "$keyspace" "$port" "${access_log[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "$base/views/by-category?category=bench-http" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "the demo did not start" >&2; exit 4; }
  sleep 0.5
done

vpy="$("$here/venv.sh" 2>/dev/null | tail -n 1)"
have="$(curl -fsS "$base/views/by-category?category=bench-http" | "$vpy" -c 'import json,sys; print(len(json.load(sys.stdin)))')"
for i in $(seq $((have + 1)) 20); do
  curl -fsS -o /dev/null -X POST "$base/products" -H 'Content-Type: application/json' \
    -d "{\"name\": \"HTTP Bench $i\", \"category\": \"bench-http\", \"brand\": \"bench-http-brand\", \"price\": 2999.99}"
done

cat >"$work/post.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name": "Quantum Entanglement Mouse", "category": "bench-post", "brand": "Dimension-7", "price": 2999.99}'
EOF

cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
ticks_per_s="$(getconf CLK_TCK)"

measure() { # name url [lua]
  local name="$1" url="$2" lua="${3:-}" before after out
  out="$work/$(echo "$name" | tr -c 'A-Za-z0-9' '_').txt"
  before="$(cpu_ticks)"
  if [[ -n "$lua" ]]; then
    wrk -t2 -c"$conns" -d"${seconds}s" --latency -s "$lua" "$url" >"$out"
  else
    wrk -t2 -c"$conns" -d"${seconds}s" --latency "$url" >"$out"
  fi
  after="$(cpu_ticks)"
  "$vpy" - "$name" "$out" "$((after - before))" "$ticks_per_s" "$conns" "$seconds" "${ACCESS_LOG:-0}" <<'EOF'
import json, re, sys
name, path, ticks, hz, conns, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
text = open(path).read()
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return round(v / 1000 if unit == "us" else v * 1000 if unit == "s" else v, 3)
total = int(re.search(r"(\d+) requests in", text).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
cpu = ticks / hz
print(json.dumps({"server": "python-coodie demo (uvicorn)", "access_log": sys.argv[7] == "1", "endpoint": name, "connections": int(conns),
                  "seconds": int(secs), "requests": total, "req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "p50_ms": ms("50"), "p99_ms": ms("99"), "server_cpu_s": cpu,
                  "server_cpu_us_per_req": round(cpu / total * 1e6, 1) if total else None,
                  "non_2xx": int(non2xx.group(1)) if non2xx else 0,
                  "socket_errors": errors.group(1) if errors else None}))
EOF
}

measure "GET /views/by-category" "$base/views/by-category?category=bench-http"
measure "POST /products" "$base/products" "$work/post.lua"
