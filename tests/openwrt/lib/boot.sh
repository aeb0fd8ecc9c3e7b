# The router's boot, run by owrthost.sh's owrt_up in the router's network namespace and in a
# mount namespace of its own (unshare -m, private propagation: nothing here shows outside
# and everything goes with the last process): sh boot.sh ROOT ADDR NOHWCRYPT.
# Bind mounts over a plain directory tree rather than an overlay of the VM's root: the
# router must not see Debian's /usr/bin (its PATH is BusyBox's), and its /etc, /tmp are
# plain directories that the test reads from outside ($OWRT_ROOT) without entering.
set -e
R=$1
# the VM's root, for the real programs (symlinks into /.host) and for wbench (insmod/rmmod)
mount --rbind / "$R/.host"
mount --bind /usr/lib "$R/usr/lib"
mount --bind /usr/lib64 "$R/usr/lib64"
mount --rbind /dev "$R/dev"
mount -t proc proc "$R/proc"
# this namespace's sysfs (its /sys/class/net, /sys/class/ieee80211) ...
mount -t sysfs sysfs "$R/sys"
mount -t debugfs debugfs "$R/sys/kernel/debug" 2>/dev/null || true
# ... with the router's modules (rt2800soc's parameters) and the radio's platform device
# path (see syncphy.sh) on tmpfs
mount -t tmpfs -o mode=755 modules "$R/sys/module"
mount -t tmpfs -o mode=755 ieee80211 "$R/sys/class/ieee80211"
mount -t tmpfs -o mode=755 platform "$R/sys/devices/platform"
exec chroot "$R" /bin/busybox sh /lib/wbench-owrt/init.sh "$2" "$3"
