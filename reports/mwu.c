/*
 * Two-sided Mann-Whitney U test.
 *
 * Exact null distribution when m * n <= MWU_EXACT_MAX_MN (covers 50 v 50): the number of
 * orderings of m x's and n y's with U = u (pairs x > y) follows
 *   r(m, n, u) = r(m, n - 1, u) + r(m - 1, n, u - n)
 * (the largest value is either a y, adding no pair, or an x, beating all n y's), the
 * recurrence asv uses. It is evaluated bottom-up, one row per x count, only up to the
 * u we need: the distribution is symmetric, so P(U >= u) = P(U <= mn - u). Counts are
 * doubles (exact below 2^53, C(100, 50) ~ 1e29 fits) and only ever added.
 *
 * Ties, exact case: U is not uniquely defined, each tied pair may count either way, so
 * U lies anywhere in [U_strict, U_strict + ties]. We take the integer in that range that
 * gives the LARGEST p-value (the one nearest mn / 2): whatever way the ties are broken,
 * the reported p is not smaller. asv breaks ties the same conservative way. The U
 * reported is the usual mid-rank U (U_strict + ties / 2).
 *
 * Beyond the exact range: the normal approximation with mean mn/2, the tie-corrected
 * variance mn/12 * ((N + 1) - sum(t^3 - t) / (N (N - 1))) and a 0.5 continuity
 * correction (as scipy.stats.mannwhitneyu(method="asymptotic", use_continuity=True)).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "reports/mwu.h"

/* The exact table costs (min(m, n) + 1) * (mn / 2 + 1) doubles and m * n * mn / 2 adds:
 * ~10 k doubles and ~3 M adds at 50 v 50. */
#define MWU_EXACT_MAX_MN 2500

double wb_mwu_p_min(size_t m, size_t n)
{
	double c = 1.0;
	size_t k = m < n ? m : n, N = m + n, i;

	/* C(N, k) as a running product; exact enough in double for any realistic size
	 * and it only grows, so stop once 2 / c is negligible. */
	for (i = 1; i <= k && c < 1e300; i++)
		c = c * (double)(N - k + i) / (double)i;
	return 2.0 / c < 1.0 ? 2.0 / c : 1.0;
}

/*
 * P(U <= u) under H0 for sizes m, n (u <= m * n / 2 is cheapest; any u works).
 * Returns the probability, or -1 on allocation failure.
 */
static double exact_cdf(size_t m, size_t n, size_t u)
{
	size_t i, j, v, k, rows;
	double *r, total = 1.0, sum = 0.0;

	if (m > n) { /* the distribution is symmetric in (m, n): fewer rows */
		size_t t = m;

		m = n;
		n = t;
	}
	if (u >= m * n)
		return 1.0;
	k = u + 1;
	rows = m + 1;
	r = calloc(rows * k, sizeof(*r));
	if (!r)
		return -1.0;
	/* Row i holds r(i, j, 0..u) for the current j; j = 0: only U = 0. */
	for (i = 0; i < rows; i++)
		r[i * k] = 1.0;
	for (j = 1; j <= n; j++) {
		/* r(i, j, v) = r(i, j - 1, v) + r(i - 1, j, v - j); row i - 1 is
		 * already at j since i ascends; row 0 stays [1, 0, ...]. */
		for (i = 1; i < rows; i++)
			for (v = j; v < k; v++)
				r[i * k + v] += r[(i - 1) * k + v - j];
	}
	for (v = 0; v < k; v++)
		sum += r[m * k + v];
	free(r);
	for (i = 1; i <= m; i++)
		total = total * (double)(n + i) / (double)i;
	return sum / total > 1.0 ? 1.0 : sum / total;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* sum(t^3 - t) over the groups of tied values of x and y pooled. */
static int tie_term(const double *x, size_t m, const double *y, size_t n, double *out)
{
	double *all = malloc((m + n) * sizeof(*all)), s = 0.0;
	size_t i, j;

	if (!all)
		return -ENOMEM;
	for (i = 0; i < m; i++)
		all[i] = x[i];
	for (i = 0; i < n; i++)
		all[m + i] = y[i];
	qsort(all, m + n, sizeof(*all), cmp_double);
	for (i = 0; i < m + n; i = j) {
		double t;

		for (j = i + 1; j < m + n && all[j] == all[i]; j++)
			;
		t = (double)(j - i);
		s += t * t * t - t;
	}
	free(all);
	*out = s;
	return 0;
}

int wb_mwu_test(const double *x, size_t m, const double *y, size_t n, struct wb_mwu *out)
{
	size_t i, j, gt = 0, ties = 0;
	double mn = (double)m * (double)n;

	if (m == 0 || n == 0 || !x || !y)
		return -EINVAL;
	for (i = 0; i < m; i++)
		if (!isfinite(x[i]))
			return -EINVAL;
	for (j = 0; j < n; j++)
		if (!isfinite(y[j]))
			return -EINVAL;
	/* O(mn) pair count: samples are repetitions, tens at most. */
	for (i = 0; i < m; i++)
		for (j = 0; j < n; j++) {
			gt += x[i] > y[j];
			ties += x[i] == y[j];
		}
	out->u = (double)gt + (double)ties / 2.0;
	out->p_min = wb_mwu_p_min(m, n);
	if (m * n <= MWU_EXACT_MAX_MN && m <= MWU_EXACT_MAX_MN && n <= MWU_EXACT_MAX_MN) {
		size_t half = m * n / 2, u = gt, hi = gt + ties, ux;
		double cdf;

		/* Conservative tie breaking: the U in [gt, gt + ties] nearest mn / 2. */
		if (hi < half)
			u = hi;
		else if (u < half)
			u = half;
		ux = u < m * n - u ? u : m * n - u; /* the nearer tail */
		cdf = exact_cdf(m, n, ux);
		if (cdf < 0)
			return -ENOMEM;
		out->p = 2.0 * cdf < 1.0 ? 2.0 * cdf : 1.0;
		out->exact = true;
	} else {
		double ts, N = (double)(m + n), var, d;
		int rc = tie_term(x, m, y, n, &ts);

		if (rc)
			return rc;
		var = mn / 12.0 * ((N + 1.0) - ts / (N * (N - 1.0)));
		d = fabs(out->u - mn / 2.0) - 0.5;
		if (var <= 0 || d <= 0)
			out->p = 1.0;
		else
			out->p = fmin(1.0, erfc(d / sqrt(var) / sqrt(2.0)));
		out->exact = false;
	}
	return 0;
}
