/*
 * The real lab with an OpenWrt AP (lab.ap.kind "openwrt", owrt.h): at open, the router's
 * /etc/config/wireless is read and kept in the state record before anything changes (and
 * copied into wbench's remote private directory); each cell's AP is a UCI wifi-iface
 * section "wbench" that netifd starts with `wifi up RADIO`, watched until the BSS is
 * enabled and has stayed so for a settle window; the crypto switch takes the radio down
 * first; close writes the original back byte for byte and brings the radio up as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbench/lab/lab_real_i.h"
#include "wbench/lab/owrt.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

#define OWRT_CMD_TIMEOUT_MS 60000   /* `wifi up` runs the whole netifd setup */
#define OWRT_START_TIMEOUT_MS 120000 /* 19.07 gives up after its retries (~60 s) */
#define OWRT_SETTLE_MS 10000        /* hostapd can die ~8 s after "up" (real-labs.md §10) */
#define OWRT_POLL_MS 1000
#define OWRT_LOG_LINES "400"
#define OWRT_EVIDENCE_LINES 40
#define OWRT_WIRELESS_MAX (256u * 1024)

struct owrt {
	struct wb_owrt_uci uci;        /* the radio's wifi-device and its other wifi-ifaces */
	char *orig;                    /* /etc/config/wireless as found (ours; secret) */
	size_t orig_len;
	bool was_up;
	unsigned int rec;              /* the record's "uci" change, 0: none */
	char release[32];              /* DISTRIB_RELEASE, "" unknown */
	uint32_t feat;                 /* WB_OWRT_FEAT_* */
	char ifname[16];               /* netifd's interface of our section, after a start */
	char *pre[4];                  /* `wifi down RADIO`, before a module reload */
};

int owrt_step_run(struct wb_host *h, const char *hname, const struct wb_owrt_step *s,
		  char **out, char *err, size_t errlen)
{
	struct wb_host_exec x = { .timeout_ms = OWRT_CMD_TIMEOUT_MS, .input = s->input,
				  .input_len = s->input_len, .err = WB_HOST_STDERR_MERGE };
	char *text = NULL;
	int r = wb_host_run(h, s->argv, &x, &text, NULL);

	if (r != 0 && !s->may_fail) {
		char *nl = text ? strrchr(text, '\n') : NULL;

		while (nl && nl > text && nl[1] == '\0' && (*nl = '\0', (nl = strrchr(text, '\n'))))
			;
		wb_lab_fail(r < 0 ? r : -EIO, err, errlen, "'%s %s%s' on %s: %s", s->argv[0],
			    s->argv[1] ? s->argv[1] : "", s->argv[1] && s->argv[2] ? " ..." : "",
			    hname, r < 0 ? strerror(-r) :
			    text && *text ? (nl ? nl + 1 : text) : "failed");
		free(text);
		return r < 0 ? r : -EIO;
	}
	if (out)
		*out = text;
	else
		free(text);
	return 0;
}

int owrt_plan_run(struct wb_host *h, const char *hname, const struct wb_owrt_plan *p,
		  json_t *steps, char *err, size_t errlen)
{
	for (size_t i = 0; i < p->n; i++) {
		char *line = wb_owrt_plan_line(p, i, false);
		int r;

		if (steps && line)
			json_array_append_new(steps, json_string(line));
		free(line);
		if ((r = owrt_step_run(h, hname, &p->v[i], NULL, err, errlen)) < 0)
			return r;
	}
	return 0;
}

static int plan_run(struct wb_lab *l, struct wb_owrt_plan *p, json_t *steps, char *err,
		    size_t errlen)
{
	return owrt_plan_run(l->ap.host->h, l->ap.host->name, p, steps, err, errlen);
}

/* A read on the AP's host: its stdout, or NULL. */
static char *read_cmd(struct wb_lab *l, char *const argv[])
{
	struct wb_owrt_step s = { .may_fail = false };
	char *out = NULL, err[256];

	for (size_t i = 0; argv[i] && i < WB_OWRT_STEP_ARGS - 1; i++)
		s.argv[i] = argv[i];
	return owrt_step_run(l->ap.host->h, l->ap.host->name, &s, &out, err, sizeof(err)) == 0 ?
		out : NULL;
}

static void status_now(struct wb_lab *l, struct wb_owrt_status *st)
{
	char *t = read_cmd(l, (char *[]){ "ubus", "call", "network.wireless", "status", NULL });

	if (!t || wb_owrt_status_parse(t, l->ow->uci.radio, st) < 0)
		memset(st, 0, sizeof(*st));
	if (t)
		wb_secure_zero(t, strlen(t)); /* it quotes every section, keys too */
	free(t);
}

uint32_t owrt_features(struct wb_host *h)
{
	static const char *const f[] = { "-vsae", "-vowe", "-v11w" };
	static const uint32_t bit[] = { WB_OWRT_FEAT_SAE, WB_OWRT_FEAT_OWE, WB_OWRT_FEAT_11W };
	struct wb_host_exec x = { .timeout_ms = REAL_CMD_TIMEOUT_MS };
	uint32_t feat = 0;

	for (size_t i = 0; i < 3; i++) {
		int r = wb_host_run(h, (char *const[]){ "hostapd", (char *)f[i], NULL }, &x, NULL,
				    NULL);

		if (r < 0 || r == 127)
			return WB_OWRT_FEAT_UNKNOWN;
		if (r == 0)
			feat |= bit[i];
	}
	return feat;
}

void owrt_release(struct wb_host *h, char *out, size_t len)
{
	char *t = NULL;

	out[0] = '\0';
	if (wb_host_read_file(h, "/etc/openwrt_release", 4096, false, &t, NULL) == 0)
		wb_owrt_release_parse(t, out, len);
	free(t);
}

/* The original, read and recorded before the first change; a copy on the router. */
static int backup(struct wb_lab *l, struct owrt *o, char *err, size_t errlen)
{
	struct wb_owrt_plan p = { 0 };
	struct wb_owrt_status st;
	const char *dir = wb_host_ssh_remote_dir(l->ap.host->h);
	char copy[512];
	int r;

	r = wb_host_read_file(l->ap.host->h, WB_OWRT_WIRELESS, OWRT_WIRELESS_MAX, false,
			      &o->orig, &o->orig_len);
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "cannot read %s on %s: %s", WB_OWRT_WIRELESS,
				   l->ap.host->name, strerror(-r));
	status_now(l, &st);
	o->was_up = st.up;
	snprintf(copy, sizeof(copy), "%s/wireless.orig", dir ? dir : "");
	r = wb_lab_record_add(l->rec, wb_lab_change_uci(l->ap.host->name, o->uci.radio, o->orig,
							o->orig_len, o->was_up,
							dir ? copy : NULL), &o->rec);
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "cannot record %s (not UTF-8 text?): %s",
				   WB_OWRT_WIRELESS, strerror(-r));
	if (dir && wb_owrt_plan_backup(dir, &p) == 0 && plan_run(l, &p, NULL, err, errlen) < 0)
		wb_warn("lab: no copy of %s in %s: %s", WB_OWRT_WIRELESS, dir, err);
	wb_owrt_plan_release(&p);
	return 0;
}

int owrt_open(struct wb_lab *l, char *err, size_t errlen)
{
	struct owrt *o = calloc(1, sizeof(*o));
	char *show;
	int r;

	if (!(l->ow = o))
		return -ENOMEM;
	show = read_cmd(l, (char *[]){ "uci", "-q", "show", "wireless", NULL });
	if (!show)
		return wb_lab_fail(-EIO, err, errlen, "lab.ap: 'uci show wireless' failed on %s: "
				   "is it an OpenWrt router?", l->ap.host->name);
	r = wb_owrt_uci_parse(show, l->sc->lab.uci_radio, l->ap.radio.device, &o->uci);
	wb_secure_zero(show, strlen(show));
	free(show);
	if (r < 0)
		return wb_lab_fail(r, err, errlen, "lab.ap: %s%s%s on %s", r == -ENOENT ?
				   "no UCI wifi-device " : "too many wifi-ifaces on the radio",
				   r != -ENOENT ? "" : l->sc->lab.uci_radio ?
				   l->sc->lab.uci_radio : "with option path ",
				   r != -ENOENT || l->sc->lab.uci_radio ? "" : l->ap.radio.device,
				   l->ap.host->name);
	owrt_release(l->ap.host->h, o->release, sizeof(o->release));
	o->feat = owrt_features(l->ap.host->h);
	return backup(l, o, err, errlen);
}

/* The cell's UCI view of the scenario. */
static void iface_of(struct wb_lab *l, const struct wb_lab_ap_conf *c, struct wb_owrt_iface *f)
{
	const struct wb_scenario *sc = l->sc;

	memset(f, 0, sizeof(*f));
	f->radio = l->ow->uci.radio;
	f->network = sc->lab.uci_network ? sc->lab.uci_network : "lan";
	f->ssid = sc->ssid;
	f->ssid_len = sc->ssid_len;
	f->sec = c->sec->profile;
	f->passphrase = f->sec->passphrase ? sc->passphrase : NULL;
	f->channel = sc->lab.channel;
	f->beacon_prot = c->sec->beacon_protection;
	f->sae_pwe = c->sec->sae_pwe;
	f->group_rekey_s = sc->group_rekey_s;
	f->pair_rekey_s = sc->ptk_rekey_s;
	f->others = (const char *const *)l->ow->uci.others;
	f->n_others = l->ow->uci.n_others;
}

/* What the router's log says since @marker, and whether the BSS is up now. */
static void look(struct wb_lab *l, const char *marker, const char *ssid,
		 struct wb_owrt_status *st, struct wb_owrt_log *lg, bool *iw_ap, char **since)
{
	char *log, *iw, ifn[16];

	status_now(l, st);
	log = read_cmd(l, (char *[]){ "logread", "-l", OWRT_LOG_LINES, NULL });
	wb_owrt_log_scan(wb_owrt_log_since(log, marker), st->ifname, lg);
	free(*since);
	*since = log ? wb_owrt_log_evidence(wb_owrt_log_since(log, marker),
					    OWRT_EVIDENCE_LINES) : NULL;
	free(log);
	iw = read_cmd(l, (char *[]){ "iw", "dev", NULL });
	*iw_ap = iw && wb_owrt_iw_ap(iw, l->ap.radio.phy, ssid, ifn, sizeof(ifn));
	if (*iw_ap && !st->ifname[0])
		wb_strlcpy(st->ifname, ifn, sizeof(st->ifname));
	free(iw);
}

/* The wait: up, not pending, the BSS enabled, and still so after the settle window. */
static int wait_enabled(struct wb_lab *l, const char *marker, const struct wb_lab_ap_conf *c,
			struct wb_cancel *cancel, struct wb_lab_ap_outcome *out)
{
	struct wb_wait w, pace;
	struct wb_owrt_status st;
	struct wb_owrt_log lg;
	char ssid[WB_SCENARIO_SSID_MAX + 1];
	int64_t t0 = wb_now_ms(), ok_since = 0;
	bool iw_ap;
	int r;

	memcpy(ssid, l->sc->ssid, l->sc->ssid_len);
	ssid[l->sc->ssid_len] = '\0';
	wb_wait_init(&w, c->timeout_ms > 0 ? c->timeout_ms : OWRT_START_TIMEOUT_MS, cancel);
	for (;;) {
		look(l, marker, ssid, &st, &lg, &iw_ap, &out->log);
		json_object_set_new(out->evidence, "status", json_pack("{s:b, s:b, s:b, s:s}",
				    "up", st.up, "pending", st.pending, "retry_setup_failed",
				    st.retry_setup_failed, "ifname", st.ifname));
		if (lg.setup_failed[0])
			json_object_set_new(out->evidence, "setup_failed",
					    json_string(lg.setup_failed));
		if (st.retry_setup_failed)
			return -EIO;
		if (st.up && !st.pending && (lg.ap_enabled || iw_ap) && !lg.failed) {
			if (!ok_since)
				ok_since = wb_now_ms();
			if (wb_now_ms() - ok_since >= OWRT_SETTLE_MS) {
				wb_strlcpy(l->ow->ifname, st.ifname, sizeof(l->ow->ifname));
				out->enable_ms = ok_since - t0;
				return 0;
			}
		} else {
			ok_since = 0;
		}
		if (wb_wait_left_ms(&w) == 0)
			return -ETIMEDOUT;
		wb_wait_init(&pace, OWRT_POLL_MS < wb_wait_left_ms(&w) ? OWRT_POLL_MS :
			     wb_wait_left_ms(&w), cancel);
		if ((r = wb_wait_sleep(&pace)) < 0)
			return r;
	}
}

int owrt_ap_start(struct wb_lab *l, const struct wb_lab_ap_conf *c, struct wb_cancel *cancel,
		  struct wb_lab_ap_outcome *out)
{
	struct wb_owrt_plan p = { 0 };
	struct wb_owrt_iface f;
	char marker[96], err[512];
	json_t *steps = json_array();
	int r;

	out->evidence = json_pack("{s:s, s:s, s:s, s:o}", "provider", "openwrt", "radio",
				  l->ow->uci.radio, "release", l->ow->release, "steps", steps);
	iface_of(l, c, &f);
	if (wb_owrt_unsupported(&f, l->ow->release, l->ow->feat, out->reason,
				sizeof(out->reason)))
		return -EOPNOTSUPP;
	snprintf(marker, sizeof(marker), "wbench-%d-cell-%zu-%lld", (int)getpid(), c->cell,
		 (long long)wb_now_ms());
	json_object_set_new(out->evidence, "marker", json_string(marker));
	if (wb_cancel_check(cancel))
		return -ECANCELED;
	r = wb_owrt_plan_apply(&f, marker, &p);
	if (r == 0)
		r = plan_run(l, &p, steps, err, sizeof(err));
	wb_owrt_plan_release(&p);
	if (r == -EINVAL || r == -ENOMEM)
		return r == -EINVAL ? (snprintf(out->reason, sizeof(out->reason), "the SSID or "
						"passphrase cannot be written through uci"),
				       -EOPNOTSUPP) : r;
	if (r < 0) {
		free(out->log);
		out->log = strdup(err);
		return r;
	}
	return wait_enabled(l, marker, c, cancel, out);
}

void owrt_ap_stop(struct wb_lab *l)
{
	struct wb_owrt_plan p = { 0 };
	char err[512];

	if (wb_owrt_plan_stop(l->ow->uci.radio, &p) == 0 && plan_run(l, &p, NULL, err,
								       sizeof(err)) < 0)
		wb_warn("lab: %s", err);
	wb_owrt_plan_release(&p);
}

json_t *owrt_ap_station(struct wb_lab *l, const char *mac)
{
	char obj[64], *t;
	json_t *clients, *o = json_object();
	int mfp;

	if (!o || !l->ow->ifname[0])
		return o;
	snprintf(obj, sizeof(obj), "hostapd.%s", l->ow->ifname);
	t = read_cmd(l, (char *[]){ "ubus", "call", obj, "get_clients", NULL });
	clients = t ? wb_owrt_clients_parse(t) : NULL;
	free(t);
	if (clients && json_object_get(clients, mac))
		json_object_set(o, "get_clients", json_object_get(clients, mac));
	json_decref(clients);
	t = read_cmd(l, (char *[]){ "iw", "dev", l->ow->ifname, "station", "dump", NULL });
	mfp = t ? wb_owrt_station_mfp(t, mac) : -1;
	free(t);
	if (mfp >= 0)
		json_object_set_new(o, "iw_mfp", json_boolean(mfp));
	return o;
}

char *const *owrt_switch_pre(struct wb_lab *l)
{
	struct owrt *o = l->ow;

	o->pre[0] = "wifi";
	o->pre[1] = "down";
	o->pre[2] = o->uci.radio;
	o->pre[3] = NULL;
	return o->pre;
}

json_t *owrt_environment(const struct wb_lab *l)
{
	const struct owrt *o = l->ow;

	return json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "kind", "openwrt",
			 "release", o->release, "radio", o->uci.radio, "hostapd_sae",
			 !!(o->feat & WB_OWRT_FEAT_SAE), "hostapd_owe",
			 !!(o->feat & WB_OWRT_FEAT_OWE), "hostapd_11w",
			 !!(o->feat & WB_OWRT_FEAT_11W), "radio_was_up", o->was_up,
			 "iperf3_on_router", wb_scenario_lab_peer_on_router(&l->sc->lab));
}

void owrt_close(struct wb_lab *l)
{
	struct owrt *o = l->ow;
	struct wb_owrt_plan p = { 0 };
	char err[512];
	int r;

	if (!o)
		return;
	if (o->rec && o->orig) {
		r = wb_owrt_plan_restore(o->uci.radio, o->orig, o->orig_len, o->was_up, &p);
		if (r == 0)
			r = plan_run(l, &p, NULL, err, sizeof(err));
		if (r == 0)
			(void)wb_lab_record_done(l->rec, o->rec);
		else
			wb_err("lab: cannot restore %s on %s: %s (the state record keeps it: run "
			       "'wbench cleanup')", WB_OWRT_WIRELESS, l->ap.host->name,
			       r == -ENOMEM ? "out of memory" : err);
		wb_owrt_plan_release(&p);
	}
	if (o->orig)
		wb_secure_zero(o->orig, o->orig_len);
	free(o->orig);
	wb_owrt_uci_release(&o->uci);
	free(o);
	l->ow = NULL;
}

int wb_owrt_undo(struct wb_host *h, const char *hname, const json_t *c, bool dry_run,
		 char *msg, size_t len)
{
	const char *radio = json_string_value(json_object_get(c, "radio"));
	const json_t *content = json_object_get(c, "content");
	bool was_up = json_is_true(json_object_get(c, "was_up"));
	struct wb_owrt_plan p = { 0 };
	char err[512];
	int r;

	if (!radio || !json_is_string(content))
		return wb_lab_fail(-EPROTO, msg, len, "uci: a change without radio or content");
	if (dry_run)
		return wb_lab_fail(0, msg, len, "uci: would write back %s on %s (%zu bytes, over "
				   "stdin), uci revert wireless, wifi %s %s", WB_OWRT_WIRELESS,
				   hname, json_string_length(content), was_up ? "up" : "down",
				   radio);
	r = wb_owrt_plan_restore(radio, json_string_value(content), json_string_length(content),
				 was_up, &p);
	if (r == 0)
		r = owrt_plan_run(h, hname, &p, NULL, err, sizeof(err));
	wb_owrt_plan_release(&p);
	if (r < 0)
		return wb_lab_fail(r, msg, len, "uci: cannot restore %s on %s: %s",
				   WB_OWRT_WIRELESS, hname, r == -ENOMEM ? "out of memory" : err);
	return wb_lab_fail(0, msg, len, "uci: %s on %s written back, wifi %s %s",
			   WB_OWRT_WIRELESS, hname, was_up ? "up" : "down", radio);
}
