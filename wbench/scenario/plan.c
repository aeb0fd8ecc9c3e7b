#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbench/scenario/plan.h"
#include "wbench/lib/prng.h"

/* Fisher-Yates over @v[0..@n): for k = n down to 2, swap positions k-1 and below(k). */
static void shuffle(struct wb_prng *rng, size_t *v, size_t n)
{
	size_t k, j, tmp;

	for (k = n; k > 1; k--) {
		j = (size_t)wb_prng_below(rng, k);
		tmp = v[k - 1];
		v[k - 1] = v[j];
		v[j] = tmp;
	}
}

/* The cells in expansion order: crypto outermost, direction innermost, then repetition. */
static void expand(const struct wb_scenario *sc, struct wb_plan *plan)
{
	const struct wb_scenario_traffic *t = &sc->traffic;
	size_t c, s, p, d, m = 0, i;
	unsigned int r;

	for (c = 0; c < sc->n_crypto; c++)
		for (s = 0; s < sc->n_security; s++)
			for (p = 0; p < t->n_protos; p++)
				for (d = 0; d < t->n_dirs; d++, m++)
					for (r = 0; r < plan->n_rounds; r++) {
						struct wb_plan_cell *cell;

						i = m * plan->n_rounds + r;
						cell = &plan->cells[i];
						cell->index = i;
						cell->mode = m;
						cell->repetition = r;
						cell->crypto = sc->crypto[c];
						cell->security = &sc->security[s];
						cell->proto = t->protos[p];
						cell->direction = t->dirs[d];
					}
}

/*
 * Round r: start from the modes in expansion order, shuffle them with one generator that
 * runs through all rounds, append. See docs/scenario.md.
 */
static void order_interleaved(struct wb_plan *plan, struct wb_prng *rng)
{
	size_t m, *round;
	unsigned int r;

	for (r = 0; r < plan->n_rounds; r++) {
		round = plan->by_order + (size_t)r * plan->n_modes;
		for (m = 0; m < plan->n_modes; m++)
			round[m] = m * plan->n_rounds + r;
		shuffle(rng, round, plan->n_modes);
	}
}

/*
 * Crypto blocks: the crypto modes in a seeded order S; round r runs one block per mode,
 * in the order S when r is even and S reversed when r is odd (ABBA), each block holding
 * that mode's other dimensions shuffled. See docs/scenario.md.
 */
static void order_blocks(struct wb_plan *plan, size_t n_crypto, struct wb_prng *rng)
{
	/* n_crypto is 1..WB_CRYPTO_MODES (the loader's list of distinct known modes) */
	size_t seq[WB_CRYPTO_MODES], per = plan->n_modes / n_crypto, b, c, k, *block;
	unsigned int r;

	for (c = 0; c < n_crypto; c++)
		seq[c] = c;
	shuffle(rng, seq, n_crypto);
	for (r = 0; r < plan->n_rounds; r++) {
		for (b = 0; b < n_crypto; b++) {
			c = r % 2 ? seq[n_crypto - 1 - b] : seq[b];
			block = plan->by_order + ((size_t)r * n_crypto + b) * per;
			for (k = 0; k < per; k++)
				block[k] = (c * per + k) * plan->n_rounds + r;
			shuffle(rng, block, per);
		}
	}
}

int wb_plan_new(const struct wb_scenario *sc, struct wb_plan **out)
{
	struct wb_prng rng;
	struct wb_plan *plan;
	size_t k;

	*out = NULL;
	plan = calloc(1, sizeof(*plan));
	if (!plan)
		return -ENOMEM;
	plan->n_modes = wb_scenario_n_modes(sc);
	plan->n_rounds = sc->repetitions;
	plan->n_cells = plan->n_modes * plan->n_rounds;
	plan->seed = sc->seed;
	/* A real radio's crypto switch is a module reload: group the cells by mode. */
	plan->blocks = wb_scenario_is_real(sc);
	plan->cells = calloc(plan->n_cells, sizeof(*plan->cells));
	plan->by_order = calloc(plan->n_cells, sizeof(*plan->by_order));
	if (!plan->cells || !plan->by_order) {
		wb_plan_free(plan);
		return -ENOMEM;
	}
	expand(sc, plan);
	wb_prng_init(&rng, sc->seed);
	if (plan->blocks && sc->n_crypto)
		order_blocks(plan, sc->n_crypto, &rng);
	else
		order_interleaved(plan, &rng);
	for (k = 0; k < plan->n_cells; k++) {
		plan->cells[plan->by_order[k]].order = k;
		if (k && wb_plan_at(plan, k)->crypto != wb_plan_at(plan, k - 1)->crypto)
			plan->n_flips++;
	}
	*out = plan;
	return 0;
}

void wb_plan_free(struct wb_plan *plan)
{
	if (!plan)
		return;
	free(plan->cells);
	free(plan->by_order);
	free(plan);
}

const struct wb_plan_cell *wb_plan_at(const struct wb_plan *plan, size_t order)
{
	if (order >= plan->n_cells)
		return NULL;
	return &plan->cells[plan->by_order[order]];
}

size_t wb_plan_flips(const struct wb_plan *plan)
{
	return plan->n_flips;
}

char *wb_plan_mode_key(const struct wb_plan_cell *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s/%s", wb_crypto_mode_name(c->crypto), c->security->label,
		 wb_scenario_proto_name(c->proto), wb_scenario_dir_name(c->direction));
	return buf;
}
