#!/bin/sh
# The stand-in OpenWrt 19.07 router of tests/lib/owrthost.sh, checked over real ssh through
# Debian's dropbear with BusyBox ash as root's shell (inside the VM, as root):
#  - the session: ash, PATH = BusyBox + stand-ins + hostapd/iw/iperf3/tcpdump, the applet
#    names logread/logger/insmod/rmmod reach the stand-ins;
#  - uci: hostile values round-trip through set/commit/export/get and `uci batch` on stdin;
#    the owner's /etc/config/wireless comes back byte-identical;
#  - psk2: `wifi up radio0`, status up, hostapd-phyN.conf as 19.07 writes it, a station of
#    ours associates, get_clients lists it (mfp false);
#  - sae with hardware crypto (rt2800 profile, no BIP): the async failure of real-labs §10
#    (hostapd daemonizes, then Interface initialization failed, retries, retry_setup_failed);
#  - rmmod/insmod rt2800soc nohwcrypt=1: parameter Y, a new phy, `option path` still finds
#    it, sae works and a station with PMF associates (mfp true);
#  - hostapd_options 'bogus=1' -> Device setup failed: HOSTAPD_START_FAILED;
#  - hostapd -vsae per wpad variant; ubus errors;
#  - owrt_down leaves no namespace, process, mount, radio or directory.
. tests/lib/lib.sh
need_hwsim
. tests/lib/owrthost.sh
T=$(mktemp -d /tmp/wbench-owrtt.XXXXXX)
STA=wbowsta

cleanup() {
    [ -f "$T/wpas.pid" ] && kill "$(cat "$T/wpas.pid")" 2>/dev/null
    "$WB" sim radio del $STA >/dev/null 2>&1
    ip netns del $STA 2>/dev/null
    [ -z "$OWRT_NS" ] || owrt_down r 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# sq WORD: WORD single-quoted for the router's ash
sq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
# wait_for SECONDS CMD...: poll CMD every 0.5 s until it succeeds (bounded)
wait_for() {
    _w=$(($1 * 2)); shift
    while [ "$_w" -gt 0 ]; do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; _w=$((_w - 1)); done
    return 1
}
r() { owrt_ssh r "$@"; }
status_is() { r 'ubus call network.wireless status' | jq -e "$1" >/dev/null; }
log_has() {
    _a=''
    for _x in "$@"; do _a="$_a $(sq "$_x")"; done
    [ -n "$(r "logread$_a" 2>/dev/null)" ]
}

t0=$(date +%s)
if owrt_up r 10.77.7; then ok "owrt: router up in $(($(date +%s) - t0)) s (dropbear answers in $OWRT_NS)"; else
    not_ok "owrt: router up"; t_done
fi
cp "$OWRT_ROOT/etc/config/wireless" "$T/wireless.orig"

# --- the session -------------------------------------------------------------------------
OUT=$(r 'echo "$0|$PATH"; readlink /bin/ash; cat /etc/openwrt_release' 2>&1)
contains "session: ash -c with OpenWrt's PATH" "ash|/usr/sbin:/usr/bin:/sbin:/bin"
contains "session: /bin/ash is busybox" "busybox"
contains "session: 19.07.7" "DISTRIB_RELEASE='19.07.7'"
OUT=$(grep '^root:' "$OWRT_ROOT/etc/passwd")
check "session: root's login shell is /bin/ash" test "${OUT##*:}" = /bin/ash
# every program on the router's PATH: a BusyBox applet, a stand-in, or one of the few real ones
bad=
for d in bin sbin usr/bin usr/sbin; do
    for f in "$OWRT_ROOT/$d"/*; do
        n=${f##*/}
        case $(readlink "$f") in */busybox|busybox) continue ;; esac
        case $d/$n in
        bin/busybox|sbin/uci|sbin/wifi|sbin/logread|sbin/insmod|sbin/rmmod|bin/ubus|usr/bin/logger|usr/sbin/hostapd) ;;
        usr/sbin/iw|usr/bin/iperf3|usr/sbin/tcpdump|usr/sbin/dropbear) ;;
        *) bad="$bad $d/$n" ;;
        esac
    done
done
check "session: PATH holds only BusyBox, the stand-ins, hostapd/iw/iperf3/tcpdump/dropbear ($bad)" test -z "$bad"
OUT=$(r 'command -v uci; command -v wifi; command -v ubus; command -v iw; logread -h; logger -t wbt -p daemon.warn hello; logread -l 1' 2>&1)
contains "session: uci is the stand-in" "/sbin/uci"
contains "session: logread is ubox's (usage)" "Got only the last 'count' messages"
contains "session: logger writes what logread shows" "daemon.warn wbt: hello"
OUT=$(r 'insmod nosuchmod' 2>&1; echo "rc=$?")
contains "session: insmod of an unknown module fails as ubox" "Failed to find nosuchmod. Maybe it is a built in module ?"
contains "session: ... with exit 255" "rc=255"
# what Debian's dropbear offers: without +ssh-rsa OpenSSH still gets rsa-sha2-256
if ssh -i "$OWRT_KEY" -o BatchMode=yes -o UserKnownHostsFile="$OWRT_KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes \
    "$OWRT_TARGET" true 2>/dev/null; then
    echo "# ssh: Debian's dropbear 2022.83 also accepts rsa-sha2-256 (no +ssh-rsa needed here)"
else
    echo "# ssh: without +ssh-rsa the connection fails (as with a 19.07 box)"
fi
check "ssh: HostKeyAlgorithms=ssh-rsa only (what a 19.07 box offers) is accepted" \
    ssh -i "$OWRT_KEY" -o BatchMode=yes -o UserKnownHostsFile="$OWRT_KNOWN_HOSTS" \
    -o GlobalKnownHostsFile=/dev/null -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes \
    -o HostKeyAlgorithms=ssh-rsa -o PubkeyAcceptedAlgorithms=ssh-rsa "$OWRT_TARGET" true

# --- uci -----------------------------------------------------------------------------------
HOST="it's \"x\" \$(id) \`id\` a;b  c"
r "uci set $(sq "wireless.default_radio0.ssid=$HOST") && uci changes wireless" > "$T/changes" 2>&1
check "uci: set of a hostile value, saved in /tmp/.uci" test -s "$OWRT_ROOT/tmp/.uci/wireless"
check "uci: the committed file is unchanged before commit" cmp -s "$T/wireless.orig" "$OWRT_ROOT/etc/config/wireless"
OUT=$(r 'uci commit wireless && uci get wireless.default_radio0.ssid' 2>&1)
check "uci: get returns the hostile value" test "$OUT" = "$HOST"
check "uci: commit wrote it in export format" \
    grep -qxF "	option ssid 'it'\\''s \"x\" \$(id) \`id\` a;b  c'" "$OWRT_ROOT/etc/config/wireless"
check "uci: nothing staged after commit" test ! -e "$OWRT_ROOT/tmp/.uci/wireless"
printf '%s\n' "set wireless.default_radio0.key='p@ss w0rd \$(reboot)'\\''q'" "add_list wireless.radio0.hostapd_options='a=1'" \
    "del_list wireless.radio0.hostapd_options='a=1'" "commit wireless" | r 'uci batch' >/dev/null 2>&1
OUT=$(r 'uci get wireless.default_radio0.key')
check "uci batch: a passphrase from stdin, quoted as uci parses it" test "$OUT" = "p@ss w0rd \$(reboot)'q"
OUT=$(r 'uci -q get wireless.nope.x; echo "rc=$?"; uci add wireless wifi-iface; uci show wireless.@wifi-iface[-1]; uci revert wireless; uci changes')
contains "uci: -q get of nothing: exit 1, silent" "rc=1"
contains "uci: add prints the anonymous name" "cfg03"
# the owner's config back, byte for byte, through uci (set + commit)
r "uci set wireless.default_radio0.ssid=$(sq "Joe's Home"); uci set $(sq "wireless.default_radio0.key=correct horse battery"); uci delete wireless.radio0.hostapd_options; uci commit wireless" 2>/dev/null
check "uci: the owner's /etc/config/wireless is byte-identical again" cmp "$T/wireless.orig" "$OWRT_ROOT/etc/config/wireless"

# --- psk2 ------------------------------------------------------------------------------------
r "uci set wireless.default_radio0.ssid=wbtest; uci set wireless.default_radio0.key=secretpass123; uci set wireless.radio0.channel=1; uci commit wireless"
t0=$(date +%s)
r 'wifi up radio0'
if wait_for 60 status_is '.radio0.up == true'; then
    ok "psk2: wifi up radio0 -> up in $(($(date +%s) - t0)) s"
else not_ok "psk2: status up"; fi
check "psk2: AP-ENABLED in logread" wait_for 60 log_has -e AP-ENABLED
PHY=$(cat "$OWRT_ROOT/tmp/.wbench-owrt/phy")
CONF=$OWRT_ROOT/tmp/run/hostapd-$PHY.conf
check "psk2: /var/run/hostapd-$PHY.conf written" test -s "$CONF"
for l in driver=nl80211 hw_mode=g channel=1 ieee80211n=1 ht_coex=0 interface=wlan${PHY#phy} \
    ctrl_interface=/var/run/hostapd ap_isolate=1 wpa_passphrase=secretpass123 auth_algs=1 wpa=2 \
    wpa_pairwise=CCMP ssid=wbtest bridge=br-lan wpa_key_mgmt=WPA-PSK okc=0 disable_pmksa_caching=1; do
    check "psk2: conf has $l" grep -qxF "$l" "$CONF"
done
check "psk2: no ieee80211w line" sh -c "! grep -q '^ieee80211w=' '$CONF'"
OUT=$(r 'ubus call network.wireless status')
contains "psk2: status has the duplicate mode key (19.07)" '"mode": "ap",'
printf '%s\n' "$OUT" > "$T/status.json"
check "psk2: status JSON shape" jq -e -n --slurpfile s "$T/status.json" '$s[0] | .radio0.interfaces[0].section == "default_radio0" and .radio0.interfaces[0].ifname == "wlan'"${PHY#phy}"'" and .radio0.config.path == "platform/10180000.wmac" and .radio0.autostart == true and .radio0.pending == false and .radio0.disabled == false and .radio0.retry_setup_failed == false and .radio0.interfaces[0].config.network == ["lan"]' 
check "psk2: wlan joined br-lan" sh -c "ip -n $OWRT_NS link show master br-lan | grep -q wlan"
# a station of ours
"$WB" sim radio add $STA --netns $STA --ifname sta0 >/dev/null || not_ok "sta radio"
sta() {
    kill "$(cat "$T/wpas.pid" 2>/dev/null)" 2>/dev/null; sleep 0.5
    printf 'ctrl_interface=%s\nnetwork={\n ssid="wbtest"\n %s\n}\n' "$T/wpas" "$1" > "$T/wpas.conf"
    ip netns exec $STA wpa_supplicant -B -P "$T/wpas.pid" -i sta0 -D nl80211 -c "$T/wpas.conf" >/dev/null
}
sta_connected() { ip netns exec $STA wpa_cli -p "$T/wpas" -i sta0 status | grep -qx 'wpa_state=COMPLETED'; }
sta 'psk="secretpass123"
 key_mgmt=WPA-PSK'
t0=$(date +%s)
if wait_for 60 sta_connected; then ok "psk2: our station associated ($(($(date +%s) - t0)) s)"; else not_ok "psk2: station associated"; fi
OUT=$(r "ubus list 'hostapd.*'; ubus call hostapd.wlan${PHY#phy} get_clients")
contains "psk2: ubus list shows hostapd.wlanN" "hostapd.wlan${PHY#phy}"
contains "psk2: get_clients lists the station, mfp false" '"mfp": false'
OUT=$(r 'ubus call nosuch.object status' 2>&1; echo "rc=$?")
contains "ubus: unknown object -> Command failed: Not found" "Command failed: Not found"
contains "ubus: ... exit 4" "rc=4"
OUT=$(r 'ubus call network.wireless nosuch' 2>&1; echo "rc=$?")
contains "ubus: unknown method -> exit 3" "rc=3"

# --- sae on the rt2800 radio (hardware crypto: no BIP) ----------------------------------------
check "rt2800soc nohwcrypt reads N" test "$(r 'cat /sys/module/rt2800soc/parameters/nohwcrypt')" = N
r "uci set wireless.default_radio0.encryption=sae; uci commit wireless"
t0=$(date +%s)
r 'wifi up radio0'
if wait_for 240 status_is '.radio0.retry_setup_failed == true and .radio0.up == false'; then
    ok "sae/hwcrypt: retry_setup_failed true, up false after $(($(date +%s) - t0)) s"
else not_ok "sae/hwcrypt: retry_setup_failed"; fi
OUT=$(r 'logread' 2>&1)
contains "sae/hwcrypt: daemon.err hostapd: Interface initialization failed" "hostapd: Interface initialization failed"
contains "sae/hwcrypt: AP-DISABLED" "AP-DISABLED"
check "sae/hwcrypt: conf has SAE, ieee80211w=2, sae_require_mfp=1" \
    sh -c "grep -qx wpa_key_mgmt=SAE '$CONF' && grep -qx ieee80211w=2 '$CONF' && grep -qx sae_require_mfp=1 '$CONF' && grep -qx group_mgmt_cipher=AES-128-CMAC '$CONF'"

# --- the driver reloaded with software crypto ----------------------------------------------------
OUT=$(r 'wifi down radio0; rmmod rt2800soc; test -e /sys/module/rt2800soc; echo "loaded=$?"; iw phy | grep -c Wiphy; insmod rt2800soc nohwcrypt=1; echo "rc=$?"; cat /sys/module/rt2800soc/parameters/nohwcrypt' 2>&1)
contains "rmmod: the parameter is gone" "loaded=1"
contains "insmod nohwcrypt=1: exit 0" "rc=0"
contains "insmod nohwcrypt=1: the parameter reads Y" "Y"
PHY2=$(cat "$OWRT_ROOT/tmp/.wbench-owrt/phy")
check "insmod: a new phy ($PHY -> $PHY2)" test -n "$PHY2" -a "$PHY2" != "$PHY"
check "insmod: the UCI path still finds it" test "$(r "readlink -f /sys/class/ieee80211/$PHY2/device")" = /sys/devices/platform/10180000.wmac
t0=$(date +%s)
r 'wifi up radio0'
if wait_for 60 status_is '.radio0.up == true' && wait_for 60 log_has -l 20 -e AP-ENABLED; then
    ok "sae/nohwcrypt: up, AP-ENABLED in $(($(date +%s) - t0)) s"
else not_ok "sae/nohwcrypt: up"; fi
check "sae/nohwcrypt: hostapd-$PHY2.conf" test -s "$OWRT_ROOT/tmp/run/hostapd-$PHY2.conf"
sta 'sae_password="secretpass123"
 key_mgmt=SAE
 ieee80211w=2'
if wait_for 60 sta_connected; then ok "sae/nohwcrypt: our station associated with PMF"; else not_ok "sae/nohwcrypt: station"; fi
OUT=$(r "ubus call hostapd.wlan${PHY2#phy} get_clients")
contains "sae/nohwcrypt: get_clients mfp true" '"mfp": true'
sleep 3
check "sae/nohwcrypt: still up (no retry)" status_is '.radio0.up == true and .radio0.retry_setup_failed == false'

# --- a broken config --------------------------------------------------------------------------------
r "uci add_list wireless.radio0.hostapd_options=bogus=1; uci commit wireless; wifi up radio0"
OUT=$(r 'logread -e HOSTAPD_START_FAILED')
contains "bogus option: Device setup failed: HOSTAPD_START_FAILED" "daemon.notice netifd: radio0 ("
contains "bogus option: ... the line" "Device setup failed: HOSTAPD_START_FAILED"
check "bogus option: radio down" status_is '.radio0.up == false'
r 'wifi down radio0'
check "wifi down: no hostapd left" sh -c "! ip netns pids $OWRT_NS | xargs -r -n1 sh -c 'cat /proc/\$0/comm' | grep -qx hostapd"

# --- hostapd features per wpad variant --------------------------------------------------------------
OUT=$(r 'hostapd -vsae; echo "sae=$?"; hostapd -vowe; echo "owe=$?"; hostapd -v11w; echo "11w=$?"' 2>&1)
contains "hostapd -vsae on wpad-wolfssl: 0" "sae=0"
contains "hostapd -vowe on wpad-wolfssl: 0" "owe=0"
echo basic > "$OWRT_ROOT/lib/wbench-owrt/wpad"
OUT=$(r 'hostapd -vsae; echo "sae=$?"; hostapd -v11w; echo "11w=$?"' 2>&1)
contains "hostapd -vsae on wpad-basic: 1" "sae=1"
contains "hostapd -v11w on wpad-basic: 0" "11w=0"

# --- down ----------------------------------------------------------------------------------------------
kill "$(cat "$T/wpas.pid")" 2>/dev/null
"$WB" sim radio del $STA >/dev/null 2>&1; ip netns del $STA 2>/dev/null
root=$OWRT_ROOT ns=$OWRT_NS
if owrt_down r; then ok "owrt_down: exit 0"; else not_ok "owrt_down: exit 0"; fi
OWRT_NS=
check "owrt_down: no namespace" sh -c "! ip netns list | grep -q '^$ns'"
check "owrt_down: no veth" sh -c "! ip link show owr >/dev/null 2>&1"
check "owrt_down: no process of the router" sh -c "! pgrep -x dropbear && ! pgrep -x hostapd"
check "owrt_down: no mount of it in any process" sh -c "! grep -qs wbench-owrt /proc/[0-9]*/mountinfo"
check "owrt_down: no directory" test ! -e "$root"
check "owrt_down: no radio of it" sh -c "! iw phy | grep -q 'Wiphy wbowr'"
t_done
