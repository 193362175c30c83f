#!/usr/bin/env bash
# GET /products on a large table, as a new user would meet it: seeds COUNT
# products (default 100000) into keyspace LIST_KEYSPACE (default list_walk; created
# if missing, runs accumulate), starts the demo on it, times the first page and a
# walk through every page by the `Link: <…>; rel="next"` headers (LIMIT rows per
# page, default 1000): time per page (p50, p99), the demo's resident memory
# before and after the walk and its peak (VmHWM).
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

rss() { awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$server/status"; }
echo "list-walk: demo resident memory before the walk: $(rss) MiB"
first=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "$base/products")
echo "list-walk: GET /products (first page, default limit): status, seconds, bytes: $first"

# The walk: every page by its `Link: <…>; rel="next"` header, each page's time
# written down (one HTTP/1.1 connection, as a client that follows the links would).
BASE=$base LIMIT=$limit EXPECT=$count python3 - <<'PY'
import http.client, json, os, re, sys, time, urllib.parse

base = urllib.parse.urlparse(os.environ["BASE"])
conn = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
path = f"/products?limit={os.environ['LIMIT']}"
link = re.compile(r'<([^>]*)>\s*;\s*rel="next"')
times, rows, ids = [], 0, set()
started = time.monotonic()
while path:
    begun = time.monotonic()
    conn.request("GET", path)
    answer = conn.getresponse()
    body = answer.read()
    times.append(time.monotonic() - begun)
    if answer.status != 200:
        sys.exit(f"list-walk: {path} answered {answer.status}: {body[:300]!r}")
    page = json.loads(body)
    rows += len(page)
    ids.update(p["id"] for p in page)
    found = link.search(answer.getheader("Link") or "")
    path = None
    if found:
        target = urllib.parse.urlparse(found.group(1))
        path = f"{target.path}?{target.query}"
total = time.monotonic() - started
times.sort()
def pct(q):
    return times[min(len(times) - 1, int(q * len(times)))]
print(
    f"list-walk: walked {rows} products ({len(ids)} distinct) in {len(times)} pages of "
    f"{os.environ['LIMIT']} in {total:.1f} s; time per page p50 {pct(0.5) * 1000:.0f} ms, "
    f"p99 {pct(0.99) * 1000:.0f} ms, slowest {times[-1] * 1000:.0f} ms"
)
if rows != len(ids):
    sys.exit("list-walk: a product came twice")
if rows < int(os.environ["EXPECT"]):
    sys.exit(f"list-walk: {rows} products walked, {os.environ['EXPECT']} seeded (LIST_RESEED=1 to seed again)")
PY
hwm=$(awk '/^VmHWM:/ {print int($2 / 1024)}' "/proc/$server/status")
echo "list-walk: demo resident memory after the walk: $(rss) MiB (peak $hwm MiB)"
