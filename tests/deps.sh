#!/bin/sh
# Installs the Debian packages wbench needs, only those missing, only as root.
# Used by `make deps` (and so by `make run` and `make check`).
set -eu

PKGS="build-essential pkg-config
libnl-3-dev libnl-genl-3-dev libnl-route-3-dev libpcap-dev libjansson-dev
libiperf-dev libcmocka-dev libssl-dev clang libclang-rt-14-dev
qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils
hostapd wpasupplicant iperf3 iputils-ping iw iproute2 procps tcpdump tshark python3-jsonschema jq
openssh-client openssh-server dropbear-bin
gnuplot-nox chromium chromium-driver python3-selenium fonts-dejavu-core libxml2-utils
groff-base strace"

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: dpkg-query not found; install the equivalents of these Debian packages by hand:" >&2
    echo $PKGS >&2
    exit 0
fi

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = installed ] || missing="$missing $p"
done

if [ -z "$missing" ]; then
    exit 0
fi

if [ "$(id -u)" != 0 ]; then
    echo "deps: missing Debian packages:$missing" >&2
    echo "deps: run 'sudo make deps' (or apt-get install them) and try again" >&2
    exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
echo "deps: done"
