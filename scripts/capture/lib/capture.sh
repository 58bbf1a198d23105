# capture.sh - tcpdump on the client end of the lab's veth pair.
#
# Sourced after lab.sh. The capture point is the client side, so every packet the client
# sends or receives is seen once, with the timing the client observed.

CAP_PID=""
CAP_ERR=""
CAP_BUFFER_KB=65536 # kernel buffer: large enough that bursts of bulk transfer are not dropped

cap_start() { # cap_start FILE
  CAP_ERR=$LAB_WORK/log/tcpdump.err
  ip netns exec "$LAB_NS_C" tcpdump -i "$LAB_IF_C" -s 0 -B "$CAP_BUFFER_KB" -n -Z root \
    -w "$1" 2> "$CAP_ERR" &
  CAP_PID=$!
  LAB_PIDS+=("$CAP_PID")

  local i
  for ((i = 0; i < 100; i++)); do
    grep -q 'listening on' "$CAP_ERR" 2>/dev/null && return 0
    kill -0 "$CAP_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$CAP_ERR" >&2
  lab_die "tcpdump did not start"
}

# Packets written so far: tcpdump prints its counters on SIGUSR1 when capturing live, on one
# line ("tcpdump: N packets captured, ..."), while its final report puts each on a line.
cap_count() {
  local before after i
  before=$(grep -c 'packets captured' "$CAP_ERR" || true)
  kill -USR1 "$CAP_PID" 2>/dev/null || { echo 0; return; }
  for ((i = 0; i < 50; i++)); do
    after=$(grep -c 'packets captured' "$CAP_ERR" || true)
    (( after > before )) && break
    sleep 0.05
  done
  grep -o '[0-9]* packets captured' "$CAP_ERR" | awk '{ n = $1 } END { print n + 0 }'
}

# Stops tcpdump with SIGINT so it flushes the file, then reports its final counters.
cap_stop() {
  kill -INT "$CAP_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 100; i++)); do kill -0 "$CAP_PID" 2>/dev/null || break; sleep 0.1; done
  lab_kill_pid "$CAP_PID"
  CAP_STATS=$(grep -E 'captured|received|dropped' "$CAP_ERR" | tail -n 3 | tr '\n' ';')
}
