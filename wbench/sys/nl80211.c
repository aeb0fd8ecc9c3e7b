#include <errno.h>
#include <stdbool.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "wbench/sys/nl80211.h"

int wb_nl80211_open(struct wb_nl *nl)
{
	return wb_nl_open(nl, "nl80211");
}

struct nl_msg *wb_nl80211_wiphy_dump_msg(struct wb_nl *nl)
{
	struct nl_msg *msg = wb_nl_msg(nl, NLM_F_DUMP, NL80211_CMD_GET_WIPHY);

	/* Without the split flag the kernel leaves out most of a modern wiphy. */
	if (msg && nla_put_flag(msg, NL80211_ATTR_SPLIT_WIPHY_DUMP) < 0) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/*
 * A dump walk for the @value_attr (the wiphy index, or the interface index) of the entry
 * whose @name_attr (the phy's or an interface's name) is @name.
 */
struct dump_find {
	int name_attr;   /* NL80211_ATTR_WIPHY_NAME or NL80211_ATTR_IFNAME */
	int value_attr;  /* NL80211_ATTR_WIPHY or NL80211_ATTR_IFINDEX */
	const char *name;
	uint32_t value;
	bool found;
};

static int dump_find_cb(struct nl_msg *msg, void *arg)
{
	static const struct nla_policy policy[NL80211_ATTR_MAX + 1] = {
		[NL80211_ATTR_WIPHY] = { .type = NLA_U32 },
		[NL80211_ATTR_IFINDEX] = { .type = NLA_U32 },
		[NL80211_ATTR_WIPHY_NAME] = { .type = NLA_STRING },
		[NL80211_ATTR_IFNAME] = { .type = NLA_STRING },
	};
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct dump_find *f = arg;

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		      policy) < 0)
		return NL_SKIP;
	if (!tb[f->value_attr] || !tb[f->name_attr])
		return NL_SKIP;
	if (strcmp(nla_get_string(tb[f->name_attr]), f->name) == 0) {
		f->value = nla_get_u32(tb[f->value_attr]);
		f->found = true;
	}
	return NL_SKIP;
}

static int dump_find(struct wb_nl *nl, struct nl_msg *msg, struct dump_find *f, uint32_t *value)
{
	int r = wb_nl_send_recv(nl, msg, dump_find_cb, f);

	if (r < 0)
		return r;
	if (!f->found)
		return -ENODEV;
	*value = f->value;
	return 0;
}

int wb_nl80211_phy_lookup(struct wb_nl *nl, const char *phy, uint32_t *idx)
{
	struct dump_find f = { .name_attr = NL80211_ATTR_WIPHY_NAME,
			       .value_attr = NL80211_ATTR_WIPHY, .name = phy };
	struct nl_msg *msg;

	/* Every part of a split dump carries index and name. */
	msg = wb_nl80211_wiphy_dump_msg(nl);
	if (!msg)
		return -ENOMEM;
	return dump_find(nl, msg, &f, idx);
}

int wb_nl80211_iface_wiphy(struct wb_nl *nl, const char *ifname, uint32_t *idx)
{
	struct dump_find f = { .name_attr = NL80211_ATTR_IFNAME, .value_attr = NL80211_ATTR_WIPHY,
			       .name = ifname };
	struct nl_msg *msg = wb_nl_msg(nl, NLM_F_DUMP, NL80211_CMD_GET_INTERFACE);

	if (!msg)
		return -ENOMEM;
	return dump_find(nl, msg, &f, idx);
}

int wb_nl80211_iface_index(struct wb_nl *nl, const char *ifname, uint32_t *ifindex)
{
	struct dump_find f = { .name_attr = NL80211_ATTR_IFNAME,
			       .value_attr = NL80211_ATTR_IFINDEX, .name = ifname };
	struct nl_msg *msg = wb_nl_msg(nl, NLM_F_DUMP, NL80211_CMD_GET_INTERFACE);

	if (!msg)
		return -ENOMEM;
	return dump_find(nl, msg, &f, ifindex);
}

/* Every wiphy's name once (a split dump repeats index and name in each part). */
struct phy_names {
	char (*names)[WB_NL80211_PHY_NAME_MAX + 1];
	size_t max, n;
	uint32_t last;
	bool any;
};

static int phy_names_cb(struct nl_msg *msg, void *arg)
{
	static const struct nla_policy policy[NL80211_ATTR_MAX + 1] = {
		[NL80211_ATTR_WIPHY] = { .type = NLA_U32 },
		[NL80211_ATTR_WIPHY_NAME] = { .type = NLA_STRING },
	};
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct phy_names *p = arg;
	uint32_t idx;

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		      policy) < 0 || !tb[NL80211_ATTR_WIPHY] || !tb[NL80211_ATTR_WIPHY_NAME])
		return NL_SKIP;
	idx = nla_get_u32(tb[NL80211_ATTR_WIPHY]);
	if (p->any && idx == p->last)
		return NL_SKIP;
	p->any = true;
	p->last = idx;
	if (p->n < p->max)
		snprintf(p->names[p->n], sizeof(p->names[p->n]), "%s",
			 nla_get_string(tb[NL80211_ATTR_WIPHY_NAME]));
	p->n++;
	return NL_SKIP;
}

int wb_nl80211_phy_names(struct wb_nl *nl, char (*names)[WB_NL80211_PHY_NAME_MAX + 1],
			 size_t max, size_t *n)
{
	struct phy_names p = { .names = names, .max = max };
	struct nl_msg *msg = wb_nl80211_wiphy_dump_msg(nl);
	int r;

	if (!msg)
		return -ENOMEM;
	r = wb_nl_send_recv(nl, msg, phy_names_cb, &p);
	if (r < 0)
		return r;
	*n = p.n;
	return 0;
}

static int new_iface_cb(struct nl_msg *msg, void *arg)
{
	static const struct nla_policy policy[NL80211_ATTR_MAX + 1] = {
		[NL80211_ATTR_IFINDEX] = { .type = NLA_U32 },
	};
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	uint32_t *ifindex = arg;

	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		      policy) < 0)
		return NL_SKIP;
	if (tb[NL80211_ATTR_IFINDEX])
		*ifindex = nla_get_u32(tb[NL80211_ATTR_IFINDEX]);
	return NL_SKIP;
}

int wb_nl80211_iface_add(struct wb_nl *nl, const char *phy, const char *ifname,
			 enum nl80211_iftype type, uint32_t *ifindex)
{
	uint32_t idx, newidx = 0;
	struct nl_msg *msg;
	int r;

	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	r = wb_nl80211_phy_lookup(nl, phy, &idx);
	if (r < 0)
		return r;
	msg = wb_nl_msg(nl, 0, NL80211_CMD_NEW_INTERFACE);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, NL80211_ATTR_WIPHY, idx) < 0 ||
	    nla_put_string(msg, NL80211_ATTR_IFNAME, ifname) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_IFTYPE, (uint32_t)type) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = wb_nl_send_recv(nl, msg, new_iface_cb, &newidx);
	if (r < 0)
		return r;
	if (ifindex)
		*ifindex = newidx;
	return 0;
}

int wb_nl80211_iface_del(struct wb_nl *nl, uint32_t ifindex)
{
	struct nl_msg *msg = wb_nl_msg(nl, 0, NL80211_CMD_DEL_INTERFACE);
	int r;

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, NL80211_ATTR_IFINDEX, ifindex) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = wb_nl_send_recv(nl, msg, NULL, NULL);
	return r < 0 ? r : 0;
}

int wb_nl80211_set_freq(struct wb_nl *nl, uint32_t ifindex, uint32_t freq_mhz)
{
	struct nl_msg *msg = wb_nl_msg(nl, 0, NL80211_CMD_SET_WIPHY);
	int r;

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, NL80211_ATTR_IFINDEX, ifindex) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_WIPHY_FREQ, freq_mhz) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_WIPHY_CHANNEL_TYPE, NL80211_CHAN_NO_HT) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = wb_nl_send_recv(nl, msg, NULL, NULL);
	return r < 0 ? r : 0;
}

int wb_nl80211_phy_set_netns(struct wb_nl *nl, const char *phy, int ns_fd)
{
	struct nl_msg *msg;
	uint32_t idx;
	int r;

	r = wb_nl80211_phy_lookup(nl, phy, &idx);
	if (r < 0)
		return r;
	msg = wb_nl_msg(nl, 0, NL80211_CMD_SET_WIPHY_NETNS);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, NL80211_ATTR_WIPHY, idx) < 0 ||
	    nla_put_u32(msg, NL80211_ATTR_NETNS_FD, (uint32_t)ns_fd) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = wb_nl_send_recv(nl, msg, NULL, NULL);
	return r < 0 ? r : 0;
}

/* Names as `iw` prints them, lowercased; "station" is what iw calls "managed". */
static const struct {
	enum nl80211_iftype type;
	const char *name;
} iftypes[] = {
	{ NL80211_IFTYPE_ADHOC, "ibss" },
	{ NL80211_IFTYPE_STATION, "station" },
	{ NL80211_IFTYPE_AP, "ap" },
	{ NL80211_IFTYPE_AP_VLAN, "ap_vlan" },
	{ NL80211_IFTYPE_WDS, "wds" },
	{ NL80211_IFTYPE_MONITOR, "monitor" },
	{ NL80211_IFTYPE_MESH_POINT, "mesh_point" },
	{ NL80211_IFTYPE_P2P_CLIENT, "p2p_client" },
	{ NL80211_IFTYPE_P2P_GO, "p2p_go" },
	{ NL80211_IFTYPE_P2P_DEVICE, "p2p_device" },
	{ NL80211_IFTYPE_OCB, "ocb" },
	{ NL80211_IFTYPE_NAN, "nan" },
};

const char *wb_nl80211_iftype_name(unsigned int type)
{
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(iftypes); i++)
		if ((unsigned int)iftypes[i].type == type)
			return iftypes[i].name;
	return NULL;
}

int wb_nl80211_iftype_parse(const char *name, enum nl80211_iftype *type)
{
	size_t i;

	if (!name)
		return -EINVAL;
	if (strcasecmp(name, "managed") == 0) {
		*type = NL80211_IFTYPE_STATION;
		return 0;
	}
	for (i = 0; i < WB_ARRAY_SIZE(iftypes); i++) {
		if (strcasecmp(iftypes[i].name, name) == 0) {
			*type = iftypes[i].type;
			return 0;
		}
	}
	return -EINVAL;
}
