#!/bin/sh
# make bench: ratios measured side by side in one run.
#  1. the PMF verifier against tshark and against a bare pcap_next_ex loop (host);
#  2. the regression gate's calibration: A/A false regressions and power, by simulation
#     (the routine tests/unit/test_verdict.c asserts on);
#  3. wbench's throughput collector against plain iperf3 on the same hwsim link, the
#     latency probes' cost on it (iperf3 with/without them), and the per-cell overhead
#     of `wbench run` (inside the VM);
#  4. the ssh backend's per-cell overhead against the sim's, and the ssh connections a
#     cell opens (inside the VM: tests/bench/bench_ssh.sh).
BUILD=${1:-build}
WB=$BUILD/wbench
echo "== PMF verifier (1M frames)"
sh tests/bench/bench_pmf.sh "$BUILD" 1000000
echo "== regression gate calibration"; sh tests/bench/bench_compare.sh "$BUILD"
if [ -d /sys/module/mac80211_hwsim ] && [ "$(id -u)" = 0 ]; then
    sh tests/bench/bench_vm.sh "$BUILD"
    echo "== ssh backend against the sim"; sh tests/bench/bench_ssh.sh "$BUILD"
else
    "$WB" vm --timeout 3600 -- sh -c "sh tests/bench/bench_vm.sh '$BUILD';
        echo '== ssh backend against the sim'; sh tests/bench/bench_ssh.sh '$BUILD'"
fi
