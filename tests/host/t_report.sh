#!/bin/sh
# wbench report: the HTML page in headless Chromium (no console errors, a screenshot,
# the numbers against the JSON, the sim disclaimer), the Markdown summary, hostile
# strings and secrets, the no-gnuplot fallback, bad input, and that the checker can fail.
# Needs Debian's chromium, chromium-driver and python3-selenium (tests/deps.sh), and
# gnuplot-nox for the charts.
. tests/lib/lib.sh

FX=tests/fixtures/report
OUTDIR=${WB_TEST_LOG:-${LOG:-}}
if [ -n "$OUTDIR" ]; then OUTDIR=$OUTDIR/report; mkdir -p "$OUTDIR"
else OUTDIR=$(mktemp -d "${TMPDIR:-/tmp}/wbench-report-test.XXXXXX"); fi
echo "# report test output (pages, screenshots) in $OUTDIR"

PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import selenium' 2>/dev/null; then PY=$p; break; fi
done
BROWSER=yes
if [ -z "$PY" ] || [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ] ||
   [ ! -x "${CHROMEDRIVER:-/usr/bin/chromedriver}" ]; then
    not_ok "report: browser test needs chromium, chromium-driver and python3-selenium (apt-get install chromium chromium-driver python3-selenium)"
    BROWSER=
fi
command -v gnuplot >/dev/null 2>&1 || not_ok "report: gnuplot missing (apt-get install gnuplot-nox)"

browser_check() { # NAME ARGS...: the checker must pass
    name=$1; shift
    [ -n "$BROWSER" ] || return 0
    OUT=$("$PY" tests/lib/report_check.py "$@" 2>&1); rc=$?
    if [ $rc = 0 ]; then ok "$name ($(printf '%s\n' "$OUT" | tail -n 1))"; else
        not_ok "$name (checker exit $rc)"; printf '%s\n' "$OUT" | sed 's/^/#   /' | tail -n 20; fi
}

browser_fails() { # NAME ARGS...: the checker must find a problem (exit 1)
    name=$1; shift
    [ -n "$BROWSER" ] || return 0
    OUT=$("$PY" tests/lib/report_check.py "$@" 2>&1); rc=$?
    if [ $rc = 1 ]; then ok "$name"; else
        not_ok "$name (checker exit $rc, expected 1)"; printf '%s\n' "$OUT" | sed 's/^/#   /' | tail -n 10; fi
}

# One sim file: page, Markdown, disclaimer, numbers.
expect_exit "report: sim file" 0 "$WB" report "$FX/sim.json" -o "$OUTDIR/sim.html" --markdown "$OUTDIR/sim.md"
check "report: page has charts (inline svg)" grep -q '<svg' "$OUTDIR/sim.html"
check "report: page has no script element" sh -c "! grep -qi '<script' '$OUTDIR/sim.html'"
check "report: markdown has the sim disclaimer" grep -q 'no hardware crypto in the sim' "$OUTDIR/sim.md"
check "report: markdown names the remedy" grep -q 'nohwcrypt=1' "$OUTDIR/sim.md"
browser_check "report: sim page in chromium" --html "$OUTDIR/sim.html" --screenshot "$OUTDIR/sim.png" \
    --markdown "$OUTDIR/sim.md" "$FX/sim.json"

# Two files with a comparison: hostile strings, a planted passphrase.
expect_exit "report: two files with --compare" 0 "$WB" report "$FX/sim.json" "$FX/lab.json" \
    --compare "$FX/compare.json" -o "$OUTDIR/two.html" --markdown "$OUTDIR/two.md"
check "report: hostile string escaped in the page" sh -c "! grep -q '<img src=x' '$OUTDIR/two.html'"
SECRETS="hunter2-do-not-print S3CRET-wpa-passphrase 00112233445566778899aabbccddeeff PMK-ffeeddccbbaa"
check "report: secrets never printed (any key name)" sh -c "! grep -q -e hunter2 -e S3CRET -e 0011223344556677 -e PMK-ff '$OUTDIR/two.html' '$OUTDIR/two.md'"
check "report: passphrase_file path kept" grep -q '/etc/wbench/lab.passphrase' "$OUTDIR/two.html"
SECRET_ARGS=
for s in $SECRETS; do SECRET_ARGS="$SECRET_ARGS --secret $s"; done
check "report: markdown compare table" grep -q '^| nohwcrypt/psk2/tcp/up | 44.5 | 20.5 | -54.0% | regressed' "$OUTDIR/two.md"
check "report: markdown rows stay one line each" sh -c "! grep -q '^line' '$OUTDIR/two.md'"
browser_check "report: two files in chromium" --html "$OUTDIR/two.html" --screenshot "$OUTDIR/two.png" \
    --compare "$FX/compare.json" --markdown "$OUTDIR/two.md" $SECRET_ARGS "$FX/sim.json" "$FX/lab.json"

# A lab file alone: no sim disclaimer anywhere.
expect_exit "report: lab file" 0 "$WB" report "$FX/lab.json" -o "$OUTDIR/lab.html" --markdown "$OUTDIR/lab.md"
check "report: no disclaimer in the lab markdown" sh -c "! grep -q 'no hardware crypto' '$OUTDIR/lab.md'"
browser_check "report: lab page in chromium" --html "$OUTDIR/lab.html" --screenshot "$OUTDIR/lab.png" \
    --markdown "$OUTDIR/lab.md" $SECRET_ARGS "$FX/lab.json"

# A file with soaks: the Stability section's soak table, the soak chart.
expect_exit "report: soak file" 0 "$WB" report tests/fixtures/results/soak.json \
    -o "$OUTDIR/soak.html" --markdown "$OUTDIR/soak.md"
check "report: soak row in the markdown" grep -q '^| hwcrypt psk2 tcp up | 0.17 | \*\*1 (6.0/h)\*\* | 3 |' "$OUTDIR/soak.md"
check "report: soak chart drawn" grep -q '<figcaption>Soak throughput' "$OUTDIR/soak.html"
browser_check "report: soak page in chromium" --html "$OUTDIR/soak.html" --screenshot "$OUTDIR/soak.png" \
    --markdown "$OUTDIR/soak.md" tests/fixtures/results/soak.json

# A file with latency probes: the Latency under load table (its numbers recomputed by the
# checker from the cells), the latency chart.
expect_exit "report: latency file" 0 "$WB" report tests/fixtures/results/latency.json \
    -o "$OUTDIR/latency.html" --markdown "$OUTDIR/latency.md"
check "report: latency row in the markdown" grep -q '^| hwcrypt psk2 udp down | 1 | 1.90 | 30.00 | 48.00 | 75.00 | 45.60 | 52.78 | 1.60 | 2.75 |$' "$OUTDIR/latency.md"
check "report: latency chart drawn" grep -q '<figcaption>Latency under load' "$OUTDIR/latency.html"
browser_check "report: latency page in chromium" --html "$OUTDIR/latency.html" \
    --screenshot "$OUTDIR/latency.png" --markdown "$OUTDIR/latency.md" tests/fixtures/results/latency.json
sed 's/data-field="lat_loaded_p90_ms">31.00</data-field="lat_loaded_p90_ms">31.50</' "$OUTDIR/latency.html" > "$OUTDIR/latency-tampered.html"
check "report: tampering changed the latency page" sh -c "! cmp -s '$OUTDIR/latency.html' '$OUTDIR/latency-tampered.html'"
browser_fails "report: checker rejects a tampered latency" --html "$OUTDIR/latency-tampered.html" \
    --screenshot "$OUTDIR/latency-tampered.png" tests/fixtures/results/latency.json

# Two files without --compare: the comparison comes from wb_compare_docs, or a warning.
OUT=$("$WB" report "$FX/sim.json" "$FX/lab.json" -o "$OUTDIR/two-auto.html" 2>&1); rc=$?
if [ $rc = 0 ] && { grep -q 'id="compare"' "$OUTDIR/two-auto.html" ||
                    printf '%s' "$OUT" | grep -q 'no comparison section'; }; then
    ok "report: two files, comparison or a warning"
else not_ok "report: two files, comparison or a warning (exit $rc)"; printf '%s\n' "$OUT" | sed 's/^/#   /'; fi

# Without gnuplot: tables, a visible note, a warning.
OUT=$(env PATH=/nonexistent "$WB" report "$FX/sim.json" -o "$OUTDIR/nognuplot.html" 2>&1); rc=$?
if [ $rc = 0 ] && printf '%s' "$OUT" | grep -q 'charts need gnuplot' &&
   grep -q 'charts need gnuplot (apt-get install gnuplot-nox)' "$OUTDIR/nognuplot.html" &&
   ! grep -q '<svg' "$OUTDIR/nognuplot.html"; then
    ok "report: without gnuplot, tables and a note"
else not_ok "report: without gnuplot (exit $rc)"; printf '%s\n' "$OUT" | sed 's/^/#   /'; fi
browser_check "report: page without charts in chromium" --html "$OUTDIR/nognuplot.html" \
    --screenshot "$OUTDIR/nognuplot.png" "$FX/sim.json"

# The checker can fail: a tampered number, tampered JSON, an external resource.
sed 's/data-field="median_mbps">43.8</data-field="median_mbps">43.9</' "$OUTDIR/sim.html" > "$OUTDIR/tampered.html"
check "report: tampering changed the page" sh -c "! cmp -s '$OUTDIR/sim.html' '$OUTDIR/tampered.html'"
browser_fails "report: checker rejects a tampered number" --html "$OUTDIR/tampered.html" \
    --screenshot "$OUTDIR/tampered.png" "$FX/sim.json"
"${PY:-python3}" -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = next(c for c in d["cells"] if c["status"] == "ok")
c["throughput"]["bits_per_second"] *= 1.5
json.dump(d, open(sys.argv[2], "w"))' "$FX/sim.json" "$OUTDIR/tampered.json"
browser_fails "report: checker rejects numbers that do not match the JSON" --html "$OUTDIR/sim.html" \
    --screenshot "$OUTDIR/tampered2.png" "$OUTDIR/tampered.json"
sed 's|</body>|<img src="http://192.0.2.1/x.png"></body>|' "$OUTDIR/sim.html" > "$OUTDIR/external.html"
browser_fails "report: checker rejects an external resource (console error)" --html "$OUTDIR/external.html" \
    --screenshot "$OUTDIR/external.png" "$FX/sim.json"
{ cat "$OUTDIR/lab.md"; echo "| leaked | S3CRET-wpa-passphrase |"; } > "$OUTDIR/leak.md"
browser_fails "report: checker rejects a secret in the Markdown" --html "$OUTDIR/lab.html" \
    --screenshot "$OUTDIR/leak.png" --markdown "$OUTDIR/leak.md" $SECRET_ARGS "$FX/lab.json"
grep -v 'no hardware crypto in the sim' "$OUTDIR/sim.md" > "$OUTDIR/nodisclaimer.md"
browser_fails "report: checker rejects sim Markdown without the disclaimer" --html "$OUTDIR/sim.html" \
    --screenshot "$OUTDIR/nodisclaimer.png" --markdown "$OUTDIR/nodisclaimer.md" "$FX/sim.json"
sed 's|id="sim-disclaimer"|id="x" hidden|' "$OUTDIR/sim.html" > "$OUTDIR/nobanner.html"
browser_fails "report: checker rejects a sim page without the disclaimer" --html "$OUTDIR/nobanner.html" \
    --screenshot "$OUTDIR/nobanner.png" "$FX/sim.json"

# Bad input and usage.
expect_exit "report: missing file" 2 "$WB" report "$OUTDIR/nonexistent.json" -o "$OUTDIR/x.html"
contains "report: missing file named" "nonexistent.json"
expect_exit "report: not a results file" 2 "$WB" report "$FX/compare.json" -o "$OUTDIR/x.html"
contains "report: bad file named" "compare.json"
expect_exit "report: no output" 2 "$WB" report "$FX/sim.json"
expect_exit "report: --compare of a results file" 2 "$WB" report "$FX/sim.json" "$FX/lab.json" \
    --compare "$FX/sim.json" -o "$OUTDIR/x.html"
contains "report: --compare schema named" 'expected "wbench-compare/1"'
expect_exit "report: --compare missing file" 2 "$WB" report "$FX/sim.json" "$FX/lab.json" \
    --compare "$OUTDIR/nonexistent-cmp.json" -o "$OUTDIR/x.html"
contains "report: --compare missing file named" "cannot read comparison '$OUTDIR/nonexistent-cmp.json'"
printf '{"schema":\n "x",]' > "$OUTDIR/bad-cmp.json"
expect_exit "report: --compare bad JSON" 2 "$WB" report "$FX/sim.json" "$FX/lab.json" \
    --compare "$OUTDIR/bad-cmp.json" -o "$OUTDIR/x.html"
contains "report: --compare bad JSON at line:column" "bad-cmp.json:2:6:"
# The comparison of sim then lab, given for lab then sim: a warning and a visible note.
expect_exit "report: --compare of other files" 0 "$WB" report "$FX/lab.json" "$FX/sim.json" \
    --compare "$FX/compare.json" -o "$OUTDIR/swapped.html" --markdown "$OUTDIR/swapped.md" --no-charts
contains "report: --compare mismatch warned" "may not compare these two files: baseline: the comparison has 'mt7620-wpa3-sim'"
check "report: --compare mismatch noted in the page" grep -q 'id="compare-mismatch"' "$OUTDIR/swapped.html"
check "report: --compare mismatch noted in the markdown" grep -q 'may not be of these two files' "$OUTDIR/swapped.md"
check "report: --compare of the same files, no note" sh -c "! grep -q 'compare-mismatch' '$OUTDIR/two.html'"
expect_exit "report: unwritable output" 3 "$WB" report "$FX/sim.json" -o /nonexistent-dir/r.html
contains "report: unwritable output named" "/nonexistent-dir/r.html"
t_done
