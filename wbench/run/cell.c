/* One cell: crypto mode, AP, STA, measurement, PMF evidence, teardown. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collectors/capture.h"
#include "wbench/run/cell_i.h"
#include "wbench/diag/diagnose.h"
#include "wbench/lib/log.h"
#include "wbench/diag/predict.h"
#include "wbench/lib/util.h"

/* Bounded waits; the VM runs under software emulation, so they are generous. */
#define AP_START_TIMEOUT_MS 60000
#define STA_CONNECT_TIMEOUT_MS 90000
#define DISCONNECT_TIMEOUT_MS 10000

static void set_status(json_t *cell, const char *status)
{
	json_object_set_new(cell, "status", json_string(status));
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

static void fill_netcfg(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
			struct wb_netcfg *n)
{
	n->sec = pc->security->profile;
	n->ssid = x->sc->ssid;
	n->ssid_len = x->sc->ssid_len;
	n->passphrase = pc->security->profile->passphrase ? x->sc->passphrase : NULL;
	n->channel = x->sc->lab.channel;
	n->beacon_prot = pc->security->beacon_protection;
	n->sae_pwe = pc->security->sae_pwe >= 0 ? pc->security->sae_pwe : WB_NETCFG_SAE_PWE_DEFAULT;
}

/* Opens the capture before hostapd: PMF evidence starts with the BSS start. */
static struct wb_collector *capture_open(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
					 char *ssid_buf)
{
	const char *sniffer = x->ops->sniffer(x->lab);
	struct wb_capture_cfg cc = { 0 };
	struct wb_collector_cfg cfg = { .label = "sniffer" };
	struct wb_collector *c = NULL;
	char path[4096];
	int r;

	if (!sniffer)
		return NULL;
	cfg.ifname = sniffer;
	cfg.priv = &cc;
	cc.full = x->sc->capture_full;
	/* PSK (also sae-mixed's PSK stations): the verifier derives the keys from the
	 * passphrase and checks MICs; SAE keys cannot be derived from a capture. */
	if (pc->security->profile->passphrase && strstr(pc->security->profile->key_mgmt, "PSK") &&
	    !memchr(x->sc->ssid, 0, x->sc->ssid_len)) {
		memcpy(ssid_buf, x->sc->ssid, x->sc->ssid_len);
		ssid_buf[x->sc->ssid_len] = '\0';
		cc.ssid = ssid_buf;
		cc.passphrase = x->sc->passphrase;
	}
	if (x->capture_dir) {
		char mode[96];

		snprintf(path, sizeof(path), "%s/cell-%03zu-%s.pcap", x->capture_dir, pc->order,
			 wb_plan_mode_key(pc, mode, sizeof(mode)));
		for (char *p = path + strlen(x->capture_dir) + 1; *p; p++)
			if (*p == '/' || *p == '+')
				*p = *p == '/' ? '_' : '-';
		cc.save_path = path;
	}
	r = wb_capture_ops.open(&cfg, &c);
	if (r < 0) {
		wb_warn("cannot capture on '%s': %s", sniffer, strerror(-r));
		return NULL;
	}
	return c;
}

static void capture_finish(struct wb_collector *c, json_t *cell)
{
	json_t *res = NULL, *pmf;

	if (!c) {
		json_object_set_new(cell, "pmf", json_pack("{s:s, s:s}", "verdict", "n/a",
							   "note", "no capture in this lab"));
		return;
	}
	if (wb_capture_ops.stop(c) < 0)
		wb_warn("capture: stop failed");
	if (wb_capture_ops.result(c, &res) == 0 && res) {
		pmf = json_object_get(res, "pmf");
		if (pmf)
			json_object_set(cell, "pmf", pmf);
		json_object_del(res, "pmf");
		json_object_set_new(cell, "capture", res);
	}
	wb_capture_ops.close(c);
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

int wb_cell_run(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell)
{
	const struct wb_lab_end *ap = x->ops->end(x->lab, WB_LAB_AP);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	struct wb_lab_ap_info info;
	struct wb_prediction pred;
	struct wb_predict_input pi;
	struct wb_hostapd h;
	struct wb_wpas w;
	struct wb_hostapd_opts ho;
	struct wb_wpas_opts wo;
	struct wb_wpas_status st;
	struct wb_ap_sta ap_sta;
	struct wb_diag_input di;
	struct wb_diagnosis d;
	struct wb_collector *cap = NULL;
	json_t *evidence = NULL;
	char err[512], celldir[256], ssid_buf[40], *log = NULL;
	int64_t t0 = wb_now_ms();
	bool have_pred = false, connected = false;
	int r, ret = 0;

	wb_hostapd_init(&h);
	wb_wpas_init(&w);
	if (snprintf(celldir, sizeof(celldir), "%s/cell-%zu", x->dir, pc->order) >=
	    (int)sizeof(celldir)) {
		snprintf(err, sizeof(err), "run directory path too long (TMPDIR)");
		celldir[0] = '\0';
		goto error;
	}
	if (mkdir(celldir, 0700) < 0 && errno != EEXIST) {
		snprintf(err, sizeof(err), "cannot create '%.200s': %s", celldir, strerror(errno));
		goto error;
	}

	/* 1. crypto mode, verified by reading back what the radio/driver now offers */
	r = x->ops->set_crypto(x->lab, pc->crypto, &evidence, err, sizeof(err));
	if (r < 0) {
		wb_diag_input_init(&di);
		di.phase = WB_DIAG_PHASE_DRIVER;
		di.result = r;
		di.sec = pc->security->profile;
		di.log = err;
		if (wb_diagnose(&di, &d) == 0)
			json_object_set_new(cell, "diagnosis", diagnosis_json(&d, NULL));
		set_status(cell, "error");
		goto out;
	}
	json_object_set_new(cell, "crypto_state", evidence);
	r = x->ops->ap_info(x->lab, &info);
	if (r == 0) {
		pi.caps = &info.caps;
		pi.driver = info.driver;
		pi.mode = info.mode;
		pi.sim = info.sim;
		wb_predict(&pi, pc->security->profile, &pred);
		have_pred = true;
		json_object_set_new(cell, "prediction", wb_prediction_to_json(&pred));
	}
	if (wb_cancel_check(x->cancel))
		goto cancelled;

	cap = capture_open(x, pc, ssid_buf);

	/* 2. the AP */
	wb_hostapd_opts_init(&ho);
	ho.host = ap->host;
	ho.netns = ap->netns_path;
	ho.dir = celldir;
	ho.start_timeout_ms = AP_START_TIMEOUT_MS;
	ho.conf.ifname = ap->ifname;
	fill_netcfg(x, pc, &ho.conf.net);
	wb_debug("cell %zu: crypto mode set after %lld ms; starting hostapd", pc->order + 1,
		 (long long)(wb_now_ms() - t0));
	r = wb_hostapd_start(&h, &ho, x->cancel);
	wb_debug("cell %zu: hostapd start returned %d after %lld ms", pc->order + 1, r,
		 (long long)(wb_now_ms() - t0));
	if (r == -ECANCELED)
		goto cancelled;
	if (r < 0) {
		wb_diag_input_init(&di);
		di.phase = WB_DIAG_PHASE_AP_START;
		di.result = r;
		di.sec = pc->security->profile;
		if (wb_hostapd_log(&h, &log) < 0)
			log = NULL;
		di.log = log;
		di.events = wb_hostapd_events(&h);
		if (have_pred) {
			di.ciphers = info.caps.ciphers;
			di.n_ciphers = info.caps.n_ciphers;
			di.driver_remedy = pred.remedy[0] ? pred.remedy : NULL;
		}
		if (wb_diagnose(&di, &d) == 0)
			json_object_set_new(cell, "diagnosis", diagnosis_json(&d, have_pred ? &pred : NULL));
		set_status(cell, "ap_start_failed");
		goto teardown;
	}
	json_object_set_new(cell, "ap_start_ms", json_integer(h.enable_ms));

	/* 3. the STA */
	wb_wpas_opts_init(&wo);
	wo.host = sta->host;
	wo.netns = sta->netns_path;
	wo.dir = celldir;
	wo.ifname = sta->ifname;
	fill_netcfg(x, pc, &wo.conf.net);
	r = wb_wpas_start(&w, &wo, x->cancel);
	if (r == 0)
		r = wb_wpas_connect(&w, STA_CONNECT_TIMEOUT_MS, x->cancel);
	if (r == -ECANCELED)
		goto cancelled;
	if (r < 0) {
		wb_diag_input_init(&di);
		di.phase = wb_daemon_started(&w.d) && w.d.ev ? WB_DIAG_PHASE_STA_CONNECT :
			WB_DIAG_PHASE_STA_START;
		di.result = r;
		di.sec = pc->security->profile;
		if (wb_wpas_log(&w, &log) < 0)
			log = NULL;
		di.log = log;
		di.events = wb_wpas_events(&w);
		if (wb_diagnose(&di, &d) == 0)
			json_object_set_new(cell, "diagnosis", diagnosis_json(&d, NULL));
		set_status(cell, "assoc_failed");
		goto teardown;
	}
	connected = true;
	memset(&st, 0, sizeof(st));
	if (wb_wpas_status(&w, &st) < 0)
		wb_warn("cell %zu: cannot read the station's STATUS", pc->order + 1);
	association_fill(cell, &w, &st,
			 st.address[0] && wb_hostapd_sta(&h, st.address, &ap_sta) == 0 ? &ap_sta : NULL);

	/* 4-6. traffic, CPU and link over the measured window */
	r = wb_cell_measure(x, pc, cell, cap);
	if (r == -ECANCELED)
		goto cancelled;
	if (r < 0) {
		ret = r;
		goto teardown;
	}

	/* the active check, after the measurement so it cannot disturb it */
	if (x->sc->forged_deauth) {
		json_t *ac = wb_cell_forge(x, &w, cap, st.bssid, st.address);

		if (ac)
			json_object_set_new(cell, "active_check", ac);
		if (wb_cancel_check(x->cancel))
			goto cancelled;
	}

teardown:
	/* 7. the station's own deauth is part of the PMF evidence: disconnect first */
	if (connected && wb_wpas_disconnect(&w, DISCONNECT_TIMEOUT_MS, x->cancel) < 0)
		wb_warn("cell %zu: the station did not disconnect cleanly", pc->order + 1);
	wb_wpas_release(&w);
	wb_hostapd_release(&h);
	wb_debug("cell %zu: daemons stopped after %lld ms", pc->order + 1,
		 (long long)(wb_now_ms() - t0));
	capture_finish(cap, cell);
	cap = NULL;
	wb_debug("cell %zu: capture finished after %lld ms", pc->order + 1,
		 (long long)(wb_now_ms() - t0));
	goto out;

error:
	json_object_set_new(cell, "diagnosis", json_pack("{s:s, s:s, s:s}", "code", "error",
							  "message", err, "remedy", ""));
	set_status(cell, "error");
	goto out;

cancelled:
	ret = -ECANCELED;
	wb_wpas_release(&w);
	wb_hostapd_release(&h);
	if (cap)
		wb_capture_ops.close(cap);
out:
	json_object_set_new(cell, "wall_s", json_real((wb_now_ms() - t0) / 1000.0));
	free(log);
	if (celldir[0])
		wb_rm_rf(celldir);
	return ret;
}
