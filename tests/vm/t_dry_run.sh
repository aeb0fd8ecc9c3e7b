#!/bin/sh
# VM test: `wbench run --dry-run` where a run would set things up (root, mac80211_hwsim
# loaded): the namespaces, the wireless devices, the simulated radios, hwsim0's state and
# the temporary directories are the same before and after, as root and as nobody; with
# --preflight as root it finds no problem here. (tests/host/t_dry_run.sh checks the output
# and, under strace, that no call writes, connects or starts anything.)
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d "${TMPDIR:-/tmp}/wbt-dry.XXXXXX")
trap '"$WB" sim radio del wbt-dry >/dev/null 2>&1; rm -rf "$T"' EXIT
# a radio already there, which a dry run must leave as it is
expect_exit "a radio to leave alone" 0 "$WB" sim radio add wbt-dry

# state FILE: what a run would change, as text
state() {
    { echo "netns:"; ip netns list
      echo "iw dev:"; iw dev
      echo "radios:"; "$WB" sim radio list
      echo "phys:"; ls /sys/class/ieee80211
      echo "hwsim0:"; ip -o link show hwsim0 | sed 's/.*state \([A-Z]*\).*/\1/'
      echo "tmp:"; ls -A /tmp "${TMPDIR:-/tmp}" | grep -v '^wbt-dry\.'
      echo "results:"; ls -A results 2>/dev/null
    } > "$1" 2>&1
}

state "$T/before"
expect_exit "dry run as root, hwsim loaded" 0 "$WB" run --dry-run scenarios/mt7620-wpa3-sim.json
contains "dry run: the 48 cells" "   47  "
contains "dry run: the sim's steps" "ip netns add wbench-ap-<pid>"
case "$OUT" in *"relays itself into"*) not_ok "dry run: no relay note in the VM" ;;
               *) ok "dry run: no relay note in the VM" ;; esac
expect_exit "dry run with --preflight as root: no problem" 0 "$WB" run --dry-run --preflight \
    scenarios/mt7620-wpa3-sim.json
contains "preflight: hostapd found" "ok       hostapd "
contains "preflight: hwsim loaded" "ok       mac80211_hwsim is loaded"
expect_exit "dry run as nobody" 0 setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$WB" run --dry-run --no-vm scenarios/quick-sim.json
expect_exit "dry run of the real-lab examples" 0 sh -c \
    "'$WB' run --dry-run scenarios/lab-two-radios.json && '$WB' run --dry-run scenarios/lab-linux-ap-ssh.json"
state "$T/after"
if diff -u "$T/before" "$T/after" > "$T/diff"; then
    ok "dry runs changed nothing: namespaces, devices, radios, hwsim0, temporary files, results/"
else
    not_ok "dry runs changed nothing: namespaces, devices, radios, hwsim0, temporary files, results/"
    sed 's/^/#   /' "$T/diff"
fi
# the comparison can fail: a real change shows
ip netns add wbt-dry-control && state "$T/control"
ip netns del wbt-dry-control
check "control: a namespace made shows in the comparison" sh -c "! cmp -s '$T/before' '$T/control'"
t_done
