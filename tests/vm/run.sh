#!/bin/sh
# Runs inside the VM (as root, in the repository): every tests/vm/t_*.sh in turn, or
# only the named ones (make check-vm T="t_run_gate t_vm_env").
# usage: tests/vm/run.sh [BUILD [NAME...]]
BUILD=${1:-build}
[ $# -gt 0 ] && shift
WB=$BUILD/wbench
export BUILD WB
modprobe mac80211_hwsim radios=0 || echo "not ok - modprobe mac80211_hwsim"
if [ $# = 0 ]; then set -- tests/vm/t_*.sh; fi
for t in "$@"; do
    t=tests/vm/$(basename "$t" .sh).sh
    if [ ! -f "$t" ]; then
        echo "not ok - no VM test $t (the names are in tests/vm/)"; continue
    fi
    echo "# $t"
    start=$(date +%s)
    sh "$t"
    echo "# $t: $(($(date +%s) - start)) s"
done
