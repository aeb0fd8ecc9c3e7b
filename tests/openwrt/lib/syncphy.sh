# The router's /sys/class/ieee80211 (a tmpfs, see boot.sh), rebuilt from the phys in its
# namespace: one directory per phy whose entries link to the real sysfs ones, except
# `device`. The router's own radio (/tmp/.wbench-owrt/phy) gets the MT7620's platform
# device, /sys/devices/platform/10180000.wmac, so `readlink -f .../device` gives the UCI
# path 'platform/10180000.wmac' as on an EX2700 (mt7620a.dtsi wmac@10180000), and the same
# path after `rmmod rt2800soc; insmod rt2800soc`, as a real re-probe of the same platform
# device would. (A re-made hwsim radio is a new device, virtual/mac80211_hwsim/hwsimN with
# a new N; without this, `option path` would no longer find it.) The platform device has
# what a real one has and wbench reads: ieee80211/PHY, and driver -> rt2800_wmac, whose
# module is rt2800soc (the router's /sys/module, where insmod puts the parameter). Other
# phys keep their real device path.
C=/sys/class/ieee80211
mine=$(cat /tmp/.wbench-owrt/phy 2>/dev/null)
rm -rf "${C:?}"/* /sys/devices/platform/* /sys/devices/platform/.drivers
for phy in $(iw phy 2>/dev/null | sed -n 's/^Wiphy //p'); do
    real=
    for d in /sys/devices/virtual/mac80211_hwsim/*/ieee80211/"$phy" /sys/devices/*/*/ieee80211/"$phy"; do
        [ -d "$d" ] && { real=$d; break; }
    done
    [ -n "$real" ] || continue
    mkdir "$C/$phy"
    for f in "$real"/*; do
        [ "${f##*/}" = device ] || ln -s "$f" "$C/$phy/${f##*/}"
    done
    if [ "$phy" = "$mine" ]; then
        W=/sys/devices/platform/10180000.wmac
        D=/sys/devices/platform/.drivers/rt2800_wmac
        mkdir -p "$W/ieee80211" "$D"
        ln -s "$real" "$W/ieee80211/$phy"
        ln -s /sys/module/rt2800soc "$D/module"
        ln -s "$D" "$W/driver"
        ln -s "$W" "$C/$phy/device"
    else
        ln -s "$(readlink -f "$real/device")" "$C/$phy/device"
    fi
done
