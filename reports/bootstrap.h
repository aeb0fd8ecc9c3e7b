/*
 * wbench: seeded percentile-bootstrap intervals for comparing two samples (baseline,
 * candidate). Each sample is resampled independently with replacement; the generator is
 * wbench/lib/prng.h, so the same seed gives the same interval on every machine.
 */
#ifndef WB_BOOTSTRAP_H
#define WB_BOOTSTRAP_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"

/* What is bootstrapped: the candidate's median over the baseline's, or their difference. */
enum wb_bootstrap_stat {
	WB_BOOTSTRAP_RATIO_OF_MEDIANS, /* median(cand) / median(base); for throughput */
	WB_BOOTSTRAP_DIFF_OF_MEDIANS,  /* median(cand) - median(base); for CPU percentages */
};

struct wb_bootstrap_opts {
	enum wb_bootstrap_stat stat;
	unsigned int resamples; /* e.g. 10000 */
	double confidence;      /* e.g. 0.95 */
	uint64_t seed;
};

/**
 * wb_bootstrap_interval - percentile-bootstrap interval of the statistic
 * @base: m values, @cand: n values (not modified)
 * @lo, @hi: the interval's ends
 * The quantile definition and the order of the draws are in bootstrap.c.
 * Returns: 0; -EINVAL (empty sample, a non-finite value, resamples 0, confidence not in
 * (0, 1), unknown statistic), -EDOM (a ratio and some baseline resample has median <= 0:
 * the ratio is undefined, not the input invalid) or -ENOMEM.
 */
int wb_bootstrap_interval(const double *base, size_t m, const double *cand, size_t n,
			  const struct wb_bootstrap_opts *opts, double *lo, double *hi)
	WB_MUST_CHECK;

#endif /* WB_BOOTSTRAP_H */
