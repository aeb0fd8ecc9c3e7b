# The active PMF check inside `wbench run`: a forged unprotected deauth is ignored by a
# PMF station and disconnects a non-PMF one; the PMF verdicts hold; captures are saved.
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d /tmp/wbench-t.XXXXXX)
R=$T/active.json

expect_exit "run active: exits 0" 0 "$WB" run tests/fixtures/run/active-check.json -o "$R"
q() { jq -r "$@" "$R"; }
check "run active: all cells ok (UDP down)" test "$(q '[.cells[] | select(.status == "ok")] | length')" = 3
check "run active: sae station ignores the forged frames" \
    test "$(q '.cells[] | select(.security == "sae") | .active_check.forged_deauth')" = ignored
check "run active: the sae station answered reason 7 with an SA Query (protected frames seen)" \
    test "$(q '.cells[] | select(.security == "sae") | .active_check.sa_query')" = seen
check "run active: psk2 station is disconnected by them" \
    test "$(q '.cells[] | select(.security == "psk2") | .active_check.forged_deauth')" = disconnected
check "run active: sae verdict pass, forged frames recognised as ours (2 + a burst of 10)" \
    test "$(q '.cells[] | select(.security == "sae") | [.pmf.verdict, .pmf.forged_ignored] | @tsv')" = "pass	12"
check "run active: burst: the sae station stays associated, its SA Queries rate-limited" \
    test "$(q '.cells[] | select(.security == "sae") | .active_check.burst | [.sent, .disconnects, (.sa_query == "none" or .sa_query == "rate_limited")] | @tsv')" = "10	0	true"
check "run active: burst: the psk2 station is disconnected by them, each counted" \
    test "$(q '.cells[] | select(.security == "psk2") | .active_check.burst | (.sent == 10 and .disconnects >= 5)')" = true
check "run active: beacon protection: beacons carry the MME" \
    test "$(q '.cells[] | select(.security == "psk2+pmf-required+bp") | (.pmf.verdict == "pass" and .pmf.beacons_with_mme > 0)')" = true
check "run active: a capture per cell was saved" test "$(ls "$T"/active.captures/*.pcap | wc -l)" = 3
# On its own, a saved capture shows the attack: the two forged frames are the findings.
f=$(ls "$T"/active.captures/*_sae_*.pcap | head -n 1)
expect_exit "run active: the saved sae capture, verified on its own, fails" 1 "$WB" pmf-verify --json "$f"
burst=$(printf ',unprotected_unicast_robust:7%.0s' 1 2 3 4 5 6 7 8 9 10)
check "run active: ... on exactly the forged deauth (7), disassoc (3) and the burst's ten" \
    test "$(printf '%s' "$OUT" | jq -r '[.findings[] | "\(.rule):\(.reason_code)"] | join(",")')" = \
        "unprotected_unicast_robust:7,unprotected_unicast_robust:3$burst"
# MIC verification on a live capture: intact, then with one MIC byte flipped.
printf '%s\n' wbench-demo-passphrase > "$T/pass"
f=$(ls "$T"/active.captures/*psk2-pmf-required-bp*.pcap | head -n 1)
"$WB" pmf-verify --json --frames --passphrase-file "$T/pass" "$f" > "$T/v.json"
check "run active: live psk2+pmf-required capture: MICs verified, none failed" \
    test "$(jq -r '(.mic_verified > 0) and (.mic_failed == 0)' "$T/v.json")" = true
# the last such beacon: a MIC that fails while a station joins is taken for the AP's new
# group key (collectors/pmf.c, rekey window), so the first verified ones may test that path
n=$(jq -r '[.frame_list[] | select(.mic == "ok" and .mmie_keyid == 6)][-1].frame' "$T/v.json")
check "run active: a beacon with a verified MME exists (frame $n)" test "$n" != null
python3 tests/lib/flip_mic.py "$f" "$T/bad.pcap" "$n"
# stdout is the JSON; stderr (a warning about the capture) must not spoil it
"$WB" pmf-verify --json --passphrase-file "$T/pass" "$T/bad.pcap" > "$T/bad.json" 2> "$T/bad.err"
rc=$?
check "run active: the same capture with one MIC byte flipped fails (exit 1)" test "$rc" = 1
failed=$(jq -r '.mic_failed' "$T/bad.json" 2>/dev/null)
check "run active: ... as a MIC failure" test "${failed:-0}" -ge 1
if [ "${failed:-0}" -lt 1 ] 2>/dev/null || [ "$rc" != 1 ]; then
    sed 's/^/#   stderr: /' "$T/bad.err"
    jq -c '{verdict, mic, mic_failed, mic_verified, findings}' "$T/bad.json" 2>&1 | sed 's/^/#   /'
fi
check "run active: no monitor radio left" sh -c "! ls /sys/class/ieee80211 | grep -q '^wb'"
rm -rf "$T"
t_done
