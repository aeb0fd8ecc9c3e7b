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

#include <jansson.h>

#include "wbench/lab/lab.h"
#include "wbench/lib/proc.h"
#include "wbench/scenario/scenario.h"

/* The default iperf port, iperf3's own. */
#define WB_RUN_PORT_DEFAULT 5201

struct wb_run_opts {
	const char *output;       /* results file */
	const char *capture_dir;  /* per-cell captures (scenario capture.save), or NULL */
	bool tty;                 /* progress as a live status line */
	FILE *out;                /* progress (borrowed) */
	unsigned int port;        /* iperf port, 0: WB_RUN_PORT_DEFAULT */
};

enum wb_run_outcome {
	WB_RUN_DONE = 0,          /* every cell ran (some may have failed: that is a result) */
	WB_RUN_INTERRUPTED,       /* a signal stopped the run; finished cells are saved */
};

/* How a run ended, for the caller to present (the table, the report). */
struct wb_run_end {
	enum wb_run_outcome outcome;  /* meaningful when wb_run returned 0 */
	json_t *doc;                  /* the final results document: new (caller decrefs), or
				       * NULL when the results file could not be started */
	bool simulated;               /* the lab is simulated (see wb_lab_ops.simulated) */
};

/**
 * wb_run - run @sc
 * @end: how the run ended, and the final results document (set on every return; its doc
 *       also when an error ended the run, so that the caller can still report what there is)
 * Returns: 0, or a negative errno when the lab could not be set up or the results file
 * could not be written (reported).
 */
int wb_run(const struct wb_scenario *sc, const struct wb_run_opts *o, struct wb_cancel *c,
	   struct wb_run_end *end);

/**
 * wb_run_describe - what a run of @sc with @o would do, host by host, and how each step is
 * undone (`wbench run --dry-run`): the run's own steps (results file, private
 * directories) and the lab backend's (wb_lab_ops.describe). Touches nothing.
 * @o: output (the results file's name) and capture_dir are read
 * @described: set false when the backend cannot describe its steps (then only the
 *             run's own are in @out)
 * Returns: 0 or -ENOMEM.
 */
int wb_run_describe(const struct wb_scenario *sc, const struct wb_run_opts *o,
		    struct wb_lab_actions *out, bool *described) WB_MUST_CHECK;

/**
 * wb_run_preflight - the backend's read-only checks of @sc's hosts (wb_lab_ops.preflight)
 * @available: set false when the backend has none (then @out stays empty)
 * Returns: 0, or the backend's negative errno.
 */
int wb_run_preflight(const struct wb_scenario *sc, struct wb_cancel *c,
		     struct wb_lab_findings *out, bool *available) WB_MUST_CHECK;

/**
 * wb_run_probe - each role's radio of @sc's lab as `wbench probe` reports it
 * (wb_lab_ops.probe, read-only), appended to @out; problems into @found
 * @available: set false when the backend has no probe (then nothing is added)
 * Returns: 0 or a negative errno.
 */
int wb_run_probe(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab_probes *out,
		 struct wb_lab_findings *found, bool *available);

#endif /* WB_RUN_H */
