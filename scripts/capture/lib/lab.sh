# lab.sh - a private two-namespace network for capturing real traffic.
#
# Sourced by the capture scripts. It creates a server namespace and a client namespace
# joined by one veth pair, with no other interface, so nothing sent inside can reach the
# host's networks. Names carry the PID of the calling script, and everything created here
# (namespaces, processes, work directory, the privilege-separation directory of sshd) is
# removed by lab_cleanup, which the caller installs as its EXIT trap.
#
# Addresses (private and unique-local ranges, only ever present inside the namespaces):
#   server  10.87.0.1/24  fd87::1/64
#   client  10.87.0.2/24  fd87::2/64
#   silent  10.87.0.99    a neighbour entry for a MAC nobody owns, so SYNs to it go
#                         unanswered on the wire (conn_state S0) without any firewall.

LAB_TAG=$$
LAB_NS_S=wls$LAB_TAG
LAB_NS_C=wlc$LAB_TAG
LAB_IF_S=wvs$LAB_TAG
LAB_IF_C=wvc$LAB_TAG
LAB_SRV4=10.87.0.1
LAB_CLI4=10.87.0.2
LAB_SILENT4=10.87.0.99
LAB_SILENT_MAC=02:00:5e:87:00:99
LAB_SRV6=fd87::1
LAB_CLI6=fd87::2
LAB_MTU=1500
LAB_WORK=""
LAB_CREATED_RUN_SSHD=0
LAB_CREATED_POLICY=0
LAB_SUCCESS=0
declare -a LAB_PIDS=()

# Debian packages the scripts need, and a command each one provides (or, for a library, an
# absolute path of a file it installs).
LAB_PACKAGES=(
  "iproute2:ip" "ethtool:ethtool" "tcpdump:tcpdump" "dnsmasq-base:dnsmasq"
  "bind9-dnsutils:dig" "openssh-server:/usr/sbin/sshd" "openssh-client:ssh"
  "curl:curl" "openssl:openssl" "iputils-ping:ping" "python3:/usr/bin/python3"
  "procps:pkill" "coreutils:timeout" "time:/usr/bin/time"
)

lab_log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
lab_die() { lab_log "ERROR: $*"; exit 1; }

# Installs only the packages whose command is absent. A temporary policy-rc.d keeps
# newly installed daemons (sshd) from starting on the host during installation.
lab_install_missing() {
  local entry pkg cmd missing=()
  for entry in "${LAB_PACKAGES[@]}"; do
    pkg=${entry%%:*}; cmd=${entry#*:}
    command -v "$cmd" >/dev/null 2>&1 || [[ $cmd == /* && -e $cmd ]] || missing+=("$pkg")
  done
  (( ${#missing[@]} )) || return 0

  lab_log "installing missing packages: ${missing[*]}"
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    LAB_CREATED_POLICY=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null || lab_die "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || lab_die "apt-get install failed"
  lab_remove_policy
}

lab_remove_policy() {
  (( LAB_CREATED_POLICY )) || return 0
  rm -f /usr/sbin/policy-rc.d
  LAB_CREATED_POLICY=0
}

lab_require_root() {
  (( EUID == 0 )) || lab_die "must run as root (network namespaces, tcpdump, sshd)"
}

# Sends TERM, waits up to 3 s, then KILL; only ever called with PIDs this script started.
lab_kill_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# EXIT trap: stops what was started, in reverse order, then removes namespaces and files.
lab_cleanup() {
  local rc=$? i ns pid
  trap - EXIT INT TERM ERR
  set +e
  for ((i = ${#LAB_PIDS[@]} - 1; i >= 0; i--)); do lab_kill_pid "${LAB_PIDS[i]}"; done
  for ns in "$LAB_NS_C" "$LAB_NS_S"; do
    ip netns list 2>/dev/null | grep -qw "^$ns" || continue
    # Every process left in our own namespaces was started by this script.
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    sleep 0.2
    ip netns del "$ns" 2>/dev/null
  done
  ip link del "$LAB_IF_C" 2>/dev/null
  (( LAB_CREATED_RUN_SSHD )) && rmdir /run/sshd 2>/dev/null
  lab_remove_policy
  [[ -n $LAB_WORK && -d $LAB_WORK ]] && rm -rf -- "$LAB_WORK"
  (( LAB_SUCCESS )) || lab_log "FAILED (exit $rc); everything created has been removed"
  exit "$rc"
}

lab_install_traps() {
  trap lab_cleanup EXIT
  trap 'lab_log "failed at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND"' ERR
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

lab_make_workdir() {
  LAB_WORK=$(mktemp -d /tmp/wirelog-capture.XXXXXX)
  chmod 755 "$LAB_WORK"
  mkdir -p "$LAB_WORK"/{www,keys,log,run}
  chmod 700 "$LAB_WORK/keys"
}

lab_ns_s() { ip netns exec "$LAB_NS_S" "$@"; }
lab_ns_c() { ip netns exec "$LAB_NS_C" "$@"; }

# Per-namespace IPv6 settings: no duplicate address detection (addresses usable at once)
# and no router solicitations, so the capture holds only the traffic the script makes.
lab_quiet_ipv6() {
  local ns=$1 ifname=$2 key
  for key in accept_dad router_solicitations; do
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifname.$key=0" >/dev/null
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.default.$key=0" >/dev/null
  done
}

# Offloads off on both ends: frames on the capture are wire-sized (no 64 KB super-segments)
# and carry real checksums rather than the partial ones of checksum offload.
lab_offloads_off() {
  ip netns exec "$1" ethtool -K "$2" tx off rx off tso off gso off gro off >/dev/null 2>&1 \
    || lab_die "ethtool could not turn offloads off on $2"
}

lab_setup_network() {
  ip netns add "$LAB_NS_S"
  ip netns add "$LAB_NS_C"
  ip link add "$LAB_IF_C" mtu "$LAB_MTU" type veth peer name "$LAB_IF_S" mtu "$LAB_MTU"
  ip link set "$LAB_IF_S" netns "$LAB_NS_S"
  ip link set "$LAB_IF_C" netns "$LAB_NS_C"

  lab_configure_end "$LAB_NS_S" "$LAB_IF_S" "$LAB_SRV4" "$LAB_SRV6"
  lab_configure_end "$LAB_NS_C" "$LAB_IF_C" "$LAB_CLI4" "$LAB_CLI6"

  lab_ns_c ip neigh replace "$LAB_SILENT4" lladdr "$LAB_SILENT_MAC" nud permanent \
    dev "$LAB_IF_C"
}

lab_configure_end() {
  local ns=$1 ifname=$2 addr4=$3 addr6=$4
  ip netns exec "$ns" ip link set lo up
  lab_quiet_ipv6 "$ns" "$ifname"
  lab_offloads_off "$ns" "$ifname"
  ip netns exec "$ns" ip addr add "$addr4/24" dev "$ifname"
  ip netns exec "$ns" ip addr add "$addr6/64" dev "$ifname" nodad
  ip netns exec "$ns" ip link set "$ifname" up
}

# wait_listen PROTO(t|u) ADDR PORT : waits until a server socket is bound in the server ns.
lab_wait_listen() {
  local proto=$1 addr=$2 port=$3 i
  for ((i = 0; i < 100; i++)); do
    lab_ns_s ss -Hln"$proto" "sport = :$port" 2>/dev/null | grep -qF "$addr" && return 0
    sleep 0.1
  done
  tail -n 5 "$LAB_WORK"/log/* >&2 2>/dev/null
  lab_die "no server came up on $proto $addr:$port"
}
