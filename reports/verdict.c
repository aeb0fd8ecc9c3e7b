/*
 * The regression gate's verdict for one metric: MWU significance AND a bootstrap
 * interval beyond a noise band (criterion.rs's rule, with asv's rank test and
 * Pinpoint's "unknown, run more"); docs/compare.md, "How a verdict is reached".
 *
 * Defaults (throughput: ratio of medians, higher is better). The product requirement:
 * with 6 runs a side at 2% CV, A/A pairs say "regressed" in <= 1%, and a 5% drop is
 * found in >= 95%. wb_calibrate_run measures both (test_verdict.c asserts, `make bench`
 * prints). Measured over 5000 pairs, 6 v 6, alpha 0.05 (false regressions / power):
 *
 *                 band 0.25%    0.5%     0.75%     1%
 *   conf 0.80     2.1/96.0   2.0/95.9  1.6/95.7  1.1/95.1
 *   conf 0.90                          0.9/93.6  0.6/91.1
 *   conf 0.95                          0.4/87.8  0.2/84.2
 *
 * The same trade-off with the 95% interval the issue names: band 0.5%, 95% interval
 * gives 0.66% / 91.0% (5000 pairs), i.e. the row above at band 1%, 90%. We report and
 * decide on the 95% interval, so the interval in the output is the one the decision used.
 *
 * Both figures together, with margin, are out of reach for 6 v 6: even a test that
 * knew the noise was 2% and thresholded the ratio of medians (sd 1.3%) would find a
 * 5% drop only ~93% of the time at 1% false regressions (the one-sided Student t test
 * at 1%, the best test that does not need to know the noise, 91.8%; exact MWU at
 * U <= 3 of 36 (0.76%), 86%). We keep the false-alarm figure with margin, since a gate
 * that cries wolf gets switched off, and the power figure is met from 8 runs a side
 * (0.5% / 96.9%).
 *
 *   alpha 0.05    6 v 6 exact MWU can reach 0.0022. Alone it flags ~2% of A/A pairs
 *                 as regressions (U <= 5 of 36); alpha 0.01 (U <= 2) costs ~10 points
 *                 of power (80.6%). The interval condition removes most false alarms.
 *   band 0.5%, confidence 0.95: the upper end of the 95% interval of the ratio must lie
 *                 below 0.995. A pure-noise pair needs an apparent drop of ~3% to get
 *                 there; a 5% drop usually clears it. A 1% band costs 3 points of
 *                 power, a 2% band ~20.
 *   resamples 10000: the interval ends move by at most ~0.1% between seeds; ~1 ms.
 *   min_runs 5    the fewest equal runs for which MWU reaches p < 0.01 (5 v 5: 0.0079);
 *                 4 v 4 (p_min 0.029) can pass alpha 0.05 only at the extreme ordering.
 *   seed 1        fixed and reported, so a verdict can be reproduced.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/stats.h"
#include "reports/verdict.h"

const char *wb_verdict_outcome_name(enum wb_verdict_outcome v)
{
	switch (v) {
	case WB_VERDICT_SAME:
		return "same";
	case WB_VERDICT_REGRESSED:
		return "regressed";
	case WB_VERDICT_IMPROVED:
		return "improved";
	case WB_VERDICT_UNKNOWN:
		return "unknown";
	}
	return "unknown";
}

void wb_verdict_defaults(struct wb_verdict_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->alpha = 0.05;
	s->band = 0.005;
	s->min_runs = 5;
	s->boot.stat = WB_BOOTSTRAP_RATIO_OF_MEDIANS;
	s->boot.resamples = 10000;
	s->boot.confidence = 0.95;
	s->boot.seed = 1;
	s->higher_is_better = true;
}

static bool settings_ok(const struct wb_verdict_settings *s)
{
	return s && s->alpha > 0 && s->alpha < 1 && isfinite(s->band) && s->band >= 0 &&
	       s->boot.resamples > 0 && s->boot.confidence > 0 && s->boot.confidence < 1 &&
	       (s->boot.stat == WB_BOOTSTRAP_RATIO_OF_MEDIANS ||
		s->boot.stat == WB_BOOTSTRAP_DIFF_OF_MEDIANS) &&
	       (s->boot.stat != WB_BOOTSTRAP_RATIO_OF_MEDIANS || s->band < 1);
}

static bool values_ok(const double *x, size_t n)
{
	size_t i;

	if (n && !x)
		return false;
	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return false;
	return true;
}

/* Median of a copy of @x; NAN for n == 0. */
static int median_of(const double *x, size_t n, double *out)
{
	double *c;

	*out = NAN;
	if (n == 0)
		return 0;
	c = malloc(n * sizeof(*c));
	if (!c)
		return -ENOMEM;
	memcpy(c, x, n * sizeof(*c));
	*out = wb_stats_median(c, n);
	free(c);
	return 0;
}

/* Smallest k with k v k runs able to reach p < alpha (0 if none up to 1000). */
static size_t runs_needed(double alpha)
{
	size_t k;

	for (k = 1; k <= 1000; k++)
		if (wb_mwu_p_min(k, k) < alpha)
			return k;
	return 0;
}

#define REASON(out, ...) snprintf((out)->reason, sizeof((out)->reason), __VA_ARGS__)

/* Which way the interval falls relative to the band: -1 bad side, +1 good, 0 neither. */
static int interval_side(const struct wb_verdict_settings *s, double lo, double hi)
{
	bool ratio = s->boot.stat == WB_BOOTSTRAP_RATIO_OF_MEDIANS;
	double below = ratio ? 1 - s->band : -s->band, above = ratio ? 1 + s->band : s->band;
	int sign = s->higher_is_better ? 1 : -1;

	if (hi < below)
		return -sign;
	if (lo > above)
		return sign;
	return 0;
}

static void explain(const struct wb_verdict_settings *s, struct wb_verdict_result *out,
		    int side)
{
	bool ratio = s->boot.stat == WB_BOOTSTRAP_RATIO_OF_MEDIANS;
	const char *what = ratio ? "ratio" : "difference";
	double conf = s->boot.confidence * 100;
	char iv[96], bound[48];

	if (ratio)
		snprintf(iv, sizeof(iv), "%g%% interval [%.3f, %.3f]", conf, out->ci_lo,
			 out->ci_hi);
	else
		snprintf(iv, sizeof(iv), "%g%% interval [%.3g, %.3g]", conf, out->ci_lo,
			 out->ci_hi);
	if (side) {
		bool below = (side < 0) == s->higher_is_better;

		if (ratio)
			snprintf(bound, sizeof(bound), "%s 1 %s %g%%", below ? "below" : "above",
				 below ? "-" : "+", s->band * 100);
		else
			snprintf(bound, sizeof(bound), "%s %s%g", below ? "below" : "above",
				 below ? "-" : "+", s->band);
		REASON(out, "p %.2g < alpha %g and the %s of the %s lies %s", out->mwu.p,
		       s->alpha, iv, what, bound);
	} else if (out->mwu.p < s->alpha) {
		if (ratio)
			REASON(out, "p %.2g < alpha %g but the %s of the ratio is not "
			       "entirely outside 1 +/- %g%%", out->mwu.p, s->alpha, iv,
			       s->band * 100);
		else
			REASON(out, "p %.2g < alpha %g but the %s of the difference is not "
			       "entirely outside +/-%g", out->mwu.p, s->alpha, iv, s->band);
	} else {
		REASON(out, "p %.2g >= alpha %g: no significant difference (%s %.3g, %s)",
		       out->mwu.p, s->alpha, what, out->estimate, iv);
	}
}

int wb_verdict_decide(const double *base, size_t m, const double *cand, size_t n,
		      const struct wb_verdict_settings *s, struct wb_verdict_result *out)
{
	bool ratio;
	int rc, side;

	if (!out || !settings_ok(s) || !values_ok(base, m) || !values_ok(cand, n))
		return -EINVAL;
	ratio = s->boot.stat == WB_BOOTSTRAP_RATIO_OF_MEDIANS;
	memset(out, 0, sizeof(*out));
	out->verdict = WB_VERDICT_UNKNOWN;
	out->m = m;
	out->n = n;
	out->estimate = out->ci_lo = out->ci_hi = NAN;
	out->mwu.u = out->mwu.p = NAN;
	out->mwu.exact = false;
	out->mwu.p_min = wb_mwu_p_min(m, n);
	rc = median_of(base, m, &out->base_median);
	if (!rc)
		rc = median_of(cand, n, &out->cand_median);
	if (rc)
		return rc;
	if (m && n) {
		if (!ratio)
			out->estimate = out->cand_median - out->base_median;
		else if (out->base_median > 0 && out->cand_median >= 0)
			out->estimate = out->cand_median / out->base_median;
	}

	if (m == 0 || n == 0 || m < s->min_runs || n < s->min_runs) {
		REASON(out, "too few runs: baseline %zu, candidate %zu (min_runs %u)", m, n,
		       s->min_runs);
		return 0;
	}
	if (out->mwu.p_min >= s->alpha) {
		size_t k = runs_needed(s->alpha);

		REASON(out, "%zu v %zu runs cannot reach p < %g (smallest p %.2g): "
		       "run at least %zu a side", m, n, s->alpha, out->mwu.p_min, k);
		return 0;
	}
	/* A zero or negative baseline (a run that moved no data) has no ratio. A zero
	 * candidate does: 0, a collapse, which must stay visible as a regression. */
	if (ratio && !(out->base_median > 0)) {
		REASON(out, "baseline median %g: the ratio of medians is undefined",
		       out->base_median);
		return 0;
	}
	if (ratio && out->cand_median < 0) {
		REASON(out, "candidate median %g is negative: the ratio is meaningless",
		       out->cand_median);
		return 0;
	}
	/* Candidate as x: u counts pairs where the candidate is higher. */
	rc = wb_mwu_test(cand, n, base, m, &out->mwu);
	if (rc)
		return rc;
	rc = wb_bootstrap_interval(base, m, cand, n, &s->boot, &out->ci_lo, &out->ci_hi);
	if (rc == -EDOM) {
		out->ci_lo = out->ci_hi = NAN;
		REASON(out, "p %.2g, but a bootstrap resample of the baseline has median <= 0: "
		       "the ratio's interval is undefined", out->mwu.p);
		return 0;
	}
	if (rc)
		return rc;
	side = out->mwu.p < s->alpha ? interval_side(s, out->ci_lo, out->ci_hi) : 0;
	out->verdict = side < 0 ? WB_VERDICT_REGRESSED :
		       side > 0 ? WB_VERDICT_IMPROVED : WB_VERDICT_SAME;
	explain(s, out, side);
	return 0;
}
