/* The summary's soak (reports/summary.c): pooled per mode over every cell that ran one. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/results_i.h"
#include "reports/summary.h"
#include "tests/unit/assert_near.h"
#include "tests/unit/results_fixture.h"

static json_t *cell(int index, const char *crypto, const char *sec, const char *status,
		    json_t *soak)
{
	json_t *c = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s}", "index", index, "crypto", crypto,
			      "security", sec, "proto", "tcp", "direction", "up", "status", status);

	assert_non_null(c);
	if (soak)
		json_object_set_new(c, "soak", soak);
	return c;
}

/* A rekey event; a negative @dip or @rec is null. */
static json_t *rekey(const char *type, double dip, double rec)
{
	return json_pack("{s:s, s:f, s:o, s:o}", "type", type, "at_s", 10.0, "dip_pct",
			 dip < 0 ? json_null() : json_real(dip), "recovery_s",
			 rec < 0 ? json_null() : json_real(rec));
}

static json_t *soak(double measured, double outage, int disconnects, json_t *stalls,
		    json_t *trend, int group, int ptk, json_t *events)
{
	json_t *list = json_array(), *s;
	int i;

	for (i = 0; i < disconnects; i++)
		json_array_append_new(list, json_pack("{s:f, s:n}", "at_s", 100.0 * i, "reason"));
	s = json_pack("{s:f, s:f, s:{s:i, s:o}, s:o, s:o, s:{s:i, s:i, s:o}}", "measured_s",
		      measured, "outage_s", outage, "disconnects", "count", disconnects, "events",
		      list, "stalls", stalls ? stalls : json_null(), "trend",
		      trend ? trend : json_null(), "rekeys", "group", group, "ptk", ptk, "events",
		      events ? events : json_array());
	assert_non_null(s);
	return s;
}

static json_t *stalls(int count, double total, double longest)
{
	return json_pack("{s:i, s:f, s:f}", "count", count, "total_s", total, "longest_s", longest);
}

static json_t *trend(double pct)
{
	return json_pack("{s:f}", "slope_pct_per_hour", pct);
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

static const json_t *group_soak(const json_t *summary, const char *crypto, const char *sec)
{
	const json_t *g;
	size_t i;

	json_array_foreach(summary, i, g)
		if (!strcmp(json_string_value(json_object_get(g, "crypto")), crypto) &&
		    !strcmp(json_string_value(json_object_get(g, "security")), sec))
			return json_object_get(g, "soak");
	fail_msg("no group %s/%s", crypto, sec);
	return NULL;
}

/* The summary passes the reader's own check. */
static void valid(const json_t *summary)
{
	wbt_summary_check(summary, wb_results_check_summary_soak);
}

/*
 * hwcrypt/psk2: three soaks (an ok cell, a traffic_failed one without stalls or trend, an
 * ok one without events) and a cell without; nohwcrypt/psk2: none; hwcrypt/sae: one soak
 * of no seconds at all.
 */
static void test_summary_soak(void **state)
{
	json_t *cells = json_array(), *summary, *ev = json_array();
	const json_t *s;

	(void)state;
	json_array_append_new(ev, rekey("group", 10, 1));
	json_array_append_new(ev, rekey("group", 20, 2));
	json_array_append_new(ev, rekey("ptk", -1, 3));
	json_array_append_new(ev, rekey("group", 40, -1));
	json_array_append_new(cells, cell(0, "hwcrypt", "psk2", "ok",
		soak(3000, 600, 2, stalls(3, 12, 8), trend(-2), 3, 1, ev)));
	ev = json_array();
	json_array_append_new(ev, rekey("group", 30, 5));
	json_array_append_new(cells, cell(1, "hwcrypt", "psk2", "traffic_failed",
		soak(1800, 0, 1, NULL, NULL, 1, 0, ev)));
	json_array_append_new(cells, cell(2, "hwcrypt", "psk2", "ok", NULL));
	json_array_append_new(cells, cell(3, "hwcrypt", "psk2", "ok",
		soak(1800, 0, 0, stalls(0, 0, 0), trend(-6), 0, 0, NULL)));
	json_array_append_new(cells, cell(4, "nohwcrypt", "psk2", "ok", NULL));
	json_array_append_new(cells, cell(5, "hwcrypt", "sae", "ap_start_failed",
		soak(0, 0, 0, NULL, NULL, 0, 0, NULL)));
	summary = wb_summary_compute(cells);
	assert_non_null(summary);
	valid(summary);

	s = group_soak(summary, "hwcrypt", "psk2");
	assert_int_equal(json_integer_value(json_object_get(s, "cells")), 3);
	assert_near(num(s, "soak_s", NULL), 7200, 0);   /* measured and outage seconds */
	assert_int_equal(json_integer_value(json_object_get(s, "disconnects")), 3);
	assert_near(num(s, "disconnects_per_hour", NULL), 1.5, 1e-12);
	assert_int_equal(json_integer_value(json_object_get(s, "stalls")), 3);
	assert_near(num(s, "stall_s", NULL), 12, 0);
	assert_near(num(s, "longest_stall_s", NULL), 8, 0);
	assert_int_equal(json_integer_value(json_object_get(s, "rekeys_group")), 4);
	assert_int_equal(json_integer_value(json_object_get(s, "rekeys_ptk")), 1);
	/* the listed rekeys of both cells: dips 10 20 40 30, recoveries 1 2 3 5 */
	assert_near(num(s, "dip_pct", "median"), 25, 1e-12);
	assert_near(num(s, "dip_pct", "p95"), 38.5, 1e-9);
	assert_near(num(s, "dip_pct", "max"), 40, 0);
	assert_near(num(s, "recovery_s", "median"), 2.5, 1e-12);
	assert_near(num(s, "recovery_s", "p95"), 4.7, 1e-9);
	assert_near(num(s, "recovery_s", "max"), 5, 0);
	assert_near(num(s, "trend_pct_per_hour", NULL), -4, 1e-12);

	assert_true(json_is_null(group_soak(summary, "nohwcrypt", "psk2")));

	/* a soak of no time: no rate, no stalls known, nothing to pool */
	s = group_soak(summary, "hwcrypt", "sae");
	assert_int_equal(json_integer_value(json_object_get(s, "cells")), 1);
	assert_near(num(s, "soak_s", NULL), 0, 0);
	assert_true(json_is_null(json_object_get(s, "disconnects_per_hour")));
	assert_true(json_is_null(json_object_get(s, "longest_stall_s")));
	assert_true(json_is_null(json_object_get(json_object_get(s, "dip_pct"), "median")));
	assert_true(json_is_null(json_object_get(s, "trend_pct_per_hour")));
	json_decref(summary);
	json_decref(cells);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_soak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
