/*
 * Latency under load in the report (reports/report_latency.c, report_md.c,
 * report_charts.c): the section's table in HTML (with the data fields the browser test
 * reads) and Markdown, iperf's UDP columns, the note for a file without probes, the
 * chart's script, the comparison's latency column.
 * tests/fixtures/results/latency.json: psk2 tcp and udp, up and down, with latency (udp
 * down: one ok cell with replies, one whose every probe was lost, one traffic_failed);
 * the sae modes failed before any traffic ("latency": null).
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

#define FIXTURE "tests/fixtures/results/latency.json"
#define TCP_UP "data-file=\"0\" data-key=\"hwcrypt/psk2/tcp/up\" "
#define UDP_DOWN "data-file=\"0\" data-key=\"hwcrypt/psk2/udp/down\" "
#define TD_UP "<td class=\"num\" " TCP_UP "data-field=\"lat_"
#define HEAD_MD "| mode | cells | idle p50 ms | loaded p50 ms | loaded p90 ms | loaded p99 ms " \
	"| added p90 ms | probe loss % | iperf jitter ms | iperf loss % |\n" \
	"|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
#define ROWS_MD \
	"| hwcrypt psk2 tcp up | 3 | 1.90 | 19.20 | 31.00 | 44.20 | 28.60 | 1.11 | - | - |\n" \
	"| hwcrypt psk2 tcp down | 3 | 2.15 | 25.00 | 40.00 | 60.00 | 38.40 | 1.11 | - | - |\n" \
	"| hwcrypt psk2 udp up | 3 | 1.70 | 9.50 | 14.00 | 22.00 | 11.80 | 0.37 | 0.90 | " \
	"0.50 |\n| hwcrypt psk2 udp down | 1 | 1.90 | 30.00 | 48.00 | 75.00 | 45.60 | 52.78 | " \
	"1.60 | 2.75 |\n"

static void test_latency_html(void **state)
{
	json_t *doc = wbt_load_results(FIXTURE);
	struct wb_report_input in = { "latency.json", doc };
	char *html = wbt_report_render(&in, 1, NULL, false), *sec;

	(void)state;
	assert_non_null(strstr(html, "<a href=\"#latency\">Latency</a>"));
	sec = wbt_between(html, "<h2 id=\"latency\">Latency under load</h2>", "<h2 ");
	assert_non_null(strstr(sec, "<table class=\"latency\" data-file=\"0\"><tr><th>mode</th>"
			       "<th>cells</th><th>idle p50 ms</th><th>loaded p50 ms</th>"
			       "<th>loaded p90 ms</th><th>loaded p99 ms</th><th>added p90 ms</th>"
			       "<th>probe loss %</th><th>iperf jitter ms</th><th>iperf loss %</th>"
			       "</tr>"));
	/* a TCP mode: iperf's UDP columns empty */
	assert_non_null(strstr(sec, "<tr><td class=\"mode\">hwcrypt psk2 tcp up</td>"
			       TD_UP "cells\">3</td>" TD_UP "idle_p50_ms\">1.90</td>"
			       TD_UP "loaded_p50_ms\">19.20</td>" TD_UP "loaded_p90_ms\">31.00</td>"
			       TD_UP "loaded_p99_ms\">44.20</td>" TD_UP "added_p90_ms\">28.60</td>"
			       TD_UP "loss_pct\">1.11</td>"
			       "<td class=\"num note\">-</td><td class=\"num note\">-</td></tr>"));
	/* one ok cell with replies; the silent one counts in the loss; iperf's medians */
	assert_non_null(strstr(sec, UDP_DOWN "data-field=\"lat_cells\">1<"));
	assert_non_null(strstr(sec, UDP_DOWN "data-field=\"lat_loss_pct\">52.78<"));
	assert_non_null(strstr(sec, UDP_DOWN "data-field=\"lat_udp_jitter_ms\">1.60<"));
	assert_non_null(strstr(sec, UDP_DOWN "data-field=\"lat_udp_lost_pct\">2.75<"));
	/* no latency, no row */
	assert_null(strstr(sec, "sae"));
	assert_non_null(strstr(sec, "<code>latency</code>"));
	free(sec);
	free(html);
	json_decref(doc);
}

static void test_latency_markdown(void **state)
{
	json_t *doc = wbt_load_results(FIXTURE);
	struct wb_report_input in = { "latency.json", doc };
	char *md = wbt_report_render(&in, 1, NULL, true), *sec;

	(void)state;
	sec = wbt_between(md, "\n## Latency under load\n", "\n## ");
	assert_non_null(strstr(sec, HEAD_MD ROWS_MD));
	assert_null(strstr(sec, "sae"));
	assert_non_null(strstr(md, ROWS_MD "\n## Failures\n"));
	free(sec);
	free(md);
	json_decref(doc);
}

/* A file without probes: no section; next to one with probes, a note (and a file column). */
static void test_latency_absent(void **state)
{
	json_t *lat = wbt_load_results(FIXTURE);
	json_t *plain = wbt_load_results("tests/fixtures/results/sample.json");
	struct wb_report_input in[2] = { { "plain.json", plain }, { "latency.json", lat } };
	char *html = wbt_report_render(in, 1, NULL, false), *md = wbt_report_render(in, 1, NULL, true), *sec;

	(void)state;
	assert_null(strstr(html, "id=\"latency\""));
	assert_null(strstr(html, "href=\"#latency\""));
	assert_null(strstr(md, "## Latency"));
	free(html);
	free(md);
	html = wbt_report_render(in, 2, NULL, false);
	sec = wbt_between(html, "<h2 id=\"latency\">Latency under load</h2>", "<h2 ");
	assert_non_null(strstr(sec, "<h3>[1] <code>plain.json</code></h3>\n<p class=\"note\">No "
			       "latency probes in this file.</p>\n<h3>[2] <code>latency.json"
			       "</code></h3>\n<table class=\"latency\" data-file=\"1\">"));
	free(sec);
	free(html);
	md = wbt_report_render(in, 2, NULL, true);
	sec = wbt_between(md, "\n## Latency under load\n", "\n## ");
	assert_non_null(strstr(sec, "| file | mode | cells |"));
	assert_non_null(strstr(sec, "| [2] latency.json | hwcrypt psk2 udp up | 3 | 1.70 |"));
	assert_null(strstr(sec, "plain.json"));
	free(sec);
	free(md);

	/* TCP modes only: no iperf columns */
	json_object_set_new(lat, "cells", json_pack("[O, O]", json_array_get(json_object_get(lat,
				"cells"), 5), json_array_get(json_object_get(lat, "cells"), 8)));
	json_object_set_new(lat, "summary", wb_summary_compute(json_object_get(lat, "cells")));
	html = wbt_report_render(&in[1], 1, NULL, false);
	assert_non_null(strstr(html, "<th>probe loss %</th></tr>"));
	assert_null(strstr(html, "iperf jitter"));
	free(html);
	json_decref(lat);
	json_decref(plain);
}

/* The chart's script: per mode with latency, its idle p50 and loaded p90. */
static void test_latency_chart(void **state)
{
	json_t *doc = wbt_load_results(FIXTURE);
	json_t *plain = wbt_load_results("tests/fixtures/results/sample.json");
	struct wb_report_input in = { "latency.json", doc }, in2 = { "plain.json", plain };
	struct wb_rmodel m;
	struct wb_strbuf s;
	char err[256], gp[4096], *html;
	const char *t;

	(void)state;
	assert_int_equal(wb_rmodel_init(&m, &in, 1, NULL, err, sizeof(err)), 0);
	wb_strbuf_init(&s);
	assert_int_equal(wb_rcharts_latency(&m, 0, &s), 0);
	t = wb_strbuf_cstr(&s);
	assert_non_null(strstr(t, "$l << EOD\n0 1.9 31\n1 2.15 40\n2 1.7 14\n3 1.9 48\nEOD\n"));
	assert_non_null(strstr(t, "set xtics rotate by 35 right ('hwcrypt psk2 tcp up' 0, "
			       "'hwcrypt psk2 tcp down' 1, 'hwcrypt psk2 udp up' 2, 'hwcrypt psk2 "
			       "udp down' 3)\n"));
	assert_non_null(strstr(t, "title 'idle p50'"));
	assert_non_null(strstr(t, "title 'loaded p90'"));
	wb_strbuf_release(&s);
	wb_rmodel_release(&m);
	assert_int_equal(wb_rmodel_init(&m, &in2, 1, NULL, err, sizeof(err)), 0);
	wb_strbuf_init(&s);
	assert_int_equal(wb_rcharts_latency(&m, 0, &s), -ENODATA);
	assert_int_equal(s.len, 0);
	wb_strbuf_release(&s);
	wb_rmodel_release(&m);
	if (!wb_chart_gnuplot_path(gp, sizeof(gp))) {
		json_decref(doc);
		json_decref(plain);
		skip();
	}
	assert_int_equal(wb_report_render_html(&in, 1, NULL, 0, NULL, &html, err, sizeof(err)), 0);
	assert_non_null(strstr(html, "<figcaption>Latency under load, latency.json"));
	assert_null(strstr(html, "chart-error"));
	free(html);
	json_decref(doc);
	json_decref(plain);
}

/* The comparison's tables get a latency column when both sides probed. */
static void test_latency_compare_column(void **state)
{
	json_t *a = wbt_load_results(FIXTURE), *b = wbt_load_results(FIXTURE), *cmp = NULL, *c;
	struct wb_report_input in[2] = { { "a.json", a }, { "b.json", b } };
	char err[512], *html, *md;
	size_t i;

	(void)state;
	if (wb_compare_docs(a, "a.json", b, "b.json", NULL, &cmp, err, sizeof(err)))
		fail_msg("%s", err);
	html = wbt_report_render(in, 2, cmp, false);
	assert_non_null(strstr(html, "<th>AP core</th><th>STA core</th><th>latency</th>"
			       "<th>start</th>"));
	/* three runs a side: unknown; no latency in the sae modes: "-" */
	assert_non_null(strstr(html, "<td class=\"mixed\">unknown <span class=\"note\">"
			       "(+0.00 ms)</span></td>"));
	assert_non_null(strstr(html, "<td class=\"mixed\">not_compared</td><td class=\"note\">-"
			       "</td><td class=\"note\">-</td><td class=\"note\">-</td><td "
			       "class=\"fail\">still_failing</td>"));
	free(html);
	md = wbt_report_render(in, 2, cmp, true);
	assert_non_null(strstr(md, "| throughput | AP core | latency | start | PMF | result |\n"
			       "|---|--:|--:|--:|---|---|---|---|---|---|\n"));
	assert_non_null(strstr(md, "| hwcrypt/psk2/tcp/up | 61.0 | 61.0 | +0.0% | unknown | "
			       "unknown | unknown | ok | ok | unknown |"));
	free(md);
	json_decref(cmp);

	/* no probes on one side: no column */
	json_array_foreach(json_object_get(b, "cells"), i, c)
		json_object_del(c, "latency");
	if (wb_compare_docs(a, "a.json", b, "b.json", NULL, &cmp, err, sizeof(err)))
		fail_msg("%s", err);
	html = wbt_report_render(in, 2, cmp, false);
	assert_non_null(strstr(html, "<th>STA core</th><th>start</th>"));
	free(html);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latency_html),
		cmocka_unit_test(test_latency_markdown),
		cmocka_unit_test(test_latency_absent),
		cmocka_unit_test(test_latency_chart),
		cmocka_unit_test(test_latency_compare_column),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
