/*
 * wbench: the statistical verdict of one metric of one mode, baseline against candidate
 * (docs/compare.md, "How a verdict is reached"; ../anchors-benchmarks.md section 4).
 *
 *   unknown   - fewer than min_runs on a side, or the sample sizes cannot reach
 *               p < alpha (wb_mwu_p_min >= alpha): "run more", not a guess
 *   regressed - MWU p < alpha AND the whole bootstrap interval lies beyond the noise
 *               band on the bad side
 *   improved  - the mirror case
 *   same      - anything else
 */
#ifndef WB_VERDICT_H
#define WB_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reports/bootstrap.h"
#include "reports/mwu.h"
#include "wbench/lib/wbench.h"

/* Not "enum wb_verdict": wbench/diag/predict.h already owns that name and wb_verdict_name. */
enum wb_verdict_outcome {
	WB_VERDICT_SAME,
	WB_VERDICT_REGRESSED,
	WB_VERDICT_IMPROVED,
	WB_VERDICT_UNKNOWN,
};

struct wb_verdict_settings {
	double alpha;               /* significance level of the MWU test */
	double band;                /* noise band: a ratio's fraction (0.02 = 2%) for
				     * RATIO, or absolute units (percentage points) for DIFF */
	unsigned int min_runs;      /* fewer ok runs on either side: unknown */
	struct wb_bootstrap_opts boot;
	bool higher_is_better;      /* throughput: true; CPU load: false */
};

struct wb_verdict_result {
	enum wb_verdict_outcome verdict;
	size_t m, n;                /* sample sizes */
	double base_median, cand_median;
	double estimate;            /* ratio or difference of the medians */
	double ci_lo, ci_hi;        /* bootstrap interval (NAN when not computed) */
	struct wb_mwu mwu;          /* candidate as x (u: pairs where it is higher); u and
				     * p NAN when not computed, p_min always set */
	char reason[256];           /* one line: why this verdict, with the numbers */
};

/** wb_verdict_outcome_name - "same", "regressed", "improved", "unknown" (static). */
const char *wb_verdict_outcome_name(enum wb_verdict_outcome v);

/**
 * wb_verdict_defaults - the default settings for throughput (ratio of medians,
 * higher is better): alpha 0.05, band 0.005, min_runs 5, 95% interval of 10000
 * resamples, seed 1. Documented in docs/compare.md and reports/verdict.c; calibrated by
 * tests/unit/test_verdict.c at 2% CV: A/A false regressions <= 1% (6 v 6 and 8 v 8), a
 * 5% drop found >= 95% from 8 runs a side (~89-91% at 6 v 6)
 * @s: filled completely (callers then change what they need, e.g. stat and band)
 */
void wb_verdict_defaults(struct wb_verdict_settings *s);

/**
 * wb_verdict_decide - compare @base (m values) and @cand (n values)
 * Values need not be sorted and are not modified. m or n may be 0 (verdict unknown).
 * A ratio needs a positive baseline median (else unknown, with the reason); a candidate
 * median of 0 is a ratio of 0.
 * Returns: 0 (with @out filled), -EINVAL (a non-finite value or invalid settings) or
 * -ENOMEM.
 */
int wb_verdict_decide(const double *base, size_t m, const double *cand, size_t n,
		      const struct wb_verdict_settings *s, struct wb_verdict_result *out)
	WB_MUST_CHECK;

#endif /* WB_VERDICT_H */
