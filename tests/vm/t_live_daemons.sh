#!/bin/sh
# hostapd + wpa_supplicant on mac80211_hwsim radios (psk2, sae, sae-mixed,
# psk2+pmf-required, SAE options with a hostile SSID, wrong passwords and their diagnosis).
# Runs inside the VM as root; every cmocka test becomes one ok / not ok line. A skip
# counts as a failure here: in the VM the radios must be available.
. tests/lib/lib.sh
BIN=${BUILD:-build}/tests/test_live_daemons

if [ ! -x "$BIN" ]; then
    not_ok "live_daemons: $BIN not built (make unit)"
    t_done
fi
OUT=$(CMOCKA_MESSAGE_OUTPUT=TAP "$BIN" 2>&1); rc=$?
printf '%s\n' "$OUT" | grep -v '^\(ok\|not ok\|1\.\.\|# ok\)' | sed 's/^/#   /'
tap=$(printf '%s\n' "$OUT" | grep '^\(ok\|not ok\) ')
printf '%s\n' "$tap" | while IFS= read -r line; do
    name=$(printf '%s\n' "$line" | sed -E 's/^(not )?ok [0-9]+ (- |# SKIP )?//')
    case $line in
    *"# SKIP"*) echo "not ok - live_daemons: $name skipped (no root or no mac80211_hwsim)" ;;
    "not ok "*) echo "not ok - live_daemons: $name" ;;
    "ok "*) echo "ok - live_daemons: $name" ;;
    esac
done
if [ -z "$tap" ] || { [ "$rc" != 0 ] && ! printf '%s\n' "$tap" | grep -q '^not ok'; }; then
    not_ok "live_daemons: $BIN exited $rc"
fi
# the while loop runs in a subshell: derive the status from the lines themselves
if printf '%s\n' "$tap" | grep -q '^not ok\|# SKIP' || [ "$rc" != 0 ]; then exit 1; fi
exit 0
