#!/bin/sh
# wbench compare end to end: exit codes, the table, --json against docs/compare.schema.json,
# --junit parsed by xmllint and python, gate files, bad input. The results files are
# derived from a trimmed real seed run (tests/host/compare_fixtures.py).
. tests/lib/lib.sh
F=tests/fixtures/compare
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-t-compare.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
python3 tests/host/compare_fixtures.py "$T" || { not_ok "compare fixtures"; t_done; }

# The real seed run against itself: nothing regressed, three runs a side are "unknown".
expect_exit "seed run against itself passes" 0 "$WB" compare $F/seed.json $F/seed.json
contains "seed: 10 unknown, 6 not compared (the hwcrypt PMF modes never start)" \
    "PASS: 16 groups: 0 same, 0 improved, 0 regressed, 10 unknown (run more repetitions), 6 not compared"
"$WB" compare --json $F/seed.json $F/seed.json >"$T/self.json" 2>/dev/null
check "seed self-comparison: every group same, unknown or not compared" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["result"] == "pass"
assert all(g["throughput"]["verdict"] in ("same", "unknown", "not_compared") for g in d["groups"])
assert all(g["result"] in ("pass", "unknown") for g in d["groups"])
assert len(d["groups"]) == 16
' "$T/self.json"

expect_exit "six runs a side, unchanged: pass" 0 "$WB" compare "$T/base.json" "$T/cand-same.json"
contains "unchanged: every ok mode same" "PASS: 16 groups: 10 same, 0 improved, 0 regressed, 0 unknown, 6 not compared"

expect_exit "a 30% drop fails" 1 "$WB" compare "$T/base.json" "$T/cand-regressed.json"
contains "the drop is named" "FAIL: 1 gate failed (nohwcrypt/sae/tcp/up throughput regressed)"
contains "its row" "nohwcrypt/sae/tcp/up          6/6  41.1 -> 28.8  -30.0%"

expect_exit "a mode that stops starting fails" 1 "$WB" compare "$T/base.json" "$T/cand-newfail.json"
contains "new start failure named" "FAIL: 1 gate failed (nohwcrypt/sae-mixed/tcp/down start new_failure)"

expect_exit "a candidate that lost a mode fails" 1 "$WB" compare "$T/base.json" "$T/cand-missing.json"
contains "missing mode named" "FAIL: 1 gate failed (nohwcrypt/psk2/tcp/down missing)"
contains "interrupted candidate warned about" "is incomplete (90 of 96 planned cells, interrupted)"
printf '{"settings": {"fail_on_missing": false}}\n' >"$T/allow-missing.json"
expect_exit "fail_on_missing off: pass with a warning" 0 \
    "$WB" compare --gate "$T/allow-missing.json" "$T/base.json" "$T/cand-missing.json"
contains "missing mode warned about" "mode nohwcrypt/psk2/tcp/down is missing from the candidate (fail_on_missing is off"

expect_exit "another backend and duration: warnings, pass" 0 "$WB" compare "$T/base.json" "$T/cand-lab.json"
contains "backend warning" "ran on the sim, candidate '$T/cand-lab.json' on backend 'local'"
contains "duration warning" "scenario traffic.duration_s differs: 5 in the baseline, 30 in the candidate"

expect_exit "unknown passes" 0 "$WB" compare $F/seed.json $F/seed.json
expect_exit "--fail-on-unknown fails on three runs" 1 "$WB" compare --fail-on-unknown $F/seed.json $F/seed.json
contains "unknown gates listed" "hwcrypt/psk2/tcp/up throughput unknown"

# The documented example gate: floors met on this data.
expect_exit "docs/examples/gate.json loads and passes" 0 \
    "$WB" compare --gate docs/examples/gate.json "$T/base.json" "$T/cand-same.json"
contains "floors reported" "floor met"
printf '{"floors": [{"match": {"crypto": "nohwcrypt", "security": "sae"}, "min_bits_per_second": 45e6}]}\n' >"$T/floor.json"
expect_exit "a floor fails while the verdict is same" 1 \
    "$WB" compare --gate "$T/floor.json" "$T/base.json" "$T/cand-same.json"
contains "floor failure named" "nohwcrypt/sae/tcp/up floor below_floor"

# Soaks (tests/fixtures/results/soak.json): 12 disconnects in each down soak of the
# candidate, against 2 in 600 s of the baseline's: worse; the gate can be switched off.
python3 -c '
import json, sys
d = json.load(open("tests/fixtures/results/soak.json"))
for c in d["cells"]:
    if c.get("soak") and c["direction"] == "down":
        c["soak"]["disconnects"] = {"count": 12, "events": [{"at_s": 20.0 * i + 5, "reason": 4} for i in range(12)]}
json.dump(d, open(sys.argv[1], "w"))
' "$T/soak-cand.json"
expect_exit "more soak disconnects fail" 1 \
    "$WB" compare --junit "$T/soak.xml" -o "$T/soak.out" tests/fixtures/results/soak.json "$T/soak-cand.json"
contains "the disconnects gate named" "FAIL: 1 gate failed (hwcrypt/psk2/tcp/down disconnects worse)"
check "disconnects: the verdict with its counts, the JUnit type" python3 -c '
import json, sys, xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1]))
g = next(g for g in d["groups"] if g["key"] == "hwcrypt/psk2/tcp/down")["functional"]["disconnects"]
assert g["verdict"] == "worse" and g["p"] < 0.05, g
assert (g["baseline_disconnects"], g["candidate_disconnects"]) == (2, 24), g
s = ET.parse(sys.argv[2]).getroot().find("testsuite")
f = [c.find("failure") for c in s.findall("testcase") if c.find("failure") is not None]
assert len(f) == 1 and f[0].get("type") == "disconnects", [x.attrib for x in f]
' "$T/soak.out" "$T/soak.xml"
printf '{"settings": {"gates": {"disconnects": false}}}\n' >"$T/no-disconnects.json"
expect_exit "gates.disconnects off: pass" 0 \
    "$WB" compare --gate "$T/no-disconnects.json" tests/fixtures/results/soak.json "$T/soak-cand.json"

# Latency (tests/fixtures/results/latency.json): psk2 tcp up with six cells a side, the
# candidate's loaded round trips 20 ms longer; a regression the gate reports but, off by
# default, does not fail on.
python3 -c '
import copy, json, sys
d = json.load(open("tests/fixtures/results/latency.json"))
up = [c for c in d["cells"] if (c["security"], c["proto"], c["direction"]) == ("psk2", "tcp", "up")]
for r in range(3, 6):
    c = copy.deepcopy(up[r % 3])
    c["repetition"], c["index"], c["order"] = r, 24 + r, 24 + r
    c["latency"]["loaded"]["rtt_ms"] = {k: v + 0.1 * r for k, v in c["latency"]["loaded"]["rtt_ms"].items()}
    c["latency"]["added_ms"] = {k: v + 0.1 * r for k, v in c["latency"]["added_ms"].items()}
    d["cells"].append(c)
json.dump(d, open(sys.argv[1], "w"))
for c in d["cells"]:
    if (c["security"], c["proto"], c["direction"]) == ("psk2", "tcp", "up"):
        c["latency"]["loaded"]["rtt_ms"] = {k: v + 20 for k, v in c["latency"]["loaded"]["rtt_ms"].items()}
        c["latency"]["added_ms"] = {k: v + 20 for k, v in c["latency"]["added_ms"].items()}
json.dump(d, open(sys.argv[2], "w"))
' "$T/lat-base.json" "$T/lat-cand.json"
expect_exit "20 ms more latency: pass while the latency gate is off" 0 \
    "$WB" compare "$T/lat-base.json" "$T/lat-cand.json"
contains "the latency verdict noted" "latency regressed"
printf '{"settings": {"gates": {"latency": true}}}\n' >"$T/latency-on.json"
expect_exit "latency gate on: fails" 1 "$WB" compare --gate "$T/latency-on.json" \
    --junit "$T/lat.xml" -o "$T/lat.json" "$T/lat-base.json" "$T/lat-cand.json"
contains "the latency gate named" "FAIL: 1 gate failed (hwcrypt/psk2/tcp/up latency regressed)"
check "latency: the verdict with its metric, the JUnit type" python3 -c '
import json, sys, xml.etree.ElementTree as ET
d = json.load(open(sys.argv[1]))
g = next(g for g in d["groups"] if g["key"] == "hwcrypt/psk2/tcp/up")["latency"]
assert g["verdict"] == "regressed" and g["metric"] == "added_ms.p90", g
assert abs(g["change_ms"] - 20) < 1e-9 and g["mwu"]["p"] < 0.05, g
down = next(g for g in d["groups"] if g["key"] == "hwcrypt/psk2/tcp/down")["latency"]
assert down["metric"] == "loaded.rtt_ms.p90", down  # one cell without an idle baseline
s = ET.parse(sys.argv[2]).getroot().find("testsuite")
f = [c.find("failure") for c in s.findall("testcase") if c.find("failure") is not None]
assert len(f) == 1 and f[0].get("type") == "latency", [x.attrib for x in f]
' "$T/lat.json" "$T/lat.xml"

# Bad input: exit 2, one line naming the file.
expect_exit "schema mismatch is an input error" 2 "$WB" compare "$T/base.json" "$T/cand-schema2.json"
one_line "schema mismatch: one line"
contains "schema mismatch named against the baseline" \
    "$T/cand-schema2.json: schema: expected \"wbench-result/1\" like $T/base.json, got \"wbench-result/2\""
expect_exit "a scenario is not a results file" 2 "$WB" compare scenarios/quick-sim.json "$T/base.json"
contains "not a results file" "scenarios/quick-sim.json: missing required key 'schema' (not a wbench results file?)"
expect_exit "missing file" 2 "$WB" compare "$T/base.json" /nonexistent.json
contains "missing file named" "cannot read results '/nonexistent.json'"
printf '{"settings": {"alpha": 2}}\n' >"$T/bad-gate.json"
expect_exit "bad gate file" 2 "$WB" compare --gate "$T/bad-gate.json" "$T/base.json" "$T/cand-same.json"
contains "bad gate value named with its path" "$T/bad-gate.json: settings.alpha: expected a number in (0, 0.5], got 2"
printf '{"settings": {\n  "alpha": 0.05,\n}}\n' >"$T/syntax-gate.json"
expect_exit "gate syntax error" 2 "$WB" compare --gate "$T/syntax-gate.json" "$T/base.json" "$T/cand-same.json"
contains "gate syntax error with line:column" "$T/syntax-gate.json:3:1:"
expect_exit "bad --alpha" 2 "$WB" compare --alpha 0.9 "$T/base.json" "$T/cand-same.json"
contains "--alpha named" "wbench compare: --alpha: expected a number in (0, 0.5], got '0.9'"
expect_exit "one file only" 2 "$WB" compare "$T/base.json"
expect_exit "unwritable --junit" 2 "$WB" compare --junit /nonexistent/dir/j.xml "$T/base.json" "$T/cand-same.json"
contains "unwritable --junit named" "cannot write JUnit '/nonexistent/dir/j.xml'"
expect_exit "--help" 0 "$WB" compare --help
contains "--help lists the exit codes" "  1  a gate or a verification failed"

# --alpha on the command line wins over the gate file (and is recorded).
printf '{"settings": {"alpha": 0.01}}\n' >"$T/alpha.json"
"$WB" compare --json --gate "$T/alpha.json" --alpha 0.02 "$T/base.json" "$T/cand-same.json" >"$T/alpha-out.json" 2>/dev/null
check "command line wins over the gate file" python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["settings"]
assert s["alpha"] == 0.02 and s["source"].endswith(" + command line"), s
' "$T/alpha-out.json"

# --json and -o: the same document; valid against the published schema.
"$WB" compare --json -o "$T/out.json" --junit "$T/junit.xml" "$T/base.json" "$T/cand-regressed.json" \
    >"$T/stdout.json" 2>/dev/null
check "--json exits 1 on a failed gate too" [ $? = 1 ]
check "-o writes what --json prints" cmp -s "$T/out.json" "$T/stdout.json"
if python3 -c 'import jsonschema' 2>/dev/null; then
    for f in out self alpha-out lat; do
        check "$f.json valid against docs/compare.schema.json" python3 -c '
import json, sys, jsonschema
schema = json.load(open("docs/compare.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[1])))
' "$T/$f.json"
    done
    check "docs/examples/gate.json valid against docs/compare-gate.schema.json" python3 -c '
import json, jsonschema
schema = json.load(open("docs/compare-gate.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open("docs/examples/gate.json")))
'
    check "the schema rejects a wrong verdict" python3 -c '
import json, sys, jsonschema
d = json.load(open(sys.argv[1]))
d["groups"][0]["throughput"]["verdict"] = "worse"
v = jsonschema.Draft202012Validator(json.load(open("docs/compare.schema.json")))
assert list(v.iter_errors(d))
' "$T/out.json"
else
    ok "compare schema # SKIP python3 jsonschema module not installed"
fi

if command -v xmllint >/dev/null 2>&1; then
    check "JUnit XML is well formed (xmllint)" xmllint --noout "$T/junit.xml"
else
    ok "JUnit xmllint # SKIP xmllint not installed"
fi
check "JUnit structure (python xml.etree)" python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
assert len(suites) == 1, suites
s = suites[0]
assert s.get("name") == "wbench compare"
assert (s.get("tests"), s.get("failures"), s.get("skipped"), s.get("errors")) == ("16", "1", "0", "0"), s.attrib
cases = s.findall("testcase")
assert len(cases) == 16
names = {(c.get("classname"), c.get("name")) for c in cases}
assert ("wbench.compare.nohwcrypt", "sae/tcp/up") in names
assert ("wbench.compare.hwcrypt", "sae-mixed/tcp/down") in names
failed = [c for c in cases if c.find("failure") is not None]
assert len(failed) == 1 and failed[0].get("name") == "sae/tcp/up", failed
f = failed[0].find("failure")
assert f.get("type") == "regressed" and "-30.0%" in f.get("message"), f.attrib
props = {p.get("name"): p.get("value") for p in failed[0].find("properties")}
assert props["verdict"] == "regressed" and props["n_baseline"] == "6" and float(props["p"]) < 0.05
assert all(float(c.get("time")) > 0 for c in cases)
' "$T/junit.xml"
"$WB" compare --junit "$T/unknown.xml" $F/seed.json $F/seed.json >/dev/null 2>&1
check "JUnit: unknown groups are skipped" python3 -c '
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert s.get("skipped") == "10" and s.get("failures") == "0", s.attrib
sk = [c.find("skipped") for c in s.findall("testcase") if c.find("skipped") is not None]
assert len(sk) == 10 and all(x.get("message") == "unknown: run more repetitions" for x in sk)
' "$T/unknown.xml"
# Valid but awkward inputs (seeded): the document always matches the schema, the exit
# status always agrees with "result", the JUnit counts with the document's.
python3 tests/host/compare_fixtures.py --random "$T" 40 1
: >"$T/rand.rc"
i=0
while [ $i -lt 40 ]; do
    "$WB" compare -o "$T/rand-$i.out" --junit "$T/rand-$i.xml" "$T/rand-$i-a.json" "$T/rand-$i-b.json" \
        >/dev/null 2>&1
    echo "$i $?" >>"$T/rand.rc"
    i=$((i + 1))
done
check "40 random pairs: schema, exit status and JUnit agree" python3 -c '
import json, sys, xml.etree.ElementTree as ET
try:
    import jsonschema
    v = jsonschema.Draft202012Validator(json.load(open("docs/compare.schema.json")))
except ImportError:
    v = None
d = sys.argv[1]
results = set()
for line in open(d + "/rand.rc"):
    i, rc = line.split()
    doc = json.load(open(f"{d}/rand-{i}.out"))
    if v:
        v.validate(doc)
    assert int(rc) == (1 if doc["result"] == "fail" else 0), (i, rc, doc["result"])
    s = ET.parse(f"{d}/rand-{i}.xml").getroot().find("testsuite")
    assert int(s.get("tests")) == doc["counts"]["groups"], i
    assert int(s.get("failures")) == doc["counts"]["failed_groups"], i
    results.add(doc["result"])
assert results == {"pass", "fail"}, results
' "$T"
if command -v xmllint >/dev/null 2>&1; then
    check "40 random pairs: JUnit well formed (xmllint)" xmllint --noout "$T"/rand-*.xml
fi
# Unusual but valid text is not an internal failure (exit 3 once): a floor note of 500
# "é" (the message buffer cut it mid-sequence), a Latin-1 file name, a path longer than
# the old 1024-byte buffers made of multi-byte names. JSON and JUnit stay valid.
note=$(python3 -c 'print("\u00e9" * 500)')
printf '{"floors": [{"match": {}, "min_bits_per_second": 1e12, "note": "%s"}]}\n' "$note" >"$T/note-gate.json"
latin1=$(printf "$T/caf\351.json")
cp "$T/cand-same.json" "$latin1"
deep="$T/xy"   # with the default TMPDIR the old 1024-byte cut fell mid-sequence
for i in 1 2 3 4 5 6; do deep="$deep/$(python3 -c 'print("\u00e9" * 100)')"; done
mkdir -p "$deep"
cp "$T/base.json" "$deep/base.json"
expect_exit "long multi-byte floor note, Latin-1 and long paths: gate fails, not exit 3" 1 \
    "$WB" compare --gate "$T/note-gate.json" "$deep/base.json" "$latin1"
contains "the floor failure is named" "floor below_floor"
"$WB" compare --json -o "$T/text.json" --junit "$T/text.xml" --gate "$T/note-gate.json" \
    "$deep/base.json" "$latin1" >/dev/null 2>&1
check "unusual text: --json written with a failed gate" [ $? = 1 ]
check "unusual text: file names shown with '?', note kept whole" python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["candidate"]["file"].endswith("/caf?.json"), d["candidate"]["file"]
assert d["baseline"]["file"].endswith("/base.json") and len(d["baseline"]["file"]) > 600
assert all(g["floor"]["note"] == "\u00e9" * 500 for g in d["groups"] if g["floor"])
' "$T/text.json"
check "unusual text: JUnit keeps the whole long path" python3 -c '
import sys, xml.etree.ElementTree as ET
props = {p.get("name"): p.get("value") for p in ET.parse(sys.argv[1]).iter("property")}
assert props["baseline"].endswith("/base.json") and len(props["baseline"]) > 600, props["baseline"]
assert props["candidate"].endswith("/caf?.json"), props["candidate"]
' "$T/text.xml"
if command -v xmllint >/dev/null 2>&1; then
    check "unusual text: JUnit well formed (xmllint)" xmllint --noout "$T/text.xml"
fi
t_done
