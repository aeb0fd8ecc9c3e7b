#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/scenario/plan.h"
#include "wbench/lib/prng.h"
#include "wbench/scenario/scenario.h"

static struct wb_scenario *load(const char *rel)
{
	const char *top = getenv("WBENCH_SRCDIR");
	struct wb_scenario *sc = NULL;
	char path[4096], err[512];

	snprintf(path, sizeof(path), "%s/%s", top && *top ? top : ".", rel);
	if (wb_scenario_load(path, &sc, err, sizeof(err)))
		fail_msg("%s", err);
	return sc;
}

static void test_prng_reference(void **state)
{
	/* The reference splitmix64.c output for seed 1234567. */
	static const uint64_t want[] = { 6457827717110365317ULL, 3203168211198807973ULL,
					 9817491932198370423ULL, 4593380528125082431ULL,
					 16408922859458223821ULL };
	struct wb_prng p;
	size_t i;
	int seen[7] = { 0 };

	(void)state;
	wb_prng_init(&p, 1234567);
	for (i = 0; i < 5; i++)
		assert_true(wb_prng_next(&p) == want[i]);
	wb_prng_init(&p, 7);
	for (i = 0; i < 700; i++) {
		uint64_t v = wb_prng_below(&p, 7);

		assert_true(v < 7);
		seen[v]++;
	}
	for (i = 0; i < 7; i++)
		assert_true(seen[i] > 0);
	assert_int_equal(wb_prng_below(&p, 1), 0);
}

static void test_expansion(void **state)
{
	struct wb_scenario *sc = load("tests/fixtures/scenarios/base.json");
	struct wb_plan *plan;
	char key[64];
	size_t i;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	/* 2 crypto x 2 security x 1 proto x 2 directions, 3 repetitions. */
	assert_int_equal(plan->n_modes, 8);
	assert_int_equal(plan->n_rounds, 3);
	assert_int_equal(plan->n_cells, 24);
	for (i = 0; i < plan->n_cells; i++) {
		const struct wb_plan_cell *c = &plan->cells[i];
		size_t m = i / 3;

		assert_int_equal(c->index, i);
		assert_int_equal(c->mode, m);
		assert_int_equal(c->repetition, i % 3);
		/* crypto outermost, direction innermost among the mode dimensions */
		assert_int_equal(c->crypto, sc->crypto[m / 4]);
		assert_ptr_equal(c->security, &sc->security[(m / 2) % 2]);
		assert_int_equal(c->proto, WB_SCENARIO_PROTO_TCP);
		assert_int_equal(c->direction, sc->traffic.dirs[m % 2]);
		assert_ptr_equal(wb_plan_at(plan, c->order), c);
	}
	assert_string_equal(wb_plan_mode_key(&plan->cells[0], key, sizeof(key)),
			    "hwcrypt/psk2/tcp/up");
	assert_string_equal(wb_plan_mode_key(&plan->cells[23], key, sizeof(key)),
			    "nohwcrypt/sae/tcp/down");
	assert_null(wb_plan_at(plan, 24));
	wb_plan_free(plan);
	wb_scenario_free(sc);
}

/* Every round holds every mode exactly once, in rounds of increasing repetition. */
static void check_rounds(const struct wb_plan *plan)
{
	unsigned char *seen = calloc(plan->n_modes, 1);
	size_t k;

	assert_non_null(seen);
	for (k = 0; k < plan->n_cells; k++) {
		const struct wb_plan_cell *c = wb_plan_at(plan, k);

		if (k % plan->n_modes == 0)
			memset(seen, 0, plan->n_modes);
		assert_int_equal(c->order, k);
		assert_int_equal(c->repetition, k / plan->n_modes);
		assert_int_equal(seen[c->mode], 0);
		seen[c->mode] = 1;
	}
	free(seen);
}

static void test_order(void **state)
{
	struct wb_scenario *sc = load("scenarios/mt7620-wpa3-sim.json");
	struct wb_plan *a, *b, *c;
	size_t k, moved = 0;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &a), 0);
	assert_int_equal(wb_plan_new(sc, &b), 0);
	assert_int_equal(a->n_cells, 48);
	check_rounds(a);
	/* Same seed, same order. */
	assert_memory_equal(a->by_order, b->by_order, a->n_cells * sizeof(a->by_order[0]));
	/* A different seed gives a different order. */
	sc->seed = 2;
	assert_int_equal(wb_plan_new(sc, &c), 0);
	check_rounds(c);
	assert_memory_not_equal(a->by_order, c->by_order, a->n_cells * sizeof(a->by_order[0]));
	/* And the order is really shuffled, not the expansion order. */
	for (k = 0; k < 16; k++)
		moved += wb_plan_at(a, k)->mode != k;
	assert_true(moved > 8);
	/* Rounds are shuffled independently: round 1 is not a copy of round 0. */
	for (k = 0, moved = 0; k < 16; k++)
		moved += wb_plan_at(a, k)->mode != wb_plan_at(a, 16 + k)->mode;
	assert_true(moved > 0);
	wb_plan_free(a);
	wb_plan_free(b);
	wb_plan_free(c);
	wb_scenario_free(sc);
}

/* Pins the algorithm documented in docs/scenario.md: results from older runs stay reproducible. */
static void test_order_golden(void **state)
{
	/* Computed by an independent Python transcription of the documented algorithm. */
	static const size_t quick[] = { 2, 0, 3, 1 };
	static const size_t mt7620_round2[] = { 10, 1, 5, 6, 15, 2, 8, 0,
						14, 11, 7, 3, 9, 13, 12, 4 };
	struct wb_scenario *sc = load("scenarios/quick-sim.json");
	struct wb_plan *plan;
	size_t k;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	assert_int_equal(plan->n_cells, 4);
	for (k = 0; k < 4; k++)
		assert_int_equal(wb_plan_at(plan, k)->mode, quick[k]);
	wb_plan_free(plan);
	wb_scenario_free(sc);

	sc = load("scenarios/mt7620-wpa3-sim.json");
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	for (k = 0; k < 16; k++)
		assert_int_equal(wb_plan_at(plan, 32 + k)->mode, mt7620_round2[k]);
	wb_plan_free(plan);
	wb_scenario_free(sc);
}

/*
 * A real lab (backend local): 2 crypto x 2 security x 1 proto x 2 directions, so 4 modes
 * per crypto block; @reps rounds; @crypto the crypto_modes list.
 */
static struct wb_scenario *real_lab(const char *crypto, unsigned int reps, unsigned int seed)
{
	struct wb_scenario *sc = NULL;
	char text[1024], err[512];

	snprintf(text, sizeof(text),
		 "{\"name\":\"r\",\"lab\":{\"backend\":\"local\",\"ap\":{\"phy\":\"phy0\"},"
		 "\"sta\":{\"phy\":\"phy1\"},\"sniffer\":{\"enabled\":false}},"
		 "\"crypto_modes\":%s,\"security\":[\"none\",\"owe\"],"
		 "\"traffic\":{\"proto\":\"tcp\",\"direction\":[\"up\",\"down\"],\"duration_s\":1},"
		 "\"repetitions\":%u,\"seed\":%u}", crypto, reps, seed);
	if (wb_scenario_parse(text, strlen(text), "r.json", NULL, &sc, err, sizeof(err)))
		fail_msg("%s", err);
	return sc;
}

/* Blocks of one crypto mode, ABBA, each block one round of that mode's 4 modes. */
static void check_abba(const struct wb_plan *plan, enum wb_crypto_mode first)
{
	const size_t per = 4;
	unsigned char seen[8];
	size_t k, b;

	assert_true(plan->blocks);
	for (b = 0; b < plan->n_cells / per; b++) {
		/* blocks 0, 3, 4, 7, ... run the first mode; 1, 2, 5, 6, ... the other */
		enum wb_crypto_mode want = (b % 4 == 0 || b % 4 == 3) ? first : !first;

		memset(seen, 0, sizeof(seen));
		for (k = b * per; k < (b + 1) * per; k++) {
			const struct wb_plan_cell *c = wb_plan_at(plan, k);

			assert_int_equal(c->crypto, want);
			assert_int_equal(c->repetition, b / 2);
			assert_int_equal(seen[c->mode], 0);
			seen[c->mode] = 1;
		}
	}
}

static void test_real_lab_runs_crypto_blocks_abba(void **state)
{
	struct wb_scenario *sc = real_lab("[\"hwcrypt\",\"nohwcrypt\"]", 4, 1);
	struct wb_plan *plan;
	size_t k, moved = 0;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	assert_int_equal(plan->n_cells, 32);
	check_abba(plan, wb_plan_at(plan, 0)->crypto);
	/* A B | B A | A B | B A: one flip per round */
	assert_int_equal(wb_plan_flips(plan), 4);
	/* the modes inside the blocks are shuffled, not in expansion order */
	for (k = 0; k < plan->n_cells; k++)
		moved += wb_plan_at(plan, k)->mode % 4 != k % 4;
	assert_true(moved > 8);
	wb_plan_free(plan);
	wb_scenario_free(sc);
}

/* Which mode runs first is drawn from the seed: both happen. */
static void test_real_lab_first_mode_from_seed(void **state)
{
	struct wb_scenario *sc;
	struct wb_plan *plan;
	unsigned int seed, first_sw = 0;

	(void)state;
	for (seed = 1; seed <= 64; seed++) {
		sc = real_lab("[\"hwcrypt\",\"nohwcrypt\"]", 3, seed);
		assert_int_equal(wb_plan_new(sc, &plan), 0);
		check_abba(plan, wb_plan_at(plan, 0)->crypto);
		assert_int_equal(wb_plan_flips(plan), 3);
		first_sw += wb_plan_at(plan, 0)->crypto == WB_CRYPTO_SW;
		wb_plan_free(plan);
		wb_scenario_free(sc);
	}
	/* nohwcrypt first for 34 of the 64 seeds in the Python transcription */
	assert_int_equal(first_sw, 34);
}

/* Pins the block order documented in docs/scenario.md, like test_order_golden. */
static void test_real_lab_order_golden(void **state)
{
	/* Computed by an independent Python transcription of the documented algorithm. */
	static const size_t seed1[] = { 2, 1, 0, 3, 4, 7, 6, 5, 7, 6, 4, 5,
					2, 0, 3, 1, 0, 3, 1, 2, 5, 4, 6, 7 };
	static const size_t seed2[] = { 5, 7, 4, 6, 3, 2, 0, 1, 1, 2, 0, 3,
					4, 6, 7, 5, 4, 7, 5, 6, 1, 3, 0, 2 };
	struct wb_scenario *sc = real_lab("[\"hwcrypt\",\"nohwcrypt\"]", 3, 1);
	struct wb_plan *plan;
	size_t k;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	for (k = 0; k < 24; k++)
		assert_int_equal(wb_plan_at(plan, k)->mode, seed1[k]);
	wb_plan_free(plan);
	wb_scenario_free(sc);
	sc = real_lab("[\"hwcrypt\",\"nohwcrypt\"]", 3, 2);
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	for (k = 0; k < 24; k++)
		assert_int_equal(wb_plan_at(plan, k)->mode, seed2[k]);
	wb_plan_free(plan);
	wb_scenario_free(sc);
}

/* One crypto mode: no draw for the block order, so the sim's order, and no flip. */
static void test_real_lab_one_mode_as_interleaved(void **state)
{
	struct wb_scenario *sc = real_lab("[\"nohwcrypt\"]", 5, 7);
	struct wb_plan *real, *sim;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &real), 0);
	sc->lab.backend = WB_SCENARIO_BACKEND_SIM;
	assert_int_equal(wb_plan_new(sc, &sim), 0);
	assert_true(real->blocks);
	assert_false(sim->blocks);
	assert_memory_equal(real->by_order, sim->by_order, real->n_cells * sizeof(size_t));
	assert_int_equal(wb_plan_flips(real), 0);
	wb_plan_free(real);
	wb_plan_free(sim);
	sc->lab.backend = WB_SCENARIO_BACKEND_LOCAL; /* freed as what it was parsed as */
	wb_scenario_free(sc);
}

/* The sim interleaves the crypto modes too: it counts the changes all the same. */
static void test_sim_flips_counted(void **state)
{
	struct wb_scenario *sc = load("scenarios/mt7620-wpa3-sim.json");
	struct wb_plan *plan;
	size_t k, n = 0;

	(void)state;
	assert_int_equal(wb_plan_new(sc, &plan), 0);
	assert_false(plan->blocks);
	for (k = 1; k < plan->n_cells; k++)
		n += wb_plan_at(plan, k)->crypto != wb_plan_at(plan, k - 1)->crypto;
	assert_int_equal(wb_plan_flips(plan), n);
	assert_int_equal(n, 26); /* the Python transcription's count */
	wb_plan_free(plan);
	wb_scenario_free(sc);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prng_reference),
		cmocka_unit_test(test_expansion),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_order_golden),
		cmocka_unit_test(test_real_lab_runs_crypto_blocks_abba),
		cmocka_unit_test(test_real_lab_first_mode_from_seed),
		cmocka_unit_test(test_real_lab_order_golden),
		cmocka_unit_test(test_real_lab_one_mode_as_interleaved),
		cmocka_unit_test(test_sim_flips_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
