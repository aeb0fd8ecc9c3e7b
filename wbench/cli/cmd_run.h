/*
 * wbench run, split over three files: cmd_run.c (options, the run, the relay into the
 * VM), cmd_run_end.c (the table and the report at the end), cmd_run_dry.c (--dry-run,
 * --preflight). Private to them.
 */
#ifndef WB_CMD_RUN_H
#define WB_CMD_RUN_H

#include <stdbool.h>

#include "wbench/lib/proc.h"
#include "wbench/run/run.h"
#include "wbench/scenario/scenario.h"

/**
 * wb_cmd_run_present - after wb_run returned @r: the summary table when the run succeeded,
 * then the report (@html, @md, either may be NULL), written whatever the outcome
 * Returns: @r, or the report's error.
 */
int wb_cmd_run_present(int r, const struct wb_run_end *end, const struct wb_run_opts *ro,
		       const char *html, const char *md, struct wb_cancel *cancel);

/**
 * wb_cmd_run_dry - `wbench run --dry-run`: print the cells in run order, the crypto
 * flips, and per host the steps a run of @sc would take and how each is undone; with
 * @preflight also the backend's read-only checks. Sets up, starts and writes nothing.
 * @ro: the run's options as the run would get them (output, capture_dir)
 * @relay: a run would relay itself into the VM (said in the output)
 * Returns: an exit status: WB_EXIT_OK; WB_EXIT_FAIL when the preflight found a problem;
 * WB_EXIT_INFRA when it could not run.
 */
int wb_cmd_run_dry(const struct wb_scenario *sc, const struct wb_run_opts *ro, bool preflight,
		   bool relay, struct wb_cancel *cancel);

#endif /* WB_CMD_RUN_H */
