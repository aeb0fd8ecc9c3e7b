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
# With NETNS (an ssh AP host's namespace, tests/vm/t_lab_ssh.sh) the radio is made here and
# moved there: hwsim radios hear only radios made in the same namespace (hwsim's netgroup
# is the maker's), so it must be made where the STA's was, then moved, as a real radio
# that stays on its AP host's air. Run it in the initial namespace for that (nsenter).
# usage: modparam_switch.sh VALUE WBENCH RADIO [NETNS]
set -e
rmmod ath9k 2>/dev/null || true
modprobe ath9k "nohwcrypt=$1"
if [ "$1" = 1 ]; then profile=full; else profile=rt2800; fi
if [ -n "${4:-}" ]; then
    ip netns exec "$4" "$2" sim radio del "$3" >/dev/null 2>&1 ||
        "$2" sim radio del "$3" >/dev/null 2>&1 || true
    exec "$2" sim radio add "$3" --profile "$profile" --netns "$4" >/dev/null
fi
"$2" sim radio del "$3" >/dev/null 2>&1 || true
exec "$2" sim radio add "$3" --profile "$profile" >/dev/null
