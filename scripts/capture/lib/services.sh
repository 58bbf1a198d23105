# services.sh - the real servers of a capture lab, and the content and keys they serve.
#
# Sourced after lab.sh. Every server runs in the server namespace, binds only the lab's
# addresses (or the wildcard of that namespace, which holds no other interface), keeps its
# files in the work directory, and is stopped by lab_cleanup.
#
#   HTTP  tcp/80, 8080, 8000   scripts/capture/http-server.py (HTTP/1.1, GET/HEAD/POST)
#   DNS   udp+tcp/53           dnsmasq, authoritative for lab.test only (no upstream)
#   TLS   tcp/443              openssl s_server, TLS 1.3, ALPN h2/http1.1, ECDSA cert
#   TLS   tcp/8443             openssl s_server, TLS 1.2 only (certificate visible), RSA cert
#   SSH   tcp/22               OpenSSH sshd, public-key login only, generated host key

SVC_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
SVC_DOMAIN=lab.test
# 8000 carries only the bulk transfers of the benchmark, so they can be told apart.
SVC_HTTP_PORTS=(80 8080 8000)
SVC_TLS13_PORT=443
SVC_TLS12_PORT=8443
SVC_SSH_PORT=22
SVC_KEY_HEX=776972656c6f672d6c61622d636f6e74 # fixed key of the content generator: same files on every run

# prand BYTES STREAM : deterministic incompressible bytes (AES-CTR over zeros).
svc_prand() {
  head -c "$1" /dev/zero \
    | openssl enc -aes-128-ctr -nosalt -K "$SVC_KEY_HEX" -iv "$(printf '%032x' "$2")"
}

# textfile PATH LINES : deterministic text, compressible like real pages.
svc_textfile() {
  awk -v n="$2" -v name="${1##*/}" 'BEGIN {
    for (i = 1; i <= n; i++) printf "<p>%s line %05d: the quick brown fox</p>\n", name, i
  }' > "$1"
}

# Makes the served tree. BULK_MB lists sizes (in MB) of large binary files to add.
svc_make_content() {
  local www=$LAB_WORK/www m
  mkdir -p "$www"/{css,img,api,bulk}
  { echo '<!doctype html><html><head><title>lab</title></head><body>'
    svc_textfile /dev/stdout 20; echo '</body></html>'; } > "$www/index.html"
  svc_textfile "$www/page.html" 120
  svc_textfile "$www/css/site.css" 40
  printf '{"status":"ok","items":[1,2,3]}\n' > "$www/api/status.json"
  svc_prand 6000 1 > "$www/img/logo.png"
  svc_prand 24000 2 > "$www/img/photo.jpg"
  for m in "$@"; do svc_prand $(( m * 1048576 )) $(( 100 + m )) > "$www/bulk/data$m.bin"; done
  chmod -R a+rX "$www"
}

svc_make_keys() {
  local k=$LAB_WORK/keys
  openssl req -x509 -nodes -days 30 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -subj "/CN=www.$SVC_DOMAIN/O=wirelog lab" -addext "subjectAltName=DNS:www.$SVC_DOMAIN" \
    -keyout "$k/tls13.key" -out "$k/tls13.crt" 2>/dev/null
  openssl req -x509 -nodes -days 30 -newkey rsa:2048 \
    -subj "/CN=api.$SVC_DOMAIN/O=wirelog lab" -addext "subjectAltName=DNS:api.$SVC_DOMAIN" \
    -keyout "$k/tls12.key" -out "$k/tls12.crt" 2>/dev/null
  ssh-keygen -q -t ed25519 -N '' -C lab-host -f "$k/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C lab-client -f "$k/client"
  printf 'restrict %s\n' "$(cat "$k/client.pub")" > "$k/authorized_keys"
}

# svc_start NAME COMMAND... : runs in the server namespace. `ip netns exec` is started
# directly (not through a shell function) so the remembered PID is the server itself.
svc_start() {
  local name=$1; shift
  ip netns exec "$LAB_NS_S" "$@" > "$LAB_WORK/log/$name.log" 2>&1 &
  LAB_PIDS+=($!)
}

svc_start_http() {
  local port
  for port in "${SVC_HTTP_PORTS[@]}"; do
    svc_start "http$port" /usr/bin/python3 "$SVC_DIR/http-server.py" "$LAB_WORK/www" "$port"
    lab_wait_listen t "" "$port"
  done
}

svc_start_dns() {
  local d=$SVC_DOMAIN
  svc_start dns dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts \
    --bind-interfaces --listen-address="$LAB_SRV4" --listen-address="$LAB_SRV6" \
    --pid-file="$LAB_WORK/run/dnsmasq.pid" --local="/$d/" --domain-needed \
    --host-record="www.$d,$LAB_SRV4,$LAB_SRV6" --host-record="mail.$d,$LAB_SRV4" \
    --host-record="api.$d,$LAB_SRV4" --host-record="ssh.$d,$LAB_SRV4,$LAB_SRV6" \
    --host-record="v6only.$d,$LAB_SRV6" --mx-host="$d,mail.$d,10" \
    --txt-record="$d,v=spf1 mx -all" --txt-record="_note.$d,captured in a lab" \
    --srv-host="_http._tcp.$d,www.$d,80"
  lab_wait_listen u "$LAB_SRV4" 53
  lab_wait_listen t "$LAB_SRV4" 53
}

svc_start_tls() {
  local k=$LAB_WORK/keys
  svc_start tls13 openssl s_server -quiet -www -accept "$SVC_TLS13_PORT" -tls1_3 \
    -cert "$k/tls13.crt" -key "$k/tls13.key" -alpn h2,http/1.1
  svc_start tls12 openssl s_server -quiet -www -accept "$SVC_TLS12_PORT" -tls1_2 \
    -cert "$k/tls12.crt" -key "$k/tls12.key"
  lab_wait_listen t "" "$SVC_TLS13_PORT"
  lab_wait_listen t "" "$SVC_TLS12_PORT"
}

svc_write_sshd_config() {
  local k=$LAB_WORK/keys
  cat > "$LAB_WORK/sshd_config" <<CONF
Port $SVC_SSH_PORT
ListenAddress $LAB_SRV4
ListenAddress $LAB_SRV6
HostKey $k/ssh_host_ed25519_key
PidFile $LAB_WORK/run/sshd.pid
AuthorizedKeysFile $k/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 100:30:200
LogLevel ERROR
CONF
}

svc_start_ssh() {
  if [[ ! -d /run/sshd ]]; then # sshd's privilege-separation directory
    mkdir -m 755 /run/sshd
    LAB_CREATED_RUN_SSHD=1
  fi
  svc_write_sshd_config
  svc_start sshd /usr/sbin/sshd -D -e -f "$LAB_WORK/sshd_config"
  lab_wait_listen t "$LAB_SRV4" "$SVC_SSH_PORT"
}

svc_start_all() {
  svc_start_http
  svc_start_dns
  svc_start_tls
  svc_start_ssh
}

# ssh options for the lab client: generated key only, no host key store, no config files.
svc_ssh_opts() {
  SSH_OPTS=(-F /dev/null -i "$LAB_WORK/keys/client" -o BatchMode=yes -o IdentitiesOnly=yes
    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
    -o ConnectTimeout=5)
}
