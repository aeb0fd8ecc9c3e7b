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

# probe --lab: usage, the sim (no radios before a run), an unreachable ssh host
expect_exit "probe --lab: with a PHY is a usage error" 2 "$WB" probe --lab scenarios/quick-sim.json phy0
one_line "probe --lab: one line"
expect_exit "probe --lab: no file is a usage error" 2 "$WB" probe --lab /nonexistent.json
contains "probe --lab: names the file" "/nonexistent.json"
expect_exit "probe --lab: the sim lab has nothing to probe before a run" 2 "$WB" probe --lab scenarios/quick-sim.json
contains "probe --lab: says why" "makes its radios during a run"
T=$(mktemp -d /tmp/wbench-probe-lab.XXXXXX)
# a host that refuses at once (a closed port on this machine): found, said, exit 3
sed 's/"ssh": "root@192.168.1.1"/"ssh": "root@127.0.0.1", "port": 9/' \
    scenarios/lab-linux-ap-ssh.json > "$T/lab.json"
grep -q '"port": 9' "$T/lab.json" || not_ok "probe --lab: the test scenario was not made"
expect_exit "probe --lab: an unreachable host is a finding, exit 3" 3 "$WB" probe --lab "$T/lab.json" --json
contains "probe --lab: the JSON names the host's problem" '"problem": true'
contains "probe --lab: ... and the host" "cannot reach host"
rm -rf "$T"
t_done
