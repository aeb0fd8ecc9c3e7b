/*
 * wbench: one cell of a run (crypto mode x security x proto x direction x repetition):
 * set the crypto mode, start the AP and the STA, measure traffic, CPU and link, verify
 * PMF from the capture, optionally forge a deauth, tear down. Every outcome, failures
 * included, is written into the cell object; only an interrupt aborts a cell.
 */
#ifndef WB_CELL_H
#define WB_CELL_H

#include <jansson.h>

#include "wbench/lab/lab.h"
#include "wbench/scenario/plan.h"
#include "wbench/lib/proc.h"
#include "wbench/scenario/scenario.h"

struct wb_cell_ctx {
	const struct wb_scenario *sc;    /* borrowed */
	const struct wb_lab_ops *ops;
	struct wb_lab *lab;
	const char *dir;                 /* private 0700 run directory (configs, logs) */
	const char *capture_dir;         /* save each cell's capture here, or NULL */
	struct wb_cancel *cancel;        /* may be NULL */
	unsigned int port;               /* iperf port */
};

/**
 * wb_cell_run - run cell @pc, filling @cell (a skeleton from wb_results_cell_new)
 * Returns: 0 when the cell has an outcome (its "status" says which), -ECANCELED when
 * interrupted (the cell is incomplete and must not be recorded), or -ENOMEM.
 */
int wb_cell_run(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell);

#endif /* WB_CELL_H */
