#!/bin/sh
# Cross-check of the PMF verifier's frame parser against tshark, an independent
# dissector: on every fixture capture, each frame's Protected bit and MMIE/MME key id
# from `wbench pmf-verify --frames` must equal tshark's wlan.fc.protected / wlan.mmie.keyid.
. tests/lib/lib.sh

if ! command -v tshark >/dev/null 2>&1; then
    echo "ok - pmf tshark cross-check # SKIP tshark not installed"
    exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wbench-tshark.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

for f in tests/fixtures/pcap/*.pcap; do
    name=$(basename "$f" .pcap)
    # tshark prints "True"/"False" or 1/0 depending on version: normalise to 0/1.
    tshark -r "$f" -T fields -e frame.number -e wlan.fc.protected -e wlan.mmie.keyid \
        2>/dev/null | awk -F'\t' '{ p = ($2 == "1" || $2 == "True") ? 1 : 0;
                                     k = ($3 == "") ? "-" : $3; print $1 "\t" p "\t" k }' \
        > "$TMP/$name.tshark"
    "$WB" pmf-verify --frames "$f" | cut -f1-3 > "$TMP/$name.wbench"
    n=$(wc -l < "$TMP/$name.tshark")
    # A cross-check over nothing proves nothing.
    if [ "$n" -lt 10 ]; then
        not_ok "pmf tshark $name: only $n frames from tshark"
        continue
    fi
    if diff "$TMP/$name.tshark" "$TMP/$name.wbench" > "$TMP/$name.diff"; then
        ok "pmf tshark $name: $n frames agree (protected flag, MMIE key id)"
    else
        not_ok "pmf tshark $name: disagreement"
        head -n 20 "$TMP/$name.diff" | sed 's/^/#   /'
    fi
done
# The fixtures must exercise both fields, or the comparison above is vacuous.
if cat "$TMP"/*.wbench | awk -F'\t' '$2 == 1' | grep -q . &&
   cat "$TMP"/*.wbench | awk -F'\t' '$3 == 4' | grep -q . &&
   cat "$TMP"/*.wbench | awk -F'\t' '$3 == 6' | grep -q .; then
    ok "pmf tshark: fixtures contain protected frames, MMIE key id 4 and MME key id 6"
else
    not_ok "pmf tshark: fixtures lack protected frames or MMIE/MME key ids"
fi
t_done
