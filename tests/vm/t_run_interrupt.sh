# Ctrl-C in the middle of a run: exit 130, the finished cells saved as valid JSON marked
# interrupted, and the lab torn down (no daemons, namespaces or radios left).
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
rm -rf "$T"
t_done
