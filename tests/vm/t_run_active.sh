# The active PMF check inside `wbench run`: a forged unprotected deauth is ignored by a
# PMF station and disconnects a non-PMF one; the PMF verdicts hold; captures are saved.
. tests/lib.sh
T=$(mktemp -d /tmp/wbench-t.XXXXXX)
R=$T/active.json

expect_exit "run active: exits 0" 0 "$WB" run tests/fixtures/run/active-check.json -o "$R"
q() { jq -r "$@" "$R"; }
check "run active: all cells ok (UDP down)" test "$(q '[.cells[] | select(.status == "ok")] | length')" = 3
check "run active: sae station ignores the forged frames" \
    test "$(q '.cells[] | select(.security == "sae") | .active_check.forged_deauth')" = ignored
check "run active: psk2 station is disconnected by them" \
    test "$(q '.cells[] | select(.security == "psk2") | .active_check.forged_deauth')" = disconnected
check "run active: sae verdict pass, forged frames recognised as ours" \
    test "$(q '.cells[] | select(.security == "sae") | [.pmf.verdict, .pmf.forged_ignored] | @tsv')" = "pass	2"
check "run active: beacon protection: beacons carry the MME" \
    test "$(q '.cells[] | select(.security == "psk2+pmf-required+bp") | (.pmf.verdict == "pass" and .pmf.beacons_with_mme > 0)')" = true
check "run active: a capture per cell was saved" test "$(ls "$T"/active.captures/*.pcap | wc -l)" = 3
f=$(ls "$T"/active.captures/*sae*.pcap | head -n 1)
expect_exit "run active: the saved sae capture verifies on its own" 0 "$WB" pmf-verify "$f"
check "run active: no monitor radio left" sh -c "! ls /sys/class/ieee80211 | grep -q '^wb'"
rm -rf "$T"
t_done
