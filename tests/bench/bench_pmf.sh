#!/bin/sh
# make bench (PMF part): verifier throughput on a large capture made by repeating a
# real hwsim capture, against tshark with an equivalent display filter and against a
# bare pcap_next_ex loop over the same file (wbench pmf-verify --bare).
# Usage: tests/bench/bench_pmf.sh [BUILD_DIR] [FRAMES]
set -eu
BUILD=${1:-build}
N=${2:-1000000}
WB=$BUILD/wbench
SRC=tests/fixtures/pcap/beaconprot.pcap
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-bench-pmf.XXXXXX")
trap 'rm -rf "$T"' EXIT

cc -O2 -o "$T/pcap_repeat" tests/bench/pcap_repeat.c -lpcap
"$T/pcap_repeat" "$SRC" "$T/big.pcap" "$N" >/dev/null
echo "pmf bench: $N frames ($(du -m "$T/big.pcap" | cut -f1) MB) from $SRC"

now() { date +%s.%N; }
# best of 5 for the fast runs (page cache warmed by the first): they take ~0.1 s
secs() { # CMD...: wall seconds of the fastest of five runs
    best=
    for i in 1 2 3 4 5; do
        s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
        t=$(echo "$s $e" | awk '{ printf "%.3f", $2 - $1 }')
        best=$(awk -v b="$best" -v t="$t" 'BEGIN { print (b == "" || t < b) ? t : b }')
    done
    echo "$best"
}
bare=$(secs "$WB" pmf-verify --bare "$T/big.pcap")
verify=$(secs "$WB" pmf-verify --json "$T/big.pcap")
# The verifier's question, as a tshark display filter: robust management frames
# (deauth, disassoc, action) and beacons, with their protection and MMIE fields.
FILTER='wlan.fc.type == 0 && (wlan.fc.type_subtype == 8 || wlan.fc.type_subtype == 10 || wlan.fc.type_subtype == 12 || wlan.fc.type_subtype == 13 || wlan.fc.type_subtype == 14) && (wlan.fc.protected == 0 || wlan.mmie.keyid)'
if command -v tshark >/dev/null 2>&1; then
    s=$(now); tshark -n -r "$T/big.pcap" -Y "$FILTER" -T fields -e frame.number \
        -e wlan.fc.protected -e wlan.mmie.keyid > "$T/tshark.out" 2>&1 || {
        echo "pmf bench: tshark failed:" >&2; tail -n 5 "$T/tshark.out" >&2; exit 1; }
    e=$(now)
    tshark_s=$(echo "$s $e" | awk '{ printf "%.3f", $2 - $1 }')
else
    tshark_s=
fi
awk -v n="$N" -v b="$bare" -v v="$verify" -v t="$tshark_s" 'BEGIN {
    printf "  bare pcap_next_ex loop: %8.3f s %12.0f frames/s\n", b, n / b
    printf "  wbench pmf-verify:      %8.3f s %12.0f frames/s\n", v, n / v
    if (t != "") printf "  tshark -Y filter:        %8.3f s %12.0f frames/s\n", t, n / t
    printf "  verifier / bare loop time: %.2fx (goal <= 1.5x)\n", v / b
    if (t != "") printf "  tshark / verifier time:    %.1fx (goal >= 30x)\n", t / v
}'
