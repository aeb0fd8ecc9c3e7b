# The router's init (in its chroot, BusyBox ash): sh init.sh ADDR NOHWCRYPT. What procd and
# kmodloader would have done at boot for us: rt2800soc loaded (the radio is there: owrt_up
# made it), the radio's phy named as the kernel would (phyN), logd's log started, then
# dropbear in the foreground (its log on stderr: owrt_up keeps it in OWRT_DIR/dropbear.log).
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
. /lib/wbench-owrt/common.sh
. /lib/wbench-owrt/env
mkdir -p /tmp/.wbench-owrt /tmp/log /var/run /tmp/.uci
: > "$OWRT_LOGFILE"
sh /lib/wbench-owrt/modparam.sh load "$2"
owrt_log kern.info kernel "[    0.000000] Linux version (wbench OpenWrt 19.07.7 stand-in)"
owrt_log authpriv.info dropbear "Running in background"
exec /usr/sbin/dropbear -F -E -s -j -k -p "$1:22" -r /etc/dropbear/dropbear_rsa_host_key \
    -P /var/run/dropbear.1.pid
