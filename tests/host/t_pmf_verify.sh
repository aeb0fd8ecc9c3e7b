#!/bin/sh
# wbench pmf-verify on the fixture captures: verdicts, MIC checks, exit codes and the
# errors for bad input.
. tests/lib/lib.sh

FX=tests/fixtures/pcap
PASS=$FX/passphrase.txt
TMP=$(mktemp -d "${TMPDIR:-/tmp}/wbench-pmfv.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# field NAME: the top-level value of "NAME" in the JSON in $OUT (2-space indent).
field() { printf '%s\n' "$OUT" | sed -n "s/^  \"$1\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p"; }
is() { # NAME FIELD VALUE
    v=$(field "$2")
    if [ "$v" = "$3" ]; then ok "$1"; else not_ok "$1 ($2 is '$v', expected '$3')"; fi
}

for c in psk2pmf_sha256 psk2pmf_opt beaconprot gcmp256 ccmp256; do
    expect_exit "pmf-verify $c with passphrase: exit 0" 0 \
        "$WB" pmf-verify --json --passphrase-file "$PASS" "$FX/$c.pcap"
    is "pmf-verify $c: verdict pass" verdict pass
    is "pmf-verify $c: MIC verified" mic verified
    is "pmf-verify $c: no MIC failure" mic_failed 0
done
expect_exit "pmf-verify psk2: exit 0" 0 "$WB" pmf-verify --json "$FX/psk2.pcap"
is "pmf-verify psk2: verdict n/a" verdict n/a
for c in sae saemixed; do
    expect_exit "pmf-verify $c: exit 0" 0 "$WB" pmf-verify --json --passphrase-file "$PASS" "$FX/$c.pcap"
    is "pmf-verify $c: verdict pass" verdict pass
    is "pmf-verify $c: mic not_checked (SAE)" mic not_checked
    contains "pmf-verify $c: says why (SAE)" "SAE: the PMK is not derivable"
done
for c in badbip badccmp; do
    expect_exit "pmf-verify corrupted $c MIC: exit 1" 1 \
        "$WB" pmf-verify --json --passphrase-file "$PASS" "$FX/psk2pmf_sha256-$c.pcap"
    is "pmf-verify corrupted $c: verdict fail" verdict fail
    is "pmf-verify corrupted $c: one MIC failure" mic_failed 1
    contains "pmf-verify corrupted $c: mic_failure finding" '"rule": "mic_failure"'
done
expect_exit "pmf-verify human output on a failure: exit 1" 1 \
    "$WB" pmf-verify --passphrase-file "$PASS" "$FX/psk2pmf_sha256-badbip.pcap"
contains "pmf-verify human output names the frame and the rule" "frame 25"
contains "pmf-verify human output never shows the passphrase" "PMF verdict: fail"
case "$OUT" in *wbench-fixture-pass*) not_ok "pmf-verify leaks the passphrase" ;;
    *) ok "pmf-verify does not print the passphrase" ;; esac

# A wrong passphrase is not a device failure: MICs are simply not checked.
printf 'not-the-passphrase\n' > "$TMP/wrong"
expect_exit "pmf-verify wrong passphrase: exit 0" 0 \
    "$WB" pmf-verify --json --passphrase-file "$TMP/wrong" "$FX/psk2pmf_sha256.pcap"
contains "pmf-verify wrong passphrase: explained" "message 2 MIC mismatch"

# --bssid restricts the verdict to one BSS.
expect_exit "pmf-verify --bssid other: exit 0" 0 \
    "$WB" pmf-verify --json --bssid 02:00:00:00:09:00 "$FX/psk2pmf_sha256-badbip.pcap"
is "pmf-verify --bssid other: n/a" verdict n/a

# Bad input: exit 2 and a message that names the file.
expect_exit "pmf-verify missing file: exit 2" 2 "$WB" pmf-verify "$TMP/nope.pcap"
contains "pmf-verify missing file: names it" "nope.pcap"
head -c 3000 "$FX/psk2pmf_sha256.pcap" > "$TMP/cut.pcap"
expect_exit "pmf-verify truncated file: exit 2" 2 "$WB" pmf-verify "$TMP/cut.pcap"
contains "pmf-verify truncated file: byte offset" "byte offset"
printf 'not a capture at all\n' > "$TMP/text.pcap"
expect_exit "pmf-verify not a pcap: exit 2" 2 "$WB" pmf-verify "$TMP/text.pcap"
# An Ethernet (link type 1) capture: the 24-byte pcap header only.
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\377\377\000\000\001\000\000\000' \
    > "$TMP/eth.pcap"
expect_exit "pmf-verify Ethernet capture: exit 2" 2 "$WB" pmf-verify "$TMP/eth.pcap"
contains "pmf-verify Ethernet capture: names the link type" "link type 1"
expect_exit "pmf-verify short passphrase file: exit 2" 2 \
    sh -c "printf 'short\n' > '$TMP/short'; '$WB' pmf-verify --passphrase-file '$TMP/short' '$FX/psk2.pcap'"
expect_exit "pmf-verify bad --bssid: exit 2" 2 "$WB" pmf-verify --bssid zz "$FX/psk2.pcap"
expect_exit "pmf-verify no file: exit 2" 2 "$WB" pmf-verify
t_done
