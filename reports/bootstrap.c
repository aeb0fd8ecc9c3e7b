/*
 * Percentile bootstrap of the ratio or difference of two medians.
 *
 * One wb_prng stream seeded with opts->seed; each resample draws m baseline indices then
 * n candidate indices with wb_prng_below, so an interval is a pure function of the
 * inputs, the statistic, the resample count and the seed. The samples are sorted once;
 * a resample is then just a count per index, and its median is read off the counts
 * (O(m) per resample, no per-resample sort).
 *
 * Quantile definition: the B statistics are ordered s(0) <= ... <= s(B-1) and the
 * q-quantile is linear between order statistics at h = (B - 1) q (Hyndman & Fan type 7,
 * the default of R and numpy); the interval is [Q((1 - c) / 2), Q((1 + c) / 2)]. The
 * order statistics are found by selection (O(B)), not a full sort.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "reports/bootstrap.h"
#include "wbench/lib/prng.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Value at position t of the resample described by @cnt over the sorted @v. */
static double at_rank(const double *v, const unsigned int *cnt, size_t t)
{
	size_t i, cum = 0;

	for (i = 0;; i++) {
		cum += cnt[i];
		if (cum > t)
			return v[i];
	}
}

/* Median of one resample with replacement of the sorted @v (k values). */
static double resample_median(struct wb_prng *rng, const double *v, size_t k,
			      unsigned int *cnt)
{
	size_t i;

	memset(cnt, 0, k * sizeof(*cnt));
	for (i = 0; i < k; i++)
		cnt[wb_prng_below(rng, k)]++;
	if (k % 2)
		return at_rank(v, cnt, k / 2);
	return (at_rank(v, cnt, k / 2 - 1) + at_rank(v, cnt, k / 2)) / 2.0;
}

/*
 * Rearrange a[0..n) so that a[k] is the k-th smallest, everything before it <= a[k] and
 * everything after >= a[k]. Three-way partitions: bootstrap medians of a few runs take
 * few distinct values, so duplicates are the common case.
 */
static void select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, lt = lo, i = lo, gt = hi;
		double x = a[lo], y = a[mid], z = a[hi], pivot, t;

		/* median of three */
		pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
		while (i <= gt) {
			if (a[i] < pivot) {
				t = a[i]; a[i] = a[lt]; a[lt] = t;
				lt++;
				i++;
			} else if (a[i] > pivot) {
				t = a[i]; a[i] = a[gt]; a[gt] = t;
				gt--; /* gt >= i >= lo + 1 here: some value equals pivot */
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt - 1;
		else if (k > gt)
			lo = gt + 1;
		else
			return;
	}
}

/* Smallest of a[0..n), n >= 1. */
static double min_of(const double *a, size_t n)
{
	double m = a[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (a[i] < m)
			m = a[i];
	return m;
}

/*
 * Type-7 quantiles @qlo <= @qhi of s[0..B), computed by selection (reorders @s).
 */
static void quantiles(double *s, size_t B, double qlo, double qhi, double *lo, double *hi)
{
	double h[2] = { (double)(B - 1) * qlo, (double)(B - 1) * qhi }, v[2];
	size_t k[2], done = 0, j;

	for (j = 0; j < 2; j++) {
		double a, b;

		k[j] = (size_t)floor(h[j]);
		if (k[j] > B - 1)
			k[j] = B - 1;
		/* Positions below `done` are already <= everything from `done` on. */
		if (j == 0 || k[j] > k[0]) {
			select_kth(s + done, B - done, k[j] - done);
			done = k[j] + 1;
		}
		a = s[k[j]];
		b = k[j] + 1 < B ? min_of(s + k[j] + 1, B - k[j] - 1) : a;
		v[j] = a + (h[j] - (double)k[j]) * (b - a);
	}
	*lo = v[0];
	*hi = v[1];
}

static bool all_finite(const double *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

int wb_bootstrap_interval(const double *base, size_t m, const double *cand, size_t n,
			  const struct wb_bootstrap_opts *opts, double *lo, double *hi)
{
	double *sb = NULL, *sc = NULL, *st = NULL, c;
	unsigned int *cnt = NULL;
	struct wb_prng rng;
	size_t i, B;
	int rc = 0;

	if (!base || !cand || !opts || !lo || !hi || m == 0 || n == 0 ||
	    opts->resamples == 0 || !(opts->confidence > 0 && opts->confidence < 1) ||
	    (opts->stat != WB_BOOTSTRAP_RATIO_OF_MEDIANS &&
	     opts->stat != WB_BOOTSTRAP_DIFF_OF_MEDIANS) ||
	    !all_finite(base, m) || !all_finite(cand, n))
		return -EINVAL;
	B = opts->resamples;
	c = opts->confidence;
	sb = malloc(m * sizeof(*sb));
	sc = malloc(n * sizeof(*sc));
	st = malloc(B * sizeof(*st));
	cnt = malloc((m > n ? m : n) * sizeof(*cnt));
	if (!sb || !sc || !st || !cnt) {
		rc = -ENOMEM;
		goto out;
	}
	memcpy(sb, base, m * sizeof(*sb));
	memcpy(sc, cand, n * sizeof(*sc));
	qsort(sb, m, sizeof(*sb), cmp_double);
	qsort(sc, n, sizeof(*sc), cmp_double);
	wb_prng_init(&rng, opts->seed);
	for (i = 0; i < B; i++) {
		double mb = resample_median(&rng, sb, m, cnt);
		double mc = resample_median(&rng, sc, n, cnt);

		if (opts->stat == WB_BOOTSTRAP_DIFF_OF_MEDIANS) {
			st[i] = mc - mb;
		} else if (!(mb > 0)) {
			/* A ratio to a zero or negative median (a negative rate slipped past
			 * validation) has no meaning: a sign flip would read as a change. */
			rc = -EDOM;
			goto out;
		} else {
			st[i] = mc / mb;
		}
	}
	quantiles(st, B, (1 - c) / 2, (1 + c) / 2, lo, hi);
out:
	free(sb);
	free(sc);
	free(st);
	free(cnt);
	return rc;
}
