/*
 * wbench: `wbench run` — the matrix of cells for one scenario, in the plan's seeded,
 * interleaved order, each appended to the results file as soon as it is done. Every exit
 * path (signals included) tears the lab down: daemons stopped, radios and namespaces
 * removed, the original crypto setting restored, the results file valid JSON.
 */
#ifndef WB_RUN_H
#define WB_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "wbench/lib/proc.h"
#include "wbench/scenario/scenario.h"

struct wb_run_opts {
	const char *output;       /* results file */
	const char *capture_dir;  /* per-cell captures (scenario capture.save), or NULL */
	bool tty;                 /* progress as a live status line */
	FILE *out;                /* progress and the final table (borrowed) */
	unsigned int port;        /* iperf port, 0: 5201 */
	const char *report_html;  /* write the HTML report there at the end, or NULL */
	const char *report_md;    /* write the Markdown summary there at the end, or NULL */
};

enum wb_run_outcome {
	WB_RUN_DONE = 0,          /* every cell ran (some may have failed: that is a result) */
	WB_RUN_INTERRUPTED,       /* a signal stopped the run; finished cells are saved */
};

/**
 * wb_run - run @sc
 * @outcome: how the run ended when 0 is returned
 * The report (@o->report_html, @o->report_md) is written from the final results document
 * whatever the outcome, an interrupted run included.
 * Returns: 0, or a negative errno when the lab could not be set up, the results file or
 * the report could not be written (reported).
 */
int wb_run(const struct wb_scenario *sc, const struct wb_run_opts *o, struct wb_cancel *c,
	   enum wb_run_outcome *outcome);

#endif /* WB_RUN_H */
