#!/bin/sh
# hostapd on an ssh host, for real (inside the VM, as root): an AP host made by
# tests/lib/aphost.sh (OpenSSH's sshd in its own namespace, a veth to us) with an
# rt2800-profile radio and a station radio, a local rt2800 radio for the same AP run
# locally, and a local station radio. test_live_ssh_daemons drives them: the same
# no_bip_cipher diagnosis as locally, a wrong passphrase, a psk2 association seen from
# both ends, a station on the AP host, the preflight, a host key that is checked; after
# it, nothing of wbench is left on the AP host.
. tests/lib/lib.sh
. tests/lib/aphost.sh
need_hwsim

RAP=wbt-rap      # the AP host's radio (rt2800 hardware cipher set)
LAP=wbt-lap      # the same radio model here, in namespace wbt-lap
STA=wbt-rsta     # the station's radio, in namespace wbt-rsta
RSTA=wbt-hsta    # a station radio on the AP host

cleanup() {
    for r in $RAP $LAP $STA $RSTA; do "$WB" sim radio del "$r" >/dev/null 2>&1; done
    for n in $LAP $STA; do ip netns del "$n" 2>/dev/null; done
    [ -z "$APHOST_NS" ] || aphost_down ap 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if aphost_up ap 10.77.1; then ok "aphost: sshd answers in namespace $APHOST_NS"; else
    not_ok "aphost: sshd in a namespace"; t_done
fi
expect_exit "aphost: rt2800 radio in the AP host" 0 \
    "$WB" sim radio add $RAP --profile rt2800 --netns "$APHOST_NS" --ifname ap0
expect_exit "local rt2800 radio" 0 "$WB" sim radio add $LAP --profile rt2800 --netns $LAP --ifname ap0
expect_exit "local station radio" 0 "$WB" sim radio add $STA --netns $STA --ifname sta0
expect_exit "aphost: a station radio there too" 0 \
    "$WB" sim radio add $RSTA --netns "$APHOST_NS" --ifname sta1
OUT=$(aphost_ssh ap 'iw dev' 2>&1)
contains "aphost: the radio is there, seen over ssh" "Interface ap0"

relay_cmocka "$BUILD/tests/test_live_ssh_daemons" WBT_AP_TARGET="$APHOST_TARGET" \
    WBT_AP_KEY="$APHOST_KEY" WBT_AP_KNOWN_HOSTS="$APHOST_KNOWN_HOSTS" WBT_AP_NS="$APHOST_NS" \
    WBT_AP_PHY=$RAP WBT_AP_STA_IF=sta1 WBT_LAP_NS=$LAP WBT_LAP_PHY=$LAP WBT_STA_NS=$STA \
    WBT_STA_IF=sta0

# what the AP host has left: only sshd in its namespace, no wbench directory
OUT=$(for p in $(aphost_pids ap); do cat "/proc/$p/comm"; done | sort -u | tr '\n' ' ')
if [ "$OUT" = "sshd " ]; then ok "aphost: only sshd left in $APHOST_NS"; else
    not_ok "aphost: processes left in $APHOST_NS: $OUT"
fi
OUT=$(ls -d "${TMPDIR:-/tmp}"/wbench-host.* 2>/dev/null)
if [ -z "$OUT" ]; then ok "aphost: no remote directory left"; else
    not_ok "aphost: remote directories left: $OUT"
fi

for r in $RAP $LAP $STA $RSTA; do "$WB" sim radio del "$r" >/dev/null 2>&1; done
if aphost_down ap; then ok "aphost: torn down"; else not_ok "aphost: torn down"; fi
APHOST_NS=
# a second one with a bridge on its side, as for an AP that bridges its LAN
if aphost_up br 10.77.2 bridge; then
    OUT=$(aphost_ssh br 'ip -br addr show br0; ip -br link show master br0' 2>&1)
    contains "aphost: with a bridge, the address is on br0" "10.77.2.2/24"
    contains "aphost: with a bridge, eth0 is its port" "eth0"
else
    not_ok "aphost: with a bridge"
fi
if aphost_down br; then ok "aphost: bridged host torn down"; else not_ok "aphost: bridged host torn down"; fi
OUT=$(ip netns list; ip -br link | grep '^ah'; ls -d "$APHOST_ROOT"/wbench-aphost-* 2>/dev/null)
case $OUT in *wbah-*|*ahap*|*ahbr*|*wbench-aphost*) not_ok "aphost: leftovers: $OUT" ;;
    *) ok "aphost: nothing left (namespaces, veths, directories)" ;; esac
t_done
