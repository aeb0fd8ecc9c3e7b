# rt2800soc as a module of the stand-in router (used by init.sh, insmod, rmmod):
#   sh modparam.sh load 0|1     the radio made by owrt_up is there: adopt it
#   sh modparam.sh insmod 0|1   make the radio (wbench sim radio add: profile rt2800 for
#                               hardware crypto, i.e. no BIP as the MT7620; full for
#                               nohwcrypt=1, i.e. mac80211's software ciphers incl. BIP)
#   sh modparam.sh rmmod        delete the radio (its phy and netdevs vanish)
# Loaded = /sys/module/rt2800soc/parameters/nohwcrypt exists (Y or N). The phy is renamed
# phyN, N its wiphy index, which is the name the kernel gives a probed radio (a re-probe
# gets a new index: phy0 -> phy1, real-labs.md §1.9).
. /lib/wbench-owrt/env
P=/sys/module/rt2800soc/parameters
S=/tmp/.wbench-owrt
adopt() {
    idx=$(cat "/sys/devices/virtual/mac80211_hwsim/"*/ieee80211/"$OWRT_RADIO"/index 2>/dev/null | head -n 1)
    [ -n "$idx" ] || { echo "rt2800soc: radio $OWRT_RADIO not found" >&2; return 1; }
    # phy#N: iw looks names up in /sys/class/ieee80211, which is the router's (syncphy.sh)
    iw "phy#$idx" set name "phy$idx" || return 1
    # the kernel's default interface of a new radio: a router has none before `wifi up`
    for dev in $(iw dev 2>/dev/null | awk -v p="phy#$idx" '/^phy#/ { on = ($1 == p) } on && $1 == "Interface" { print $2 }'); do
        iw dev "$dev" del
    done
    echo "phy$idx" > "$S/phy"
    mkdir -p "$P"
    if [ "$1" = 1 ]; then echo Y > "$P/nohwcrypt"; else echo N > "$P/nohwcrypt"; fi
    sh /lib/wbench-owrt/syncphy.sh
}
case $1 in
load) adopt "$2" ;;
insmod)
    prof=rt2800
    [ "$2" = 1 ] && prof=full
    # made in the VM's initial namespace (the controller's: hwsim radios hear only radios
    # made in the same namespace), then moved in; wbench and nsenter are the VM's
    chroot /.host /usr/bin/nsenter --net=/proc/1/ns/net "${OWRT_WB#/.host}" sim radio add "$OWRT_RADIO" \
        --profile "$prof" --netns "$OWRT_NS" >/dev/null || exit 1
    adopt "$2" ;;
rmmod)
    phy=$(cat "$S/phy" 2>/dev/null)
    # wbench names radios itself (not phyN): give it its name back, then delete it
    [ -z "$phy" ] || iw "phy#${phy#phy}" set name "$OWRT_RADIO" 2>/dev/null
    chroot /.host "${OWRT_WB#/.host}" sim radio del "$OWRT_RADIO" >/dev/null || exit 1
    rm -rf "/sys/module/rt2800soc" "$S/phy"
    sh /lib/wbench-owrt/syncphy.sh ;;
esac
