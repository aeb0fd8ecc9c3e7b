#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "collectors/capabilities.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/lib/log.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

/* Forking, mounting sysfs and reading two links: instant unless something is stuck. */
#define WB_CAPABILITIES_SYSFS_TIMEOUT_MS 10000

bool wb_capabilities_has_cipher(const struct wb_capabilities *c, uint32_t suite)
{
	size_t i;

	for (i = 0; i < c->n_ciphers; i++)
		if (c->ciphers[i] == suite)
			return true;
	return false;
}

bool wb_capabilities_bip(const struct wb_capabilities *c)
{
	return wb_capabilities_has_cipher(c, WB_CIPHER_BIP_CMAC_128);
}

bool wb_capabilities_beacon_protection(const struct wb_capabilities *c)
{
	return c->beacon_prot && wb_capabilities_bip(c);
}

bool wb_capabilities_iftype(const struct wb_capabilities *c, unsigned int type)
{
	return type < 32 && (c->iftypes & (1u << type));
}

static bool ext_feature(const struct nlattr *a, unsigned int bit)
{
	const uint8_t *b = nla_data(a);

	return bit / 8 < (unsigned int)nla_len(a) && (b[bit / 8] & (1u << (bit % 8)));
}

static struct wb_capabilities *find_or_add(struct wb_capabilities **list, size_t *n,
					   uint32_t index)
{
	struct wb_capabilities *nl;
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*list)[i].index == index)
			return &(*list)[i];
	nl = realloc(*list, (*n + 1) * sizeof(**list));
	if (!nl)
		return NULL;
	*list = nl;
	memset(&nl[*n], 0, sizeof(nl[*n]));
	nl[*n].index = index;
	return &nl[(*n)++];
}

/* Check every attribute's shape before anything is stored: all or nothing per message. */
static int check_shapes(struct nlattr **tb)
{
	struct nlattr *a;
	int rem;

	if (tb[NL80211_ATTR_CIPHER_SUITES] &&
	    nla_len(tb[NL80211_ATTR_CIPHER_SUITES]) % (int)sizeof(uint32_t) != 0)
		return -EINVAL;
	if (tb[NL80211_ATTR_SUPPORTED_IFTYPES])
		nla_for_each_nested(a, tb[NL80211_ATTR_SUPPORTED_IFTYPES], rem)
			if (nla_len(a) != 0)
				return -EINVAL;  /* flags carry no payload */
	return 0;
}

int wb_capabilities_merge_msg(struct nl_msg *msg, struct wb_capabilities **list, size_t *n)
{
	static const struct nla_policy policy[NL80211_ATTR_MAX + 1] = {
		[NL80211_ATTR_WIPHY] = { .type = NLA_U32 },
		[NL80211_ATTR_WIPHY_NAME] = { .type = NLA_STRING },
		[NL80211_ATTR_CIPHER_SUITES] = { .type = NLA_UNSPEC },
		[NL80211_ATTR_SUPPORTED_IFTYPES] = { .type = NLA_NESTED },
		[NL80211_ATTR_EXT_FEATURES] = { .type = NLA_UNSPEC },
		[NL80211_ATTR_FEATURE_FLAGS] = { .type = NLA_U32 },
		[NL80211_ATTR_DEVICE_AP_SME] = { .type = NLA_U32 },
	};
	struct nlattr *tb[NL80211_ATTR_MAX + 1];
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct wb_capabilities *c;
	struct genlmsghdr *gh;
	struct nlattr *a;
	int rem;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return 0;
	gh = nlmsg_data(nlh);
	if (nla_parse(tb, NL80211_ATTR_MAX, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		      policy) < 0)
		return 0;
	if (!tb[NL80211_ATTR_WIPHY] || check_shapes(tb) < 0)
		return 0;
	c = find_or_add(list, n, nla_get_u32(tb[NL80211_ATTR_WIPHY]));
	if (!c)
		return -ENOMEM;
	if (tb[NL80211_ATTR_WIPHY_NAME])
		wb_strlcpy(c->name, nla_get_string(tb[NL80211_ATTR_WIPHY_NAME]), sizeof(c->name));
	if (tb[NL80211_ATTR_CIPHER_SUITES]) {
		size_t k = (size_t)nla_len(tb[NL80211_ATTR_CIPHER_SUITES]) / sizeof(uint32_t);

		if (k > WB_CAPABILITIES_MAX_CIPHERS) {
			wb_warn("phy '%s' lists %zu cipher suites; keeping the first %d", c->name,
				k, WB_CAPABILITIES_MAX_CIPHERS);
			k = WB_CAPABILITIES_MAX_CIPHERS;
		}
		memcpy(c->ciphers, nla_data(tb[NL80211_ATTR_CIPHER_SUITES]), k * sizeof(uint32_t));
		c->n_ciphers = k;
	}
	if (tb[NL80211_ATTR_SUPPORTED_IFTYPES])
		nla_for_each_nested(a, tb[NL80211_ATTR_SUPPORTED_IFTYPES], rem)
			if (nla_type(a) < 32)
				c->iftypes |= 1u << nla_type(a);
	if (tb[NL80211_ATTR_EXT_FEATURES]) {
		a = tb[NL80211_ATTR_EXT_FEATURES];
		c->beacon_prot |= ext_feature(a, NL80211_EXT_FEATURE_BEACON_PROTECTION);
		c->beacon_prot_client |= ext_feature(a, NL80211_EXT_FEATURE_BEACON_PROTECTION_CLIENT);
		c->sae_offload |= ext_feature(a, NL80211_EXT_FEATURE_SAE_OFFLOAD);
		c->sae_offload_ap |= ext_feature(a, NL80211_EXT_FEATURE_SAE_OFFLOAD_AP);
	}
	if (tb[NL80211_ATTR_FEATURE_FLAGS])
		c->feature_sae |= !!(nla_get_u32(tb[NL80211_ATTR_FEATURE_FLAGS]) & NL80211_FEATURE_SAE);
	if (tb[NL80211_ATTR_DEVICE_AP_SME])
		c->ap_sme = true;
	return 0;
}

struct dump_ctx {
	struct wb_capabilities *list;
	size_t n;
	int err;
};

static int dump_cb(struct nl_msg *msg, void *arg)
{
	struct dump_ctx *d = arg;

	if (d->err == 0)
		d->err = wb_capabilities_merge_msg(msg, &d->list, &d->n);
	return NL_SKIP;
}

int wb_capabilities_dump(struct wb_nl *nl, struct wb_capabilities **list, size_t *n)
{
	struct dump_ctx d = { 0 };
	struct nl_msg *msg;
	int r;

	*list = NULL;
	*n = 0;
	msg = wb_nl80211_wiphy_dump_msg(nl);
	if (!msg)
		return -ENOMEM;
	r = wb_nl_send_recv(nl, msg, dump_cb, &d);
	if (r == 0)
		r = d.err;
	if (r < 0) {
		free(d.list);
		return r;
	}
	*list = d.list;
	*n = d.n;
	return 0;
}

/* The last path component of the symlink @path points to, into @out ("" if no link). */
static int link_basename(const char *path, char *out, size_t len)
{
	char target[PATH_MAX];
	const char *base;
	ssize_t k;

	out[0] = '\0';
	k = readlink(path, target, sizeof(target) - 1);
	if (k < 0)
		return errno == ENOENT ? 0 : -errno;
	target[k] = '\0';
	base = strrchr(target, '/');
	wb_strlcpy(out, base ? base + 1 : target, len);
	return 0;
}

int wb_capabilities_read_sysfs(struct wb_capabilities *c, const char *sysfs_root)
{
	char path[PATH_MAX];
	int n, r;

	c->driver[0] = c->module[0] = '\0';
	n = snprintf(path, sizeof(path), "%s/class/ieee80211/%s", sysfs_root, c->name);
	if (n < 0 || (size_t)n >= sizeof(path) - sizeof("/device/driver/module"))
		return -ENAMETOOLONG;
	if (access(path, F_OK) < 0)
		return -errno;
	strcat(path, "/device/driver");
	r = link_basename(path, c->driver, sizeof(c->driver));
	if (r < 0)
		return r;
	strcat(path, "/module");
	return link_basename(path, c->module, sizeof(c->module));
}

/* One phy by name, or (phy NULL) the phy of @ifname, in @nl's namespace. */
static int get_one(struct wb_nl *nl, const char *phy, const char *ifname,
		   struct wb_capabilities *out)
{
	struct wb_capabilities *list;
	int64_t want = -1;
	size_t n, i;
	int r;

	if (!phy) {
		uint32_t w;

		if (!ifname)
			return -EINVAL;
		r = wb_nl80211_iface_wiphy(nl, ifname, &w);
		if (r < 0)
			return r;
		want = w;
	}
	r = wb_capabilities_dump(nl, &list, &n);
	if (r < 0)
		return r;
	r = -ENODEV;
	for (i = 0; i < n; i++) {
		if (phy ? strcmp(list[i].name, phy) == 0 : list[i].index == (uint32_t)want) {
			*out = list[i];
			r = 0;
			break;
		}
	}
	free(list);
	return r;
}

/*
 * sysfs shows the wiphys of the network namespace it was mounted in, so a phy in
 * another namespace is read by a child that enters it, mounts a fresh sysfs in a
 * private mount namespace (as `ip netns exec` does) and sends back driver and module.
 */
struct sysfs_job {
	struct wb_capabilities *caps;
	int fd;  /* write end of the pipe */
};

static int sysfs_child(void *arg)
{
	struct sysfs_job *j = arg;
	char out[2 * WB_CAPABILITIES_NAME_LEN];
	int n;

	if (unshare(CLONE_NEWNS) < 0 || mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
		return 1;
	if (umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL)
		return 1;
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) < 0)
		return 1;
	if (wb_capabilities_read_sysfs(j->caps, "/sys") < 0)
		return 2;
	n = snprintf(out, sizeof(out), "%s\n%s\n", j->caps->driver, j->caps->module);
	return write(j->fd, out, (size_t)n) == n ? 0 : 1;
}

int wb_capabilities_read_sysfs_netns(struct wb_capabilities *c, const char *netns)
{
	char path[128], buf[2 * WB_CAPABILITIES_NAME_LEN + 1], *nl;
	struct sysfs_job job = { .caps = c };
	struct wb_proc_opts o;
	struct wb_proc p;
	int fds[2], r;
	ssize_t k;

	if (!netns || !*netns)
		return wb_capabilities_read_sysfs(c, "/sys");
	r = wb_netns_path(netns, path, sizeof(path));
	if (r < 0)
		return r;
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	job.fd = fds[1];
	wb_proc_opts_init(&o);
	o.netns = path;
	wb_proc_init(&p, "sysfs-reader");
	r = wb_proc_fork(&p, sysfs_child, &job, &o);
	close(fds[1]);
	if (r == 0) {
		r = wb_proc_wait(&p, WB_CAPABILITIES_SYSFS_TIMEOUT_MS, NULL);
		if (r < 0)
			wb_proc_stop(&p, 1000);
		else if (wb_proc_exit_code(&p) == 2)
			r = -ENOENT;
		else if (wb_proc_exit_code(&p) != 0)
			r = -EIO;
	}
	/* The child has exited: everything it wrote is in the pipe already. */
	k = r == 0 ? read(fds[0], buf, sizeof(buf) - 1) : -1;
	close(fds[0]);
	if (r < 0)
		return r;
	if (k <= 0)
		return -EIO;
	buf[k] = '\0';
	nl = strchr(buf, '\n');
	if (!nl)
		return -EIO;
	*nl = '\0';
	wb_strlcpy(c->driver, buf, sizeof(c->driver));
	wb_strlcpy(c->module, nl + 1, sizeof(c->module));
	c->module[strcspn(c->module, "\n")] = '\0';
	return 0;
}

static int get_in_netns(const char *netns, const char *phy, const char *ifname,
			const char *sysfs_root, struct wb_capabilities *out)
{
	struct wb_nl nl;
	int r;

	/* The socket sees the namespace it was opened in: open it there, then come back. */
	r = wb_netns_nl_open(netns, "nl80211", &nl, NULL, 0);
	if (r < 0)
		return r;
	r = get_one(&nl, phy, ifname, out);
	wb_nl_close(&nl);
	if (r < 0)
		return r;
	if (sysfs_root)
		r = wb_capabilities_read_sysfs(out, sysfs_root);
	else
		r = wb_capabilities_read_sysfs_netns(out, netns);
	/* A phy without a sysfs entry still has its nl80211 facts. */
	return r == -ENOENT ? 0 : r;
}

int wb_capabilities_get(const char *netns, const char *phy, const char *sysfs_root,
			struct wb_capabilities *out)
{
	if (!phy)
		return -EINVAL;
	return get_in_netns(netns, phy, NULL, sysfs_root, out);
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *wb_capabilities_to_json(const struct wb_capabilities *c)
{
	json_t *ciphers = json_array(), *iftypes = json_array();
	char buf[24];
	size_t i;

	if (!ciphers || !iftypes)
		goto fail;
	for (i = 0; i < c->n_ciphers; i++)
		if (json_array_append_new(ciphers, json_string(wb_cipher_format(c->ciphers[i], buf,
										sizeof(buf)))) < 0)
			goto fail;
	for (i = 0; i < 32; i++) {
		const char *t = wb_nl80211_iftype_name((unsigned int)i);

		if ((c->iftypes & (1u << i)) && t && json_array_append_new(iftypes, json_string(t)) < 0)
			goto fail;
	}
	/* "o" arguments are stolen by json_pack, also when it fails. */
	return json_pack("{s:s,s:I,s:o,s:o,s:o,s:b,s:b,s:o,s:b,s:{s:b,s:b,s:b,s:b,s:b}}",
			 "name", c->name, "index", (json_int_t)c->index,
			 "driver", str_or_null(c->driver), "module", str_or_null(c->module),
			 "ciphers", ciphers, "bip_supported", wb_capabilities_bip(c),
			 "beacon_protection", wb_capabilities_beacon_protection(c),
			 "iftypes", iftypes, "ap_sme", c->ap_sme,
			 "features", "beacon_protection", c->beacon_prot,
			 "beacon_protection_client", c->beacon_prot_client,
			 "sae_offload", c->sae_offload, "sae_offload_ap", c->sae_offload_ap,
			 "sae", c->feature_sae);
fail:
	json_decref(ciphers);
	json_decref(iftypes);
	return NULL;
}

/* ---- the collector: one snapshot at open() ---- */

struct wb_collector {
	json_t *result;
};

static int cap_open(const struct wb_collector_cfg *cfg, struct wb_collector **out)
{
	const struct wb_capabilities_cfg *p = cfg->priv;
	struct wb_capabilities caps;
	struct wb_collector *c;
	int r;

	*out = NULL;
	if (!(p && p->phy) && !cfg->ifname)
		return -EINVAL;
	r = get_in_netns(cfg->netns, p ? p->phy : NULL, cfg->ifname, p ? p->sysfs_root : NULL,
			 &caps);
	if (r < 0)
		return r;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->result = wb_capabilities_to_json(&caps);
	if (!c->result) {
		free(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

static int cap_noop(struct wb_collector *c)
{
	(void)c;
	return 0;
}

static int cap_poll_fd(const struct wb_collector *c)
{
	(void)c;
	return -1;
}

static int cap_result(struct wb_collector *c, json_t **out)
{
	*out = json_incref(c->result);
	return 0;
}

static void cap_close(struct wb_collector *c)
{
	if (!c)
		return;
	json_decref(c->result);
	free(c);
}

const struct wb_collector_ops wb_capabilities_ops = {
	.name = "capabilities",
	.open = cap_open,
	.start = cap_noop,
	.poll_fd = cap_poll_fd,
	.read = cap_noop,
	.stop = cap_noop,
	.result = cap_result,
	.close = cap_close,
};
