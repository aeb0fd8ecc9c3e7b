#!/bin/sh
# A FIFO given as an input (scenario, passphrase file, capture, results, comparison, gate)
# is refused at once with exit 2 and says why: opening it would wait for a writer and
# reading it might never end. (Before, each of these blocked for ever and ignored Ctrl-C.)
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-fifo.XXXXXX")
trap 'rm -rf "$T"' EXIT
mkfifo "$T/f"
cp tests/fixtures/results/sample.json "$T/a.json"
sed 's|"passphrase": *"[^"]*"|"passphrase_file": "f"|' scenarios/quick-sim.json > "$T/s.json"
W="timeout 20 $WB"

# fifo NAME ARGS...: exit 2 (a hang would be timeout's 124), and the reason named
fifo() {
    what=$1; shift
    expect_exit "fifo: $what: exit 2, no wait" 2 $W "$@"
    contains "fifo: $what: says it is no regular file" "not a regular file"
}
fifo "run SCENARIO" run "$T/f" --dry-run
check "fifo: the scenario's passphrase_file is a FIFO (the test's premise)" grep -q passphrase_file "$T/s.json"
fifo "run, passphrase_file" run "$T/s.json" --dry-run
fifo "scenario --check" scenario "$T/f"
fifo "pmf-verify CAPTURE" pmf-verify "$T/f"
fifo "pmf-verify --passphrase-file" pmf-verify --passphrase-file "$T/f" --ssid x tests/fixtures/pcap/beaconprot.pcap
fifo "summary RESULTS" summary "$T/f"
fifo "report RESULTS" report "$T/f" -o "$T/r.html"
fifo "report --compare" report "$T/a.json" "$T/a.json" --compare "$T/f" -o "$T/r.html"
fifo "compare CANDIDATE" compare "$T/a.json" "$T/f"
fifo "compare --gate" compare "$T/a.json" "$T/a.json" --gate "$T/f"
t_done
