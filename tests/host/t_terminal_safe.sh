#!/bin/sh
# Names and codes from a results file reach the terminal only as printable text: a mode
# name with a newline, an ESC sequence and a C1 control (CSI) in
# `summary` and in the `compare` table: rows not split, no escape byte printed, valid UTF-8;
# and a file name that is not UTF-8 in `report`'s pages, which declare UTF-8.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-term.XXXXXX")
trap 'rm -rf "$T"' EXIT
S=tests/fixtures/results/sample.json
evil=$(printf 'psk2\n\033[31mEVIL\302\233\377')
jq --arg e "$evil" '(.cells[] | select(.security == "psk2") | .security) = $e |
    (.summary[] | select(.security == "psk2") | .security) = $e' "$S" > "$T/evil.json"
check "terminal: the file holds the hostile name (the test's premise)" grep -q EVIL "$T/evil.json"

# safe NAME: $OUT has no ESC, no C1 CSI, no invalid UTF-8, and shows the name as one row
safe() {
    check "$1: no ESC byte" sh -c "! printf '%s' \"\$1\" | grep -q \"\$(printf '\033')\"" _ "$OUT"
    check "$1: no C1 control" sh -c "! printf '%s' \"\$1\" | grep -q \"\$(printf '\302\233')\"" _ "$OUT"
    check "$1: valid UTF-8" sh -c "printf '%s' \"\$1\" | iconv -f UTF-8 -t UTF-8 >/dev/null" _ "$OUT"
    contains "$1: the name on its row, controls as '?'" "psk2??[31mEVIL?"
}
plain=$("$WB" summary "$S" | wc -l)
expect_exit "terminal: summary, exit 0" 0 "$WB" summary "$T/evil.json"
safe "terminal: summary"
check "terminal: summary: as many lines as for the clean file" \
    test "$(printf '%s\n' "$OUT" | wc -l)" = "$plain"
expect_exit "terminal: compare table, exit 0" 0 "$WB" compare "$T/evil.json" "$T/evil.json"
safe "terminal: compare"

# a file name that is bytes, not UTF-8: the pages (which declare UTF-8) get valid text
bad=$(printf 'r\377\033.json')
cp "$S" "$T/$bad"
expect_exit "terminal: report of a non-UTF-8 file name, exit 0" 0 \
    "$WB" report "$T/$bad" -o "$T/r.html" --markdown "$T/r.md"
check "terminal: the HTML page is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$T/r.html" -o /dev/null
check "terminal: the Markdown is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$T/r.md" -o /dev/null
check "terminal: the page names the file, the non-UTF-8 byte as '?'" grep -q 'r?[^<]*[.]json' "$T/r.html"
t_done
