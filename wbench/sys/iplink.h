/*
 * wbench: the two rtnetlink operations the lab needs inside a network namespace
 * (libnl-route-3): bring a link up, add an IPv4 address. Everything else about
 * interfaces is nl80211's business (wbench/sys/nl80211.h).
 */
#ifndef WB_IPLINK_H
#define WB_IPLINK_H

#include "wbench/lib/wbench.h"

/**
 * wb_iplink_up - set IFF_UP on @ifname (like `ip -n NETNS link set IFNAME up`)
 * @netns: namespace name (/run/netns/NAME), or NULL for the current namespace
 * Returns: 0, -ENODEV when there is no such link there, or a negative errno.
 */
int wb_iplink_up(const char *netns, const char *ifname) WB_MUST_CHECK;

/**
 * wb_iplink_addr_add - add the IPv4 address @cidr ("10.0.0.1/24") to @ifname
 * @netns: namespace name, or NULL for the current namespace
 * Returns: 0 (also when the address is already there), -EINVAL for a bad @cidr,
 *          -ENODEV when there is no such link, or a negative errno.
 */
int wb_iplink_addr_add(const char *netns, const char *ifname, const char *cidr) WB_MUST_CHECK;

#endif /* WB_IPLINK_H */
