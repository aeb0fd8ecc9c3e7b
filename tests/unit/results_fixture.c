/*
 * Fixed data set over base.json's plan (2 crypto x {psk2, sae} x tcp x {up, down}, 3
 * repetitions), chosen so that hand-computed statistics are easy:
 * - hwcrypt/sae, both directions: every cell ap_start_failed, diagnosis no_bip_cipher (the MT7620 case)
 * - hwcrypt/psk2/tcp/up: 90, 94, 95 Mbit/s; AP busy 30, 35, 32 %
 * - nohwcrypt/sae/tcp/down: 20 and 22 Mbit/s, repetition 1 assoc_failed (sae_timeout)
 * - every other ok cell: (60 + 10 * mode + repetition) Mbit/s
 * CPU: AP busy as above or 40 + rep, softirq 10 + rep, max core 80 + rep; STA busy 20.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wbench/run/results_write.h"
#include "reports/report.h"
#include "wbench/lib/jsonv.h"
#include "reports/results.h"
#include "tests/unit/results_fixture.h"

char *wbt_src_path(const char *rel)
{
	const char *top = getenv("WBENCH_SRCDIR");
	char *p;

	if (asprintf(&p, "%s/%s", top && *top ? top : ".", rel) < 0)
		abort();
	return p;
}

struct wb_scenario *wbt_load_scenario(const char *rel)
{
	struct wb_scenario *sc = NULL;
	char err[512], *path = wbt_src_path(rel);

	if (wb_scenario_load(path, &sc, err, sizeof(err)))
		fail_msg("%s", err);
	free(path);
	return sc;
}

static json_t *cpu_host(double busy, double softirq, double max_core)
{
	return json_pack("{s:f, s:f, s:f, s:[{s:i, s:f, s:f}, {s:i, s:f, s:f}]}",
			 "busy_pct", busy, "softirq_pct", softirq, "max_core_busy_pct", max_core,
			 "per_core", "cpu", 0, "busy_pct", max_core, "softirq_pct", softirq,
			 "cpu", 1, "busy_pct", busy / 2, "softirq_pct", 0.0);
}

json_t *wbt_fixture_cell(const struct wb_plan_cell *c)
{
	static const double psk2_up[3] = { 90e6, 94e6, 95e6 }, psk2_up_busy[3] = { 30, 35, 32 };
	json_t *cell = wb_results_cell_new(c), *tp, *assoc;
	const char *sec = c->security->label;
	double bps, busy = 40 + c->repetition;
	bool hw = c->crypto == WB_CRYPTO_HW;
	bool up = c->direction == WB_SCENARIO_DIR_UP;

	assert_non_null(cell);
	if (hw && !strcmp(sec, "sae")) {
		json_object_set_new(cell, "status", json_string("ap_start_failed"));
		json_object_set_new(cell, "diagnosis",
				    json_pack("{s:s, s:s, s:s}", "code", "no_bip_cipher",
					      "summary", "no BIP cipher advertised in hwcrypt mode",
					      "remedy", "rt2800soc nohwcrypt=1"));
		return cell;
	}
	if (!hw && !strcmp(sec, "sae") && !up && c->repetition == 1) {
		json_object_set_new(cell, "status", json_string("assoc_failed"));
		json_object_set_new(cell, "diagnosis", json_pack("{s:s}", "code", "sae_timeout"));
		return cell;
	}
	if (hw && !strcmp(sec, "psk2") && up) {
		bps = psk2_up[c->repetition];
		busy = psk2_up_busy[c->repetition];
	} else if (!hw && !strcmp(sec, "sae") && !up) {
		bps = c->repetition == 0 ? 20e6 : 22e6;
	} else {
		bps = (60.0 + 10.0 * (double)c->mode + c->repetition) * 1e6;
	}
	json_object_set_new(cell, "status", json_string("ok"));
	tp = json_object_get(cell, "throughput");
	json_object_set_new(tp, "bits_per_second", json_real(bps));
	json_object_set_new(tp, "retransmits", json_integer(c->repetition));
	json_array_append_new(json_object_get(tp, "intervals"),
			      json_pack("{s:f, s:f, s:f, s:b}", "start_s", 0.0, "end_s", 1.0,
					"bits_per_second", bps, "omitted", 1));
	assoc = json_object_get(cell, "association");
	json_object_set_new(assoc, "time_ms", json_integer(120 + (json_int_t)c->mode));
	json_object_set_new(assoc, "key_mgmt", json_string(strcmp(sec, "sae") ? "WPA-PSK" : "SAE"));
	json_object_set_new(assoc, "pmf", json_integer(strcmp(sec, "sae") ? 0 : 2));
	json_object_set_new(assoc, "pairwise_cipher", json_string("CCMP"));
	json_object_set_new(json_object_get(cell, "cpu"), "ap",
			    cpu_host(busy, 10 + c->repetition, 80 + c->repetition));
	json_object_set_new(json_object_get(cell, "cpu"), "sta", cpu_host(20, 5, 25));
	json_object_set_new(cell, "link", json_pack("{s:i}", "signal_dbm", -30));
	return cell;
}

json_t *wbt_load_results(const char *rel)
{
	char err[512], *path = wbt_src_path(rel);
	json_t *doc = NULL;

	if (wb_results_load(path, &doc, err, sizeof(err)))
		fail_msg("%s", err);
	free(path);
	return doc;
}

char *wbt_between(const char *s, const char *from, const char *to)
{
	const char *a = strstr(s, from), *e;
	char *out;

	if (!a)
		fail_msg("'%s' not found", from);
	e = to ? strstr(a + strlen(from), to) : NULL;
	out = e ? strndup(a, (size_t)(e - a)) : strdup(a);
	assert_non_null(out);
	return out;
}

char *wbt_report_render(const struct wb_report_input *in, size_t n, const json_t *cmp, bool md)
{
	char err[256], *out = NULL;

	if (md)
		assert_int_equal(wb_report_render_md(in, n, cmp, &out, err, sizeof(err)), 0);
	else
		assert_int_equal(wb_report_render_html(in, n, cmp, WB_REPORT_NO_CHARTS, NULL, &out,
						       err, sizeof(err)), 0);
	return out;
}

void wbt_summary_check(const json_t *summary,
		       int (*check)(struct wb_jsonv *jv, const json_t *group, const char *path))
{
	struct wb_jsonv jv;
	char err[256], p[32];
	const json_t *g;
	size_t i;

	wb_jsonv_init(&jv, "s", err, sizeof(err));
	json_array_foreach(summary, i, g) {
		snprintf(p, sizeof(p), "summary[%zu]", i);
		if (check(&jv, g, p) < 0)
			fail_msg("%s", err);
	}
}
