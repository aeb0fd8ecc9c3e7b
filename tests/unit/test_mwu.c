#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/mwu.h"

#include "tests/unit/assert_near.h"

/* Relative tolerance for p-values that span many decades. */
#define assert_rel(a, b, r) assert_near(a, b, (r) * fabs(b))

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Reference p-values: scipy 1.10.1 (Debian python3-scipy),
 * scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="exact"), and
 * method="asymptotic", use_continuity=True for the normal approximation. U is
 * scipy's statistic, the U of x. scipy is not needed to run this test.
 */
static void check(const double *x, size_t m, const double *y, size_t n, double u, double p,
		  bool exact)
{
	struct wb_mwu r, rr;

	assert_int_equal(wb_mwu_test(x, m, y, n, &r), 0);
	assert_near(r.u, u, 0);
	assert_rel(r.p, p, 1e-9);
	assert_true(r.exact == exact);
	/* Swapping the samples mirrors U and keeps p. */
	assert_int_equal(wb_mwu_test(y, n, x, m, &rr), 0);
	assert_near(rr.u, (double)m * (double)n - u, 0);
	assert_rel(rr.p, p, 1e-12);
}

static void test_exact_reference(void **state)
{
	static const double sep6x[] = { 1, 2, 3, 4, 5, 6 }, sep6y[] = { 7, 8, 9, 10, 11, 12 };
	static const double sep5x[] = { 1, 2, 3, 4, 5 }, sep5y[] = { 6, 7, 8, 9, 10 };
	static const double altx[] = { 1, 3, 5, 7, 9, 11 }, alty[] = { 2, 4, 6, 8, 10, 12 };
	static const double u6x[] = { 1, 2, 4, 5, 6, 9 }, u6y[] = { 3, 7, 8, 10, 11, 12 };
	static const double m4x[] = { 1.5, 2.5, 8.5, 3.5 }, m4y[] = { 4, 5, 6, 7, 9, 10, 11 };
	static const double m3x[] = { 10, 20, 30 }, m3y[] = { 1, 2, 3, 4, 40 };
	static const double m10x[] = { 0.91, 0.95, 0.97, 0.99, 1.00, 1.02, 1.04, 1.05, 1.07,
				       1.10 };
	static const double m10y[] = { 0.92, 0.94, 0.96, 0.98, 1.01, 1.03, 1.06, 1.08, 1.09,
				       1.11 };

	(void)state;
	check(sep6x, 6, sep6y, 6, 0, 0.0021645021645021645, true);  /* 2 / 924 */
	check(sep5x, 5, sep5y, 5, 0, 0.007936507936507936, true);   /* 2 / 252 */
	check(altx, 6, alty, 6, 15, 0.6991341991341992, true);
	check(u6x, 6, u6y, 6, 6, 0.06493506493506493, true);        /* 2 * 30 / 924 */
	check(m4x, 4, m4y, 7, 4, 0.07272727272727272, true);
	check(m3x, 3, m3y, 5, 12, 0.25, true);
	check(m10x, 10, m10y, 10, 46, 0.7959362618805345, true);
}

static void test_exact_50(void **state)
{
	/* x = 0, 2, ..., 98; y = x + 21: the largest exact case. */
	double x[50], y[50];
	struct wb_mwu r;
	size_t i;

	(void)state;
	for (i = 0; i < 50; i++) {
		x[i] = 2.0 * (double)i;
		y[i] = x[i] + 21;
	}
	check(x, 50, y, 50, 780, 0.001055016471113676, true);
	/* The normal approximation would have said 0.0012094231070333462. */
	assert_int_equal(wb_mwu_test(x, 50, y, 50, &r), 0);
	assert_true(fabs(r.p - 0.0012094231070333462) > 1e-4);
}

static void test_normal_reference(void **state)
{
	/* 60 v 70 rounded normal draws (numpy default_rng(7)), many ties: the tie
	 * correction and the continuity correction both matter here. */
	static const double x[] = {
		100, 103, 97, 91, 95, 90, 101, 113, 95, 94, 105, 104, 101, 91, 100, 107,
		87, 95, 81, 87, 82, 98, 87, 103, 102, 98, 75, 95, 100, 101, 85, 95, 90, 92,
		111, 92, 100, 109, 94, 99, 101, 101, 88, 101, 114, 85, 109, 101, 94, 120,
		108, 88, 101, 106, 98, 107, 99, 107, 114, 93 };
	static const double y[] = {
		106, 99, 105, 92, 98, 102, 113, 115, 91, 96, 110, 84, 99, 103, 117, 111,
		101, 100, 101, 119, 100, 101, 108, 103, 102, 93, 104, 100, 116, 111, 104,
		111, 101, 115, 104, 110, 91, 107, 87, 84, 101, 95, 106, 126, 96, 98, 106,
		109, 102, 102, 111, 109, 94, 103, 104, 93, 107, 95, 114, 106, 105, 98, 103,
		84, 93, 108, 83, 112, 87, 112 };

	(void)state;
	assert_int_equal(N(x), 60);
	assert_int_equal(N(y), 70);
	check(x, N(x), y, N(y), 1478, 0.003667274343169867, false);
}

static void test_ties(void **state)
{
	/* One tied pair at the edge: breaking it either way gives U 0 or 1; the
	 * conservative p is that of U = 1: 2 * (1 + 1) / 924. */
	static const double x[] = { 1, 2, 3, 4, 5, 7 }, y[] = { 7, 8, 9, 10, 11, 12 };
	static const double same[] = { 5, 5, 5, 5 };
	/* Ties straddling the centre: some tie-break gives U = mn/2, so p = 1. */
	static const double a[] = { 3, 3, 3, 3, 3, 3 }, b[] = { 1, 3, 3, 3, 3, 9 };
	/* Ties far from the centre: all at the top of x and bottom of y. */
	static const double c[] = { 1, 2, 3, 4, 6, 6 }, d[] = { 6, 6, 7, 8, 9, 10 };
	struct wb_mwu r;

	(void)state;
	assert_int_equal(wb_mwu_test(x, 6, y, 6, &r), 0);
	assert_near(r.u, 0.5, 0);
	assert_rel(r.p, 4.0 / 924, 1e-12);
	assert_true(r.exact);
	assert_int_equal(wb_mwu_test(same, 4, same, 4, &r), 0);
	assert_near(r.u, 8, 0);
	assert_near(r.p, 1, 0);
	assert_int_equal(wb_mwu_test(a, 6, b, 6, &r), 0);
	assert_near(r.u, 6 + 12, 0);
	assert_near(r.p, 1, 0);
	/* gt 0, ties 4 (two 6s v two 6s): U in [0, 4], conservative U = 4:
	 * P(U <= 4) = (1 + 1 + 2 + 3 + 5) / 924. */
	assert_int_equal(wb_mwu_test(c, 6, d, 6, &r), 0);
	assert_near(r.u, 2, 0);
	assert_rel(r.p, 2.0 * 12 / 924, 1e-12);
}

static void test_p_min(void **state)
{
	(void)state;
	assert_rel(wb_mwu_p_min(6, 6), 2.0 / 924, 1e-12);
	assert_rel(wb_mwu_p_min(5, 5), 2.0 / 252, 1e-12);
	assert_rel(wb_mwu_p_min(4, 4), 2.0 / 70, 1e-12);
	assert_near(wb_mwu_p_min(3, 3), 0.1, 1e-15);
	assert_rel(wb_mwu_p_min(3, 8), 2.0 / 165, 1e-12);
	assert_rel(wb_mwu_p_min(8, 3), 2.0 / 165, 1e-12);
	assert_near(wb_mwu_p_min(1, 1), 1, 0);
	assert_near(wb_mwu_p_min(1, 2), 2.0 / 3, 1e-15);
	assert_near(wb_mwu_p_min(0, 5), 1, 0);
	assert_rel(wb_mwu_p_min(50, 50), 2.0 / 1.0089134454556419e29, 1e-9);
	assert_true(wb_mwu_p_min(2000, 2000) >= 0 && wb_mwu_p_min(2000, 2000) < 1e-290);
}

static void test_empty_nan_inf_einval(void **state)
{
	static const double x[] = { 1, 2, 3 }, nan[] = { 1, NAN }, inf[] = { INFINITY, 1 };
	struct wb_mwu r;

	(void)state;
	assert_int_equal(wb_mwu_test(x, 0, x, 3, &r), -EINVAL);
	assert_int_equal(wb_mwu_test(x, 3, x, 0, &r), -EINVAL);
	assert_int_equal(wb_mwu_test(nan, 2, x, 3, &r), -EINVAL);
	assert_int_equal(wb_mwu_test(x, 3, inf, 2, &r), -EINVAL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_reference),
		cmocka_unit_test(test_exact_50),
		cmocka_unit_test(test_normal_reference),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_p_min),
		cmocka_unit_test(test_empty_nan_inf_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
