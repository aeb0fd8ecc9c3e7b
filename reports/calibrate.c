/* Simulated A/A and A/B pairs for the regression gate (see calibrate.h). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "reports/calibrate.h"
#include "wbench/lib/prng.h"

static double uniform01(struct wb_prng *p)
{
	/* 53 random bits, shifted by one so that log() never sees 0. */
	return (double)((wb_prng_next(p) >> 11) + 1) * 0x1.0p-53;
}

void wb_calibrate_noise_init(struct wb_calibrate_noise *g, uint64_t seed)
{
	wb_prng_init(&g->rng, seed);
	g->have = false;
	g->spare = 0;
}

/* Box-Muller: two independent standard normals from two uniforms in (0, 1]. */
double wb_calibrate_noise_normal(struct wb_calibrate_noise *g)
{
	const double two_pi = 6.283185307179586;
	double r, t;

	if (g->have) {
		g->have = false;
		return g->spare;
	}
	r = sqrt(-2.0 * log(uniform01(&g->rng)));
	t = two_pi * uniform01(&g->rng);
	g->spare = r * sin(t);
	g->have = true;
	return r * cos(t);
}

int wb_calibrate_run(const struct wb_verdict_settings *s, size_t pairs,
		     size_t runs_per_side, double cv, double true_change, uint64_t seed,
		     struct wb_calibrate_rates *out)
{
	size_t counts[4] = { 0 }, i, j;
	struct wb_calibrate_noise g;
	double *base, *cand;
	int rc = 0;

	if (!s || !out || pairs == 0 || runs_per_side == 0 || !isfinite(cv) || cv < 0 ||
	    !isfinite(true_change) || true_change <= -1)
		return -EINVAL;
	base = malloc(runs_per_side * sizeof(*base));
	cand = malloc(runs_per_side * sizeof(*cand));
	if (!base || !cand) {
		rc = -ENOMEM;
		goto out;
	}
	wb_calibrate_noise_init(&g, seed);
	for (i = 0; i < pairs; i++) {
		struct wb_verdict_result r;

		for (j = 0; j < runs_per_side; j++)
			base[j] = 1.0 + cv * wb_calibrate_noise_normal(&g);
		for (j = 0; j < runs_per_side; j++)
			cand[j] = (1.0 + true_change) * (1.0 + cv * wb_calibrate_noise_normal(&g));
		rc = wb_verdict_decide(base, runs_per_side, cand, runs_per_side, s, &r);
		if (rc)
			goto out;
		counts[r.verdict]++;
	}
	out->pairs = pairs;
	out->same = (double)counts[WB_VERDICT_SAME] / (double)pairs;
	out->regressed = (double)counts[WB_VERDICT_REGRESSED] / (double)pairs;
	out->improved = (double)counts[WB_VERDICT_IMPROVED] / (double)pairs;
	out->unknown = (double)counts[WB_VERDICT_UNKNOWN] / (double)pairs;
out:
	free(base);
	free(cand);
	return rc;
}
