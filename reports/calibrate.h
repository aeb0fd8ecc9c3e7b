/*
 * wbench: calibration of the regression gate (reports/verdict.h) by simulation: many
 * baseline/candidate pairs drawn from a known noise model, each judged by
 * wb_verdict_decide, and the share of each verdict. The unit test asserts the product
 * requirement with these numbers and `make bench` prints them, from the same code.
 */
#ifndef WB_CALIBRATE_H
#define WB_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reports/verdict.h"
#include "wbench/lib/prng.h"
#include "wbench/lib/wbench.h"

/* The noise of the simulated runs: standard normal draws (Box-Muller on wbench/lib/prng.h). */
struct wb_calibrate_noise {
	struct wb_prng rng;
	bool have;     /* Box-Muller makes two draws: the second is kept for the next call */
	double spare;
};

/** wb_calibrate_noise_init - seed @g (the same seed gives the same draws everywhere). */
void wb_calibrate_noise_init(struct wb_calibrate_noise *g, uint64_t seed);

/** wb_calibrate_noise_normal - the next standard normal draw. */
double wb_calibrate_noise_normal(struct wb_calibrate_noise *g);

struct wb_calibrate_rates {
	size_t pairs;
	double regressed, improved, same, unknown; /* fractions of pairs, sum 1 */
};

/**
 * wb_calibrate_run - share of verdicts over simulated pairs
 * @s: the gate's settings (used as given, seed included)
 * @pairs: how many baseline/candidate pairs (> 0)
 * @runs_per_side: runs in each sample (> 0)
 * @cv: coefficient of variation of one run (0.02 = 2%), >= 0
 * @true_change: the candidate's true relative change (-0.05 = a 5% drop), > -1
 * @seed: seed of the noise (wbench/lib/prng.h; normal draws by Box-Muller)
 * @out: filled on success
 *
 * A run's value is mu (1 + cv Z), Z standard normal, mu = 1 for the baseline and
 * 1 + @true_change for the candidate. With a DIFF statistic the values are the same
 * (a "difference" of ~@true_change). Deterministic for a seed.
 * Returns: 0, -EINVAL (bad argument or settings) or -ENOMEM.
 */
int wb_calibrate_run(const struct wb_verdict_settings *s, size_t pairs,
		     size_t runs_per_side, double cv, double true_change, uint64_t seed,
		     struct wb_calibrate_rates *out) WB_MUST_CHECK;

#endif /* WB_CALIBRATE_H */
