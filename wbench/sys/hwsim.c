#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <netlink/attr.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/sys/hwsim.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

/* Loading a module is quick; anything longer means a stuck modprobe. */
#define WB_HWSIM_MODPROBE_TIMEOUT_MS 30000

/* rt2x00crypto_key_to_cipher() and ath_key_config(): WEP, TKIP and CCMP only, no BIP. */
static const uint32_t wep_tkip_ccmp[] = {
	WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP, WB_CIPHER_CCMP_128,
};

/* mt7915 set_key: TKIP, CCMP(-256), GCMP(-256) and BIP-CMAC-128 (GENERATE_MMIE) in hardware. */
static const uint32_t mt7915_set[] = {
	WB_CIPHER_CCMP_128, WB_CIPHER_CCMP_256, WB_CIPHER_GCMP_128, WB_CIPHER_GCMP_256,
	WB_CIPHER_TKIP, WB_CIPHER_BIP_CMAC_128,
};

/* mac80211's default list for an MFP-capable driver (ieee80211_init_cipher_suites). */
static const uint32_t mac80211_sw_set[] = {
	WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP, WB_CIPHER_CCMP_128,
	WB_CIPHER_CCMP_256, WB_CIPHER_GCMP_128, WB_CIPHER_GCMP_256, WB_CIPHER_BIP_CMAC_128,
	WB_CIPHER_BIP_CMAC_256, WB_CIPHER_BIP_GMAC_128, WB_CIPHER_BIP_GMAC_256,
};

static const struct wb_hwsim_profile profiles[] = {
	{ "full", "mac80211's full software cipher set, BIP included",
	  "any mac80211 driver in software-crypto mode (e.g. rt2800soc nohwcrypt=1)",
	  NULL, NULL, 0 },
	{ "rt2800", "WEP-40, WEP-104, TKIP, CCMP-128: no BIP, so no PMF",
	  "rt2800soc (MT7620 and other rt2x00 chips) in hardware-crypto mode, kernels "
	  "before v5.8",
	  "rt2800soc", wep_tkip_ccmp, WB_ARRAY_SIZE(wep_tkip_ccmp) },
	{ "ath9k", "WEP-40, WEP-104, TKIP, CCMP-128: no BIP, so no PMF",
	  "ath9k (chips before AR9160) in hardware-crypto mode, mainline kernels",
	  "ath9k", wep_tkip_ccmp, WB_ARRAY_SIZE(wep_tkip_ccmp) },
	{ "mt7915", "CCMP-128/256, GCMP-128/256, TKIP, BIP-CMAC-128: PMF in hardware",
	  "mt7915e (MT7915/MT7981/MT7986), which has no crypto switch",
	  "mt7915e", mt7915_set, WB_ARRAY_SIZE(mt7915_set) },
};

const struct wb_hwsim_profile *wb_hwsim_profiles(size_t *n)
{
	*n = WB_ARRAY_SIZE(profiles);
	return profiles;
}

const struct wb_hwsim_profile *wb_hwsim_profile_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < WB_ARRAY_SIZE(profiles); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

static bool has_suite(const uint32_t *set, size_t n, uint32_t suite)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == suite)
			return true;
	return false;
}

/* Equal as sets; duplicates in @a do not count twice. */
static bool same_set(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t i;

	for (i = 0; i < na; i++)
		if (!has_suite(b, nb, a[i]))
			return false;
	for (i = 0; i < nb; i++)
		if (!has_suite(a, na, b[i]))
			return false;
	return true;
}

const struct wb_hwsim_profile *wb_hwsim_profile_guess(const uint32_t *ciphers, size_t n)
{
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(profiles); i++)
		if (profiles[i].ciphers &&
		    same_set(ciphers, n, profiles[i].ciphers, profiles[i].n_ciphers))
			return &profiles[i];
	for (i = 0; i < WB_ARRAY_SIZE(mac80211_sw_set); i++)
		if (!has_suite(ciphers, n, mac80211_sw_set[i]))
			return NULL;
	return wb_hwsim_profile_find("full");
}

bool wb_hwsim_name_valid(const char *name)
{
	size_t i, n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n > WB_NL80211_PHY_NAME_MAX || name[0] == '-')
		return false;
	/* cfg80211 refuses "phyN" unless N is the new wiphy's index, which nobody knows. */
	if (strncmp(name, "phy", 3) == 0 && n > 3 && strspn(name + 3, "0123456789") == n - 3)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool wb_hwsim_phy_exists(const char *sysfs_root, const char *name)
{
	char path[512];
	int n;

	n = snprintf(path, sizeof(path), "%s/class/ieee80211/%s", sysfs_root, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	return access(path, F_OK) == 0;
}

static int modprobe_hwsim(struct wb_cancel *c)
{
	char *argv[] = { (char *)"modprobe", (char *)WB_HWSIM_MODULE, (char *)"radios=0", NULL };
	struct wb_proc_opts o;
	int r;

	wb_proc_opts_init(&o);
	o.stdout_fd = WB_PROC_DEVNULL;
	o.stderr_fd = WB_PROC_DEVNULL;
	r = wb_proc_run(argv, &o, WB_HWSIM_MODPROBE_TIMEOUT_MS, c);
	if (r != 0)
		wb_debug("'modprobe %s radios=0' returned %d", WB_HWSIM_MODULE, r);
	return r;
}

int wb_hwsim_open(struct wb_nl *nl, struct wb_cancel *c)
{
	int r = wb_nl_open(nl, WB_HWSIM_FAMILY);

	if (r != -ENOENT)
		return r;
	r = modprobe_hwsim(c);
	if (r == -ECANCELED)
		return r;
	/* Whatever modprobe said, the family is the proof. */
	return wb_nl_open(nl, WB_HWSIM_FAMILY);
}

static int put_name(struct nl_msg *msg, const char *name)
{
	/* hwsim copies the attribute with "%.*s": it needs no NUL, and a NUL does no harm. */
	return nla_put(msg, WB_HWSIM_ATTR_RADIO_NAME, (int)strlen(name), name);
}

/* What a HWSIM_CMD_GET_RADIO dump says about the radios of the socket's namespace. */
struct radio_scan {
	const char *name;   /* look for this name */
	int64_t after;      /* look for the first radio with an id above this */
	int64_t max_id;     /* highest id seen, -1 if none */
	int64_t named_id;   /* id of @name, -1 if absent */
	int64_t new_id;     /* lowest id above @after, -1 if none */
	bool new_is_named;  /* whether that radio is called @name */
};

static bool attr_is(const struct nlattr *a, const char *s)
{
	size_t n = strlen(s);

	/* hwsim sends the name without a NUL: compare bytes, allowing a trailing NUL. */
	return strnlen(nla_data(a), (size_t)nla_len(a)) == n && memcmp(nla_data(a), s, n) == 0;
}

static int get_radio_cb(struct nl_msg *msg, void *arg)
{
	static const struct nla_policy policy[WB_HWSIM_ATTR_CIPHER_SUPPORT + 1] = {
		[WB_HWSIM_ATTR_RADIO_ID] = { .type = NLA_U32 },
		[WB_HWSIM_ATTR_RADIO_NAME] = { .type = NLA_UNSPEC },
	};
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[WB_HWSIM_ATTR_CIPHER_SUPPORT + 1];
	struct radio_scan *s = arg;
	int64_t id;

	/* Attributes newer than the table are ignored by nla_parse's maxtype. */
	if (nla_parse(tb, WB_HWSIM_ATTR_CIPHER_SUPPORT, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), policy) < 0)
		return NL_SKIP;
	if (!tb[WB_HWSIM_ATTR_RADIO_ID] || !tb[WB_HWSIM_ATTR_RADIO_NAME])
		return NL_SKIP;
	id = nla_get_u32(tb[WB_HWSIM_ATTR_RADIO_ID]);
	if (id > s->max_id)
		s->max_id = id;
	if (attr_is(tb[WB_HWSIM_ATTR_RADIO_NAME], s->name))
		s->named_id = id;
	if (id > s->after && (s->new_id < 0 || id < s->new_id)) {
		s->new_id = id;
		s->new_is_named = attr_is(tb[WB_HWSIM_ATTR_RADIO_NAME], s->name);
	}
	return NL_SKIP;
}

static int radio_scan(struct wb_nl *nl, const char *name, int64_t after, struct radio_scan *s)
{
	struct nl_msg *msg = wb_nl_msg(nl, NLM_F_DUMP, WB_HWSIM_CMD_GET_RADIO);

	*s = (struct radio_scan){ .name = name, .after = after, .max_id = -1, .named_id = -1,
				  .new_id = -1 };
	if (!msg)
		return -ENOMEM;
	return wb_nl_send_recv(nl, msg, get_radio_cb, s);
}

static int del_by_id(struct wb_nl *nl, int64_t id)
{
	struct nl_msg *msg = wb_nl_msg(nl, 0, WB_HWSIM_CMD_DEL_RADIO);

	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, WB_HWSIM_ATTR_RADIO_ID, (uint32_t)id) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return wb_nl_send_recv(nl, msg, NULL, NULL);
}

int wb_hwsim_radio_add(struct wb_nl *nl, const char *name, const struct wb_hwsim_profile *p,
		       unsigned int flags, int *id)
{
	struct radio_scan before, after;
	char ack[sizeof(nl->ext_ack)];
	struct nl_msg *msg;
	int r, sent;

	if (!wb_hwsim_name_valid(name))
		return -EINVAL;
	r = radio_scan(nl, name, INT64_MAX, &before);
	if (r < 0)
		return r;
	if (before.named_id >= 0 || wb_hwsim_phy_exists("/sys", name))
		return -EEXIST;
	msg = wb_nl_msg(nl, 0, WB_HWSIM_CMD_NEW_RADIO);
	if (!msg)
		return -ENOMEM;
	if (put_name(msg, name) < 0 ||
	    ((flags & WB_HWSIM_F_NO_VIF) && nla_put_flag(msg, WB_HWSIM_ATTR_NO_VIF) < 0) ||
	    (p && p->ciphers &&
	     nla_put(msg, WB_HWSIM_ATTR_CIPHER_SUPPORT, (int)(p->n_ciphers * sizeof(uint32_t)),
		     p->ciphers) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	/*
	 * The kernel acks with the new radio id in the error field, which libnl reports as
	 * an error code, so the ack alone proves nothing: hwsim's radio list does. Ids only
	 * grow: the radio with the lowest id above the previous maximum is the one just made.
	 */
	sent = wb_nl_send_recv(nl, msg, NULL, NULL);
	memcpy(ack, nl->ext_ack, sizeof(ack));
	r = radio_scan(nl, name, before.max_id, &after);
	if (r < 0)
		return r;
	if (after.new_id < 0) {
		/* Nothing was made: the ack's error and text are the real story. */
		memcpy(nl->ext_ack, ack, sizeof(ack));
		return sent < 0 ? sent : -EIO;
	}
	if (!after.new_is_named) {
		/* cfg80211 names the phy phyN when the name is taken in another namespace. */
		if (del_by_id(nl, after.new_id) < 0)
			wb_warn("could not delete radio %" PRId64 " created under another name",
				after.new_id);
		return -EEXIST;
	}
	if (id)
		*id = (int)after.new_id;
	return 0;
}

int wb_hwsim_radio_del(struct wb_nl *nl, const char *name)
{
	struct nl_msg *msg;
	int r;

	if (!wb_hwsim_name_valid(name))
		return -EINVAL;
	msg = wb_nl_msg(nl, 0, WB_HWSIM_CMD_DEL_RADIO);
	if (!msg)
		return -ENOMEM;
	if (put_name(msg, name) < 0) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	r = wb_nl_send_recv(nl, msg, NULL, NULL);
	return r < 0 ? r : 0;
}

int wb_hwsim_radio_del_in(const char *netns, const char *name, char *ext_ack, size_t ext_ack_len)
{
	struct wb_nl nl;
	int r;

	r = wb_netns_nl_open(netns, WB_HWSIM_FAMILY, &nl, NULL, 0);
	if (r < 0)
		return r;
	r = wb_hwsim_radio_del(&nl, name);
	if (ext_ack && ext_ack_len)
		wb_strlcpy(ext_ack, nl.ext_ack, ext_ack_len);
	wb_nl_close(&nl);
	return r;
}
