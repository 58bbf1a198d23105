#!/usr/bin/env bash
# make-sample-capture.sh - record the small sample capture of real traffic.
#
# Real clients in one network namespace talk to real servers in another over a veth
# pair (see lib/lab.sh and lib/services.sh); tcpdump records the client end. The script
# runs one fixed sequence of exchanges, one after another with short pauses, so each
# connection stands alone and a rerun yields the same flows (addresses, ports of the
# servers, requests, answers); timestamps, client ports, TCP sequence numbers, DNS ids and
# key material differ per run.
#
# Traffic, in order:
#   ICMP  echo to the server over IPv4 and IPv6
#   DNS   dig over UDP: A, AAAA, TXT, MX, SRV, PTR, an NXDOMAIN, one AAAA over IPv6;
#         one A over TCP
#   HTTP  one keep-alive connection (GET 200 x4, GET 404), HEAD, POST with a JSON body,
#         an HTTP/1.0 GET, a GET over IPv6 on port 8080
#   TLS   TLS 1.3 with SNI and ALPN (IPv4 and IPv6), TLS 1.2 with SNI and ALPN
#   SSH   public-key login as root, running one command
#   REJ   TCP to a closed port (RST), UDP to a closed port (ICMP port unreachable)
#   S0    TCP to a silent address (SYN and its retransmission, no answer)
#
# Needs root (namespaces, tcpdump, sshd) on Debian 12; absent tools are installed with
# apt-get (iproute2 ethtool tcpdump dnsmasq-base bind9-dnsutils openssh-server
# openssh-client curl openssl iputils-ping python3 procps coreutils time).
# Nothing touches the host's network: the namespaces have no route out.
#
# Usage: make-sample-capture.sh [OUTPUT]   (default: test/fixtures/sample/sample.pcap)

set -Eeuo pipefail
umask 022

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$HERE/../.." && pwd)
OUT=${1:-$REPO/test/fixtures/sample/sample.pcap}
PAUSE=0.3 # seconds between exchanges, so connections do not overlap

source "$HERE/lib/lab.sh"
source "$HERE/lib/services.sh"
source "$HERE/lib/capture.sh"

# Runs one client command in the client namespace; a failed exchange is reported, not fatal,
# because refused and unanswered connections are part of the sample.
client() {
  lab_ns_c timeout 20 "$@" > /dev/null 2>> "$LAB_WORK/log/clients.err" \
    || lab_log "client exited non-zero: $*"
  sleep "$PAUSE"
}

run_icmp() {
  client ping -n -c 2 -i 0.2 "$LAB_SRV4"
  client ping -6 -n -c 2 -i 0.2 "$LAB_SRV6"
}

run_dns() {
  local d=$SVC_DOMAIN dig=(dig +tries=1 +time=2)
  client "${dig[@]}" @"$LAB_SRV4" "www.$d" A
  client "${dig[@]}" @"$LAB_SRV4" "www.$d" AAAA
  client "${dig[@]}" @"$LAB_SRV4" "$d" TXT
  client "${dig[@]}" @"$LAB_SRV4" "$d" MX
  client "${dig[@]}" @"$LAB_SRV4" "_http._tcp.$d" SRV
  client "${dig[@]}" @"$LAB_SRV4" -x "$LAB_SRV4"
  client "${dig[@]}" @"$LAB_SRV4" "nosuchhost.$d" A
  client "${dig[@]}" @"$LAB_SRV6" "v6only.$d" AAAA
  client "${dig[@]}" +tcp @"$LAB_SRV4" "mail.$d" A
}

run_http() {
  local base=http://$LAB_SRV4 curl=(curl -sS --max-time 10 -A wirelog-sample/1.0)
  client "${curl[@]}" "$base/index.html" "$base/css/site.css" "$base/img/logo.png" \
    "$base/img/photo.jpg" "$base/no/such/page.html"
  client "${curl[@]}" -I "$base/page.html"
  client "${curl[@]}" -H 'Content-Type: application/json' -H 'Expect:' \
    --data-binary '{"name":"sample","count":3}' "$base/api/items"
  client "${curl[@]}" --http1.0 "$base/api/status.json"
  client "${curl[@]}" -g "http://[$LAB_SRV6]:8080/page.html"
}

# s_client sends one request so s_server's -www mode answers with a page.
tls_client() { # tls_client HOST:PORT SNI ALPN
  printf 'GET / HTTP/1.0\r\n\r\n' | lab_ns_c timeout 10 openssl s_client -quiet \
    -connect "$1" -servername "$2" -alpn "$3" > /dev/null 2>> "$LAB_WORK/log/clients.err" \
    || lab_log "TLS client exited non-zero: $1"
  sleep "$PAUSE"
}

run_tls() {
  tls_client "$LAB_SRV4:$SVC_TLS13_PORT" "www.$SVC_DOMAIN" http/1.1
  tls_client "[$LAB_SRV6]:$SVC_TLS13_PORT" "www.$SVC_DOMAIN" http/1.1
  tls_client "$LAB_SRV4:$SVC_TLS12_PORT" "api.$SVC_DOMAIN" http/1.1
}

run_ssh() {
  svc_ssh_opts
  client ssh "${SSH_OPTS[@]}" "root@$LAB_SRV4" 'uname -s; echo lab-login-ok'
}

run_failures() {
  client curl -sS --max-time 5 "http://$LAB_SRV4:81/"
  client bash -c "echo probe > /dev/udp/$LAB_SRV4/9"
  client curl -sS --connect-timeout 2 "http://$LAB_SILENT4/"
}

main() {
  lab_require_root
  lab_install_traps
  lab_install_missing
  lab_make_workdir
  mkdir -p "$(dirname -- "$OUT")"

  lab_log "setting up namespaces $LAB_NS_S and $LAB_NS_C"
  lab_setup_network
  svc_make_content
  svc_make_keys
  svc_start_all

  local tmp=$LAB_WORK/sample.pcap
  cap_start "$tmp"
  sleep 0.5
  run_icmp; run_dns; run_http; run_tls; run_ssh; run_failures
  sleep 1 # the last retransmissions and FINs
  cap_stop

  mv -f -- "$tmp" "$OUT"
  LAB_SUCCESS=1
  lab_log "wrote $OUT ($(stat -c %s "$OUT") bytes; tcpdump: $CAP_STATS)"
}

main "$@"
