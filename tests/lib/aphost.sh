# An "AP host" for VM tests: a network namespace that runs OpenSSH's real sshd, wired to
# the controller (the default namespace) by a veth pair, optionally with a bridge on its
# side, with radios moved into it. wbench reaches it as it would reach a Linux AP over
# ssh: a key pair of its own and a known_hosts file, so the host key is verified (wbench
# never turns that check off). Source this file (POSIX sh); it needs root, iproute2,
# iw, openssh-server and openssh-client; everything made is under one private directory
# and one namespace, and aphost_down removes both.
#
#   . tests/lib/aphost.sh
#   aphost_up ap 10.77.1 || exit       # namespace wbah-ap; controller 10.77.1.1, host .2
#   "$WB" sim radio add aprt --profile rt2800 --netns "$APHOST_NS" --ifname ap0
#   aphost_radio ap phy3               # or move an existing phy in
#   aphost_ssh ap 'iw dev'             # a command there, over ssh
#   ... wbench with APHOST_TARGET, APHOST_KEY, aphost_ssh_options ...
#   aphost_down ap                     # stops sshd and all else there; nothing left
#
# aphost_up sets, for the host it made last (aphost_env NAME sets them again):
#   APHOST_NS          the namespace (ip netns exec "$APHOST_NS" ...)
#   APHOST_DIR         its private directory (0700): keys, sshd_config, sshd.log
#   APHOST_ADDR        the host's address (sshd listens there only), APHOST_CTRL_ADDR ours
#   APHOST_TARGET      root@ADDR
#   APHOST_KEY         the client's private key (ssh -i)
#   APHOST_KNOWN_HOSTS the known_hosts file with the host's key
#   APHOST_IF          the host's wired interface (eth0, or br0 with a bridge)
# Functions return non-zero (and say why on stderr) when a step fails.

: "${APHOST_ROOT:=${TMPDIR:-/tmp}}"

_aphost_err() { echo "aphost: $*" >&2; return 1; }

# aphost_env NAME: set the APHOST_* variables of host NAME (made by aphost_up).
aphost_env() {
    [ -f "$APHOST_ROOT/wbench-aphost-$1/env" ] || _aphost_err "no AP host '$1'" || return
    # shellcheck disable=SC1090  # written by aphost_up
    . "$APHOST_ROOT/wbench-aphost-$1/env"
}

# aphost_ssh_options: the ssh -o values wbench needs for the current host, one per line.
aphost_ssh_options() {
    printf '%s\n' "UserKnownHostsFile=$APHOST_KNOWN_HOSTS" "GlobalKnownHostsFile=/dev/null" \
        "StrictHostKeyChecking=yes" "IdentitiesOnly=yes"
}

# aphost_ssh NAME CMD...: run CMD on host NAME over ssh (its words joined, as ssh does).
aphost_ssh() {
    aphost_env "$1" || return; shift
    # shellcheck disable=SC2046  # one option per line, none has a space
    ssh -i "$APHOST_KEY" -o BatchMode=yes -o ConnectTimeout=10 \
        $(aphost_ssh_options | sed 's/^/-o /') "$APHOST_TARGET" -- "$@"
}

# _aphost_keys DIR ADDR: host and client keys, authorized_keys, known_hosts.
_aphost_keys() {
    ssh-keygen -q -t ed25519 -N '' -C wbench-aphost -f "$1/host_key" &&
    ssh-keygen -q -t ed25519 -N '' -C wbench-aphost-client -f "$1/client_key" &&
    cp "$1/client_key.pub" "$1/authorized_keys" &&
    printf '%s %s\n' "$2" "$(cut -d' ' -f1,2 "$1/host_key.pub")" > "$1/known_hosts"
}

# _aphost_config DIR ADDR: an sshd that listens on ADDR only and knows one key. StrictModes
# is off because the key files live under /tmp (mode 1777), which sshd would refuse. HOME
# is a directory of the host's own: root's login shell would otherwise read this
# machine's dotfiles (shared into the VM), whose tools can take seconds per command.
_aphost_config() {
    mkdir -m 700 "$1/home" || return
    cat > "$1/sshd_config" <<EOF
ListenAddress $2
HostKey $1/host_key
PidFile $1/sshd.pid
AuthorizedKeysFile $1/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
SetEnv HOME=$1/home
EOF
}

# _aphost_link NAME NS NET BRIDGE: the veth pair, addresses, and the bridge if asked.
_aphost_link() {
    ip link add "ah$1" type veth peer name "ah$1-p" &&
    ip link set "ah$1-p" netns "$2" &&
    ip -n "$2" link set "ah$1-p" name eth0 &&
    ip -n "$2" link set lo up &&
    ip -n "$2" link set eth0 up &&
    ip addr add "$3.1/24" dev "ah$1" &&
    ip link set "ah$1" up || return
    if [ -n "$4" ]; then
        ip -n "$2" link add br0 type bridge &&
        ip -n "$2" link set eth0 master br0 &&
        ip -n "$2" link set br0 up &&
        ip -n "$2" addr add "$3.2/24" dev br0
    else
        ip -n "$2" addr add "$3.2/24" dev eth0
    fi
}

# _aphost_wait_ssh: until sshd answers (about 10 s at most).
_aphost_wait_ssh() {
    n=100
    while [ "$n" -gt 0 ]; do
        aphost_ssh "$1" true 2>/dev/null && return 0
        sleep 0.1; n=$((n - 1))
    done
    _aphost_err "sshd in $APHOST_NS did not answer; its log:"
    sed 's/^/aphost:   /' "$APHOST_DIR/sshd.log" >&2
    return 1
}

# aphost_up NAME NET [bridge]: make AP host NAME (1-8 of a-z0-9) on the /24 NET ("10.77.1":
# the controller gets NET.1, the host NET.2), with a bridge br0 over its eth0 if asked.
# When it fails, aphost_down NAME removes what it made.
aphost_up() {
    case $1 in ""|*[!a-z0-9]*|?????????*) _aphost_err "bad name '$1'"; return ;; esac
    _ah_dir=$APHOST_ROOT/wbench-aphost-$1
    [ ! -e "$_ah_dir" ] || _aphost_err "AP host '$1' exists ($_ah_dir)" || return
    mkdir -m 700 "$_ah_dir" || return
    _ah_if=eth0
    [ -z "$3" ] || _ah_if=br0
    cat > "$_ah_dir/env" <<EOF
APHOST_NS=wbah-$1
APHOST_DIR=$_ah_dir
APHOST_ADDR=$2.2
APHOST_CTRL_ADDR=$2.1
APHOST_TARGET=root@$2.2
APHOST_KEY=$_ah_dir/client_key
APHOST_KNOWN_HOSTS=$_ah_dir/known_hosts
APHOST_IF=$_ah_if
EOF
    aphost_env "$1" || return
    # sshd's privilege separation directory; made by us, removed by aphost_down
    if [ ! -d /run/sshd ]; then mkdir -m 755 /run/sshd && : > "$_ah_dir/made-run-sshd"; fi
    ip netns add "$APHOST_NS" || return
    _aphost_link "$1" "$APHOST_NS" "$2" "$3" &&
    _aphost_keys "$APHOST_DIR" "$APHOST_ADDR" &&
    _aphost_config "$APHOST_DIR" "$APHOST_ADDR" || return
    # sshd re-executes itself: it needs its absolute path
    ip netns exec "$APHOST_NS" "$(command -v sshd)" -D -f "$APHOST_DIR/sshd_config" \
        -E "$APHOST_DIR/sshd.log" </dev/null >/dev/null 2>&1 &
    echo $! > "$APHOST_DIR/sshd.daemon"
    _aphost_wait_ssh "$1"
}

# aphost_radio NAME PHY: move wireless PHY into AP host NAME's namespace.
aphost_radio() {
    aphost_env "$1" || return
    iw phy "$2" set netns name "$APHOST_NS"
}

# aphost_pids NAME: the processes in host NAME's namespace, one pid a line.
aphost_pids() {
    aphost_env "$1" || return
    ip netns pids "$APHOST_NS" 2>/dev/null
}

# aphost_down NAME: stop everything in the namespace (sshd included), delete it (the veth
# goes with it; moved phys return to the default namespace), remove the directory.
# Returns non-zero when something could not be removed.
aphost_down() {
    aphost_env "$1" || return
    _ah_rc=0
    for _ah_sig in TERM KILL; do
        _ah_pids=$(aphost_pids "$1")
        [ -n "$_ah_pids" ] || break
        # shellcheck disable=SC2086  # pids are words
        kill -s "$_ah_sig" $_ah_pids 2>/dev/null
        _ah_n=30
        while [ -n "$(aphost_pids "$1")" ] && [ "$_ah_n" -gt 0 ]; do
            sleep 0.1; _ah_n=$((_ah_n - 1))
        done
    done
    [ -z "$(aphost_pids "$1")" ] || _aphost_err "processes left in $APHOST_NS" || _ah_rc=1
    ip netns del "$APHOST_NS" 2>/dev/null || _aphost_err "cannot delete $APHOST_NS" || _ah_rc=1
    ! ip link show "ah$1" >/dev/null 2>&1 || ip link del "ah$1" 2>/dev/null
    [ ! -f "$APHOST_DIR/made-run-sshd" ] || rmdir /run/sshd 2>/dev/null
    rm -rf "$APHOST_DIR" || _ah_rc=1
    return "$_ah_rc"
}
