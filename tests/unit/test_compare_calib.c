/*
 * The gate's calibration end to end: simulated pairs of wbench-result/1 documents (one
 * mode, N ok cells a side, 2% normal noise) judged by wb_compare_docs, the path
 * `wbench compare` takes. The verdict-level calibration (test_verdict.c, `make bench`)
 * draws the same noise with the same seeds; scaled by a power of two (exact in binary
 * floating point) the compare path must reach exactly the same verdict counts: nothing
 * between a results file and the decision (cell selection, ordering, units) may bend the
 * calibrated rates. The product figures are asserted here on documents too.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/calibrate.h"
#include "reports/compare.h"
#include "tests/unit/compare_fixture.h"

#define MU 67108864.0 /* 2^26 bit/s (~67 Mbit/s): scaling by it is exact */
#define RUNS_MAX 16

struct doc_rates {
	size_t regressed, improved, same, unknown, other;
};

/* @pairs pairs through wb_compare_docs, noise drawn exactly as wb_calibrate_run does. */
static void compare_pairs(size_t pairs, size_t runs, double cv, double change, uint64_t seed,
			  struct doc_rates *out)
{
	struct wb_calibrate_noise g;
	double base[RUNS_MAX], cand[RUNS_MAX];
	size_t i, j;

	assert_true(runs <= RUNS_MAX);
	memset(out, 0, sizeof(*out));
	wb_calibrate_noise_init(&g, seed);
	for (i = 0; i < pairs; i++) {
		json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp = NULL;
		const char *v;
		char err[256];

		for (j = 0; j < runs; j++)
			base[j] = MU * (1.0 + cv * wb_calibrate_noise_normal(&g));
		for (j = 0; j < runs; j++)
			cand[j] = MU * ((1.0 + change) * (1.0 + cv * wb_calibrate_noise_normal(&g)));
		wbt_cmp_add(a, &(struct wbt_cmp_cells){ .bps = base, .n = runs });
		wbt_cmp_add(b, &(struct wbt_cmp_cells){ .bps = cand, .n = runs });
		if (wb_compare_docs(a, "a.json", b, "b.json", NULL, &cmp, err, sizeof(err)))
			fail_msg("%s", err);
		v = json_string_value(json_object_get(
			json_object_get(json_array_get(json_object_get(cmp, "groups"), 0),
					"throughput"), "verdict"));
		assert_non_null(v);
		if (!strcmp(v, "regressed"))
			out->regressed++;
		else if (!strcmp(v, "improved"))
			out->improved++;
		else if (!strcmp(v, "same"))
			out->same++;
		else if (!strcmp(v, "unknown"))
			out->unknown++;
		else
			out->other++;
		json_decref(cmp);
		json_decref(a);
		json_decref(b);
	}
}

/* The documents' counts equal the verdict-level simulation's, pair for pair in total. */
static void expect_same_as_verdict_level(const struct doc_rates *d, size_t pairs, size_t runs,
					 double change, uint64_t seed)
{
	struct wb_verdict_settings s;
	struct wb_calibrate_rates r;

	wb_verdict_defaults(&s);
	assert_int_equal(wb_calibrate_run(&s, pairs, runs, 0.02, change, seed, &r), 0);
	assert_int_equal(d->other, 0);
	assert_int_equal(d->regressed, (size_t)lround(r.regressed * (double)pairs));
	assert_int_equal(d->improved, (size_t)lround(r.improved * (double)pairs));
	assert_int_equal(d->same, (size_t)lround(r.same * (double)pairs));
	assert_int_equal(d->unknown, (size_t)lround(r.unknown * (double)pairs));
}

/* A/A, 6 v 6, 1000 pairs: false regressions <= 1% (measured 0.4%). */
static void test_aa_documents(void **state)
{
	struct doc_rates d;

	(void)state;
	compare_pairs(1000, 6, 0.02, 0, 1, &d);
	print_message("A/A 6 v 6 documents: %zu regressed, %zu improved, %zu same of 1000\n",
		      d.regressed, d.improved, d.same);
	assert_true(d.regressed <= 10);
	assert_true(d.improved <= 10);
	expect_same_as_verdict_level(&d, 1000, 6, 0, 1);
}

/*
 * A 5% drop at 2% CV: >= 95% found from 8 runs a side (measured 96.9%); at 6 v 6 the
 * measured 88.7% is guarded with a margin (the 95% goal is out of reach for 6 v 6 by
 * any two-sample test at <= 1% false regressions: docs/compare.md).
 */
static void test_drop_documents(void **state)
{
	struct doc_rates d;

	(void)state;
	compare_pairs(1000, 8, 0.02, -0.05, 2, &d);
	print_message("5%% drop 8 v 8 documents: %zu of 1000 regressed\n", d.regressed);
	assert_true(d.regressed >= 950);
	assert_int_equal(d.improved, 0);
	expect_same_as_verdict_level(&d, 1000, 8, -0.05, 2);

	compare_pairs(1000, 6, 0.02, -0.05, 2, &d);
	print_message("5%% drop 6 v 6 documents: %zu of 1000 regressed\n", d.regressed);
	assert_true(d.regressed >= 850);
	expect_same_as_verdict_level(&d, 1000, 6, -0.05, 2);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aa_documents),
		cmocka_unit_test(test_drop_documents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
