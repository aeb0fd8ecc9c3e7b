/*
 * wbench: the active PMF check. Forged, unprotected deauthentication/disassociation
 * frames sent from a monitor-mode interface (AF_PACKET raw socket, minimal radiotap
 * header), spoofing the AP towards an associated station. With PMF the station drops
 * them (and, for reasons 6/7, starts an SA Query); without PMF it disconnects.
 *
 * Also creates and removes the monitor interface on a phy (nl80211).
 */
#ifndef WB_INJECT_H
#define WB_INJECT_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"
#include "wbench/wifi/ieee80211.h"

struct wb_inject_frame {
	unsigned int subtype;  /* WB_80211_DEAUTH (12) or WB_80211_DISASSOC (10) */
	uint8_t da[WB_80211_ADDR_LEN];    /* the station */
	uint8_t sa[WB_80211_ADDR_LEN];    /* spoofed: the AP */
	uint8_t bssid[WB_80211_ADDR_LEN]; /* the AP */
	uint16_t reason;       /* e.g. 7 (class 3 frame from nonassociated STA), 3 (leaving) */
	uint16_t seq;          /* sequence number (0..4095) for wb_pmf_expect_forged() */
};

/**
 * wb_inject_build - radiotap header (8 bytes, no fields) plus the 26-byte frame
 * @buf: output, at least 34 bytes
 * Returns: the length written, or 0 if @len is too small or @f's subtype is not a
 *          deauthentication or disassociation.
 */
size_t wb_inject_build(const struct wb_inject_frame *f, uint8_t *buf, size_t len);

/**
 * wb_inject_open - a raw packet socket bound to monitor interface @ifname
 * @netns: namespace file the interface lives in, or NULL for the current one
 * @fd: set to the socket (caller closes it with wb_inject_close)
 * Returns: 0, -ENODEV if there is no such interface, or another negative errno.
 */
int wb_inject_open(const char *ifname, const char *netns, int *fd) WB_MUST_CHECK;

/** wb_inject_send - transmit one forged frame on @fd. Returns 0 or a negative errno. */
int wb_inject_send(int fd, const struct wb_inject_frame *f) WB_MUST_CHECK;

/** wb_inject_close - close the socket; accepts -1. */
void wb_inject_close(int fd);

/**
 * wb_inject_monitor_new - create monitor interface @ifname on wiphy @phy and bring it up
 * @phy: the wiphy name (e.g. "phy2"), which must be in @netns (or the current namespace)
 * @freq_mhz: tune the monitor to this frequency (the AP's channel), or 0 to leave it
 * Returns: 0, -ENOENT for an unknown phy, -EEXIST, or another negative errno (the
 *          kernel's extended ack text is logged).
 */
int wb_inject_monitor_new(const char *phy, const char *ifname, const char *netns,
			  unsigned int freq_mhz) WB_MUST_CHECK;

/** wb_inject_monitor_del - remove interface @ifname. Returns 0 or a negative errno. */
int wb_inject_monitor_del(const char *ifname, const char *netns);

#endif /* WB_INJECT_H */
