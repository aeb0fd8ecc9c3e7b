# Ctrl-C in the middle of a run: exit 130, the finished cells saved as valid JSON marked
# interrupted, and the lab torn down (no daemons, namespaces or radios left). SIGKILL:
# the results still valid JSON, the daemons gone with wbench, the namespaces and radios
# left but in the state record: 'wbench cleanup' removes them saying what it removed,
# and so does the next run before it starts.
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d /tmp/wbench-t.XXXXXX)
R=$T/int.json

"$WB" run scenarios/quick-sim.json -o "$R" > "$T/out" 2>&1 &
pid=$!
# wait (bounded) until the first cell is in the file, then interrupt the second
i=0
while [ $i -lt 300 ]; do
    n=$(jq '.cells | length' "$R" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 1 ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 1; i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
check "run interrupt: exit status 130" test "$rc" = 130
check "run interrupt: results valid" "$WB" summary "$R" >/dev/null
check "run interrupt: marked interrupted, not complete" \
    test "$(jq -r '[.interrupted, .complete] | @tsv' "$R")" = "true	false"
check "run interrupt: finished cells kept" test "$(jq '.cells | length' "$R")" -ge 1
check "run interrupt: no namespaces left" sh -c "! ip netns list | grep -q wbench-"
check "run interrupt: no radios left" sh -c "! ls /sys/class/ieee80211 | grep -q '^wb'"
check "run interrupt: no daemons left" sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant"
check "run interrupt: wbench and its iperf children are gone" sh -c "! pgrep -x wbench"
check "run interrupt: no state record left" sh -c "! ls /run/wbench/*.json 2>/dev/null | grep -q ."

# start_until_cell R: a run of quick-sim into R, waited for (bounded) until its first cell
# is in the file; $pid is the run
start_until_cell() {
    "$WB" run scenarios/quick-sim.json -o "$1" > "$1.out" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 300 ]; do
        [ "$(jq '.cells | length' "$1" 2>/dev/null || echo 0)" -ge 1 ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 1; i=$((i + 1))
    done
}
# left_by PID WHAT: the killed run's namespaces, radios and record are there
left_by() {
    check "$2: its namespaces are left" sh -c "ip netns list | grep -q '^wbench-ap-$1'"
    # the station's radio lives as long as the run (the AP's is made afresh per cell)
    check "$2: its radios are left (in its namespaces)" sh -c \
        "ip netns exec wbench-sta-$1 ls /sys/class/ieee80211 | grep -q '^wbsta$1\$'"
    check "$2: its state record lists them" sh -c "jq -e '[.changes[].type] | index(\"hwsim_radio\") and index(\"netns\")' /run/wbench/$1.json >/dev/null"
}
gone() {
    check "$1: no namespace left" sh -c "! ip netns list | grep -q wbench-"
    check "$1: no radio left" sh -c "! ls /sys/class/ieee80211 | grep -q '^wb'"
    check "$1: no state record left" sh -c "! ls /run/wbench/*.json 2>/dev/null | grep -q ."
}

K=$T/kill.json
start_until_cell "$K"
kill -KILL $pid; wait $pid 2>/dev/null
killed=$pid
check "run kill: the results file is valid" "$WB" summary "$K" >/dev/null
check "run kill: it keeps the finished cell, not complete" \
    test "$(jq -r '[(.cells | length >= 1), .complete] | @tsv' "$K")" = "true	false"
i=0; while [ $i -lt 50 ] && pgrep -x hostapd >/dev/null; do sleep 0.2; i=$((i + 1)); done
check "run kill: hostapd and wpa_supplicant died with it" sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant"
left_by "$killed" "run kill"
expect_exit "run kill: cleanup, exit 0" 0 "$WB" cleanup
contains "run kill: cleanup says it deleted the namespace" "namespace wbench-ap-$killed deleted"
contains "run kill: cleanup says it deleted the radio" "simulated radio wbsta$killed deleted"
gone "run kill: after cleanup"

start_until_cell "$K"
kill -KILL $pid; wait $pid 2>/dev/null
killed=$pid
left_by "$killed" "run kill again"
N=$T/next.json
start_until_cell "$N"
kill -INT $pid; wait $pid
check "run kill: the next run ran (and was interrupted: 130)" test "$?" = 130
check "run kill: the next run says it undid the killed run's changes" \
    grep -q "a killed wbench run left changes" "$N.out"
check "run kill: ... naming the namespace" grep -q "namespace wbench-ap-$killed deleted" "$N.out"
check "run kill: ... and the radio" grep -q "simulated radio wbsta$killed deleted" "$N.out"
gone "run kill: after the next run"
rm -rf "$T"
t_done
