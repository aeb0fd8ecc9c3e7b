# The VM gives tests what they rely on.
. tests/lib/lib.sh
check "vm env: WBENCH_IN_VM is set" test "$WBENCH_IN_VM" = 1
check "vm env: root" test "$(id -u)" = 0
check "vm env: mac80211_hwsim loaded" test -d /sys/module/mac80211_hwsim
check "vm env: hwsim0 monitor exists" test -d /sys/class/net/hwsim0
check "vm env: /run is writable" sh -c 'mkdir -p /run/wbench-t && rmdir /run/wbench-t'
check "vm env: hostapd, wpa_supplicant, iperf3, iw present" \
    sh -c 'for c in hostapd wpa_supplicant iperf3 iw; do command -v "$c" >/dev/null || exit 1; done'
t_done
