/*
 * The "sim" lab: mac80211_hwsim radios, the AP and the STA each in its own network
 * namespace (so traffic crosses the simulated air, not loopback), hwsim0 as sniffer.
 *
 * Crypto mode: hwsim has no hardware crypto, so what the sim can model is the cipher set
 * a driver advertises in each mode. hwcrypt = the AP radio re-created with the scenario's
 * hardware profile (e.g. rt2800: no BIP); nohwcrypt = re-created with the full software
 * set. It can never show the throughput cost of software crypto: results say so.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/sys/inject.h"
#include "wbench/sys/iplink.h"
#include "wbench/lab/lab.h"
#include "wbench/lab/lab_cleanup.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lib/log.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/daemons/netcfg.h"
#include "wbench/daemons/wpas.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"
#include "wbench/lib/util.h"

#define SIM_NET "10.99.0."
#define SIM_NOTE "mac80211_hwsim does all crypto in software in both modes: the sim " \
	"reproduces which modes start (the advertised cipher set), not the throughput or " \
	"CPU cost of software crypto"

struct wb_lab {
	const struct wb_scenario *sc;
	struct wb_cancel *cancel;
	struct wb_nl hwsim;           /* in our (the initial) namespace: radios are made here */
	struct wb_host *host;         /* this machine: both ends run here */
	struct wb_lab_end ap, sta;
	const struct wb_hwsim_profile *ap_hw;   /* the AP profile in hwcrypt mode */
	const struct wb_hwsim_profile *ap_now;  /* the AP radio's profile right now, or NULL */
	enum wb_crypto_mode mode;
	bool ap_ns, sta_ns, sta_radio;
	char mon_phy[64], mon_if[16];
	bool mon_radio;
	struct wb_lab_end mon_end;    /* the sniffer's end: hwsim0 here */
	/* the state record (lab_record.h): a SIGKILL leaves namespaces and radios, which
	 * 'wbench cleanup' and the next run undo; ids of the namespaces, then the radios */
	struct wb_lab_record *rec;
	unsigned int rec_ns[2], rec_radio[3];
};

static void end_setup(struct wb_lab_end *e, const char *role, pid_t pid, int octet)
{
	snprintf(e->netns, sizeof(e->netns), "wbench-%s-%d", role, (int)pid);
	snprintf(e->netns_path, sizeof(e->netns_path), WB_NETNS_DIR "/%s", e->netns);
	snprintf(e->phy, sizeof(e->phy), "wb%s%d", role, (int)pid);
	snprintf(e->ifname, sizeof(e->ifname), "wb%s0", role);
	snprintf(e->ip, sizeof(e->ip), SIM_NET "%d", octet);
	snprintf(e->cidr, sizeof(e->cidr), "%s/24", e->ip);
}

static int kernel_err(const struct wb_nl *nl, int r, const char *what, const char *name,
		      char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot %s '%s': %s%s%s", what, name, strerror(-r),
		 nl && nl->ext_ack[0] ? "; kernel reports: " : "", nl ? nl->ext_ack : "");
	return r;
}

/* Creates radio e->phy with profile @p, moves it into e's namespace, adds e->ifname. */
static int radio_make(struct wb_lab *l, struct wb_lab_end *e, const struct wb_hwsim_profile *p,
		      enum nl80211_iftype type, char *err, size_t errlen)
{
	struct wb_nl nl;
	int r;

	r = wb_hwsim_radio_add(&l->hwsim, e->phy, p, WB_HWSIM_F_NO_VIF, NULL);
	if (r < 0)
		return kernel_err(&l->hwsim, r, "create the simulated radio", e->phy, err, errlen);
	r = wb_nl80211_open(&nl);
	if (r < 0)
		return kernel_err(NULL, r, "open nl80211 for", e->phy, err, errlen);
	r = wb_netns_move_phy(&nl, e->phy, e->netns);
	if (r < 0) {
		kernel_err(&nl, r, "move the radio into namespace", e->netns, err, errlen);
		wb_nl_close(&nl);
		(void)!wb_hwsim_radio_del(&l->hwsim, e->phy); /* best effort: already failing */
		return r;
	}
	wb_nl_close(&nl);
	r = wb_netns_nl_open(e->netns, "nl80211", &nl, NULL, 0);
	if (r < 0)
		return kernel_err(NULL, r, "open nl80211 in namespace", e->netns, err, errlen);
	r = wb_nl80211_iface_add(&nl, e->phy, e->ifname, type, NULL);
	if (r < 0)
		kernel_err(&nl, r, "create interface", e->ifname, err, errlen);
	wb_nl_close(&nl);
	if (r < 0)
		return r;
	r = wb_iplink_addr_add(e->netns, e->ifname, e->cidr);
	if (r < 0)
		return kernel_err(NULL, r, "add an address to", e->ifname, err, errlen);
	return 0;
}

/* Records, before anything is made, every namespace and radio the run may make. */
static int record_changes(struct wb_lab *l)
{
	const char *ns[2] = { l->ap.netns, l->sta.netns };
	const char *radio[3] = { l->ap.phy, l->sta.phy, l->mon_phy };
	int r = wb_lab_record_open(NULL, &l->rec);

	for (int i = 0; r == 0 && i < 2; i++)
		r = wb_lab_record_add(l->rec, wb_lab_change_netns(ns[i]), &l->rec_ns[i]);
	for (int i = 0; r == 0 && i < 3; i++)
		r = wb_lab_record_add(l->rec, wb_lab_change_hwsim_radio(radio[i]),
				      &l->rec_radio[i]);
	return r;
}

/* What is gone leaves the record; a namespace still there may hide radios: they stay. */
static void record_settle(struct wb_lab *l)
{
	const char *ns[2] = { l->ap.netns, l->sta.netns };
	const char *radio[3] = { l->ap.phy, l->sta.phy, l->mon_phy };
	bool ns_left = false;

	for (int i = 0; i < 2; i++) {
		if (wb_netns_exists(ns[i]))
			ns_left = true;
		else
			(void)!wb_lab_record_done(l->rec, l->rec_ns[i]);
	}
	for (int i = 0; i < 3 && !ns_left; i++)
		if (!wb_hwsim_phy_exists("/sys", radio[i]))
			(void)!wb_lab_record_done(l->rec, l->rec_radio[i]);
	wb_lab_record_close(l->rec);
}

static void sim_close(struct wb_lab *l)
{
	if (!l)
		return;
	if (l->ap_now && wb_hwsim_radio_del_in(l->ap.netns, l->ap.phy, NULL, 0) < 0)
		wb_warn("sim: cannot delete the AP radio '%s'", l->ap.phy);
	if (l->sta_radio && wb_hwsim_radio_del_in(l->sta.netns, l->sta.phy, NULL, 0) < 0)
		wb_warn("sim: cannot delete the STA radio '%s'", l->sta.phy);
	if (l->mon_radio && wb_hwsim_radio_del(&l->hwsim, l->mon_phy) < 0)
		wb_warn("sim: cannot delete the monitor radio '%s'", l->mon_phy);
	if (l->ap_ns && wb_netns_del(l->ap.netns) < 0)
		wb_warn("sim: cannot remove namespace '%s'", l->ap.netns);
	if (l->sta_ns && wb_netns_del(l->sta.netns) < 0)
		wb_warn("sim: cannot remove namespace '%s'", l->sta.netns);
	if (l->rec)
		record_settle(l);
	wb_nl_close(&l->hwsim);
	wb_host_free(l->host);
	free(l);
}

static int sim_open(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab **out)
{
	const struct wb_hwsim_profile *sta_p;
	struct wb_lab *l;
	char err[512];
	pid_t pid = getpid();
	int r;

	*out = NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->sc = sc;
	l->cancel = c;
	if (wb_host_local_new(&l->host) < 0) {
		free(l);
		return -ENOMEM;
	}
	l->ap.host = l->sta.host = l->mon_end.host = l->host;
	wb_strlcpy(l->mon_end.ifname, "hwsim0", sizeof(l->mon_end.ifname));
	end_setup(&l->ap, "ap", pid, 1);
	end_setup(&l->sta, "sta", pid, 2);
	l->ap_hw = wb_hwsim_profile_find(sc->lab.ap.profile);
	sta_p = wb_hwsim_profile_find(sc->lab.sta.profile);
	if (!l->ap_hw || !sta_p) {
		wb_err("sim: unknown radio profile '%s'",
		       l->ap_hw ? sc->lab.sta.profile : sc->lab.ap.profile);
		wb_host_free(l->host);
		free(l);
		return -EINVAL;
	}
	snprintf(l->mon_phy, sizeof(l->mon_phy), "wbmon%d", (int)pid);
	r = wb_lab_cleanup_before_run(c, err, sizeof(err));
	if (r < 0) {
		wb_err("sim: %s", err);
		wb_host_free(l->host);
		free(l);
		return r;
	}
	r = wb_hwsim_open(&l->hwsim, c);
	if (r < 0) {
		wb_err("sim: mac80211_hwsim is not available (%s)", strerror(-r));
		wb_host_free(l->host);
		free(l);
		return r;
	}
	r = record_changes(l);
	if (r < 0)
		goto fail;
	r = wb_netns_add(l->ap.netns);
	if (r < 0) {
		wb_err("sim: cannot create namespace '%s': %s", l->ap.netns, strerror(-r));
		goto fail;
	}
	l->ap_ns = true;
	r = wb_netns_add(l->sta.netns);
	if (r < 0) {
		wb_err("sim: cannot create namespace '%s': %s", l->sta.netns, strerror(-r));
		goto fail;
	}
	l->sta_ns = true;
	r = radio_make(l, &l->sta, sta_p, NL80211_IFTYPE_STATION, err, sizeof(err));
	l->sta_radio = wb_hwsim_phy_exists("/sys", l->sta.phy) || r == 0;
	if (r < 0) {
		wb_err("sim: %s", err);
		goto fail;
	}
	/* hwsim0 sees every frame of every radio; it must be up to capture. */
	if (sc->lab.sniffer) {
		r = wb_iplink_up(NULL, "hwsim0");
		if (r < 0) {
			wb_err("sim: cannot bring the sniffer 'hwsim0' up: %s", strerror(-r));
			goto fail;
		}
	}
	*out = l;
	return 0;
fail:
	sim_close(l);
	return r;
}

static int sim_set_crypto(struct wb_lab *l, enum wb_crypto_mode mode, json_t **evidence,
			  char *err, size_t errlen)
{
	const struct wb_hwsim_profile *p = mode == WB_CRYPTO_HW ?
		l->ap_hw : wb_hwsim_profile_find("full");
	struct wb_capabilities caps;
	json_t *ev, *ciphers;
	size_t i;
	int r;

	*evidence = NULL;
	/* A fresh radio per cell: no key, station or channel state leaks between cells. */
	if (l->ap_now) {
		r = wb_hwsim_radio_del_in(l->ap.netns, l->ap.phy, NULL, 0);
		if (r < 0 && r != -ENODEV)
			return kernel_err(NULL, r, "delete the AP radio", l->ap.phy, err, errlen);
		l->ap_now = NULL;
	}
	r = radio_make(l, &l->ap, p, NL80211_IFTYPE_STATION, err, errlen);
	if (wb_hwsim_phy_exists("/sys", l->ap.phy) || r == 0)
		l->ap_now = p;
	if (r < 0)
		return r;
	l->mode = mode;
	/* Read back what the radio advertises: that is the mode's effect. */
	r = wb_capabilities_get(l->ap.netns, l->ap.phy, NULL, &caps);
	if (r < 0)
		return kernel_err(NULL, r, "read the capabilities of", l->ap.phy, err, errlen);
	ciphers = json_array();
	for (i = 0; i < caps.n_ciphers; i++) {
		char buf[32];

		json_array_append_new(ciphers, json_string(wb_cipher_format(caps.ciphers[i], buf,
									 sizeof(buf))));
	}
	ev = json_pack("{s:s, s:s, s:s, s:s, s:o, s:b, s:s}",
		       "mechanism", "sim: AP radio re-created with the profile's cipher set",
		       "radio_profile", p->name,
		       "models", p->models ? p->models : "",
		       "phy", l->ap.phy,
		       "ciphers", ciphers,
		       "bip_supported", wb_capabilities_bip(&caps),
		       "note", SIM_NOTE);
	if (!ev)
		return -ENOMEM;
	*evidence = ev;
	return 0;
}

static const struct wb_lab_end *sim_end(const struct wb_lab *l, enum wb_lab_role r)
{
	switch (r) {
	case WB_LAB_AP:
	case WB_LAB_PEER:    /* the iperf server runs on the AP end */
		return &l->ap;
	case WB_LAB_SNIFFER:
		return l->sc->lab.sniffer ? &l->mon_end : NULL;
	default:
		return &l->sta;
	}
}

static int sim_ap_info(struct wb_lab *l, struct wb_lab_ap_info *out)
{
	int r;

	memset(out, 0, sizeof(*out));
	r = wb_capabilities_get(l->ap.netns, l->ap.phy, NULL, &out->caps);
	if (r < 0)
		return r;
	out->sim = l->ap_now;
	/* Predictions and remedies speak of the modelled driver in the modelled mode. */
	out->driver = l->ap_hw->real_module ? wb_driver_find(l->ap_hw->real_module) : NULL;
	out->mode = l->mode;
	return 0;
}

static const char *sim_sniffer(const struct wb_lab *l)
{
	return l->sc->lab.sniffer ? "hwsim0" : NULL;
}

static const char *sim_injector(struct wb_lab *l)
{
	int r;

	if (l->mon_radio)
		return l->mon_if;
	snprintf(l->mon_if, sizeof(l->mon_if), "wbmon0");
	/* A third radio in our namespace: it shares the simulated air with AP and STA. */
	r = wb_hwsim_radio_add(&l->hwsim, l->mon_phy, NULL, WB_HWSIM_F_NO_VIF, NULL);
	if (r < 0) {
		wb_err("sim: cannot create the injector radio: %s", strerror(-r));
		return NULL;
	}
	l->mon_radio = true;
	/* on the AP's channel: hwsim delivers frames only between radios on one channel */
	if (wb_inject_monitor_new(l->mon_phy, l->mon_if, NULL,
				  wb_netcfg_freq(l->sc->lab.channel)) < 0)
		return NULL;
	return l->mon_if;
}

static int sim_environment(struct wb_lab *l, json_t **out)
{
	struct utsname u;
	json_t *env;

	uname(&u);
	env = json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:n, s:s}, "
			"s:{s:s, s:s, s:s, s:s, s:n}, s:{s:s}}",
			"backend", "sim",
			"kernel", u.release,
			"note", SIM_NOTE,
			"ap", "radio_profile_hwcrypt", l->ap_hw->name,
			"radio_profile_nohwcrypt", "full",
			"driver", WB_HWSIM_MODULE, "module", WB_HWSIM_MODULE,
			"crypto_switch", "models", l->ap_hw->models ? l->ap_hw->models : "",
			"sta", "radio_profile", l->sc->lab.sta.profile, "phy", l->sta.phy,
			"driver", WB_HWSIM_MODULE, "module", WB_HWSIM_MODULE, "crypto_switch",
			"sniffer", "interface", l->sc->lab.sniffer ? "hwsim0" : "none");
	if (!env)
		return -ENOMEM;
	*out = env;
	return 0;
}

/* The sim's own steps before and around the cells: module, namespaces, radios, sniffer. */
static int describe_setup(const struct wb_scenario *sc, struct wb_lab_actions *out)
{
	const char *host = WB_SCENARIO_LOCAL;
	char what[512];

	if (wb_lab_actions_add(out, host, WB_LAB_AT_START, "modprobe " WB_HWSIM_MODULE
			       " radios=0, if it is not loaded", "left loaded") < 0 ||
	    wb_lab_actions_add(out, host, WB_LAB_AT_START, "ip netns add wbench-ap-<pid>; "
			       "ip netns add wbench-sta-<pid>", "both deleted at the end") < 0)
		return -ENOMEM;
	snprintf(what, sizeof(what), "create the simulated radio wbsta<pid> (cipher set '%s'), "
		 "move it into wbench-sta-<pid>, add the station interface wbsta0 with "
		 SIM_NET "2/24", sc->lab.sta.profile);
	if (wb_lab_actions_add(out, host, WB_LAB_AT_START, what, "the radio deleted at the end "
			       "(its interface and address go with it)") < 0)
		return -ENOMEM;
	if (sc->lab.sniffer && wb_lab_actions_add(out, host, WB_LAB_AT_START, "ip link set hwsim0 "
						  "up (the sniffer: hwsim0 sees every simulated "
						  "frame)", "none: left up (mac80211_hwsim's own "
						  "monitor interface, gone with the module)") < 0)
		return -ENOMEM;
	/* set_crypto runs in every cell: a fresh AP radio per cell */
	snprintf(what, sizeof(what), "delete the AP radio of the cell before, create wbap<pid> "
		 "with the mode's cipher set (hwcrypt: '%s', nohwcrypt: 'full'), move it into "
		 "wbench-ap-<pid>, add the interface wbap0 with " SIM_NET "1/24, read back its "
		 "ciphers", sc->lab.ap.profile);
	if (wb_lab_actions_add(out, host, WB_LAB_PER_CELL, what, "deleted by the next cell, "
			       "the last one at the end") < 0)
		return -ENOMEM;
	snprintf(what, sizeof(what), "on the first active check: create the radio wbmon<pid> "
		 "here, with the monitor interface wbmon0 on channel %u; inject unprotected "
		 "deauthentication and disassociation frames to the STA from it%s",
		 sc->lab.channel, sc->deauth_burst ? ", then the burst of deauthentications "
		 "(active_check.burst)" : "");
	if (sc->forged_deauth &&
	    wb_lab_actions_add(out, host, WB_LAB_PER_CELL, what, "the radio deleted at the end") < 0)
		return -ENOMEM;
	return 0;
}

/* Read-only: the daemons' versions, mac80211_hwsim, root. Nothing is loaded or made. */
static int sim_preflight(const struct wb_scenario *sc, struct wb_cancel *c,
			 struct wb_lab_findings *out)
{
	const char *host = WB_SCENARIO_LOCAL;
	struct wb_host *local;
	char v[64];
	int r = 0;

	(void)sc;
	(void)c;
	if (wb_host_local_new(&local) < 0)
		return -ENOMEM;
	if (wb_hostapd_version(local, NULL, v, sizeof(v)) == 0)
		r |= wb_lab_findings_add(out, host, false, "hostapd %s", v);
	else
		r |= wb_lab_findings_add(out, host, true, "no hostapd: no cell can start its AP");
	if (wb_wpas_version(local, NULL, v, sizeof(v)) == 0)
		r |= wb_lab_findings_add(out, host, false, "wpa_supplicant %s", v);
	else
		r |= wb_lab_findings_add(out, host, true, "no wpa_supplicant: no cell can connect");
	wb_host_free(local);
	if (access("/sys/module/" WB_HWSIM_MODULE, F_OK) == 0)
		r |= wb_lab_findings_add(out, host, false, WB_HWSIM_MODULE " is loaded");
	else
		r |= wb_lab_findings_add(out, host, false, WB_HWSIM_MODULE " is not loaded: "
					 "the run loads it, or relays itself into the VM");
	if (geteuid() != 0)
		r |= wb_lab_findings_add(out, host, true, "not root: a run needs root (namespaces, "
					 "radios, daemons)");
	return r < 0 ? -ENOMEM : 0;
}

static int sim_describe(const struct wb_scenario *sc, struct wb_lab_actions *out)
{
	const struct wb_lab_describe_end ap = { .host = WB_SCENARIO_LOCAL,
		.netns = "wbench-ap-<pid>", .ifname = "wbap0", .ip = SIM_NET "1" };
	const struct wb_lab_describe_end sta = { .host = WB_SCENARIO_LOCAL,
		.netns = "wbench-sta-<pid>", .ifname = "wbsta0", .ip = SIM_NET "2" };
	const struct wb_lab_describe_end sniffer = { .host = WB_SCENARIO_LOCAL,
		.ifname = "hwsim0" };

	if (describe_setup(sc, out) < 0)
		return -ENOMEM;
	/* the AP end is the iperf peer */
	return wb_lab_describe_cells(sc, &ap, &sta, &ap, sc->lab.sniffer ? &sniffer : NULL,
				     "<run>/cell-<n>", out);
}

const struct wb_lab_ops wb_lab_sim_ops = {
	.name = "sim",
	.simulated = true,
	.open = sim_open,
	.set_crypto = sim_set_crypto,
	.end = sim_end,
	.ap_info = sim_ap_info,
	.sniffer = sim_sniffer,
	.injector = sim_injector,
	.environment = sim_environment,
	.close = sim_close,
	.describe = sim_describe,
	.preflight = sim_preflight,
};

const struct wb_lab_ops *wb_lab_ops_for(enum wb_scenario_backend b)
{
	switch (b) {
	case WB_SCENARIO_BACKEND_SIM:
		return &wb_lab_sim_ops;
	case WB_SCENARIO_BACKEND_LOCAL:
		return &wb_lab_local_ops;
	case WB_SCENARIO_BACKEND_SSH:
		return &wb_lab_ssh_ops;
	}
	return NULL;
}
