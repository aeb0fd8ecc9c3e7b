# wbench vm on the host: exit status, output, shares, bad arguments.
. tests/lib/lib.sh

expect_exit "vm: no command is a usage error" 2 "$WB" vm
one_line "vm: usage error is one line"
expect_exit "vm: bad --mem is a usage error" 2 "$WB" vm --mem lots -- true
contains "vm: bad --mem names the option" "--mem"
expect_exit "vm: unusable kernel is an infrastructure failure" 3 "$WB" vm --kernel /nonexistent/vmlinuz-0 -- true
contains "vm: names the kernel" "/nonexistent/vmlinuz-0"

rm -f .wbench-vm-probe
expect_exit "vm: command's exit status comes back" 7 "$WB" vm --timeout 600 -- \
    sh -c 'echo "out $(pwd)"; echo written > .wbench-vm-probe; touch /usr/wbench-ro 2>/dev/null && echo rw-root; id -u; exit 7'
contains "vm: output streamed, cwd is the same path" "out $(pwd)"
contains "vm: runs as root" "
0"
case "$OUT" in *rw-root*) not_ok "vm: host root is read-only" ;; *) ok "vm: host root is read-only" ;; esac
if [ "$(cat .wbench-vm-probe 2>/dev/null)" = written ]; then ok "vm: cwd is shared read-write"; else not_ok "vm: cwd is shared read-write"; fi
rm -f .wbench-vm-probe

# A run relayed into the VM writes -o wherever the user can write, not only under the
# current directory: /tmp is a tmpfs inside the VM, so only a share of the directory
# brings the file out. The results file exists before the first cell; Ctrl-C then ends
# the run inside (exit 130) with the file valid and marked interrupted.
if [ -d /sys/module/mac80211_hwsim ]; then
    ok "vm: run -o outside the current directory # SKIP this host has hwsim: no relay"
else
    OT=$(mktemp -d /tmp/wbench-vmout.XXXXXX)
    "$WB" run scenarios/quick-sim.json -o "$OT/r.json" --markdown "$OT/r.md" > "$OT/out" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 600 ] && ! [ -s "$OT/r.json" ] && kill -0 $pid 2>/dev/null; do
        sleep 1; i=$((i + 1))
    done
    kill -INT $pid 2>/dev/null
    wait $pid
    rc=$?
    check "vm: run -o /tmp/...: the results file reaches the host" test -s "$OT/r.json"
    check "vm: run -o /tmp/...: exit 130 after Ctrl-C" test "$rc" = 130
    check "vm: run -o /tmp/...: valid results, marked interrupted" \
        sh -c "'$WB' summary '$OT/r.json' >/dev/null && jq -e .interrupted '$OT/r.json' >/dev/null"
    [ "$rc" = 130 ] || sed 's/^/#   /' "$OT/out"
    rm -rf "$OT"
fi
t_done
