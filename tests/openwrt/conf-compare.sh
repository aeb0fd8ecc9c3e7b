#!/bin/sh
# Not a test of the suite: a check of the stand-in router against the real thing, run by
# hand. The hostapd.conf that wifi/netifd write for the same UCI wireless config, by the
# real 19.07.7 netifd and scripts (built by ../shared/tools/openwrt-userland/build.sh into
# OUT) and by the stand-in of tests/lib/owrthost.sh, for psk2, psk2 + ieee80211w 1 and 2,
# sae, sae-mixed and owe, and psk2 + ieee80211w 1 with the rekey intervals
# (wpa_group_rekey, wpa_pair_rekey); then a diff per profile (no output: identical).
#   sh tests/openwrt/conf-compare.sh OUT [WBENCH]      (from the repository root, as root;
#   OUT inside the repository: the VM shares only the current directory read-write)
# Inside the VM it is called again as "real" (cwd OUT) and "standin" (cwd the repository).
set -u
PROFILES="psk2: psk2:1 psk2:2 sae: sae-mixed: owe: psk2:1:rekey"

# the UCI lines of profile ENC:W[:rekey] (a word of PROFILES) for section S (channel 11,
# ssid wbtest)
uci_lines() {
    _e=${2%%:*}; _w=${2#*:}; _r=; case $_w in *:*) _r=${_w#*:}; _w=${_w%%:*} ;; esac
    printf 'uci set wireless.%s.ssid=wbtest; uci set wireless.%s.encryption=%s\n' "$1" "$1" "$_e"
    printf 'uci set wireless.%s.key=secretpass123; uci -q delete wireless.%s.ieee80211w\n' "$1" "$1"
    printf 'uci -q delete wireless.%s.wpa_group_rekey; uci -q delete wireless.%s.wpa_pair_rekey\n' "$1" "$1"
    [ -z "$_w" ] || printf 'uci set wireless.%s.ieee80211w=%s\n' "$1" "$_w"
    [ -z "$_r" ] || printf 'uci set wireless.%s.wpa_group_rekey=30; uci set wireless.%s.wpa_pair_rekey=45\n' "$1" "$1"
    printf 'uci commit wireless; wifi up radio0\n'
}

case ${1:-} in
real)
    modprobe mac80211_hwsim radios=1 && ./start-stack.sh phy0 owrt >/dev/null || exit 1
    ./owrt-sh "uci set wireless.radio0=wifi-device; uci set wireless.radio0.type=mac80211
uci set wireless.radio0.channel=11; uci set wireless.radio0.hwmode=11g
uci set wireless.radio0.path=virtual/mac80211_hwsim/hwsim0; uci set wireless.radio0.htmode=HT20
uci set wireless.radio0.country=US; uci set wireless.ap0=wifi-iface
uci set wireless.ap0.device=radio0; uci set wireless.ap0.network=lan; uci set wireless.ap0.mode=ap
uci commit wireless" || exit 1
    for c in $PROFILES; do
        ./owrt-sh "wifi down radio0 >/dev/null 2>&1; rm -f /var/run/hostapd-phy0.conf
$(uci_lines ap0 "$c")" >/dev/null 2>&1
        i=0
        while [ $i -lt 60 ] && ! ./owrt-sh "test -s /var/run/hostapd-phy0.conf"; do sleep 0.5; i=$((i + 1)); done
        sleep 1
        ./owrt-sh "cat /var/run/hostapd-phy0.conf" > "conf-real-$c.txt"
    done ;;
standin)
    . tests/lib/owrthost.sh
    modprobe mac80211_hwsim radios=0
    owrt_up cc 10.77.9 "wb=$2" nohwcrypt=1 || { owrt_down cc; exit 1; }
    for c in $PROFILES; do
        owrt_ssh cc "wifi down radio0 >/dev/null 2>&1; rm -f /var/run/hostapd-phy*.conf
uci set wireless.radio0.channel=11
$(uci_lines default_radio0 "$c")" >/dev/null 2>&1
        i=0
        while [ $i -lt 60 ] && ! owrt_ssh cc 'ls /var/run/hostapd-phy*.conf' >/dev/null 2>&1; do
            sleep 0.5; i=$((i + 1))
        done
        sleep 1
        owrt_ssh cc 'cat /var/run/hostapd-phy*.conf' > "$3/conf-standin-$c.txt"
    done
    owrt_down cc ;;
*)
    OUT=${1:?usage: conf-compare.sh OUT [WBENCH]}
    WB=${2:-build/wbench}
    case $WB in /*) ;; *) WB=$(pwd)/$WB ;; esac
    case $OUT in /*) ;; *) OUT=$(pwd)/$OUT ;; esac
    case $OUT in "$(pwd)"/*) ;; *)
        echo "conf-compare: OUT must be inside $(pwd): the VM shares only it read-write" >&2
        exit 2 ;;
    esac
    cp "$0" "$OUT/conf-compare.sh" || exit 1
    (cd "$OUT" && "$WB" vm --timeout 600 -- sh conf-compare.sh real) || exit 1
    "$WB" vm --timeout 600 -- sh tests/openwrt/conf-compare.sh standin "$WB" "$OUT" || exit 1
    rc=0
    for c in $PROFILES; do
        echo "== ${c%:}"
        diff "$OUT/conf-real-$c.txt" "$OUT/conf-standin-$c.txt" || rc=1
    done
    exit $rc ;;
esac
