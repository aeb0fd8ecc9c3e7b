#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/stats.h"

/* t(0.975, df) for df = 1..30. */
static const double t975_small[30] = {
	12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
	2.2010,  2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
	2.0796,  2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
};

/* Anchors above 30; the last one is the normal limit at 1/df = 0. */
static const struct { double df, t; } t975_large[] = {
	{ 30, 2.0423 }, { 40, 2.0211 }, { 60, 2.0003 }, { 120, 1.9799 }, { INFINITY, 1.9600 },
};

double wb_stats_t975(unsigned long df)
{
	double x, x0, x1;
	size_t i;

	if (df == 0)
		return NAN;
	if (df <= 30)
		return t975_small[df - 1];
	/* t is close to linear in 1/df between the anchors. */
	x = 1.0 / (double)df;
	for (i = 1; i < sizeof(t975_large) / sizeof(t975_large[0]); i++) {
		if ((double)df > t975_large[i].df)
			continue;
		x0 = 1.0 / t975_large[i - 1].df;
		x1 = isinf(t975_large[i].df) ? 0.0 : 1.0 / t975_large[i].df;
		return t975_large[i].t + (t975_large[i - 1].t - t975_large[i].t) *
						 (x - x1) / (x0 - x1);
	}
	return 1.96;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double wb_stats_median(double *x, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(x, n, sizeof(*x), cmp_double);
	return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2.0;
}

struct str_at {
	const char *s;
	size_t at;
};

static int cmp_str_at(const void *a, const void *b)
{
	const struct str_at *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	return c ? c : (x->at > y->at) - (x->at < y->at);
}

const char *wb_stats_most_common(const char *const *v, size_t n)
{
	struct str_at *e = malloc((n ? n : 1) * sizeof(*e));
	const char *best = NULL;
	size_t m = 0, i, j, best_n = 0, best_at = 0;

	if (!e)
		return NULL;
	for (i = 0; i < n; i++)
		if (v[i])
			e[m++] = (struct str_at){ v[i], i };
	qsort(e, m, sizeof(*e), cmp_str_at);
	/* runs of equal strings, each led by its first position */
	for (i = 0; i < m; i = j) {
		for (j = i + 1; j < m && !strcmp(e[j].s, e[i].s); j++)
			;
		if (j - i > best_n || (j - i == best_n && e[i].at < best_at)) {
			best_n = j - i;
			best_at = e[i].at;
			best = v[e[i].at];
		}
	}
	free(e);
	return best;
}

double wb_stats_quantile(double *x, size_t n, double q)
{
	double h, lo;
	size_t k;

	if (n == 0 || !(q >= 0.0 && q <= 1.0))
		return NAN;
	qsort(x, n, sizeof(*x), cmp_double);
	h = (double)(n - 1) * q;
	k = (size_t)h;
	lo = x[k];
	return k + 1 < n ? lo + (h - (double)k) * (x[k + 1] - lo) : lo;
}

int wb_stats_compute(const double *x, size_t n, struct wb_stats *out)
{
	double *s, sum = 0.0, ss = 0.0, half;
	size_t i;

	if (n == 0)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return -EINVAL;
	s = malloc(n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memcpy(s, x, n * sizeof(*s));
	out->n = n;
	out->median = wb_stats_median(s, n);
	out->min = s[0];
	out->max = s[n - 1];
	for (i = 0; i < n; i++)
		sum += s[i];
	out->mean = sum / (double)n;
	/* Two passes: the deviations are small next to the values (bits/s ~ 1e8). */
	for (i = 0; i < n; i++)
		ss += (s[i] - out->mean) * (s[i] - out->mean);
	free(s);
	if (n < 2) {
		out->stddev = out->ci95_lo = out->ci95_hi = NAN;
		return 0;
	}
	out->stddev = sqrt(ss / (double)(n - 1));
	half = wb_stats_t975(n - 1) * out->stddev / sqrt((double)n);
	out->ci95_lo = out->mean - half;
	out->ci95_hi = out->mean + half;
	return 0;
}

json_t *wb_stats_json(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}
