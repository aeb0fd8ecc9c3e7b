#!/bin/sh
# Stand-in crypto switch for the local lab's VM test (tests/vm/t_lab_local.sh), which runs
# on mac80211_hwsim radios: they have no crypto switch, so the scenario's
# lab.ap.crypto_switch does what a driver reload does to a real AP, with real parts:
#  - a real module parameter: ath9k is reloaded with nohwcrypt=VALUE (no device needed);
#    that is what the scenario's read command reads back;
#  - the AP radio goes away and comes back: the hwsim radio RADIO is deleted (wherever its
#    namespace) and made again in the initial namespace, with the cipher set of the mode
#    (hwcrypt, 0: the rt2800 profile, no BIP; nohwcrypt, 1: the full software set), so its
#    device path changes and the lab must find it again (by its phy name) and set it up.
# usage: modparam_switch.sh VALUE WBENCH RADIO
set -e
rmmod ath9k 2>/dev/null || true
modprobe ath9k "nohwcrypt=$1"
if [ "$1" = 1 ]; then profile=full; else profile=rt2800; fi
"$2" sim radio del "$3" >/dev/null 2>&1 || true
exec "$2" sim radio add "$3" --profile "$profile" >/dev/null
