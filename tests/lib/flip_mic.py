#!/usr/bin/env python3
"""Corrupts one MIC byte in a pcap: flips the last byte of frame N (1-based), which for a
BIP-protected frame (MMIE/MME last) and a CCMP/GCMP-protected frame is inside the MIC; when
the radiotap flags say the frame ends with its FCS, the last byte before those 4.
Usage: flip_mic.py IN.pcap OUT.pcap N"""
import struct
import sys

RADIOTAP = 127
FCS_AT_END = 0x10


def fcs_len(rec, linktype):
    """4 when a radiotap frame carries its FCS (flags field, bit 0x10), else 0."""
    if linktype != RADIOTAP or len(rec) < 8:
        return 0
    hlen = struct.unpack_from("<H", rec, 2)[0]
    off, words = 4, []
    while off + 4 <= hlen:
        w = struct.unpack_from("<I", rec, off)[0]
        words.append(w)
        off += 4
        if not w & 0x80000000:
            break
    if not words or not words[0] & 0x2:  # no flags field
        return 0
    if words[0] & 0x1:  # TSFT first, 8 bytes aligned to 8
        off = (off + 7) & ~7
        off += 8
    return 4 if off < hlen and rec[off] & FCS_AT_END else 0


src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = bytearray(open(src, "rb").read())
magic = struct.unpack_from("<I", data, 0)[0]
endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
linktype = struct.unpack_from(endian + "I", data, 20)[0] & 0xFFFF
off, n = 24, 0
while off + 16 <= len(data):
    incl = struct.unpack_from(endian + "I", data, off + 8)[0]
    n += 1
    if n == want:
        rec = data[off + 16:off + 16 + incl]
        data[off + 16 + incl - 1 - fcs_len(rec, linktype)] ^= 0x01
        open(dst, "wb").write(data)
        sys.exit(0)
    off += 16 + incl
sys.exit("flip_mic: no frame %d in %s" % (want, src))
