#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, combined broker and controller) for the Kafka
# integration tests. It listens on 127.0.0.1 only, on free ports, keeps its data in a state
# folder, and never talks to any other host.
#
#   broker.sh start    start (or find already running) and print the bootstrap address
#   broker.sh stop     stop it; the state folder (data, ports) is kept for a restart
#   broker.sh restart  stop, then start again on the same ports with the same data
#   broker.sh clean    stop and delete the state folder
#   broker.sh address  print the bootstrap address of the running broker
#
# Environment:
#   WIRELOG_KAFKA_STATE        state folder (default: $TMPDIR/wirelog-kafka-broker)
#   WIRELOG_KAFKA_CACHE        where the broker's jars are kept
#                              (default: $HOME/.cache/wirelog/kafka-broker)
#   WIRELOG_KAFKA_START_SECS   how long to wait for the broker to accept connections (60)
#   WIRELOG_KAFKA_HEAP         JVM heap for the broker (default: 512m)
#
# The bootstrap address is also written to $WIRELOG_KAFKA_STATE/bootstrap.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${WIRELOG_KAFKA_STATE:-${TMPDIR:-/tmp}/wirelog-kafka-broker}"
cache="${WIRELOG_KAFKA_CACHE:-$HOME/.cache/wirelog/kafka-broker}"
start_secs="${WIRELOG_KAFKA_START_SECS:-60}"
heap="${WIRELOG_KAFKA_HEAP:-512m}"
host=127.0.0.1

log() { echo "broker.sh: $*" >&2; }

# The jars are resolved once per pom version; the pom's hash names the folder, so editing the
# pom (a new Kafka version) resolves again instead of mixing jars.
ensure_jars() {
  local key
  key="$(sha256sum "$here/pom.xml" | cut -c1-16)"
  lib="$cache/$key/lib"
  if [[ -f "$cache/$key/complete" ]]; then return; fi

  log "resolving broker jars into $lib (first run only)"
  rm -rf "$cache/$key"
  mkdir -p "$lib"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -Dbroker.lib="$lib" >&2
  touch "$cache/$key/complete"
}

free_port() {
  node -e "const s=require('net').createServer();
    s.listen(0,'$host',()=>{console.log(s.address().port);s.close();});"
}

is_running() {
  [[ -f "$state/pid" ]] && kill -0 "$(cat "$state/pid")" 2>/dev/null
}

port_free() {
  node -e "const s=require('net').createServer();s.on('error',()=>process.exit(1));
    s.listen(Number(process.argv[1]),'$host',()=>s.close());" "$1"
}

# A stopped broker is restarted on its old ports with its data; if another program has taken
# one of those ports since, the old state is discarded and the broker starts afresh.
reusable_state() {
  [[ -f "$state/data/meta.properties" && -f "$state/server.properties" ]] || return 1
  local port ports
  ports="$(grep -oE "$host:[0-9]+" "$state/server.properties" | cut -d: -f2 | sort -u)"
  for port in $ports; do
    port_free "$port" || return 1
  done
}

accepts_connections() {
  node -e "const c=require('net').connect(Number(process.argv[1]),'$host');
    c.on('connect',()=>{c.end();process.exit(0)});c.on('error',()=>process.exit(1));" "$1"
}

write_config() {
  local port cport
  port="$(free_port)"
  cport="$(free_port)"
  while [[ "$cport" == "$port" ]]; do cport="$(free_port)"; done
  cat >"$state/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$host:$cport
listeners=PLAINTEXT://$host:$port,CONTROLLER://$host:$cport
advertised.listeners=PLAINTEXT://$host:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$state/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  echo "$host:$port" >"$state/bootstrap"
}

# KRaft refuses to start on an unformatted log folder; format writes the cluster id and the
# node's meta.properties once, and a restart reuses them.
format_storage() {
  local cluster_id
  cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  (run_java kafka.tools.StorageTool format -t "$cluster_id" -c "$state/server.properties" \
    >>"$state/broker.log" 2>&1)
}

# `exec` makes the recorded pid the JVM's own, so stop() signals the broker, not a subshell.
run_java() {
  exec java "-Xmx$heap" -Xms128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$here/log4j2.properties" -Dkafka.logs.dir="$state" \
    -cp "$lib/*" "$@"
}

wait_until_ready() {
  local port deadline
  port="$(cut -d: -f2 "$state/bootstrap")"
  deadline=$((SECONDS + start_secs))
  until accepts_connections "$port"; do
    if ! is_running; then log "broker exited during start; see $state/broker.log"; exit 1; fi
    if ((SECONDS > deadline)); then log "broker not ready after ${start_secs}s"; exit 1; fi
    sleep 0.3
  done
}

start() {
  if is_running; then cat "$state/bootstrap"; return; fi

  ensure_jars
  if ! reusable_state; then
    rm -rf "$state"
    mkdir -p "$state"
    write_config
    format_storage
  fi

  (run_java kafka.Kafka "$state/server.properties" >>"$state/broker.log" 2>&1) &
  echo $! >"$state/pid"
  wait_until_ready
  cat "$state/bootstrap"
}

stop() {
  if ! is_running; then rm -f "$state/pid"; return; fi
  local pid
  pid="$(cat "$state/pid")"
  kill "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  rm -f "$state/pid"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop && start ;;
  clean) stop && rm -rf "$state" ;;
  address) is_running && cat "$state/bootstrap" ;;
  *) echo "usage: $0 start|stop|restart|clean|address" >&2; exit 2 ;;
esac
