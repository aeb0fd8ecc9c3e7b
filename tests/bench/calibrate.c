/*
 * make bench (gate part): the regression gate's calibration with its default settings,
 * from the same routine the unit test asserts on (reports/calibrate.c). Prints the A/A
 * false-alarm rates, the power on a 5% drop, and power by drop size and by runs per
 * side: what a CI maintainer needs to pick a number of repetitions.
 * Usage: calibrate [PAIRS] [CV]
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/calibrate.h"

static int run(const struct wb_verdict_settings *s, size_t pairs, size_t runs, double cv,
	       double change, uint64_t seed, struct wb_calibrate_rates *r)
{
	int rc = wb_calibrate_run(s, pairs, runs, cv, change, seed, r);

	if (rc)
		fprintf(stderr, "calibrate: %s\n", strerror(-rc));
	return rc;
}

/* Half-width of the 95% normal-approximation interval of a rate over @n pairs, in %. */
static double pm(double rate, size_t n)
{
	return 196.0 * sqrt(rate * (1 - rate) / (double)n);
}

int main(int argc, char **argv)
{
	static const double drops[] = { 0.02, 0.03, 0.05, 0.10 };
	static const size_t runs[] = { 3, 5, 6, 8, 10 };
	size_t pairs = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000, i;
	double cv = argc > 2 ? strtod(argv[2], NULL) : 0.02;
	struct wb_calibrate_rates aa[5], drop[5];
	struct wb_verdict_settings s;
	struct wb_calibrate_rates r;

	if (pairs == 0 || !(cv >= 0)) {
		fprintf(stderr, "usage: calibrate [PAIRS > 0] [CV >= 0]\n");
		return 2;
	}
	wb_verdict_defaults(&s);
	printf("gate calibration: %zu simulated pairs, normal noise %g%% CV, defaults alpha %g, "
	       "band %g%%, %g%% interval of %u resamples, min_runs %u\n", pairs, cv * 100,
	       s.alpha, s.band * 100, s.boot.confidence * 100, s.boot.resamples, s.min_runs);
	/* Noise seeds as in tests/unit/test_verdict.c (A/A 1, drops 2), so these lines are
	 * what it asserts; every column reuses them (common random numbers). */
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		if (run(&s, pairs, runs[i], cv, 0, 1, &aa[i]) ||
		    run(&s, pairs, runs[i], cv, -0.05, 2, &drop[i]))
			return 1;
	printf("  A/A, 6 v 6:      false regressions %5.1f%% +/- %.1f (goal <= 1%%), "
	       "false improvements %.1f%%, unknown %.1f%%\n", aa[2].regressed * 100,
	       pm(aa[2].regressed, pairs), aa[2].improved * 100, aa[2].unknown * 100);
	printf("  5%% drop, 6 v 6: found %5.1f%% +/- %.1f (goal >= 95%%)\n",
	       drop[2].regressed * 100, pm(drop[2].regressed, pairs));
	printf("  A/A, 8 v 8:      false regressions %5.1f%% +/- %.1f; 5%% drop found %.1f%% "
	       "+/- %.1f\n", aa[3].regressed * 100, pm(aa[3].regressed, pairs),
	       drop[3].regressed * 100, pm(drop[3].regressed, pairs));

	printf("  power by drop (6 v 6):    ");
	for (i = 0; i < sizeof(drops) / sizeof(drops[0]); i++) {
		if (run(&s, pairs, 6, cv, -drops[i], 2, &r))
			return 1;
		printf("  %2.0f%%: %5.1f%%", drops[i] * 100, r.regressed * 100);
	}
	printf("\n  by runs per side         ");
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		printf("  %5zu v %-2zu", runs[i], runs[i]);
	printf("\n    A/A false regressions  ");
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		printf("  %9.1f%%", aa[i].regressed * 100);
	printf("\n    A/A unknown            ");
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		printf("  %9.1f%%", aa[i].unknown * 100);
	printf("\n    5%% drop found          ");
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		printf("  %9.1f%%", drop[i].regressed * 100);
	printf("\n");
	return 0;
}
