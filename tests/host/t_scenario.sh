#!/bin/sh
# wbench scenario / wbench summary from the command line.
. tests/lib/lib.sh
F=tests/fixtures

for s in scenarios/*.json; do
    expect_exit "scenario $s loads" 0 "$WB" scenario "$s"
done

expect_exit "seed scenario plan" 0 "$WB" scenario --plan scenarios/mt7620-wpa3-sim.json
contains "seed scenario: 16 modes x 3 repetitions" "16 modes x 3 repetitions = 48 cells"
contains "plan lists the last cell" "   47  "

expect_exit "normalised JSON" 0 "$WB" scenario --json scenarios/mt7620-wpa3-sim.json
contains "passphrase redacted" '"passphrase": "<redacted>"'
case "$OUT" in *wbench-demo-passphrase*) not_ok "passphrase absent from --json" ;;
               *) ok "passphrase absent from --json" ;; esac

expect_exit "bad scenario is a usage error" 2 "$WB" scenario $F/scenarios/syntax.json
one_line "bad scenario: one line"
contains "bad scenario: file:line:column" "syntax.json:4:16: '}' expected"

expect_exit "reserved backend is a usage error" 2 "$WB" scenario $F/scenarios/local.json
contains "reserved backend named" "backend 'local' is not implemented yet"

expect_exit "missing scenario" 2 "$WB" scenario /nonexistent.json
contains "missing scenario named" "cannot read scenario '/nonexistent.json'"

expect_exit "no argument" 2 "$WB" scenario

expect_exit "summary of a results file" 0 "$WB" summary --color=never $F/results/sample.json
if [ "$OUT" = "$(cat $F/results/table.txt)" ]; then ok "summary prints the golden table"
else not_ok "summary prints the golden table"; fi

expect_exit "summary of a non-results file" 2 "$WB" summary scenarios/quick-sim.json
contains "not a results file" "missing required key 'schema' (not a wbench results file?)"

expect_exit "summary --color=bad" 2 "$WB" summary --color=sometimes $F/results/sample.json
t_done
