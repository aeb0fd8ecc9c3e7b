#!/bin/sh
# The local lab backend on radios named as if they were real phys: three mac80211_hwsim
# radios made here, the AP named by its phy, the STA by its device path, the sniffer by an
# interface of its own. The crypto switch is the scenario's (hwsim has none), a stand-in
# for a driver reload (tests/lib/modparam_switch.sh): it reloads ath9k with nohwcrypt=0/1,
# a real module parameter, and takes the AP radio away and brings it back with the mode's
# cipher set (hwcrypt: rt2800's, no BIP; nohwcrypt: the full software set).
#  - a run: the AP and STA radios moved into namespaces of their own and back; hwcrypt
#    with PMF fails to start like the MT7620 (no_bip_cipher, predicted), nohwcrypt runs
#    with PMF verified from the sniffer's capture after the AP radio came back under a new
#    device and was moved and set up again; the parameter switched and restored;
#  - SIGINT and SIGTERM mid-cell: exit 130/143, nothing left (no namespace, the phys back
#    in the initial namespace, no monitor, the parameter as it was, no state record);
#  - SIGKILL mid-cell: all of that left, a new run refuses to start, `wbench cleanup`
#    (after --dry-run) leaves nothing.
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d /tmp/wbench-lab.XXXXXX)
STATE=/run/wbench
SW=$(pwd)/tests/lib/modparam_switch.sh

case $WB in /*) WBA=$WB ;; *) WBA=$(pwd)/$WB ;; esac
modprobe ath9k nohwcrypt=0
"$WB" sim radio add wbtap --profile rt2800 >/dev/null || not_ok "sim radio add wbtap"
for r in wbtsta wbtsn; do "$WB" sim radio add "$r" >/dev/null || not_ok "sim radio add $r"; done
iw phy wbtsn interface add wbtsn0 type managed
dev=$(readlink -f /sys/class/ieee80211/wbtsta/device | sed 's|^/sys/devices/||')
check "lab local: the STA radio has a device path ($dev)" test -n "$dev"
param() { cat /sys/module/ath9k/parameters/nohwcrypt 2>/dev/null; }
before=$(param)

# scenario FILE MODES REPS DURATION
scenario() {
    cat > "$1" <<EOF
{ "name": "lab-local-vm",
  "lab": { "backend": "local",
    "ap": { "phy": "wbtap", "channel": 1,
            "crypto_switch": { "hwcrypt": ["sh", "$SW", "0", "$WBA", "wbtap"],
                               "nohwcrypt": ["sh", "$SW", "1", "$WBA", "wbtap"],
                               "read": ["cat", "/sys/module/ath9k/parameters/nohwcrypt"],
                               "values": { "hwcrypt": "0", "nohwcrypt": "1" } } },
    "sta": { "device": "$dev" },
    "sniffer": { "enabled": true, "interface": "wbtsn0" } },
  "crypto_modes": $2, "security": ["psk2+pmf"], "passphrase": "wbench-demo-passphrase",
  "traffic": { "proto": "tcp", "direction": "up", "duration_s": $4 },
  "repetitions": $3, "seed": 7 }
EOF
}

# nothing_left WHAT: no namespace, the phys here, no monitor, the parameter, no record
nothing_left() {
    check "$1: no wbench namespace left" sh -c "! ip netns list | grep -q '^wbench-'"
    check "$1: the three phys are back in the initial namespace" \
        test "$(ls /sys/class/ieee80211 | grep -c '^wbt')" = 3
    check "$1: the AP radio has its hwcrypt cipher set again (no BIP)" \
        sh -c "! iw phy wbtap info | grep -q 'CMAC (00-0f-ac:6)'"
    check "$1: no monitor interface left" sh -c "! ip link show | grep -q wbmon"
    check "$1: the sniffer's own interface is untouched" sh -c "ip link show wbtsn0 >/dev/null"
    check "$1: ath9k nohwcrypt is $before again" test "$(param)" = "$before"
    check "$1: no state record left" sh -c "! ls $STATE/*.json 2>/dev/null | grep -q ."
    check "$1: no daemon left" sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant"
}

# --- a run ---
scenario "$T/run.json" '["hwcrypt", "nohwcrypt"]' 1 3
expect_exit "lab local: a run, exit 0" 0 "$WB" run "$T/run.json" -o "$T/r.json"
q() { jq -r "$@" "$T/r.json"; }
mkdir -p "$BUILD/vm-out-lab" && cp "$T/r.json" "$BUILD/vm-out-lab/run.json"
q '.cells[] | "#   cell \(.index): \(.crypto) \(.status) \(.diagnosis.code // "") \(.diagnosis.message // "")"'
check "lab local: backend local, not simulated" \
    test "$(q '[.environment.backend, (.environment.ap.netns | startswith("wbench-ap-"))] | @tsv')" = "local	true"
check "lab local: the AP found by its phy, the STA by its device" \
    test "$(q '[.environment.ap.phy, .environment.sta.device] | @tsv')" = "wbtap	$dev"
check "lab local: the environment has the switch's value at the start and the kernel" \
    test "$(q '[.environment.ap.crypto_switch.value_at_start.value, (.environment.kernel | length > 0)] | @tsv')" = "0	true"
check "lab local: hwcrypt with PMF fails to start: no BIP, predicted" \
    test "$(q '.cells[] | select(.crypto == "hwcrypt") | [.status, .diagnosis.code, .diagnosis.predicted] | @tsv')" = "ap_start_failed	no_bip_cipher	true"
check "lab local: hwcrypt read 0 back" \
    test "$(q '.cells[] | select(.crypto == "hwcrypt") | .crypto_state.read_back')" = 0
check "lab local: nohwcrypt switched the parameter to 1 (read back)" \
    test "$(q '.cells[] | select(.crypto == "nohwcrypt") | .crypto_state | [.read_back, .changed] | @tsv')" = "1	true"
check "lab local: ... the AP radio came back, found again and set up again" \
    test "$(q '.cells[] | select(.crypto == "nohwcrypt") | .crypto_state.radios_back.ap')" = wbtap
check "lab local: nohwcrypt ok, PMF verified from the air" \
    test "$(q '.cells[] | select(.crypto == "nohwcrypt") | [.status, .pmf.verdict] | @tsv')" = "ok	pass"
# hwsim has no set_key: every key in software, where the kernel shows them
check "lab local: the keys' path read after association: software, or why it is unknown" \
    test "$(q '.cells[] | select(.crypto == "nohwcrypt") | .crypto_state.keys.ap |
        (.status == "ok" and .summary == "software") or (.status == "unavailable" and (.reason | length > 0))')" = true
q '.cells[] | select(.crypto == "nohwcrypt") | .crypto_state.keys.ap | "#   keys: \(.status) \(.summary // .reason)"'
check "lab local: traffic crossed the air" \
    test "$(q '.cells[] | select(.crypto == "nohwcrypt") | .throughput.bits_per_second > 0')" = true
nothing_left "lab local: after the run"

# --- interrupted mid-cell ---
scenario "$T/int.json" '["nohwcrypt"]' 3 20
# run_until_switched SIG: start a run, wait (bounded) for the switch to be recorded and
# the first cell's traffic to start, send SIG; $rc is its exit status
run_until_switched() {
    "$WB" run "$T/int.json" -o "$T/int-$1.json" > "$T/int-$1.out" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 600 ]; do
        # switched, and wpa_supplicant runs in the STA's namespace: a cell is under way
        [ "$(param)" = 1 ] && [ -n "$(ip netns pids "wbench-sta-$pid" 2>/dev/null)" ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.2; i=$((i + 1))
    done
    sleep 1
    kill "-$1" $pid
    wait $pid; rc=$?
}
run_until_switched INT
check "lab local: SIGINT: exit 130" test "$rc" = 130
nothing_left "lab local: after SIGINT"
run_until_switched TERM
check "lab local: SIGTERM: exit 143" test "$rc" = 143
nothing_left "lab local: after SIGTERM"

# --- killed mid-cell ---
run_until_switched KILL
check "lab local: SIGKILL: the run is gone (exit 137)" test "$rc" = 137
check "lab local: SIGKILL: its namespaces are left" sh -c "ip netns list | grep -q '^wbench-ap-$pid'"
check "lab local: SIGKILL: the parameter is left at 1" test "$(param)" = 1
check "lab local: SIGKILL: the state record is left" test -f "$STATE/$pid.json"
expect_exit "lab local: cleanup --dry-run, exit 0" 0 "$WB" cleanup --dry-run
contains "lab local: cleanup --dry-run: the parameter" "would put the scenario's crypto_switch on local back to '$before'"
contains "lab local: cleanup --dry-run: the namespace" "would move the radios in namespace wbench-ap-$pid back and delete it"
check "lab local: cleanup --dry-run changed nothing" test "$(param)" = 1
expect_exit "lab local: cleanup, exit 0" 0 "$WB" cleanup
printf '%s\n' "$OUT" | sed 's/^/#   /'
nothing_left "lab local: after SIGKILL and cleanup"

# --- killed again: the next run undoes it first, says so, and runs ---
run_until_switched KILL
killed=$pid
check "lab local: SIGKILL again: the state record is left" test -f "$STATE/$killed.json"
scenario "$T/one.json" '["nohwcrypt"]' 1 3
expect_exit "lab local: the next run cleans up first and runs, exit 0" 0 "$WB" run "$T/one.json" -o "$T/one-r.json"
contains "lab local: ... it says it undoes the killed run's changes" "a killed wbench run left changes"
contains "lab local: ... the killed run's namespace" "namespace wbench-ap-$killed deleted"
contains "lab local: ... the parameter put back" "back to '$before'"
check "lab local: ... and its own cell ran" test "$(jq '.cells | length' "$T/one-r.json")" = 1
nothing_left "lab local: after SIGKILL and the next run"

modprobe -r ath9k
for r in wbtap wbtsta wbtsn; do "$WB" sim radio del "$r" >/dev/null 2>&1; done
rm -rf "$T"
t_done
