#!/bin/sh
# pmf-capture and pmf-inject argument and environment errors on the host (the live
# paths run in the VM: tests/vm/t_live_pmf.sh).
. tests/lib/lib.sh

expect_exit "pmf-capture without -i: exit 2" 2 "$WB" pmf-capture --seconds 1
expect_exit "pmf-capture bad --snaplen: exit 2" 2 "$WB" pmf-capture -i lo --snaplen 3
expect_exit "pmf-capture missing interface: exit 3" 3 "$WB" pmf-capture -i wbnosuch0 --seconds 1
contains "pmf-capture missing interface: names it" "wbnosuch0"
if [ "$(id -u)" = 0 ] && ip link show lo >/dev/null 2>&1; then
    # lo is Ethernet-framed: not a radiotap sniffer.
    expect_exit "pmf-capture on a non-radiotap interface: exit 3" 3 \
        "$WB" pmf-capture -i lo --seconds 1
    contains "pmf-capture on a non-radiotap interface: says why" "expected 127 (radiotap)"
else
    ok "pmf-capture on a non-radiotap interface # SKIP needs root"
fi
expect_exit "pmf-inject without --sta: exit 2" 2 "$WB" pmf-inject -i lo --bssid 02:00:00:00:00:00
expect_exit "pmf-inject bad --reason: exit 2" 2 \
    "$WB" pmf-inject -i lo --bssid 02:00:00:00:00:00 --sta 02:00:00:00:01:00 --reason 0
expect_exit "pmf-inject missing interface: exit 3" 3 \
    "$WB" pmf-inject -i wbnosuch0 --bssid 02:00:00:00:00:00 --sta 02:00:00:00:01:00
t_done
