/*
 * The latency gate (reports/compare_group.c, compare_latency.c): per mode the ok cells'
 * latency.added_ms.p90 (or the loaded p90 when a side has no idle baseline) judged like
 * the busiest core (exact Mann-Whitney and the bootstrap interval of the difference
 * beyond latency_band_ms, higher is worse); off by default, its verdict still reported;
 * the JUnit failure type; the text table's note.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/compare.h"
#include "reports/junit.h"
#include "reports/results.h"
#include "tests/unit/compare_fixture.h"
#include "wbench/lib/util.h"

#define UP "hwcrypt/sae/tcp/up"
#define DOWN "hwcrypt/sae/tcp/down"
#define UDP "hwcrypt/sae/udp/up"
#define PSK "hwcrypt/psk2/tcp/up"
#define OWE "hwcrypt/owe/tcp/up"

/* Added p90 in ms, six cells a side: medians 5.0, 12.0 (+7) and 5.3 (+0.3). */
static const double base6[6] = { 4.8, 5.0, 5.2, 4.9, 5.1, 5.0 };
static const double worse6[6] = { 11.8, 12.0, 12.2, 11.9, 12.1, 12.0 };
static const double near6[6] = { 5.1, 5.3, 5.5, 5.2, 5.4, 5.3 };
static const double better6[6] = { 1.8, 2.0, 2.2, 1.9, 2.1, 2.0 };

static json_t *compare(const json_t *a, const json_t *b, const struct wb_compare_gate *g)
{
	char err[512];
	json_t *out = NULL;

	/* the builder's documents, latency included, are real results documents */
	if (wb_results_validate(a, "a.json", err, sizeof(err)) ||
	    wb_results_validate(b, "b.json", err, sizeof(err)))
		fail_msg("%s", err);
	if (wb_compare_docs(a, "a.json", b, "b.json", g, &out, err, sizeof(err)))
		fail_msg("%s", err);
	return out;
}

/* A gate file's settings (@settings: the object's inside) loaded, or fail. */
static struct wb_compare_gate *gate_of(const char *settings)
{
	char text[512];

	snprintf(text, sizeof(text), "{\"settings\": {%s}}", settings);
	return wbt_gate_from(text);
}

static const json_t *lat(const json_t *cmp, const char *key)
{
	return json_object_get(wbt_cmp_group(cmp, key), "latency");
}

static const char *lat_str(const json_t *cmp, const char *key, const char *field)
{
	return json_string_value(json_object_get(lat(cmp, key), field));
}

static double lat_num(const json_t *cmp, const char *key, const char *field)
{
	const json_t *v = json_object_get(lat(cmp, key), field);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The message of gate @gate in group @key, or NULL. */
static const char *gate_message(const json_t *cmp, const char *key, const char *gate)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(wbt_cmp_group(cmp, key), "gates"), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "gate")), gate))
			return json_string_value(json_object_get(e, "message"));
	return NULL;
}

/*
 * sae tcp up: +7 ms (regressed); sae tcp down: +0.3 ms, significant but inside the 1 ms
 * band (same); sae udp up: -3 ms (improved); psk2: 3 v 3 (unknown); owe: no latency in
 * the candidate (not compared: null).
 */
static void pair(json_t **a, json_t **b)
{
	static const double three[3] = { 5, 6, 7 };

	*a = wbt_cmp_doc("sim");
	*b = wbt_cmp_doc("sim");
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .n = 6, .lat_p90 = base6 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .n = 6, .lat_p90 = worse6 });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .direction = "down", .n = 6, .lat_p90 = base6 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .direction = "down", .n = 6, .lat_p90 = near6 });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .proto = "udp", .n = 6, .lat_p90 = base6 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .proto = "udp", .n = 6, .lat_p90 = better6 });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .security = "psk2", .n = 3, .lat_p90 = three });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .security = "psk2", .n = 3, .lat_p90 = three });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .security = "owe", .n = 6, .lat_p90 = base6 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .security = "owe", .n = 6 });
}

static void test_latency_gate_on(void **state)
{
	struct wb_compare_gate *g = gate_of("\"gates\": {\"latency\": true}");
	json_t *a, *b, *cmp;

	(void)state;
	pair(&a, &b);
	cmp = compare(a, b, g);
	assert_string_equal(lat_str(cmp, UP, "verdict"), "regressed");
	assert_string_equal(lat_str(cmp, UP, "metric"), "added_ms.p90");
	assert_true(lat_num(cmp, UP, "baseline_median") == 5.0);
	assert_true(lat_num(cmp, UP, "candidate_median") == 12.0);
	assert_true(fabs(lat_num(cmp, UP, "change_ms") - 7.0) < 1e-12);
	assert_true(lat_num(cmp, UP, "band_ms") == 1.0);
	assert_int_equal(json_array_size(json_object_get(lat(cmp, UP), "candidate_ms")), 6);
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, UP), "latency"), "fail");
	assert_string_equal(gate_message(cmp, UP, "latency"),
			    "latency added under load, p90, 5.00 -> 12.00 ms (+7.00 ms): p 0.0022 "
			    "< alpha 0.05 and the 95% interval [6.8, 7.2] of the difference lies "
			    "above +1");
	/* significant, but within the band: same, the gate passes */
	assert_string_equal(lat_str(cmp, DOWN, "verdict"), "same");
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, DOWN), "latency"), "pass");
	assert_non_null(strstr(lat_str(cmp, DOWN, "reason"), "is not entirely outside +/-1"));
	/* lower is better */
	assert_string_equal(lat_str(cmp, UDP, "verdict"), "improved");
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, UDP), "latency"), "pass");
	/* three runs a side cannot reach p < 0.05 */
	assert_string_equal(lat_str(cmp, PSK, "verdict"), "unknown");
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, PSK), "latency"), "unknown");
	assert_non_null(strstr(gate_message(cmp, PSK, "latency"), "(run more repetitions)"));
	/* a side without latency: nothing to judge, no gate */
	assert_true(json_is_null(lat(cmp, OWE)));
	assert_null(wbt_cmp_gate_result(wbt_cmp_group(cmp, OWE), "latency"));
	assert_string_equal(json_string_value(json_object_get(cmp, "result")), "fail");
	json_decref(cmp);
	wb_compare_gate_free(g);
	json_decref(a);
	json_decref(b);
}

/* Off by default: computed and reported, never gated; the table still names it. */
static void test_latency_off_by_default(void **state)
{
	json_t *a, *b, *cmp;
	char *text;

	(void)state;
	pair(&a, &b);
	cmp = compare(a, b, NULL);
	assert_true(json_is_false(json_object_get(json_object_get(json_object_get(cmp,
						  "settings"), "gates"), "latency")));
	assert_string_equal(lat_str(cmp, UP, "verdict"), "regressed");
	assert_null(wbt_cmp_gate_result(wbt_cmp_group(cmp, UP), "latency"));
	assert_string_equal(json_string_value(json_object_get(wbt_cmp_group(cmp, UP), "result")),
			    "pass");
	assert_string_equal(json_string_value(json_object_get(cmp, "result")), "pass");
	text = wb_compare_render_text(cmp);
	assert_non_null(text);
	assert_non_null(strstr(text, "latency regressed"));
	assert_non_null(strstr(text, "latency improved"));
	free(text);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* A side without an idle baseline: both sides compare the loaded p90, and say so. */
static void test_latency_loaded_metric(void **state)
{
	struct wb_compare_gate *g = gate_of("\"gates\": {\"latency\": true}, "
					    "\"latency_band_ms\": 10");
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp;
	const char *msg;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 6, .lat_p90 = base6 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 6, .lat_p90 = worse6, .lat_no_idle = true });
	cmp = compare(a, b, g);
	assert_string_equal(lat_str(cmp, UP, "metric"), "loaded.rtt_ms.p90");
	assert_string_equal(lat_str(cmp, UP, "metric_reason"), "no idle baseline in 0 baseline "
			    "and 6 candidate cells: the loaded p90 instead of the added");
	/* the loaded p90 is 2 ms above the added one on both sides */
	assert_true(lat_num(cmp, UP, "baseline_median") == 7.0);
	assert_true(lat_num(cmp, UP, "candidate_median") == 14.0);
	/* +7 ms inside a 10 ms band */
	assert_string_equal(lat_str(cmp, UP, "verdict"), "same");
	msg = gate_message(cmp, UP, "latency");
	assert_non_null(msg);
	assert_non_null(strstr(msg, "loaded latency p90 (no idle baseline), 7.00 -> 14.00 ms"));
	json_decref(cmp);
	wb_compare_gate_free(g);
	json_decref(a);
	json_decref(b);
}

/* JUnit: a group whose first failed gate is latency fails with that type. */
static void test_latency_junit(void **state)
{
	struct wb_compare_gate *g = gate_of("\"gates\": {\"latency\": true}");
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp;
	char *x;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 6, .lat_p90 = base6 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 6, .lat_p90 = worse6 });
	cmp = compare(a, b, g);
	x = wb_junit_render(cmp);
	assert_non_null(x);
	assert_non_null(strstr(x, "<failure message=\"latency regressed: latency added under load, "
			       "p90, 5.00 -&gt; 12.00 ms (+7.00 ms): "));
	assert_non_null(strstr(x, "type=\"latency\">"));
	assert_non_null(strstr(x, "<property name=\"latency_verdict\" value=\"regressed\"/>"));
	assert_non_null(strstr(x, "<property name=\"latency_metric\" value=\"added_ms.p90\"/>"));
	assert_non_null(strstr(x, "<property name=\"latency_change_ms\" value=\"7\"/>"));
	assert_non_null(strstr(x, "<property name=\"latency_band_ms\" value=\"1\"/>"));
	free(x);
	json_decref(cmp);
	wb_compare_gate_free(g);
	json_decref(a);
	json_decref(b);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latency_gate_on),
		cmocka_unit_test(test_latency_off_by_default),
		cmocka_unit_test(test_latency_loaded_metric),
		cmocka_unit_test(test_latency_junit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
