/*
 * The OpenWrt AP (wbench/lab/owrt.h): the exact router commands of each phase, per
 * security profile and crypto mode, and their undo, as data; the same steps through a
 * recording host (argv and stdin as the router would get them); the parsers of what a
 * 19.07 router says; its logread excerpts (tests/fixtures/owrt: the two of
 * tools/openwrt-userland/README.md with logread's timestamps) through the classifier.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "tests/unit/fixture.h"
#include "wbench/diag/diagnose.h"
#include "wbench/host/host_i.h"
#include "wbench/lab/lab_real_i.h"
#include "wbench/lab/owrt.h"
#include "wbench/lib/util.h"
#include "wbench/scenario/scenario.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/wifi/drivers.h"
#include "wbench/wifi/security.h"

static const char *const others[] = { "default_radio0", "guest" };

static void iface(struct wb_owrt_iface *f, const char *profile)
{
	memset(f, 0, sizeof(*f));
	f->radio = "radio0";
	f->network = "lan";
	f->ssid = (const uint8_t *)"wbtest";
	f->ssid_len = 6;
	f->sec = wb_security_find(profile);
	f->passphrase = f->sec->passphrase ? "secretpass123" : NULL;
	f->channel = 6;
	f->sae_pwe = -1;
	f->others = others;
	f->n_others = 2;
}

/* The whole plan, one line per step, stdin shown. */
static char *plan_text(const struct wb_owrt_plan *p)
{
	size_t cap = 4096, len = 0;
	char *out = calloc(1, cap);

	for (size_t i = 0; i < p->n; i++) {
		char *l = wb_owrt_plan_line(p, i, true);

		assert_non_null(l);
		while (len + strlen(l) + 2 > cap)
			out = realloc(out, cap *= 2);
		len += (size_t)sprintf(out + len, "%s%s\n", l, p->v[i].may_fail ? " [may fail]" : "");
		free(l);
	}
	return out;
}

#define BATCH_HEAD \
	"uci batch <<STDIN\n" \
	"set wireless.wbench=wifi-iface\n" \
	"delete wireless.wbench\n" \
	"set wireless.wbench='wifi-iface'\n" \
	"set wireless.wbench.device='radio0'\n" \
	"set wireless.wbench.mode='ap'\n" \
	"set wireless.wbench.network='lan'\n" \
	"set wireless.wbench.ssid='wbtest'\n"
#define BATCH_TAIL \
	"set wireless.wbench.disabled='0'\n" \
	"set wireless.default_radio0.disabled='1'\n" \
	"set wireless.guest.disabled='1'\n" \
	"set wireless.radio0.disabled='0'\n" \
	"set wireless.radio0.channel='6'\n" \
	"\n" \
	"uci commit wireless\n" \
	"logger -t wbench MARK\n" \
	"wifi up radio0\n"

static void test_apply_per_profile(void **state)
{
	static const struct {
		const char *profile, *lines;
	} t[] = {
		{ "psk2", "set wireless.wbench.encryption='psk2+ccmp'\n"
			  "set wireless.wbench.key='secretpass123'\n" },
		{ "psk2+pmf", "set wireless.wbench.encryption='psk2+ccmp'\n"
			      "set wireless.wbench.key='secretpass123'\n"
			      "set wireless.wbench.ieee80211w='1'\n" },
		{ "psk2+pmf-required", "set wireless.wbench.encryption='psk2+ccmp'\n"
				       "set wireless.wbench.key='secretpass123'\n"
				       "set wireless.wbench.ieee80211w='2'\n" },
		{ "sae", "set wireless.wbench.encryption='sae'\n"
			 "set wireless.wbench.key='secretpass123'\n" },
		{ "sae-mixed", "set wireless.wbench.encryption='sae-mixed'\n"
			       "set wireless.wbench.key='secretpass123'\n" },
		{ "owe", "set wireless.wbench.encryption='owe'\n" },
		{ "none", "set wireless.wbench.encryption='none'\n" },
		/* stability.wpa_group_rekey / wpa_ptk_rekey: hostapd.sh's names (real-labs.md 1.4) */
		{ "sae+rekey", "set wireless.wbench.encryption='sae'\n"
			       "set wireless.wbench.key='secretpass123'\n"
			       "set wireless.wbench.wpa_group_rekey='30'\n"
			       "set wireless.wbench.wpa_pair_rekey='45'\n" },
		{ "none+rekey", "set wireless.wbench.encryption='none'\n" }, /* no keys to renew */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct wb_owrt_plan p = { 0 };
		struct wb_owrt_iface f;
		char want[2048], *got, prof[32];

		snprintf(prof, sizeof(prof), "%s", t[i].profile);
		if (strchr(prof, '+') && !strcmp(strchr(prof, '+'), "+rekey")) {
			*strchr(prof, '+') = '\0';
			iface(&f, prof);
			f.group_rekey_s = 30;
			f.pair_rekey_s = 45;
		} else {
			iface(&f, prof);
		}
		assert_int_equal(wb_owrt_plan_apply(&f, "MARK", &p), 0);
		snprintf(want, sizeof(want), "%s%s%s", BATCH_HEAD, t[i].lines, BATCH_TAIL);
		got = plan_text(&p);
		if (strcmp(got, want))
			fprintf(stderr, "profile %s:\n%s", t[i].profile, got);
		assert_string_equal(got, want);
		/* the passphrase is on stdin only, never in an argv */
		for (size_t s = 0; s < p.n; s++)
			for (size_t a = 0; p.v[s].argv[a]; a++)
				assert_null(strstr(p.v[s].argv[a], "secretpass123"));
		free(got);
		wb_owrt_plan_release(&p);
	}
}

static void test_apply_quoting_and_limits(void **state)
{
	struct wb_owrt_plan p = { 0 };
	struct wb_owrt_iface f;
	char why[256], *l;

	(void)state;
	iface(&f, "psk2");
	f.ssid = (const uint8_t *)"it's ok";
	f.ssid_len = 7;
	assert_int_equal(wb_owrt_plan_apply(&f, "M", &p), 0);
	assert_non_null(strstr(p.v[0].input, "set wireless.wbench.ssid='it'\\''s ok'\n"));
	l = wb_owrt_plan_line(&p, 0, false);
	snprintf(why, sizeof(why), "uci batch <stdin: %zu bytes>", strlen(p.v[0].input));
	assert_string_equal(l, why);
	free(l);
	wb_owrt_plan_release(&p);

	f.ssid = (const uint8_t *)"two\nlines";
	f.ssid_len = 9;
	assert_int_equal(wb_owrt_plan_apply(&f, "M", &p), -EINVAL);
	assert_true(wb_owrt_unsupported(&f, "19.07.7", WB_OWRT_FEAT_11W, why, sizeof(why)));
	assert_non_null(strstr(why, "newline"));

	/* 19.07: no beacon_prot, no sae_pwe; features decide SAE and OWE */
	iface(&f, "sae");
	assert_false(wb_owrt_unsupported(&f, "19.07.7", WB_OWRT_FEAT_SAE | WB_OWRT_FEAT_11W,
					 why, sizeof(why)));
	assert_true(wb_owrt_unsupported(&f, "19.07.7", WB_OWRT_FEAT_11W, why, sizeof(why)));
	assert_non_null(strstr(why, "hostapd -vsae"));
	f.sae_pwe = 1;
	assert_true(wb_owrt_unsupported(&f, "19.07.7", WB_OWRT_FEAT_SAE | WB_OWRT_FEAT_11W,
					why, sizeof(why)));
	assert_non_null(strstr(why, "sae_pwe"));
	assert_false(wb_owrt_unsupported(&f, "23.05.3", WB_OWRT_FEAT_SAE | WB_OWRT_FEAT_11W,
					 why, sizeof(why)));
	iface(&f, "psk2+pmf");
	f.beacon_prot = true;
	assert_true(wb_owrt_unsupported(&f, "19.07.7", WB_OWRT_FEAT_UNKNOWN, why, sizeof(why)));
	assert_non_null(strstr(why, "beacon"));
	iface(&f, "owe");
	assert_true(wb_owrt_unsupported(&f, "19.07.7", WB_OWRT_FEAT_SAE | WB_OWRT_FEAT_11W, why,
					sizeof(why)));
	assert_false(wb_owrt_release_old("SNAPSHOT"));
	assert_true(wb_owrt_release_old("18.06.9"));
}

static void test_stop_restore_crypto_plans(void **state)
{
	struct wb_owrt_plan p = { 0 };
	const char orig[] = "config wifi-device 'radio0'\n\toption path 'platform/10180000.wmac'\n";
	char *got;

	(void)state;
	assert_int_equal(wb_owrt_plan_stop("radio0", &p), 0);
	assert_int_equal(wb_owrt_plan_backup("/tmp/wbench-host.abc", &p), 0);
	got = plan_text(&p);
	assert_string_equal(got, "wifi down radio0 [may fail]\n"
				 "cp -p /etc/config/wireless /tmp/wbench-host.abc/wireless.orig\n");
	free(got);
	wb_owrt_plan_release(&p);

	assert_int_equal(wb_owrt_plan_restore("radio0", orig, strlen(orig), true, &p), 0);
	got = plan_text(&p);
	assert_string_equal(got,
		"uci revert wireless [may fail]\n"
		"sh -c f=/etc/config/wireless; t=/etc/config/.wireless.wbench; cp -p \"$f\" \"$t\" "
		"2>/dev/null; cat > \"$t\" && mv -f \"$t\" \"$f\" <<STDIN\n"
		"config wifi-device 'radio0'\n\toption path 'platform/10180000.wmac'\n\n"
		"uci revert wireless [may fail]\n"
		"wifi up radio0\n");
	free(got);
	wb_owrt_plan_release(&p);
	assert_int_equal(wb_owrt_plan_restore("radio0", orig, strlen(orig), false, &p), 0);
	assert_string_equal(p.v[3].argv[1], "down");
	wb_owrt_plan_release(&p);
}

/* The module switch for rt2800soc on OpenWrt: the driver table's insmod plan. */
static void test_crypto_flip_rt2800soc(void **state)
{
	const struct wb_driver *d = wb_driver_lookup("rt2800_wmac", "rt2800soc", "/nonexistent");
	struct wb_driver_plan_opts o = { .loader = WB_DRIVER_LOADER_INSMOD };
	struct wb_driver_plan plan;
	char buf[256];

	(void)state;
	assert_non_null(d);
	assert_int_equal(wb_driver_plan_set(d, &o, "1", &plan), 0);
	assert_int_equal(plan.n, 2);
	assert_string_equal(wb_driver_step_format(&plan.steps[0], buf, sizeof(buf)), "rmmod rt2800soc");
	assert_string_equal(wb_driver_step_format(&plan.steps[1], buf, sizeof(buf)),
			    "insmod rt2800soc nohwcrypt=1");
	assert_int_equal(wb_driver_plan_set(d, &o, "0", &plan), 0);
	assert_string_equal(wb_driver_step_format(&plan.steps[1], buf, sizeof(buf)),
			    "insmod rt2800soc nohwcrypt=0");
}

/* ---- a recording host: what the router would get, argv and stdin -------------------- */

struct rec_host {
	char log[16384];
	size_t len;
	int fail_wifi_up;
};

static int rec_run(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		   char **out, size_t *out_len)
{
	struct rec_host *r = h->priv;

	for (size_t i = 0; argv[i]; i++)
		r->len += (size_t)snprintf(r->log + r->len, sizeof(r->log) - r->len, "%s%s",
					   i ? "|" : "", argv[i]);
	if (x->input)
		r->len += (size_t)snprintf(r->log + r->len, sizeof(r->log) - r->len, " <%.*s>",
					   (int)x->input_len, (const char *)x->input);
	r->len += (size_t)snprintf(r->log + r->len, sizeof(r->log) - r->len, "\n");
	if (out)
		*out = strdup(r->fail_wifi_up ? "Command failed: Not found\n" : "");
	if (out_len)
		*out_len = 0;
	return r->fail_wifi_up && !strcmp(argv[0], "wifi") && !strcmp(argv[1], "up") ? 1 : 0;
}

static const struct wb_host_ops rec_ops = { .kind = "rec", .run = rec_run };

static void test_undo_through_host(void **state)
{
	struct rec_host r = { .len = 0 };
	struct wb_host *h;
	const char orig[] = "config wifi-iface 'default_radio0'\n\toption key 'it''s'\n";
	json_t *c = wb_lab_change_uci("router", "radio0", orig, strlen(orig), true, NULL);
	char msg[512];

	(void)state;
	assert_non_null(c);
	assert_int_equal(wb_host_new(&rec_ops, "router", false, &r, &h), 0);
	assert_int_equal(wb_owrt_undo(h, "router", c, true, msg, sizeof(msg)), 0);
	assert_int_equal(r.len, 0); /* dry run: nothing ran */
	assert_non_null(strstr(msg, "would write back /etc/config/wireless"));
	assert_int_equal(wb_owrt_undo(h, "router", c, false, msg, sizeof(msg)), 0);
	assert_string_equal(r.log,
		"uci|revert|wireless\n"
		"sh|-c|f=/etc/config/wireless; t=/etc/config/.wireless.wbench; cp -p \"$f\" \"$t\" "
		"2>/dev/null; cat > \"$t\" && mv -f \"$t\" \"$f\" <config wifi-iface "
		"'default_radio0'\n\toption key 'it''s'\n>\n"
		"uci|revert|wireless\n"
		"wifi|up|radio0\n");
	/* a step that may not fail stops the undo: the record keeps it */
	r.len = 0;
	r.log[0] = '\0';
	r.fail_wifi_up = 1;
	assert_int_equal(wb_owrt_undo(h, "router", c, false, msg, sizeof(msg)), -EIO);
	assert_non_null(strstr(msg, "'wifi up ...' on router: Command failed: Not found"));
	json_object_del(c, "content");
	assert_int_equal(wb_owrt_undo(h, "router", c, false, msg, sizeof(msg)), -EPROTO);
	json_decref(c);
	wb_host_free(h);
}

static void test_change_uci_needs_text(void **state)
{
	(void)state;
	assert_null(wb_lab_change_uci("router", "radio0", "\xff\xfe", 2, true, NULL));
}

/* ---- parsers ------------------------------------------------------------------------ */

static void test_status_parse(void **state)
{
	char *t = wbt_fixture_read("owrt/status-up.json");
	struct wb_owrt_status st;

	(void)state;
	/* netifd 19.07's duplicate "mode" key is accepted */
	assert_int_equal(wb_owrt_status_parse(t, "radio0", &st), 0);
	assert_true(st.found && st.up && !st.pending && !st.retry_setup_failed);
	assert_string_equal(st.ifname, "wlan0");
	assert_int_equal(wb_owrt_status_parse(t, "radio1", &st), 0);
	assert_false(st.found);
	free(t);
	assert_int_equal(wb_owrt_status_parse("{\"radio0\":{\"up\":false,\"pending\":true}}",
					      "radio0", &st), 0);
	assert_true(st.found && !st.up && st.pending);
	assert_int_equal(wb_owrt_status_parse("{\"radio0\":{\"up\":false,\"pending\":false,"
					      "\"retry_setup_failed\":true}}", "radio0", &st), 0);
	assert_true(st.retry_setup_failed);
	assert_int_equal(wb_owrt_status_parse("Command failed: Not found", "radio0", &st),
			 -EPROTO);
	assert_int_equal(wb_owrt_status_parse("[1]", "radio0", &st), -EPROTO);
}

static void test_clients_and_station(void **state)
{
	char *t = wbt_fixture_read("owrt/get_clients.json");
	json_t *c = wb_owrt_clients_parse(t), *s;
	const char dump[] =
		"Station aa:bb:cc:dd:ee:ff (on wlan0)\n\tinactive time:\t10 ms\n"
		"\tauthorized:\tyes\n\tMFP:\t\tyes\n"
		"Station 11:22:33:44:55:66 (on wlan0)\n\tMFP:\t\tno\n";

	(void)state;
	s = json_object_get(c, "aa:bb:cc:dd:ee:ff");
	assert_true(json_is_true(json_object_get(s, "mfp")));
	assert_true(json_is_true(json_object_get(s, "authorized")));
	assert_null(json_object_get(s, "aid"));
	json_decref(c);
	free(t);
	assert_null(wb_owrt_clients_parse("{}"));
	assert_int_equal(wb_owrt_station_mfp(dump, "aa:bb:cc:dd:ee:ff"), 1);
	assert_int_equal(wb_owrt_station_mfp(dump, "11:22:33:44:55:66"), 0);
	assert_int_equal(wb_owrt_station_mfp(dump, "02:00:00:00:00:00"), -1);
}

static void test_uci_parse(void **state)
{
	const char show[] =
		"wireless.radio0=wifi-device\n"
		"wireless.radio0.type='mac80211'\n"
		"wireless.radio0.path='platform/10180000.wmac'\n"
		"wireless.radio1=wifi-device\n"
		"wireless.radio1.path='pci0000:00/0000:00:00.0'\n"
		"wireless.default_radio0=wifi-iface\n"
		"wireless.default_radio0.device='radio0'\n"
		"wireless.guest=wifi-iface\n"
		"wireless.guest.device='radio0'\n"
		"wireless.wbench=wifi-iface\n"
		"wireless.wbench.device='radio0'\n"
		"wireless.default_radio1=wifi-iface\n"
		"wireless.default_radio1.device='radio1'\n";
	struct wb_owrt_uci u;

	(void)state;
	assert_int_equal(wb_owrt_uci_parse(show, NULL, "platform/10180000.wmac", &u), 0);
	assert_string_equal(u.radio, "radio0");
	assert_int_equal(u.n_others, 2);
	assert_string_equal(u.others[0], "default_radio0");
	assert_string_equal(u.others[1], "guest");
	assert_true(u.have_ours);
	wb_owrt_uci_release(&u);
	assert_int_equal(wb_owrt_uci_parse(show, "radio1", NULL, &u), 0);
	assert_string_equal(u.path, "pci0000:00/0000:00:00.0");
	assert_int_equal(u.n_others, 1);
	wb_owrt_uci_release(&u);
	assert_int_equal(wb_owrt_uci_parse(show, "radio7", NULL, &u), -ENOENT);
	assert_int_equal(wb_owrt_uci_parse(show, NULL, "platform/nothing", &u), -ENOENT);
}

static void test_iw_ap(void **state)
{
	const char iw[] =
		"phy#1\n\tInterface wlan1\n\t\tifindex 9\n\t\tssid wbtest\n\t\ttype managed\n"
		"phy#0\n\tInterface wlan0\n\t\tifindex 8\n\t\taddr 02:00:00:00:00:00\n"
		"\t\tssid wbtest\n\t\ttype AP\n\t\tchannel 1 (2412 MHz), width: 20 MHz\n";
	char ifn[16];

	(void)state;
	assert_true(wb_owrt_iw_ap(iw, "phy0", "wbtest", ifn, sizeof(ifn)));
	assert_string_equal(ifn, "wlan0");
	assert_false(wb_owrt_iw_ap(iw, "phy1", "wbtest", ifn, sizeof(ifn)));
	assert_false(wb_owrt_iw_ap(iw, "phy0", "other", ifn, sizeof(ifn)));
}

static void test_release(void **state)
{
	char r[32];

	(void)state;
	wb_owrt_release_parse("DISTRIB_ID='OpenWrt'\nDISTRIB_RELEASE='19.07.7'\n"
			      "DISTRIB_REVISION='r11306-c4a6851c72'\n", r, sizeof(r));
	assert_string_equal(r, "19.07.7");
	wb_owrt_release_parse("nothing\n", r, sizeof(r));
	assert_string_equal(r, "");
}

/* ---- logread, through the classifier ------------------------------------------------- */

static const uint32_t rt2800_hw[] = { WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP,
				      WB_CIPHER_CCMP_128 };

static void classify(const char *since, const char *profile, struct wb_diagnosis *d)
{
	struct wb_diag_input di;
	char *ev = wb_owrt_log_evidence(since, 40);

	wb_diag_input_init(&di);
	di.phase = WB_DIAG_PHASE_AP_START;
	di.result = -EIO;
	di.sec = wb_security_find(profile);
	di.log = ev;
	di.ciphers = rt2800_hw;
	di.n_ciphers = 4;
	di.driver_remedy = "reload rt2800soc with nohwcrypt=1 (software crypto)";
	assert_int_equal(wb_diagnose(&di, d), 0);
	free(ev);
}

/* 19.07 with SAE on a radio without BIP: no HOSTAPD_START_FAILED, hostapd dies later. */
static void test_log_sae_nobip(void **state)
{
	char *t = wbt_fixture_read("owrt/logread-sae-nobip.txt");
	const char *since = wb_owrt_log_since(t, "wbench-100-cell-1-5000");
	struct wb_owrt_log lg;
	struct wb_diagnosis d;

	(void)state;
	assert_non_null(since);
	wb_owrt_log_scan(since, "wlanmt7620", &lg);
	assert_true(lg.marker_seen && lg.failed && !lg.ap_enabled);
	assert_string_equal(lg.setup_failed, "");
	classify(since, "sae", &d);
	assert_string_equal(wb_diag_code_name(d.code), "no_bip_cipher");
	assert_string_equal(d.remedy, "reload rt2800soc with nohwcrypt=1 (software crypto)");
	free(t);
}

/* A synchronous failure: netifd's HOSTAPD_START_FAILED after hostapd's config error. */
static void test_log_start_failed(void **state)
{
	char *t = wbt_fixture_read("owrt/logread-start-failed.txt");
	const char *since = wb_owrt_log_since(t, "wbench-100-cell-2-6000");
	struct wb_owrt_log lg;
	struct wb_diagnosis d;

	(void)state;
	wb_owrt_log_scan(since, NULL, &lg);
	/* the AP-ENABLED before the marker is an earlier cell's */
	assert_true(lg.failed && !lg.ap_enabled);
	assert_string_equal(lg.setup_failed, "HOSTAPD_START_FAILED");
	classify(since, "psk2", &d);
	assert_string_equal(wb_diag_code_name(d.code), "ap_start_failed");
	assert_non_null(strstr(d.message, "ht_coex"));
	assert_null(strstr(d.message, "2026")); /* logread's timestamps are not quoted */
	free(t);
}

/* wpad-basic on 19.07: SAE rejected by the config parser (format of openwrt#17306). */
static void test_log_sae_rejected(void **state)
{
	static const char log[] =
		"Mon Dec  7 03:40:00 2026 user.notice wbench: M4\n"
		"Mon Dec  7 03:40:01 2026 daemon.err hostapd: Line 51: invalid key_mgmt 'SAE'\n"
		"Mon Dec  7 03:40:01 2026 daemon.err hostapd: 1 errors found in configuration file "
		"'/var/run/hostapd-phy0.conf'\n"
		"Mon Dec  7 03:40:01 2026 daemon.notice netifd: radio0 (4242): Device setup failed: "
		"HOSTAPD_START_FAILED\n";
	struct wb_owrt_log lg;
	struct wb_diagnosis d;

	(void)state;
	wb_owrt_log_scan(wb_owrt_log_since(log, "M4"), NULL, &lg);
	assert_string_equal(lg.setup_failed, "HOSTAPD_START_FAILED");
	classify(wb_owrt_log_since(log, "M4"), "sae", &d);
	assert_string_equal(wb_diag_code_name(d.code), "sae_unsupported");
}

/* A good start after the first failed one (/sbin/wifi sets the radio up twice); a line
 * that would hold the passphrase (made up here) never reaches the evidence. */
static void test_log_psk2_ok_and_no_secret(void **state)
{
	char *t = wbt_fixture_read("owrt/logread-psk2-ok.txt");
	const char *since = wb_owrt_log_since(t, "wbench-100-cell-3-7000");
	struct wb_owrt_log lg;
	char *ev;

	(void)state;
	wb_owrt_log_scan(since, "wlan0", &lg);
	assert_true(lg.ap_enabled && !lg.failed);
	ev = wb_owrt_log_evidence(since, 40);
	assert_null(strstr(ev, "secretpass123"));
	assert_non_null(strstr(ev, "wlan0: AP-ENABLED"));
	assert_null(strstr(ev, "mac80211:"));
	free(ev);
	ev = wb_owrt_log_evidence(since, 2);
	assert_string_equal(ev, "hostapd: wlan0: interface state COUNTRY_UPDATE->ENABLED\n"
			    "hostapd: wlan0: AP-ENABLED\n");
	free(ev);
	assert_null(wb_owrt_log_since(t, "no-such-marker"));
	/* a last line without its newline (found by fuzz_owrt) */
	ev = wb_owrt_log_evidence("hostapd:onaemnn.8 Mo8 Mo8", 40);
	assert_string_equal(ev, "hostapd:onaemnn.8 Mo8 Mo8\n");
	free(ev);
	free(t);
}

/* The example router's scenario with its peer replaced by @peer (JSON). */
static int router_scenario(const char *peer, struct wb_scenario **sc, char *err, size_t len)
{
	char *text = NULL, *at, *end, buf[16384];
	int r;

	assert_int_equal(wb_read_file("scenarios/lab-openwrt-mt7620.json", 1 << 20, &text, NULL), 0);
	at = strstr(text, "\"peer\": {");
	assert_non_null(at);
	end = strchr(at, '}');
	assert_non_null(end);
	snprintf(buf, sizeof(buf), "%.*s\"peer\": %s%s", (int)(at - text), text, peer, end + 1);
	free(text);
	r = wb_scenario_parse(buf, strlen(buf), "router.json", "scenarios", sc, err, len);
	if (r < 0)
		print_message("%s\n", err);
	return r;
}

/* iperf3 on the router only when asked: the peer named as the router itself. */
static void test_peer_on_router_only_when_asked(void **state)
{
	struct wb_scenario *sc = NULL;
	char err[512];

	(void)state;
	assert_int_equal(router_scenario("{ \"host\": \"local\", \"address\": \"192.168.1.10\" }",
					 &sc, err, sizeof(err)), 0);
	assert_false(wb_scenario_lab_peer_on_router(&sc->lab));
	wb_scenario_free(sc);
	assert_int_equal(router_scenario("{ \"host\": \"router\", \"address\": \"192.168.1.1\" }",
					 &sc, err, sizeof(err)), 0);
	assert_true(wb_scenario_lab_peer_on_router(&sc->lab));
	wb_scenario_free(sc);
	/* "ap" would be the AP's own address, which a port of the router's bridge has not */
	assert_int_equal(router_scenario("\"ap\"", &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	assert_non_null(strstr(err, "router.json: lab: missing required key 'peer'"));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply_per_profile),
		cmocka_unit_test(test_apply_quoting_and_limits),
		cmocka_unit_test(test_stop_restore_crypto_plans),
		cmocka_unit_test(test_crypto_flip_rt2800soc),
		cmocka_unit_test(test_undo_through_host),
		cmocka_unit_test(test_change_uci_needs_text),
		cmocka_unit_test(test_status_parse),
		cmocka_unit_test(test_clients_and_station),
		cmocka_unit_test(test_uci_parse),
		cmocka_unit_test(test_iw_ap),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_log_sae_nobip),
		cmocka_unit_test(test_log_start_failed),
		cmocka_unit_test(test_log_sae_rejected),
		cmocka_unit_test(test_log_psk2_ok_and_no_secret),
		cmocka_unit_test(test_peer_on_router_only_when_asked),
	};

	wbt_test_filter(argc, argv);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
