#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/nl80211.h>

#include <netlink/route/link.h>

#include "wbench/inject.h"
#include "wbench/log.h"
#include "wbench/nl.h"
#include "wbench/util.h"

#define STYPE_DISASSOC 10
#define STYPE_DEAUTH 12

size_t wb_inject_build(const struct wb_inject_frame *f, uint8_t *buf, size_t len)
{
	/* Radiotap version 0, length 8, no fields: mac80211 picks rate and flags. */
	static const uint8_t rt[8] = { 0, 0, 8, 0, 0, 0, 0, 0 };
	uint16_t fc = (uint16_t)(f->subtype << 4), sc = (uint16_t)((f->seq & 0x0fff) << 4);
	uint8_t *p = buf;

	if (len < sizeof(rt) + 26 || (f->subtype != STYPE_DEAUTH && f->subtype != STYPE_DISASSOC))
		return 0;
	memcpy(p, rt, sizeof(rt));
	p += sizeof(rt);
	*p++ = (uint8_t)fc;
	*p++ = (uint8_t)(fc >> 8);   /* no Protected bit: that is the point */
	*p++ = 0x3a;                 /* duration 314 us, as mac80211 would set */
	*p++ = 0x01;
	memcpy(p, f->da, 6);
	memcpy(p + 6, f->sa, 6);
	memcpy(p + 12, f->bssid, 6);
	p += 18;
	*p++ = (uint8_t)sc;
	*p++ = (uint8_t)(sc >> 8);
	*p++ = (uint8_t)f->reason;
	*p++ = (uint8_t)(f->reason >> 8);
	return (size_t)(p - buf);
}

/* Run @fn(@arg) inside @netns (NULL: here) and come back. */
static int in_netns(const char *netns, int (*fn)(void *), void *arg)
{
	int self, target, ret;

	if (!netns)
		return fn(arg);
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	target = open(netns, O_RDONLY | O_CLOEXEC);
	if (target < 0 || setns(target, CLONE_NEWNET) < 0) {
		ret = -errno;
		wb_err("cannot enter network namespace '%s': %s", netns, strerror(errno));
		goto out;
	}
	ret = fn(arg);
	if (setns(self, CLONE_NEWNET) < 0) {
		wb_err("cannot return to the original network namespace: %s", strerror(errno));
		ret = -errno;
	}
out:
	if (target >= 0)
		close(target);
	close(self);
	return ret;
}

struct open_args {
	const char *ifname;
	int fd;
};

static int open_here(void *arg)
{
	struct open_args *a = arg;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	int fd;

	sll.sll_ifindex = (int)if_nametoindex(a->ifname);
	if (!sll.sll_ifindex)
		return -ENODEV;
	/* A packet socket stays in the namespace it was created in. */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	a->fd = fd;
	return 0;
}

int wb_inject_open(const char *ifname, const char *netns, int *fd)
{
	struct open_args a = { .ifname = ifname, .fd = -1 };
	int ret = in_netns(netns, open_here, &a);

	*fd = a.fd;
	return ret;
}

int wb_inject_send(int fd, const struct wb_inject_frame *f)
{
	uint8_t buf[64];
	size_t n = wb_inject_build(f, buf, sizeof(buf));
	ssize_t w;

	if (!n)
		return -EINVAL;
	w = send(fd, buf, n, 0);
	if (w < 0)
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

void wb_inject_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

struct phy_lookup {
	const char *name;
	int index;
};

static int phy_cb(struct nl_msg *msg, void *arg)
{
	struct phy_lookup *l = arg;
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		      NULL) < 0)
		return NL_SKIP;
	if (tb[NL80211_ATTR_WIPHY] && tb[NL80211_ATTR_WIPHY_NAME] &&
	    strcmp(nla_get_string(tb[NL80211_ATTR_WIPHY_NAME]), l->name) == 0)
		l->index = (int)nla_get_u32(tb[NL80211_ATTR_WIPHY]);
	return NL_SKIP;
}

struct mon_args {
	const char *phy;
	const char *ifname;
};

static int link_up(const char *ifname)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct rtnl_link *link = NULL, *change = NULL;
	int ret;

	if (!sk)
		return -ENOMEM;
	ret = nl_connect(sk, NETLINK_ROUTE);
	if (ret == 0)
		ret = rtnl_link_get_kernel(sk, 0, ifname, &link);
	if (ret == 0) {
		change = rtnl_link_alloc();
		if (!change) {
			ret = -NLE_NOMEM;
		} else {
			rtnl_link_set_flags(change, IFF_UP);
			ret = rtnl_link_change(sk, link, change, 0);
		}
	}
	rtnl_link_put(change);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return wb_nl_libnl_errno(ret);
}

static int monitor_new_here(void *arg)
{
	struct mon_args *a = arg;
	struct phy_lookup l = { .name = a->phy, .index = -1 };
	struct nl_msg *msg;
	struct wb_nl nl;
	int ret;

	ret = wb_nl_open(&nl, "nl80211");
	if (ret < 0) {
		wb_err("cannot reach nl80211: %s", strerror(-ret));
		return ret;
	}
	msg = wb_nl_msg(&nl, NLM_F_DUMP, NL80211_CMD_GET_WIPHY);
	ret = msg ? wb_nl_send_recv(&nl, msg, phy_cb, &l) : -ENOMEM;
	if (ret >= 0 && l.index < 0)
		ret = -ENOENT;
	if (ret < 0) {
		wb_err("cannot find wiphy '%s': %s", a->phy, strerror(-ret));
		goto out;
	}
	msg = wb_nl_msg(&nl, 0, NL80211_CMD_NEW_INTERFACE);
	if (!msg || nla_put_u32(msg, NL80211_ATTR_WIPHY, (uint32_t)l.index) < 0 ||
	    nla_put_string(msg, NL80211_ATTR_IFNAME, a->ifname) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_IFTYPE, NL80211_IFTYPE_MONITOR) < 0) {
		nlmsg_free(msg);
		ret = -ENOMEM;
		goto out;
	}
	ret = wb_nl_send_recv(&nl, msg, NULL, NULL);
	if (ret < 0) {
		wb_err("cannot create monitor interface '%s' on '%s': %s%s%s", a->ifname, a->phy,
		       strerror(-ret), nl.ext_ack[0] ? ": " : "", nl.ext_ack);
		goto out;
	}
	ret = link_up(a->ifname);
	if (ret < 0)
		wb_err("cannot bring up '%s': %s", a->ifname, strerror(-ret));
out:
	wb_nl_close(&nl);
	return ret < 0 ? ret : 0;
}

int wb_inject_monitor_new(const char *phy, const char *ifname, const char *netns)
{
	struct mon_args a = { .phy = phy, .ifname = ifname };

	return in_netns(netns, monitor_new_here, &a);
}

static int monitor_del_here(void *arg)
{
	const char *ifname = arg;
	unsigned int idx = if_nametoindex(ifname);
	struct nl_msg *msg;
	struct wb_nl nl;
	int ret;

	if (!idx)
		return -ENODEV;
	ret = wb_nl_open(&nl, "nl80211");
	if (ret < 0)
		return ret;
	msg = wb_nl_msg(&nl, 0, NL80211_CMD_DEL_INTERFACE);
	if (!msg || nla_put_u32(msg, NL80211_ATTR_IFINDEX, idx) < 0) {
		nlmsg_free(msg);
		wb_nl_close(&nl);
		return -ENOMEM;
	}
	ret = wb_nl_send_recv(&nl, msg, NULL, NULL);
	wb_nl_close(&nl);
	return ret < 0 ? ret : 0;
}

int wb_inject_monitor_del(const char *ifname, const char *netns)
{
	return in_netns(netns, monitor_del_here, (void *)ifname);
}
