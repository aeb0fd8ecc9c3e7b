# Shell helpers for wbench's integration tests (host and VM). Source it; each test
# script prints TAP-style lines "ok - NAME" / "not ok - NAME" that run-all.sh counts.
# WB is the wbench binary under test.

: "${WB:=build/wbench}"
WB_T_FAILS=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; WB_T_FAILS=$((WB_T_FAILS + 1)); }

# check NAME CMD...: ok if CMD succeeds.
check() {
    name=$1; shift
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# expect_exit NAME CODE CMD...: ok if CMD exits with CODE; output kept in $OUT.
expect_exit() {
    name=$1; code=$2; shift 2
    OUT=$("$@" 2>&1); rc=$?
    if [ "$rc" = "$code" ]; then ok "$name"; else
        not_ok "$name (exit $rc, expected $code)"; printf '%s\n' "$OUT" | sed 's/^/#   /' | tail -n 20
    fi
}

# contains NAME NEEDLE: ok if $OUT contains NEEDLE.
contains() {
    case "$OUT" in *"$2"*) ok "$1" ;; *) not_ok "$1 (missing '$2')"; printf '%s\n' "$OUT" | sed 's/^/#   /' | tail -n 20 ;; esac
}

# one_line NAME: ok if $OUT is exactly one line.
one_line() {
    n=$(printf '%s\n' "$OUT" | wc -l)
    if [ "$n" = 1 ]; then ok "$1"; else not_ok "$1 ($n lines)"; printf '%s\n' "$OUT" | sed 's/^/#   /'; fi
}

t_done() { exit $((WB_T_FAILS > 0)); }
