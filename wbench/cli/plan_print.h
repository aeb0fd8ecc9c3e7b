/*
 * wbench: printing what a scenario would do, for `wbench scenario` and `wbench run
 * --dry-run`: the scenario in short, its cells in run order, the crypto flips, and the
 * steps a run takes on each host with how each is undone. Output only; nothing here
 * sets anything up.
 */
#ifndef WB_PLAN_PRINT_H
#define WB_PLAN_PRINT_H

#include <stdio.h>

#include "wbench/lab/lab.h"
#include "wbench/scenario/plan.h"
#include "wbench/scenario/scenario.h"

/** wb_print_scenario - the scenario in short: modes, lab (hosts and roles), traffic, seed. */
void wb_print_scenario(FILE *out, const struct wb_scenario *sc);

/** wb_print_cells - the cells in run order, one line each ("order index rep mode"). */
void wb_print_cells(FILE *out, const struct wb_plan *plan);

/** wb_print_flips - one line: how many crypto flips the order makes, and why. */
void wb_print_flips(FILE *out, const struct wb_plan *plan);

/**
 * wb_print_actions - the steps host by host, each with when it happens and its undo:
 *
 *     local (this machine)
 *       start  ip netns add wbench-ap-<pid>; ...
 *              undo: both deleted at the end
 */
void wb_print_actions(FILE *out, const struct wb_lab_actions *a);

/** wb_print_findings - a preflight's findings, one line each ("ok" or "PROBLEM"). */
void wb_print_findings(FILE *out, const struct wb_lab_findings *f);

#endif /* WB_PLAN_PRINT_H */
