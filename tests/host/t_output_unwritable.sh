#!/bin/sh
# An output that cannot be written is an error before the first cell (exit 2, one line
# naming the option, the path and why), not a run that fails at its end: a missing
# directory, a directory or device in the file's place, a directory we may not write in,
# a read-only or full file system. /dev/null is a fine place to discard a report.
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-outw.XXXXXX")
cleanup_t() {
    for m in "$T/full" "$T/ro"; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
    chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"
}
trap cleanup_t EXIT
S=scenarios/quick-sim.json
mkdir "$T/d"
# --no-vm: the check comes before the VM and before root is needed
expect_exit "output: missing directory refused" 2 "$WB" run "$S" --no-vm -o "$T/nodir/r.json"
contains "output: names the missing directory" "no directory '$T/nodir'"
one_line "output: missing directory, one line"
expect_exit "output: a directory as -o refused" 2 "$WB" run "$S" --no-vm -o "$T/d"
contains "output: says it is a directory" "-o '$T/d' is a directory"
expect_exit "output: /dev/full as --report refused" 2 "$WB" run "$S" --no-vm -o "$T/r.json" --report /dev/full
contains "output: /dev/full is no regular file" "--report '/dev/full' is not a regular file"
expect_exit "output: --markdown in a missing directory refused" 2 "$WB" run "$S" --no-vm --markdown "$T/x/y.md"
check "output: nothing written before the refusal" test ! -e "$T/r.json"
if [ "$(id -u)" != 0 ]; then
    mkdir "$T/locked"; chmod 555 "$T/locked"
    expect_exit "output: unwritable directory refused" 2 "$WB" run "$S" --no-vm -o "$T/locked/r.json"
    contains "output: says it cannot write there" "cannot write in '$T/locked'"
elif mkdir "$T/full" "$T/ro" && mount -t tmpfs -o size=256k tmpfs "$T/full" 2>/dev/null &&
     mount -t tmpfs -o ro,size=256k tmpfs "$T/ro" 2>/dev/null; then
    dd if=/dev/zero of="$T/full/fill" bs=4k 2>/dev/null
    expect_exit "output: full file system refused" 2 "$WB" run "$S" --no-vm -o "$T/full/r.json"
    contains "output: says it is full" "the file system of '$T/full' is full"
    expect_exit "output: read-only file system refused" 2 "$WB" run "$S" --no-vm -o "$T/ro/r.json"
    contains "output: says it is read-only" "Read-only file system"
else
    ok "output: full and read-only file systems # SKIP root without mount here"
fi
t_done
