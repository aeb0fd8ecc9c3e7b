# A minimal netifd for the stand-in router (sourced by wifi and ubus): the wireless part of
# openwrt/netifd 753c351 (19.07) with 19.07's mac80211.sh and hostapd.sh, reduced to AP
# interfaces on mac80211 radios. What it does as the real one:
#  - reads the committed /etc/config/wireless (not uci's unsaved changes);
#  - setup of a radio: finds the phy by `option path` (or `option phy`), makes the AP
#    netdevs (wlan<N> for phy<N>, option ifname wins), writes /var/run/hostapd-phyN.conf as
#    hostapd.sh does, starts `/usr/sbin/hostapd -s -P /var/run/wifi-phyN.pid -B CONF`;
#    hostapd exit != 0 -> "radio0 (PID): Device setup failed: HOSTAPD_START_FAILED"
#    (daemon.notice netifd), radio down; a radio with `option disabled 1`, or without an
#    enabled interface, stays down;
#  - hostapd is a required process: when it dies while the radio is up (the async failure
#    of SAE/PMF on a radio without BIP), netifd tears the radio down and sets it up again,
#    WIRELESS_SETUP_RETRY (3) times, then "retry_setup_failed": true, "up": false;
#  - `down` kills the radio's hostapd, removes its netdevs and sets autostart false.
# State per radio: /tmp/.wbench-owrt/wl/RADIO.* files. The monitor is one background
# process per radio (real netifd: one daemon with a 1 s timer).
. "${OWRT_LIB:-/lib/wbench-owrt}/common.sh"
WL=/tmp/.wbench-owrt/wl
mkdir -p "$WL" /var/run

# the committed wireless config as S/O/L records (see uci.awk act=dump)
wl_dump() { awk -v pkg=wireless -v act=dump -f "$OWRT_LIB/uci.awk" /etc/config/wireless /dev/null; }
# cfg SEC OPT: an option's value from $DUMP (lists: values joined by spaces)
cfg() { printf '%s\n' "$DUMP" | awk -F '\t' -v s="$1" -v o="$2" '($1 == "O" || $1 == "L") && $2 == s && $3 == o { printf "%s%s", (n++ ? " " : ""), $4 } END { if (n) print "" }'; }
radios() { printf '%s\n' "$DUMP" | awk -F '\t' '$1 == "S" && $3 == "wifi-device" { print $2 }'; }
ifaces() { printf '%s\n' "$DUMP" | awk -F '\t' -v r="$1" '$1 == "S" && $3 == "wifi-iface" { s = $2 } $1 == "O" && $3 == "device" && $4 == r { print s }'; }
st_get() { cat "$WL/$1.$2" 2>/dev/null || echo "$3"; }
st_set() { echo "$3" > "$WL/$1.$2"; }
nlog() { owrt_log daemon.notice netifd "$*"; }

# find_phy RADIO: the phy whose device path is `option path` (as mac80211.sh's find_phy)
find_phy() {
    _fp=$(cfg "$1" phy)
    [ -n "$_fp" ] && [ -d "/sys/class/ieee80211/$_fp" ] && { echo "$_fp"; return 0; }
    _path=$(cfg "$1" path)
    [ -n "$_path" ] || return 1
    for _p in /sys/class/ieee80211/*; do
        [ -e "$_p" ] || continue
        _d=$(readlink -f "$_p/device")
        [ "${_d#/sys/devices/}" = "$_path" ] && { echo "${_p##*/}"; return 0; }
    done
    return 1
}

# hostapd_conf RADIO PHY IFNAME...: the 19.07 file (mac80211.sh + hostapd.sh), AP only
hostapd_conf() {
    _r=$1 _phy=$2; shift 2
    _hw=$(cfg "$_r" hwmode); _hw=${_hw#11}
    _ht=$(cfg "$_r" htmode); _ch=$(cfg "$_r" channel); _cc=$(cfg "$_r" country)
    _ll=$(cfg "$_r" log_level); _ll=${_ll:-2}
    _bi=$(cfg "$_r" beacon_int); _bi=${_bi:-100}
    echo "driver=nl80211"
    printf 'logger_syslog=127\nlogger_syslog_level=%s\nlogger_stdout=127\nlogger_stdout_level=%s\n' "$_ll" "$_ll"
    [ -z "$_cc" ] || printf 'country_code=%s\nieee80211d=1\n' "$_cc"
    [ -z "$_hw" ] || echo "hw_mode=$_hw"
    echo "beacon_int=$_bi"
    # hostapd_options: appended raw, split at white space (for val in $opts)
    for _v in $(cfg "$_r" hostapd_options); do echo "$_v"; done
    [ "$_ch" = auto ] && _ch=acs_survey
    echo "${_ch:+channel=$_ch}"
    echo; echo; echo
    case $_ht in
    HT*|VHT*)
        _cap="[SHORT-GI-20][SHORT-GI-40][DSSS_CCK-40]"
        case $_ht in HT40|HT40+|VHT40) _cap="[HT40+]$_cap" ;; HT40-) _cap="[HT40-]$_cap" ;; esac
        printf 'ieee80211n=1\nht_coex=0\nht_capab=%s\n' "$_cap" ;;
    esac
    echo
    _mac=$(cat "/sys/class/ieee80211/$_phy/macaddress")
    for _if in "$@"; do
        _s=$(cat "$WL/$_r.sec.$_if")
        bss_conf "$_s" "$_if" || return 1
        echo "bssid=$_mac"
        _dt=$(cfg "$_s" dtim_period); echo "${_dt:+dtim_period=$_dt}"
        _ml=$(cfg "$_s" max_listen_int); echo "${_ml:+max_listen_interval=$_ml}"
    done
}

# bss_conf SECTION IFNAME: hostapd_set_bss_options of 19.07's hostapd.sh, the subset for
# none, psk2 (+ieee80211w), sae, sae-mixed, owe; fails (INVALID_WPA_PSK) on a short key
bss_conf() {
    _s=$1
    _enc=$(cfg "$_s" encryption); _enc=${_enc:-none}
    _key=$(cfg "$_s" key); _w=$(cfg "$_s" ieee80211w); _net=$(cfg "$_s" network)
    _iso=$(cfg "$_s" isolate); _ac=$(cfg "$_s" auth_cache)
    # wireless_vif_parse_encryption (netifd-wireless.sh)
    _wpa=0 _pair='' _auth=none
    case $_enc in
    *tkip+aes|*tkip+ccmp|*aes+tkip|*ccmp+tkip) _pair="CCMP TKIP" ;;
    *+tkip) _pair=TKIP ;; *+gcmp) _pair=GCMP ;; *) _pair=CCMP ;;
    esac
    case $_enc in
    wpa2*|*psk2*|psk3*|sae*|owe*) _wpa=2 ;; *mixed*) _wpa=3 ;; wpa*|*psk*) _wpa=1 ;;
    *) _wpa=0; _pair= ;;
    esac
    case $_enc in
    owe*) _auth=owe ;; sae-mixed*|psk3-mixed*) _auth=psk-sae ;; sae*|psk3*) _auth=sae ;;
    *psk*) _auth=psk ;;
    esac
    _smfp=
    case $_auth in
    sae|owe) _w=${_w:-2}; _smfp=1 ;;
    psk-sae) _w=${_w:-1}; _smfp=1 ;;
    esac
    echo "interface=$2"
    echo "ctrl_interface=/var/run/hostapd"
    # netifd-wireless.sh: a bridged AP gets isolate 1 (multicast_to_unicast default 1)
    [ -n "$_net" ] && [ "${_iso:-0}" -eq 0 ] && _iso=1
    [ "${_iso:-0}" -gt 0 ] && echo "ap_isolate=$_iso"
    printf 'bss_load_update_period=60\nchan_util_avg_period=600\ndisassoc_low_ack=1\npreamble=1\n'
    printf 'wmm_enabled=1\nignore_broadcast_ssid=%s\nuapsd_advertisement_enabled=1\nutf8_ssid=1\nmulti_ap=0\n' \
        "$(cfg "$_s" hidden | grep . || echo 0)"
    for _k in wpa_group_rekey:wpa_group_rekey wpa_pair_rekey:wpa_ptk_rekey wpa_master_rekey:wpa_gmk_rekey; do
        _v=$(cfg "$_s" "${_k%%:*}")
        [ "$_wpa" -gt 0 ] && [ -n "$_v" ] && echo "${_k#*:}=$_v"
    done
    [ -z "$_smfp" ] || echo "sae_require_mfp=$_smfp"
    case $_auth in
    psk|sae|psk-sae)
        if [ ${#_key} -lt 8 ]; then
            nlog "$RADIO ($$): Interface $_s setup failed: INVALID_WPA_PSK"; return 1
        elif [ ${#_key} -eq 64 ]; then echo "wpa_psk=$_key"
        else echo "wpa_passphrase=$_key"; fi ;;
    esac
    echo "auth_algs=1"
    echo "wpa=$_wpa"
    [ -z "$_pair" ] || echo "wpa_pairwise=$_pair"
    echo "ssid=$(cfg "$_s" ssid)"
    [ -z "$_net" ] || echo "bridge=br-$_net"
    if [ "$_wpa" -ge 1 ]; then
        echo "wpa_disable_eapol_key_retries=0"
        _km=
        case $_auth in
        psk) _km="WPA-PSK"; [ "${_w:-0}" -gt 0 ] && _km="$_km WPA-PSK-SHA256" ;;
        sae) _km=SAE ;;
        psk-sae) _km="WPA-PSK"; [ "${_w:-0}" -gt 0 ] && _km="$_km WPA-PSK-SHA256"; _km="$_km SAE" ;;
        owe) _km=OWE ;;
        esac
        [ -z "$_km" ] || echo "wpa_key_mgmt=$_km"
    fi
    if [ "$_wpa" -ge 2 ]; then
        case $_auth in sae|psk-sae|owe) _ac=${_ac:-1} ;; *) _ac=${_ac:-0} ;; esac
        echo "okc=$_ac"
        [ "$_ac" = 0 ] && echo "disable_pmksa_caching=1"
        case $_w in
        [012])
            echo "ieee80211w=$_w"
            if [ "$_w" -gt 0 ]; then
                _mc=$(cfg "$_s" ieee80211w_mgmt_cipher)
                echo "group_mgmt_cipher=${_mc:-AES-128-CMAC}"
                _v=$(cfg "$_s" ieee80211w_max_timeout); [ -z "$_v" ] || echo "assoc_sa_query_max_timeout=$_v"
                _v=$(cfg "$_s" ieee80211w_retry_timeout); [ -z "$_v" ] || echo "assoc_sa_query_retry_timeout=$_v"
            fi ;;
        esac
    fi
    return 0
}

hostapd_pid() { _ph=$(st_get "$1" phy ""); [ -n "$_ph" ] && cat "/var/run/wifi-$_ph.pid" 2>/dev/null; }

# teardown RADIO: kill the monitor and hostapd, remove the netdevs
teardown() {
    _m=$(st_get "$1" monitor "")
    [ -z "$_m" ] || kill "$_m" 2>/dev/null
    rm -f "$WL/$1.monitor"
    _h=$(hostapd_pid "$1")
    if [ -n "$_h" ]; then
        kill "$_h" 2>/dev/null
        _n=50; while kill -0 "$_h" 2>/dev/null && [ "$_n" -gt 0 ]; do sleep 0.1; _n=$((_n - 1)); done
        kill -9 "$_h" 2>/dev/null
    fi
    for _if in $(st_get "$1" ifnames ""); do
        if ip link show "$_if" >/dev/null 2>&1; then
            nlog "Network device '$_if' link is down"
            iw dev "$_if" del 2>/dev/null
        fi
    done
    st_set "$1" up false; st_set "$1" ifnames ""
}

# setup RADIO: returns 0 when hostapd started (or nothing to start)
setup() {
    RADIO=$1
    [ "$(cfg "$1" disabled)" != 1 ] || return 0
    _ifs=
    for _s in $(ifaces "$1"); do
        [ "$(cfg "$_s" disabled)" = 1 ] && continue
        _mode=$(cfg "$_s" mode); [ "${_mode:-ap}" = ap ] || continue
        _ifs="$_ifs $_s"
    done
    [ -n "$_ifs" ] || return 0
    st_set "$1" pending true
    if ! _phy=$(find_phy "$1"); then
        nlog "$1 ($$): Could not find PHY for device '$1'"
        st_set "$1" retry 0; st_set "$1" pending false; return 1
    fi
    st_set "$1" phy "$_phy"
    _names='' _i=0
    for _s in $_ifs; do
        _n=$(cfg "$_s" ifname)
        [ -n "$_n" ] || { _n=wlan${_phy#phy}; [ "$_i" = 0 ] || _n="$_n-$_i"; }
        _i=$((_i + 1))
        echo "$_s" > "$WL/$1.sec.$_n"
        iw phy "$_phy" interface add "$_n" type __ap >/dev/null 2>&1
        _names="$_names $_n"
    done
    st_set "$1" ifnames "$_names"
    _conf=/var/run/hostapd-$_phy.conf
    rm -f "$_conf" "/var/run/wifi-$_phy.pid"
    # shellcheck disable=SC2086  # interface names are words
    if ! hostapd_conf "$1" "$_phy" $_names > "$_conf"; then
        st_set "$1" pending false; teardown "$1"; return 1
    fi
    # its output before daemonizing goes to netifd's log, as script output does
    /usr/sbin/hostapd -s -P "/var/run/wifi-$_phy.pid" -B "$_conf" >"$WL/$1.out" 2>&1
    _ret=$?
    while IFS= read -r _l; do nlog "$1 ($$): $_l"; done < "$WL/$1.out"
    if [ "$_ret" != 0 ]; then
        [ -f "/var/run/wifi-$_phy.pid" ] ||
            nlog "$1 ($$): cat: can't open '/var/run/wifi-$_phy.pid': No such file or directory"
        nlog "$1 ($$): Device setup failed: HOSTAPD_START_FAILED"
        st_set "$1" retry 0; st_set "$1" pending false; teardown "$1"
        return 1
    fi
    for _n in $_names; do
        ip link set dev "$_n" up 2>/dev/null && nlog "Network device '$_n' link is up"
    done
    st_set "$1" up true; st_set "$1" pending false
    # the required process: watched as netifd's 1 s timer does
    ( trap - TERM; monitor "$1" ) </dev/null >/dev/null 2>&1 &
    st_set "$1" monitor $!
    return 0
}

monitor() {
    while :; do
        sleep 1
        _h=$(hostapd_pid "$1")
        [ -n "$_h" ] && kill -0 "$_h" 2>/dev/null && continue
        # hostapd is gone: wireless_device_retry_setup()
        rm -f "$WL/$1.monitor"
        [ "$(st_get "$1" autostart true)" = true ] || { teardown "$1"; exit 0; }
        _r=$(st_get "$1" retry 0)
        teardown "$1"
        if [ "$_r" -le 0 ]; then
            st_set "$1" retry_setup_failed true
            exit 0
        fi
        st_set "$1" retry $((_r - 1))
        DUMP=$(wl_dump)
        setup "$1" || { st_set "$1" retry_setup_failed true; exit 0; }
        exit 0
    done
}

# the config hash a radio was set up with (netifd restarts only changed radios on reload)
cfg_hash() {
    { printf '%s\n' "$DUMP" | awk -F '\t' -v r="$1" '$2 == r'
      for _s in $(ifaces "$1"); do printf '%s\n' "$DUMP" | awk -F '\t' -v r="$_s" '$2 == r'; done; } | md5sum | cut -c1-32
}

# wl_up [RADIO]: network.wireless up (autostart, fresh retries) ; wl_down [RADIO]
wl_up() {
    DUMP=$(wl_dump)
    for _r in ${1:-$(radios)}; do
        teardown "$_r"
        st_set "$_r" autostart true; st_set "$_r" retry 3; st_set "$_r" retry_setup_failed false
        st_set "$_r" hash "$(cfg_hash "$_r")"
        setup "$_r"
    done
    return 0
}
wl_down() {
    DUMP=$(wl_dump)
    for _r in ${1:-$(radios)}; do teardown "$_r"; st_set "$_r" autostart false; done
    return 0
}
# wl_reload: `ubus call network reload` for the wireless part: restart changed radios
wl_reload() {
    DUMP=$(wl_dump)
    for _r in ${1:-$(radios)}; do
        _h=$(cfg_hash "$_r")
        [ "$_h" = "$(st_get "$_r" hash "")" ] && continue
        st_set "$_r" hash "$_h"
        [ "$(st_get "$_r" autostart true)" = true ] || continue
        teardown "$_r"; st_set "$_r" retry 3; st_set "$_r" retry_setup_failed false
        setup "$_r"
    done
    return 0
}
