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
t_done
