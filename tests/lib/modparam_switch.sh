#!/bin/sh
# Stand-in crypto switch for the local lab's VM test (tests/vm/t_lab_local.sh): the
# radios there are mac80211_hwsim's, which have no crypto switch, so the scenario's
# lab.ap.crypto_switch reloads a real module of the VM kernel with a real parameter
# instead: ath9k with nohwcrypt=VALUE (no device needed). What it shows is wbench's
# handling of a switch (the original read, recorded, restored, undone by cleanup after a
# kill), not a change of the hwsim AP's crypto path.
# usage: modparam_switch.sh VALUE
set -e
rmmod ath9k 2>/dev/null || true
exec modprobe ath9k "nohwcrypt=$1"
