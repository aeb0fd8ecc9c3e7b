/*
 * The disconnects gate (reports/compare_group.c): the soaks' disconnects pooled per side,
 * new ones fail, a higher rate per soak second fails only when chance does not explain
 * it (one-sided exact conditional binomial test); not run without soaks, not gated when
 * switched off; its JUnit failure type; the text table's note.
 */
#include <errno.h>
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
#define PSK "hwcrypt/psk2/tcp/up"
#define PSK_DOWN "hwcrypt/psk2/tcp/down"
#define OWE "hwcrypt/owe/tcp/up"

static json_t *compare(const json_t *a, const json_t *b, const struct wb_compare_gate *g)
{
	char err[512];
	json_t *out = NULL;

	/* the builder's documents, soaks included, are real results documents */
	assert_int_equal(wb_results_validate(a, "a.json", err, sizeof(err)), 0);
	assert_int_equal(wb_results_validate(b, "b.json", err, sizeof(err)), 0);
	if (wb_compare_docs(a, "a.json", b, "b.json", g, &out, err, sizeof(err)))
		fail_msg("%s", err);
	return out;
}

static const json_t *dc(const json_t *cmp, const char *key)
{
	return json_object_get(json_object_get(wbt_cmp_group(cmp, key), "functional"),
			       "disconnects");
}

static const char *verdict(const json_t *cmp, const char *key)
{
	return json_string_value(json_object_get(dc(cmp, key), "verdict"));
}

static double p_of(const json_t *cmp, const char *key)
{
	const json_t *p = json_object_get(dc(cmp, key), "p");

	return json_is_number(p) ? json_number_value(p) : NAN;
}

/*
 * One cell a side and mode, an hour of soak each:
 * sae up 0 -> 2 (new), sae down 1 -> 12 (worse: P(X >= 12 | X ~ Bin(13, 1/2)) = 14/8192),
 * psk2 up 2 -> 3 (p = 1/2: not worse), psk2 down 3 -> 0 (fixed), owe: no soak on either side;
 * sae/psk2 udp: no soak in the baseline, 1 disconnect in the candidate (new).
 */
static void pair(json_t **a, json_t **b)
{
	*a = wbt_cmp_doc("sim");
	*b = wbt_cmp_doc("sim");
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .n = 1, .soak_s = 3600 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .n = 1, .soak_s = 3600, .disc = { 2, 2 } });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .direction = "down", .n = 1, .soak_s = 3600,
						 .disc = { 1, 1 } });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .direction = "down", .n = 1, .soak_s = 3600,
						 .disc = { 12, 12 } });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .security = "psk2", .n = 1, .soak_s = 3600,
						 .disc = { 2, 2 } });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .security = "psk2", .n = 1, .soak_s = 3600,
						 .disc = { 3, 3 } });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .security = "psk2", .direction = "down", .n = 1,
						 .soak_s = 3600, .disc = { 3, 3 } });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .security = "psk2", .direction = "down", .n = 1,
						 .soak_s = 3600 });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .security = "owe", .n = 1 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .security = "owe", .n = 1 });
	wbt_cmp_add(*a, &(struct wbt_cmp_cells){ .proto = "udp", .n = 1 });
	wbt_cmp_add(*b, &(struct wbt_cmp_cells){ .proto = "udp", .n = 1, .soak_s = 1800,
						 .disc = { 1, 1 } });
}

static void test_disconnects_gate(void **state)
{
	json_t *a, *b, *cmp;
	const json_t *g;

	(void)state;
	pair(&a, &b);
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, UP);
	assert_string_equal(verdict(cmp, UP), "new_disconnects");
	assert_string_equal(wbt_cmp_gate_result(g, "disconnects"), "fail");
	assert_string_equal(json_string_value(json_object_get(dc(cmp, UP), "reason")),
			    "soak disconnects: baseline 0 in 1.00 h; candidate 2 in 1.00 h");
	assert_true(isnan(p_of(cmp, UP)));
	assert_int_equal(json_integer_value(json_object_get(dc(cmp, UP), "candidate_disconnects")),
			 2);
	assert_true(json_number_value(json_object_get(dc(cmp, UP), "baseline_soak_s")) == 3600);
	/* 1 -> 12 in equal times: the candidate's share of 13 is 12 or more by chance 14/8192 */
	assert_string_equal(verdict(cmp, DOWN), "worse");
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, DOWN), "disconnects"), "fail");
	assert_true(fabs(p_of(cmp, DOWN) - 14.0 / 8192.0) < 1e-15);
	/* 2 -> 3: P(X >= 3 | Bin(5, 1/2)) = 16/32, chance explains it */
	assert_string_equal(verdict(cmp, PSK), "still_disconnecting");
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, PSK), "disconnects"), "pass");
	assert_true(fabs(p_of(cmp, PSK) - 0.5) < 1e-15);
	assert_string_equal(verdict(cmp, PSK_DOWN), "fixed");
	assert_string_equal(wbt_cmp_gate_result(wbt_cmp_group(cmp, PSK_DOWN), "disconnects"),
			    "pass");
	/* no soak on either side: not run, not gated */
	assert_string_equal(verdict(cmp, OWE), "not_run");
	assert_null(wbt_cmp_gate_result(wbt_cmp_group(cmp, OWE), "disconnects"));
	/* a baseline without a soak had none */
	assert_string_equal(verdict(cmp, "hwcrypt/sae/udp/up"), "new_disconnects");
	assert_non_null(strstr(json_string_value(json_object_get(dc(cmp, "hwcrypt/sae/udp/up"),
								 "reason")),
			       "baseline no soak; candidate 1 in 0.50 h"));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* A longer candidate soak dilutes its count: 1 in 1 h against 4 in 8 h is not worse. */
static void test_rate_not_count(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 1, .soak_s = 3600, .disc = { 1, 1 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 4, .soak_s = 7200, .disc = { 1, 1 } });
	cmp = compare(a, b, NULL);
	assert_string_equal(verdict(cmp, UP), "still_disconnecting");
	/* P(X >= 4 | Bin(5, 8/9)) = (8/9)^5 + 5 (8/9)^4 (1/9) */
	assert_true(fabs(p_of(cmp, UP) - (pow(8.0 / 9, 5) + 5 * pow(8.0 / 9, 4) / 9)) < 1e-12);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* A mode on one side only is not compared; gates.disconnects off: computed, not gated. */
static void test_not_compared_and_off(void **state)
{
	static const char gate[] = "{\"settings\": {\"gates\": {\"disconnects\": false}}}";
	struct wb_compare_gate *g;
	json_t *a, *b, *cmp;

	(void)state;
	pair(&a, &b);
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "sae-ext", .n = 1, .soak_s = 60,
						 .disc = { 1, 1 } });
	cmp = compare(a, b, NULL);
	assert_string_equal(verdict(cmp, "hwcrypt/sae-ext/tcp/up"), "not_compared");
	assert_null(wbt_cmp_gate_result(wbt_cmp_group(cmp, "hwcrypt/sae-ext/tcp/up"),
					"disconnects"));
	assert_true(json_is_true(json_object_get(json_object_get(json_object_get(cmp, "settings"),
								 "gates"), "disconnects")));
	json_decref(cmp);

	g = wbt_gate_from(gate);
	cmp = compare(a, b, g);
	assert_string_equal(verdict(cmp, DOWN), "worse");
	assert_null(wbt_cmp_gate_result(wbt_cmp_group(cmp, DOWN), "disconnects"));
	assert_string_equal(json_string_value(json_object_get(wbt_cmp_group(cmp, DOWN), "result")),
			    "unknown");
	assert_true(json_is_false(json_object_get(json_object_get(json_object_get(cmp, "settings"),
								  "gates"), "disconnects")));
	json_decref(cmp);
	wb_compare_gate_free(g);
	json_decref(a);
	json_decref(b);
}

/* JUnit: a group whose first failed gate is disconnects fails with that type. */
static void test_junit_type(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp;
	char *x, *text;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 1, .soak_s = 3600, .disc = { 1, 1 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 1, .soak_s = 3600, .disc = { 12, 12 } });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .direction = "down", .n = 1, .soak_s = 3600,
						 .disc = { 2, 2 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .direction = "down", .n = 1, .soak_s = 3600,
						 .disc = { 3, 3 } });
	cmp = compare(a, b, NULL);
	x = wb_junit_render(cmp);
	assert_non_null(x);
	assert_non_null(strstr(x, "<failure message=\"disconnects worse: soak disconnects: "
			       "baseline 1 in 1.00 h; candidate 12 in 1.00 h (exact rate test p = "
			       "0.00171)\" type=\"disconnects\">"));
	assert_non_null(strstr(x, "<property name=\"disconnects\" value=\"worse\"/>"));
	assert_non_null(strstr(x, "<property name=\"disconnects\" value=\"still_disconnecting\"/>"));
	free(x);
	/* the text table names a failed gate, and notes a state that passes */
	text = wb_compare_render_text(cmp);
	assert_non_null(text);
	assert_non_null(strstr(text, "disconnects worse"));
	assert_non_null(strstr(text, "disconnects still_disconnecting"));
	free(text);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disconnects_gate),
		cmocka_unit_test(test_rate_not_count),
		cmocka_unit_test(test_not_compared_and_off),
		cmocka_unit_test(test_junit_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
