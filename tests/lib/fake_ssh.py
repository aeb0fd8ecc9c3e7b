#!/usr/bin/env python3
"""Stand-in for the OpenSSH client (ssh(1)) in unit tests: no sshd runs on the host.

It accepts the options wbench's ssh host backend passes (-o, -E, -S, -p, -i, -J, -M, -N,
-T, -n, TARGET, --, COMMAND) and behaves as OpenSSH does for them:
  * master (-M -N -S CTL): binds a Unix socket at CTL (the ControlMaster), stays until
    signalled; with TARGET "unreachable" it writes ssh's message to the -E log and exits 255;
  * client (-S CTL, ControlMaster=no): exits 255 with "Control socket connect" in the -E
    log when CTL is not a live socket; otherwise runs COMMAND as a server does, with
    `$SHELL -c COMMAND` where SHELL is $FAKE_SSH_SHELL (default /bin/sh: dash, bash or
    "busybox sh" to stand for the remote shells), stdin passed through (or /dev/null with -n).
If $FAKE_SSH_ARGV_LOG is set, each invocation appends its argv there (to prove what a
remote `ps` would show). The real client against a real sshd runs in the VM tests.
"""
import os
import socket
import sys

args = sys.argv[1:]
opts, log, ctl, master, no_stdin, target, command = [], None, None, False, False, None, None
i = 0
while i < len(args):
    a = args[i]
    if a in ("-o", "-E", "-S", "-p", "-i", "-J"):
        v = args[i + 1]
        if a == "-o":
            opts.append(v)
        elif a == "-E":
            log = v
        elif a == "-S":
            ctl = v
        i += 2
        continue
    if a == "-M":
        master = True
    elif a == "-n":
        no_stdin = True
    elif a in ("-N", "-T"):
        pass
    elif a.startswith("-"):
        sys.exit("fake_ssh: unknown option " + a)
    else:
        target = a
        rest = args[i + 1:]
        if rest and rest[0] == "--":
            rest = rest[1:]
        command = " ".join(rest)  # as OpenSSH joins them
        break
    i += 1

if os.environ.get("FAKE_SSH_ARGV_LOG"):
    with open(os.environ["FAKE_SSH_ARGV_LOG"], "a") as f:
        f.write(repr(sys.argv) + "\n")


def fail(msg):
    if log:
        with open(log, "a") as f:
            f.write(msg + "\r\n")
    sys.exit(255)


if master:
    if target == "unreachable":
        fail("ssh: connect to host unreachable port 22: Connection refused")
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(ctl)
    s.listen(16)
    while True:  # serves nothing: its presence is the connection
        # accepted and closed, or a full backlog would block the 17th client's connect
        conn, _ = s.accept()
        conn.close()

try:
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(ctl)
    c.close()
except OSError as e:
    fail("Control socket connect(%s): %s" % (ctl, e.strerror))

shell = os.environ.get("FAKE_SSH_SHELL", "/bin/sh").split()
if no_stdin:
    fd = os.open("/dev/null", os.O_RDONLY)
    os.dup2(fd, 0)
os.execvp(shell[0], shell + ["-c", command])
