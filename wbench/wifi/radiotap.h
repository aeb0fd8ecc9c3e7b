/*
 * wbench: the radiotap header in front of every frame of a monitor capture
 * (pcap link type 127). Only what the PMF verifier needs: where the 802.11 frame
 * starts, whether it ends with an FCS, and whether the receiver flagged the FCS bad.
 */
#ifndef WB_RADIOTAP_H
#define WB_RADIOTAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"

struct wb_radiotap {
	uint16_t len;  /* header length; the 802.11 frame starts at this offset */
	bool fcs;      /* the frame ends with a 4-byte FCS (Flags 0x10) */
	bool bad_fcs;  /* the receiver saw a bad FCS (Flags 0x40): the frame is junk */
};

/**
 * wb_radiotap_parse - parse the radiotap header at the start of a captured frame
 * @p: captured bytes (borrowed)
 * @caplen: number of captured bytes at @p
 * @rt: filled in on success
 *
 * Walks the present bitmaps (extended ones included) and the fields before Flags,
 * honouring their natural alignment. Fields after Flags are not decoded.
 *
 * Returns: 0; -EMSGSIZE when @caplen is shorter than the header or its length field;
 *          -EINVAL for a bad version or a length too small for its present words.
 */
int wb_radiotap_parse(const uint8_t *p, size_t caplen, struct wb_radiotap *rt) WB_MUST_CHECK;

#endif /* WB_RADIOTAP_H */
