/*
 * wbench: the run plan. A scenario expands into cells, crypto x security x proto x
 * direction x repetition, and the cells are put into an execution order that interleaves
 * the modes: repetition round r holds every mode exactly once, in an order shuffled with
 * a seeded PRNG, so slow drift (temperature, interference) spreads over all modes instead
 * of biasing one. The same seed always gives the same order (docs/scenario.md,
 * "Execution order", specifies the algorithm).
 *
 * Real labs (backends local and ssh) switch the crypto mode by reloading a driver, which
 * takes seconds to tens of seconds: their rounds are crypto blocks, ordered ABBA (the
 * first mode drawn from the seed), the other dimensions shuffled within each block. The
 * sim switches per cell anyway and keeps the full interleaving.
 */
#ifndef WB_PLAN_H
#define WB_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/scenario/scenario.h"
#include "wbench/lib/wbench.h"

struct wb_plan_cell {
	size_t index;          /* expansion position: mode * repetitions + repetition */
	size_t order;          /* execution position, 0-based */
	size_t mode;           /* crypto x security x proto x direction (crypto outermost) */
	unsigned int repetition;   /* 0-based round */
	enum wb_crypto_mode crypto;
	const struct wb_scenario_security *security; /* borrowed from the scenario */
	enum wb_scenario_proto proto;
	enum wb_scenario_dir direction;
};

struct wb_plan {
	size_t n_cells;        /* n_modes * n_rounds */
	size_t n_modes;
	unsigned int n_rounds; /* the scenario's repetitions */
	uint64_t seed;
	struct wb_plan_cell *cells; /* by index */
	size_t *by_order;      /* by_order[k] = index of the cell executed k-th */
	bool blocks;           /* ordered in crypto blocks (real labs), else interleaved */
	size_t n_flips;        /* crypto mode changes between consecutive cells */
};

/**
 * wb_plan_new - expand @sc into cells and their execution order
 * @sc: a validated scenario; the plan borrows its security entries, so @sc must outlive
 *      the plan
 * @out: set to a new plan (free with wb_plan_free)
 * The order depends on the backend: interleaved for the sim, crypto blocks for real labs.
 * Returns: 0 or -ENOMEM.
 */
int wb_plan_new(const struct wb_scenario *sc, struct wb_plan **out) WB_MUST_CHECK;

/** wb_plan_free - free @plan (NULL is fine). */
void wb_plan_free(struct wb_plan *plan);

/**
 * wb_plan_at - the cell executed at position @order
 * Returns: a borrowed cell (valid until wb_plan_free), NULL when @order is out of range.
 */
const struct wb_plan_cell *wb_plan_at(const struct wb_plan *plan, size_t order);

/**
 * wb_plan_flips - how often the crypto mode changes from one cell to the next in run
 * order: the driver reloads a real lab makes between cells. Not counted: setting the
 * first cell's mode and restoring the driver's own setting at the end, each needed only
 * when the driver was in another mode.
 */
size_t wb_plan_flips(const struct wb_plan *plan);

/**
 * wb_plan_mode_key - "hwcrypt/sae/tcp/up": the mode of @c as one string
 * @buf: at least 64 bytes. Returns @buf.
 */
char *wb_plan_mode_key(const struct wb_plan_cell *c, char *buf, size_t len);

#endif /* WB_PLAN_H */
