#!/usr/bin/env python3
"""Stand-in for tcpdump in unit tests: this machine has no radio to capture on.

Called as wbench calls tcpdump (-i IF -U -s SNAPLEN -w - [-- FILTER]), it streams the pcap
file $FAKE_TCPDUMP_PCAP to stdout the way `tcpdump -U -w -` does: the file header as soon
as it "captures", then each record, flushed; on SIGTERM it prints tcpdump's statistics
lines to stderr ("N packets captured", "... received by filter", "... dropped by kernel")
and exits 0. $FAKE_TCPDUMP_MODE makes it misbehave:
  split     each record in two writes 0.3 s apart, after a 0.5 s pause past the header
  garbage   bytes that are not a pcap stream
  nodevice  tcpdump's message for a missing interface on stderr, exit 1
  truncate  the file less its last 10 bytes, then killed without statistics (exit 137)
  drops     statistics report 3 packets dropped by kernel
  (unset)   everything at once, then wait for SIGTERM
If $FAKE_TCPDUMP_ARGV is set, the argv is appended to that file (one line).
The real tcpdump on hwsim: tests/vm/t_remote_collectors.sh.
"""
import os
import signal
import struct
import sys
import time

mode = os.environ.get("FAKE_TCPDUMP_MODE", "")
if os.environ.get("FAKE_TCPDUMP_ARGV"):
    with open(os.environ["FAKE_TCPDUMP_ARGV"], "a") as f:
        f.write(" ".join(sys.argv[1:]) + "\n")
if "-w" not in sys.argv or sys.argv[sys.argv.index("-w") + 1] != "-":
    sys.stderr.write("fake tcpdump: expected -w -\n")
    sys.exit(2)
out = sys.stdout.buffer
records = 0


def stats(signum, frame):
    dropped = 3 if mode == "drops" else 0
    sys.stderr.write("%d packets captured\n%d packets received by filter\n"
                     "%d packets dropped by kernel\n" % (records, records, dropped))
    sys.stderr.flush()
    os._exit(0)


signal.signal(signal.SIGTERM, stats)
if mode == "nodevice":
    sys.stderr.write("tcpdump: wlan9: No such device exists\n"
                     "(SIOCGIFHWADDR: No such device)\n")
    sys.exit(1)
if mode == "garbage":
    out.write(b"this is not a pcap stream at all\n" * 4)
    out.flush()
    signal.pause()
data = open(os.environ["FAKE_TCPDUMP_PCAP"], "rb").read()
if mode == "truncate":
    out.write(data[:-10])
    out.flush()
    os._exit(137)
out.write(data[:24])
out.flush()
le = data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
pos = 24
if mode == "split":
    time.sleep(0.5)
while pos + 16 <= len(data):
    caplen = struct.unpack("<I" if le else ">I", data[pos + 8:pos + 12])[0]
    rec = data[pos:pos + 16 + caplen]
    if mode == "split":
        half = len(rec) // 2
        out.write(rec[:half])
        out.flush()
        time.sleep(0.3)
        out.write(rec[half:])
    else:
        out.write(rec)
    out.flush()
    records += 1
    pos += 16 + caplen
    if mode == "split" and records == 2:
        break
while True:
    signal.pause()
