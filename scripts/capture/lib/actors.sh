# actors.sh - client loops for the benchmark capture.
#
# Sourced by make-bench-capture.sh. Each actor is a bash loop run in the client namespace in
# its own process group; it repeats one kind of exchange until the stop file exists. The
# sequence of requests depends only on the iteration number, so reruns make the same mix.
# Actors are written out as scripts because they run under `ip netns exec`, which cannot
# call a function of this shell.

ACT_BULK_RATE=${ACT_BULK_RATE:-2M}  # curl --limit-rate of bulk transfers: keeps bulk a share
ACT_BULK_MB=(4 16)                  # bulk file sizes in MB, served from /bulk/
ACT_DNS_BATCH=240                   # queries per dig process
declare -a ACT_PIDS=()

# The common head of every actor script: where things are and the loop guard.
act_head() {
  cat <<HEAD
set -u
SRV4=$LAB_SRV4; SRV6=$LAB_SRV6; SILENT4=$LAB_SILENT4; D=$SVC_DOMAIN
WORK=$LAB_WORK; STOP=$LAB_WORK/stop
CURL=(curl -sS --max-time 60 -o /dev/null)
SSH=(ssh $(printf '%q ' "${SSH_OPTS[@]}"))
i=0
HEAD
}

# One list of query lines for `dig -f`: every type the server holds, and misses.
act_write_dns_batch() {
  local names=("www.$SVC_DOMAIN A" "www.$SVC_DOMAIN AAAA" "mail.$SVC_DOMAIN A"
    "$SVC_DOMAIN MX" "$SVC_DOMAIN TXT" "_note.$SVC_DOMAIN TXT" "api.$SVC_DOMAIN A"
    "ssh.$SVC_DOMAIN AAAA" "_http._tcp.$SVC_DOMAIN SRV" "v6only.$SVC_DOMAIN AAAA"
    "1.0.87.10.in-addr.arpa PTR" "nosuchhost.$SVC_DOMAIN A" "gone.$SVC_DOMAIN AAAA")
  local n
  for ((n = 0; n < ACT_DNS_BATCH; n++)); do
    printf '%s\n' "${names[n % ${#names[@]}]}"
  done > "$LAB_WORK/dns.batch"
  head -n 20 "$LAB_WORK/dns.batch" > "$LAB_WORK/dns-tcp.batch"
}

act_write_http_keepalive() {
  act_head
  cat <<'BODY'
paths=(/index.html /css/site.css /img/logo.png /page.html /api/status.json /img/photo.jpg
  /missing.html /css/site.css /img/logo.png /index.html)
while [[ ! -e $STOP ]]; do
  host=$SRV4; port=80
  (( i % 5 == 4 )) && host="[$SRV6]" && port=8080
  urls=()
  for ((k = 0; k < 40; k++)); do urls+=("http://$host:$port${paths[(i + k) % 10]}"); done
  "${CURL[@]}" -g "${urls[@]}" 2>/dev/null
  "${CURL[@]}" -H 'Content-Type: application/json' -H 'Expect:' \
    --data-binary "{\"iteration\":$i}" "http://$SRV4/api/items" 2>/dev/null
  i=$((i + 1))
done
BODY
}

# One connection per request: many short connections for the connection table.
act_write_http_close() {
  act_head
  cat <<'BODY'
paths=(/index.html /api/status.json /css/site.css /missing.html /img/logo.png)
while [[ ! -e $STOP ]]; do
  urls=()
  for ((k = 0; k < 20; k++)); do urls+=("http://$SRV4:8080${paths[(i + k) % 5]}"); done
  "${CURL[@]}" -H 'Connection: close' "${urls[@]}" 2>/dev/null
  i=$((i + 1))
done
BODY
}

act_write_dns() {
  act_head
  cat <<'BODY'
while [[ ! -e $STOP ]]; do
  server=$SRV4
  (( i % 4 == 3 )) && server=$SRV6
  dig +tries=1 +time=1 @"$server" -f "$WORK/dns.batch" > /dev/null 2>&1
  (( i % 5 == 0 )) && dig +tcp +tries=1 +time=1 @"$SRV4" -f "$WORK/dns-tcp.batch" > /dev/null 2>&1
  i=$((i + 1))
done
BODY
}

act_write_bulk() {
  act_head
  printf 'RATE=%s; SIZES=(%s)\n' "$ACT_BULK_RATE" "${ACT_BULK_MB[*]}"
  cat <<'BODY'
while [[ ! -e $STOP ]]; do
  mb=${SIZES[i % ${#SIZES[@]}]}
  case $(( i % 4 )) in
    0|1) "${CURL[@]}" --limit-rate "$RATE" "http://$SRV4:8000/bulk/data$mb.bin" 2>/dev/null ;;
    2) "${CURL[@]}" --limit-rate "$RATE" -H 'Expect:' --data-binary "@$WORK/www/bulk/data4.bin" \
         "http://$SRV4:8000/upload" 2>/dev/null ;;
    3) timeout 60 "${SSH[@]}" "root@$SRV4" "cat $WORK/www/bulk/data4.bin" > /dev/null 2>&1 ;;
  esac
  i=$((i + 1))
done
BODY
}

act_write_tls() {
  act_head
  cat <<'BODY'
while [[ ! -e $STOP ]]; do
  case $(( i % 3 )) in
    0) printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -quiet \
         -connect "$SRV4:443" -servername "www.$D" -alpn http/1.1 > /dev/null 2>&1 ;;
    1) printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -quiet \
         -connect "[$SRV6]:443" -servername "www.$D" -alpn http/1.1 > /dev/null 2>&1 ;;
    2) urls=(); for k in 1 2 3 4 5; do urls+=("https://api.$D:8443/"); done
       "${CURL[@]}" -k --http1.1 --resolve "api.$D:8443:$SRV4" "${urls[@]}" 2>/dev/null ;;
  esac
  i=$((i + 1))
done
BODY
}

act_write_ssh() {
  act_head
  cat <<'BODY'
while [[ ! -e $STOP ]]; do
  host=$SRV4
  (( i % 4 == 3 )) && host=$SRV6
  timeout 20 "${SSH[@]}" "root@$host" "echo lab-login $i; uname -s" > /dev/null 2>&1
  i=$((i + 1))
done
BODY
}

# ICMP, refused and unanswered connections, a closed UDP port: a little of each, paced.
act_write_misc() {
  act_head
  cat <<'BODY'
while [[ ! -e $STOP ]]; do
  ping -n -q -c 3 -i 0.2 "$SRV4" > /dev/null 2>&1
  ping -6 -n -q -c 2 -i 0.2 "$SRV6" > /dev/null 2>&1
  curl -sS --max-time 2 "http://$SRV4:$(( 1000 + i % 50 ))/" > /dev/null 2>&1
  (( i % 3 == 0 )) && curl -sS --connect-timeout 1 "http://$SILENT4:$(( 80 + i % 3 ))/" \
    > /dev/null 2>&1
  echo "probe $i" > "/dev/udp/$SRV4/$(( 2000 + i % 20 ))"
  sleep 0.5
  i=$((i + 1))
done
BODY
}

# act_start NAME COUNT : writes the actor script and starts COUNT copies of it.
act_start() {
  local name=$1 count=$2 n script=$LAB_WORK/actor-$1.sh
  "act_write_${name//-/_}" > "$script"
  for ((n = 0; n < count; n++)); do
    setsid ip netns exec "$LAB_NS_C" bash "$script" < /dev/null > /dev/null 2>&1 &
    ACT_PIDS+=($!)
    LAB_PIDS+=($!)
  done
}

# Asks every actor to stop after its current exchange; after GRACE seconds the rest of each
# actor's process group (its own session, started above) is terminated.
act_stop_all() {
  local grace=$1 deadline=$((SECONDS + $1)) pid
  : > "$LAB_WORK/stop"
  for pid in "${ACT_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    kill -TERM -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
