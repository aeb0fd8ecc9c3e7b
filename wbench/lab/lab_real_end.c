/*
 * The real lab's roles on their hosts: a local AP or STA radio moved into a namespace of
 * its own (so that traffic between the ends crosses the air), its interface and address
 * there; a role on a remote host with its interface (and address) made there; the sniffer
 * with a monitor interface on the AP's channel. Each change is written into the state
 * record before it is made and leaves it once undone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/daemons/netcfg.h"
#include "wbench/lab/lab_real_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/sys/inject.h"
#include "wbench/sys/iplink.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

#define HOME_NETNS "/proc/self/ns/net"

int real_run(struct real_host *h, char *const argv[], char **out, char *err, size_t errlen)
{
	struct wb_host_exec x = { .timeout_ms = REAL_CMD_TIMEOUT_MS,
				  .err = out ? WB_HOST_STDERR_DISCARD : WB_HOST_STDERR_MERGE };
	char *text = NULL, line[256] = "";
	size_t used = 0;
	int r;

	r = wb_host_run(h->h, argv, &x, &text, NULL);
	if (r == 0 && out) {
		*out = text;
		return 0;
	}
	for (size_t i = 0; argv[i] && used < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i ? " " : "",
					 argv[i]);
	if (r > 0 && text && *text) {
		char *end = text + strlen(text);

		while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
			*--end = '\0';
		wb_errbuf_set(err, errlen, "'%s' on %s: %s", line, h->name,
			      strrchr(text, '\n') ? strrchr(text, '\n') + 1 : text);
	} else if (r != 0) {
		wb_errbuf_set(err, errlen, "'%s' on %s: %s", line, h->name,
			      r > 0 ? "failed" : strerror(-r));
	}
	free(text);
	return r > 0 ? -EIO : r;
}

static int recorded(struct wb_lab *l, json_t *change, unsigned int *id, char *err,
		    size_t errlen)
{
	int r = wb_lab_record_add(l->rec, change, id);

	if (r < 0)
		wb_errbuf_set(err, errlen, "cannot write the state record '%s': %s",
			      wb_lab_record_path(l->rec), strerror(-r));
	return r;
}

static void forget(struct wb_lab *l, unsigned int *id)
{
	if (*id && wb_lab_record_done(l->rec, *id) < 0)
		wb_warn("lab: the state record still lists an undone change");
	*id = 0;
}

/* The namespace of a local ap/sta (once) and its radio moved in. */
static int ns_and_move(struct wb_lab *l, struct real_end *x, char *err, size_t errlen)
{
	struct wb_nl nl;
	int r;

	if (!x->ns_made) {
		if ((r = recorded(l, wb_lab_change_netns(x->e.netns), &x->rec_ns, err, errlen)) < 0)
			return r;
		r = wb_netns_add(x->e.netns);
		if (r < 0)
			return wb_lab_fail(r, err, errlen, "cannot create namespace '%s': %s",
					   x->e.netns, strerror(-r));
		x->ns_made = true;
	}
	if ((r = recorded(l, wb_lab_change_phy(x->radio.phy, x->radio.device[0] ?
					       x->radio.device : NULL, x->e.netns),
			  &x->rec_phy, err, errlen)) < 0)
		return r;
	r = wb_nl80211_open(&nl);
	if (r == 0)
		r = wb_netns_move_phy(&nl, x->radio.phy, x->e.netns);
	if (r == -EOPNOTSUPP)
		wb_errbuf_set(err, errlen, "the %s's radio %s (driver %s) cannot be moved into a "
			      "network namespace: its driver does not allow it (no "
			      "WIPHY_FLAG_NETNS_OK); the local lab needs radios that can move",
			      x->role, x->radio.phy, x->radio.driver[0] ? x->radio.driver : "?");
	else if (r < 0)
		wb_errbuf_set(err, errlen, "cannot move the %s's radio %s into namespace '%s': "
			      "%s%s%s", x->role, x->radio.phy, x->e.netns, strerror(-r),
			      nl.ext_ack[0] ? "; kernel reports: " : "", nl.ext_ack);
	wb_nl_close(&nl);
	if (r < 0) {
		forget(l, &x->rec_phy);
		return r;
	}
	x->moved = true;
	return 0;
}

/* A local ap/sta: namespace, radio, its interface and address there. */
static int local_up(struct wb_lab *l, struct real_end *x, char *err, size_t errlen)
{
	struct wb_nl nl;
	int r = ns_and_move(l, x, err, errlen);

	if (r < 0)
		return r;
	if ((r = recorded(l, wb_lab_change_iface(WB_LAB_RECORD_LOCAL, x->e.netns, x->e.ifname),
			  &x->rec_iface, err, errlen)) < 0)
		return r;
	r = wb_netns_nl_open(x->e.netns, "nl80211", &nl, err, errlen);
	if (r == 0) {
		r = wb_nl80211_iface_add(&nl, x->radio.phy, x->e.ifname, NL80211_IFTYPE_STATION,
					 NULL);
		if (r < 0)
			wb_errbuf_set(err, errlen, "cannot add interface %s on %s in '%s': %s%s%s",
				      x->e.ifname, x->radio.phy, x->e.netns, strerror(-r),
				      nl.ext_ack[0] ? "; kernel reports: " : "", nl.ext_ack);
		wb_nl_close(&nl);
	}
	if (r < 0) {
		forget(l, &x->rec_iface);
		return r;
	}
	x->iface_made = true;
	if (x->e.cidr[0] && (r = wb_iplink_addr_add(x->e.netns, x->e.ifname, x->e.cidr)) < 0)
		return wb_lab_fail(r, err, errlen, "cannot add %s to %s in '%s': %s", x->e.cidr,
				   x->e.ifname, x->e.netns, strerror(-r));
	return 0;
}

/*
 * The wiphy index of a remote role's radio from `iw phy PHY info` ("wiphy index: N"):
 * a reload makes the radio anew under a new index, and it may keep its name. -ENODEV when
 * iw does not know the phy there.
 */
static int remote_wiphy(struct real_end *x, long *idx)
{
	char err[256], *text = NULL, *p, *end;
	int r;

	r = real_run(x->host, (char *const[]){ "iw", "phy", x->radio.phy, "info", NULL }, &text,
		     err, sizeof(err));
	if (r < 0)
		return -ENODEV;
	p = strstr(text, "wiphy index: ");
	*idx = p ? strtol(p + 13, &end, 10) : -1;
	if (p && end == p + 13)
		*idx = -1;
	free(text);
	return 0;
}

/* A role on a remote host, or the local sniffer's monitor: an interface on the radio. */
static int iface_up(struct wb_lab *l, struct real_end *x, char *err, size_t errlen)
{
	char freq[16];
	int r;

	if ((r = recorded(l, wb_lab_change_iface(x->host->name, NULL, x->e.ifname),
			  &x->rec_iface, err, errlen)) < 0)
		return r;
	snprintf(freq, sizeof(freq), "%u", wb_netcfg_freq(l->sc->lab.channel));
	if (x->monitor && x->host->local) {
		r = wb_inject_monitor_new(x->radio.phy, x->e.ifname, NULL,
					  wb_netcfg_freq(l->sc->lab.channel));
		if (r < 0)
			wb_errbuf_set(err, errlen, "cannot make the monitor %s on the sniffer's "
				      "radio %s on channel %u: %s", x->e.ifname, x->radio.phy,
				      l->sc->lab.channel, strerror(-r));
	} else {
		r = real_run(x->host, (char *const[]){ "iw", "phy", x->radio.phy, "interface",
			     "add", x->e.ifname, "type", x->monitor ? "monitor" : "managed", NULL },
			     NULL, err, errlen);
	}
	if (r < 0) {
		forget(l, &x->rec_iface);
		return r;
	}
	x->iface_made = true;
	if (x->monitor && !x->host->local)
		r = real_run(x->host, (char *const[]){ "ip", "link", "set", x->e.ifname, "up",
						       NULL }, NULL, err, errlen);
	if (r == 0 && x->monitor && !x->host->local)
		r = real_run(x->host, (char *const[]){ "iw", "dev", x->e.ifname, "set", "freq",
						       freq, NULL }, NULL, err, errlen);
	if (r == 0 && !x->monitor && x->e.cidr[0])
		r = real_run(x->host, (char *const[]){ "ip", "addr", "add", x->e.cidr, "dev",
						       x->e.ifname, NULL }, NULL, err, errlen);
	if (r == 0 && !x->host->local && remote_wiphy(x, &x->wiphy) < 0)
		x->wiphy = -1;
	return r;
}

int real_end_up(struct wb_lab *l, struct real_end *x, char *err, size_t errlen)
{
	wb_strlcpy(x->e.phy, x->radio.phy, sizeof(x->e.phy));
	/* an OpenWrt AP's interface is netifd's, made by `wifi up` in each cell */
	if (x == &l->ap && l->sc->lab.ap_kind == WB_SCENARIO_AP_OPENWRT)
		return 0;
	return x->own_ns ? local_up(l, x, err, errlen) : iface_up(l, x, err, errlen);
}

/* Whether @x's phy is where the lab put it. */
static bool phy_present(struct real_end *x)
{
	struct wb_nl nl;
	uint32_t idx;
	int r;

	if (!x->host->local) {
		long now = -1;

		/* there, and the same radio: a reload may make it anew under the same name */
		return remote_wiphy(x, &now) == 0 && (x->wiphy < 0 || now == x->wiphy);
	}
	if (wb_netns_nl_open(x->moved ? x->e.netns : NULL, "nl80211", &nl, NULL, 0) < 0)
		return false;
	r = wb_nl80211_phy_lookup(&nl, x->radio.phy, &idx);
	wb_nl_close(&nl);
	return r == 0;
}

int real_end_refresh(struct wb_lab *l, struct real_end *x, bool *gone, char *err,
		     size_t errlen)
{
	struct wb_radio back;
	int r;

	*gone = false;
	if (phy_present(x))
		return 0;
	*gone = true;
	/* its interface went with it, and the radio came back in the initial namespace */
	forget(l, &x->rec_iface);
	forget(l, &x->rec_phy);
	x->iface_made = x->moved = false;
	/* by its device, or by the scenario's phy or interface name (a device that changed) */
	r = wb_radio_wait(x->host->h, NULL, x->radio.device,
			  x->sc->by == WB_SCENARIO_RADIO_DEVICE ? WB_RADIO_BY_NONE :
			  real_radio_by(x->sc->by),
			  x->sc->radio, 0, l->cancel, &back);
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "the %s's radio (%s %s%s%s) did not come back "
				   "after the driver reload: %s", x->role,
				   wb_scenario_radio_key(x->sc->by), x->sc->radio,
				   x->radio.device[0] ? ", device " : "", x->radio.device,
				   strerror(-r));
	wb_info("lab: the %s's radio is %s now (was %s)", x->role, back.phy, x->radio.phy);
	x->radio = back;
	return real_end_up(l, x, err, errlen);
}

static int iface_down(struct wb_lab *l, struct real_end *x)
{
	char err[256];
	struct wb_nl nl;
	uint32_t idx;
	int r;

	if (!x->host->local) {
		r = real_run(x->host, (char *const[]){ "iw", "dev", x->e.ifname, "del", NULL },
			     NULL, err, sizeof(err));
		/* gone with its radio (a reload): nothing to undo */
		if (r < 0 && real_run(x->host, (char *const[]){ "iw", "dev", x->e.ifname, "info",
							     NULL }, NULL, NULL, 0) < 0)
			r = -ENODEV;
	}
	else if ((r = wb_netns_nl_open(x->own_ns ? x->e.netns : NULL, "nl80211", &nl, NULL,
				       0)) == 0) {
		r = wb_nl80211_iface_index(&nl, x->e.ifname, &idx);
		if (r == 0)
			r = wb_nl80211_iface_del(&nl, idx);
		wb_nl_close(&nl);
		snprintf(err, sizeof(err), "%s", strerror(-r));
	}
	if (r < 0 && r != -ENODEV) {
		wb_warn("lab: cannot delete the %s's interface %s: %s", x->role, x->e.ifname, err);
		return r;
	}
	x->iface_made = false;
	forget(l, &x->rec_iface);
	return 0;
}

void real_end_down(struct wb_lab *l, struct real_end *x)
{
	struct wb_nl nl;
	int r;

	if (x->iface_made && iface_down(l, x) < 0)
		return; /* the radio keeps it: moving it back would bring it along */
	if (x->moved) {
		r = wb_netns_nl_open(x->e.netns, "nl80211", &nl, NULL, 0);
		if (r == 0) {
			r = wb_netns_move_phy_path(&nl, x->radio.phy, HOME_NETNS);
			wb_nl_close(&nl);
		}
		if (r < 0 && r != -ENODEV)
			wb_warn("lab: cannot move the %s's radio %s back from '%s': %s", x->role,
				x->radio.phy, x->e.netns, strerror(-r));
		else {
			x->moved = false;
			forget(l, &x->rec_phy);
		}
	}
	if (x->ns_made) {
		r = wb_netns_del(x->e.netns);
		if (r < 0 && r != -ENOENT) {
			wb_warn("lab: cannot delete namespace '%s': %s", x->e.netns, strerror(-r));
			return;
		}
		x->ns_made = false;
		forget(l, &x->rec_ns);
	}
}
