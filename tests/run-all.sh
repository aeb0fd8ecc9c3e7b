#!/bin/sh
# The whole test suite, as `make check` runs it, in six parts: layers (the include
# rule, tests/check-layers.sh), unit (the cmocka binaries), fuzz (every libFuzzer
# target, seeded from the capture fixtures), host (tests/host/t_*.sh), vm (one VM boot
# runs tests/vm/t_*.sh inside) and after-vm (tests/host/after_vm_report.sh checks what
# the VM left). Prints the seconds each part took and ends with "N passed, N failed".
#
# usage: tests/run-all.sh [--parts "layers unit fuzz host vm after-vm"] [--vm-tests "NAME..."] [BUILD]
#   make check-fast          --parts "layers unit host"
#   make check-vm            --parts "vm after-vm"
#   make check-vm T="t_a"    --parts vm --vm-tests t_a   (just those tests/vm scripts)
PARTS="layers unit fuzz host vm after-vm"
VM_TESTS=
while [ $# -gt 0 ]; do
    case $1 in
        --parts) PARTS=$2; shift 2 ;;
        --vm-tests) VM_TESTS=$2; shift 2 ;;
        -*) echo "run-all: unknown option '$1'" >&2; exit 2 ;;
        *) break ;;
    esac
done
BUILD=${1:-build}
WB=$BUILD/wbench
LOG=$(mktemp -d "${TMPDIR:-/tmp}/wbench-check.XXXXXX")
export WB BUILD LOG
pass=0; fail=0; skip=0; seconds=

count() { # FILE: add the TAP-ish ok / not ok lines of FILE to the totals ("# SKIP" apart)
    p=$(grep -c '^ok' "$1"); f=$(grep '^not ok' "$1" | grep -vc '# SKIP')
    s=$(grep -c '^\(not \)\?ok.*# SKIP' "$1")
    pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
}
want() { case " $PARTS " in *" $1 "*) return 0 ;; esac; return 1; }
part_start() { part_t0=$(date +%s); }
part_end() { # NAME: note the seconds the part took
    seconds="$seconds${seconds:+, }$1 $(($(date +%s) - part_t0))"
}

start=$(date +%s)
if want layers; then
    part_start
    echo "== layers (an include never reaches a layer above its own)"
    sh tests/check-layers.sh > "$LOG/layers.tap" 2>&1
    cat "$LOG/layers.tap"
    count "$LOG/layers.tap"
    part_end layers
fi

if want unit; then
    part_start
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
    part_end unit
fi

# A short libFuzzer run of every fuzz target, seeded from the capture fixtures (the
# scenario loader's from the scenarios).
if want fuzz && command -v clang >/dev/null 2>&1 && ls tests/fuzz/fuzz_*.c >/dev/null 2>&1; then
    part_start
    # The PMF verifier's input space is large; the others' (shell quoting, scenarios) smaller: by
    # default they get 3 s each (14 targets: CI time). WBENCH_FUZZ_SECONDS sets every target's.
    fuzz_secs() { case $1 in fuzz_pmf) echo "${WBENCH_FUZZ_SECONDS:-20}" ;;
                  *) echo "${WBENCH_FUZZ_SECONDS:-3}" ;; esac; }
    # Seeds besides the capture frames: the fixtures of the parser a target fuzzes.
    fuzz_seeds() { case $1 in fuzz_iw) echo tests/fixtures/iw ;; fuzz_owrt) echo tests/fixtures/owrt ;;
                   fuzz_iperf) echo tests/fixtures/iperf ;;
                   fuzz_ping) echo tests/fixtures/ping ;;
                   fuzz_keys) echo tests/fixtures/debugfs ;;
                   fuzz_capture_stream) echo tests/fixtures/pcap ;;
                   fuzz_procstat) echo tests/fuzz/corpus/fuzz_procstat tests/fixtures/procstat ;;
                   fuzz_ctrl) echo tests/fuzz/corpus/fuzz_ctrl tests/fixtures/ctrl ;;
                   fuzz_results|fuzz_compare|fuzz_gate) echo tests/fuzz/corpus/$1 ;; esac; }
    echo "== fuzz (fuzz_pmf $(fuzz_secs fuzz_pmf) s, the others $(fuzz_secs other) s each)"
    if make --no-print-directory fuzz > "$LOG/fuzz-build.log" 2>&1 &&
       cc -O2 -o "$LOG/pcap2corpus" tests/fuzz/pcap2corpus.c -lpcap; then
        mkdir -p "$LOG/corpus" "$LOG/corpus-scenario"
        "$LOG/pcap2corpus" "$LOG/corpus" tests/fixtures/pcap/*.pcap >/dev/null
        # the scenario loader starts from the scenarios (fixtures and shipped ones)
        cp tests/fixtures/scenarios/*.json scenarios/*.json "$LOG/corpus-scenario/"
        for f in build-fuzz/fuzz/fuzz_*; do
            name=$(basename "$f")
            corpus=$LOG/corpus
            [ "$name" = fuzz_scenario ] && corpus=$LOG/corpus-scenario
            if "$f" -max_total_time="$(fuzz_secs "$name")" -rss_limit_mb=4096 \
                    -artifact_prefix="$LOG/$name-" "$corpus" $(fuzz_seeds "$name") \
                    > "$LOG/$name.log" 2>&1; then
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
    part_end fuzz
fi

if want host; then
    part_start
    for t in tests/host/t_*.sh; do
        [ -f "$t" ] || continue
        name=$(basename "$t" .sh)
        echo "== host: $name"
        sh "$t" > "$LOG/$name.out" 2>&1
        cat "$LOG/$name.out"
        count "$LOG/$name.out"
    done
    part_end host
fi

if want vm && ls tests/vm/t_*.sh >/dev/null 2>&1; then
    part_start
    echo "== VM integration tests (booting the simulated lab)${VM_TESTS:+: $VM_TESTS}"
    # shellcheck disable=SC2086  # the test names are words
    "$WB" vm --timeout 3600 -- sh tests/vm/run.sh "$BUILD" $VM_TESTS > "$LOG/vm.out" 2>&1
    rc=$?
    cat "$LOG/vm.out"
    count "$LOG/vm.out"
    if [ $rc != 0 ] && ! grep -q '^not ok' "$LOG/vm.out"; then
        echo "not ok - VM test run exited $rc"; fail=$((fail + 1))
    fi
    part_end vm
fi

if want after-vm; then
    # The seed run's report from inside the VM, checked in Chromium on the host.
    part_start
    echo "== host: the live seed run's report and comparison"
    sh tests/host/after_vm_report.sh "$BUILD" > "$LOG/after_vm_report.out" 2>&1
    cat "$LOG/after_vm_report.out"
    count "$LOG/after_vm_report.out"
    part_end after-vm
fi

echo "== seconds per part: $seconds"
echo "== test logs in $LOG ($(($(date +%s) - start)) s); $skip skipped (live tests skip outside the VM)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
