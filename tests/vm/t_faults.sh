# Faults the harness survives, in one run of five cells (one mode, five repetitions):
# hostapd killed mid-cell, wpa_supplicant killed, the iperf server killed, the AP radio
# removed, then a clean cell (each cell that ends with both daemons alive and the station
# associated runs two reconnect cycles).
# Each faulted cell is marked with its diagnosis, the run
# goes on with the next cell (which starts a fresh radio and fresh daemons), every wait
# is bounded (the whole run has a limit), and nothing is left behind.
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d /tmp/wbench-faults.XXXXXX)
R=$T/faults.json
cat > "$T/s.json" <<EOS
{ "name": "faults", "lab": { "backend": "sim", "ap": { "profile": "rt2800" },
  "sta": { "profile": "full" }, "sniffer": { "enabled": false } },
  "crypto_modes": ["nohwcrypt"], "security": ["psk2"],
  "passphrase": "wbench-demo-passphrase",
  "traffic": { "proto": "tcp", "direction": "up", "duration_s": 3 },
  "repetitions": 5, "seed": 3, "stability": { "reconnect_cycles": 2 } }
EOS
timeout 900 "$WB" run "$T/s.json" -o "$R" > "$T/out" 2>&1 &
tpid=$!
# the namespaces are named after wbench's pid: timeout's child
i=0; pid=
while [ $i -lt 100 ] && [ -z "$pid" ]; do pid=$(pgrep -P $tpid -x wbench); sleep 0.1; i=$((i + 1)); done

# in_traffic K: wait (bounded) until K cells are done and the next one's traffic runs
# (wpa_supplicant and the iperf client in the station's namespace); false if the run ended
in_traffic() {
    i=0
    while [ $i -lt 600 ]; do
        kill -0 $pid 2>/dev/null || return 1
        if [ "$(jq '.cells | length' "$R" 2>/dev/null || echo -1)" = "$1" ] &&
           [ "$(ip netns pids "wbench-sta-$pid" 2>/dev/null | wc -l)" -ge 2 ]; then
            sleep 1; return 0
        fi
        sleep 0.2; i=$((i + 1))
    done
    return 1
}
# ap_pids: the processes in the AP's namespace (hostapd, the iperf server)
ap_pids() { ip netns pids "wbench-ap-$pid" 2>/dev/null; }
comm() { cat "/proc/$1/comm" 2>/dev/null; }

in_traffic 0 && for p in $(ap_pids); do [ "$(comm $p)" = hostapd ] && kill -KILL $p; done
in_traffic 1 && pkill -KILL -x wpa_supplicant
in_traffic 2 && for p in $(ap_pids); do [ "$(comm $p)" != hostapd ] && kill -KILL $p; done
in_traffic 3 && ip netns exec "wbench-ap-$pid" "$WB" sim radio del "wbap$pid" > "$T/del.out" 2>&1
wait $tpid
rc=$?
check "faults: the run finished (exit 0, no hang)" test "$rc" = 0
[ "$rc" = 0 ] || tail -n 20 "$T/out" | sed 's/^/#   /'
check "faults: all five cells recorded" test "$(jq '.cells | length' "$R")" = 5
# cell K: "status code" of the K-th cell run
cell() { jq -r ".cells[$1] | \"\(.status) \(.diagnosis.code // \"-\")\"" "$R"; }
check "faults: hostapd killed: traffic_failed, ap_died" test "$(cell 0)" = "traffic_failed ap_died"
check "faults: wpa_supplicant killed: traffic_failed, sta_died" test "$(cell 1)" = "traffic_failed sta_died"
check "faults: iperf server killed: traffic_failed" test "$(jq -r '.cells[2].status' "$R")" = traffic_failed
check "faults: AP radio removed: traffic_failed" test "$(jq -r '.cells[3].status' "$R")" = traffic_failed
check "faults: ... with a diagnosis of the link or the AP" sh -c \
    "jq -r '.cells[3].diagnosis.code' '$R' | grep -qx 'ap_died\|sta_disconnected\|traffic_failed'"
echo "# cell 3 latency: $(jq -c '.cells[3].latency | del(.idle)' "$R" | head -c 600)"
check "faults: AP radio removed: the latency probes after the cut are lost, and when" \
    test "$(jq '.cells[3].latency.loaded | .loss_pct > 0 and (.lost_at_s | length) > 0
        and .received < .sent' "$R")" = true
check "faults: the clean cell has its latency under load" \
    test "$(jq '.cells[4].latency | .status == "ok" and .loaded.received > 0' "$R")" = true
check "faults: the clean cell after them is ok" test "$(jq -r '.cells[4].status' "$R")" = ok
check "faults: the clean cell's two reconnect cycles succeeded, each timed" \
    test "$(jq -c '.cells[4].reconnect | [.cycles, .succeeded, (.samples_ms | length), .assoc_ms.max > 0]' "$R")" = '[2,2,2,true]'
# the cells whose daemon died or link dropped run none; the iperf-server cell's station
# was still associated with both daemons alive: its cycles count
check "faults: no reconnect cycles after a dead daemon or a lost link" \
    test "$(jq -c '[.cells[0,1,3] | .reconnect]' "$R")" = '[null,null,null]'
check "faults: the cell that lost only its iperf server ran its cycles" \
    test "$(jq -c '.cells[2].reconnect | [.cycles, .succeeded]' "$R")" = '[2,2]'
check "faults: the summary pools them (4 of 4)" \
    test "$(jq -c '.summary[0].reconnect | [.cycles, .succeeded, .success_rate]' "$R")" = '[4,4,1]' 
for k in 0 1 2 3 4; do echo "# cell $k: $(cell $k): $(jq -r ".cells[$k].diagnosis.message // \"\"" "$R" | head -c 200)"; done
check "faults: diagnosis messages say what ended" sh -c \
    "jq -r '.cells[0].diagnosis.message' '$R' | grep -q 'hostapd was killed by signal 9'"
check "faults: the results file is valid" "$WB" summary "$R" >/dev/null
check "faults: no namespace left" sh -c "! ip netns list | grep -q wbench-"
check "faults: no radio left" sh -c "! ls /sys/class/ieee80211 | grep -q '^wb'"
check "faults: no daemon left" sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant"
check "faults: no state record left" sh -c "! ls /run/wbench/*.json 2>/dev/null | grep -q ."
rm -rf "$T"
t_done
