#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbench/scenario/plan.h"
#include "wbench/lib/prng.h"

int wb_plan_new(const struct wb_scenario *sc, struct wb_plan **out)
{
	const struct wb_scenario_traffic *t = &sc->traffic;
	size_t c, s, p, d, m = 0, i, k, *round;
	struct wb_prng rng;
	struct wb_plan *plan;
	unsigned int r;

	*out = NULL;
	plan = calloc(1, sizeof(*plan));
	if (!plan)
		return -ENOMEM;
	plan->n_modes = wb_scenario_n_modes(sc);
	plan->n_rounds = sc->repetitions;
	plan->n_cells = plan->n_modes * plan->n_rounds;
	plan->seed = sc->seed;
	plan->cells = calloc(plan->n_cells, sizeof(*plan->cells));
	plan->by_order = calloc(plan->n_cells, sizeof(*plan->by_order));
	if (!plan->cells || !plan->by_order) {
		wb_plan_free(plan);
		return -ENOMEM;
	}
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
	/*
	 * Round r: start from the modes in expansion order, Fisher-Yates shuffle them with
	 * one generator that runs through all rounds, append. See docs/scenario.md.
	 */
	wb_prng_init(&rng, sc->seed);
	for (r = 0; r < plan->n_rounds; r++) {
		round = plan->by_order + (size_t)r * plan->n_modes;
		for (m = 0; m < plan->n_modes; m++)
			round[m] = m * plan->n_rounds + r;
		for (k = plan->n_modes; k > 1; k--) {
			size_t j = (size_t)wb_prng_below(&rng, k), tmp = round[k - 1];

			round[k - 1] = round[j];
			round[j] = tmp;
		}
	}
	for (k = 0; k < plan->n_cells; k++)
		plan->cells[plan->by_order[k]].order = k;
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

char *wb_plan_mode_key(const struct wb_plan_cell *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s/%s", wb_crypto_mode_name(c->crypto), c->security->label,
		 wb_scenario_proto_name(c->proto), wb_scenario_dir_name(c->direction));
	return buf;
}
