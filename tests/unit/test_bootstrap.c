#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/bootstrap.h"
#include "wbench/lib/prng.h"

#include "tests/unit/assert_near.h"

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_sorted_copy(const double *v, size_t k)
{
	double *c = malloc(k * sizeof(*c)), r;
	size_t i;

	assert_non_null(c);
	for (i = 0; i < k; i++)
		c[i] = v[i];
	qsort(c, k, sizeof(*c), cmp);
	r = k % 2 ? c[k / 2] : (c[k / 2 - 1] + c[k / 2]) / 2;
	free(c);
	return r;
}

/*
 * The textbook version of what bootstrap.c documents: same draw order (m baseline
 * indices into the SORTED baseline, then n candidate indices), full sorts, type-7
 * quantiles. The library's counting medians and selection must agree exactly.
 */
static void naive(const double *base, size_t m, const double *cand, size_t n,
		  const struct wb_bootstrap_opts *o, double *lo, double *hi)
{
	double *sb = malloc(m * sizeof(*sb)), *sc = malloc(n * sizeof(*sc));
	double *st = malloc(o->resamples * sizeof(*st)), *rb = malloc(m * sizeof(*rb));
	double *rc = malloc(n * sizeof(*rc)), h;
	struct wb_prng rng;
	size_t i, j, k, B = o->resamples;

	assert_true(sb && sc && st && rb && rc);
	for (i = 0; i < m; i++)
		sb[i] = base[i];
	for (i = 0; i < n; i++)
		sc[i] = cand[i];
	qsort(sb, m, sizeof(*sb), cmp);
	qsort(sc, n, sizeof(*sc), cmp);
	wb_prng_init(&rng, o->seed);
	for (i = 0; i < B; i++) {
		double mb, mc;

		for (j = 0; j < m; j++)
			rb[j] = sb[wb_prng_below(&rng, m)];
		for (j = 0; j < n; j++)
			rc[j] = sc[wb_prng_below(&rng, n)];
		mb = median_sorted_copy(rb, m);
		mc = median_sorted_copy(rc, n);
		st[i] = o->stat == WB_BOOTSTRAP_RATIO_OF_MEDIANS ? mc / mb : mc - mb;
	}
	qsort(st, B, sizeof(*st), cmp);
	h = (double)(B - 1) * (1 - o->confidence) / 2;
	k = (size_t)floor(h);
	*lo = st[k] + (h - (double)k) * (k + 1 < B ? st[k + 1] - st[k] : 0);
	h = (double)(B - 1) * (1 + o->confidence) / 2;
	k = (size_t)floor(h);
	*hi = st[k] + (h - (double)k) * (k + 1 < B ? st[k + 1] - st[k] : 0);
	free(sb);
	free(sc);
	free(st);
	free(rb);
	free(rc);
}

static const double base6[] = { 101.0, 99.5, 100.2, 98.7, 100.9, 99.9 };
static const double cand6[] = { 95.1, 94.0, 96.2, 94.8, 95.5, 93.9 };
static const double cand5[] = { 95.1, 94.0, 96.2, 94.8, 95.5 };

static void test_matches_naive(void **state)
{
	static const struct { size_t m, n; unsigned int B; double c; int stat; } cases[] = {
		{ 6, 6, 10000, 0.95, WB_BOOTSTRAP_RATIO_OF_MEDIANS },
		{ 6, 5, 999, 0.90, WB_BOOTSTRAP_RATIO_OF_MEDIANS },
		{ 5, 6, 1, 0.95, WB_BOOTSTRAP_DIFF_OF_MEDIANS },
		{ 1, 1, 7, 0.5, WB_BOOTSTRAP_DIFF_OF_MEDIANS },
		{ 3, 2, 2000, 0.99, WB_BOOTSTRAP_DIFF_OF_MEDIANS },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wb_bootstrap_opts o = { .stat = cases[i].stat, .resamples = cases[i].B,
					       .confidence = cases[i].c, .seed = 42 + i };
		const double *c = cases[i].n == 5 ? cand5 : cand6;
		double lo, hi, nlo, nhi;

		assert_int_equal(wb_bootstrap_interval(base6, cases[i].m, c, cases[i].n, &o,
						       &lo, &hi), 0);
		naive(base6, cases[i].m, c, cases[i].n, &o, &nlo, &nhi);
		assert_near(lo, nlo, 1e-12);
		assert_near(hi, nhi, 1e-12);
		assert_true(lo <= hi);
	}
}

static void test_deterministic(void **state)
{
	struct wb_bootstrap_opts o = { .stat = WB_BOOTSTRAP_RATIO_OF_MEDIANS,
				       .resamples = 10000, .confidence = 0.95, .seed = 1 };
	double lo1, hi1, lo2, hi2, lo3, hi3;

	(void)state;
	assert_int_equal(wb_bootstrap_interval(base6, 6, cand6, 6, &o, &lo1, &hi1), 0);
	assert_int_equal(wb_bootstrap_interval(base6, 6, cand6, 6, &o, &lo2, &hi2), 0);
	assert_true(lo1 == lo2 && hi1 == hi2);
	o.seed = 2;
	assert_int_equal(wb_bootstrap_interval(base6, 6, cand6, 6, &o, &lo3, &hi3), 0);
	assert_true(lo3 != lo1 || hi3 != hi1);
	/* The inputs are not reordered. */
	assert_near(base6[0], 101.0, 0);
	assert_near(cand6[0], 95.1, 0);
}

static void test_clear_case(void **state)
{
	/* medians 100.05 and 94.95: ratio 0.949; every resample median lies between the
	 * extremes, so the interval is inside [93.9 / 101, 96.2 / 98.7]. */
	struct wb_bootstrap_opts o = { .stat = WB_BOOTSTRAP_RATIO_OF_MEDIANS,
				       .resamples = 10000, .confidence = 0.95, .seed = 7 };
	static const double k1[] = { 10, 10, 10 }, k2[] = { 9, 9, 9 };
	double lo, hi;

	(void)state;
	assert_int_equal(wb_bootstrap_interval(base6, 6, cand6, 6, &o, &lo, &hi), 0);
	assert_true(lo < 94.95 / 100.05 && 94.95 / 100.05 < hi);
	assert_true(lo >= 93.9 / 101.0 && hi <= 96.2 / 98.7);
	assert_true(hi < 0.98);
	/* A wider confidence gives a wider interval. */
	{
		double lo99, hi99;

		o.confidence = 0.99;
		assert_int_equal(wb_bootstrap_interval(base6, 6, cand6, 6, &o, &lo99, &hi99), 0);
		assert_true(lo99 <= lo && hi99 >= hi && (lo99 < lo || hi99 > hi));
	}
	/* Constant samples: the interval is the point. */
	o.confidence = 0.95;
	assert_int_equal(wb_bootstrap_interval(k1, 3, k2, 3, &o, &lo, &hi), 0);
	assert_near(lo, 0.9, 1e-15);
	assert_near(hi, 0.9, 1e-15);
}

static void test_diff_of_medians_interval(void **state)
{
	/* CPU busy %: baseline ~50, candidate ~55; the difference is in points. */
	static const double b[] = { 50.1, 49.5, 50.7, 49.9, 50.3, 50.0 };
	static const double c[] = { 55.2, 54.8, 55.9, 54.6, 55.1, 55.4 };
	struct wb_bootstrap_opts o = { .stat = WB_BOOTSTRAP_DIFF_OF_MEDIANS,
				       .resamples = 5000, .confidence = 0.95, .seed = 3 };
	double lo, hi;

	(void)state;
	assert_int_equal(wb_bootstrap_interval(b, 6, c, 6, &o, &lo, &hi), 0);
	assert_true(lo > 54.6 - 50.7 - 1e-9 && hi < 55.9 - 49.5 + 1e-9);
	assert_true(lo < 5.15 - 0.05 && hi > 5.15 - 0.05); /* medians 55.15 and 50.05 */
	assert_true(lo > 4 && hi < 6);
	/* Swapped sides: a negative difference (the draws differ, so not exactly -hi). */
	assert_int_equal(wb_bootstrap_interval(c, 6, b, 6, &o, &lo, &hi), 0);
	assert_true(lo > -6 && hi < -4);
}

static void test_bad_input_einval_no_ratio_edom(void **state)
{
	static const double ok[] = { 1, 2, 3 }, zero[] = { 0, 0, 0 }, nan[] = { 1, NAN };
	static const double neg[] = { -3, -2, -1 };
	struct wb_bootstrap_opts o = { .stat = WB_BOOTSTRAP_RATIO_OF_MEDIANS,
				       .resamples = 100, .confidence = 0.95, .seed = 1 };
	double lo, hi;

	(void)state;
	assert_int_equal(wb_bootstrap_interval(ok, 0, ok, 3, &o, &lo, &hi), -EINVAL);
	assert_int_equal(wb_bootstrap_interval(ok, 3, ok, 0, &o, &lo, &hi), -EINVAL);
	assert_int_equal(wb_bootstrap_interval(nan, 2, ok, 3, &o, &lo, &hi), -EINVAL);
	assert_int_equal(wb_bootstrap_interval(ok, 3, nan, 2, &o, &lo, &hi), -EINVAL);
	assert_int_equal(wb_bootstrap_interval(zero, 3, ok, 3, &o, &lo, &hi), -EDOM);
	/* A negative baseline median: no ratio either (not a "-100%" change). */
	assert_int_equal(wb_bootstrap_interval(neg, 3, ok, 3, &o, &lo, &hi), -EDOM);
	/* The candidate may be 0: a ratio of 0 is defined. */
	assert_int_equal(wb_bootstrap_interval(ok, 3, zero, 3, &o, &lo, &hi), 0);
	assert_near(hi, 0, 0);
	o.stat = WB_BOOTSTRAP_DIFF_OF_MEDIANS;
	assert_int_equal(wb_bootstrap_interval(zero, 3, ok, 3, &o, &lo, &hi), 0);
	o.resamples = 0;
	assert_int_equal(wb_bootstrap_interval(ok, 3, ok, 3, &o, &lo, &hi), -EINVAL);
	o.resamples = 100;
	o.confidence = 1;
	assert_int_equal(wb_bootstrap_interval(ok, 3, ok, 3, &o, &lo, &hi), -EINVAL);
	o.confidence = 0;
	assert_int_equal(wb_bootstrap_interval(ok, 3, ok, 3, &o, &lo, &hi), -EINVAL);
	o.confidence = NAN;
	assert_int_equal(wb_bootstrap_interval(ok, 3, ok, 3, &o, &lo, &hi), -EINVAL);
	o.confidence = 0.95;
	o.stat = (enum wb_bootstrap_stat)7;
	assert_int_equal(wb_bootstrap_interval(ok, 3, ok, 3, &o, &lo, &hi), -EINVAL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_naive),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_clear_case),
		cmocka_unit_test(test_diff_of_medians_interval),
		cmocka_unit_test(test_bad_input_einval_no_ratio_edom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
