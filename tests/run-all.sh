#!/bin/sh
# The whole test suite, as `make check` runs it: cmocka unit tests, host integration
# tests, then the VM integration tests (one VM boot runs tests/vm/t_*.sh inside).
# Ends with the line "N passed, N failed".
BUILD=${1:-build}
WB=$BUILD/wbench
LOG=$(mktemp -d "${TMPDIR:-/tmp}/wbench-check.XXXXXX")
export WB BUILD LOG
pass=0; fail=0; skip=0

count() { # FILE: add the TAP-ish ok / not ok lines of FILE to the totals ("# SKIP" apart)
    p=$(grep -c '^ok' "$1"); f=$(grep '^not ok' "$1" | grep -vc '# SKIP')
    s=$(grep -c '^\(not \)\?ok.*# SKIP' "$1")
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}

start=$(date +%s)
echo "== layers (an include never reaches a layer above its own)"
sh tests/check-layers.sh > "$LOG/layers.tap" 2>&1
cat "$LOG/layers.tap"
count "$LOG/layers.tap"

echo "== unit tests"
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$LOG/$name.tap" 2>&1
    rc=$?
    # A crash before cmocka prints its plan counts as one failure.
    if [ $rc != 0 ] && ! grep '^not ok' "$LOG/$name.tap" | grep -vq '# SKIP'; then
        echo "not ok - $name exited $rc" >> "$LOG/$name.tap"
    fi
    sed -n 's/^\(not ok\|ok\)/\1/p' "$LOG/$name.tap" | sed "s/^/[$name] /"
    grep -v '^\(ok\|not ok\|1\.\.\|#\)' "$LOG/$name.tap" | sed 's/^/#   /' | tail -n 40
    count "$LOG/$name.tap"
done

# A short libFuzzer run of every fuzz target, seeded from the capture fixtures.
if command -v clang >/dev/null 2>&1 && ls tests/fuzz/fuzz_*.c >/dev/null 2>&1; then
    echo "== fuzz (${WBENCH_FUZZ_SECONDS:-20} s per target)"
    if make --no-print-directory fuzz > "$LOG/fuzz-build.log" 2>&1 &&
       cc -O2 -o "$LOG/pcap2corpus" tests/fuzz/pcap2corpus.c -lpcap; then
        mkdir -p "$LOG/corpus"
        "$LOG/pcap2corpus" "$LOG/corpus" tests/fixtures/pcap/*.pcap >/dev/null
        for f in build-fuzz/fuzz/fuzz_*; do
            name=$(basename "$f")
            if "$f" -max_total_time="${WBENCH_FUZZ_SECONDS:-20}" -rss_limit_mb=4096 \
                    -artifact_prefix="$LOG/$name-" "$LOG/corpus" > "$LOG/$name.log" 2>&1; then
                echo "ok - $name: $(grep -o 'Done [0-9]* runs' "$LOG/$name.log" | tail -n 1), no crash" | tee -a "$LOG/fuzz.tap"
            else
                echo "not ok - $name: crash, see $LOG/$name.log" | tee -a "$LOG/fuzz.tap"
                tail -n 30 "$LOG/$name.log" | sed 's/^/#   /'
            fi
        done
    else
        echo "not ok - fuzz targets build" | tee -a "$LOG/fuzz.tap"
        tail -n 30 "$LOG/fuzz-build.log" | sed 's/^/#   /'
    fi
    [ -f "$LOG/fuzz.tap" ] && count "$LOG/fuzz.tap"
fi

for t in tests/host/t_*.sh; do
    [ -f "$t" ] || continue
    name=$(basename "$t" .sh)
    echo "== host: $name"
    sh "$t" > "$LOG/$name.out" 2>&1
    cat "$LOG/$name.out"
    count "$LOG/$name.out"
done

if ls tests/vm/t_*.sh >/dev/null 2>&1; then
    echo "== VM integration tests (booting the simulated lab)"
    "$WB" vm --timeout 3600 -- sh tests/vm/run.sh "$BUILD" > "$LOG/vm.out" 2>&1
    rc=$?
    cat "$LOG/vm.out"
    count "$LOG/vm.out"
    if [ $rc != 0 ] && ! grep -q '^not ok' "$LOG/vm.out"; then
        echo "not ok - VM test run exited $rc"; fail=$((fail + 1))
    fi
    # The seed run's report from inside the VM, checked in Chromium on the host.
    echo "== host: the live seed run's report and comparison"
    sh tests/host/after_vm_report.sh "$BUILD" > "$LOG/live_report.out" 2>&1
    cat "$LOG/live_report.out"
    count "$LOG/live_report.out"
fi

echo "== test logs in $LOG ($(($(date +%s) - start)) s); $skip skipped (live tests skip outside the VM)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
