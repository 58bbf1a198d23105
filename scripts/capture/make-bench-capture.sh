#!/usr/bin/env bash
# make-bench-capture.sh - record a large capture of real mixed traffic for benchmarks.
#
# The same lab as the sample capture (lib/lab.sh, lib/services.sh): real servers in one
# network namespace, real clients in another, tcpdump on the client end of the veth pair.
# Here the clients run as parallel loops (lib/actors.sh) until tcpdump has written at least
# TARGET_PACKETS packets:
#   1 x HTTP keep-alive  40 requests per connection (200, 404, a POST), IPv4 and IPv6
#   1 x HTTP close       one short connection per request
#   1 x DNS              dig batches over UDP (IPv4 and IPv6), every fifth also over TCP
#   1 x bulk             rate-limited HTTP downloads and uploads (port 8000), SSH file copies
#   2 x TLS              TLS 1.3 (SNI, ALPN) handshakes, TLS 1.2 with session resumption
#   2 x SSH              public-key logins running a command
#   1 x misc             ICMP echo, refused ports (REJ), a silent host (S0), closed UDP ports
#
# Needs root on Debian 12; absent tools are installed as make-sample-capture.sh lists.
# Nothing touches the host's network: the namespaces have no route out.
#
# Usage: make-bench-capture.sh OUT [TARGET_PACKETS]   (default 1000000)
# Environment: BENCH_MAX_SECONDS  upper bound on traffic time (default 480); the capture
#              is kept, with a warning, if the bound stops it short of the target.
#              ACT_BULK_RATE      curl --limit-rate of the bulk actor (default 2M): its share.
# On 2 cores, 1,000,000 packets (about 500 MB) take about 100 s of traffic.

set -Eeuo pipefail
umask 022

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
(( $# >= 1 && $# <= 2 )) || { sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }
OUT=$1
TARGET=${2:-1000000}
MAX_SECONDS=${BENCH_MAX_SECONDS:-480}
POLL_SECONDS=2     # how often the packet count is read
PROGRESS_EVERY=10  # seconds between progress lines
STOP_GRACE=10      # seconds actors get to finish their current exchange
COUNT_DEADLINE=15  # seconds after which a zero packet count means something is broken

[[ $TARGET =~ ^[0-9]+$ && $MAX_SECONDS =~ ^[0-9]+$ ]] \
  || { echo "TARGET_PACKETS and BENCH_MAX_SECONDS must be integers" >&2; exit 2; }

source "$HERE/lib/lab.sh"
source "$HERE/lib/services.sh"
source "$HERE/lib/capture.sh"
source "$HERE/lib/actors.sh"

start_actors() {
  svc_ssh_opts
  act_write_dns_batch
  act_start http-keepalive 1
  act_start http-close 1
  act_start dns 1
  act_start bulk 1
  act_start tls 2
  act_start ssh 2
  act_start misc 1
}

# Polls tcpdump's counter until the target or the time bound; sets PACKETS and STOP_REASON.
wait_for_target() {
  local start=$SECONDS last_report=$SECONDS
  PACKETS=0
  while (( PACKETS < TARGET )); do
    if (( SECONDS - start >= MAX_SECONDS )); then STOP_REASON="time bound"; return; fi
    sleep "$POLL_SECONDS"
    PACKETS=$(cap_count)
    (( PACKETS > 0 || SECONDS - start < COUNT_DEADLINE )) \
      || lab_die "tcpdump reports no packets after $COUNT_DEADLINE s (counter or traffic broken)"
    if (( SECONDS - last_report >= PROGRESS_EVERY )); then
      lab_log "packets $PACKETS of $TARGET after $((SECONDS - start)) s"
      last_report=$SECONDS
    fi
  done
  STOP_REASON="target reached"
}

# Packets per service, by well-known server port, for the summary.
protocol_mix() {
  tcpdump -nn -q -t -r "$1" 2>/dev/null | awk '
    { kind = "other" }
    / ICMP/                       { kind = "icmp" }
    /\.53[ :]/                    { kind = "dns" }
    /\.(80|8080)[ :]/             { kind = "http" }
    /\.8000[ :]/                  { kind = "bulk" }
    /\.(443|8443)[ :]/            { kind = "tls" }
    /\.22[ :]/                    { kind = "ssh" }
    /^ARP/                        { kind = "arp" }
    { n[kind]++; total++ }
    END { for (k in n) printf "  %-6s %9d  %5.1f%%\n", k, n[k], 100 * n[k] / total }' | sort
}

main() {
  lab_require_root
  lab_install_traps
  lab_install_missing
  lab_make_workdir
  mkdir -p "$(dirname -- "$OUT")"
  local tmp=$OUT.partial.$LAB_TAG.pcap t0=$SECONDS

  lab_log "setting up namespaces $LAB_NS_S and $LAB_NS_C"
  lab_setup_network
  svc_make_content "${ACT_BULK_MB[@]}"
  svc_make_keys
  svc_start_all

  cap_start "$tmp"
  start_actors
  lab_log "running traffic until $TARGET packets (at most $MAX_SECONDS s)"
  wait_for_target
  act_stop_all "$STOP_GRACE"
  sleep 1 # the last FINs and retransmissions
  cap_stop

  mv -f -- "$tmp" "$OUT"
  LAB_SUCCESS=1
  [[ $STOP_REASON == "time bound" ]] && lab_log "WARNING: time bound hit before $TARGET packets"
  lab_log "wrote $OUT: $(stat -c %s "$OUT") bytes in $((SECONDS - t0)) s ($STOP_REASON)"
  lab_log "tcpdump: $CAP_STATS"
  protocol_mix "$OUT" >&2
}

main "$@"
