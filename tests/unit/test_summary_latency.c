/*
 * The summary's latency (reports/summary_latency.c): per mode the medians of the ok
 * cells' quantiles, the probe loss pooled over their loaded phases (a cell whose every
 * probe was lost counts there, not in the round trips), iperf's UDP jitter and loss; null
 * when no ok cell's loaded phase got a reply.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/results_i.h"
#include "reports/summary.h"
#include "tests/unit/assert_near.h"
#include "tests/unit/results_fixture.h"

/* A phase; @p50 < 0: no reply at all (round trips null). */
static json_t *phase(int sent, int received, double p50, double p90, double p99)
{
	return json_pack("{s:s, s:i, s:i, s:i, s:i, s:f, s:{s:o, s:o, s:o, s:o}}", "status", "ok",
			 "probes_per_s", 10, "sent", sent, "received", received, "duplicates", 0,
			 "loss_pct", sent ? 100.0 * (sent - received) / sent : 0.0, "rtt_ms",
			 "p50", p50 < 0 ? json_null() : json_real(p50),
			 "p90", p50 < 0 ? json_null() : json_real(p90),
			 "p99", p50 < 0 ? json_null() : json_real(p99),
			 "max", p50 < 0 ? json_null() : json_real(p99 + 1));
}

/* latency with @idle (NULL: none) and @loaded; added from their p50 and p90. */
static json_t *latency(json_t *idle, json_t *loaded)
{
	const json_t *i = json_object_get(idle, "rtt_ms"), *l = json_object_get(loaded, "rtt_ms");
	json_t *added = json_null();
#define Q(o, k) json_number_value(json_object_get(o, k))

	if (json_is_number(json_object_get(i, "p50")) && json_is_number(json_object_get(l, "p50")))
		added = json_pack("{s:f, s:f}", "p50", Q(l, "p50") - Q(i, "p50"), "p90",
				  Q(l, "p90") - Q(i, "p90"));
#undef Q
	return json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "status", "ok", "method",
			 "icmp_echo", "target", "10.99.0.1", "size_bytes", 56, "idle",
			 idle ? idle : json_null(), "loaded", loaded, "added_ms", added);
}

/* A cell; @jitter < 0: no UDP numbers in its throughput. */
static json_t *cell(int index, const char *proto, const char *status, json_t *lat,
		    double jitter, double lost)
{
	json_t *c = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:{s:f}}", "index", index,
			      "crypto", "hwcrypt", "security", "psk2", "proto", proto, "direction",
			      "up", "status", status, "throughput", "bits_per_second", 5e7);

	assert_non_null(c);
	if (lat)
		json_object_set_new(c, "latency", lat);
	if (jitter >= 0) {
		json_t *tp = json_object_get(c, "throughput");

		json_object_set_new(tp, "jitter_ms", json_real(jitter));
		json_object_set_new(tp, "lost_percent", json_real(lost));
	}
	return c;
}

static const json_t *group_latency(const json_t *summary, const char *proto)
{
	const json_t *g;
	size_t i;

	json_array_foreach(summary, i, g)
		if (!strcmp(json_string_value(json_object_get(g, "proto")), proto))
			return json_object_get(g, "latency");
	fail_msg("no group %s", proto);
	return NULL;
}

static double num(const json_t *o, const char *a, const char *b)
{
	const json_t *v = json_object_get(o, a);

	if (b)
		v = json_object_get(v, b);
	if (!json_is_number(v))
		fail_msg("%s%s%s: not a number", a, b ? "." : "", b ? b : "");
	return json_number_value(v);
}

/* The summary passes the reader's own check. */
static void valid(const json_t *summary)
{
	wbt_summary_check(summary, wb_results_check_summary_latency);
}

/*
 * tcp: three ok cells with both phases, one without an idle phase, one whose every probe
 * was lost, a traffic_failed one (left out), one without latency;
 * udp: two ok cells with latency and iperf's numbers, one ok cell with iperf's numbers only.
 */
static void test_summary_latency(void **state)
{
	json_t *cells = json_array(), *summary;
	const json_t *l, *u;

	(void)state;
	json_array_append_new(cells, cell(0, "tcp", "ok", latency(phase(20, 20, 2, 3, 4),
		phase(100, 98, 20, 30, 40)), -1, 0));
	json_array_append_new(cells, cell(1, "tcp", "ok", latency(phase(20, 20, 1, 2, 3),
		phase(100, 100, 10, 20, 30)), -1, 0));
	json_array_append_new(cells, cell(2, "tcp", "ok", latency(phase(20, 20, 3, 4, 5),
		phase(100, 99, 30, 50, 60)), -1, 0));
	json_array_append_new(cells, cell(3, "tcp", "ok", latency(NULL,
		phase(100, 97, 40, 60, 80)), -1, 0));
	json_array_append_new(cells, cell(4, "tcp", "ok", latency(phase(20, 20, 2, 3, 4),
		phase(100, 0, -1, 0, 0)), -1, 0));
	json_array_append_new(cells, cell(5, "tcp", "traffic_failed",
		latency(phase(20, 20, 9, 9, 9), phase(50, 10, 900, 900, 900)), -1, 0));
	json_array_append_new(cells, cell(6, "tcp", "ok", NULL, -1, 0));
	json_array_append_new(cells, cell(7, "udp", "ok", latency(phase(20, 20, 1, 2, 3),
		phase(100, 90, 5, 7, 9)), 0.5, 1.0));
	json_array_append_new(cells, cell(8, "udp", "ok", latency(phase(20, 20, 2, 3, 4),
		phase(100, 100, 6, 8, 10)), 0.7, 3.0));
	json_array_append_new(cells, cell(9, "udp", "ok", NULL, 0.9, 0.0));
	summary = wb_summary_compute(cells);
	assert_non_null(summary);
	valid(summary);

	l = group_latency(summary, "tcp");
	/* the four cells that got replies; idle and added from the three with an idle phase */
	assert_int_equal(json_integer_value(json_object_get(l, "cells")), 4);
	assert_near(num(l, "idle_p50_ms", NULL), 2, 0);
	assert_near(num(l, "loaded_p50_ms", NULL), 25, 0);   /* 10 20 30 40 */
	assert_near(num(l, "loaded_p90_ms", NULL), 40, 0);   /* 20 30 50 60 */
	assert_near(num(l, "loaded_p99_ms", NULL), 50, 0);   /* 30 40 60 80 */
	assert_near(num(l, "added_p50_ms", NULL), 18, 0);    /* 9 18 27 */
	assert_near(num(l, "added_p90_ms", NULL), 27, 0);    /* 18 27 46 */
	/* lost 2 + 0 + 1 + 3 + 100 of 500: the silent cell counts */
	assert_near(num(l, "loss_pct", NULL), 21.2, 1e-12);
	assert_true(json_is_null(json_object_get(l, "udp")));

	l = group_latency(summary, "udp");
	assert_int_equal(json_integer_value(json_object_get(l, "cells")), 2);
	assert_near(num(l, "loaded_p90_ms", NULL), 7.5, 0);
	assert_near(num(l, "loss_pct", NULL), 5, 1e-12);
	/* iperf's numbers over every ok cell, latency or not */
	u = json_object_get(l, "udp");
	assert_near(num(u, "jitter_ms", NULL), 0.7, 1e-15);
	assert_near(num(u, "lost_percent", NULL), 1, 0);
	json_decref(summary);
	json_decref(cells);
}

/* No reply in any ok cell (or no probes at all): null, and iperf's numbers with it. */
static void test_summary_latency_null(void **state)
{
	json_t *cells = json_array(), *summary;

	(void)state;
	json_array_append_new(cells, cell(0, "tcp", "ok", latency(phase(20, 20, 2, 3, 4),
		phase(100, 0, -1, 0, 0)), -1, 0));
	json_array_append_new(cells, cell(1, "tcp", "assoc_failed", latency(NULL,
		phase(100, 100, 5, 6, 7)), -1, 0));
	json_array_append_new(cells, cell(2, "udp", "ok", NULL, 0.5, 1.0));
	summary = wb_summary_compute(cells);
	assert_non_null(summary);
	valid(summary);
	assert_true(json_is_null(group_latency(summary, "tcp")));
	assert_true(json_is_null(group_latency(summary, "udp")));
	json_decref(summary);
	json_decref(cells);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_latency),
		cmocka_unit_test(test_summary_latency_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
