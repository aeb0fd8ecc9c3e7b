#include <errno.h>

#include "wbench/wifi/ieee80211.h"
#include "wbench/wifi/radiotap.h"

#define RT_PRESENT_TSFT   (1u << 0)
#define RT_PRESENT_FLAGS  (1u << 1)
#define RT_PRESENT_EXT    (1u << 31)
#define RT_FLAG_FCS       0x10
#define RT_FLAG_BADFCS    0x40

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int wb_radiotap_parse(const uint8_t *p, size_t caplen, struct wb_radiotap *rt)
{
	uint32_t present;
	size_t off, len;

	if (caplen < 8)
		return -EMSGSIZE;
	if (p[0] != 0)
		return -EINVAL;
	len = wb_80211_le16(p + 2);
	if (len < 8)
		return -EINVAL;
	if (len > caplen)
		return -EMSGSIZE;
	rt->len = (uint16_t)len;
	rt->fcs = false;
	rt->bad_fcs = false;

	/* Fields start after the last present word; only the first word's TSFT and
	 * Flags matter here, and they precede every other field. */
	present = le32(p + 4);
	off = 8;
	for (uint32_t w = present; w & RT_PRESENT_EXT; off += 4) {
		if (off + 4 > len)
			return -EINVAL;
		w = le32(p + off);
	}
	if (!(present & RT_PRESENT_FLAGS))
		return 0;
	if (present & RT_PRESENT_TSFT)
		off = ((off + 7) & ~(size_t)7) + 8;  /* u64, 8-aligned */
	if (off + 1 > len)
		return -EINVAL;
	rt->fcs = p[off] & RT_FLAG_FCS;
	rt->bad_fcs = p[off] & RT_FLAG_BADFCS;
	return 0;
}
