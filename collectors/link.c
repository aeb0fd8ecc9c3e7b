#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "wbench/wifi/ieee80211.h"
#include "collectors/link.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/sys/netns.h"

static const struct nla_policy top_policy[NL80211_ATTR_MAX + 1] = {
	[NL80211_ATTR_IFINDEX] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_ATTR_MAC] = { .type = NLA_UNSPEC, .minlen = 6, .maxlen = 6 },
	[NL80211_ATTR_STA_INFO] = { .type = NLA_NESTED },
};

static const struct nla_policy sta_policy[NL80211_STA_INFO_MAX + 1] = {
	[NL80211_STA_INFO_INACTIVE_TIME] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_RX_BYTES] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_TX_BYTES] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_RX_BYTES64] = { .type = NLA_U64, .maxlen = 8 },
	[NL80211_STA_INFO_TX_BYTES64] = { .type = NLA_U64, .maxlen = 8 },
	[NL80211_STA_INFO_SIGNAL] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_STA_INFO_SIGNAL_AVG] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_STA_INFO_TX_BITRATE] = { .type = NLA_NESTED },
	[NL80211_STA_INFO_RX_BITRATE] = { .type = NLA_NESTED },
	[NL80211_STA_INFO_RX_PACKETS] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_TX_PACKETS] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_TX_RETRIES] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_TX_FAILED] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_CONNECTED_TIME] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_BEACON_LOSS] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_STA_INFO_STA_FLAGS] = { .type = NLA_UNSPEC,
					 .minlen = sizeof(struct nl80211_sta_flag_update) },
};

static const struct nla_policy rate_policy[NL80211_RATE_INFO_MAX + 1] = {
	[NL80211_RATE_INFO_BITRATE] = { .type = NLA_U16, .maxlen = 2 },
	[NL80211_RATE_INFO_BITRATE32] = { .type = NLA_U32, .maxlen = 4 },
	[NL80211_RATE_INFO_MCS] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_RATE_INFO_40_MHZ_WIDTH] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_SHORT_GI] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_VHT_MCS] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_RATE_INFO_VHT_NSS] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_RATE_INFO_80_MHZ_WIDTH] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_80P80_MHZ_WIDTH] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_160_MHZ_WIDTH] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_10_MHZ_WIDTH] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_5_MHZ_WIDTH] = { .type = NLA_FLAG },
	[NL80211_RATE_INFO_HE_MCS] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_RATE_INFO_HE_NSS] = { .type = NLA_U8, .maxlen = 1 },
	[NL80211_RATE_INFO_320_MHZ_WIDTH] = { .type = NLA_FLAG },
};

/* Attribute names for messages, by number. */
static const char *const top_names[NL80211_ATTR_MAX + 1] = {
	[NL80211_ATTR_IFINDEX] = "NL80211_ATTR_IFINDEX",
	[NL80211_ATTR_MAC] = "NL80211_ATTR_MAC",
	[NL80211_ATTR_STA_INFO] = "NL80211_ATTR_STA_INFO",
};

static const char *const sta_names[NL80211_STA_INFO_MAX + 1] = {
	[NL80211_STA_INFO_INACTIVE_TIME] = "NL80211_STA_INFO_INACTIVE_TIME",
	[NL80211_STA_INFO_RX_BYTES] = "NL80211_STA_INFO_RX_BYTES",
	[NL80211_STA_INFO_TX_BYTES] = "NL80211_STA_INFO_TX_BYTES",
	[NL80211_STA_INFO_RX_BYTES64] = "NL80211_STA_INFO_RX_BYTES64",
	[NL80211_STA_INFO_TX_BYTES64] = "NL80211_STA_INFO_TX_BYTES64",
	[NL80211_STA_INFO_SIGNAL] = "NL80211_STA_INFO_SIGNAL",
	[NL80211_STA_INFO_SIGNAL_AVG] = "NL80211_STA_INFO_SIGNAL_AVG",
	[NL80211_STA_INFO_TX_BITRATE] = "NL80211_STA_INFO_TX_BITRATE",
	[NL80211_STA_INFO_RX_BITRATE] = "NL80211_STA_INFO_RX_BITRATE",
	[NL80211_STA_INFO_RX_PACKETS] = "NL80211_STA_INFO_RX_PACKETS",
	[NL80211_STA_INFO_TX_PACKETS] = "NL80211_STA_INFO_TX_PACKETS",
	[NL80211_STA_INFO_TX_RETRIES] = "NL80211_STA_INFO_TX_RETRIES",
	[NL80211_STA_INFO_TX_FAILED] = "NL80211_STA_INFO_TX_FAILED",
	[NL80211_STA_INFO_CONNECTED_TIME] = "NL80211_STA_INFO_CONNECTED_TIME",
	[NL80211_STA_INFO_BEACON_LOSS] = "NL80211_STA_INFO_BEACON_LOSS",
	[NL80211_STA_INFO_STA_FLAGS] = "NL80211_STA_INFO_STA_FLAGS",
};

static const char *const rate_names[NL80211_RATE_INFO_MAX + 1] = {
	[NL80211_RATE_INFO_BITRATE] = "NL80211_RATE_INFO_BITRATE",
	[NL80211_RATE_INFO_BITRATE32] = "NL80211_RATE_INFO_BITRATE32",
	[NL80211_RATE_INFO_MCS] = "NL80211_RATE_INFO_MCS",
	[NL80211_RATE_INFO_VHT_MCS] = "NL80211_RATE_INFO_VHT_MCS",
	[NL80211_RATE_INFO_VHT_NSS] = "NL80211_RATE_INFO_VHT_NSS",
	[NL80211_RATE_INFO_HE_MCS] = "NL80211_RATE_INFO_HE_MCS",
	[NL80211_RATE_INFO_HE_NSS] = "NL80211_RATE_INFO_HE_NSS",
};

/* Minimum payload of each policy type we use, to name an attribute libnl refused. */
static int policy_minlen(const struct nla_policy *p)
{
	switch (p->type) {
	case NLA_U8: return 1;
	case NLA_U16: return 2;
	case NLA_U32: return 4;
	case NLA_U64: return 8;
	default: return p->minlen;
	}
}

/*
 * nla_parse of an attribute stream with @policy; when libnl refuses it, find the
 * attribute whose length is wrong so that the message can name it (@names by number).
 */
static int parse_attrs(struct nlattr **tb, int max, struct nlattr *head, int len,
		       const struct nla_policy *policy, const char *const *names,
		       const char *what, char *err, size_t errlen)
{
	struct nlattr *a;
	int rem, r;

	r = nla_parse(tb, max, head, len, (struct nla_policy *)policy);
	if (r == 0)
		return 0;
	nla_for_each_attr(a, head, len, rem) {
		int t = nla_type(a), min;
		char name[40];

		if (t > max)
			continue;
		min = policy_minlen(&policy[t]);
		if (nla_len(a) < min || (policy[t].maxlen && nla_len(a) > policy[t].maxlen)) {
			if (names[t])
				snprintf(name, sizeof(name), "%s", names[t]);
			else
				snprintf(name, sizeof(name), "attribute %d", t);
			wb_errbuf_set(err, errlen, "nl80211 station: %s in %s has %d bytes, "
				      "expected %s%d", name, what, nla_len(a),
				      policy[t].maxlen == min ? "" : "at least ", min);
			return -EINVAL;
		}
	}
	wb_errbuf_set(err, errlen, "nl80211 station: malformed %s (%s)", what, nl_geterror(r));
	return -EINVAL;
}

static int parse_nest(struct nlattr **tb, int max, struct nlattr *nest,
		      const struct nla_policy *policy, const char *const *names,
		      const char *what, char *err, size_t errlen)
{
	return parse_attrs(tb, max, nla_data(nest), nla_len(nest), policy, names, what,
			   err, errlen);
}

static int parse_rate(struct nlattr *nest, struct wb_link_rate *r, const char *what,
		      char *err, size_t errlen)
{
	struct nlattr *tb[NL80211_RATE_INFO_MAX + 1];
	int ret;

	memset(r, 0, sizeof(*r));
	r->mcs = r->vht_mcs = r->vht_nss = r->he_mcs = r->he_nss = -1;
	r->width_mhz = 20;
	if (!nest)
		return 0;
	ret = parse_nest(tb, NL80211_RATE_INFO_MAX, nest, rate_policy, rate_names, what,
			 err, errlen);
	if (ret < 0)
		return ret;
	r->present = true;
	/* BITRATE32 exists because the 16-bit field overflows above 6.5 Gbit/s. */
	if (tb[NL80211_RATE_INFO_BITRATE32])
		r->bitrate = nla_get_u32(tb[NL80211_RATE_INFO_BITRATE32]);
	else if (tb[NL80211_RATE_INFO_BITRATE])
		r->bitrate = nla_get_u16(tb[NL80211_RATE_INFO_BITRATE]);
	if (tb[NL80211_RATE_INFO_MCS])
		r->mcs = nla_get_u8(tb[NL80211_RATE_INFO_MCS]);
	if (tb[NL80211_RATE_INFO_VHT_MCS])
		r->vht_mcs = nla_get_u8(tb[NL80211_RATE_INFO_VHT_MCS]);
	if (tb[NL80211_RATE_INFO_VHT_NSS])
		r->vht_nss = nla_get_u8(tb[NL80211_RATE_INFO_VHT_NSS]);
	if (tb[NL80211_RATE_INFO_HE_MCS])
		r->he_mcs = nla_get_u8(tb[NL80211_RATE_INFO_HE_MCS]);
	if (tb[NL80211_RATE_INFO_HE_NSS])
		r->he_nss = nla_get_u8(tb[NL80211_RATE_INFO_HE_NSS]);
	r->short_gi = tb[NL80211_RATE_INFO_SHORT_GI] != NULL;
	if (tb[NL80211_RATE_INFO_5_MHZ_WIDTH])
		r->width_mhz = 5;
	else if (tb[NL80211_RATE_INFO_10_MHZ_WIDTH])
		r->width_mhz = 10;
	else if (tb[NL80211_RATE_INFO_40_MHZ_WIDTH])
		r->width_mhz = 40;
	else if (tb[NL80211_RATE_INFO_80_MHZ_WIDTH])
		r->width_mhz = 80;
	else if (tb[NL80211_RATE_INFO_80P80_MHZ_WIDTH] || tb[NL80211_RATE_INFO_160_MHZ_WIDTH])
		r->width_mhz = 160;
	else if (tb[NL80211_RATE_INFO_320_MHZ_WIDTH])
		r->width_mhz = 320;
	return 0;
}

/* Read a u32 station counter when present and set its bit. */
static void get_u32(struct nlattr **tb, int attr, uint32_t *v, uint32_t *has, uint32_t bit)
{
	if (!tb[attr])
		return;
	*v = nla_get_u32(tb[attr]);
	*has |= bit;
}

/* The MFP flag (PMF negotiated) from the station flags, when the kernel says it. */
static void get_mfp(struct nlattr *flags, struct wb_link_station *s)
{
	const struct nl80211_sta_flag_update *fl = flags ? nla_data(flags) : NULL;

	if (fl && (fl->mask & (1u << NL80211_STA_FLAG_MFP))) {
		s->mfp = (fl->set & (1u << NL80211_STA_FLAG_MFP)) != 0;
		s->has |= WB_LINK_HAS_MFP;
	}
}

int wb_link_parse_station(struct nl_msg *msg, struct wb_link_station *out,
			  char *err, size_t errlen)
{
	struct nlattr *tb[NL80211_ATTR_MAX + 1], *si[NL80211_STA_INFO_MAX + 1];
	struct genlmsghdr *gh;
	struct wb_link_station s;
	int r;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	if (!genlmsg_valid_hdr(nlmsg_hdr(msg), 0)) {
		wb_errbuf_set(err, errlen, "nl80211 station: truncated generic netlink header");
		return -EINVAL;
	}
	gh = nlmsg_data(nlmsg_hdr(msg));
	r = parse_attrs(tb, NL80211_ATTR_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			top_policy, top_names, "the message", err, errlen);
	if (r < 0)
		return r;
	if (!tb[NL80211_ATTR_MAC] || nla_len(tb[NL80211_ATTR_MAC]) != 6) {
		wb_errbuf_set(err, errlen, "nl80211 station: no 6-byte NL80211_ATTR_MAC");
		return -EINVAL;
	}
	if (!tb[NL80211_ATTR_STA_INFO]) {
		wb_errbuf_set(err, errlen, "nl80211 station: no NL80211_ATTR_STA_INFO");
		return -EINVAL;
	}
	memcpy(s.mac, nla_data(tb[NL80211_ATTR_MAC]), 6);
	r = parse_nest(si, NL80211_STA_INFO_MAX, tb[NL80211_ATTR_STA_INFO], sta_policy,
		       sta_names, "NL80211_ATTR_STA_INFO", err, errlen);
	if (r < 0)
		return r;
	if (si[NL80211_STA_INFO_RX_BYTES64]) {
		s.rx_bytes = nla_get_u64(si[NL80211_STA_INFO_RX_BYTES64]);
		s.has |= WB_LINK_HAS_RX_BYTES | WB_LINK_HAS_BYTES64;
	} else if (si[NL80211_STA_INFO_RX_BYTES]) {
		s.rx_bytes = nla_get_u32(si[NL80211_STA_INFO_RX_BYTES]);
		s.has |= WB_LINK_HAS_RX_BYTES;
	}
	if (si[NL80211_STA_INFO_TX_BYTES64]) {
		s.tx_bytes = nla_get_u64(si[NL80211_STA_INFO_TX_BYTES64]);
		s.has |= WB_LINK_HAS_TX_BYTES;
	} else if (si[NL80211_STA_INFO_TX_BYTES]) {
		s.tx_bytes = nla_get_u32(si[NL80211_STA_INFO_TX_BYTES]);
		s.has |= WB_LINK_HAS_TX_BYTES;
		s.has &= ~(uint32_t)WB_LINK_HAS_BYTES64;  /* one 32-bit side makes both wrap */
	}
	get_u32(si, NL80211_STA_INFO_RX_PACKETS, &s.rx_packets, &s.has, WB_LINK_HAS_RX_PACKETS);
	get_u32(si, NL80211_STA_INFO_TX_PACKETS, &s.tx_packets, &s.has, WB_LINK_HAS_TX_PACKETS);
	get_u32(si, NL80211_STA_INFO_TX_RETRIES, &s.tx_retries, &s.has, WB_LINK_HAS_TX_RETRIES);
	get_u32(si, NL80211_STA_INFO_TX_FAILED, &s.tx_failed, &s.has, WB_LINK_HAS_TX_FAILED);
	get_u32(si, NL80211_STA_INFO_CONNECTED_TIME, &s.connected_time_s, &s.has,
		WB_LINK_HAS_CONNECTED_TIME);
	get_u32(si, NL80211_STA_INFO_INACTIVE_TIME, &s.inactive_time_ms, &s.has,
		WB_LINK_HAS_INACTIVE_TIME);
	get_u32(si, NL80211_STA_INFO_BEACON_LOSS, &s.beacon_loss, &s.has, WB_LINK_HAS_BEACON_LOSS);
	/* u8 on the wire, dBm as a signed value */
	if (si[NL80211_STA_INFO_SIGNAL]) {
		s.signal_dbm = (int8_t)nla_get_u8(si[NL80211_STA_INFO_SIGNAL]);
		s.has |= WB_LINK_HAS_SIGNAL;
	}
	if (si[NL80211_STA_INFO_SIGNAL_AVG]) {
		s.signal_avg_dbm = (int8_t)nla_get_u8(si[NL80211_STA_INFO_SIGNAL_AVG]);
		s.has |= WB_LINK_HAS_SIGNAL_AVG;
	}
	get_mfp(si[NL80211_STA_INFO_STA_FLAGS], &s);
	r = parse_rate(si[NL80211_STA_INFO_TX_BITRATE], &s.tx_rate,
		       "NL80211_STA_INFO_TX_BITRATE", err, errlen);
	if (r == 0)
		r = parse_rate(si[NL80211_STA_INFO_RX_BITRATE], &s.rx_rate,
			       "NL80211_STA_INFO_RX_BITRATE", err, errlen);
	if (r < 0)
		return r;
	*out = s;
	return 0;
}

struct dump_ctx {
	struct wb_link_station *st;
	size_t n, cap;
	int err;
	char *errbuf;
	size_t errlen;
};

static int station_cb(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;

	if (d->err)
		return NL_SKIP;  /* keep reading to the end of the dump, then report */
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 8;
		struct wb_link_station *ns;

		if (ncap > WB_LINK_MAX_STATIONS) {
			wb_errbuf_set(d->errbuf, d->errlen, "nl80211 station dump: more than %d "
				      "stations", WB_LINK_MAX_STATIONS);
			d->err = -E2BIG;
			return NL_SKIP;
		}
		ns = realloc(d->st, ncap * sizeof(*ns));
		if (!ns) {
			d->err = -ENOMEM;
			return NL_SKIP;
		}
		d->st = ns;
		d->cap = ncap;
	}
	d->err = wb_link_parse_station(msg, &d->st[d->n], d->errbuf, d->errlen);
	if (!d->err)
		d->n++;
	return NL_SKIP;
}

int wb_link_dump(struct wb_nl *nl, unsigned int ifindex, struct wb_link_station **out,
		 size_t *n, char *err, size_t errlen)
{
	struct dump_ctx d = { .errbuf = err, .errlen = errlen };
	struct nl_msg *msg;
	int r;

	*out = NULL;
	*n = 0;
	msg = wb_nl_msg(nl, NLM_F_DUMP, NL80211_CMD_GET_STATION);
	if (!msg || nla_put_u32(msg, NL80211_ATTR_IFINDEX, ifindex) < 0) {
		nlmsg_free(msg);
		wb_errbuf_set(err, errlen, "out of memory");
		return -ENOMEM;
	}
	r = wb_nl_send_recv(nl, msg, station_cb, &d);
	if (r < 0) {
		wb_errbuf_set(err, errlen, "nl80211 station dump failed: %s%s%s", strerror(-r),
			      nl->ext_ack[0] ? ": " : "", nl->ext_ack);
	} else if (d.err) {
		r = d.err;
		if (r == -ENOMEM)
			wb_errbuf_set(err, errlen, "out of memory");
	}
	if (r < 0) {
		free(d.st);
		return r;
	}
	*out = d.st;
	*n = d.n;
	return 0;
}

/* ---- JSON ----------------------------------------------------------------------- */

static int put(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

static json_t *rate_json(const struct wb_link_rate *r)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	if ((r->bitrate && put(o, "bits_per_second", json_integer((json_int_t)r->bitrate *
								   100000)) < 0) ||
	    (r->mcs >= 0 && put(o, "mcs", json_integer(r->mcs)) < 0) ||
	    (r->vht_mcs >= 0 && put(o, "vht_mcs", json_integer(r->vht_mcs)) < 0) ||
	    (r->vht_nss >= 0 && put(o, "vht_nss", json_integer(r->vht_nss)) < 0) ||
	    (r->he_mcs >= 0 && put(o, "he_mcs", json_integer(r->he_mcs)) < 0) ||
	    (r->he_nss >= 0 && put(o, "he_nss", json_integer(r->he_nss)) < 0) ||
	    put(o, "width_mhz", json_integer(r->width_mhz)) < 0 ||
	    put(o, "short_gi", json_boolean(r->short_gi)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *values_json(const struct wb_link_station *s)
{
	json_t *o = json_object();
	uint32_t h = s->has;

	if (!o)
		return NULL;
	if (((h & WB_LINK_HAS_SIGNAL) && put(o, "signal_dbm", json_integer(s->signal_dbm)) < 0) ||
	    ((h & WB_LINK_HAS_SIGNAL_AVG) &&
	     put(o, "signal_avg_dbm", json_integer(s->signal_avg_dbm)) < 0) ||
	    (s->tx_rate.present && put(o, "tx_bitrate", rate_json(&s->tx_rate)) < 0) ||
	    (s->rx_rate.present && put(o, "rx_bitrate", rate_json(&s->rx_rate)) < 0) ||
	    ((h & WB_LINK_HAS_RX_BYTES) &&
	     put(o, "rx_bytes", json_integer((json_int_t)s->rx_bytes)) < 0) ||
	    ((h & WB_LINK_HAS_TX_BYTES) &&
	     put(o, "tx_bytes", json_integer((json_int_t)s->tx_bytes)) < 0) ||
	    ((h & WB_LINK_HAS_RX_PACKETS) && put(o, "rx_packets", json_integer(s->rx_packets)) < 0) ||
	    ((h & WB_LINK_HAS_TX_PACKETS) && put(o, "tx_packets", json_integer(s->tx_packets)) < 0) ||
	    ((h & WB_LINK_HAS_TX_RETRIES) && put(o, "tx_retries", json_integer(s->tx_retries)) < 0) ||
	    ((h & WB_LINK_HAS_TX_FAILED) && put(o, "tx_failed", json_integer(s->tx_failed)) < 0) ||
	    ((h & WB_LINK_HAS_CONNECTED_TIME) &&
	     put(o, "connected_time_s", json_integer(s->connected_time_s)) < 0) ||
	    ((h & WB_LINK_HAS_INACTIVE_TIME) &&
	     put(o, "inactive_time_ms", json_integer(s->inactive_time_ms)) < 0) ||
	    ((h & WB_LINK_HAS_BEACON_LOSS) &&
	     put(o, "beacon_loss", json_integer(s->beacon_loss)) < 0) ||
	    ((h & WB_LINK_HAS_MFP) && put(o, "mfp", json_boolean(s->mfp)) < 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* A station reassociated if its connected time or any counter went back. */
static bool reconnected(const struct wb_link_station *a, const struct wb_link_station *b)
{
	uint32_t both = a->has & b->has;

	if ((both & WB_LINK_HAS_CONNECTED_TIME) && b->connected_time_s < a->connected_time_s)
		return true;
	/* With 64-bit byte counters a decrease cannot be a wrap. */
	return (both & WB_LINK_HAS_BYTES64) &&
	       (b->rx_bytes < a->rx_bytes || b->tx_bytes < a->tx_bytes);
}

static json_t *delta_json(const struct wb_link_station *a, const struct wb_link_station *b,
			  bool reset)
{
	uint32_t both = a->has & b->has;
	json_t *o = json_object();
	struct {
		const char *key;
		uint32_t bit;
		uint64_t va, vb;
		bool wide;
	} f[] = {
		{ "rx_bytes", WB_LINK_HAS_RX_BYTES, a->rx_bytes, b->rx_bytes,
		  (both & WB_LINK_HAS_BYTES64) != 0 },
		{ "tx_bytes", WB_LINK_HAS_TX_BYTES, a->tx_bytes, b->tx_bytes,
		  (both & WB_LINK_HAS_BYTES64) != 0 },
		{ "rx_packets", WB_LINK_HAS_RX_PACKETS, a->rx_packets, b->rx_packets, false },
		{ "tx_packets", WB_LINK_HAS_TX_PACKETS, a->tx_packets, b->tx_packets, false },
		{ "tx_retries", WB_LINK_HAS_TX_RETRIES, a->tx_retries, b->tx_retries, false },
		{ "tx_failed", WB_LINK_HAS_TX_FAILED, a->tx_failed, b->tx_failed, false },
		{ "beacon_loss", WB_LINK_HAS_BEACON_LOSS, a->beacon_loss, b->beacon_loss, false },
	};
	size_t i;

	for (i = 0; o && i < WB_ARRAY_SIZE(f); i++) {
		uint64_t d;

		if (!(both & f[i].bit))
			continue;
		if (reset)
			d = f[i].vb;  /* counters restarted with the new association */
		else if (f[i].wide)
			d = f[i].vb - f[i].va;
		else
			d = (uint32_t)((uint32_t)f[i].vb - (uint32_t)f[i].va);
		if (put(o, f[i].key, json_integer((json_int_t)d)) < 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static const struct wb_link_station *find(const struct wb_link_station *v, size_t n,
					  const uint8_t *mac)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(v[i].mac, mac, 6) == 0)
			return &v[i];
	return NULL;
}

static json_t *station_json(const struct wb_link_station *a, const struct wb_link_station *b)
{
	json_t *o = json_object();
	char mac[18];
	bool reset;

	if (!o)
		return NULL;
	wb_80211_addr_fmt(b ? b->mac : a->mac, mac);
	if (put(o, "mac", json_string(mac)) < 0 ||
	    put(o, "present_at_start", json_boolean(a != NULL)) < 0 ||
	    put(o, "present_at_end", json_boolean(b != NULL)) < 0)
		goto fail;
	if (a && put(o, "start", values_json(a)) < 0)
		goto fail;
	if (b && put(o, "end", values_json(b)) < 0)
		goto fail;
	if (a && b) {
		reset = reconnected(a, b);
		if ((reset && put(o, "reconnected", json_true()) < 0) ||
		    put(o, "delta", delta_json(a, b, reset)) < 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

json_t *wb_link_stations_json(const struct wb_link_station *a, size_t na,
			      const struct wb_link_station *b, size_t nb)
{
	json_t *arr = json_array();
	size_t i;

	/* Every station at the end, then those that left during the window. */
	for (i = 0; arr && i < nb; i++)
		if (json_array_append_new(arr, station_json(find(a, na, b[i].mac), &b[i])) < 0)
			goto fail;
	for (i = 0; arr && i < na; i++)
		if (!find(b, nb, a[i].mac) &&
		    json_array_append_new(arr, station_json(&a[i], NULL)) < 0)
			goto fail;
	return arr;
fail:
	json_decref(arr);
	return NULL;
}

/* ---- the collector -------------------------------------------------------------- */

struct wb_collector {
	char *label, *ifname, *netns;
	struct wb_host *host;      /* borrowed; NULL: this machine */
	bool use_iw;               /* else nl80211 here */
	struct wb_cancel *cancel;  /* borrowed, for iw */
	struct wb_nl nl;
	unsigned int ifindex;
	bool started, stopped;
	struct wb_link_station *a, *b;
	size_t na, nb;
	char err[512];
};

/* In @c's namespace: the nl80211 socket and @ifname's index there. */
static int open_here(void *arg)
{
	struct wb_collector *c = arg;
	int r = wb_nl_open(&c->nl, "nl80211");

	if (r < 0) {
		snprintf(c->err, sizeof(c->err), "cannot open nl80211%s%s%s: %s",
			 c->netns ? " in '" : "", c->netns ? c->netns : "", c->netns ? "'" : "",
			 r == -ENOENT ? "no cfg80211 in this kernel" : strerror(-r));
		return r;
	}
	c->ifindex = if_nametoindex(c->ifname);
	if (!c->ifindex) {
		r = -errno;
		snprintf(c->err, sizeof(c->err), "no interface '%s'%s%s%s: %s", c->ifname,
			 c->netns ? " in '" : "", c->netns ? c->netns : "",
			 c->netns ? "'" : "", strerror(-r));
		wb_nl_close(&c->nl);
		return r;
	}
	return 0;
}

/* A netlink socket belongs to the namespace it was created in: open it there. */
static int open_in_netns(struct wb_collector *c)
{
	int r = wb_netns_call(c->netns, open_here, c, c->err, sizeof(c->err));

	if (r < 0)
		wb_nl_close(&c->nl); /* made there, but we did not get back */
	return r;
}

static void link_close(struct wb_collector *c)
{
	if (!c)
		return;
	wb_nl_close(&c->nl);
	free(c->a);
	free(c->b);
	free(c->label);
	free(c->ifname);
	free(c->netns);
	free(c);
}

/* iw on a remote host (our netlink code does not run there), or when asked for. */
static int pick_source(const struct wb_collector_cfg *cfg, bool *use_iw)
{
	const struct wb_link_params *p = cfg->priv;
	enum wb_link_source src = p ? p->source : WB_LINK_SOURCE_AUTO;
	bool local = !cfg->host || wb_host_is_local(cfg->host);

	if (src == WB_LINK_SOURCE_NL80211 && !local) {
		wb_err("link collector: nl80211 cannot reach %s: use iw", wb_host_name(cfg->host));
		return -EINVAL;
	}
	if (src == WB_LINK_SOURCE_IW && !cfg->host) {
		wb_err("link collector: iw needs a host");
		return -EINVAL;
	}
	*use_iw = src == WB_LINK_SOURCE_IW || (src == WB_LINK_SOURCE_AUTO && !local);
	return 0;
}

static int link_open(const struct wb_collector_cfg *cfg, struct wb_collector **out)
{
	const struct wb_link_params *p = cfg ? cfg->priv : NULL;
	struct wb_collector *c;
	bool use_iw;
	int r;

	*out = NULL;
	if (!cfg || !cfg->ifname || !*cfg->ifname) {
		wb_err("link collector: no interface given");
		return -EINVAL;
	}
	r = pick_source(cfg, &use_iw);
	if (r < 0)
		return r;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->host = cfg->host;
	c->use_iw = use_iw;
	c->cancel = p ? p->cancel : NULL;
	c->label = strdup(cfg->label ? cfg->label : "");
	c->ifname = strdup(cfg->ifname);
	c->netns = cfg->netns ? strdup(cfg->netns) : NULL;
	if (!c->label || !c->ifname || (cfg->netns && !c->netns)) {
		link_close(c);
		return -ENOMEM;
	}
	r = c->use_iw ? 0 : open_in_netns(c);
	if (r < 0) {
		wb_err("link collector: %s", c->err);
		link_close(c);
		return r;
	}
	*out = c;
	return 0;
}

/* One station dump from the collector's source. */
static int dump(struct wb_collector *c, struct wb_link_station **st, size_t *n)
{
	int r;

	if (c->use_iw)
		r = wb_link_iw_dump(c->host, c->netns, c->ifname, WB_LINK_IW_TIMEOUT_MS, c->cancel,
				    st, n, c->err, sizeof(c->err));
	else
		r = wb_link_dump(&c->nl, c->ifindex, st, n, c->err, sizeof(c->err));
	if (r < 0)
		wb_err("link collector: %s", c->err);
	return r;
}

static int link_start(struct wb_collector *c)
{
	if (c->started)
		return -EALREADY;
	c->started = true;
	return dump(c, &c->a, &c->na);
}

static int link_poll_fd(const struct wb_collector *c)
{
	(void)c;
	return -1;
}

static int link_read(struct wb_collector *c)
{
	(void)c;
	return 0;
}

static int link_stop(struct wb_collector *c)
{
	if (!c->started)
		return -EINVAL;
	if (c->stopped)
		return 0;
	c->stopped = true;
	if (c->err[0])
		return -EIO;  /* start failed: nothing to compare with */
	return dump(c, &c->b, &c->nb);
}

static int link_result(struct wb_collector *c, json_t **out)
{
	json_t *r = json_object();
	bool ok = c->stopped && !c->err[0];

	*out = NULL;
	if (put(r, "status", json_string(ok ? "ok" : "failed")) < 0 ||
	    (!ok && put(r, "message", json_string(c->err[0] ? c->err :
						   "the measured window was not closed")) < 0) ||
	    put(r, "label", json_string(c->label)) < 0 ||
	    put(r, "ifname", json_string(c->ifname)) < 0 ||
	    put(r, "netns", c->netns ? json_string(c->netns) : json_null()) < 0 ||
	    put(r, "source", json_string(c->use_iw ? "iw" : "nl80211")) < 0 ||
	    (c->host && put(r, "host", json_string(wb_host_name(c->host))) < 0) ||
	    (ok && put(r, "stations", wb_link_stations_json(c->a, c->na, c->b, c->nb)) < 0)) {
		json_decref(r);
		return -ENOMEM;
	}
	*out = r;
	return 0;
}

const struct wb_collector_ops wb_link_collector = {
	.name = "link",
	.open = link_open,
	.start = link_start,
	.poll_fd = link_poll_fd,
	.read = link_read,
	.stop = link_stop,
	.result = link_result,
	.close = link_close,
};
