#!/bin/sh
# Numbers a results file cannot hold, refused with the JSON path (exit 2), never turned into
# a verdict: a CPU load of 1e308 (its median overflowed into NaN and the gate said `same`,
# exit 0), a CPU load above 100%, a throughput above 1 Tbit/s, a negative one. The file as
# written stays comparable.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-badnum.XXXXXX")
trap 'rm -rf "$T"' EXIT
S=tests/fixtures/results/sample.json
expect_exit "bad numbers: the fixture compares with itself, exit 0" 0 "$WB" compare "$S" "$S"

# bad NAME JQ-EDIT NEEDLE
bad() {
    jq "$2" "$S" > "$T/bad.json"
    expect_exit "bad numbers: $1: exit 2" 2 "$WB" compare "$S" "$T/bad.json"
    contains "bad numbers: $1: the path and what was expected" "$3"
    expect_exit "bad numbers: $1: report refuses it too" 2 "$WB" report "$T/bad.json" -o "$T/r.html"
}
first_cpu='[.cells | to_entries[] | select(.value.cpu.ap.max_core_busy_pct != null) | .key][0]'
bad "CPU 1e308" "(.cells[$first_cpu].cpu.ap.max_core_busy_pct) = 1e308" \
    "max_core_busy_pct: expected a percentage of 0..100, got 1e308"
bad "CPU 100.5%" "(.cells[$first_cpu].cpu.ap.busy_pct) = 100.5" "expected a percentage of 0..100"
bad "throughput 1e308" '(.cells[0].throughput.bits_per_second) = 1e308' \
    "bits_per_second: expected a rate of 0..1e12 bit/s"
bad "throughput -1" '(.cells[0].throughput.bits_per_second) = -1' "expected a rate of 0..1e12 bit/s"
check "bad numbers: nothing written" test ! -e "$T/r.html"
t_done
