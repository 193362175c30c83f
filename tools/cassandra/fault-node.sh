#!/usr/bin/env bash
# A private single Cassandra node that fault tests may stop and start, so that the
# shared development node (127.0.0.1:9042) is never touched: 127.0.0.5, CQL port
# 9044, storage port 7005, state in .cassandra/faults. Used by `make faults` (the
# demo under load while this node is stopped and started) and by the library's
# reconnect test (coodie/tests/reconnect.rs). Like the cluster, it exists once per
# machine: run it under `flock /tmp/coodie-fault-node.lock` (as `make faults` does).
#
#   fault-node.sh up      start it (if not running) and wait until it answers CQL
#   fault-node.sh stop    stop it (SIGTERM; waits for the process to exit)
#   fault-node.sh kill    kill it (SIGKILL)
#   fault-node.sh start   start it again; waits for the CQL port
#   fault-node.sh down    stop it (same as stop)
#   fault-node.sh hosts   its contact point, for SCYLLA_HOSTS
#   fault-node.sh clean   stop it and delete its data
#
# Environment: FAULT_NODE_HEAP (default 512M).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${COODIE_FAULT_DIR:-$repo/.cassandra/faults}
address=127.0.0.5
port=9044

node() {
  COODIE_STATE_DIR=$root \
  CASSANDRA_ADDRESS=$address \
  CASSANDRA_PORT=$port \
  CASSANDRA_STORAGE_PORT=7005 \
  CASSANDRA_CLUSTER_NAME=coodie-faults \
  CASSANDRA_HEAP=${FAULT_NODE_HEAP:-512M} \
  "$here/cassandra.sh" "$@"
}

up() {
  local started=$SECONDS
  node status >/dev/null 2>&1 || node start
  (cd "$repo" && SCYLLA_HOSTS=$address:$port cargo run --quiet -p coodie-dbctl -- \
    wait --timeout "${FAULT_NODE_WAIT:-180}" --log "$root/logs/system.log")
  echo "fault-node: up after $((SECONDS - started))s on $address:$port" >&2
}

case "${1:-}" in
  up) up ;;
  stop|down) node stop ;;
  kill) node kill ;;
  start) node start ;;
  hosts) echo "$address:$port" ;;
  clean) node stop; rm -rf "$root"; echo "fault-node: removed $root" >&2 ;;
  *) echo "usage: $0 up|stop|kill|start|down|hosts|clean" >&2; exit 2 ;;
esac
