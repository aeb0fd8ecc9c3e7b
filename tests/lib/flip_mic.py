#!/usr/bin/env python3
"""Corrupts one MIC byte in a pcap: flips the last byte of frame N (1-based), which for a
BIP-protected frame (MMIE/MME last) and a CCMP/GCMP-protected frame is inside the MIC.
Usage: flip_mic.py IN.pcap OUT.pcap N"""
import struct
import sys

src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = bytearray(open(src, "rb").read())
magic = struct.unpack_from("<I", data, 0)[0]
endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
off, n = 24, 0
while off + 16 <= len(data):
    incl = struct.unpack_from(endian + "I", data, off + 8)[0]
    n += 1
    if n == want:
        data[off + 16 + incl - 1] ^= 0x01
        open(dst, "wb").write(data)
        sys.exit(0)
    off += 16 + incl
sys.exit("flip_mic: no frame %d in %s" % (want, src))
