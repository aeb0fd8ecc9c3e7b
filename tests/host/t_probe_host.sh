#!/bin/sh
# Host test: 'wbench probe' and 'wbench sim' on a machine without wireless in its kernel
# (the development and CI hosts): clear infrastructure errors, not crashes.
. tests/lib/lib.sh

if [ -d /sys/class/ieee80211 ] || [ -d /sys/module/cfg80211 ]; then
    ok "probe host: kernel has cfg80211, no-wireless checks skipped # SKIP"
else
    expect_exit "probe host: no nl80211 is an infrastructure failure" 3 "$WB" probe
    contains "probe host: says why and what to do" "no nl80211: the kernel has no cfg80211; try 'wbench vm -- wbench probe'"
    one_line "probe host: one line"
    expect_exit "probe host: --json too" 3 "$WB" probe --json
    expect_exit "sim host: radio list without nl80211" 3 "$WB" sim radio list
fi
if [ "$(id -u)" = 0 ] && ! modprobe -n -q mac80211_hwsim 2>/dev/null; then
    expect_exit "sim host: no hwsim is an infrastructure failure" 3 "$WB" sim radio add wbt-host
    contains "sim host: says so" "mac80211_hwsim is not available"
fi
expect_exit "sim host: bad profile is a usage error" 2 "$WB" sim radio add wbt-host --profile nope
one_line "sim host: usage error is one line"
t_done
