#!/usr/bin/env bash
# Sets wirelog up on a Debian 12 machine with Node 20: the system packages it builds and tests
# against (only those missing, with sudo when not run as root), the npm packages, and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libpcap-dev build-essential python3 tcpdump iproute2)
need=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "setup: missing system packages (${need[*]}); run as root or install them first" >&2
      exit 1
    fi
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# cap (live capture) compiles against libpcap with node-gyp. Point node-gyp at the installed
# Node's own headers, so it does not try to download them.
node_prefix=$(node -p 'require("path").dirname(require("path").dirname(process.execPath))')
if [ -z "${npm_config_nodedir:-}" ] && [ -f "$node_prefix/include/node/node.h" ]; then
  export npm_config_nodedir="$node_prefix"
fi

npm ci --no-audit --no-fund
npm run build
