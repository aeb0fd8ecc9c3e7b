#!/bin/sh
# After the VM tests (tests/run-all.sh): the live seed run that tests/vm/t_run_seed.sh
# wrote to DIR (its results, HTML report and Markdown) checked on the host: the report in
# headless Chromium (no console errors, a screenshot, every marked number recomputed
# from the JSON), the run compared with itself (an A/A gate must pass), and a two-file
# report of an earlier real seed run against this one with the real comparison; then the
# gate's real baseline/candidate pair (tests/vm/t_run_gate.sh) as a two-file report.
. tests/lib/lib.sh
B=${1:?usage: after_vm_report.sh BUILD_DIR}
D=$B/vm-out
G=$B/vm-out-gate
FX=tests/fixtures/report
OUTDIR=${LOG:-$D}/live-report
mkdir -p "$OUTDIR"

if [ ! -f "$D/seed.json" ] || [ ! -f "$D/seed.html" ]; then
    not_ok "live report: the VM's seed run left no results or report in $D"
    t_done; exit 0
fi
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import selenium' 2>/dev/null; then PY=$p; break; fi
done

browser_check() { # NAME ARGS...
    name=$1; shift
    if [ -z "$PY" ]; then not_ok "$name: needs python3-selenium, chromium, chromium-driver"; return; fi
    OUT=$("$PY" tests/lib/report_check.py "$@" 2>&1); rc=$?
    if [ $rc = 0 ]; then ok "$name ($(printf '%s\n' "$OUT" | tail -n 1))"; else
        not_ok "$name (checker exit $rc)"; printf '%s\n' "$OUT" | sed 's/^/#   /' | tail -n 20; fi
}

browser_check "live report: the VM's seed report in chromium, numbers match its results" \
    --html "$D/seed.html" --screenshot "$OUTDIR/seed.png" --secret wbench-demo-passphrase "$D/seed.json"

expect_exit "live compare: the seed run against itself passes" 0 \
    "$WB" compare "$D/seed.json" "$D/seed.json" -o "$OUTDIR/aa.json" --junit "$OUTDIR/aa.xml"
# 3 repetitions a side: every mode that ran is "unknown, run more" (min_runs 5; 3 v 3
# cannot reach p < 0.05 anyway), the failing ones are not compared: never a guess.
check "live compare: A/A 3 v 3: the 10 modes that ran are unknown (too few runs), none judged" \
    test "$(jq '[.groups[] | select(.throughput.verdict == "unknown" and (.throughput.reason | test("too few runs: baseline 3, candidate 3")))] | length' "$OUTDIR/aa.json")" = 10
check "live compare: A/A: 16 groups, the 6 hwcrypt PMF modes still failing" \
    test "$(jq -r '[(.groups | length), ([.groups[] | select(.functional.start.verdict == "still_failing")] | length)] | @tsv' "$OUTDIR/aa.json")" = "16	6"
check "live compare: JUnit is well-formed XML" xmllint --noout "$OUTDIR/aa.xml"

# An earlier real seed run (fixture) as the baseline, this run as the candidate. The
# verdicts are whatever the data says (3 v 3 is 'unknown'); the page must render them.
"$WB" compare "$FX/sim.json" "$D/seed.json" -o "$OUTDIR/ab.json" > "$OUTDIR/ab.out" 2>&1
rc=$?
check "live compare: earlier run against this one: exit 0 or 1 ($rc), a wbench-compare/1 document" \
    sh -c "[ $rc -le 1 ] && jq -e '.schema == \"wbench-compare/1\"' '$OUTDIR/ab.json' >/dev/null"
sed 's/^/#   /' "$OUTDIR/ab.out" | tail -n 3
expect_exit "live report: two runs side by side with the real comparison" 0 \
    "$WB" report "$FX/sim.json" "$D/seed.json" -o "$OUTDIR/ab.html" --markdown "$OUTDIR/ab.md"
browser_check "live report: the two-run page in chromium, numbers match both files and the comparison" \
    --html "$OUTDIR/ab.html" --screenshot "$OUTDIR/ab.png" --compare "$OUTDIR/ab.json" \
    --secret wbench-demo-passphrase \
    "$FX/sim.json" "$D/seed.json"

if [ ! -f "$G/cmp.json" ]; then
    not_ok "live report: the VM's gate runs left no comparison in $G"
else
    expect_exit "live report: the gate's baseline and candidate side by side" 0 \
        "$WB" report "$G/base.json" "$G/cand.json" -o "$OUTDIR/gate.html" --markdown "$OUTDIR/gate.md"
    row() { grep -o "<tr[^>]*><td>$1</td>.*" "$OUTDIR/gate.html" | head -n 1 | sed 's|</tr>.*||'; }
    check "live report: the psk2 row of the comparison says regressed and fail" \
        sh -c "row_=\"\$1\"; printf '%s' \"\$row_\" | grep -q '<td class=\"fail\">regressed</td>' &&
               printf '%s' \"\$row_\" | grep -q '<strong>fail</strong>'" _ "$(row hwcrypt/psk2/udp/up)"
    check "live report: the sae row says start new_failure with no_bip_cipher" \
        sh -c "printf '%s' \"\$1\" | grep -q '<td class=\"fail\">new_failure</td>.*no_bip_cipher'" _ "$(row hwcrypt/sae/udp/up)"
    check "live report: the passphrase is in neither the gate page nor its Markdown" \
        sh -c "! grep -q wbench-demo-passphrase '$OUTDIR/gate.html' '$OUTDIR/gate.md'"
    browser_check "live report: the gate page in chromium, numbers match both runs and the comparison" \
        --html "$OUTDIR/gate.html" --screenshot "$OUTDIR/gate.png" --compare "$G/cmp.json" \
        --secret wbench-demo-passphrase \
        "$G/base.json" "$G/cand.json"
fi
t_done
