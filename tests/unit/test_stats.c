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

#include "reports/stats.h"
#include "reports/summary.h"
#include "reports/table.h"
#include "tests/unit/results_fixture.h"
#include "wbench/lib/util.h"

#include "tests/unit/assert_near.h"

static void test_t975(void **state)
{
	(void)state;
	assert_true(isnan(wb_stats_t975(0)));
	assert_near(wb_stats_t975(1), 12.7062, 1e-9);
	assert_near(wb_stats_t975(2), 4.3027, 1e-9);
	assert_near(wb_stats_t975(30), 2.0423, 1e-9);
	assert_near(wb_stats_t975(40), 2.0211, 1e-9);
	assert_near(wb_stats_t975(120), 1.9799, 1e-9);
	/* Interpolated; true values t(35) = 2.0301, t(1000) = 1.9623. */
	assert_near(wb_stats_t975(35), 2.0301, 2e-4);
	assert_near(wb_stats_t975(1000), 1.9623, 2e-4);
	assert_true(wb_stats_t975(100000) > 1.96 && wb_stats_t975(100000) < 1.9601);
}

static void test_stats_n3(void **state)
{
	/* mean 93, deviations -3 1 2, s^2 = 14/2 = 7; half = 4.3027 * sqrt(7/3) = 6.57248 */
	const double x[] = { 94e6, 90e6, 95e6 };
	struct wb_stats st;

	(void)state;
	assert_int_equal(wb_stats_compute(x, 3, &st), 0);
	assert_int_equal(st.n, 3);
	assert_near(st.mean, 93e6, 1e-6);
	assert_near(st.median, 94e6, 0);
	assert_near(st.stddev, 2.6457513e6, 1);
	assert_near(st.ci95_lo, 86.42752e6, 10);
	assert_near(st.ci95_hi, 99.57248e6, 10);
	assert_near(st.min, 90e6, 0);
	assert_near(st.max, 95e6, 0);
	/* The input is not reordered. */
	assert_near(x[0], 94e6, 0);
}

static void test_stats_even_and_small(void **state)
{
	/* Even n: median is the mean of 90 and 92; s^2 = 20/3; half = 3.1824 * s / 2. */
	const double x[] = { 94, 88, 92, 90 }, one[] = { 7.5 }, bad[] = { 1, NAN };
	struct wb_stats st;

	(void)state;
	assert_int_equal(wb_stats_compute(x, 4, &st), 0);
	assert_near(st.median, 91, 0);
	assert_near(st.mean, 91, 1e-12);
	assert_near(st.stddev, 2.5819889, 1e-7);
	assert_near(st.ci95_hi - st.mean, 4.108461, 1e-6);
	assert_int_equal(wb_stats_compute(one, 1, &st), 0);
	assert_near(st.median, 7.5, 0);
	assert_near(st.mean, 7.5, 0);
	assert_true(isnan(st.stddev) && isnan(st.ci95_lo) && isnan(st.ci95_hi));
	assert_int_equal(wb_stats_compute(one, 0, &st), -EINVAL);
	assert_int_equal(wb_stats_compute(bad, 2, &st), -EINVAL);
}

/* Cells of base.json's plan filled by wbt_fixture_cell, in execution order. */
static json_t *fixture_cells(void)
{
	struct wb_scenario *sc = wbt_load_scenario("tests/fixtures/scenarios/base.json");
	struct wb_plan *plan;
	json_t *cells = json_array();
	size_t k;

	assert_int_equal(wb_plan_new(sc, &plan), 0);
	for (k = 0; k < plan->n_cells; k++)
		json_array_append_new(cells, wbt_fixture_cell(wb_plan_at(plan, k)));
	wb_plan_free(plan);
	wb_scenario_free(sc);
	return cells;
}

static const json_t *group(const json_t *summary, const char *crypto, const char *sec,
			   const char *dir)
{
	const json_t *g;
	size_t i;

	json_array_foreach(summary, i, g)
		if (!strcmp(json_string_value(json_object_get(g, "crypto")), crypto) &&
		    !strcmp(json_string_value(json_object_get(g, "security")), sec) &&
		    !strcmp(json_string_value(json_object_get(g, "direction")), dir))
			return g;
	fail_msg("no group %s/%s/%s", crypto, sec, dir);
	return NULL;
}

static double num(const json_t *g, const char *a, const char *b, const char *c)
{
	const json_t *v = json_object_get(g, a);

	if (b)
		v = json_object_get(v, b);
	if (c)
		v = json_object_get(v, c);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

static void test_summary(void **state)
{
	json_t *cells = fixture_cells(), *summary;
	const json_t *g;
	static const char *const order[8][3] = {
		{ "hwcrypt", "psk2", "up" },   { "hwcrypt", "psk2", "down" },
		{ "hwcrypt", "sae", "up" },    { "hwcrypt", "sae", "down" },
		{ "nohwcrypt", "psk2", "up" }, { "nohwcrypt", "psk2", "down" },
		{ "nohwcrypt", "sae", "up" },  { "nohwcrypt", "sae", "down" },
	};
	size_t i;

	(void)state;
	summary = wb_summary_compute(cells);
	assert_non_null(summary);
	/* Scenario order, although the cells ran shuffled. */
	assert_int_equal(json_array_size(summary), 8);
	for (i = 0; i < 8; i++) {
		g = json_array_get(summary, i);
		assert_string_equal(json_string_value(json_object_get(g, "crypto")), order[i][0]);
		assert_string_equal(json_string_value(json_object_get(g, "security")), order[i][1]);
		assert_string_equal(json_string_value(json_object_get(g, "direction")), order[i][2]);
		assert_string_equal(json_string_value(json_object_get(g, "proto")), "tcp");
	}

	g = group(summary, "hwcrypt", "psk2", "up");
	assert_int_equal(json_integer_value(json_object_get(g, "n")), 3);
	assert_int_equal(json_integer_value(json_object_get(g, "n_failed")), 0);
	assert_near(num(g, "median_bits_per_second", NULL, NULL), 94e6, 0);
	assert_near(num(g, "mean_bits_per_second", NULL, NULL), 93e6, 1e-6);
	assert_near(num(g, "stddev_bits_per_second", NULL, NULL), 2.6457513e6, 1);
	assert_near(json_number_value(json_array_get(json_object_get(g, "ci95_bits_per_second"),
						     0)), 86.42752e6, 10);
	assert_near(json_number_value(json_array_get(json_object_get(g, "ci95_bits_per_second"),
						     1)), 99.57248e6, 10);
	assert_near(num(g, "min_bits_per_second", NULL, NULL), 90e6, 0);
	assert_near(num(g, "max_bits_per_second", NULL, NULL), 95e6, 0);
	assert_near(num(g, "cpu_median", "ap", "busy_pct"), 32, 0);
	assert_near(num(g, "cpu_median", "ap", "softirq_pct"), 11, 0);
	assert_near(num(g, "cpu_median", "ap", "max_core_busy_pct"), 81, 0);
	assert_near(num(g, "cpu_median", "sta", "busy_pct"), 20, 0);
	assert_true(json_is_null(json_object_get(g, "failure_status")));
	assert_true(json_is_null(json_object_get(g, "failure_diagnosis")));

	/* Every cell failed: no numbers, the status and diagnosis that explain it. */
	g = group(summary, "hwcrypt", "sae", "down");
	assert_int_equal(json_integer_value(json_object_get(g, "n")), 0);
	assert_int_equal(json_integer_value(json_object_get(g, "n_failed")), 3);
	assert_true(json_is_null(json_object_get(g, "median_bits_per_second")));
	assert_true(json_is_null(json_object_get(g, "ci95_bits_per_second")));
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(g, "cpu_median"),
								 "ap"), "busy_pct")));
	assert_string_equal(json_string_value(json_object_get(g, "failure_status")),
			    "ap_start_failed");
	assert_string_equal(json_string_value(json_object_get(g, "failure_diagnosis")),
			    "no_bip_cipher");

	/* Mixed: statistics over the two ok cells only. */
	g = group(summary, "nohwcrypt", "sae", "down");
	assert_int_equal(json_integer_value(json_object_get(g, "n")), 2);
	assert_int_equal(json_integer_value(json_object_get(g, "n_failed")), 1);
	assert_near(num(g, "median_bits_per_second", NULL, NULL), 21e6, 0);
	/* s = sqrt(2) Mbit/s, half = 12.7062 * s / sqrt(2) = 12.7062 Mbit/s */
	assert_near(json_number_value(json_array_get(json_object_get(g, "ci95_bits_per_second"),
						     1)), 33.7062e6, 1);
	assert_string_equal(json_string_value(json_object_get(g, "failure_status")),
			    "assoc_failed");
	assert_string_equal(json_string_value(json_object_get(g, "failure_diagnosis")),
			    "sae_timeout");
	json_decref(summary);
	json_decref(cells);
}

/* R type 7 (numpy's default): h = (n - 1) q, linear between x[floor h] and the next. */
static void test_quantile(void **state)
{
	double x[] = { 40, 10, 30, 20, 50 }, one[] = { 7 }, y[20];

	(void)state;
	assert_near(wb_stats_quantile(x, 5, 0.95), 48, 1e-12);
	assert_near(wb_stats_quantile(x, 5, 0.5), 30, 0);
	assert_near(wb_stats_quantile(x, 5, 0), 10, 0);
	assert_near(wb_stats_quantile(x, 5, 1), 50, 0);
	assert_near(wb_stats_quantile(one, 1, 0.95), 7, 0);
	assert_true(isnan(wb_stats_quantile(x, 0, 0.5)));
	assert_true(isnan(wb_stats_quantile(x, 5, 1.5)));
	assert_true(isnan(wb_stats_quantile(x, 5, NAN)));
	for (int i = 0; i < 20; i++)
		y[i] = 100 - i;  /* 81..100 */
	assert_near(wb_stats_quantile(y, 20, 0.95), 99.05, 1e-9);
}

/* Ties go to the string met first; NULL entries do not count. */
static void test_most_common(void **state)
{
	const char *v[] = { NULL, "b", "a", "a", "b", NULL, "c" };
	const char *w[] = { "x", "y", "y", "x", "z", "y" };
	const char *none[] = { NULL, NULL };

	(void)state;
	assert_ptr_equal(wb_stats_most_common(v, 7), v[1]);   /* a and b twice: b first */
	assert_ptr_equal(wb_stats_most_common(w, 6), w[1]);   /* y three times */
	assert_ptr_equal(wb_stats_most_common(v, 4), v[2]);   /* b once, a twice */
	assert_null(wb_stats_most_common(none, 2));
	assert_null(wb_stats_most_common(v, 0));
}

/* Reconnect cycles are pooled per mode over every cell that ran them, failed ones too;
 * a mode without any has null. */
static void test_summary_reconnect(void **state)
{
	json_t *cells = fixture_cells(), *summary, *c, *rc;
	const json_t *g;
	size_t i, n = 0;

	(void)state;
	json_array_foreach(cells, i, c) {
		const char *cr = json_string_value(json_object_get(c, "crypto"));
		const char *sec = json_string_value(json_object_get(c, "security"));
		const char *dir = json_string_value(json_object_get(c, "direction"));

		if (strcmp(cr, "hwcrypt") || strcmp(sec, "psk2") || strcmp(dir, "up"))
			continue;
		/* 3 cells: 10 of 10 (times 40..49), 9 of 10 (times 50..58), 0 of 5 */
		rc = n == 0 ? json_pack("{s:i, s:i, s:[i,i,i,i,i,i,i,i,i,i]}", "cycles", 10,
					"succeeded", 10, "samples_ms", 40, 41, 42, 43, 44, 45, 46, 47,
					48, 49) :
		     n == 1 ? json_pack("{s:i, s:i, s:[i,i,i,i,i,i,i,i,i]}", "cycles", 10,
					"succeeded", 9, "samples_ms", 50, 51, 52, 53, 54, 55, 56, 57,
					58) :
			      json_pack("{s:i, s:i, s:[]}", "cycles", 5, "succeeded", 0,
					"samples_ms");
		json_object_set_new(c, "reconnect", rc);
		if (n == 2)
			json_object_set_new(c, "status", json_string("traffic_failed"));
		n++;
	}
	assert_int_equal(n, 3);
	summary = wb_summary_compute(cells);
	assert_non_null(summary);
	g = group(summary, "hwcrypt", "psk2", "up");
	rc = json_object_get(g, "reconnect");
	assert_int_equal(json_integer_value(json_object_get(rc, "cycles")), 25);
	assert_int_equal(json_integer_value(json_object_get(rc, "succeeded")), 19);
	assert_near(num(rc, "success_rate", NULL, NULL), 19.0 / 25.0, 1e-12);
	assert_near(num(rc, "assoc_ms", "median", NULL), 49, 0);
	assert_near(num(rc, "assoc_ms", "p95", NULL), 57.1, 1e-9);
	assert_near(num(rc, "assoc_ms", "max", NULL), 58, 0);
	g = group(summary, "nohwcrypt", "psk2", "up");
	assert_true(json_is_null(json_object_get(g, "reconnect")));
	json_decref(summary);
	json_decref(cells);
}

static void test_summary_most_common(void **state)
{
	json_t *cells = json_array(), *summary, *g;
	static const char *const codes[] = { "b", "a", "a", NULL, "b", "a" };
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++)
		json_array_append_new(cells, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:o}",
						       "crypto", "hwcrypt", "security", "sae",
						       "proto", "tcp", "direction", "up",
						       "index", (json_int_t)i,
						       "status", i == 0 ? "error" : "ap_start_failed",
						       "diagnosis", codes[i] ?
						       json_pack("{s:s}", "code", codes[i]) :
						       json_null()));
	summary = wb_summary_compute(cells);
	g = json_array_get(summary, 0);
	assert_int_equal(json_integer_value(json_object_get(g, "n_failed")), 6);
	assert_string_equal(json_string_value(json_object_get(g, "failure_status")),
			    "ap_start_failed");
	assert_string_equal(json_string_value(json_object_get(g, "failure_diagnosis")), "a");
	json_decref(summary);
	json_decref(cells);
	/* Nothing to summarise. */
	summary = wb_summary_compute(json_array_get(json_null(), 0));
	assert_int_equal(json_array_size(summary), 0);
	json_decref(summary);
}

static void test_table_golden(void **state)
{
	json_t *cells = fixture_cells(), *summary = wb_summary_compute(cells);
	char *text, *golden = NULL, *path = wbt_src_path("tests/fixtures/results/table.txt");
	size_t len;

	(void)state;
	text = wb_table_render(summary, 0);
	assert_non_null(text);
	if (getenv("WBENCH_UPDATE_GOLDEN"))
		assert_int_equal(wb_write_file_atomic(path, text, strlen(text), 0644), 0);
	assert_int_equal(wb_read_file(path, 65536, &golden, &len), 0);
	assert_string_equal(text, golden);
	/* No escape codes unless asked. */
	assert_null(strchr(text, '\033'));
	free(text);
	free(golden);
	free(path);
	json_decref(summary);
	json_decref(cells);
}

/* With colour, removing the escapes gives the plain table back: widths ignore them. */
static void test_table_color(void **state)
{
	json_t *cells = fixture_cells(), *summary = wb_summary_compute(cells);
	char *plain = wb_table_render(summary, 0), *color = wb_table_render(summary, WB_TABLE_COLOR);
	char *stripped = calloc(1, strlen(color) + 1), *o = stripped;
	const char *s;

	(void)state;
	assert_non_null(strstr(color, "\033[31map_start_failed: no_bip_cipher\033[0m"));
	assert_non_null(strstr(color, "\033[32mok\033[0m"));
	assert_non_null(strstr(color, "\033[33m2 ok, 1 assoc_failed: sae_timeout\033[0m"));
	for (s = color; *s;) {
		if (*s == '\033') {
			s = strchr(s, 'm') + 1;
			continue;
		}
		*o++ = *s++;
	}
	assert_string_equal(stripped, plain);
	free(plain);
	free(color);
	free(stripped);
	json_decref(summary);
	json_decref(cells);
}

static void test_table_empty(void **state)
{
	json_t *summary = json_array();
	char *text = wb_table_render(summary, 0);

	(void)state;
	assert_string_equal(text, "crypto  security  proto  dir  n  Mbit/s  \u00b1ci95  AP cpu%  "
				  "AP core%  STA cpu%  status\n");
	free(text);
	json_decref(summary);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_t975),
		cmocka_unit_test(test_quantile),
		cmocka_unit_test(test_most_common),
		cmocka_unit_test(test_summary_reconnect),
		cmocka_unit_test(test_stats_n3),
		cmocka_unit_test(test_stats_even_and_small),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_most_common),
		cmocka_unit_test(test_table_golden),
		cmocka_unit_test(test_table_color),
		cmocka_unit_test(test_table_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
