#!/bin/sh
# Live collector tests on mac80211_hwsim, inside the VM (tests/vm/run.sh loaded the module):
# each build/tests/test_live_* binary runs with TAP output; a test that skips here
# (where root and hwsim are given) counts as a failure.
. tests/lib/lib.sh
: "${BUILD:=build}"
found=0
for t in "$BUILD"/tests/test_live_*; do
    [ -x "$t" ] || continue
    found=1
    name=$(basename "$t")
    out=$(CMOCKA_MESSAGE_OUTPUT=TAP "$t" 2>&1); rc=$?
    # the tests' own notes (measured rates), not cmocka's summary lines
    printf '%s\n' "$out" | grep '^# ' | grep -v '^# \(ok\|not ok\) - '
    printf '%s\n' "$out" | while IFS= read -r line; do
        case "$line" in
            *"# SKIP"*) echo "not ok - $name: skipped in the VM: ${line##*# SKIP }" ;;
            "ok "*) echo "ok - $name: ${line#ok [0-9]* - }" ;;
            "not ok "*) echo "not ok - $name: ${line#not ok [0-9]* - }" ;;
        esac
    done
    # the loop above ran in a pipe's subshell: count its failures here
    if printf '%s\n' "$out" | grep -q '^not ok\|# SKIP'; then
        WB_T_FAILS=$((WB_T_FAILS + 1))
        printf '%s\n' "$out" | grep -v '^\(ok\|not ok\|1\.\.\)' | sed 's/^/#   /' | tail -n 30
    elif [ $rc != 0 ]; then
        not_ok "$name exited $rc"
        printf '%s\n' "$out" | sed 's/^/#   /' | tail -n 30
    fi
done
[ $found = 1 ] || not_ok "live collectors: no $BUILD/tests/test_live_* binary (make unit)"
t_done
