#!/usr/bin/env python3
"""Stand-in for hostapd_cli and wpa_cli (hostapd 2.10) in unit tests, run "on the remote
host" through tests/lib/fake_ssh.py: no daemon, no radio. Behaves as the real clients do
for what wbench uses (tests/fixtures/ctrl/cli/ has their recorded output):

  CLI -p DIR -i IF -s DIR -- raw WORD...   one request: prints the reply, exit 0;
  CLI -p DIR -i IF -s DIR                  interactive: banner, then events as "<N>TEXT"
                                           lines; answers a "PING" line with PONG

State comes from the directory $FAKE_CLI_DIR:
  style          "hostapd_cli" (default) or "wpa_cli". hostapd_cli's stdout is a block-
                 buffered pipe: what it prints comes out when it reads its next line;
                 wpa_cli prints at once, echoes each line it reads and puts "> \\r" before
                 each event
  banner         the bytes printed first (a recording's banner)
  down           present: the daemon's socket cannot be opened (a request: perror's line
                 on stderr and exit 255; interactive: "Could not connect" and retries)
  noattach       present: interactive prints "Warning: Failed to attach to hostapd."
  reply/WORDS    the reply to the request WORD... (words joined by "_"): its bytes, or
                 "@failed", "@timeout" (the client's own messages), "@hang" (no answer)
  events         lines the test appends: the daemon's events, followed like tail -f
  argv.log       every invocation's argv (and its HOME) is appended there
"""
import os
import select
import sys
import time

state = os.environ["FAKE_CLI_DIR"]
args = sys.argv[1:]
with open(os.path.join(state, "argv.log"), "a") as f:
    f.write("%r HOME=%s\n" % (args, os.environ.get("HOME", "")))


def path(name):
    return os.path.join(state, name)


def read(name, default=b""):
    try:
        with open(path(name), "rb") as f:
            return f.read()
    except FileNotFoundError:
        return default


style = read("style", b"hostapd_cli").decode().strip()
opts = {}
i = 0
while i < len(args) and args[i] != "--":
    if args[i] in ("-p", "-i", "-s"):
        opts[args[i]] = args[i + 1]
        i += 2
    else:
        sys.exit("fake_cli: unknown option " + args[i])
words = args[i + 1:]
out = sys.stdout.buffer

if words:  # one request
    if words[0] != "raw" or len(words) < 2:
        sys.exit("fake_cli: expected raw WORD...")
    cmd = " ".join(words[1:])
    if os.path.exists(path("down")):
        sys.stderr.write("Failed to connect to hostapd - wpa_ctrl_open: "
                         "No such file or directory\n")
        sys.exit(255)
    reply = read(os.path.join("reply", "_".join(words[1:])), b"UNKNOWN COMMAND\n")
    if reply.startswith(b"@hang"):
        time.sleep(60)
    elif reply.startswith(b"@failed"):
        reply = ("'%s' command failed.\n" % cmd).encode()
    elif reply.startswith(b"@timeout"):
        reply = ("'%s' command timed out.\n" % cmd).encode()
    out.write(reply)
    sys.exit(0)

# interactive
pending = bytearray(read("banner"))
while os.path.exists(path("down")):
    pending += b"Could not connect to hostapd - re-trying\n"
    time.sleep(0.2)
if os.path.exists(path("noattach")):
    pending += b"Warning: Failed to attach to hostapd.\n"
pending += b"\nInteractive mode\n\n"


def emit(data):
    """hostapd_cli keeps output until its next read; wpa_cli writes it out."""
    pending.extend(data)
    if style == "wpa_cli":
        flush()


def flush():
    out.write(pending)
    out.flush()
    del pending[:]


flush()
offset = 0
stdin = sys.stdin.buffer.raw
line = b""
while True:
    r, _, _ = select.select([stdin], [], [], 0.02)
    events = read("events")
    for ev in events[offset:].splitlines(keepends=True):
        if not ev.endswith(b"\n"):
            break
        offset += len(ev)
        emit((b"> \r" if style == "wpa_cli" else b"") + ev)
    if not r:
        continue
    data = os.read(stdin.fileno(), 4096)
    if not data:
        flush()
        sys.exit(0)
    line += data
    while b"\n" in line:
        cmd, line = line.split(b"\n", 1)
        if style == "hostapd_cli":
            flush()  # what it printed comes out when it reads a line
        else:
            emit(cmd + b"\n")
        if cmd.strip() == b"PING":
            emit(b"PONG\n")
        emit(b"> ")
