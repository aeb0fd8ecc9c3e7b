/*
 * The real lab backends, "local" and "ssh" (one implementation: a role is on this machine
 * or on a lab.hosts machine over ssh; "local" is the case where every role is here).
 *
 * Open: the hosts are reached (one ssh master each, a private remote directory), each
 * role's radio is found on its host by phy, interface or device path; a local AP or STA
 * radio is moved into a network namespace of its own (wbench-ap-PID, wbench-sta-PID) so
 * that traffic between the ends crosses the air, with its interface and address there;
 * a role on a remote host gets its interface (and address) there; the sniffer gets a
 * monitor interface on the AP's channel. Crypto: the AP's crypto switch (crypto_switch.h:
 * the driver table's, or the scenario's commands) with the value read back and every
 * radio its reload took found again by device path and set up again. Close undoes it
 * all, the original crypto setting last, on every exit path; the state record
 * (lab_record.h) lists each change from before it is made until it is undone, for
 * `wbench cleanup` after a kill.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbench/host/host_ssh.h"
#include "wbench/lab/lab_cleanup.h"
#include "wbench/lab/lab_real_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/sys/netns.h"

#define ERR_MAX 512

static struct real_host *host_of(struct wb_lab *l, const struct wb_scenario_end *e)
{
	const char *name = wb_scenario_end_host(e);

	for (size_t i = 0; i < l->n_hosts; i++)
		if (!strcmp(l->hosts[i].name, name))
			return &l->hosts[i];
	return NULL;
}

/* An ssh host: connected, its private directory recorded (with its boot, for cleanup). */
static int ssh_open(struct wb_lab *l, const struct wb_scenario_ssh *s, struct real_host *rh,
		    char *err, size_t errlen)
{
	struct wb_host_ssh_cfg cfg = { .target = s->target, .port = s->port,
				       .identity = s->identity_file, .proxy_jump = s->proxy_jump,
				       .options = s->options, .cancel = l->cancel };
	char *boot = NULL;
	int r;

	if (!l->ssh_dir && !(l->ssh_dir = wb_mkdtemp_private("wbench-ssh")))
		return wb_lab_fail(-errno, err, errlen, "cannot make a private directory: %s",
				   strerror(errno));
	cfg.local_dir = l->ssh_dir;
	rh->name = s->name;
	if ((r = wb_lab_record_host(l->rec, s->name, &cfg)) < 0)
		return wb_lab_fail(r, err, errlen, "cannot write the state record: %s",
				   strerror(-r));
	r = wb_host_ssh_new(&cfg, &rh->h);
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "cannot reach host '%s' (ssh %s): %s", s->name,
				   s->target, strerror(-r));
	if (wb_host_read_file(rh->h, "/proc/sys/kernel/random/boot_id", 64, false, &boot,
			      NULL) == 0)
		boot[strcspn(boot, "\n")] = '\0';
	r = wb_lab_record_add(l->rec, wb_lab_change_remote_dir(s->name,
				wb_host_ssh_remote_dir(rh->h), boot), &rh->rec_dir);
	free(boot);
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "cannot write the state record: %s",
				   strerror(-r));
	return 0;
}

int real_hosts_open(struct wb_lab *l, char *err, size_t errlen)
{
	int r;

	l->hosts[0].name = WB_SCENARIO_LOCAL;
	l->hosts[0].local = true;
	if (wb_host_local_new(&l->hosts[0].h) < 0)
		return -ENOMEM;
	l->n_hosts = 1;
	for (size_t i = 0; i < l->sc->lab.n_hosts; i++) {
		r = ssh_open(l, &l->sc->lab.hosts[i], &l->hosts[l->n_hosts], err, errlen);
		if (l->hosts[l->n_hosts].h)
			l->n_hosts++;
		if (r < 0)
			return r;
	}
	return 0;
}

void real_hosts_close(struct wb_lab *l)
{
	for (size_t i = 0; i < l->n_hosts; i++) {
		struct real_host *rh = &l->hosts[i];
		const char *dir = wb_host_ssh_remote_dir(rh->h);

		/* its children are stopped by now; the directory goes, then the record's entry */
		if (dir && wb_host_remove(rh->h, dir) == 0)
			(void)wb_lab_record_done(l->rec, rh->rec_dir);
		else if (dir)
			wb_warn("lab: cannot remove %s on %s%s", dir, rh->name, rh->rec_dir ?
				": the state record keeps it" : "");
		wb_host_free(rh->h);
		rh->h = NULL;
	}
	l->n_hosts = 0;
}

enum wb_radio_by real_radio_by(enum wb_scenario_radio_by by)
{
	return by == WB_SCENARIO_RADIO_PHY ? WB_RADIO_BY_PHY :
	       by == WB_SCENARIO_RADIO_IFNAME ? WB_RADIO_BY_IFNAME : WB_RADIO_BY_DEVICE;
}

int real_end_find(struct wb_lab *l, struct real_end *x, const char *role,
		  const struct wb_scenario_end *se, const char *ifname, char *err, size_t errlen)
{
	char why[ERR_MAX];
	int r;

	x->role = role;
	x->wiphy = -1;
	x->sc = se;
	x->host = host_of(l, se);
	if (!x->host)
		return wb_lab_fail(-EINVAL, err, errlen, "lab.%s: no host '%s'", role,
				   wb_scenario_end_host(se));
	x->e.host = x->host->h;
	r = wb_radio_find(x->host->h, NULL, real_radio_by(se->by), se->radio, l->cancel,
			  &x->radio, why, sizeof(why));
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "lab.%s: %s", role, why);
	wb_strlcpy(x->e.ifname, ifname, sizeof(x->e.ifname));
	wb_strlcpy(x->e.phy, x->radio.phy, sizeof(x->e.phy));
	if (se->address) {
		wb_strlcpy(x->e.cidr, se->address, sizeof(x->e.cidr));
		wb_strlcpy(x->e.ip, se->address, sizeof(x->e.ip));
		x->e.ip[strcspn(x->e.ip, "/")] = '\0';
	}
	x->own_ns = x->host->local && !x->monitor;
	if (x->own_ns) {
		snprintf(x->e.netns, sizeof(x->e.netns), "wbench-%s-%d", role, (int)getpid());
		snprintf(x->e.netns_path, sizeof(x->e.netns_path), WB_NETNS_DIR "/%s", x->e.netns);
	}
	return 0;
}

/* One radio, one role: two names (a phy and its device) can name the same radio. */
static int ends_distinct(struct wb_lab *l, char *err, size_t errlen)
{
	struct real_end *e[] = { &l->ap, &l->sta, &l->sniffer };
	size_t n = l->have_sniffer ? 3 : 2;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (e[i]->host == e[j]->host && !strcmp(e[i]->radio.phy, e[j]->radio.phy))
				return wb_lab_fail(-EINVAL, err, errlen, "lab.%s and lab.%s name "
						   "the same radio, %s on %s", e[i]->role,
						   e[j]->role, e[i]->radio.phy,
						   e[i]->host->name);
	return 0;
}

int real_switch_new(struct wb_lab *l, char *err, size_t errlen)
{
	const struct wb_scenario_crypto_switch *cs = l->sc->lab.crypto_switch;
	struct wb_crypto_switch_cfg cfg = { .host = l->ap.host->h, .host_name = l->ap.host->name,
					    .bus_module = l->ap.radio.module, .record = l->rec,
					    .cancel = l->cancel };
	int r;

	/* iwlwifi's op-mode is told apart by what is loaded here: not for a remote AP */
	l->driver = wb_driver_lookup(l->ap.radio.driver, l->ap.radio.module,
				     l->ap.host->local ? "/sys" : "/nonexistent");
	cfg.driver = l->driver;
	/* an OpenWrt radio is let go by netifd before its module is reloaded, also when
	 * 'wbench cleanup' restores it from the record after a kill */
	cfg.pre = l->ow ? owrt_switch_pre(l) : NULL;
	/* no device: the lab finds its radios again itself, where it put them (radios_back) */
	if (cs) {
		for (int m = 0; m < WB_CRYPTO_MODES; m++) {
			l->cmds.set[m] = cs->set[m];
			l->cmds.value[m] = cs->value[m];
		}
		l->cmds.read = cs->read;
		cfg.cmds = &l->cmds;
	} else if (!wb_driver_has_switch(l->driver)) {
		return 0; /* set_crypto says so, for the cells that ask */
	}
	r = wb_crypto_switch_new(&cfg, &l->cs);
	return r < 0 ? wb_lab_fail(r, err, errlen, "cannot set up the AP's crypto switch: %s",
				   strerror(-r)) : 0;
}

static void real_close(struct wb_lab *l)
{
	char err[ERR_MAX];

	if (!l)
		return;
	if (l->have_sniffer)
		real_end_down(l, &l->sniffer);
	real_end_down(l, &l->ap);
	real_end_down(l, &l->sta);
	/* last: a reload may take the radios with it, and they are home by now */
	if (l->cs && wb_crypto_switch_restore(l->cs, err, sizeof(err)) < 0)
		wb_err("lab: cannot restore the AP's crypto setting: %s (the state record "
		       "keeps it: run 'wbench cleanup')", err);
	wb_crypto_switch_free(l->cs);
	/* then the router's wireless config, and its radio up as it was */
	owrt_close(l);
	real_hosts_close(l);
	wb_lab_record_close(l->rec);
	if (l->ssh_dir)
		wb_rm_rf(l->ssh_dir);
	free(l->ssh_dir);
	json_decref(l->last_switch);
	free(l);
}

static void peer_setup(struct wb_lab *l)
{
	const struct wb_scenario_end *p = &l->sc->lab.peer;
	struct real_host *h;

	if (l->sc->lab.peer_on_ap) {
		l->peer = l->ap.e;
		return;
	}
	h = host_of(l, p);
	l->peer.host = h ? h->h : l->hosts[0].h;
	wb_strlcpy(l->peer.ip, p->address ? p->address : "", sizeof(l->peer.ip));
	l->peer.ip[strcspn(l->peer.ip, "/")] = '\0';
}

static int open_steps(struct wb_lab *l, char *err, size_t errlen)
{
	const struct wb_scenario_lab *lab = &l->sc->lab;
	char mon[16];
	int r;

	snprintf(mon, sizeof(mon), REAL_MON_PREFIX "%d", (int)getpid());
	l->have_sniffer = lab->sniffer && lab->sniffer_end.radio;
	l->sniffer.monitor = true;
	if ((r = wb_lab_cleanup_before_run(l->cancel, err, errlen)) < 0 ||
	    (r = wb_lab_record_open(NULL, &l->rec)) < 0 ||
	    (r = real_hosts_open(l, err, errlen)) < 0 ||
	    (r = real_end_find(l, &l->ap, "ap", &lab->ap, REAL_AP_IFNAME, err, errlen)) < 0 ||
	    (lab->ap_kind == WB_SCENARIO_AP_OPENWRT && (r = owrt_open(l, err, errlen)) < 0) ||
	    (r = real_end_find(l, &l->sta, "sta", &lab->sta, REAL_STA_IFNAME, err, errlen)) < 0 ||
	    (l->have_sniffer && (r = real_end_find(l, &l->sniffer, "sniffer", &lab->sniffer_end,
						   mon, err, errlen)) < 0) ||
	    (r = ends_distinct(l, err, errlen)) < 0 ||
	    (r = real_switch_new(l, err, errlen)) < 0 ||
	    (r = real_end_up(l, &l->ap, err, errlen)) < 0 ||
	    (r = real_end_up(l, &l->sta, err, errlen)) < 0 ||
	    (l->have_sniffer && (r = real_end_up(l, &l->sniffer, err, errlen)) < 0))
		return r;
	l->ap.e.bridge = lab->bridge;
	peer_setup(l);
	return 0;
}

static int real_open(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab **out)
{
	char err[ERR_MAX] = "";
	struct wb_lab *l;
	int r;

	*out = NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->sc = sc;
	l->cancel = c;
	l->mode = WB_CRYPTO_UNKNOWN;
	r = open_steps(l, err, sizeof(err));
	if (r < 0) {
		if (*err)
			wb_err("%s lab: %s", wb_scenario_backend_name(sc->lab.backend), err);
		real_close(l);
		return r;
	}
	*out = l;
	return 0;
}

/* After a switch: every radio a reload took is found and set up again. */
static int radios_back(struct wb_lab *l, json_t *ev, char *err, size_t errlen)
{
	struct real_end *e[] = { &l->ap, &l->sta, &l->sniffer };
	json_t *back = json_object();
	bool gone;
	int r = 0;

	for (size_t i = 0; i < 3 && r == 0; i++) {
		if (e[i] == &l->sniffer && !l->have_sniffer)
			continue;
		r = real_end_refresh(l, e[i], &gone, err, errlen);
		if (r == 0 && gone) {
			json_object_set_new(back, e[i]->role, json_string(e[i]->radio.phy));
			if (e[i] == &l->ap)
				l->ap_caps_ok = false;
		}
	}
	if (json_object_get(back, "sta"))
		json_object_set_new(ev, "sta_note", json_string(
			"the STA's radio went away with the AP's driver reload: it uses the same "
			"driver, so its crypto mode was switched too"));
	json_object_set_new(ev, "radios_back", back);
	return r;
}

static int real_set_crypto(struct wb_lab *l, enum wb_crypto_mode mode, json_t **evidence,
			   char *err, size_t errlen)
{
	json_t *ev = NULL;
	int r;

	*evidence = NULL;
	if (!l->cs)
		return wb_lab_fail(-ENOTSUP, err, errlen, "the AP's driver %s (module %s) has no "
				   "crypto switch%s%s and the scenario gives no "
				   "lab.ap.crypto_switch: wbench cannot put it in %s",
				   l->ap.radio.driver[0] ? l->ap.radio.driver : "?",
				   l->ap.radio.module[0] ? l->ap.radio.module : "built in",
				   l->driver ? ": " : "", l->driver ? l->driver->notes : "",
				   wb_crypto_mode_name(mode));
	l->radios_ok = l->radios_ok && l->mode == mode;
	r = wb_crypto_switch_set(l->cs, mode, &ev, err, errlen);
	if (r < 0)
		return r;
	if (json_is_true(json_object_get(ev, "changed")))
		l->radios_ok = l->ap_caps_ok = false;
	/* also without a change now: a switch that failed before may have taken a radio
	 * (a remote check is a command there: once after each switch is enough) */
	r = l->radios_ok ? 0 : radios_back(l, ev, err, errlen);
	if (r == 0)
		l->radios_ok = true;
	json_object_set_new(ev, "ap_phy", json_string(l->ap.radio.phy));
	json_object_set_new(ev, "ap_interface", json_string(l->ap.e.ifname));
	if (r < 0) {
		json_decref(ev);
		return r;
	}
	l->mode = mode;
	json_decref(l->last_switch);
	l->last_switch = json_incref(ev);
	*evidence = ev;
	return 0;
}

static const struct wb_lab_end *real_end(const struct wb_lab *l, enum wb_lab_role r)
{
	switch (r) {
	case WB_LAB_AP:
		return &l->ap.e;
	case WB_LAB_PEER:
		return &l->peer;
	case WB_LAB_SNIFFER:
		return l->have_sniffer ? &l->sniffer.e : NULL;
	default:
		return &l->sta.e;
	}
}

static int real_ap_info(struct wb_lab *l, struct wb_lab_ap_info *out)
{
	char err[ERR_MAX];
	int r;

	memset(out, 0, sizeof(*out));
	if (l->ap.host->local) {
		r = wb_capabilities_get(l->ap.e.netns, l->ap.radio.phy, NULL, &out->caps);
	} else if (l->ap_caps_ok) {
		out->caps = l->ap_caps;
		r = 0;
	} else {
		r = real_ap_caps_remote(l, &out->caps, err, sizeof(err));
		l->ap_caps = out->caps;
		l->ap_caps_ok = r == 0;
	}
	if (r < 0)
		return r;
	/* sysfs does not show a phy in another namespace: the radio as found at the start */
	if (!out->caps.driver[0])
		wb_strlcpy(out->caps.driver, l->ap.radio.driver, sizeof(out->caps.driver));
	if (!out->caps.module[0])
		wb_strlcpy(out->caps.module, l->ap.radio.module, sizeof(out->caps.module));
	out->driver = l->driver;
	out->mode = l->mode;
	/* a simulated radio standing in for a real one (the VM tests): the profile it models,
	 * as `wbench probe` says, so the remedy names the real driver's switch as the sim's */
	out->sim = strcmp(out->caps.driver, WB_HWSIM_MODULE) == 0 ||
		   strcmp(out->caps.module, WB_HWSIM_MODULE) == 0 ?
		   wb_hwsim_profile_guess(out->caps.ciphers, out->caps.n_ciphers) : NULL;
	return 0;
}

static const char *real_sniffer(const struct wb_lab *l)
{
	return l->have_sniffer ? l->sniffer.e.ifname : NULL;
}

/* The sniffer's monitor injects too, when it is on this machine. */
static const char *real_injector(struct wb_lab *l)
{
	return l->have_sniffer && l->sniffer.host->local ? l->sniffer.e.ifname : NULL;
}

static int real_ap_start(struct wb_lab *l, const struct wb_lab_ap_conf *conf,
			 struct wb_cancel *c, struct wb_lab_ap_outcome *out)
{
	int r;

	if (!l->ow)
		return WB_LAB_AP_OWN;
	r = owrt_ap_start(l, conf, c, out);
	/* the cells see netifd's interface (link readings, keys) */
	if (r == 0 && out->evidence)
		wb_strlcpy(l->ap.e.ifname, json_string_value(json_object_get(json_object_get(
			   out->evidence, "status"), "ifname")) ?: l->ap.e.ifname,
			   sizeof(l->ap.e.ifname));
	return r;
}

static void real_ap_stop(struct wb_lab *l)
{
	if (l->ow)
		owrt_ap_stop(l);
}

static json_t *real_ap_station(struct wb_lab *l, const char *mac)
{
	return l->ow ? owrt_ap_station(l, mac) : NULL;
}

#define REAL_OPS(NAME) {					\
	.name = NAME,						\
	.simulated = false,					\
	.open = real_open,					\
	.set_crypto = real_set_crypto,				\
	.end = real_end,					\
	.ap_info = real_ap_info,				\
	.sniffer = real_sniffer,				\
	.injector = real_injector,				\
	.environment = real_environment,			\
	.close = real_close,					\
	.describe = real_describe,				\
	.preflight = real_preflight,				\
	.probe = real_probe,					\
	.ap_start = real_ap_start,				\
	.ap_stop = real_ap_stop,				\
	.ap_station = real_ap_station,				\
}

const struct wb_lab_ops wb_lab_local_ops = REAL_OPS("local");
const struct wb_lab_ops wb_lab_ssh_ops = REAL_OPS("ssh");
