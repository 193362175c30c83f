#!/usr/bin/env bash
# Runs one real Apache Cassandra node from Maven Central's jars on JDK 17, for
# machines without Docker: the single node of `make db-up`, and each node of
# `make cluster-up` (tools/cassandra/cluster.sh sets the variables per node).
#
#   cassandra.sh start     resolve the jars (cached), start the server, wait for the CQL port
#   cassandra.sh stop      stop the server started here and wait for it to exit (SIGTERM)
#   cassandra.sh kill      kill it at once (SIGKILL), for fault tests
#   cassandra.sh status    say whether it runs
#   cassandra.sh clean     stop, then remove data and logs
#   cassandra.sh logtail   print the end of the server log
#   cassandra.sh nodetool ARGS...   Cassandra's nodetool (needs CASSANDRA_JMX_PORT)
#
# JDK 17 (and Maven, the first time) are installed with apt-get when missing and
# running as root (tools/need.sh); otherwise the one command to run is printed.
#
# Environment (defaults are those of the single development node):
#   COODIE_STATE_DIR        data, logs, conf and pid file   (default: <repo>/.cassandra)
#   COODIE_CACHE_DIR        resolved jars                   (default: ~/.cache/coodie)
#   CASSANDRA_ADDRESS       listen and CQL address          (default: 127.0.0.1)
#   CASSANDRA_PORT          CQL port                        (default: 9042)
#   CASSANDRA_STORAGE_PORT  inter-node port                 (default: 7000)
#   CASSANDRA_SEEDS         seed list, host:port,...        (default: the node itself)
#   CASSANDRA_CLUSTER_NAME  cluster name                    (default: coodie-dev)
#   CASSANDRA_INITIAL_TOKEN the node's token                (default: 0)
#   CASSANDRA_SNITCH        endpoint snitch                 (default: SimpleSnitch)
#   CASSANDRA_DC, CASSANDRA_RACK  for GossipingPropertyFileSnitch (default: datacenter1, rack1)
#   CASSANDRA_DYNAMIC_SNITCH true/false                     (default: true)
#   CASSANDRA_HINTS         1: hinted handoff on, 0: off    (default: 1)
#   CASSANDRA_HINTS_FLUSH_PERIOD  hint buffer flush period  (default: 10000ms)
#   CASSANDRA_JMX_PORT      local JMX port for nodetool     (default: none, JMX off)
#   CASSANDRA_YAML_EXTRA    a file appended to cassandra.yaml (e.g. authentication, TLS)
#   CASSANDRA_HEAP          JVM heap                        (default: 1G)
#   CASSANDRA_FAST          "1": skip fsync (tests)         (default: 1)
#   CASSANDRA_START_TIMEOUT seconds to wait for the CQL port (default: 180)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=$(sed -n 's:.*<cassandra.version>\(.*\)</cassandra.version>.*:\1:p' "$here/pom.xml")
state=${COODIE_STATE_DIR:-$repo/.cassandra}
cache=${COODIE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/coodie}
lib=$cache/cassandra-$version/lib
address=${CASSANDRA_ADDRESS:-127.0.0.1}
port=${CASSANDRA_PORT:-9042}
storage_port=${CASSANDRA_STORAGE_PORT:-7000}
seeds=${CASSANDRA_SEEDS:-$address:$storage_port}
heap=${CASSANDRA_HEAP:-1G}
jmx_port=${CASSANDRA_JMX_PORT:-}
pidfile=$state/cassandra.pid
log=$state/logs/system.log
out=$state/logs/stdout.log
# The --add-exports/--add-opens of Cassandra's conf/jvm17-server.options: without
# them Java 17 refuses Cassandra (server and nodetool alike) its reflective access.
jvm17=(
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED
  --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED
  --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.math=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens java.base/java.net=ALL-UNNAMED
)

say() { echo "cassandra: $*" >&2; }

jdk17() {
  # Cassandra 5.0 runs on JDK 11 or 17, never on 24+; prefer 17 explicitly.
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/java-17-openjdk-arm64/bin/java \
               /usr/lib/jvm/java-17-openjdk/bin/java /usr/lib/jvm/temurin-17-jdk-amd64/bin/java)
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  local j v
  for j in "${candidates[@]}"; do
    [ -x "$j" ] || continue
    v=$("$j" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
    if [ "$v" = "17" ] || [ "$v" = "11" ]; then echo "$j"; return 0; fi
  done
  return 1
}

find_java() {
  jdk17 && return 0
  "$repo/tools/need.sh" "Cassandra 5.0 (JDK 11 or 17)" openjdk-17-jre-headless || return 1
  jdk17 || { say "no JDK 17 found even after installing openjdk-17-jre-headless"; return 1; }
}

resolve_jars() {
  if [ -f "$lib/.complete" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || "$repo/tools/need.sh" "fetching Cassandra's jars (once)" maven
  say "resolving cassandra-all $version and its dependencies from Maven Central into $lib"
  rm -rf "$lib"; mkdir -p "$lib"
  # shellcheck disable=SC2086 # COODIE_MVN_OPTS holds several options
  mvn -B -q ${COODIE_MVN_OPTS:-} -f "$here/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime >&2
  touch "$lib/.complete"
}

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null && grep -q CassandraDaemon "/proc/$pid/cmdline" 2>/dev/null; then
    echo "$pid"; return 0
  fi
  return 1
}

port_open() { (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null; }

# Writes cassandra.yaml (the template with this node's settings), logback.xml and,
# for GossipingPropertyFileSnitch, cassandra-rackdc.properties into $state/conf.
render_conf() {
  local hints=true
  [ "${CASSANDRA_HINTS:-1}" = "0" ] && hints=false
  mkdir -p "$state/conf" "$state/logs" "$state/data"
  sed -e "s|@STATE@|$state|g" -e "s|@PORT@|$port|g" -e "s|@STORAGE_PORT@|$storage_port|g" \
      -e "s|@ADDRESS@|$address|g" -e "s|@SEEDS@|$seeds|g" \
      -e "s|@CLUSTER_NAME@|${CASSANDRA_CLUSTER_NAME:-coodie-dev}|g" \
      -e "s|@INITIAL_TOKEN@|${CASSANDRA_INITIAL_TOKEN:-0}|g" \
      -e "s|@SNITCH@|${CASSANDRA_SNITCH:-SimpleSnitch}|g" \
      -e "s|@DYNAMIC_SNITCH@|${CASSANDRA_DYNAMIC_SNITCH:-true}|g" \
      -e "s|@HINTS@|$hints|g" \
      -e "s|@HINTS_FLUSH_PERIOD@|${CASSANDRA_HINTS_FLUSH_PERIOD:-10000ms}|g" \
      "$here/cassandra.yaml.in" > "$state/conf/cassandra.yaml"
  if [ -n "${CASSANDRA_YAML_EXTRA:-}" ]; then
    { echo; echo "# from $CASSANDRA_YAML_EXTRA"; cat "$CASSANDRA_YAML_EXTRA"; } >> "$state/conf/cassandra.yaml"
  fi
  printf 'dc=%s\nrack=%s\n' "${CASSANDRA_DC:-datacenter1}" "${CASSANDRA_RACK:-rack1}" \
    > "$state/conf/cassandra-rackdc.properties"
  cp "$here/logback.xml" "$state/conf/logback.xml"
}

logtail() { [ -f "$log" ] && tail -n "${1:-40}" "$log" >&2; [ -f "$out" ] && tail -n 20 "$out" >&2; true; }

start() {
  if pid=$(running_pid); then say "already running (pid $pid) on port $port"; return 0; fi
  if port_open; then say "$address:$port already answers (another server?); not starting a second one"; return 0; fi
  local java; java=$(find_java)
  resolve_jars
  render_conf
  local jamm; jamm=$(ls "$lib"/jamm-*.jar | head -n1)
  local fast=()
  if [ "${CASSANDRA_FAST:-1}" = "1" ]; then fast=(-Dcassandra.skip_sync=true -Dcassandra.unsafesystem=true); fi
  local jmx=()
  if [ -n "$jmx_port" ]; then jmx=(-Dcassandra.jmx.local.port="$jmx_port"); fi
  say "starting Cassandra $version on $address:$port (heap $heap) with $($java -version 2>&1 | head -n1)"
  # The server runs on after this script: it must not inherit the script's open
  # files (a `flock` lock held around `make cluster-up` would stay locked for as
  # long as the nodes run), so every descriptor above 2 is closed first.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec nohup "$java" -Xms"$heap" -Xmx"$heap" -Xss512k -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:+HeapDumpOnOutOfMemoryError \
    -XX:HeapDumpPath="$state/logs" \
    -Djdk.attach.allowAttachSelf=true -javaagent:"$jamm" \
    "${jvm17[@]}" \
    -Dcassandra.config="file://$state/conf/cassandra.yaml" \
    -Dcassandra-foreground=yes \
    -Dcassandra.storagedir="$state/data" \
    -Dcassandra.logdir="$state/logs" \
    -Dlogback.configurationFile="$state/conf/logback.xml" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -Dcassandra.ring_delay_ms=1000 \
    -Dcassandra.superuser_setup_delay_ms=0 \
    "${fast[@]}" "${jmx[@]}" \
    -cp "$state/conf:$lib/*" org.apache.cassandra.service.CassandraDaemon \
    > "$out" 2>&1 < /dev/null
  ) &
  echo $! > "$pidfile"
  local pid; pid=$(cat "$pidfile")
  local begun=$SECONDS
  local deadline=$((SECONDS + ${CASSANDRA_START_TIMEOUT:-180}))
  until port_open; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the server exited during start-up; the end of its log:"; logtail 60; rm -f "$pidfile"; return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      say "CQL port $address:$port did not open in time; the end of its log:"; logtail 60; return 1
    fi
    sleep 1
  done
  say "started (pid $pid), CQL port $address:$port open after $((SECONDS - begun))s"
}

stop() {
  local signal=${1:-TERM} pid
  if ! pid=$(running_pid); then say "not running"; rm -f "$pidfile"; return 0; fi
  say "stopping pid $pid ($address:$port) with SIG$signal"
  kill "-$signal" "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then say "still running after 60s; killing"; kill -KILL "$pid"; fi
    sleep 0.5
  done
  rm -f "$pidfile"
  say "stopped"
}

nodetool() {
  [ -n "$jmx_port" ] || { say "nodetool needs JMX: start the node with CASSANDRA_JMX_PORT set"; return 1; }
  local java; java=$(find_java)
  "$java" -Xmx128m "${jvm17[@]}" -Dlogback.configurationFile="$here/logback-tools.xml" \
    -cp "$lib/*" org.apache.cassandra.tools.NodeTool -h 127.0.0.1 -p "$jmx_port" "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop TERM ;;
  kill) stop KILL ;;
  status) if pid=$(running_pid); then echo "running (pid $pid)"; else echo "not running"; exit 3; fi ;;
  clean) stop; rm -rf "$state"; say "removed $state" ;;
  logtail) logtail "${2:-40}" ;;
  nodetool) shift; nodetool "$@" ;;
  *) echo "usage: $0 start|stop|kill|status|clean|logtail [lines]|nodetool ARGS..." >&2; exit 2 ;;
esac
