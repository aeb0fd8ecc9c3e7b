#!/bin/sh
# Live PMF checks with real daemons on mac80211_hwsim (runs inside the VM, as root):
# for sae and psk2, wbench pmf-capture records hwsim0 while a station associates and
# disconnects (verdict: sae pass, psk2 n/a; tshark agrees frame by frame), then
# wbench pmf-inject forges unprotected deauths (reasons 7 and 3) from a third radio in
# monitor mode: under sae the station stays connected and starts an SA Query for
# reason 7; under psk2 it disconnects.
. tests/lib/lib.sh

: "${WB:=build/wbench}"
WB=$(cd "$(dirname "$WB")" && pwd)/$(basename "$WB")
PASS=wbench-live-pass
SSID=wbench-live
T=$(mktemp -d /tmp/wbench-live-pmf.XXXXXX)
CAP_PID=
HAPD_PID=

cleanup() {
    [ -n "$CAP_PID" ] && kill "$CAP_PID" 2>/dev/null
    for f in "$T"/*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; done
    for ns in wbpmf-ap wbpmf-sta; do ip netns del "$ns" 2>/dev/null; done
    # Leave the module as tests/vm/run.sh loads it.
    modprobe -r mac80211_hwsim 2>/dev/null
    modprobe mac80211_hwsim radios=0
    rm -rf "$T"
}
trap cleanup EXIT

# wait_for DESC SECONDS CMD...: poll CMD (every 0.2 s) until it succeeds or time is up.
wait_for() {
    desc=$1; n=$(($2 * 5)); shift 2
    while [ "$n" -gt 0 ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.2; n=$((n - 1))
    done
    echo "# timed out waiting for $desc"
    return 1
}

sta_cli() { ip netns exec wbpmf-sta wpa_cli -p "$T/wpas" -i "$STA_IF" "$@"; }
sta_state() { sta_cli status 2>/dev/null | sed -n 's/^wpa_state=//p'; }
connected() { [ "$(sta_state)" = COMPLETED ]; }
disconnected() { [ "$(sta_state)" != COMPLETED ]; }
n_disconnects() { grep -c 'CTRL-EVENT-DISCONNECTED' "$T/wpas.log" 2>/dev/null || true; }

# mac80211 asks for ccm(aes), gcm(aes), cmac(aes) when keys are installed; the kernel's
# module autoloading may not reach a modprobe inside the VM, so load them up front.
modprobe -a ccm gcm cmac ctr ghash_generic 2>/dev/null
# Three radios: AP, station, and the injector (monitor mode, initial namespace).
modprobe -r mac80211_hwsim 2>/dev/null
if ! modprobe mac80211_hwsim radios=3; then
    not_ok "live pmf: load mac80211_hwsim radios=3"
    t_done
fi
ip link set hwsim0 up
set -- $(ls /sys/class/ieee80211 | sort -V)
AP_PHY=$1; STA_PHY=$2; INJ_PHY=$3
ifname_of() { ls "/sys/class/ieee80211/$1/device/net" 2>/dev/null | head -n 1; }
AP_IF=$(ifname_of "$AP_PHY"); STA_IF=$(ifname_of "$STA_PHY"); INJ_IF=$(ifname_of "$INJ_PHY")
AP_MAC=$(cat "/sys/class/net/$AP_IF/address"); STA_MAC=$(cat "/sys/class/net/$STA_IF/address")
ip netns add wbpmf-ap && ip netns add wbpmf-sta
iw phy "$AP_PHY" set netns name wbpmf-ap
iw phy "$STA_PHY" set netns name wbpmf-sta
# The injector's own station interface must not interfere: take it down.
ip link set "$INJ_IF" down
printf '%s\n' "$PASS" > "$T/pass"

# start_capture NAME: pmf-capture on hwsim0 into $T/NAME.{pcap,json}; waits until live.
start_capture() {
    "$WB" pmf-capture -i hwsim0 -w "$T/$1.pcap" --passphrase-file "$T/pass" \
        > "$T/$1.json" 2> "$T/$1.err" &
    CAP_PID=$!
    wait_for "capture $1" 20 grep -q 'capturing on' "$T/$1.err"
}

# stop_capture NAME: SIGINT, wait (the collector drains with a bounded wait), exit code.
stop_capture() {
    kill -INT "$CAP_PID"
    wait "$CAP_PID"; CAP_RC=$?
    CAP_PID=
    OUT=$(cat "$T/$1.json" "$T/$1.err")
}

# run_profile NAME VERDICT "HOSTAPD LINES" "NETWORK LINES" PMF(yes|no) MIC
run_profile() {
    prof=$1; verdict=$2; hapd=$3; net=$4; pmf=$5; mic=$6
    printf 'interface=%s\ndriver=nl80211\nctrl_interface=%s/hapd\nssid=%s\nhw_mode=g\nchannel=1\nwpa=2\nwpa_passphrase=%s\nrsn_pairwise=CCMP\n%s\n' \
        "$AP_IF" "$T" "$SSID" "$PASS" "$hapd" > "$T/hostapd.conf"
    printf 'ctrl_interface=%s/wpas\nnetwork={\n ssid="%s"\n psk="%s"\n scan_freq=2412\n%s\n}\n' \
        "$T" "$SSID" "$PASS" "$net" > "$T/wpas.conf"
    chmod 600 "$T/hostapd.conf" "$T/wpas.conf"

    start_capture "$prof"
    ip netns exec wbpmf-ap hostapd -B -P "$T/hapd.pid" "$T/hostapd.conf" > "$T/hapd.out" 2>&1
    ip netns exec wbpmf-sta wpa_supplicant -B -P "$T/wpas.pid" -i "$STA_IF" -D nl80211 \
        -c "$T/wpas.conf" -d -f "$T/wpas.log"
    if ! wait_for "$prof association" 60 connected; then
        not_ok "live pmf $prof: station associated"
        stop_capture "$prof"
        return
    fi
    ok "live pmf $prof: station associated"
    sta_cli disconnect >/dev/null
    wait_for "$prof disconnect" 20 disconnected
    stop_capture "$prof"
    # SIGINT ends the capture: 128 + 2 by the shell convention, after printing the result
    # (1 would mean a finding).
    if [ "$CAP_RC" = 130 ]; then ok "live pmf $prof: pmf-capture exit $CAP_RC"
    else not_ok "live pmf $prof: pmf-capture exit $CAP_RC"; printf '%s\n' "$OUT" | tail -n 30 | sed 's/^/#   /'; fi
    contains "live pmf $prof: verdict $verdict" "\"verdict\": \"$verdict\""
    contains "live pmf $prof: no capture drops" '"dropped": 0,'
    contains "live pmf $prof: MIC $mic" "\"mic\": \"$mic\""
    [ "$mic" = verified ] && contains "live pmf $prof: no MIC failure" '"mic_failed": 0,'
    if [ "$pmf" = yes ]; then
        contains "live pmf $prof: the disconnect's deauth was protected" '"protected_unicast": 1,'
    fi
    # The saved capture gives the same verdict offline.
    expect_exit "live pmf $prof: pmf-verify on the saved capture" 0 \
        "$WB" pmf-verify --json --passphrase-file "$T/pass" "$T/$prof.pcap"
    contains "live pmf $prof: pmf-verify verdict $verdict" "\"verdict\": \"$verdict\""
    # tshark, an independent dissector, agrees on every frame's protection and MMIE.
    if command -v tshark >/dev/null 2>&1; then
        tshark -r "$T/$prof.pcap" -T fields -e frame.number -e wlan.fc.protected \
            -e wlan.mmie.keyid 2>/dev/null | awk -F'\t' '{ p = ($2 == "1" || $2 == "True");
            print $1 "\t" p "\t" ($3 == "" ? "-" : $3) }' > "$T/$prof.tshark"
        "$WB" pmf-verify --frames "$T/$prof.pcap" | cut -f1-3 > "$T/$prof.wbench"
        check "live pmf $prof: tshark agrees on $(wc -l < "$T/$prof.tshark") frames" \
            cmp -s "$T/$prof.tshark" "$T/$prof.wbench"
    fi

    # Active check: forged unprotected deauths from the injector radio. The capture
    # spans the reassociation: the verifier needs the handshake to know keys exist.
    start_capture "$prof-forged"
    sta_cli reconnect >/dev/null
    if ! wait_for "$prof reassociation" 60 connected; then
        not_ok "live pmf $prof: station reassociated"
        stop_capture "$prof-forged"
    else
        before=$(n_disconnects)
        expect_exit "live pmf $prof: pmf-inject reasons 7 and 3" 0 \
            "$WB" pmf-inject -i wbinj0 --create-on "$INJ_PHY" --remove \
            --bssid "$AP_MAC" --sta "$STA_MAC" --reason 7 --reason 3
        if [ "$pmf" = yes ]; then
            # The SA Query (request and response) takes a few frame exchanges.
            sleep 3
            after=$(n_disconnects)
            check "live pmf $prof: forged deauth ignored (still connected)" connected
            check "live pmf $prof: forged deauth ignored (no disconnect event)" \
                test "$after" = "$before"
            check "live pmf $prof: wpa_supplicant dropped the forged deauth" \
                grep -q 'Unprotected Deauthentication frame dropped' "$T/wpas.log"
            check "live pmf $prof: reason 7 triggered an SA Query" \
                grep -q 'trigger SA Query' "$T/wpas.log"
            stop_capture "$prof-forged"
            # The verifier sees the attack: an unprotected deauth, reason 7, to a PMF STA.
            contains "live pmf $prof: verifier reports the forged deauth (reason 7)" '"reason_code": 7'
            contains "live pmf $prof: verifier reports the forged deauth (reason 3)" '"reason_code": 3'
            if command -v tshark >/dev/null 2>&1; then
                n=$(tshark -r "$T/$prof-forged.pcap" -Y "wlan.fc.type_subtype == 0x000d && wlan.fc.protected == 1 && wlan.sa == $STA_MAC" 2>/dev/null | wc -l)
                check "live pmf $prof: SA Query (protected action) from the station ($n)" \
                    test "$n" -ge 1
            fi
        else
            wait_for "$prof forged disconnect" 10 sh -c "test \$(grep -c CTRL-EVENT-DISCONNECTED '$T/wpas.log') -gt $before"
            after=$(n_disconnects)
            check "live pmf $prof: forged deauth disconnected the station" test "$after" -gt "$before"
            stop_capture "$prof-forged"
        fi
    fi
    for f in "$T/wpas.pid" "$T/hapd.pid"; do
        [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null; rm -f "$f"
    done
    rm -f "$T/wpas.log"
    sleep 1
}

run_profile sae pass 'wpa_key_mgmt=SAE
ieee80211w=2' ' key_mgmt=SAE
 ieee80211w=2' yes not_checked
run_profile psk2 n/a 'wpa_key_mgmt=WPA-PSK' ' key_mgmt=WPA-PSK' no not_checked
run_profile psk2-pmf pass 'wpa_key_mgmt=WPA-PSK-SHA256
ieee80211w=2
beacon_prot=1' ' key_mgmt=WPA-PSK-SHA256
 ieee80211w=2
 beacon_prot=1' yes verified
t_done
