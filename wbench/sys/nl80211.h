/*
 * wbench: small nl80211 helpers over wbench/sys/nl.h: find a phy by name, create and delete
 * interfaces, move a phy into another network namespace, name interface types.
 *
 * nl80211 only shows the wiphys of the socket's network namespace, so open the socket
 * in the namespace the phy lives in (see wb_netns_nl_open and wb_netns_call in wbench/sys/netns.h).
 */
#ifndef WB_NL80211_H
#define WB_NL80211_H

#include <stdint.h>

#include <linux/nl80211.h>

#include "wbench/sys/nl.h"
#include "wbench/lib/wbench.h"

/** WB_NL80211_PHY_NAME_MAX - longest phy name wbench accepts (bytes, without the NUL). */
#define WB_NL80211_PHY_NAME_MAX 31

/**
 * wb_nl80211_open - connect a generic netlink socket to the "nl80211" family
 * @nl: socket to initialise (close with wb_nl_close)
 * Returns: 0, -ENOENT when the kernel has no cfg80211, or another negative errno.
 */
int wb_nl80211_open(struct wb_nl *nl) WB_MUST_CHECK;

/**
 * wb_nl80211_phy_lookup - wiphy index of the phy called @phy in the socket's namespace
 * @nl: an nl80211 socket
 * @phy: phy name, e.g. "phy0"
 * @idx: receives the wiphy index
 * Returns: 0, -ENODEV when no such phy is visible, or another negative errno.
 */
int wb_nl80211_phy_lookup(struct wb_nl *nl, const char *phy, uint32_t *idx) WB_MUST_CHECK;

/**
 * wb_nl80211_wiphy_dump_msg - a request to dump every wiphy of the socket's namespace,
 * split (NL80211_ATTR_SPLIT_WIPHY_DUMP), as every wiphy reader wants
 * Returns: a new message (send it with wb_nl_send_recv), or NULL without memory.
 */
struct nl_msg *wb_nl80211_wiphy_dump_msg(struct wb_nl *nl);

/**
 * wb_nl80211_iface_wiphy - wiphy index of the phy that interface @ifname is on, in the
 * socket's namespace
 * Returns: 0, -ENODEV when no such interface is there, or a negative errno.
 */
int wb_nl80211_iface_wiphy(struct wb_nl *nl, const char *ifname, uint32_t *idx) WB_MUST_CHECK;

/**
 * wb_nl80211_iface_index - index of interface @ifname in the socket's namespace (from an
 * nl80211 interface dump: no need to enter the namespace)
 * Returns: 0, -ENODEV when no such wireless interface is there, or a negative errno.
 */
int wb_nl80211_iface_index(struct wb_nl *nl, const char *ifname, uint32_t *ifindex) WB_MUST_CHECK;

/**
 * wb_nl80211_phy_names - the names of the wiphys in the socket's namespace
 * @names: receives up to @max names
 * @n: receives how many there are (may be more than @max)
 * Returns: 0 or a negative errno.
 */
int wb_nl80211_phy_names(struct wb_nl *nl, char (*names)[WB_NL80211_PHY_NAME_MAX + 1],
			 size_t max, size_t *n) WB_MUST_CHECK;

/**
 * wb_nl80211_iface_add - create interface @ifname of @type on @phy (NL80211_CMD_NEW_INTERFACE)
 * @nl: an nl80211 socket in the namespace of @phy; the interface appears there
 * @phy: phy name
 * @ifname: new interface name (at most IFNAMSIZ-1 bytes)
 * @type: NL80211_IFTYPE_STATION, NL80211_IFTYPE_AP, NL80211_IFTYPE_MONITOR, ...
 * @ifindex: if not NULL, receives the new interface's index (0 when the kernel did not say)
 * Returns: 0 or a negative errno (the kernel's text, if any, in nl->ext_ack).
 */
int wb_nl80211_iface_add(struct wb_nl *nl, const char *phy, const char *ifname,
			 enum nl80211_iftype type, uint32_t *ifindex) WB_MUST_CHECK;

/**
 * wb_nl80211_set_freq - tune interface @ifindex (a monitor, typically) to @freq_mhz, 20 MHz
 * (like `iw dev IF set freq F`); hwsim only delivers frames between radios on one channel
 * Returns: 0 or a negative errno (the kernel's text, if any, in nl->ext_ack).
 */
int wb_nl80211_set_freq(struct wb_nl *nl, uint32_t ifindex, uint32_t freq_mhz) WB_MUST_CHECK;

/**
 * wb_nl80211_iface_del - delete the wireless interface with index @ifindex
 * Returns: 0 or a negative errno.
 */
int wb_nl80211_iface_del(struct wb_nl *nl, uint32_t ifindex) WB_MUST_CHECK;

/**
 * wb_nl80211_phy_set_netns - move @phy and all its interfaces into the namespace @ns_fd
 * @nl: an nl80211 socket in the namespace where @phy is now
 * @ns_fd: an open namespace file (/run/netns/NAME); borrowed
 * Returns: 0 or a negative errno (-ENODEV: no such phy here).
 */
int wb_nl80211_phy_set_netns(struct wb_nl *nl, const char *phy, int ns_fd) WB_MUST_CHECK;

/**
 * wb_nl80211_iftype_name - stable lowercase name of an interface type ("ap", "station", ...)
 * Returns: a static string, or NULL for a type wbench does not name.
 */
const char *wb_nl80211_iftype_name(unsigned int type);

/**
 * wb_nl80211_iftype_parse - inverse of wb_nl80211_iftype_name ("managed" also means station)
 * Returns: 0 or -EINVAL.
 */
int wb_nl80211_iftype_parse(const char *name, enum nl80211_iftype *type) WB_MUST_CHECK;

#endif /* WB_NL80211_H */
