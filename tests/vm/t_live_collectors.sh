#!/bin/sh
# Live collectors on mac80211_hwsim, inside the VM: test_live_link (the link collector
# on both ends around a throughput run across the simulated air), every case one
# ok / not ok line; a case that skips here (where root and hwsim are given) fails.
# The other live binaries run by name from their own scripts: test_live_daemons from
# t_live_daemons.sh, test_live_capabilities and test_live_netns from t_sim_probe.sh.
. tests/lib/lib.sh
need_hwsim
relay_cmocka "$BUILD/tests/test_live_link"
t_done
