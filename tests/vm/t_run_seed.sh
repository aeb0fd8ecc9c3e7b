# The seed scenario (MT7620/WPA3 on the sim), run for real: the hwcrypt PMF cells fail
# to start the AP with no_bip_cipher and a remedy; every other cell carries traffic with
# CPU figures for both ends; SAE cells negotiate SAE with PMF required; PMF is verified
# from the capture; nothing is left behind.
# The results and the report go to $BUILD/vm-out (shared with the host): after the VM,
# tests/host/after_vm_report.sh opens this report in Chromium and compares the run.
. tests/lib/lib.sh
need_hwsim
T=$(mktemp -d /tmp/wbench-t.XXXXXX)
O=$BUILD/vm-out
rm -rf "$O"; mkdir -p "$O"
R=$O/seed.json

expect_exit "run seed: exits 0" 0 "$WB" run scenarios/mt7620-wpa3-sim.json -o "$R" \
    --report "$O/seed.html" --markdown "$O/seed.md"
printf '%s\n' "$OUT" | tail -n 14 | sed 's/^/#   /'
contains "run seed: prints the summary table" "ap_start_failed: no_bip_cipher"
contains "run seed: says the sim cannot show the crypto cost" "the sim has no hardware crypto"
contains "run seed: says where the report is" "report: $O/seed.html"
check "run seed: the report names the failure and its remedy" \
    sh -c "grep -q 'no_bip_cipher' '$O/seed.html' && grep -q 'nohwcrypt=1' '$O/seed.html'"
check "run seed: the report carries the sim disclaimer" grep -q 'no hardware crypto in the sim' "$O/seed.html"
check "run seed: the report has its charts (gnuplot SVG)" test "$(grep -c '<svg' "$O/seed.html")" -ge 3
check "run seed: the Markdown summary lists the 16 modes" \
    test "$(grep -c '^| \(hw\|nohw\)crypt | ' "$O/seed.md")" -ge 16

q() { jq -r "$@" "$R"; }
check "run seed: results file is a valid wbench-result/1" "$WB" summary "$R" >/dev/null
check "run seed: 48 cells, complete" test "$(q '[(.cells | length), .complete] | @tsv')" = "48	true"
check "run seed: hwcrypt + PMF cells are ap_start_failed / no_bip_cipher with a remedy" \
    test "$(q '[.cells[] | select(.crypto == "hwcrypt" and (.security == "psk2+pmf" or .security == "sae" or .security == "sae-mixed"))
            | select(.status == "ap_start_failed" and .diagnosis.code == "no_bip_cipher"
                     and (.diagnosis.remedy | test("nohwcrypt=1")))] | length')" = 18
check "run seed: every other cell is ok with throughput > 0" \
    test "$(q '[.cells[] | select(.crypto == "nohwcrypt" or .security == "psk2")
            | select(.status == "ok" and .throughput.bits_per_second > 0)] | length')" = 30
check "run seed: ok cells have CPU figures for AP and STA" \
    test "$(q '[.cells[] | select(.status == "ok") | select((.cpu.ap.busy_pct | type) == "number"
            and (.cpu.sta.busy_pct | type) == "number" and (.cpu.ap.per_core | length) > 0)] | length')" = 30
check "run seed: sae cells negotiate SAE with pmf=2 and BIP" \
    test "$(q '[.cells[] | select(.security == "sae" and .status == "ok")
            | select(.association.key_mgmt == "SAE" and .association.pmf == 2
                     and .association.mgmt_group_cipher == "BIP")] | length')" = 6
check "run seed: psk2 cells have no PMF" \
    test "$(q '[.cells[] | select(.security == "psk2") | select(.association.pmf == 0)] | length')" = 12
check "run seed: the failures were predicted by probe's rules" \
    test "$(q '[.cells[] | select(.status == "ap_start_failed") | select(.diagnosis.predicted)] | length')" = 18
check "run seed: PMF verdicts: sae pass, psk2 n/a" \
    test "$(q '[.cells[] | select(.status == "ok") | select((.security == "sae" and .pmf.verdict == "pass")
            or (.security == "psk2" and .pmf.verdict == "n/a"))] | length')" = 18
check "run seed: psk2+pmf cells pass with MICs verified from the handshake" \
    test "$(q '[.cells[] | select(.security == "psk2+pmf" and .status == "ok")
            | select(.pmf.verdict == "pass" and .pmf.mic_verified > 0 and .pmf.mic_failed == 0)] | length')" = 6
check "run seed: no capture dropped frames" \
    test "$(q '[.cells[] | select(.capture != null and .capture.dropped != 0)] | length')" = 0
check "run seed: summary has 16 modes with medians for the ok ones" \
    test "$(q '[(.summary | length), ([.summary[] | select(.median_bits_per_second > 0)] | length)] | @tsv')" = "16	10"
check "run seed: passphrase not in the results or the report" \
    sh -c "! grep -q wbench-demo-passphrase '$R' '$O/seed.html' '$O/seed.md'"
check "run seed: no namespaces left" sh -c "! ip netns list | grep -q wbench-"
check "run seed: no radios left" sh -c "! ls /sys/class/ieee80211 | grep -q '^wb'"
check "run seed: no daemons left" sh -c "! pgrep -x hostapd && ! pgrep -x wpa_supplicant"
rm -rf "$T"
t_done
