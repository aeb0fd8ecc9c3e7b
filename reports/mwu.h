/*
 * wbench: the two-sided Mann-Whitney U test (Wilcoxon rank-sum) for two independent
 * samples, exact for small samples. The regression gate (reports/verdict.h) uses it on
 * the repetitions of one mode in a baseline and a candidate run.
 */
#ifndef WB_MWU_H
#define WB_MWU_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/wbench.h"

struct wb_mwu {
	double u;     /* U of @x: pairs (xi, yj) with xi > yj, plus half of the ties */
	double p;     /* two-sided p-value */
	bool exact;   /* p from the exact null distribution (else normal approximation) */
	double p_min; /* smallest two-sided p these sample sizes can reach (wb_mwu_p_min) */
};

/**
 * wb_mwu_test - two-sided Mann-Whitney U test of @x (m values) against @y (n values)
 * Exact when m + n is small enough for the recurrence (see mwu.c), otherwise the normal
 * approximation with tie correction. Ties in the exact case are handled conservatively
 * (the p-value is not made smaller by ties).
 * Returns: 0, -EINVAL (m or n is 0, or a value is not finite) or -ENOMEM.
 */
int wb_mwu_test(const double *x, size_t m, const double *y, size_t n, struct wb_mwu *out)
	WB_MUST_CHECK;

/**
 * wb_mwu_p_min - the smallest two-sided p-value reachable with sample sizes @m and @n:
 * 2 / C(m + n, m) (capped at 1). When it is not below alpha no outcome can be
 * significant: the honest verdict is "unknown, run more".
 */
double wb_mwu_p_min(size_t m, size_t n);

#endif /* WB_MWU_H */
