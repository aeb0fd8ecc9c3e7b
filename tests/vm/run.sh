#!/bin/sh
# Runs inside the VM (as root, in the repository): every tests/vm/t_*.sh in turn.
BUILD=${1:-build}
WB=$BUILD/wbench
export BUILD WB
modprobe mac80211_hwsim radios=0 || echo "not ok - modprobe mac80211_hwsim"
for t in tests/vm/t_*.sh; do
    echo "# $t"
    start=$(date +%s)
    sh "$t"
    echo "# $t: $(($(date +%s) - start)) s"
done
