#!/bin/sh
# The collectors on a remote host, in the VM (make check-vm T=t_remote_collectors): a
# WPA2-PSK + PMF-required hwsim link (tests/lib/pmf_pair.sh), the AP end in its network
# namespace being the "remote" host; tests/unit/test_live_remote.c runs twice over it:
#   1. WBT_REMOTE=local  the local host, the AP side's commands in its namespace;
#   2. WBT_REMOTE=ssh    the real OpenSSH client against a real sshd inside the AP
#                        namespace, reached over a veth (ssh_ap_up below: a minimal stand-in
#                        for the daemons work's tests/lib/aphost.sh, used instead as soon as
#                        that lands).
# Cases: iperf3 binary <-> libiperf both ways, iw station dumps against nl80211, a tcpdump
# stream (hwsim0; over ssh a monitor interface on the AP's phy) verified PMF-protected,
# a local monitor radio, remote CPU with its reading round trips, the latency probes
# (iputils' ping and BusyBox's, over the air to the station), debugfs keys. Then
# nothing may be left: no iperf3, tcpdump or sampler, no monitor interface.
. tests/lib/lib.sh
. tests/lib/pmf_pair.sh
need_hwsim
RC_DIR= SSHD_PID=
RC_SNIFF=rcsniff

rc_cleanup() {
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null
    ip link del rcwire0 2>/dev/null
    "$WB" sim radio del "$RC_SNIFF" >/dev/null 2>&1
    pair_down
    [ -n "$RC_DIR" ] && rm -rf "$RC_DIR"
}
trap rc_cleanup EXIT

# ssh_ap_up: sshd in the AP namespace on 10.98.7.2 (key login only), a wired veth to it.
ssh_ap_up() {
    RC_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wbench-rc.XXXXXX") || return 1
    ip link add rcwire0 type veth peer name rcwire1 &&
        ip link set rcwire1 netns "$PAIR_AP" &&
        ip addr add 10.98.7.1/24 dev rcwire0 && ip link set rcwire0 up &&
        ip -n "$PAIR_AP" addr add 10.98.7.2/24 dev rcwire1 &&
        ip -n "$PAIR_AP" link set rcwire1 up || return 1
    ssh-keygen -q -t ed25519 -N '' -f "$RC_DIR/host_key" &&
        ssh-keygen -q -t ed25519 -N '' -f "$RC_DIR/id" || return 1
    cp "$RC_DIR/id.pub" "$RC_DIR/authorized_keys"
    echo "10.98.7.2 $(cut -d' ' -f1,2 "$RC_DIR/host_key.pub")" > "$RC_DIR/known_hosts"
    cat > "$RC_DIR/sshd_config" <<CONF
ListenAddress 10.98.7.2
HostKey $RC_DIR/host_key
AuthorizedKeysFile $RC_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $RC_DIR/sshd.pid
MaxSessions 50
MaxStartups 50
CONF
    mkdir -p /run/sshd
    # `ip netns exec` gives a fresh /sys: debugfs mounted again there, as a host has it;
    # an empty /root: this machine's root ~/.bashrc (pyenv) costs ~10 s per ssh session
    ip netns exec "$PAIR_AP" sh -c 'mount -t debugfs none /sys/kernel/debug 2>/dev/null;
        mount -t tmpfs -o mode=0700 none /root && exec /usr/sbin/sshd -D -e -f "$1"' \
        sh "$RC_DIR/sshd_config" 2> "$RC_DIR/sshd.log" &
    SSHD_PID=$!
    i=0
    while [ $i -lt 100 ]; do
        ssh -o BatchMode=yes -o ConnectTimeout=5 -o UserKnownHostsFile="$RC_DIR/known_hosts" \
            -i "$RC_DIR/id" root@10.98.7.2 true 2>/dev/null && return 0
        sleep 0.3; i=$((i + 1))
    done
    tail -n 20 "$RC_DIR/sshd.log" | sed 's/^/#   /'
    return 1
}

if pair_up; then
    "$WB" sim radio add "$RC_SNIFF" >/dev/null || not_ok "a sniffer radio"
    ip link set hwsim0 up || not_ok "hwsim0 up"
    export WBT_AP_NS="/run/netns/$PAIR_AP" WBT_STA_NS="/run/netns/$PAIR_STA" \
        WBT_AP_IF="$PAIR_AP_IF" WBT_STA_IF="$PAIR_STA_IF" WBT_AP_PHY="$PAIR_AP" \
        WBT_STA_PHY="$PAIR_STA" WBT_AP_IP="$PAIR_AP_IP" WBT_STA_IP="$PAIR_STA_IP" \
        WBT_STA_CTRL="$PAIR_DIR/ctrl" WBT_SNIFF_PHY="$RC_SNIFF" \
        WBT_KEYS_FIXTURE="$PWD/tests/fixtures/debugfs/tree"
    echo "# the AP side on the local host, in its namespace"
    relay_cmocka "$BUILD/tests/test_live_remote" WBT_REMOTE=local
    if [ -f tests/lib/aphost.sh ]; then
        echo "# tests/lib/aphost.sh is there: switch this test to it (ssh_ap_up stands in)"
    fi
    if ssh_ap_up; then
        ok "sshd in the AP namespace, key login over the wired veth"
        echo "# the AP side over ssh (OpenSSH client and sshd, ControlMaster)"
        relay_cmocka "$BUILD/tests/test_live_remote" WBT_REMOTE=ssh \
            WBT_SSH_TARGET=root@10.98.7.2 WBT_SSH_IDENTITY="$RC_DIR/id" \
            WBT_SSH_KNOWN_HOSTS="$RC_DIR/known_hosts"
    else
        not_ok "sshd in the AP namespace, key login over the wired veth"
    fi
    sleep 0.5
    left=$(ps -eo comm= | grep -x -e iperf3 -e tcpdump -e sshd: | sort | uniq -c | tr '\n' ' ')
    if ps -eo args= | grep -v grep | grep -q -e '^iperf3 ' -e '^tcpdump ' -e 'wbench-cpu-end'; then
        not_ok "no iperf3, tcpdump or CPU sampler left: $left"
    else
        ok "no iperf3, tcpdump or CPU sampler left"
    fi
    if ip -n "$PAIR_AP" link show rcmon0 >/dev/null 2>&1 || ip link show rcmon1 >/dev/null 2>&1; then
        not_ok "the monitor interfaces made for the captures are gone"
    else
        ok "the monitor interfaces made for the captures are gone"
    fi
fi
t_done
