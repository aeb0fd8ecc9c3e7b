#!/bin/sh
# An OpenWrt AP (lab.ap.kind "openwrt") on the stand-in 19.07 router of tests/lib/owrthost.sh:
# Debian's dropbear with an ssh-rsa key, BusyBox ash, the stand-ins of tests/openwrt/ for
# uci, wifi/netifd, ubus, logread, logger, insmod/rmmod, real hostapd on a hwsim radio with
# the rt2800 cipher set (rt2800soc nohwcrypt=N: no BIP). wbench configures the router's own
# AP through UCI; the STA is a local radio on the router's LAN, the iperf peer this machine
# on the wired side (the veth into br-lan), a local radio sniffs.
#  - preflight and probe --lab read the router: release, wpad features, no BIP now;
#  - the seed's case (psk2 and sae-mixed, both crypto modes; the other PMF profiles take
#    the same path through UCI, and their hostapd.conf lines are checked against the real
#    19.07 scripts by tests/openwrt/conf-compare.sh): hwcrypt + sae-mixed ->
#    ap_start_failed, no_bip_cipher, predicted, with the rt2800soc remedy; the rest ok,
#    PMF verified;
#  - after the run, and after SIGKILL plus `wbench cleanup` (which takes the radio down
#    before it reloads the module), /etc/config/wireless is byte-identical, rt2800soc has
#    nohwcrypt N again, no wbench file is on the router;
#  - a router with wpad-basic: its SAE cells are `unsupported` with the reason (not failed),
#    and iperf3 runs on the router when the scenario asks (its peer is the router).
. tests/lib/lib.sh
need_hwsim
. tests/lib/owrthost.sh
T=$(mktemp -d /tmp/wbench-labowrt.XXXXXX)
STATE=/run/wbench
case $WB in /*) WBA=$WB ;; *) WBA=$(pwd)/$WB ;; esac
if ! owrt_up r 10.77.7 "wb=$WBA"; then not_ok "lab openwrt: the router is up"; t_done; fi
"$WB" sim radio add wbosta >/dev/null || not_ok "lab openwrt: the STA's radio"
"$WB" sim radio add wbosnf >/dev/null || not_ok "lab openwrt: the sniffer's radio"
cp "$OWRT_ROOT/etc/config/wireless" "$T/wireless.orig"
opts=$(owrt_ssh_options | sed 's/.*/"&"/' | paste -sd, -)
ROUTER=r
param() { owrt_ssh "$ROUTER" cat /sys/module/rt2800soc/parameters/nohwcrypt 2>/dev/null; }
check "lab openwrt: rt2800soc is loaded with nohwcrypt N" test "$(param)" = N

# scenario FILE MODES SECURITY REPS DURATION (NET, PEER: the lab's /24 and the iperf peer)
NET=10.77.7
PEER='{ "host": "local", "address": "10.77.7.1" }'
scenario() {
    cat > "$1" <<EOF
{ "name": "lab-openwrt-vm",
  "lab": { "backend": "ssh",
    "hosts": { "router": { "ssh": "$OWRT_TARGET", "identity_file": "$OWRT_KEY",
                           "ssh_options": [$opts] } },
    "ap": { "host": "router", "kind": "openwrt", "device": "platform/10180000.wmac",
            "radio": "radio0", "network": "lan", "channel": 1 },
    "sta": { "phy": "wbosta", "address": "$NET.50/24" },
    "peer": $PEER,
    "sniffer": { "enabled": true, "phy": "wbosnf" } },
  "crypto_modes": $2, "security": $3, "passphrase": "wbench-demo-passphrase",
  "traffic": { "proto": "tcp", "direction": "up", "duration_s": $5 },
  "repetitions": $4, "seed": 5 }
EOF
}

# nothing_left WHAT
nothing_left() {
    check "$1: /etc/config/wireless is byte-identical" cmp -s "$T/wireless.orig" \
        "$OWRT_ROOT/etc/config/wireless"
    check "$1: no staged uci change" sh -c "[ -z \"\$(ls -A '$OWRT_ROOT/tmp/.uci' 2>/dev/null)\" ]"
    check "$1: rt2800soc has nohwcrypt N again" test "$(param)" = N
    check "$1: no wbench file on the router" \
        sh -c "! find '$OWRT_ROOT/tmp' '$OWRT_ROOT/etc' -name '*wbench*' ! -path '*/.wbench-owrt*' | grep -q ."
    check "$1: no wbench namespace left here" sh -c "! ip netns list | grep -q '^wbench-'"
    check "$1: no state record left" sh -c "! ls $STATE/*.json 2>/dev/null | grep -q ."
    cat $STATE/*.json 2>/dev/null | grep -v '"content"' | sed 's/^/#   /'
}

SEC='["psk2", "sae-mixed"]'
scenario "$T/run.json" '["hwcrypt", "nohwcrypt"]' "$SEC" 1 3

# --- read-only looks first ---
expect_exit "lab openwrt: dry run with preflight, exit 0" 0 "$WB" run --dry-run --preflight "$T/run.json"
printf '%s\n' "$OUT" | grep -i "router\|openwrt\|release\|PROBLEM" | head -20 | sed 's/^/#   /'
contains "lab openwrt: the preflight read the release" "19.07"
expect_exit "lab openwrt: probe --lab, exit 0" 0 "$WB" probe --lab "$T/run.json" --json
printf '%s\n' "$OUT" > "$T/probe.json"
check "lab openwrt: probe --lab: the router's radio has no BIP now" \
    test "$(jq -r '.phys[] | select(.role == "ap") | .bip_supported' "$T/probe.json")" = false
check "lab openwrt: the looks changed nothing" cmp -s "$T/wireless.orig" "$OWRT_ROOT/etc/config/wireless"

# --- the seed matrix ---
expect_exit "lab openwrt: the seed matrix on the router, exit 0" 0 "$WB" run "$T/run.json" -o "$T/r.json"
printf '%s\n' "$OUT" | grep -i "warn\|error" | sed 's/^/#   /'
q() { jq -r "$@" "$T/r.json"; }
q '.cells[] | "#   cell \(.index): \(.crypto) \(.security) \(.status) \(.diagnosis.code // "") \(.diagnosis.message // "")"'
q '.cells[] | select(.status != "ok" and .diagnosis.code != "no_bip_cipher") | .ap_provider | tostring | .[0:3000]' | sed 's/^/#   /'
check "lab openwrt: 4 cells, complete" test "$(q '[(.cells | length), .complete] | @tsv')" = "4	true"
check "lab openwrt: the hwcrypt + PMF cell is ap_start_failed / no_bip_cipher, predicted, with the remedy" \
    test "$(q '[.cells[] | select(.crypto == "hwcrypt" and .security != "psk2")
            | select(.status == "ap_start_failed" and .diagnosis.code == "no_bip_cipher"
                     and .diagnosis.predicted and (.diagnosis.remedy | test("rt2800soc")))] | length')" = 1
check "lab openwrt: every other cell is ok with throughput > 0" \
    test "$(q '[.cells[] | select(.crypto == "nohwcrypt" or .security == "psk2")
            | select(.status == "ok" and .throughput.bits_per_second > 0)] | length')" = 3
check "lab openwrt: PMF verified from the air: sae-mixed passes, psk2 n/a" \
    test "$(q '[.cells[] | select(.status == "ok") | select((.security == "psk2" and .pmf.verdict == "n/a")
            or (.security != "psk2" and .pmf.verdict == "pass"))] | length')" = 3
check "lab openwrt: the router's CPU in the ok cells" \
    test "$(q '[.cells[] | select(.status == "ok") | select((.cpu.ap.busy_pct | type) == "number")] | length')" = 3
check "lab openwrt: passphrase not in the results" sh -c "! grep -q wbench-demo-passphrase '$T/r.json'"
nothing_left "lab openwrt: after the run"

# --- killed mid-cell, then wbench cleanup ---
scenario "$T/kill.json" '["nohwcrypt"]' '["psk2"]' 2 30
"$WB" run "$T/kill.json" -o "$T/k.json" > "$T/k.out" 2>&1 &
pid=$!
i=0
while [ $i -lt 900 ]; do
    # switched, and the router's AP carries the cell's SSID: a cell is under way
    [ "$(param)" = Y ] && grep -q "wbench" "$OWRT_ROOT/etc/config/wireless" &&
        [ -n "$(ip netns pids "wbench-sta-$pid" 2>/dev/null)" ] && break
    kill -0 $pid 2>/dev/null || break
    sleep 0.2; i=$((i + 1))
done
sleep 1
kill -KILL $pid
wait $pid; rc=$?
check "lab openwrt: SIGKILL: the run is gone (exit 137)" test "$rc" = 137
check "lab openwrt: SIGKILL: the router's config is left changed" \
    sh -c "! cmp -s '$T/wireless.orig' '$OWRT_ROOT/etc/config/wireless'"
check "lab openwrt: SIGKILL: the parameter is left at Y" test "$(param)" = Y
expect_exit "lab openwrt: cleanup, exit 0" 0 "$WB" cleanup
printf '%s\n' "$OUT" | sed 's/^/#   /'
contains "lab openwrt: cleanup takes the radio down before the module reload" \
    "wifi down radio0; rmmod rt2800soc"
nothing_left "lab openwrt: after SIGKILL and cleanup"
owrt_down r

# --- a wpad-basic router (no SAE): unsupported cells; iperf3 on the router, asked for ---
ROUTER=b
if owrt_up b 10.77.8 "wb=$WBA" wpad=basic; then
    cp "$OWRT_ROOT/etc/config/wireless" "$T/wireless.orig"
    opts=$(owrt_ssh_options | sed 's/.*/"&"/' | paste -sd, -)
    NET=10.77.8 PEER='{ "host": "router", "address": "10.77.8.2" }' \
        scenario "$T/basic.json" '["nohwcrypt"]' '["psk2", "sae"]' 1 3
    expect_exit "lab openwrt basic: dry run with preflight, exit 1 (a problem)" 1 \
        "$WB" run --dry-run --preflight "$T/basic.json"
    contains "lab openwrt basic: the preflight says SAE is unsupported" \
        "security 'sae': unsupported"
    contains "lab openwrt basic: the preflight says iperf3 runs on the router" \
        "iperf3 runs on the router"
    expect_exit "lab openwrt basic: run, exit 0" 0 "$WB" run "$T/basic.json" -o "$T/b.json"
    b() { jq -r "$@" "$T/b.json"; }
    b '.cells[] | "#   cell \(.index): \(.crypto) \(.security) \(.status) \(.diagnosis.message // "")"'
    check "lab openwrt basic: the sae cell is unsupported, with the reason" \
        test "$(b '[.cells[] | select(.security == "sae" and .status == "unsupported"
                and (.diagnosis.message | test("no SAE")))] | length')" = 1
    check "lab openwrt basic: the psk2 cell is ok, iperf3 on the router" \
        test "$(b '[.cells[] | select(.security == "psk2" and .status == "ok"
                and .throughput.bits_per_second > 0)] | length')" = 1
    check "lab openwrt basic: the results say iperf3 ran on the router" \
        test "$(b '.environment.ap.openwrt.iperf3_on_router')" = true
    check "lab openwrt basic: no iperf3 left on the router" \
        sh -c "! ip netns pids '$OWRT_NS' | xargs -r ps -o comm= -p | grep -q iperf3"
    nothing_left "lab openwrt basic: after the run"
    owrt_down b
else
    not_ok "lab openwrt basic: the wpad-basic router is up"
    owrt_down b
fi
for r in wbosta wbosnf; do "$WB" sim radio del "$r" >/dev/null 2>&1; done
rm -rf "$T"
t_done
