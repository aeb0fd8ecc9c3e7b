#!/bin/sh
# Scenario values that differ between two results files are named in compare's warnings
# (stderr, -o JSON, JUnit) and in the report built from them: a secret-like key (the
# report's redaction rule: passphrase, psk, secret, ...) is shown as <redacted> there too,
# also when the secret sits inside a differing object. Other differences stay readable.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-redact.XXXXXX")
trap 'rm -rf "$T"' EXIT
S=tests/fixtures/results/sample.json
jq '.scenario.traffic.wpa_passphrase = "hunter2-base" | .scenario.traffic.opts = {"psk": "hunter3-base"}' \
    "$S" > "$T/a.json"
jq '.scenario.traffic.wpa_passphrase = "hunter2-cand" | .scenario.traffic.opts = {"psk": "hunter3-cand"} |
    .scenario.traffic.window = 7' "$S" > "$T/b.json"
"$WB" compare "$T/a.json" "$T/b.json" -o "$T/c.json" --junit "$T/j.xml" > "$T/out" 2>&1
"$WB" report "$T/a.json" "$T/b.json" -o "$T/r.html" --markdown "$T/r.md" >> "$T/out" 2>&1
check "redact: compare warns that traffic.wpa_passphrase differs" grep -q 'traffic.wpa_passphrase differs' "$T/out"
check "redact: and shows it as <redacted>" grep -q '<redacted> in the baseline, <redacted> in the candidate' "$T/out"
check "redact: a readable difference stays readable" grep -q 'traffic.window differs' "$T/out"
for f in out c.json j.xml r.html r.md; do
    check "redact: no secret in $f" sh -c "! grep -q 'hunter[23]' '$T/$f'"
done
t_done
