#!/usr/bin/env bash
# Runs a real single-node Apache Cassandra from Maven Central's jars on JDK 17,
# for machines without Docker.
#
#   cassandra.sh start    resolve the jars (cached), start the server, wait for CQL port
#   cassandra.sh stop     stop the server started here and wait for it to exit
#   cassandra.sh status   say whether it runs
#   cassandra.sh clean    stop, then remove data and logs
#   cassandra.sh logtail  print the end of the server log
#
# Environment:
#   COODIE_STATE_DIR   data, logs and pid file   (default: <repo>/.cassandra)
#   COODIE_CACHE_DIR   resolved jars             (default: ~/.cache/coodie)
#   CASSANDRA_PORT     CQL port                  (default: 9042)
#   CASSANDRA_STORAGE_PORT  inter-node port      (default: 7000)
#   CASSANDRA_HEAP     JVM heap                  (default: 1G)
#   CASSANDRA_FAST     "1": skip fsync (tests)   (default: 1)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
version=$(sed -n 's:.*<cassandra.version>\(.*\)</cassandra.version>.*:\1:p' "$here/pom.xml")
state=${COODIE_STATE_DIR:-$repo/.cassandra}
cache=${COODIE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/coodie}
lib=$cache/cassandra-$version/lib
port=${CASSANDRA_PORT:-9042}
storage_port=${CASSANDRA_STORAGE_PORT:-7000}
heap=${CASSANDRA_HEAP:-1G}
pidfile=$state/cassandra.pid
log=$state/logs/system.log
out=$state/logs/stdout.log

say() { echo "cassandra: $*" >&2; }

find_java() {
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
  say "no JDK 17 found (Cassandra 5.0 needs JDK 11 or 17). Install it: apt-get install openjdk-17-jdk-headless"
  return 1
}

resolve_jars() {
  if [ -f "$lib/.complete" ]; then return 0; fi
  command -v mvn >/dev/null 2>&1 || { say "Maven is needed once to fetch Cassandra's jars: apt-get install maven"; return 1; }
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

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

logtail() { [ -f "$log" ] && tail -n "${1:-40}" "$log" >&2; [ -f "$out" ] && tail -n 20 "$out" >&2; true; }

start() {
  if pid=$(running_pid); then say "already running (pid $pid) on port $port"; return 0; fi
  if port_open; then say "port $port already answers (another server?); not starting a second one"; return 0; fi
  local java; java=$(find_java)
  resolve_jars
  mkdir -p "$state/conf" "$state/logs" "$state/data"
  sed -e "s:@STATE@:$state:g" -e "s:@PORT@:$port:g" -e "s:@STORAGE_PORT@:$storage_port:g" "$here/cassandra.yaml.in" > "$state/conf/cassandra.yaml"
  cp "$here/logback.xml" "$state/conf/logback.xml"
  local jamm; jamm=$(ls "$lib"/jamm-*.jar | head -n1)
  local fast=()
  if [ "${CASSANDRA_FAST:-1}" = "1" ]; then fast=(-Dcassandra.skip_sync=true -Dcassandra.unsafesystem=true); fi
  say "starting Cassandra $version with $($java -version 2>&1 | head -n1)"
  nohup "$java" -Xms"$heap" -Xmx"$heap" -Xss512k -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:+HeapDumpOnOutOfMemoryError \
    -XX:HeapDumpPath="$state/logs" \
    -Djdk.attach.allowAttachSelf=true -javaagent:"$jamm" \
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED \
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED \
    --add-exports java.sql/java.sql=ALL-UNNAMED \
    --add-opens java.base/java.lang.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED \
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED \
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.base/java.io=ALL-UNNAMED \
    --add-opens java.base/java.nio=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.math=ALL-UNNAMED \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
    --add-opens java.base/java.net=ALL-UNNAMED \
    -Dcassandra.config="file://$state/conf/cassandra.yaml" \
    -Dcassandra-foreground=yes \
    -Dcassandra.storagedir="$state/data" \
    -Dcassandra.logdir="$state/logs" \
    -Dlogback.configurationFile="$state/conf/logback.xml" \
    -Dcassandra.skip_wait_for_gossip_to_settle=0 \
    -Dcassandra.ring_delay_ms=1000 \
    -Dcassandra.superuser_setup_delay_ms=0 \
    "${fast[@]}" \
    -cp "$state/conf:$lib/*" org.apache.cassandra.service.CassandraDaemon \
    > "$out" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  local pid; pid=$(cat "$pidfile")
  local deadline=$((SECONDS + ${CASSANDRA_START_TIMEOUT:-180}))
  until port_open; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "the server exited during start-up; the end of its log:"; logtail 60; rm -f "$pidfile"; return 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      say "CQL port $port did not open in time; the end of its log:"; logtail 60; return 1
    fi
    sleep 1
  done
  say "started (pid $pid), CQL port $port open after ${SECONDS}s"
}

stop() {
  local pid
  if ! pid=$(running_pid); then say "not running"; rm -f "$pidfile"; return 0; fi
  say "stopping pid $pid"
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then say "still running after 60s; killing"; kill -KILL "$pid"; fi
    sleep 0.5
  done
  rm -f "$pidfile"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if pid=$(running_pid); then echo "running (pid $pid)"; else echo "not running"; exit 3; fi ;;
  clean) stop; rm -rf "$state"; say "removed $state" ;;
  logtail) logtail "${2:-40}" ;;
  *) echo "usage: $0 start|stop|status|clean|logtail [lines]" >&2; exit 2 ;;
esac
