#!/bin/sh
# hostapd + wpa_supplicant on mac80211_hwsim radios (psk2, sae, sae-mixed,
# psk2+pmf-required, SAE options with a hostile SSID, wrong passwords and their diagnosis).
# Runs inside the VM as root; every cmocka test becomes one ok / not ok line. A skip
# counts as a failure here: in the VM the radios must be available.
. tests/lib/lib.sh
need_hwsim
relay_cmocka "$BUILD/tests/test_live_daemons"
t_done
