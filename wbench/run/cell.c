/*
 * One cell: crypto mode, AP, STA, measurement, active check, teardown (DESIGN.md's data
 * flow, steps 1-7). Each step is a phase function returning 0 (go on), 1 (the cell has its
 * outcome: stop), -ECANCELED, or -ENOMEM; wb_cell_run calls them in order and always
 * ends in the one teardown.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collectors/capture.h"
#include "collectors/crypto_keys.h"
#include "wbench/run/cell_i.h"
#include "wbench/diag/diagnose.h"
#include "wbench/lib/log.h"
#include "wbench/diag/predict.h"
#include "wbench/lib/util.h"

/* The cell's directory holds the daemons' sockets, whose paths must fit in sun_path. */
#define CELL_DIR_MAX 256
/* One line naming what failed (the lab's crypto switch, the cell directory). */
#define CELL_ERR_MAX 512
/* A capture's file name carries the mode key, cut to this size (results name the file). */
#define CAPTURE_MODE_MAX 96

/* What the phases of one cell share. */
struct cell {
	const struct wb_cell_ctx *x;
	const struct wb_plan_cell *pc;
	json_t *json;                          /* the cell's results object (borrowed) */
	int64_t t0;                            /* wb_now_ms() at the start */
	/* private: configs, logs, sockets of the AP's and the STA's daemons, each on its
	 * end's host (one directory when both ends share a host); "" if none */
	char dir[CELL_DIR_MAX], sta_dir[CELL_DIR_MAX];
	struct wb_host *dir_host, *sta_dir_host;  /* where they are (borrowed) */
	struct wb_lab_ap_info info;
	struct wb_prediction pred;
	bool have_pred;
	bool ap_phase;                         /* reached the AP: the cell has PMF evidence */
	bool lab_ap;                           /* the lab started the AP (ops ap_start) */
	bool connected;
	struct wb_collector *cap;              /* the sniffer's capture, or NULL (ours) */
	char ssid[WB_SCENARIO_SSID_MAX + 1];   /* NUL-terminated, for the capture's verifier */
	struct wb_hostapd h;
	struct wb_wpas w;
	struct wb_wpas_status st;
};

static void set_status(json_t *cell, const char *status)
{
	json_object_set_new(cell, "status", json_string(status));
}

/* Time since the cell started, at each step (WBENCH_DEBUG). */
static void cell_debug(const struct cell *c, const char *what)
{
	wb_debug("cell %zu: %s after %lld ms", c->pc->order + 1, what,
		 (long long)(wb_now_ms() - c->t0));
}

static json_t *diagnosis_json(const struct wb_diagnosis *d, const struct wb_prediction *pred)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "code", wb_diag_code_name(d->code),
			      "message", d->message, "remedy", d->remedy);

	if (o && d->status_code >= 0)
		json_object_set_new(o, "status_code", json_integer(d->status_code));
	/* Whether `wbench probe` would have said so beforehand: a check of the predictions. */
	if (o && pred)
		json_object_set_new(o, "predicted", json_boolean(pred->verdict == WB_VERDICT_WILL_FAIL &&
								 pred->code && !strcmp(pred->code, wb_diag_code_name(d->code))));
	return o;
}

static void diag_input(const struct cell *c, enum wb_diag_phase phase, int result,
		       struct wb_diag_input *di)
{
	wb_diag_input_init(di);
	di->phase = phase;
	di->result = result;
	di->sec = c->pc->security->profile;
}

/*
 * The one way a failed step becomes the cell's outcome: its diagnosis (with whether the
 * prediction @pred, if given, saw it coming) and @status. Returns 1 (outcome recorded).
 */
static int record_failure(struct cell *c, const struct wb_diag_input *di,
			  const struct wb_prediction *pred, const char *status)
{
	struct wb_diagnosis d;

	if (wb_diagnose(di, &d) == 0)
		json_object_set_new(c->json, "diagnosis", diagnosis_json(&d, pred));
	set_status(c->json, status);
	return 1;
}

/* A failure of ours, not the radio's or a daemon's: no classification. Returns 1. */
static int record_error(struct cell *c, const char *message)
{
	json_object_set_new(c->json, "diagnosis", json_pack("{s:s, s:s, s:s}", "code", "error",
							     "message", message, "remedy", ""));
	set_status(c->json, "error");
	return 1;
}

static void fill_netcfg(const struct cell *c, struct wb_netcfg *n)
{
	const struct wb_scenario *sc = c->x->sc;
	const struct wb_scenario_security *sec = c->pc->security;

	n->sec = sec->profile;
	n->ssid = sc->ssid;
	n->ssid_len = sc->ssid_len;
	n->passphrase = sec->profile->passphrase ? sc->passphrase : NULL;
	n->channel = sc->lab.channel;
	n->beacon_prot = sec->beacon_protection;
	n->sae_pwe = sec->sae_pwe >= 0 ? sec->sae_pwe : WB_NETCFG_SAE_PWE_DEFAULT;
}

/* In a file name, '/' would make a directory and '+' (psk2+pmf) is awkward in shells. */
static void sanitize_filename(char *name)
{
	for (; *name; name++) {
		if (*name == '/')
			*name = '_';
		else if (*name == '+')
			*name = '-';
	}
}

/* Opens the capture before hostapd: PMF evidence starts with the BSS start. */
static struct wb_collector *capture_open(struct cell *c)
{
	const struct wb_cell_ctx *x = c->x;
	const struct wb_scenario_security *sec = c->pc->security;
	const char *sniffer = x->ops->sniffer(x->lab);
	const struct wb_lab_end *sn = x->ops->end(x->lab, WB_LAB_SNIFFER);
	struct wb_capture_cfg cc = { 0 };
	struct wb_collector_cfg cfg = { .label = "sniffer", .host = sn ? sn->host : NULL };
	struct wb_collector *cap = NULL;
	char path[PATH_MAX], mode[CAPTURE_MODE_MAX];
	int r;

	if (!sniffer)
		return NULL;
	cfg.ifname = sniffer;
	cfg.priv = &cc;
	cc.full = x->sc->capture_full;
	/* PSK (also sae-mixed's PSK stations): the verifier derives the keys from the
	 * passphrase and checks MICs; SAE keys cannot be derived from a capture. */
	if (sec->profile->passphrase && strstr(sec->profile->key_mgmt, "PSK") &&
	    !memchr(x->sc->ssid, 0, x->sc->ssid_len)) {
		memcpy(c->ssid, x->sc->ssid, x->sc->ssid_len);
		c->ssid[x->sc->ssid_len] = '\0';
		cc.ssid = c->ssid;
		cc.passphrase = x->sc->passphrase;
	}
	if (x->capture_dir) {
		snprintf(path, sizeof(path), "%s/cell-%03zu-%s.pcap", x->capture_dir, c->pc->order,
			 wb_plan_mode_key(c->pc, mode, sizeof(mode)));
		sanitize_filename(path + strlen(x->capture_dir) + 1);
		cc.save_path = path;
	}
	r = wb_capture_ops.open(&cfg, &cap);
	if (r < 0) {
		wb_warn("cannot capture on '%s': %s", sniffer, strerror(-r));
		return NULL;
	}
	return cap;
}

static void capture_finish(struct wb_collector *cap, json_t *cell)
{
	json_t *res = NULL, *pmf;

	if (!cap) {
		json_object_set_new(cell, "pmf", json_pack("{s:s, s:s}", "verdict", "n/a",
							   "note", "no capture in this lab"));
		return;
	}
	if (wb_capture_ops.stop(cap) < 0)
		wb_warn("capture: stop failed");
	if (wb_capture_ops.result(cap, &res) == 0 && res) {
		pmf = json_object_get(res, "pmf");
		if (pmf)
			json_object_set(cell, "pmf", pmf);
		json_object_del(res, "pmf");
		json_object_set_new(cell, "capture", res);
	}
	wb_capture_ops.close(cap);
}

static void association_fill(json_t *cell, const struct wb_wpas *w, const struct wb_wpas_status *st,
			     const struct wb_ap_sta *ap_sta)
{
	json_t *a = json_object_get(cell, "association");

	json_object_set_new(a, "time_ms", json_integer(w->assoc_ms));
	json_object_set_new(a, "key_mgmt", json_string(st->key_mgmt));
	json_object_set_new(a, "pmf", json_integer(st->pmf));
	json_object_set_new(a, "mgmt_group_cipher", st->mgmt_group_cipher[0] ?
			    json_string(st->mgmt_group_cipher) : json_null());
	json_object_set_new(a, "pairwise_cipher", json_string(st->pairwise_cipher));
	json_object_set_new(a, "group_cipher", json_string(st->group_cipher));
	json_object_set_new(a, "bssid", json_string(st->bssid));
	json_object_set_new(a, "freq_mhz", json_integer(st->freq));
	if (ap_sta)
		json_object_set_new(a, "ap_view", json_pack("{s:s, s:s, s:b}", "flags", ap_sta->flags,
							    "akm", ap_sta->akm, "mfp", ap_sta->mfp));
}

/* A private directory for the cell on @h: under the run directory here, under the host's
 * own private directory on a remote host. */
static int cell_dir_on(struct cell *c, struct wb_host *h, char *dir, size_t len)
{
	const char *base = wb_host_workdir(h) ? wb_host_workdir(h) : c->x->dir;
	char err[CELL_ERR_MAX];
	int r;

	if (snprintf(dir, len, "%s/cell-%zu", base, c->pc->order) >= (int)len) {
		dir[0] = '\0';
		return record_error(c, "run directory path too long (TMPDIR)");
	}
	r = wb_host_mkdir(h, dir, 0700);
	if (r < 0) {
		snprintf(err, sizeof(err), "cannot create '%.200s'%s%s: %s", dir,
			 wb_host_is_local(h) ? "" : " on ", wb_host_is_local(h) ? "" : wb_host_name(h),
			 strerror(-r));
		dir[0] = '\0';
		return record_error(c, err);
	}
	return 0;
}

/* The cell's private directories: configs, daemon logs, control sockets. */
static int cell_dir(struct cell *c)
{
	const struct wb_lab_end *ap = c->x->ops->end(c->x->lab, WB_LAB_AP);
	const struct wb_lab_end *sta = c->x->ops->end(c->x->lab, WB_LAB_STA);
	int r;

	c->dir_host = ap->host;
	r = cell_dir_on(c, ap->host, c->dir, sizeof(c->dir));
	if (r || sta->host == ap->host)
		return r;
	c->sta_dir_host = sta->host;
	return cell_dir_on(c, sta->host, c->sta_dir, sizeof(c->sta_dir));
}

/* 1. crypto mode, verified by reading back what the radio/driver now offers */
static int cell_crypto(struct cell *c)
{
	const struct wb_cell_ctx *x = c->x;
	struct wb_predict_input pi;
	struct wb_diag_input di;
	json_t *evidence = NULL;
	char err[CELL_ERR_MAX];
	int r;

	if (wb_cancel_check(x->cancel))
		return -ECANCELED;
	r = x->ops->set_crypto(x->lab, c->pc->crypto, &evidence, err, sizeof(err));
	if (r < 0)
		json_decref(evidence); /* a backend may have said how far it got */
	if (r == -ECANCELED || (r < 0 && wb_cancel_check(x->cancel)))
		return -ECANCELED;
	if (r < 0) {
		diag_input(c, WB_DIAG_PHASE_DRIVER, r, &di);
		di.log = err;
		return record_failure(c, &di, NULL, "error");
	}
	json_object_set_new(c->json, "crypto_state", evidence);
	if (x->ops->ap_info(x->lab, &c->info) == 0) {
		pi.caps = &c->info.caps;
		pi.driver = c->info.driver;
		pi.mode = c->info.mode;
		pi.sim = c->info.sim;
		wb_predict(&pi, c->pc->security->profile, &c->pred);
		c->have_pred = true;
		json_object_set_new(c->json, "prediction", wb_prediction_to_json(&c->pred));
	}
	return wb_cancel_check(x->cancel) ? -ECANCELED : 0;
}

/* The classifier's view of the AP radio, from the cell's prediction. */
static void diag_radio(const struct cell *c, struct wb_diag_input *di)
{
	if (!c->have_pred)
		return;
	di->ciphers = c->info.caps.ciphers;
	di->n_ciphers = c->info.caps.n_ciphers;
	di->driver_remedy = c->pred.remedy[0] ? c->pred.remedy : NULL;
}

/*
 * 2a. the AP as the lab starts it (an OpenWrt router's netifd): the cell's outcome when
 * it cannot run the profile ("unsupported") or the start failed (diagnosed from the
 * router's log lines, kept in cell.ap_provider.log: secret-free). Returns 0, 1, a
 * negative errno, or WB_LAB_AP_OWN (the cell starts hostapd itself).
 */
static int cell_ap_lab(struct cell *c)
{
	const struct wb_cell_ctx *x = c->x;
	struct wb_lab_ap_conf conf = { .sec = c->pc->security, .cell = c->pc->order,
				       .timeout_ms = x->timeouts.ap_start_ms };
	struct wb_lab_ap_outcome out = { 0 };
	struct wb_diag_input di;
	int r = x->ops->ap_start(x->lab, &conf, x->cancel, &out);

	if (r == WB_LAB_AP_OWN)
		return r;
	c->lab_ap = true;
	if (out.evidence && out.log)
		json_object_set_new(out.evidence, "log", json_string(out.log));
	if (out.evidence)
		json_object_set_new(c->json, "ap_provider", out.evidence);
	if (r == 0)
		json_object_set_new(c->json, "ap_start_ms", json_integer(out.enable_ms));
	if (r == -EOPNOTSUPP) {
		json_object_set_new(c->json, "diagnosis", json_pack("{s:s, s:s, s:s}", "code",
				    "unsupported", "message", out.reason, "remedy", ""));
		set_status(c->json, "unsupported");
		r = 1;
	} else if (r < 0 && r != -ECANCELED && r != -ENOMEM) {
		diag_input(c, WB_DIAG_PHASE_AP_START, r, &di);
		di.log = out.log;
		diag_radio(c, &di);
		r = record_failure(c, &di, c->have_pred ? &c->pred : NULL, "ap_start_failed");
	}
	free(out.log);
	return r;
}

/* 2. the AP, with the capture running from before its start */
static int cell_ap(struct cell *c)
{
	const struct wb_cell_ctx *x = c->x;
	const struct wb_lab_end *ap = x->ops->end(x->lab, WB_LAB_AP);
	struct wb_hostapd_opts ho;
	struct wb_diag_input di;
	char *log = NULL;
	int r;

	c->ap_phase = true;
	c->cap = capture_open(c);
	if (x->ops->ap_start && (r = cell_ap_lab(c)) != WB_LAB_AP_OWN)
		return r;
	wb_hostapd_opts_init(&ho);
	ho.host = ap->host;
	ho.netns = wb_cell_netns(ap);
	ho.dir = c->dir;
	ho.start_timeout_ms = wb_cell_ms(x->timeouts.ap_start_ms, WB_HOSTAPD_START_TIMEOUT_MS);
	ho.conf.ifname = ap->ifname;
	ho.conf.bridge = ap->bridge;
	ho.conf.group_rekey_s = c->x->sc->group_rekey_s;
	ho.conf.ptk_rekey_s = c->x->sc->ptk_rekey_s;
	fill_netcfg(c, &ho.conf.net);
	cell_debug(c, "crypto mode set; starting hostapd");
	r = wb_hostapd_start(&c->h, &ho, x->cancel);
	cell_debug(c, r == 0 ? "hostapd started" : "hostapd did not start");
	if (r == 0) {
		json_object_set_new(c->json, "ap_start_ms", json_integer(c->h.enable_ms));
		return 0;
	}
	if (r == -ECANCELED)
		return r;
	diag_input(c, WB_DIAG_PHASE_AP_START, r, &di);
	if (wb_hostapd_log(&c->h, &log) < 0)
		log = NULL;
	di.log = log;
	di.events = wb_hostapd_events(&c->h);
	diag_radio(c, &di);
	r = record_failure(c, &di, c->have_pred ? &c->pred : NULL, "ap_start_failed");
	free(log);
	return r;
}

/*
 * The effective crypto path per key on both ends (mac80211's debugfs through each end's
 * host), now that the keys exist: the crypto mode says what the driver was asked to do,
 * the keys what it does (rt2800 since 5.8 keeps a PMF station's keys in software even in
 * hwcrypt). crypto_state.keys = {ap, sta}; a reading that is unavailable says why.
 */
static void keys_fill(struct cell *c)
{
	const struct wb_cell_ctx *x = c->x;
	const struct wb_lab_end *ap = x->ops->end(x->lab, WB_LAB_AP);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	const struct wb_crypto_keys_opts o = { .cancel = x->cancel };
	json_t *state = json_object_get(c->json, "crypto_state"), *k_ap = NULL, *k_sta = NULL;

	if (!json_is_object(state))
		return;
	if (wb_crypto_keys_read(ap->host, ap->phy, &o, &k_ap) < 0)
		k_ap = NULL;
	if (wb_crypto_keys_read(sta->host, sta->phy, &o, &k_sta) < 0)
		k_sta = NULL;
	json_object_set_new(state, "keys", json_pack("{s:o?, s:o?}", "ap", k_ap, "sta", k_sta));
}

/* 3. the STA: start, connect, then what both sides say about the association */
static int cell_sta(struct cell *c)
{
	const struct wb_cell_ctx *x = c->x;
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	struct wb_wpas_opts wo;
	struct wb_diag_input di;
	struct wb_ap_sta ap_sta;
	char *log = NULL;
	int r;

	wb_wpas_opts_init(&wo);
	wo.host = sta->host;
	wo.netns = wb_cell_netns(sta);
	wo.dir = c->sta_dir[0] ? c->sta_dir : c->dir;
	wo.ifname = sta->ifname;
	fill_netcfg(c, &wo.conf.net);
	r = wb_wpas_start(&c->w, &wo, x->cancel);
	if (r == 0)
		r = wb_wpas_connect(&c->w, wb_cell_ms(x->timeouts.sta_connect_ms,
						      WB_CELL_STA_CONNECT_TIMEOUT_MS), x->cancel);
	if (r == -ECANCELED)
		return r;
	if (r < 0) {
		/* still running with its events attached: it started, the connection failed */
		diag_input(c, wb_daemon_started(&c->w.d) && c->w.d.ev ? WB_DIAG_PHASE_STA_CONNECT :
			   WB_DIAG_PHASE_STA_START, r, &di);
		if (wb_wpas_log(&c->w, &log) < 0)
			log = NULL;
		di.log = log;
		di.events = wb_wpas_events(&c->w);
		r = record_failure(c, &di, NULL, "assoc_failed");
		free(log);
		return r;
	}
	c->connected = true;
	if (wb_wpas_status(&c->w, &c->st) < 0)
		wb_warn("cell %zu: cannot read the station's STATUS", c->pc->order + 1);
	cell_debug(c, "station connected");
	association_fill(c->json, &c->w, &c->st, !c->lab_ap && c->st.address[0] &&
			 wb_hostapd_sta(&c->h, c->st.address, &ap_sta) == 0 ? &ap_sta : NULL);
	if (c->lab_ap && x->ops->ap_station && c->st.address[0])
		json_object_set_new(json_object_get(c->json, "association"), "ap_view",
				    x->ops->ap_station(x->lab, c->st.address));
	keys_fill(c);
	return 0;
}

/*
 * After the traffic: a measurement counts only if both daemons lived through it and the
 * station is still associated. A daemon that died or a link that dropped (a radio
 * removed, a deauth) is this cell's failure, with its diagnosis; the run goes on.
 */
static bool cell_health(struct cell *c)
{
	struct wb_wpas_status st;
	struct wb_diag_input di;
	char *log = NULL;

	diag_input(c, WB_DIAG_PHASE_MEASURE, -EIO, &di);
	if (!c->lab_ap && !wb_daemon_running(&c->h.d))
		di.ap_exit = wb_daemon_exit_code(&c->h.d);
	if (!wb_daemon_running(&c->w.d))
		di.sta_exit = wb_daemon_exit_code(&c->w.d);
	di.sta_associated = di.sta_exit < 0 && wb_wpas_status(&c->w, &st) == 0 &&
			    !strcmp(st.wpa_state, "COMPLETED");
	if (di.ap_exit < 0 && di.sta_exit < 0 && di.sta_associated)
		return true;
	if (di.ap_exit >= 0 ? wb_hostapd_log(&c->h, &log) < 0 : wb_wpas_log(&c->w, &log) < 0)
		log = NULL;
	di.log = log;
	di.events = wb_wpas_events(&c->w);
	/* a station that is gone or not associated is not asked to disconnect */
	c->connected = di.sta_associated;
	record_failure(c, &di, NULL, "traffic_failed");
	free(log);
	return false;
}

/* The active check, after the measurement so it cannot disturb it. */
static int cell_active(struct cell *c)
{
	json_t *ac;

	if (!c->x->sc->forged_deauth)
		return 0;
	ac = wb_cell_forge(c->x, &c->w, c->cap, c->st.bssid, c->st.address);
	if (ac)
		json_object_set_new(c->json, "active_check", ac);
	return wb_cancel_check(c->x->cancel) ? -ECANCELED : 0;
}

/*
 * 7. teardown, on every path. The station's own deauth is part of the PMF evidence:
 * disconnect first, then stop the daemons and finish the capture. An interrupted cell is
 * dropped: nothing is waited for and its capture is discarded.
 */
static void cell_teardown(struct cell *c, bool cancelled)
{
	if (c->connected && !cancelled &&
	    wb_wpas_disconnect(&c->w, wb_cell_ms(c->x->timeouts.disconnect_ms,
						  WB_CELL_DISCONNECT_TIMEOUT_MS), c->x->cancel) < 0)
		wb_warn("cell %zu: the station did not disconnect cleanly", c->pc->order + 1);
	cell_debug(c, "station disconnected");
	wb_wpas_release(&c->w);
	cell_debug(c, "wpa_supplicant stopped");
	wb_hostapd_release(&c->h);
	if (c->lab_ap && c->x->ops->ap_stop)
		c->x->ops->ap_stop(c->x->lab);
	if (cancelled) {
		wb_capture_ops.close(c->cap);
	} else if (c->ap_phase) {
		cell_debug(c, "daemons stopped");
		capture_finish(c->cap, c->json);
		cell_debug(c, "capture finished");
	}
	c->cap = NULL;
	json_object_set_new(c->json, "wall_s", json_real((wb_now_ms() - c->t0) / 1000.0));
	if (c->dir[0])
		(void)wb_host_remove(c->dir_host, c->dir);
	if (c->sta_dir[0])
		(void)wb_host_remove(c->sta_dir_host, c->sta_dir);
}

int wb_cell_run(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell)
{
	struct cell c = { .x = x, .pc = pc, .json = cell, .t0 = wb_now_ms() };
	int r;

	wb_hostapd_init(&c.h);
	wb_wpas_init(&c.w);
	r = cell_dir(&c);
	if (r == 0)
		r = cell_crypto(&c);
	if (r == 0)
		r = cell_ap(&c);
	if (r == 0)
		r = cell_sta(&c);
	if (r == 0) {
		cell_debug(&c, "associated, keys read; measuring");
		r = wb_cell_measure(x, pc, cell, c.cap); /* 4-6. traffic, CPU and link */
		cell_debug(&c, "measured");
		if (r == 0 && cell_health(&c)) {
			r = wb_cell_soak(x, pc, &c.w, c.cap, cell, &c.connected);
			cell_debug(&c, "soak done");
			if (r == 0)
				r = wb_cell_reconnect(x, pc, &c.w, cell, &c.connected);
			cell_debug(&c, "reconnect cycles done");
			if (r == 0 && c.connected)
				r = cell_active(&c);
		}
	}
	cell_teardown(&c, r == -ECANCELED);
	return r < 0 ? r : 0;
}
