#!/usr/bin/env bash
# A local three-node Apache Cassandra 5.0 cluster from the same cached jars as the
# single node of `make db-up` (tools/cassandra/cassandra.sh starts each node), for
# the cluster tests. It runs beside the single node: its own addresses, ports and
# cluster name.
#
#   cluster.sh up              start every node that is not running, wait until all are UN
#   cluster.sh down            stop every node (SIGTERM, waits for each to exit)
#   cluster.sh status          which nodes run, and nodetool status
#   cluster.sh stop-node N     stop node N (SIGTERM), for fault tests
#   cluster.sh kill-node N     kill node N (SIGKILL), for fault tests
#   cluster.sh start-node N    start node N again with the settings of `up`; waits for its CQL port
#   cluster.sh nodetool N ARGS...  Cassandra's nodetool against node N
#   cluster.sh hosts           the contact points, for SCYLLA_HOSTS / COODIE_CLUSTER_HOSTS
#   cluster.sh clean           stop, then delete every node's data
#
# Layout: node N listens on 127.0.0.N (loopback) with CQL port $CLUSTER_PORT (9043)
# and storage port $CLUSTER_STORAGE_PORT (7001) on its own address, local JMX on
# 127.0.0.1:$((CLUSTER_JMX_BASE + N)) (7201, 7202, 7203), data, logs and conf in
# .cassandra/cluster/nodeN. Every node uses the same CQL port because the driver
# reaches the peers it discovers on the port of the contact point it connected to.
# Every node is a seed, so they start together without bootstrapping; each owns one
# token, spread evenly over the ring. GossipingPropertyFileSnitch, one datacenter
# `datacenter1`, rack `rack1`; dynamic snitch off, so a read at ONE that a replica
# coordinates is served from that replica's own data.
#
# Environment (read by `up` and `start-node`; `up` records them for later starts):
#   CLUSTER_NODES          how many nodes                 (default: 3; at most 9)
#   CLUSTER_HEAP           JVM heap of each node          (default: 512M)
#   CLUSTER_HINTS          1: hinted handoff on, 0: off   (default: 1)
#   CLUSTER_PORT           CQL port of every node         (default: 9043)
#   CLUSTER_STORAGE_PORT   inter-node port                (default: 7001)
#   CLUSTER_JMX_BASE       node N's JMX port is BASE+N    (default: 7200)
#   CLUSTER_DC             the datacenter's name          (default: datacenter1)
#   CLUSTER_WAIT           seconds to wait for UN         (default: 300)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${COODIE_CLUSTER_DIR:-$repo/.cassandra/cluster}
settings=$root/settings.env

say() { echo "cluster: $*" >&2; }

# The settings recorded by `up` win over the environment for everything but `up`
# on a stopped cluster, so that `start-node 2` brings node 2 back as it was.
setting() { # NAME DEFAULT MODE
  local saved=""
  if [ "$3" != fresh ] && [ -f "$settings" ]; then
    saved=$(sed -n "s/^$1=//p" "$settings")
  fi
  if [ -n "$saved" ]; then echo "$saved"; else echo "${!1:-$2}"; fi
}

load_settings() {
  local mode=${1:-recorded}
  nodes=$(setting CLUSTER_NODES 3 "$mode")
  heap=$(setting CLUSTER_HEAP 512M "$mode")
  hints=$(setting CLUSTER_HINTS 1 "$mode")
  cql_port=$(setting CLUSTER_PORT 9043 "$mode")
  storage_port=$(setting CLUSTER_STORAGE_PORT 7001 "$mode")
  jmx_base=$(setting CLUSTER_JMX_BASE 7200 "$mode")
  dc=$(setting CLUSTER_DC datacenter1 "$mode")
  case $nodes in [1-9]) ;; *) say "CLUSTER_NODES=$nodes: 1 to 9 nodes"; exit 2 ;; esac
}

save_settings() {
  mkdir -p "$root"
  cat > "$settings" <<EOF
CLUSTER_NODES=$nodes
CLUSTER_HEAP=$heap
CLUSTER_HINTS=$hints
CLUSTER_PORT=$cql_port
CLUSTER_STORAGE_PORT=$storage_port
CLUSTER_JMX_BASE=$jmx_base
CLUSTER_DC=$dc
EOF
}

hosts() {
  local n list=()
  for n in $(seq 1 "$nodes"); do list+=("127.0.0.$n:$cql_port"); done
  (IFS=,; echo "${list[*]}")
}

# Node N's token: the ring from -2^63 to 2^63-1 in equal steps (64-bit bash
# arithmetic wraps, which is what the spacing needs).
token() {
  local n=$1 step=$(( (9223372036854775807 / nodes) * 2 ))
  echo $(( -9223372036854775807 - 1 + (n - 1) * step ))
}

# Runs cassandra.sh for node N with that node's variables.
node() {
  local n=$1; shift
  [[ $n =~ ^[1-9]$ ]] && [ "$n" -le "$nodes" ] || { say "no node $n (the cluster has $nodes)"; exit 2; }
  local seeds=() i
  for i in $(seq 1 "$nodes"); do seeds+=("127.0.0.$i:$storage_port"); done
  COODIE_STATE_DIR=$root/node$n \
  CASSANDRA_ADDRESS=127.0.0.$n \
  CASSANDRA_PORT=$cql_port \
  CASSANDRA_STORAGE_PORT=$storage_port \
  CASSANDRA_SEEDS=$(IFS=,; echo "${seeds[*]}") \
  CASSANDRA_CLUSTER_NAME=coodie-cluster \
  CASSANDRA_INITIAL_TOKEN=$(token "$n") \
  CASSANDRA_SNITCH=GossipingPropertyFileSnitch \
  CASSANDRA_DC=$dc \
  CASSANDRA_RACK=rack1 \
  CASSANDRA_DYNAMIC_SNITCH=false \
  CASSANDRA_HINTS=$hints \
  CASSANDRA_HINTS_FLUSH_PERIOD=1000ms \
  CASSANDRA_JMX_PORT=$((jmx_base + n)) \
  CASSANDRA_HEAP=$heap \
  "$here/cassandra.sh" "$@"
}

running_nodes() {
  local n count=0
  for n in $(seq 1 "$nodes"); do
    node "$n" status >/dev/null 2>&1 && count=$((count + 1))
  done
  echo $count
}

dbctl() {
  (cd "$repo" && cargo run --quiet -p coodie-dbctl -- "$@")
}

wait_un() {
  SCYLLA_HOSTS=$(hosts) dbctl wait-cluster --nodes "$nodes" --timeout "${CLUSTER_WAIT:-300}"
}

up() {
  if [ "$(running_nodes)" = 0 ]; then
    load_settings fresh
  elif [ -n "${CLUSTER_HINTS:-}" ] && [ "$CLUSTER_HINTS" != "$hints" ]; then
    say "the running cluster has CLUSTER_HINTS=$hints; run make cluster-down first to change it"
    exit 1
  fi
  save_settings
  local started=$SECONDS n pids=() failed=0
  say "$nodes nodes on $(hosts) (heap $heap each, hinted handoff $([ "$hints" = 0 ] && echo off || echo on))"
  # Build the waiter while the nodes start, not after.
  (cd "$repo" && cargo build --quiet -p coodie-dbctl) &
  local build=$!
  for n in $(seq 1 "$nodes"); do
    node "$n" start 2>&1 | sed "s/^/[node$n] /" >&2 &
    pids+=($!)
  done
  for n in "${!pids[@]}"; do wait "${pids[$n]}" || failed=1; done
  wait "$build" || failed=1
  [ $failed = 0 ] || { say "a node did not start; see .cassandra/cluster/node*/logs/system.log"; exit 1; }
  wait_un
  say "up: $nodes nodes UN after $((SECONDS - started))s; SCYLLA_HOSTS=$(hosts)"
  rss
}

# Resident memory of each node's JVM.
rss() {
  local n pid kb
  for n in $(seq 1 "$nodes"); do
    pid=$(cat "$root/node$n/cassandra.pid" 2>/dev/null) || continue
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue
    say "node$n (pid $pid) resident memory $((kb / 1024)) MiB"
  done
}

down() {
  local n pids=()
  for n in $(seq 1 "$nodes"); do
    node "$n" stop 2>&1 | sed "s/^/[node$n] /" >&2 &
    pids+=($!)
  done
  for n in "${pids[@]}"; do wait "$n"; done
}

status() {
  local n
  for n in $(seq 1 "$nodes"); do
    printf 'node%s 127.0.0.%s:%s  %s\n' "$n" "$n" "$cql_port" "$(node "$n" status 2>&1 || true)"
  done
  for n in $(seq 1 "$nodes"); do
    if node "$n" status >/dev/null 2>&1; then node "$n" nodetool status; return 0; fi
  done
}

load_settings
case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  stop-node) node "${2:?node number}" stop ;;
  kill-node) node "${2:?node number}" kill ;;
  start-node) node "${2:?node number}" start ;;
  nodetool) n=${2:?node number}; shift 2; node "$n" nodetool "$@" ;;
  hosts) hosts ;;
  rss) rss ;;
  clean) down; rm -rf "$root"; say "removed $root" ;;
  *) echo "usage: $0 up|down|status|stop-node N|kill-node N|start-node N|nodetool N ARGS...|hosts|rss|clean" >&2; exit 2 ;;
esac
