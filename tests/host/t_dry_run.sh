#!/bin/sh
# wbench run --dry-run [--preflight]: what a run would do, and that it does none of it.
# Under strace the dry run makes no directory, opens no file for writing, removes or
# renames nothing, opens no socket, enters or makes no namespace, mounts nothing and
# starts no program; as another user it prints the same steps; a fake ssh first in PATH
# is never started. (tests/vm/t_dry_run.sh compares namespaces, radios and the temporary
# directory before and after, with mac80211_hwsim loaded.)
. tests/lib/lib.sh
T=$(mktemp -d "${TMPDIR:-/tmp}/wbench-dry.XXXXXX")
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"

# --- what it prints: the sim ------------------------------------------------------------
expect_exit "dry run of the quick sim scenario" 0 env TMPDIR=/tmp/wbt-dry \
    "$WB" run --dry-run --no-vm -o "$T/r.json" scenarios/quick-sim.json
contains "says it does nothing" "dry run: nothing is set up, started, written or connected"
contains "the cells in run order" "    0      2    0  nohwcrypt/psk2/tcp/up
    1      0    0  hwcrypt/psk2/tcp/up
    2      3    0  nohwcrypt/sae/tcp/up
    3      1    0  hwcrypt/sae/tcp/up"
contains "the flips" "crypto flips: 3 between cells (interleaved: the sim re-creates the AP radio for every cell)"
contains "the results file, kept" "  start   write the results file $T/r.json (created first, rewritten atomically after every cell)
          undo: kept: it is the result"
contains "the private directory in TMPDIR" "make the private run directory <run> = /tmp/wbt-dry/wbench-run.XXXXXX (0700)"
contains "namespaces and their undo" "  start   ip netns add wbench-ap-<pid>; ip netns add wbench-sta-<pid>
          undo: both deleted at the end"
contains "hwsim0 left up, said so" "undo: none: left up (mac80211_hwsim's own monitor interface, gone with the module)"
contains "the AP radio per cell" "create wbap<pid> with the mode's cipher set (hwcrypt: 'rt2800', nohwcrypt: 'full')"
contains "the hostapd config, without the secret" "write <run>/cell-<n>/hostapd-wbap0.conf (0600; holds the passphrase, not shown here)"
contains "wpa_supplicant's command" "start wpa_supplicant -t -Dnl80211 -i wbsta0 -c <run>/cell-<n>/wpas-wbsta0.conf in namespace wbench-sta-<pid>"
contains "the iperf roles" "iperf server (libiperf) on 10.99.0.1 port <port> in namespace wbench-ap-<pid>"
contains "the port" "<port>: 5201):"
case "$OUT" in *wbench-demo-passphrase*) not_ok "the passphrase is not printed" ;;
               *) ok "the passphrase is not printed" ;; esac
# the whole output, pinned (TMPDIR, -o and --no-vm make it the same everywhere)
printf '%s\n' "$OUT" | sed "s|$T|RESULTS|" > "$T/quick.txt"
if diff -u tests/fixtures/dry-run/quick-sim.txt "$T/quick.txt" > "$T/diff"; then
    ok "dry run output is the pinned one (tests/fixtures/dry-run/quick-sim.txt)"
else
    not_ok "dry run output is the pinned one (tests/fixtures/dry-run/quick-sim.txt)"
    sed 's/^/#   /' "$T/diff" | head -n 30
fi
expect_exit "dry run with --port" 0 "$WB" run --dry-run --no-vm --port 6001 \
    scenarios/quick-sim.json
contains "--port shown" "<port>: 6001):"

# --- the real labs: cells in crypto blocks, the run's own steps ---------------------------
expect_exit "dry run of the ssh lab example" 0 "$WB" run --dry-run \
    -o "$T/r.json" scenarios/lab-linux-ap-ssh.json
contains "the ssh lab: crypto blocks" "crypto flips: 4 between cells (crypto blocks in ABBA order, hwcrypt first;"
contains "the ssh lab: where each role is" "ap         device platform/soc/18100000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0 on apboard"
contains "the ssh lab: the AP host's steps, with their undo" "iw phy <phy> interface add wbap0 type managed"
contains "the ssh lab: the crypto switch and how it is put back" "the setting found before the first switch is written into the state record first"
n=$(printf '%s\n' "$OUT" | grep -c '^ *[0-9]* *[0-9]* *[0-9]  [a-z]*crypt/')
check "the ssh lab: 64 cells listed ($n)" test "$n" = 64
expect_exit "dry run of the two-radio example" 0 "$WB" run --dry-run scenarios/lab-two-radios.json
contains "two radios: the lab's subnet" "sta        device pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0 on local, 10.99.0.2/24"
contains "two radios: each moved into a namespace of its own" "iw phy <phy> set netns name wbench-sta-<pid>"

# --- it does nothing: strace --------------------------------------------------------------
TOP=$(pwd)
case $WB in /*) ABS=$WB ;; *) ABS=$TOP/$WB ;; esac
# traced CMD...: run CMD under strace in $T; $bad gets every traced call but reads, the
# start of CMD itself and exits: a directory made, a file opened for writing, removed,
# renamed or linked, a socket, a namespace, a mount, a program started.
traced() {
    (cd "$T" && strace -f -qq -o "$T/trace" -e trace=mkdir,mkdirat,creat,open,openat,unlink,unlinkat,rename,renameat,renameat2,rmdir,link,linkat,symlink,symlinkat,truncate,socket,connect,bind,setns,unshare,mount,execve,clone,clone3,fork,vfork \
        "$@" >/dev/null 2>&1)
    # (CLONE_UNTRACED: LeakSanitizer's stop-the-world at exit, in a SAN=1 build)
    bad=$(grep -v -e 'O_RDONLY' -e '^[0-9]* +++ exited' -e 'CLONE_UNTRACED' "$T/trace" |
          grep -v "^[0-9]* *execve(\"$1\"")
    [ -s "$T/trace" ] || bad="strace recorded nothing"
}
if command -v strace >/dev/null 2>&1; then
    # the control: the check sees what it looks for
    traced /bin/mkdir "$T/control"
    check "strace control: a mkdir is seen" test -n "$bad"
    for s in quick-sim lab-linux-ap-ssh lab-two-radios; do
        traced "$ABS" run --dry-run --no-vm "$TOP/scenarios/$s.json"
        if [ -z "$bad" ]; then
            ok "$s: the dry run writes, connects, unshares or starts nothing (strace)"
        else
            not_ok "$s: the dry run writes, connects, unshares or starts nothing (strace)"
            printf '%s\n' "$bad" | sed 's/^/#   /' | head -n 10
        fi
        check "$s: no results/ made next to it" test ! -e "$T/results"
    done
    # without --no-vm the one program started is modprobe's dry run (is hwsim loadable?)
    strace -f -qq -o "$T/trace" -e trace=execve "$WB" run --dry-run scenarios/quick-sim.json \
        >/dev/null 2>&1
    bad=$(grep '= 0$' "$T/trace" | grep -v -e "execve(\"$WB\"" -e '"modprobe", "-n", "-q", "mac80211_hwsim"')
    check "quick-sim: only 'modprobe -n' is started, to know whether a run relays to the VM" \
        test -z "$bad"
else
    not_ok "dry run under strace: strace is needed (tests/deps.sh)"
fi

# --- as another user; no ssh is started, but by the preflight ------------------------------
mkdir "$T/bin"
printf '#!/bin/sh\ntouch "%s/ssh-was-run"\necho "ssh: connect to host: No route to host" >&2\nexit 255\n' "$T" > "$T/bin/ssh"
chmod 755 "$T/bin/ssh"
expect_exit "ssh lab with a fake ssh first in PATH" 0 env PATH="$T/bin:$PATH" \
    "$WB" run --dry-run scenarios/lab-linux-ap-ssh.json
check "no ssh was started" test ! -e "$T/ssh-was-run"
expect_exit "ssh lab, preflight: a host it cannot reach is a problem, exit 1" 1 \
    env PATH="$T/bin:$PATH" WBENCH_STATE_DIR="$T/state" "$WB" run --dry-run --preflight \
    scenarios/lab-linux-ap-ssh.json
contains "preflight: names the host" "cannot reach host 'apboard' (ssh root@192.168.1.1)"
check "preflight: it did try ssh" test -e "$T/ssh-was-run"
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    expect_exit "dry run as nobody" 0 as_nobody env TMPDIR=/tmp/wbt-dry \
        "$WB" run --dry-run --no-vm -o "$T/r.json" scenarios/quick-sim.json
    printf '%s\n' "$OUT" | sed "s|$T|RESULTS|" > "$T/nobody.txt"
    check "as nobody: the same output as root" cmp -s "$T/quick.txt" "$T/nobody.txt"
    expect_exit "preflight as nobody finds a problem: exit 1" 1 as_nobody \
        "$WB" run --dry-run --preflight --no-vm scenarios/quick-sim.json
    contains "preflight names it" "PROBLEM  not root: a run needs root"
else
    ok "dry run as nobody # SKIP not root, or no setpriv"
fi

# --- usage ----------------------------------------------------------------------------------
expect_exit "--preflight alone is a usage error" 2 "$WB" run --preflight scenarios/quick-sim.json
contains "--preflight needs --dry-run" "--preflight goes with --dry-run"
expect_exit "dry run of a bad scenario: usage error" 2 "$WB" run --dry-run \
    tests/fixtures/scenarios/syntax.json
contains "bad scenario named" "syntax.json:4:16: '}' expected"
t_done
