#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/calibrate.h"
#include "reports/verdict.h"

#include "tests/unit/assert_near.h"

#define assert_reason(r, text) \
	do { \
		if (!strstr((r)->reason, (text))) \
			fail_msg("reason '%s' lacks '%s'", (r)->reason, (text)); \
	} while (0)

/* Throughput in Mbit/s: medians 100.05 and 94.95 (ratio 0.949), fully separated. */
static const double base6[] = { 101.0, 99.5, 100.2, 98.7, 100.9, 99.9 };
static const double drop6[] = { 95.1, 94.0, 96.2, 94.8, 95.5, 93.9 };

static void test_names_defaults(void **state)
{
	struct wb_verdict_settings s;

	(void)state;
	assert_string_equal(wb_verdict_outcome_name(WB_VERDICT_SAME), "same");
	assert_string_equal(wb_verdict_outcome_name(WB_VERDICT_REGRESSED), "regressed");
	assert_string_equal(wb_verdict_outcome_name(WB_VERDICT_IMPROVED), "improved");
	assert_string_equal(wb_verdict_outcome_name(WB_VERDICT_UNKNOWN), "unknown");
	wb_verdict_defaults(&s);
	assert_true(s.boot.stat == WB_BOOTSTRAP_RATIO_OF_MEDIANS);
	assert_true(s.higher_is_better);
	/* 6 v 6 must be able to decide at the default alpha; the documented minimum too. */
	assert_true(wb_mwu_p_min(6, 6) < s.alpha);
	assert_true(wb_mwu_p_min(s.min_runs, s.min_runs) < s.alpha);
}

static void test_regressed_improved(void **state)
{
	struct wb_verdict_settings s;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&s);
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_REGRESSED);
	assert_int_equal(r.m, 6);
	assert_int_equal(r.n, 6);
	assert_near(r.base_median, 100.05, 1e-9);
	assert_near(r.cand_median, 94.95, 1e-9);
	assert_near(r.estimate, 94.95 / 100.05, 1e-12);
	assert_true(r.mwu.exact);
	assert_near(r.mwu.u, 0, 0); /* no pair where the candidate is higher */
	assert_near(r.mwu.p, 2.0 / 924, 1e-12);
	assert_near(r.mwu.p_min, 2.0 / 924, 1e-12);
	assert_true(r.ci_lo < r.estimate && r.estimate < r.ci_hi && r.ci_hi < 1 - s.band);
	assert_reason(&r, "p 0.0022 < alpha 0.05 and the 95% interval [");
	assert_reason(&r, "] of the ratio lies below 1 - ");

	assert_int_equal(wb_verdict_decide(drop6, 6, base6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_IMPROVED);
	assert_near(r.mwu.u, 36, 0);
	assert_true(r.ci_lo > 1 + s.band);
	assert_reason(&r, "lies above 1 + ");

	/* Lower is better (e.g. a latency as a ratio): the same data, mirrored verdicts. */
	s.higher_is_better = false;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_IMPROVED);
	assert_reason(&r, "lies below 1 - ");
	assert_int_equal(wb_verdict_decide(drop6, 6, base6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_REGRESSED);
	assert_reason(&r, "lies above 1 + ");
}

static void test_same(void **state)
{
	/* Significant (fully separated) but only ~0.4% apart: inside the band. */
	static const double b[] = { 100.00, 100.02, 100.04, 100.06, 100.08, 100.10 };
	static const double c[] = { 99.60, 99.62, 99.64, 99.66, 99.68, 99.70 };
	/* Interleaved: not significant. */
	static const double d[] = { 99.6, 100.3, 99.4, 101.2, 100.1, 98.9 };
	struct wb_verdict_settings s;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&s);
	assert_int_equal(wb_verdict_decide(b, 6, c, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_SAME);
	assert_true(r.mwu.p < s.alpha);
	assert_true(r.ci_hi >= 1 - s.band);
	assert_reason(&r, "< alpha 0.05 but the 95% interval [");
	assert_reason(&r, "] of the ratio is not entirely outside 1 +/- ");
	/* With no band the same data is a regression: the band is what decided. */
	s.band = 0;
	assert_int_equal(wb_verdict_decide(b, 6, c, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_REGRESSED);

	wb_verdict_defaults(&s);
	assert_int_equal(wb_verdict_decide(base6, 6, d, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_SAME);
	assert_true(r.mwu.p >= s.alpha);
	assert_true(!isnan(r.ci_lo) && !isnan(r.ci_hi) && r.ci_lo < 1 && r.ci_hi > 1);
	assert_reason(&r, ">= alpha 0.05: no significant difference (ratio 0.998, 95% interval [");
}

static void test_unknown(void **state)
{
	struct wb_verdict_settings s;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&s);
	/* 3 v 3: p_min = 2 / 20 = 0.1 >= 0.05 whatever the data, even with min_runs 3. */
	s.min_runs = 3;
	assert_int_equal(wb_verdict_decide(base6, 3, drop6, 3, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_near(r.mwu.p_min, 0.1, 1e-15);
	assert_true(isnan(r.mwu.p) && isnan(r.mwu.u) && isnan(r.ci_lo) && isnan(r.ci_hi));
	assert_near(r.base_median, 100.2, 0); /* medians are still reported */
	assert_near(r.estimate, 95.1 / 100.2, 1e-12);
	assert_reason(&r, "3 v 3 runs cannot reach p < 0.05 (smallest p 0.1): "
		      "run at least 4 a side");

	/* Below min_runs on one side. */
	wb_verdict_defaults(&s);
	assert_int_equal(wb_verdict_decide(base6, 4, drop6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_true(isnan(r.mwu.p) && isnan(r.ci_lo));
	assert_reason(&r, "too few runs: baseline 4, candidate 6 (min_runs 5)");
	/* An empty side is allowed and unknown. */
	assert_int_equal(wb_verdict_decide(NULL, 0, drop6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_true(isnan(r.base_median) && isnan(r.estimate));
	assert_near(r.cand_median, 94.95, 1e-9);
}

static void test_zero_medians(void **state)
{
	static const double zero[] = { 0, 0, 0, 0, 0, 0 };
	/* Median 100 but one run moved nothing: some resamples have median 0. */
	static const double holey[] = { 0, 0, 0, 100, 101, 102, 103 };
	struct wb_verdict_settings s;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&s);
	assert_int_equal(wb_verdict_decide(zero, 6, base6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_true(isnan(r.estimate) && isnan(r.mwu.p));
	assert_reason(&r, "baseline median 0: the ratio of medians is undefined");
	/* A candidate collapsed to 0 is a regression, not unknown. */
	assert_int_equal(wb_verdict_decide(base6, 6, zero, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_REGRESSED);
	assert_near(r.estimate, 0, 0);
	assert_near(r.ci_hi, 0, 0);
	assert_int_equal(wb_verdict_decide(holey, 7, base6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_near(r.base_median, 100, 0);
	assert_false(isnan(r.mwu.p));
	assert_true(isnan(r.ci_lo) && isnan(r.ci_hi));
	assert_reason(&r, "resample of the baseline has median <= 0");
}

/* Negative rates (validation rejects them in files; the API takes any array). */
static void test_negative_medians(void **state)
{
	static const double neg[] = { -100, -101, -99, -102, -100, -98 };
	/* Median 100, but resamples drawing mostly the negative runs go below zero. */
	static const double holey[] = { -5, -5, -5, 100, 101, 102, 103 };
	struct wb_verdict_settings s;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&s);
	assert_int_equal(wb_verdict_decide(neg, 6, base6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_true(isnan(r.estimate));
	assert_reason(&r, "baseline median -100: the ratio of medians is undefined");
	assert_int_equal(wb_verdict_decide(holey, 7, base6, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_UNKNOWN);
	assert_near(r.base_median, 100, 0);
	assert_true(isnan(r.ci_lo) && isnan(r.ci_hi));
	assert_reason(&r, "resample of the baseline has median <= 0");
}

static void test_cpu_diff_against_point_band(void **state)
{
	/* Busiest-core CPU %, lower is better, band in percentage points. */
	static const double b[] = { 50.1, 49.5, 50.7, 49.9, 50.3, 50.0 };
	static const double c[] = { 55.2, 54.8, 55.9, 54.6, 55.1, 55.4 };
	static const double near[] = { 50.6, 50.9, 51.0, 50.8, 51.2, 50.75 };
	struct wb_verdict_settings s;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&s);
	s.boot.stat = WB_BOOTSTRAP_DIFF_OF_MEDIANS;
	s.band = 2;
	s.higher_is_better = false;
	assert_int_equal(wb_verdict_decide(b, 6, c, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_REGRESSED);
	assert_near(r.estimate, 55.15 - 50.05, 1e-9);
	assert_true(r.ci_lo > 2);
	assert_reason(&r, "] of the difference lies above +2");
	assert_int_equal(wb_verdict_decide(c, 6, b, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_IMPROVED);
	assert_reason(&r, "lies below -2");
	/* Significant, ~0.8 points: inside a 2-point band. */
	assert_int_equal(wb_verdict_decide(b, 6, near, 6, &s, &r), 0);
	assert_true(r.mwu.p < s.alpha);
	assert_int_equal(r.verdict, WB_VERDICT_SAME);
	assert_reason(&r, "not entirely outside +/-2");
	/* Zero medians are fine for a difference. */
	s.higher_is_better = true;
	assert_int_equal(wb_verdict_decide(b, 6, c, 6, &s, &r), 0);
	assert_int_equal(r.verdict, WB_VERDICT_IMPROVED);
}

static void test_bad_input_and_settings_einval(void **state)
{
	static const double nan6[] = { 1, 2, NAN, 4, 5, 6 };
	struct wb_verdict_settings s, d;
	struct wb_verdict_result r;

	(void)state;
	wb_verdict_defaults(&d);
	assert_int_equal(wb_verdict_decide(base6, 6, nan6, 6, &d, &r), -EINVAL);
	assert_int_equal(wb_verdict_decide(nan6, 6, base6, 6, &d, &r), -EINVAL);
	assert_int_equal(wb_verdict_decide(NULL, 6, base6, 6, &d, &r), -EINVAL);
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, NULL, &r), -EINVAL);
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &d, NULL), -EINVAL);
	s = d; s.alpha = 0;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.alpha = 1;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.alpha = NAN;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.band = -0.01;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.band = NAN;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.band = 1; /* a ratio band of 100% can never be left below */
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.boot.resamples = 0;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.boot.confidence = 1;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	s = d; s.boot.stat = (enum wb_bootstrap_stat)9;
	assert_int_equal(wb_verdict_decide(base6, 6, drop6, 6, &s, &r), -EINVAL);
	/* Invalid settings are refused even when the verdict would be unknown anyway. */
	s = d; s.alpha = 2;
	assert_int_equal(wb_verdict_decide(base6, 2, drop6, 2, &s, &r), -EINVAL);
}

/*
 * The product requirement, measured by the same routine `make bench` prints
 * (tests/bench/calibrate.c): 1000 simulated pairs, 2% CV, default settings, fixed seeds
 * (so these numbers are exact and the test deterministic). Measured when written:
 *   A/A 6 v 6:        0.4% false regressions (0.66% over 5000 pairs), 0.9% improvements
 *   5% drop, 6 v 6:  88.7% found (91% over 5000 pairs): BELOW the 95% goal; no gate on
 *                    6 v 6 medians can have both (docs/compare.md, "How a verdict is
 *                    reached"), so the false-alarm side was kept
 *   A/A 8 v 8:        0.5% false regressions;  5% drop, 8 v 8: 96.9% found
 */
static void test_calibration_aa(void **state)
{
	struct wb_verdict_settings s;
	struct wb_calibrate_rates r;

	(void)state;
	wb_verdict_defaults(&s);
	assert_int_equal(wb_calibrate_run(&s, 1000, 6, 0.02, 0, 1, &r), 0);
	assert_int_equal(r.pairs, 1000);
	assert_near(r.regressed + r.improved + r.same + r.unknown, 1, 1e-12);
	assert_true(r.regressed <= 0.010);
	assert_true(r.improved <= 0.010);
	assert_near(r.unknown, 0, 0);
	assert_int_equal(wb_calibrate_run(&s, 1000, 8, 0.02, 0, 1, &r), 0);
	assert_true(r.regressed <= 0.010);
	/* Without the interval condition MWU alone flags ~2% on each side: the band and
	 * interval are what keep the gate quiet. */
	s.band = 0;
	s.boot.confidence = 0.01;
	s.boot.resamples = 100;
	assert_int_equal(wb_calibrate_run(&s, 1000, 6, 0.02, 0, 1, &r), 0);
	assert_true(r.regressed >= 0.012);
}

static void test_calibration_power(void **state)
{
	struct wb_verdict_settings s;
	struct wb_calibrate_rates r;

	(void)state;
	wb_verdict_defaults(&s);
	/* The requirement's figure holds from 8 runs a side. */
	assert_int_equal(wb_calibrate_run(&s, 1000, 8, 0.02, -0.05, 2, &r), 0);
	assert_true(r.regressed >= 0.95);
	assert_near(r.improved, 0, 0);
	/* 6 v 6: guarded at its measured level (88.7%) less a margin. */
	assert_int_equal(wb_calibrate_run(&s, 1000, 6, 0.02, -0.05, 2, &r), 0);
	assert_true(r.regressed >= 0.85);
	assert_near(r.improved, 0, 0);
	/* Same noise seed, same draws, same rates. */
	{
		struct wb_calibrate_rates again;

		struct wb_calibrate_rates first;

		assert_int_equal(wb_calibrate_run(&s, 50, 6, 0.02, -0.05, 9, &first), 0);
		assert_int_equal(wb_calibrate_run(&s, 50, 6, 0.02, -0.05, 9, &again), 0);
		assert_true(again.regressed == first.regressed && again.same == first.same);
	}
	assert_int_equal(wb_calibrate_run(&s, 1, 6, 0.02, -1, 2, &r), -EINVAL);
	assert_int_equal(wb_calibrate_run(&s, 0, 6, 0.02, 0, 2, &r), -EINVAL);
	assert_int_equal(wb_calibrate_run(&s, 1, 6, -0.02, 0, 2, &r), -EINVAL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_defaults),
		cmocka_unit_test(test_regressed_improved),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_zero_medians),
		cmocka_unit_test(test_negative_medians),
		cmocka_unit_test(test_cpu_diff_against_point_band),
		cmocka_unit_test(test_bad_input_and_settings_einval),
		cmocka_unit_test(test_calibration_aa),
		cmocka_unit_test(test_calibration_power),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
