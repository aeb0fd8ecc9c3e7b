#!/bin/sh
# wbench cleanup from the command line: nothing to do, a record of a dead run (a crypto
# change whose read command shows the original already), --dry-run, a record of a live
# process left alone, a refused file (exit 3), usage errors. The undo itself is unit-tested
# (test_lab_cleanup) and runs on real radios and modules in tests/vm/t_lab_local.sh.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-cleanup.XXXXXX")
trap 'rm -rf "$T"' EXIT
S=$T/state
mkdir -m 700 "$S"
export WBENCH_STATE_DIR="$S"
boot=$(cat /proc/sys/kernel/random/boot_id)

expect_exit "cleanup: no directory, nothing to do" 0 env WBENCH_STATE_DIR="$T/none" "$WB" cleanup
contains "cleanup: says so" "nothing to clean up in $T/none"
expect_exit "cleanup: an empty directory, nothing to do" 0 "$WB" cleanup

# record DEST PID: a dead run's crypto change; its read command prints the original
record() {
    printf '%s\n' "{\"schema\": \"wbench-state/1\", \"pid\": $2, \"start_ticks\": 1,
      \"boot_id\": \"$boot\", \"started\": \"2026-12-07T03:00:00Z\", \"hosts\": {},
      \"changes\": [{\"id\": 1, \"type\": \"crypto\", \"host\": \"local\",
        \"what\": \"the scenario's crypto_switch\", \"original\": \"off\",
        \"restore\": [{\"run\": [\"false\"]}], \"read\": {\"run\": [\"echo\", \"off\"]}}]}" > "$1"
    chmod 600 "$1"
}
sh -c 'exit 0' & dead=$!; wait $dead
record "$S/$dead.json" "$dead"
expect_exit "cleanup --dry-run: exit 0" 0 "$WB" cleanup --dry-run
contains "cleanup --dry-run: names the dead run" "wbench pid $dead (started 2026-12-07T03:00:00Z) is not running"
contains "cleanup --dry-run: what it would do" "would put the scenario's crypto_switch on local back to 'off' (false), unless it reads so already"
check "cleanup --dry-run: the record stays" test -f "$S/$dead.json"
expect_exit "cleanup: exit 0" 0 "$WB" cleanup
contains "cleanup: the value is the original already" "the scenario's crypto_switch on local reads 'off', the original"
contains "cleanup: the record goes" "everything undone, record removed"
check "cleanup: the record is gone" test ! -e "$S/$dead.json"

# a live process's record: its start time, this boot
sleep 30 & live=$!
ticks=$(sed 's/.*) //' "/proc/$live/stat" | cut -d' ' -f20)
record "$S/$live.json" "$live"
sed -i "s/\"start_ticks\": 1,/\"start_ticks\": $ticks,/" "$S/$live.json"
expect_exit "cleanup: a live run's record, exit 0" 0 "$WB" cleanup
contains "cleanup: left alone" "wbench pid $live is running: left alone"
check "cleanup: the live record stays" test -f "$S/$live.json"
kill $live; wait $live 2>/dev/null
rm -f "$S/$live.json"

record "$S/9.json" 9
chmod 644 "$S/9.json"
expect_exit "cleanup: a file others can read is refused, exit 3" 3 "$WB" cleanup
contains "cleanup: says why" "9.json: refused: not a private file of ours (mode 0644"
check "cleanup: the refused file stays" test -f "$S/9.json"

expect_exit "cleanup: an argument is a usage error" 2 "$WB" cleanup extra
expect_exit "cleanup: an unknown option is a usage error" 2 "$WB" cleanup --force
t_done
