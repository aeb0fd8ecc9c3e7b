#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/nl80211.h>

#include "wbench/sys/inject.h"
#include "wbench/sys/iplink.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"
#include "wbench/lib/log.h"
#include "wbench/sys/nl.h"
#include "wbench/lib/util.h"
#include "wbench/wifi/ieee80211.h"

/* Radiotap version 0, length 8, no fields: mac80211 picks rate and flags. */
static const uint8_t radiotap_min[8] = { 0, 0, 8, 0, 0, 0, 0, 0 };
/* The Duration field mac80211 would set on these frames: 314 us. */
#define INJECT_DURATION_US 314
/* A deauth or disassoc body is its reason code. */
#define INJECT_BODY_LEN 2

size_t wb_inject_build(const struct wb_inject_frame *f, uint8_t *buf, size_t len)
{
	/* Type management, the subtype, and no Protected bit: that is the point. */
	uint16_t fc = (uint16_t)(WB_80211_TYPE_MGMT << 2 | f->subtype << 4);
	uint8_t *h = buf + sizeof(radiotap_min);

	if (len < sizeof(radiotap_min) + WB_80211_HDR_LEN + INJECT_BODY_LEN ||
	    !wb_80211_stype_ends_assoc(f->subtype))
		return 0;
	memcpy(buf, radiotap_min, sizeof(radiotap_min));
	/* The management header: FC, duration, DA, SA, BSSID, sequence control. */
	wb_80211_put_le16(h, fc);
	wb_80211_put_le16(h + 2, INJECT_DURATION_US);
	memcpy(h + 4, f->da, WB_80211_ADDR_LEN);
	memcpy(h + 10, f->sa, WB_80211_ADDR_LEN);
	memcpy(h + 16, f->bssid, WB_80211_ADDR_LEN);
	wb_80211_put_le16(h + 22, (uint16_t)((f->seq & 0x0fff) << 4));
	wb_80211_put_le16(h + WB_80211_HDR_LEN, f->reason);
	return sizeof(radiotap_min) + WB_80211_HDR_LEN + INJECT_BODY_LEN;
}

/* wb_netns_call, with its reason logged: the injector's errors go to the log. */
static int in_netns(const char *netns, int (*fn)(void *), void *arg)
{
	char err[WB_NETNS_ERR_MAX] = "";
	int ret = wb_netns_call(netns, fn, arg, err, sizeof(err));

	if (err[0])
		wb_err("%s", err);
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

	if (ret < 0 && a.fd >= 0) {
		/* made there, but we did not get back: nothing may run on in this namespace */
		close(a.fd);
		a.fd = -1;
	}
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

struct mon_args {
	const char *phy;
	const char *ifname;
	unsigned int freq_mhz;
};

static int monitor_new_here(void *arg)
{
	struct mon_args *a = arg;
	struct wb_nl nl;
	uint32_t idx = 0;
	int ret;

	ret = wb_nl80211_open(&nl);
	if (ret < 0) {
		wb_err("cannot reach nl80211: %s", strerror(-ret));
		return ret;
	}
	ret = wb_nl80211_iface_add(&nl, a->phy, a->ifname, NL80211_IFTYPE_MONITOR, &idx);
	if (ret == -ENODEV) {
		wb_err("cannot find wiphy '%s'", a->phy);
		ret = -ENOENT;
		goto out;
	}
	if (ret < 0) {
		wb_err("cannot create monitor interface '%s' on '%s': %s%s%s", a->ifname, a->phy,
		       strerror(-ret), nl.ext_ack[0] ? ": " : "", nl.ext_ack);
		goto out;
	}
	ret = wb_iplink_up(NULL, a->ifname);
	if (ret < 0) {
		wb_err("cannot bring up '%s': %s", a->ifname, strerror(-ret));
		goto out;
	}
	/* Frames only reach radios on the same channel as the injector. */
	if (a->freq_mhz) {
		ret = wb_nl80211_set_freq(&nl, idx ? idx : if_nametoindex(a->ifname), a->freq_mhz);
		if (ret < 0)
			wb_err("cannot tune '%s' to %u MHz: %s%s%s", a->ifname, a->freq_mhz,
			       strerror(-ret), nl.ext_ack[0] ? ": " : "", nl.ext_ack);
	}
out:
	wb_nl_close(&nl);
	return ret < 0 ? ret : 0;
}

int wb_inject_monitor_new(const char *phy, const char *ifname, const char *netns,
			  unsigned int freq_mhz)
{
	struct mon_args a = { .phy = phy, .ifname = ifname, .freq_mhz = freq_mhz };

	return in_netns(netns, monitor_new_here, &a);
}

static int monitor_del_here(void *arg)
{
	const char *ifname = arg;
	unsigned int idx = if_nametoindex(ifname);
	struct wb_nl nl;
	int ret;

	if (!idx)
		return -ENODEV;
	ret = wb_nl80211_open(&nl);
	if (ret < 0)
		return ret;
	ret = wb_nl80211_iface_del(&nl, idx);
	wb_nl_close(&nl);
	return ret;
}

int wb_inject_monitor_del(const char *ifname, const char *netns)
{
	return in_netns(netns, monitor_del_here, (void *)ifname);
}
