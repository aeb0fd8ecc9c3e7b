# A stand-in OpenWrt 19.07 router for VM tests (inside `wbench vm`, as root): a network
# namespace and a mount namespace with a chroot of its own, where Debian's dropbear is the
# ssh server, root's shell is BusyBox ash, PATH holds BusyBox applets, the stand-in
# commands of tests/openwrt/ (uci, wifi, ubus, logread, logger, insmod, rmmod) and the few
# real programs a router has (hostapd behind a wrapper, iw, iperf3, tcpdump), and a
# mac80211_hwsim radio with the rt2800 cipher profile plays the MT7620's rt2800soc radio.
# See tests/openwrt/README.md for what each stand-in implements and how it differs.
#
#   . tests/lib/owrthost.sh
#   owrt_up r 10.77.7 || exit            # namespace wbow-r; controller 10.77.7.1, router .2
#   owrt_up r 10.77.7 wpad=basic nohwcrypt=1 wb=build/wbench
#   owrt_ssh r 'uci show wireless'       # through dropbear, run by ash -c
#   owrt_down r                          # nothing left: processes, namespace, radio, files
#
# Options of owrt_up (after NAME and NET):
#   wb=PATH          the wbench binary (default $WB, else build/wbench); insmod/rmmod use it
#                    for `sim radio add/del`; it is not in the router's PATH
#   wpad=VARIANT     full (default: wpad-wolfssl), basic-wolfssl (SAE, no OWE) or basic
#                    (no SAE, no OWE): what `hostapd -vsae/-vowe` answer
#   nohwcrypt=0|1    how rt2800soc is loaded at boot (default 0: hardware crypto, no BIP)
#
# owrt_up sets, for the router it made last (owrt_env NAME sets them again):
#   OWRT_NS            the network namespace (ip netns exec "$OWRT_NS" ...)
#   OWRT_DIR           its private directory (0700): keys, env, dropbear.log, root/
#   OWRT_ADDR          the router's address (on its br-lan; dropbear listens there only)
#   OWRT_CTRL_ADDR     ours, on the veth "ow<NAME>"
#   OWRT_TARGET        root@ADDR
#   OWRT_KEY           the client's private key (RSA: a 19.07 box accepts only ssh-rsa)
#   OWRT_KNOWN_HOSTS   known_hosts with the router's ssh-rsa host key
#   OWRT_ROOT          the router's file tree seen from here ($OWRT_ROOT/etc/config/wireless
#                      is the router's /etc/config/wireless; its /tmp is $OWRT_ROOT/tmp)
# Functions return non-zero (and say why on stderr) when a step fails.

: "${OWRT_BASE:=${TMPDIR:-/tmp}}"
# where tests/openwrt is (this file's ../openwrt); sourced from the repository root
: "${OWRT_SRC:=$(pwd)/tests/openwrt}"

_owrt_err() { echo "owrthost: $*" >&2; return 1; }

owrt_env() {
    [ -f "$OWRT_BASE/wbench-owrt-$1/env" ] || _owrt_err "no router '$1'" || return
    # shellcheck disable=SC1090  # written by owrt_up
    . "$OWRT_BASE/wbench-owrt-$1/env"
}

# owrt_ssh_options: the ssh -o values for the current router, one per line. A stock 19.07
# dropbear (2019.78) has only ssh-rsa (SHA-1) host and user keys, which OpenSSH >= 8.8
# refuses unless told (real-labs.md §2); see tests/openwrt/README.md for what Debian's
# dropbear offers.
owrt_ssh_options() {
    printf '%s\n' "UserKnownHostsFile=$OWRT_KNOWN_HOSTS" "GlobalKnownHostsFile=/dev/null" \
        "StrictHostKeyChecking=yes" "IdentitiesOnly=yes" \
        "HostKeyAlgorithms=+ssh-rsa" "PubkeyAcceptedAlgorithms=+ssh-rsa"
}

# owrt_ssh NAME CMD...: run CMD on router NAME over ssh (words joined, as ssh does)
owrt_ssh() {
    owrt_env "$1" || return; shift
    # shellcheck disable=SC2046  # one option per line, none has a space
    ssh -i "$OWRT_KEY" -o BatchMode=yes -o ConnectTimeout=10 \
        $(owrt_ssh_options | sed 's/^/-o /') "$OWRT_TARGET" -- "$@"
}

# _owrt_busybox FILE: the router's copy of Debian's busybox-static, its applets rmmod,
# insmod, logger and logread renamed in its (sorted) applet table to names that sort in
# the same place. That busybox is built with FEATURE_SH_STANDALONE: its ash runs an applet
# of a command's name before searching PATH, also for `exec NAME` (which no shell function
# can catch), so `exec rmmod rt2800soc` would run BusyBox's rmmod, not the stand-in at
# /sbin/rmmod. On OpenWrt these are ubox's programs at those paths (its busybox has no
# such preference), and the stand-in's logger must write into the stand-in's log.
_owrt_busybox() {
    python3 - "$1" <<'EOP'
import sys
path = sys.argv[1]
data = open(path, "rb").read()
for old, new in ((b"\0rmdir\0rmmod\0route\0", b"\0rmdir\0rmmoc\0route\0"),
                 (b"\0init\0insmod\0ionice\0", b"\0init\0insmoc\0ionice\0"),
                 (b"\0loadkmap\0logger\0login\0", b"\0loadkmap\0loggeq\0login\0"),
                 (b"\0logname\0logread\0losetup\0", b"\0logname\0logreac\0losetup\0")):
    if data.count(old) != 1:
        sys.exit("owrthost: busybox's applet table is not as expected: %r" % old)
    data = data.replace(old, new)
open(path, "wb").write(data)
EOP
}

# _owrt_tree SRC ROOT WPAD NET: the router's file tree (mount points, BusyBox links, the
# stand-ins, /etc). Real programs are symlinks into /.host (the VM's root, bound there by
# boot.sh), so they run with the host's libraries, which boot.sh binds at /usr/lib.
_owrt_tree() {
    _r=$2
    mkdir -p "$_r/bin" "$_r/sbin" "$_r/usr/bin" "$_r/usr/sbin" "$_r/usr/lib" "$_r/usr/lib64" \
        "$_r/lib/wbench-owrt" "$_r/proc" "$_r/sys" "$_r/dev" "$_r/.host" "$_r/root" \
        "$_r/etc/dropbear" "$_r/tmp/run" "$_r/overlay" || return
    chmod 1777 "$_r/tmp" && chmod 700 "$_r/etc/dropbear" &&
    ln -s tmp "$_r/var" && ln -s usr/lib64 "$_r/lib64" &&
    ln -s ../usr/lib/x86_64-linux-gnu "$_r/lib/x86_64-linux-gnu" || return
    # BusyBox applets where `busybox --list-full` puts them (one process for ~400 links:
    # a fork per link costs seconds under TCG)
    _bb=$(command -v busybox) || _owrt_err "busybox not found" || return
    cp "$_bb" "$_r/bin/busybox" && _owrt_busybox "$_r/bin/busybox" &&
    "$_bb" --list-full | python3 -c '
import os, sys
root = sys.argv[1]
for a in sys.stdin.read().split():
    if a == "bin/busybox":
        continue
    d = os.path.dirname(a)
    os.symlink(os.path.relpath("bin/busybox", d), os.path.join(root, a))
' "$_r" || return
    # the stand-ins, where 19.07 has the real commands
    for _s in uci:sbin wifi:sbin logread:sbin insmod:sbin rmmod:sbin ubus:bin logger:usr/bin \
              hostapd:usr/sbin; do
        rm -f "$_r/${_s#*:}/${_s%%:*}"
        cp "$1/bin/${_s%%:*}" "$_r/${_s#*:}/${_s%%:*}" || return
    done
    cp "$1"/lib/* "$_r/lib/wbench-owrt/" && cp -R "$1"/root/. "$_r/" || return
    # the real programs a router has (19.07 paths); hostapd's wrapper finds the real one
    for _p in iw:usr/sbin iperf3:usr/bin tcpdump:usr/sbin; do
        _w=$(command -v "${_p%%:*}") || _owrt_err "${_p%%:*} not found" || return
        rm -f "$_r/${_p#*:}/${_p%%:*}"; ln -s "/.host$_w" "$_r/${_p#*:}/${_p%%:*}"
    done
    ln -s "/.host$(command -v dropbear)" "$_r/usr/sbin/dropbear" || return
    # root's ~/.ssh is /etc/dropbear: Debian's dropbear reads ~/.ssh/authorized_keys, OpenWrt's
    # (100-pubkey_path.patch) /etc/dropbear/authorized_keys for root
    ln -s /etc/dropbear "$_r/root/.ssh" &&
    sed -i "s/@LANADDR@/$4.2/" "$_r/etc/config/network" &&
    echo "$3" > "$_r/lib/wbench-owrt/wpad"
}

# _owrt_keys DIR ROOT ADDR: dropbear's RSA host key (1024 bits, OpenSSH's minimum: key
# generation under TCG is slow, 19.07 makes 2048), the client's RSA key pair, root's
# authorized_keys (with the forced command that routes the applet names, see session.sh),
# known_hosts.
_owrt_keys() {
    dropbearkey -t rsa -s 1024 -f "$2/etc/dropbear/dropbear_rsa_host_key" >/dev/null 2>&1 &&
    ssh-keygen -q -t rsa -b 1024 -N '' -C wbench-owrt-client -f "$1/client_key" &&
    printf 'command=". /lib/wbench-owrt/session.sh" %s\n' "$(cat "$1/client_key.pub")" \
        > "$2/etc/dropbear/authorized_keys" &&
    chmod 600 "$2/etc/dropbear/authorized_keys" &&
    printf '%s %s\n' "$3" "$(dropbearkey -y -f "$2/etc/dropbear/dropbear_rsa_host_key" |
        grep '^ssh-rsa ' | cut -d' ' -f1,2)" > "$1/known_hosts"
}

# _owrt_link NAME NS NET: veth "ow<NAME>" here, eth0 there as the port of br-lan (as the LAN
# port of a router), the router's address on br-lan.
_owrt_link() {
    ip link add "ow$1" type veth peer name "ow$1-p" &&
    ip link set "ow$1-p" netns "$2" &&
    ip -n "$2" link set "ow$1-p" name eth0 &&
    ip -n "$2" link set lo up &&
    ip -n "$2" link add br-lan type bridge &&
    ip -n "$2" link set eth0 master br-lan &&
    # a fixed bridge address, as netifd gives br-lan: a bridge that takes its lowest port
    # address would change it each time wlan0 joins or leaves, and our neighbour entry would
    # go stale (ssh time-outs while netifd retries)
    ip -n "$2" link set br-lan address "$(ip -n "$2" -br link show eth0 | awk '{ print $3 }')" &&
    ip -n "$2" link set eth0 up &&
    ip -n "$2" link set br-lan up &&
    ip -n "$2" addr add "$3.2/24" dev br-lan &&
    ip addr add "$3.1/24" dev "ow$1" &&
    ip link set "ow$1" up
}

_owrt_wait_ssh() {
    _n=300
    while [ "$_n" -gt 0 ]; do
        owrt_ssh "$1" true 2>/dev/null && return 0
        sleep 0.1; _n=$((_n - 1))
    done
    _owrt_err "dropbear in $OWRT_NS did not answer; its log:"
    sed 's/^/owrthost:   /' "$OWRT_DIR/dropbear.log" >&2
    return 1
}

# owrt_up NAME NET [wb=PATH] [wpad=full|basic-wolfssl|basic] [nohwcrypt=0|1]: make router
# NAME (1-8 of a-z0-9) on the /24 NET ("10.77.7": controller NET.1, router NET.2). When it
# fails, owrt_down NAME removes what it made.
owrt_up() {
    case $1 in ""|*[!a-z0-9]*|?????????*) _owrt_err "bad name '$1'"; return ;; esac
    _o_name=$1 _o_net=$2; shift 2
    _o_wb=${WB:-build/wbench} _o_wpad=full _o_nohw=0
    for _o in "$@"; do
        case $_o in
        wb=*) _o_wb=${_o#wb=} ;;
        wpad=full|wpad=basic|wpad=basic-wolfssl) _o_wpad=${_o#wpad=} ;;
        nohwcrypt=0|nohwcrypt=1) _o_nohw=${_o#nohwcrypt=} ;;
        *) _owrt_err "unknown option '$_o'"; return ;;
        esac
    done
    case $_o_wb in /*) ;; *) _o_wb=$(pwd)/$_o_wb ;; esac
    [ -x "$_o_wb" ] || _owrt_err "no wbench binary at $_o_wb" || return
    _o_dir=$OWRT_BASE/wbench-owrt-$_o_name
    [ ! -e "$_o_dir" ] || _owrt_err "router '$_o_name' exists ($_o_dir)" || return
    mkdir -m 700 "$_o_dir" || return
    cat > "$_o_dir/env" <<EOF
OWRT_NS=wbow-$_o_name
OWRT_DIR=$_o_dir
OWRT_ADDR=$_o_net.2
OWRT_CTRL_ADDR=$_o_net.1
OWRT_TARGET=root@$_o_net.2
OWRT_KEY=$_o_dir/client_key
OWRT_KNOWN_HOSTS=$_o_dir/known_hosts
OWRT_ROOT=$_o_dir/root
OWRT_RADIO=wbow$_o_name
EOF
    owrt_env "$_o_name" || return
    _owrt_tree "$OWRT_SRC" "$OWRT_ROOT" "$_o_wpad" "$_o_net" &&
    _owrt_keys "$OWRT_DIR" "$OWRT_ROOT" "$OWRT_ADDR" || return
    # what the stand-ins need to know of the outside (kept off the router's PATH)
    cat > "$OWRT_ROOT/lib/wbench-owrt/env" <<EOF
OWRT_WB=/.host$_o_wb
OWRT_NS=$OWRT_NS
OWRT_RADIO=$OWRT_RADIO
EOF
    ip netns add "$OWRT_NS" && _owrt_link "$_o_name" "$OWRT_NS" "$_o_net" || return
    # the radio: made in our namespace (hwsim radios talk only to radios made in the same
    # namespace, i.e. to the controller's stations), then moved in
    _o_prof=rt2800
    [ "$_o_nohw" = 0 ] || _o_prof=full
    "$_o_wb" sim radio add "$OWRT_RADIO" --profile "$_o_prof" --netns "$OWRT_NS" >/dev/null ||
        return
    ip netns exec "$OWRT_NS" unshare -m --propagation private \
        sh "$OWRT_SRC/lib/boot.sh" "$OWRT_ROOT" "$OWRT_ADDR" "$_o_nohw" \
        </dev/null >"$OWRT_DIR/dropbear.log" 2>&1 &
    _owrt_wait_ssh "$_o_name"
}

owrt_pids() {
    owrt_env "$1" || return
    ip netns pids "$OWRT_NS" 2>/dev/null
}

# owrt_down NAME: stop everything in the router (dropbear, hostapd, followers), delete its
# radio (renamed back to the name wbench gave it), the namespace, the veth, the directory.
# The mounts live in the router's mount namespace and go with its last process.
owrt_down() {
    owrt_env "$1" || return
    _d_rc=0
    for _d_sig in TERM KILL; do
        _d_pids=$(owrt_pids "$1")
        [ -n "$_d_pids" ] || break
        # shellcheck disable=SC2086  # pids are words
        kill -s "$_d_sig" $_d_pids 2>/dev/null
        _d_n=30
        while [ -n "$(owrt_pids "$1")" ] && [ "$_d_n" -gt 0 ]; do sleep 0.1; _d_n=$((_d_n - 1)); done
    done
    [ -z "$(owrt_pids "$1")" ] || _owrt_err "processes left in $OWRT_NS" || _d_rc=1
    # the router's radio: whatever phy name it has now (phyN), wbench deletes it by its own
    _d_phy=$(cat "$OWRT_ROOT/tmp/.wbench-owrt/phy" 2>/dev/null)
    if [ -n "$_d_phy" ] && ip netns exec "$OWRT_NS" iw phy "$_d_phy" info >/dev/null 2>&1; then
        ip netns exec "$OWRT_NS" iw phy "$_d_phy" set name "$OWRT_RADIO" 2>/dev/null
    fi
    _d_wb=$(sed -n 's#^OWRT_WB=/.host##p' "$OWRT_ROOT/lib/wbench-owrt/env" 2>/dev/null)
    if [ -n "$_d_wb" ] && ip netns exec "$OWRT_NS" iw phy "$OWRT_RADIO" info >/dev/null 2>&1; then
        "$_d_wb" sim radio del "$OWRT_RADIO" >/dev/null || _d_rc=1
    fi
    ip netns del "$OWRT_NS" 2>/dev/null || _owrt_err "cannot delete $OWRT_NS" || _d_rc=1
    ! ip link show "ow$1" >/dev/null 2>&1 || ip link del "ow$1" 2>/dev/null
    # the router's /.host is the VM's root only inside its mount namespace; never recurse
    # into a mount from here
    if mountpoint -q "$OWRT_ROOT/.host" 2>/dev/null; then
        _owrt_err "$OWRT_ROOT/.host is mounted here; $OWRT_DIR left"; return 1
    fi
    rm -rf --one-file-system "$OWRT_DIR" || _d_rc=1
    return "$_d_rc"
}
