#!/usr/bin/env bash
# GET /products on a large table, as a new user would meet it: seeds COUNT
# products (default 100000) into keyspace LIST_KEYSPACE (default list_walk; created
# if missing, runs accumulate), starts the demo on it, times the first page and a
# walk through every page by the `Link: <…>; rel="next"` headers (LIMIT rows per
# page, default 1000), and reports the demo's peak resident memory (VmHWM).
#
#   tools/load/list-walk.sh [COUNT]      (make list-walk LIST_COUNT=1000000)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
count=${1:-100000}
keyspace=${LIST_KEYSPACE:-list_walk}
limit=${LIMIT:-1000}
port=${LIST_PORT:-8732}
base="http://127.0.0.1:$port"

cd "$root"
cargo build --quiet -p materialized-views-demo --bins
have=0
if [ "${LIST_RESEED:-0}" != 1 ] && [ -f "$target/list-walk-$keyspace.count" ]; then
  have=$(cat "$target/list-walk-$keyspace.count")
fi
if [ "$have" -lt "$count" ]; then
  started=$SECONDS
  SCYLLA_KEYSPACE=$keyspace "$target/debug/seed" --count $((count - have)) --concurrency 128 >/dev/null
  echo "list-walk: seeded $((count - have)) products in $((SECONDS - started)) s"
  echo "$count" > "$target/list-walk-$keyspace.count"
fi

log=$(mktemp -t list-walk-XXXXXX.log)
SCYLLA_KEYSPACE=$keyspace HOST=127.0.0.1 PORT=$port RUST_LOG=warn "$target/debug/materialized-views-demo" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 240); do curl -sf "$base/openapi.json" >/dev/null 2>&1 && break; sleep 0.5; done

first=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "$base/products")
echo "list-walk: GET /products (first page, default limit): status, seconds, bytes: $first"

pages=0 rows=0 path="/products?limit=$limit" slowest=0
started=$(date +%s.%N)
while [ -n "$path" ]; do
  headers=$(mktemp)
  body=$(curl -s -D "$headers" -w '\n%{http_code} %{time_total}' "$base$path")
  status_time=${body##*$'\n'}
  status=${status_time% *}
  took=${status_time#* }
  [ "$status" = 200 ] || { echo "list-walk: $path answered $status" >&2; exit 1; }
  n=$(printf '%s' "${body%$'\n'*}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
  rows=$((rows + n)); pages=$((pages + 1))
  slowest=$(python3 -c "print(max($slowest, $took))")
  path=$(sed -n 's/^link: <\([^>]*\)>; rel="next".*/\1/Ip' "$headers" | tr -d '\r')
  path=${path#http://*/}; [ -z "$path" ] || [ "${path:0:1}" = / ] || path="/$path"
  rm -f "$headers"
done
total=$(python3 -c "print(round($(date +%s.%N) - $started, 1))")
hwm=$(awk '/^VmHWM:/ {print int($2 / 1024)}' "/proc/$server/status")
echo "list-walk: walked $rows products in $pages pages of $limit in $total s (slowest page $slowest s); demo peak RSS $hwm MiB"
