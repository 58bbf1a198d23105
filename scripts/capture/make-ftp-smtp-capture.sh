#!/usr/bin/env bash
# make-ftp-smtp-capture.sh - record the FTP and SMTP capture of real traffic.
#
# Real FTP and SMTP clients in one network namespace talk to real servers in another over a
# veth pair (see lib/lab.sh); tcpdump records the client end. The files served, uploaded and
# attached, and the plain message, come from test/fixtures/ftp-smtp/content/, so the tests
# can hash the same bytes. Exchanges run one after another with short pauses, so each
# connection stands alone; a rerun yields the same flows, commands and replies, while
# timestamps, client and passive ports, sequence numbers, certificates and keys differ.
#
# Servers (server namespace, 10.87.0.1):
#   FTP   tcp/21  scripts/capture/ftp-server.py: pyftpdlib, plain FTP and AUTH TLS on one
#                 port, user alice/wonderland (read, upload) and anonymous (read only),
#                 passive data ports 50000 upwards, each used once
#   SMTP  tcp/25  scripts/capture/smtp-server.py: aiosmtpd as mail.lab.test, STARTTLS
#                 offered, nobody@lab.test refused with 550
#
# Traffic, in order (client 10.87.0.2):
#   FTP   curl: alice, EPSV, RETR /pub/readme.txt
#         curl: anonymous, PASV, RETR /pub/readme.txt
#         curl: alice, active EPRT, RETR /pub/image.png
#         curl: alice, active PORT, RETR /pub/readme.txt
#         curl: alice, EPSV, STOR /incoming/upload.txt
#         curl: alice with a wrong password (530)
#         curl: alice, EPSV, RETR /pub/missing.txt (550, no SIZE before it)
#         curl: alice, EPSV, LIST /pub/
#         lftp: AUTH TLS (explicit FTPS, no SNI), alice, protected RETR /pub/readme.txt
#   SMTP  curl: plain message plain-mail.eml, To and Cc headers, three recipients
#         swaks: multipart message with notes.txt (text/plain) and image.png (image/png)
#         swaks: STARTTLS with SNI mail.lab.test, then a message inside TLS
#         swaks: two recipients, nobody@lab.test refused (550), the message goes to the other
#
# Needs root (namespaces, tcpdump) on Debian 12; absent tools are installed with apt-get
# (iproute2 ethtool tcpdump curl openssl python3 python3-pyftpdlib python3-openssl
# python3-aiosmtpd swaks libio-socket-ssl-perl lftp procps coreutils).
# Nothing touches the host's network: the namespaces have no route out.
#
# Usage: make-ftp-smtp-capture.sh [OUTPUT]   (default: test/fixtures/ftp-smtp/ftp-smtp.pcap)

set -Eeuo pipefail
umask 022

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd -- "$HERE/../.." && pwd)
CONTENT=$REPO/test/fixtures/ftp-smtp/content
OUT=${1:-$REPO/test/fixtures/ftp-smtp/ftp-smtp.pcap}
PAUSE=0.3 # seconds between exchanges, so connections do not overlap
FTP_PORT=21
SMTP_PORT=25
FTP_USER=alice:wonderland # the named user of ftp-server.py

source "$HERE/lib/lab.sh"
source "$HERE/lib/services.sh"
source "$HERE/lib/capture.sh"

LAB_PACKAGES=(
  "iproute2:ip" "ethtool:ethtool" "tcpdump:tcpdump" "curl:curl" "openssl:openssl"
  "python3:/usr/bin/python3" "procps:pkill" "coreutils:timeout" "swaks:swaks" "lftp:lftp"
  "python3-pyftpdlib:/usr/lib/python3/dist-packages/pyftpdlib/__init__.py"
  "python3-openssl:/usr/lib/python3/dist-packages/OpenSSL/__init__.py"
  "python3-aiosmtpd:/usr/lib/python3/dist-packages/aiosmtpd/__init__.py"
  "libio-socket-ssl-perl:/usr/share/perl5/IO/Socket/SSL.pm"
)

# Runs one client command in the client namespace. A non-zero exit is logged, not fatal:
# the refused login, the missing file and the refused recipient make some clients fail.
client() {
  lab_ns_c timeout 20 "$@" > /dev/null 2>> "$LAB_WORK/log/clients.err" < /dev/null \
    || lab_log "client exited non-zero: $*"
  sleep "$PAUSE"
}

make_content() {
  local ftp=$LAB_WORK/ftp
  mkdir -p "$ftp/pub" "$ftp/incoming" "$LAB_WORK/spool"
  cp -- "$CONTENT/readme.txt" "$CONTENT/image.png" "$ftp/pub/"
  chmod -R a+rX "$ftp"
}

# One certificate per server name, so ssl.log and x509.log tell the two services apart.
make_keys() {
  local k=$LAB_WORK/keys name
  for name in ftp mail; do
    openssl req -x509 -nodes -days 30 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
      -subj "/CN=$name.$SVC_DOMAIN/O=wirelog lab" -addext "subjectAltName=DNS:$name.$SVC_DOMAIN" \
      -keyout "$k/$name.key" -out "$k/$name.crt" 2>/dev/null
  done
}

start_servers() {
  local k=$LAB_WORK/keys
  svc_start ftp /usr/bin/python3 "$HERE/ftp-server.py" "$LAB_SRV4" "$FTP_PORT" "$LAB_WORK/ftp" \
    "$k/ftp.crt" "$k/ftp.key"
  svc_start smtp /usr/bin/python3 "$HERE/smtp-server.py" "$LAB_SRV4" "$SMTP_PORT" \
    "$k/mail.crt" "$k/mail.key" "$LAB_WORK/spool"
  lab_wait_listen t "$LAB_SRV4" "$FTP_PORT"
  lab_wait_listen t "$LAB_SRV4" "$SMTP_PORT"
}

run_ftp() {
  local url=ftp://$LAB_SRV4 curl=(curl -sS --max-time 10 -o /dev/null)
  client "${curl[@]}" -u "$FTP_USER" "$url/pub/readme.txt"
  client "${curl[@]}" --disable-epsv -u anonymous:guest@lab.test "$url/pub/readme.txt"
  client "${curl[@]}" -P - -u "$FTP_USER" "$url/pub/image.png"
  client "${curl[@]}" -P - --disable-eprt -u "$FTP_USER" "$url/pub/readme.txt"
  client "${curl[@]}" -u "$FTP_USER" -T "$CONTENT/upload.txt" "$url/incoming/upload.txt"
  client "${curl[@]}" -u alice:not-the-password "$url/pub/readme.txt"
  # Without SIZE first, so the 550 answers RETR, a command ftp.log keeps.
  client "${curl[@]}" --ignore-content-length -u "$FTP_USER" "$url/pub/missing.txt"
  client "${curl[@]}" -u "$FTP_USER" "$url/pub/"
  client lftp -c "set ftp:ssl-force true; set ftp:ssl-protect-data true;
    set ssl:verify-certificate false; set net:max-retries 1;
    open -u ${FTP_USER/:/,} $LAB_SRV4; get /pub/readme.txt -o $LAB_WORK/ftps-readme.txt"
}

run_smtp() {
  local swaks=(swaks --server "$LAB_SRV4" --port "$SMTP_PORT" --helo client.lab.test
    --from alice@lab.test --h-X-Mailer 'swaks (wirelog lab)')
  client curl -sS --max-time 10 --crlf "smtp://$LAB_SRV4/client.lab.test" \
    --mail-from alice@lab.test --mail-rcpt bob@lab.test --mail-rcpt carol@lab.test \
    --mail-rcpt dave@lab.test -T "$CONTENT/plain-mail.eml"
  client "${swaks[@]}" --to bob@lab.test --h-Subject 'Two attachments' \
    --body 'The notes and a picture are attached.' \
    --attach-type text/plain --attach "@$CONTENT/notes.txt" \
    --attach-type image/png --attach "@$CONTENT/image.png"
  client "${swaks[@]}" --to carol@lab.test -tls --tls-sni "mail.$SVC_DOMAIN" \
    --h-Subject 'Sent over STARTTLS' --body 'This message travelled inside TLS.'
  client "${swaks[@]}" --to bob@lab.test,nobody@lab.test --h-Subject 'One recipient refused' \
    --body 'nobody@lab.test does not exist on this server.'
}

main() {
  lab_require_root
  lab_install_traps
  lab_install_missing
  lab_make_workdir
  mkdir -p "$(dirname -- "$OUT")"

  lab_log "setting up namespaces $LAB_NS_S and $LAB_NS_C"
  lab_setup_network
  make_content
  make_keys
  start_servers

  local tmp=$LAB_WORK/ftp-smtp.pcap
  cap_start "$tmp"
  sleep 0.5
  run_ftp
  run_smtp
  sleep 1 # the last FINs
  cap_stop

  cmp -s "$CONTENT/upload.txt" "$LAB_WORK/ftp/incoming/upload.txt" \
    || lab_die "the STOR upload did not arrive intact"
  cmp -s "$CONTENT/readme.txt" "$LAB_WORK/ftps-readme.txt" \
    || lab_die "the FTPS download did not arrive intact"
  (( $(ls "$LAB_WORK/spool" | wc -l) == 4 )) || lab_die "the SMTP server did not get 4 messages"
  mv -f -- "$tmp" "$OUT"
  LAB_SUCCESS=1
  lab_log "wrote $OUT ($(stat -c %s "$OUT") bytes; tcpdump: $CAP_STATS)"
}

main "$@"
