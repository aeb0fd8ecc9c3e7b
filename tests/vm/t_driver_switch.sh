#!/bin/sh
# The driver table's crypto switch on the VM kernel's real modules (rt2800usb, rt2800pci,
# rt73usb, ath5k, ath9k, ath9k_htc, carl9170, b43, iwlwifi, iwl4965, rtl8192ce; ath10k and
# ath11k by re-probe), through the crypto switch code of the local lab
# (test_live_crypto_switch): loaded with the parameter, read back, restored; how long a
# reload takes is in the notes. Independently: a module found loaded with a non-default
# value keeps it, and the modules the test loaded can all be unloaded again.
. tests/lib/lib.sh
need_hwsim
lsmod | awk 'NR > 1 { print $1 }' | sort > /tmp/wbt-modules.before
modprobe ath9k nohwcrypt=1
check "driver switch: ath9k loaded beforehand with nohwcrypt=1" \
    test "$(cat /sys/module/ath9k/parameters/nohwcrypt 2>/dev/null)" = 1
relay_cmocka "$BUILD/tests/test_live_crypto_switch" WBT_LIVE_MODULES=1
check "driver switch: ath9k still reads nohwcrypt=1 after the test" \
    test "$(cat /sys/module/ath9k/parameters/nohwcrypt 2>/dev/null)" = 1
modprobe -r ath9k
# modprobe -r leaves some shared libraries (in use when it came to them): the test's own
# loads are undone here, the libraries before the drivers that used them
i=0
while [ $i -lt 5 ]; do
    lsmod | awk 'NR > 1 { print $1 }' | sort | comm -13 /tmp/wbt-modules.before - |
        while read -r m; do rmmod "$m" 2>/dev/null; done
    i=$((i + 1))
done
lsmod | awk 'NR > 1 { print $1 }' | sort > /tmp/wbt-modules.after
OUT=$(diff /tmp/wbt-modules.before /tmp/wbt-modules.after)
check "driver switch: every module the test loaded is unloaded again" test -z "$OUT"
printf '%s\n' "$OUT" | sed '/^$/d; s/^/#   /'
rm -f /tmp/wbt-modules.before /tmp/wbt-modules.after
t_done
