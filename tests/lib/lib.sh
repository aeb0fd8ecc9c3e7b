# Shell helpers for wbench's integration tests (host and VM). Source it; each test
# script prints TAP-style lines "ok - NAME" / "not ok - NAME" that run-all.sh counts.
# BUILD is the build directory (default build), WB the wbench binary under test.

: "${BUILD:=build}"
: "${WB:=$BUILD/wbench}"
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

# relay_cmocka BIN [NAME=VALUE...]: run the cmocka binary BIN (with those variables set)
# and print one line per case, "ok - BIN: CASE" or "not ok - BIN: CASE". Made for the
# live tests in the VM, where root and mac80211_hwsim are given: a skipped case is a
# failure, and so is a binary that is missing, runs no case, or exits non-zero without
# a failed case. Its other output follows as "#   " notes; all of it is kept in $OUT.
relay_cmocka() {
    rc_bin=$1; shift
    rc_name=$(basename "$rc_bin")
    if [ ! -x "$rc_bin" ]; then
        OUT=; not_ok "$rc_name: $rc_bin not built (make unit)"; return
    fi
    OUT=$(env CMOCKA_MESSAGE_OUTPUT=TAP "$@" "$rc_bin" 2>&1); rc_rc=$?
    rc_cases=0; rc_failed=0
    # a here-document, not a pipe: not_ok must count in this shell
    while IFS= read -r rc_line; do
        rc_case=$(printf '%s\n' "$rc_line" | sed -E 's/^(not )?ok [0-9]+ (- |# SKIP )?//')
        case $rc_line in
        "not ok "[0-9]*"# SKIP"*)
            not_ok "$rc_name: $rc_case skipped (no root or no mac80211_hwsim)"; rc_failed=1 ;;
        "not ok "[0-9]*) not_ok "$rc_name: $rc_case"; rc_failed=1 ;;
        "ok "[0-9]*) ok "$rc_name: $rc_case" ;;
        *) continue ;;
        esac
        rc_cases=$((rc_cases + 1))
    done <<RC_EOF
$OUT
RC_EOF
    printf '%s\n' "$OUT" | grep -v '^\(ok\|not ok\|1\.\.\|# ok - \)' | sed 's/^/#   /' | tail -n 60
    if [ "$rc_cases" = 0 ]; then
        not_ok "$rc_name: no test case ran (exit $rc_rc)"
    elif [ "$rc_rc" != 0 ] && [ "$rc_failed" = 0 ]; then
        not_ok "$rc_name exited $rc_rc"
    fi
}

# need_hwsim: load mac80211_hwsim with no radios unless it is loaded (tests/vm/run.sh does
# it once for all scripts; this lets a VM test run on its own).
need_hwsim() {
    [ -d /sys/module/mac80211_hwsim ] || modprobe mac80211_hwsim radios=0 ||
        not_ok "modprobe mac80211_hwsim radios=0"
}

t_done() { exit $((WB_T_FAILS > 0)); }
