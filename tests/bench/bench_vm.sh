#!/bin/sh
# make bench, the part that runs inside the VM (as root): wbench's throughput collector
# against plain iperf3 on the same hwsim link, the latency probes' cost on that link, then
# the per-cell overhead of `wbench run`.
set -u
BUILD=${1:-build}
WB=$BUILD/wbench
T=$(mktemp -d /tmp/wbench-bench.XXXXXX)
AP=wbb-ap; STA=wbb-sta
cleanup() {
    [ -f "$T/hostapd.pid" ] && kill "$(cat "$T/hostapd.pid")" 2>/dev/null
    "$WB" sim radio del wbbap >/dev/null 2>&1 || ip netns exec $AP "$WB" sim radio del wbbap >/dev/null 2>&1
    ip netns exec $STA "$WB" sim radio del wbbsta >/dev/null 2>&1
    ip netns del $AP 2>/dev/null; ip netns del $STA 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

modprobe mac80211_hwsim radios=0
"$WB" sim radio add wbbap --profile full --netns $AP --ifname wbb-ap0 >/dev/null &&
"$WB" sim radio add wbbsta --profile full --netns $STA --ifname wbb-sta0 >/dev/null ||
    { echo "bench: cannot create the sim radios" >&2; exit 3; }
cat > "$T/hostapd.conf" <<EOC
interface=wbb-ap0
driver=nl80211
ssid=wbench-bench
hw_mode=g
channel=6
ieee80211n=1
EOC
ip -n $AP addr add 10.98.0.1/24 dev wbb-ap0
ip -n $STA addr add 10.98.0.2/24 dev wbb-sta0
ip netns exec $AP hostapd -B -P "$T/hostapd.pid" "$T/hostapd.conf" >/dev/null ||
    { echo "bench: hostapd failed" >&2; exit 3; }
ip -n $STA link set wbb-sta0 up
i=0
until ip netns exec $STA iw dev wbb-sta0 link | grep -q Connected; do
    ip netns exec $STA iw dev wbb-sta0 connect wbench-bench 2437 2>/dev/null
    i=$((i + 1)); [ $i -gt 60 ] && { echo "bench: the station did not connect" >&2; exit 3; }
    sleep 1
done
echo "== throughput: wbench traffic vs iperf3 on the same hwsim link (10 s, 2 s omitted, 5 runs each)"
SERVER_NS=$AP CLIENT_NS=$STA ADDR=10.98.0.1 sh tests/bench/bench_throughput.sh --build "$BUILD" \
    --duration 10 --omit 2 --reps 5
echo "== latency probes: iperf3 with and without them on the same hwsim link (10 s, 5 runs each)"
SERVER_NS=$AP CLIENT_NS=$STA ADDR=10.98.0.1 sh tests/bench/bench_latency.sh --duration 10 --reps 5
kill "$(cat "$T/hostapd.pid")" 2>/dev/null; rm -f "$T/hostapd.pid"

echo "== per-cell overhead of wbench run (wall minus traffic seconds), 6 cells"
"$WB" run tests/fixtures/run/bench.json -o "$T/bench.json" >/dev/null ||
    { echo "bench: wbench run failed" >&2; exit 3; }
jq -r '[.cells[] | select(.status == "ok") | (.wall_s - .traffic_s)] | sort |
       "overhead per cell: median \(.[length/2|floor] * 10 | round / 10) s, min \(.[0] * 10 | round / 10) s, max \(.[-1] * 10 | round / 10) s (n=\(length))"' "$T/bench.json"
jq -r '[.cells[] | select(.status == "ok") | .association.time_ms] | sort |
       "association time: median \(.[length/2|floor]) ms"' "$T/bench.json"
