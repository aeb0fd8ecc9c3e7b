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

expect_exit "local lab scenario loads" 0 "$WB" scenario $F/scenarios/local.json
contains "local lab: the AP by its device" "ap         device pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0 on local, 10.99.0.1/24"
expect_exit "ssh lab scenario loads" 0 "$WB" scenario $F/scenarios/ssh.json
contains "ssh lab: the host as ssh gets it" "apbox: ssh root@192.168.1.1 -p 2222 -i $F/scenarios/keys/id_ed25519 -J me@bastion.example:2200"
contains "ssh lab: the peer on the wired side" "peer       192.168.1.10 on local"

sed 's/"host": "apbox", "device"/"host": "apbx", "device"/' $F/scenarios/ssh.json >"${TMPDIR:-/tmp}/wb-t-ssh.json"
expect_exit "ssh lab with an unknown host is a usage error" 2 "$WB" scenario "${TMPDIR:-/tmp}/wb-t-ssh.json"
contains "unknown host named with its path" 'wb-t-ssh.json: lab.ap.host: expected "local" or "apbox", got "apbx"'
rm -f "${TMPDIR:-/tmp}/wb-t-ssh.json"

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
