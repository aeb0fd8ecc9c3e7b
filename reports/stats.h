/*
 * wbench: descriptive statistics for repeated measurements: n, mean, median, sample
 * standard deviation, a 95% confidence interval of the mean (Student t), min, max.
 */
#ifndef WB_STATS_H
#define WB_STATS_H

#include <stddef.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

struct wb_stats {
	size_t n;
	double mean;
	double median;   /* mean of the two middle values when n is even */
	double stddev;   /* sample standard deviation (n - 1); NAN when n < 2 */
	double ci95_lo;  /* mean -/+ t(0.975, n-1) * stddev / sqrt(n); NAN when n < 2 */
	double ci95_hi;
	double min, max;
};

/**
 * wb_stats_compute - statistics of @n values
 * @x: the values (not modified); every one must be finite
 * @out: filled on success
 * Returns: 0, -EINVAL (n == 0 or a value is NaN/infinite) or -ENOMEM.
 */
int wb_stats_compute(const double *x, size_t n, struct wb_stats *out) WB_MUST_CHECK;

/**
 * wb_stats_median - median of @n values; sorts @x in place
 * Returns: the median, NAN when n == 0.
 */
double wb_stats_median(double *x, size_t n);

/**
 * wb_stats_quantile - the @q quantile (0..1) of @n values, linear between the order
 * statistics (R's type 7, numpy's default); sorts @x in place
 * Returns: the quantile, NAN when n == 0 or @q is outside 0..1.
 */
double wb_stats_quantile(double *x, size_t n, double q);

/**
 * wb_stats_most_common - the most frequent string of @v (NULL entries skipped); on a tie
 * the one that comes first in @v. O(n log n): results files may hold many thousand cells.
 * Returns: an element of @v (borrowed), NULL when none; -ENOMEM is NULL as well.
 */
const char *wb_stats_most_common(const char *const *v, size_t n);

/**
 * wb_stats_t975 - two-sided 95% Student t quantile t(0.975, @df)
 * Exact table (4 decimals) for df 1..30, 40, 60, 120; in between linear in 1/df; beyond
 * 120 it approaches 1.96 (the normal quantile), linear in 1/df as well.
 * Returns: the quantile, NAN for df == 0.
 */
double wb_stats_t975(unsigned long df);

/**
 * wb_stats_json - @v as a JSON real, or JSON null for NaN and infinities (JSON has no such
 * numbers: a statistic that does not exist is null)
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_stats_json(double v);

#endif /* WB_STATS_H */
