/*
 * The soak in the report (reports/report_stability.c, report_md.c, report_charts.c): the
 * Stability section's soak table in HTML and Markdown, next to the reconnect table, per
 * file; the comparison's reconnect and disconnects columns; the soak chart's script.
 * tests/fixtures/results/soak.json: hwcrypt psk2 tcp up and down, two 300 s soaks each
 * (up: 1 disconnect, stalls of 2, 5 and 10 s; down: 2 disconnects, two 3 s stalls), the
 * two sae modes failed before any traffic (no soak).
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/chart.h"
#include "reports/compare.h"
#include "reports/report.h"
#include "reports/report_i.h"
#include "reports/results.h"
#include "reports/summary.h"
#include "tests/unit/results_fixture.h"

#define UP "data-file=\"0\" data-key=\"hwcrypt/psk2/tcp/up\" "
#define DOWN "data-file=\"0\" data-key=\"hwcrypt/psk2/tcp/down\" "
#define SOAK_HEAD_MD "| mode | soak h | disconnects (per h) | stalls | stall total s | " \
	"longest stall s | trend %/h [interval] | rekeys group / PTK | rekey dip median / max % " \
	"| recovery median / max s |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
#define SOAK_UP_MD "| hwcrypt psk2 tcp up | 0.17 | **1 (6.0/h)** | 3 | 17.0 | 10.0 | " \
	"-26.0 \\[-200.5..+101.0\\] | 8 / 2 | 50.0 / 60.1 | 1.6 / 1.6 |\n"
#define SOAK_DOWN_MD "| hwcrypt psk2 tcp down | 0.17 | **2 (12.0/h)** | 2 | 6.0 | 3.0 | " \
	"-0.6 \\[-125.9..+113.8\\] | 8 / 2 | 20.0 / 40.0 | 1.6 / 1.6 |\n"

static void test_soak_html(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/results/soak.json");
	struct wb_report_input in = { "soak.json", doc };
	char *html = wbt_report_render(&in, 1, NULL, false), *sec;

	(void)state;
	assert_non_null(strstr(html, "<a href=\"#stability\">Stability</a>"));
	sec = wbt_between(html, "<h2 id=\"stability\">Stability</h2>", "<h2 ");
	assert_non_null(strstr(sec, "<table class=\"soak\" data-file=\"0\"><tr><th>mode</th>"
			       "<th>soak h</th><th>disconnects (per h)</th><th>stalls</th>"
			       "<th>stall total s</th><th>longest stall s</th><th>trend %/h "
			       "[interval]</th><th>rekeys group / PTK</th><th>rekey dip median / "
			       "max %</th><th>recovery median / max s</th></tr>"));
	/* disconnects: the row and the cell in the failure colours */
	assert_non_null(strstr(sec, "<tr class=\"fail\"><td class=\"mode\">hwcrypt psk2 tcp up"
			       "</td><td class=\"num\" " UP "data-field=\"soak_hours\">0.17</td>"
			       "<td class=\"num fail\" " UP "data-field=\"soak_disconnects\">1 "
			       "(6.0/h)</td><td class=\"num\" " UP "data-field=\"soak_stalls\">3</td>"
			       "<td class=\"num\" " UP "data-field=\"soak_stall_s\">17.0</td>"
			       "<td class=\"num\" " UP "data-field=\"soak_longest_stall_s\">10.0</td>"
			       "<td class=\"num\" " UP "data-field=\"soak_trend\">-26.0 "
			       "[-200.5..+101.0]</td><td class=\"num\" " UP "data-field=\"soak_rekeys"
			       "\">8 / 2</td><td class=\"num\" " UP "data-field=\"soak_dip_pct\">"
			       "50.0 / 60.1</td><td class=\"num\" " UP "data-field=\"soak_recovery_s"
			       "\">1.6 / 1.6</td></tr>"));
	assert_non_null(strstr(sec, DOWN "data-field=\"soak_disconnects\">2 (12.0/h)<"));
	assert_non_null(strstr(sec, DOWN "data-field=\"soak_trend\">-0.6 [-125.9..+113.8]<"));
	assert_non_null(strstr(sec, DOWN "data-field=\"soak_dip_pct\">20.0 / 40.0<"));
	/* no soak, no row; no reconnect cycles anywhere, no reconnect table nor note */
	assert_null(strstr(sec, "sae"));
	assert_null(strstr(sec, "reconnect_"));
	assert_null(strstr(sec, "No reconnect cycles"));
	assert_non_null(strstr(sec, "<code>stability.soak_s</code>"));
	free(sec);
	free(html);

	/* without disconnects the row is ok */
	json_object_set_new(json_object_get(json_array_get(json_object_get(doc, "cells"), 3),
					    "soak"), "disconnects", json_pack("{s:i, s:[]}", "count",
									      0, "events"));
	html = wbt_report_render(&in, 1, NULL, false);
	assert_non_null(strstr(html, "<tr class=\"ok\"><td class=\"mode\">hwcrypt psk2 tcp up"));
	assert_non_null(strstr(html, "<td class=\"num\" " UP "data-field=\"soak_disconnects\">0 "
			       "(0.0/h)</td>"));
	free(html);
	json_decref(doc);
}

static void test_soak_markdown(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/results/soak.json");
	struct wb_report_input in = { "soak.json", doc };
	char *md = wbt_report_render(&in, 1, NULL, true), *sec;

	(void)state;
	sec = wbt_between(md, "\n## Stability\n", "\n## ");
	assert_non_null(strstr(sec, SOAK_HEAD_MD SOAK_UP_MD SOAK_DOWN_MD));
	assert_null(strstr(sec, "sae"));
	assert_null(strstr(sec, "cycles"));
	assert_non_null(strstr(md, SOAK_DOWN_MD "\n## Failures\n"));
	free(sec);
	free(md);
	json_decref(doc);
}

/* Both workloads: two tables; over two files, a note where a file has none of one. */
static void test_soak_and_reconnect(void **state)
{
	json_t *soak = wbt_load_results("tests/fixtures/results/soak.json");
	json_t *rc = wbt_load_results("tests/fixtures/results/reconnect.json");
	struct wb_report_input in[2] = { { "soak.json", soak }, { "rc.json", rc } };
	char *html = wbt_report_render(in, 2, NULL, false), *md, *sec;

	(void)state;
	sec = wbt_between(html, "<h2 id=\"stability\">Stability</h2>", "<h2 ");
	assert_non_null(strstr(sec, "<h3>[1] <code>soak.json</code></h3>\n<p class=\"note\">No "
			       "reconnect cycles in this file.</p>\n<table class=\"soak\" "
			       "data-file=\"0\">"));
	assert_non_null(strstr(sec, "<h3>[2] <code>rc.json</code></h3>\n<table class=\"stability"
			       "\" data-file=\"1\">"));
	assert_non_null(strstr(sec, "</table>\n<p class=\"note\">No soak in this file.</p>\n"));
	assert_null(strstr(sec, "<table class=\"soak\" data-file=\"1\""));
	free(sec);
	free(html);
	md = wbt_report_render(in, 2, NULL, true);
	sec = wbt_between(md, "\n## Stability\n", "\n## ");
	/* the reconnect table (file 2), then the soak table (file 1), each with a file column */
	assert_non_null(strstr(sec, "| file | mode | cycles |"));
	assert_non_null(strstr(sec, "| [2] rc.json | hwcrypt psk2 tcp up | 20 |"));
	assert_non_null(strstr(sec, "| file | mode | soak h |"));
	assert_non_null(strstr(sec, "| [1] soak.json " SOAK_UP_MD));
	assert_true(strstr(sec, "| cycles |") < strstr(sec, "| soak h |"));
	free(sec);
	free(md);
	json_decref(soak);
	json_decref(rc);
}

/* The comparison's tables get reconnect and disconnects columns when one was run. */
static void test_compare_columns(void **state)
{
	json_t *a = wbt_load_results("tests/fixtures/results/soak.json");
	json_t *b = wbt_load_results("tests/fixtures/results/soak.json"), *cmp = NULL, *c;
	struct wb_report_input in[2] = { { "a.json", a }, { "b.json", b } };
	char err[512], *html, *md;
	size_t i;

	(void)state;
	/* the baseline's down mode had no disconnects: the candidate's are new */
	json_array_foreach(json_object_get(a, "cells"), i, c)
		if (json_is_object(json_object_get(c, "soak")) &&
		    !strcmp(json_string_value(json_object_get(c, "direction")), "down"))
			json_object_set_new(json_object_get(c, "soak"), "disconnects",
					    json_pack("{s:i, s:[]}", "count", 0, "events"));
	json_object_set_new(a, "summary", wb_summary_compute(json_object_get(a, "cells")));
	if (wb_compare_docs(a, "a.json", b, "b.json", NULL, &cmp, err, sizeof(err)))
		fail_msg("%s", err);
	html = wbt_report_render(in, 2, cmp, false);
	assert_non_null(strstr(html, "<th>start</th><th>PMF</th><th>reconnect</th>"
			       "<th>disconnects</th><th>result</th>"));
	/* reconnect not run: "-"; up: one disconnect on each side; down: new ones */
	assert_non_null(strstr(html, "<td class=\"note\">-</td><td class=\"fail\">"
			       "still_disconnecting</td>"));
	assert_non_null(strstr(html, "<td class=\"note\">-</td><td class=\"fail\">new_disconnects"
			       "</td>"));
	free(html);
	md = wbt_report_render(in, 2, cmp, true);
	assert_non_null(strstr(md, "| start | PMF | reconnect | disconnects | result |\n"
			       "|---|--:|--:|--:|---|---|---|---|---|---|---|\n"));
	assert_non_null(strstr(md, "| hwcrypt/psk2/tcp/down | 70.5 | 70.5 | +0.0% | unknown | "
			       "unknown | ok | ok | - | new\\_disconnects | **fail** |"));
	free(md);
	json_decref(cmp);

	/* neither workload ran anywhere: the tables are as before */
	json_array_foreach(json_object_get(a, "cells"), i, c)
		json_object_del(c, "soak");
	json_array_foreach(json_object_get(b, "cells"), i, c)
		json_object_del(c, "soak");
	if (wb_compare_docs(a, "a.json", b, "b.json", NULL, &cmp, err, sizeof(err)))
		fail_msg("%s", err);
	html = wbt_report_render(in, 2, cmp, false);
	assert_non_null(strstr(html, "<th>start</th><th>PMF</th><th>result</th>"));
	free(html);
	md = wbt_report_render(in, 2, cmp, true);
	assert_non_null(strstr(md, "| start | PMF | result |\n"));
	free(md);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* The chart's script: one line per mode with a soak, a gap where a bin has no traffic. */
static void test_soak_chart(void **state)
{
	json_t *doc = wbt_load_results("tests/fixtures/results/soak.json");
	struct wb_report_input in = { "soak.json", doc };
	struct wb_rmodel m;
	struct wb_strbuf s;
	char err[256], gp[4096], *html;
	const char *t;

	(void)state;
	assert_int_equal(wb_rmodel_init(&m, &in, 1, NULL, err, sizeof(err)), 0);
	wb_strbuf_init(&s);
	assert_int_equal(wb_rcharts_soak(&m, 0, &s), 0);
	t = wb_strbuf_cstr(&s);
	/* hwcrypt psk2 tcp up is mode 0, down mode 1; the sae modes have no soak */
	assert_non_null(strstr(t, "$k0 << EOD\n0 89.5\n0.0166667 89.998\n"));
	assert_non_null(strstr(t, "$k1 << EOD\n"));
	assert_null(strstr(t, "$k2"));
	assert_non_null(strstr(t, "plot $k0 using 1:2 with lines lw 1.5 dt 1 title 'hwcrypt psk2 "
			       "tcp up', $k1 using 1:2"));
	wb_strbuf_release(&s);
	/* the mode's first soak is rep 0's; rep 1's 10 s outage makes no gap there */
	json_object_del(json_array_get(json_object_get(doc, "cells"), 3), "soak");
	wb_rmodel_release(&m);
	assert_int_equal(wb_rmodel_init(&m, &in, 1, NULL, err, sizeof(err)), 0);
	wb_strbuf_init(&s);
	assert_int_equal(wb_rcharts_soak(&m, 0, &s), 0);
	assert_non_null(strstr(wb_strbuf_cstr(&s), "\n2.5 0\n\n\n\n\n\n\n\n\n\n2.66667 "));
	wb_strbuf_release(&s);
	wb_rmodel_release(&m);
	if (!wb_chart_gnuplot_path(gp, sizeof(gp))) {
		json_decref(doc);
		skip();
	}
	assert_int_equal(wb_report_render_html(&in, 1, NULL, 0, NULL, &html, err, sizeof(err)), 0);
	assert_non_null(strstr(html, "<figcaption>Soak throughput, soak.json"));
	assert_null(strstr(html, "chart-error"));
	free(html);
	json_decref(doc);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soak_html),
		cmocka_unit_test(test_soak_markdown),
		cmocka_unit_test(test_soak_and_reconnect),
		cmocka_unit_test(test_compare_columns),
		cmocka_unit_test(test_soak_chart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
