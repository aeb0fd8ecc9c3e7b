# The soak with rekeys, live: one SAE cell (PMF required, the sniffer on) soaks for 40 s
# in 10 s segments while hostapd renews the group key every 10 s and the pairwise key
# every 13 s. After 25 s (two group rekeys and a pairwise one have happened: what hostapd
# does with its timers after a station rejoins is its business) the AP kicks the station out (hostapd_cli deauthenticate, from
# outside wbench, as an AP's band steering or a reboot of its radio would): wpa_supplicant
# reconnects by itself and the soak counts the disconnect. Checks what the results say of it, that the PMF verifier followed the
# group rekeys (the new IGTKs under key ids 4 and 5) and still passes, and that the
# report and the summary read it.
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d /tmp/wbench-soak.XXXXXX)
R=$T/soak.json
cat > "$T/s.json" <<EOS
{ "name": "soak", "lab": { "backend": "sim", "ap": { "profile": "full" },
  "sta": { "profile": "full" }, "sniffer": { "enabled": true } },
  "crypto_modes": ["nohwcrypt"], "security": ["sae"],
  "passphrase": "wbench-demo-passphrase",
  "traffic": { "proto": "tcp", "direction": "up", "duration_s": 3 },
  "repetitions": 1,
  "stability": { "soak_s": 40, "soak_segment_s": 10, "wpa_group_rekey": 10,
                 "wpa_ptk_rekey": 13 } }
EOS
WBENCH_DEBUG=1 timeout 600 "$WB" run "$T/s.json" -o "$R" --report "$T/r.html" \
    --markdown "$T/r.md" > "$T/out" 2>&1 &
tpid=$!
i=0; pid=
while [ $i -lt 100 ] && [ -z "$pid" ]; do pid=$(pgrep -P $tpid -x wbench); sleep 0.1; i=$((i + 1)); done
# the soak starts when the measured traffic has ended ("cell 1: measured" in the debug log)
i=0
while [ $i -lt 900 ] && ! grep -q 'cell 1: measured' "$T/out"; do sleep 0.2; i=$((i + 1)); done
sleep 25
ifn=$(ip netns exec "wbench-sta-$pid" ls /sys/class/net | grep -v '^lo$' | head -n 1)
mac=$(ip netns exec "wbench-sta-$pid" cat "/sys/class/net/$ifn/address")
# hostapd's socket is named after the AP's interface (our client sockets sit beside it)
apif=$(ip netns exec "wbench-ap-$pid" ls /sys/class/net | grep -v '^lo$' | head -n 1)
sock=$(find /tmp /run -type s -path "*/hostapd-$apif-ctrl/$apif" 2>/dev/null | head -n 1)
check "soak: the AP deauthenticates the station mid-soak" \
    hostapd_cli -p "$(dirname "$sock")" -i "$(basename "$sock")" deauthenticate "$mac"
wait $tpid
rc=$?
check "soak: the run finished (exit 0)" test "$rc" = 0
[ "$rc" = 0 ] || tail -n 20 "$T/out" | sed 's/^/#   /'
q() { jq -r "$1" "$R"; }
echo "# soak: $(q '.cells[0].soak | del(.series) | tostring' | head -c 1500)"
check "soak: the cell is ok" test "$(q '.cells[0].status')" = ok
check "soak: four segments of 10 s, none failed" \
    test "$(q '.cells[0].soak | [.segments, .failed_segments, .segment_s] | tostring')" = '[4,0,10]'
check "soak: a sample per second (at least 35 of 40)" test "$(q '.cells[0].soak.samples')" -ge 35
check "soak: nothing dropped" \
    test "$(q '.cells[0].soak | [.samples_dropped, .events_dropped] | tostring')" = '[0,0]'
check "soak: the cut is one disconnect, with its reason" \
    test "$(q '.cells[0].soak.disconnects | [.count, (.events[0].reason | type)] | tostring')" = '[1,"number"]'
check "soak: ... about 25 s into the soak" \
    test "$(q '.cells[0].soak.disconnects.events[0].at_s | (. > 18 and . < 38)')" = true
check "soak: group rekeys every 10 s (at least 2 before the kick)" \
    test "$(q '[.cells[0].soak.rekeys.events[] | select(.type == "group" and .at_s < 24)] | length')" -ge 2
check "soak: a pairwise rekey (at least 1)" test "$(q '.cells[0].soak.rekeys.ptk')" -ge 1
check "soak: each rekey listed with its dip and recovery" \
    test "$(q '.cells[0].soak.rekeys | (.events | length) == .group + .ptk and ([.events[] | select(.dip_pct == null)] | length) == 0')" = true
# Control points need a quiet stretch of 7 s (a 4 s window clear of the events' own);
# whether the rekey timers, the kick and the soak's end leave one is chance: where the
# events leave one, the noise must have been measured there.
check "soak: where a quiet stretch was left, the control points measured the noise" \
    test "$(q '.cells[0].soak | ([0] + ([.rekeys.events[].at_s, .disconnects.events[].at_s] | sort)
        + [.series.t_s[-1] + .series.bin_s]) as $t
        | ([range(1; $t | length) as $i | $t[$i] - $t[$i - 1]] | max) as $gap
        | if $gap >= 7.5 then .rekeys.control.points >= 1 else .rekeys.control.points >= 0 end')" = true
check "soak: a median; 40 s are too short for a trend (4 bins of 10 s)" \
    test "$(q '.cells[0].soak | .median_bps > 0 and .trend == null')" = true
check "soak: the series covers the soak" test "$(q '.cells[0].soak.series.t_s | length')" -ge 35
check "soak: PMF verified across the group rekeys" test "$(q '.cells[0].pmf.verdict')" = pass
# the latency probes of the measured window (3 s at 10/s) and the idle baseline (1 s at 20/s)
echo "# latency: $(q '.cells[0].latency | del(.loaded.lost_at_s) | tostring')"
check "latency: idle baseline, then probes under load, ping's own counts" \
    test "$(q '.cells[0].latency | [.status, .idle.sent, .loaded.sent] | tostring')" = '["ok",20,30]'
check "latency: replies in both phases, quantiles in order" \
    test "$(q '.cells[0].latency | .idle.received >= 15 and .loaded.received >= 15
        and .loaded.rtt_ms.p50 <= .loaded.rtt_ms.p90 and .loaded.rtt_ms.p90 <= .loaded.rtt_ms.p99
        and .loaded.rtt_ms.p99 <= .loaded.rtt_ms.max')" = true
check "latency: the added latency is loaded minus idle" \
    test "$(q '.cells[0].latency | (.added_ms.p90 - (.loaded.rtt_ms.p90 - .idle.rtt_ms.p90))
        | (if . < 0 then -. else . end) < 1e-9')" = true
check "soak: the summary pools it" test "$(q '.summary[0].soak.disconnects')" = 1
check "soak: the results file reads back" "$WB" summary "$R"
check "soak: the report shows the soak" grep -q 'disconnects' "$T/r.html"
check "soak: the Markdown shows the soak" grep -qi 'soak' "$T/r.md"
check "soak: no daemon left" sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant && ! pgrep -x iperf3"
check "soak: no namespace left" sh -c "! ip netns list | grep -q wbench-"
rm -rf "$T"
t_done
