/*
 * wbench: writing the results document of a run ("schema": "wbench-result/1",
 * docs/results.md).
 *
 * A run creates it before the first cell, appends each finished cell and rewrites the
 * whole file atomically every time, so a run killed at any point leaves a valid
 * document holding every finished cell (with "complete": false). The summary is
 * recomputed on every write.
 */
#ifndef WB_RESULTS_WRITE_H
#define WB_RESULTS_WRITE_H

#include <stddef.h>
#include <time.h>

#include <jansson.h>

#include "reports/results.h"
#include "wbench/lib/wbench.h"
#include "wbench/scenario/plan.h"
#include "wbench/scenario/scenario.h"

/* How a run ended (wb_results_finish). */
enum wb_results_end {
	WB_RESULTS_END_COMPLETE,    /* every planned cell ran */
	WB_RESULTS_END_INTERRUPTED, /* a signal stopped the run */
	WB_RESULTS_END_ABORTED,     /* stopped by an error */
};

struct wb_results;

/**
 * wb_results_new - start a results document and write it to @path at once (so an
 * unwritable path fails before any cell runs)
 * @path: output file (copied)
 * @sc: the scenario; only its redacted form (wb_scenario_to_json(sc, true)) is stored
 * @environment: the caller's description of the hosts (kernel, driver, module
 *               parameters, ciphers, daemon versions, backend); stolen; NULL means {}
 * @planned_cells: cells in the plan
 * @started_at: wall-clock start of the run (metadata only), written as ISO 8601 UTC
 * @out: set to the new handle (free with wb_results_free)
 * Returns: 0, -ENOMEM, or the negative errno of the first write.
 */
int wb_results_new(const char *path, const struct wb_scenario *sc, json_t *environment,
		   size_t planned_cells, time_t started_at, struct wb_results **out) WB_MUST_CHECK;

/**
 * wb_results_set_environment - replace the "environment" object and rewrite the file
 * @environment: stolen
 * Returns: 0 or a negative errno (the document in memory is updated either way).
 */
int wb_results_set_environment(struct wb_results *r, json_t *environment) WB_MUST_CHECK;

/**
 * wb_results_append - add a finished cell and rewrite the file atomically
 * @cell: stolen, also on failure; must pass wb_results_check_cell
 * Returns: 0; -EINVAL for a malformed cell (not added: a bug in the caller); or the
 * negative errno of the write (the cell is kept in memory and written next time).
 */
int wb_results_append(struct wb_results *r, json_t *cell) WB_MUST_CHECK;

/**
 * wb_results_finish - record how the run ended, the finish time, and write the file
 * "complete" is true only for WB_RESULTS_END_COMPLETE with every planned cell present;
 * "interrupted" is true for WB_RESULTS_END_INTERRUPTED.
 * Returns: 0 or a negative errno.
 */
int wb_results_finish(struct wb_results *r, enum wb_results_end end, time_t finished_at)
	WB_MUST_CHECK;

/**
 * wb_results_doc - the document in memory
 * Returns: borrowed; valid until the next call on @r or wb_results_free.
 */
const json_t *wb_results_doc(const struct wb_results *r);

/** wb_results_free - free @r (NULL is fine); the file stays as last written. */
void wb_results_free(struct wb_results *r);

/**
 * wb_results_cell_new - the skeleton of a cell for @c: its mode, repetition, order and
 * index filled in, "status": "error" until the run code says otherwise, every
 * measurement null (association fields, throughput.bits_per_second, cpu.ap, cpu.sta,
 * link), throughput.intervals empty
 * Returns: a new reference (caller owns it; usually passed to wb_results_append), or
 * NULL on allocation failure.
 */
json_t *wb_results_cell_new(const struct wb_plan_cell *c);

#endif /* WB_RESULTS_WRITE_H */
