# Shell helpers for VM tests and fixture recordings that need one associated PMF link on
# mac80211_hwsim: two radios, each in its own network namespace, hostapd (WPA2-PSK with
# PMF required, channel 6) on one and wpa_supplicant on the other, real daemons.
# Source it after tests/lib/lib.sh; needs root and mac80211_hwsim (the VM).
#
#   pair_up          radios rcap/rcsta in namespaces rcap/rcsta, interfaces rcap0/rcsta0,
#                    10.99.7.1/24 and 10.99.7.2/24, associated; 0 or 1 (with a not_ok)
#   pair_reconnect   the STA disconnects and associates again (a fresh 4-way handshake)
#   pair_down        daemons stopped, radios and namespaces removed (always safe to call)
#
# PAIR_DIR holds the configs, control sockets and daemon logs.

PAIR_AP=rcap PAIR_STA=rcsta
PAIR_AP_IF=rcap0 PAIR_STA_IF=rcsta0
PAIR_AP_IP=10.99.7.1 PAIR_STA_IP=10.99.7.2
PAIR_FREQ=2437

# pair_wait_connected: wpa_supplicant says COMPLETED within 60 s (TCG is slow)
pair_wait_connected() {
    i=0
    while [ $i -lt 300 ]; do
        if ip netns exec "$PAIR_STA" wpa_cli -p "$PAIR_DIR/ctrl" -i "$PAIR_STA_IF" status \
                2>/dev/null | grep -q '^wpa_state=COMPLETED'; then
            return 0
        fi
        sleep 0.2; i=$((i + 1))
    done
    return 1
}

pair_up() {
    PAIR_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wbench-pair.XXXXXX") || return 1
    mkdir -m 700 "$PAIR_DIR/ctrl"
    for r in "$PAIR_AP:$PAIR_AP_IF" "$PAIR_STA:$PAIR_STA_IF"; do
        "$WB" sim radio add "${r%%:*}" --netns "${r%%:*}" --ifname "${r#*:}" >/dev/null ||
            { not_ok "pair: radio ${r%%:*}"; return 1; }
    done
    ip -n "$PAIR_AP" addr add "$PAIR_AP_IP/24" dev "$PAIR_AP_IF"
    ip -n "$PAIR_STA" addr add "$PAIR_STA_IP/24" dev "$PAIR_STA_IF"
    ip -n "$PAIR_AP" link set lo up; ip -n "$PAIR_STA" link set lo up
    cat > "$PAIR_DIR/hostapd.conf" <<EOF
interface=$PAIR_AP_IF
driver=nl80211
ctrl_interface=$PAIR_DIR/ctrl
ssid=wbench-rcoll
hw_mode=g
channel=6
ieee80211n=1
wmm_enabled=1
wpa=2
wpa_key_mgmt=WPA-PSK WPA-PSK-SHA256
rsn_pairwise=CCMP
ieee80211w=2
wpa_passphrase=correct horse battery
EOF
    cat > "$PAIR_DIR/wpas.conf" <<EOF
ctrl_interface=$PAIR_DIR/ctrl
network={
	ssid="wbench-rcoll"
	key_mgmt=WPA-PSK WPA-PSK-SHA256
	scan_freq=$PAIR_FREQ
	proto=RSN
	pairwise=CCMP
	ieee80211w=2
	psk="correct horse battery"
}
EOF
    chmod 600 "$PAIR_DIR/hostapd.conf" "$PAIR_DIR/wpas.conf"
    ip netns exec "$PAIR_AP" hostapd -B -P "$PAIR_DIR/hostapd.pid" -f "$PAIR_DIR/hostapd.log" \
        "$PAIR_DIR/hostapd.conf" || { not_ok "pair: hostapd"; return 1; }
    ip netns exec "$PAIR_STA" wpa_supplicant -B -P "$PAIR_DIR/wpas.pid" \
        -f "$PAIR_DIR/wpas.log" -i "$PAIR_STA_IF" -c "$PAIR_DIR/wpas.conf" ||
        { not_ok "pair: wpa_supplicant"; return 1; }
    pair_wait_connected || { not_ok "pair: the STA did not associate"; tail -n 20 "$PAIR_DIR/wpas.log" |
        sed 's/^/#   /'; return 1; }
    # one ping each way: the link carries data
    ip netns exec "$PAIR_STA" ping -c 1 -W 5 "$PAIR_AP_IP" >/dev/null 2>&1
    return 0
}

pair_reconnect() {
    ip netns exec "$PAIR_STA" wpa_cli -p "$PAIR_DIR/ctrl" -i "$PAIR_STA_IF" disconnect >/dev/null
    sleep 0.5
    ip netns exec "$PAIR_STA" wpa_cli -p "$PAIR_DIR/ctrl" -i "$PAIR_STA_IF" reconnect >/dev/null
    pair_wait_connected
}

pair_down() {
    for p in "$PAIR_DIR/wpas.pid" "$PAIR_DIR/hostapd.pid"; do
        [ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null
    done
    sleep 0.3
    "$WB" sim radio del "$PAIR_STA" >/dev/null 2>&1
    "$WB" sim radio del "$PAIR_AP" >/dev/null 2>&1
    ip netns del "$PAIR_STA" 2>/dev/null; ip netns del "$PAIR_AP" 2>/dev/null
    [ -n "$PAIR_DIR" ] && rm -rf "$PAIR_DIR"
    PAIR_DIR=
}
