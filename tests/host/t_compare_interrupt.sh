#!/bin/sh
# Ctrl-C during a long `compare` (two 6 MB results files of 1200 modes: seconds of work)
# ends it with exit 130 and no output file, instead of running to the end with exit 0.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-cmpint.XXXXXX")
trap 'rm -rf "$T"' EXIT
jq '.cells as $c | .summary as $s |
    .cells = [range(0; 150) as $i | $c[] | .security = "\(.security)-\($i)"] |
    .summary = [range(0; 150) as $i | $s[] | .security = "\(.security)-\($i)"] |
    .cells |= (to_entries | map(.value.index = .key | .value))' \
    tests/fixtures/results/sample.json > "$T/big.json"
"$WB" compare "$T/big.json" "$T/big.json" -o "$T/out.json" > "$T/log" 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid; rc=$?
check "compare interrupt: exit 130 (was 0 after running to the end)" test "$rc" = 130
check "compare interrupt: no output file" test ! -e "$T/out.json"
t_done
