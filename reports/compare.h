/*
 * wbench: compare a baseline and a candidate results document (wbench-result/1) mode by
 * mode and decide the gates: statistical throughput and CPU verdicts, functional gates
 * (a mode that used to start and now fails, a PMF verdict that turns to fail), optional
 * absolute floors. The output document ("schema": "wbench-compare/1") is specified in
 * docs/compare.md; `wbench compare`, `wbench report` and JUnit output all read it.
 */
#ifndef WB_COMPARE_H
#define WB_COMPARE_H

#include <stddef.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

#define WB_COMPARE_SCHEMA "wbench-compare/1"

/* Settings and floors of a comparison (defaults, or a --gate file). */
struct wb_cancel;
struct wb_compare_gate;

/**
 * wb_compare_gate_new - the default gate (docs/compare.md, "Settings")
 * Returns: a new gate (free with wb_compare_gate_free) or NULL on allocation failure.
 */
struct wb_compare_gate *wb_compare_gate_new(void);

/**
 * wb_compare_gate_load - read a gate file (settings and floors; docs/compare.md)
 * @out: set to a new gate on success
 * @err: receives "FILE: JSON.PATH: problem" or "FILE:LINE:COLUMN: syntax problem"
 * Returns: 0, -EINVAL (bad content), -ENOMEM, or a negative errno from reading.
 */
int wb_compare_gate_load(const char *path, struct wb_compare_gate **out, char *err,
			 size_t errlen) WB_MUST_CHECK;

/**
 * wb_compare_gate_set - override one setting from the command line (wins over the file)
 * @key: a settings key: "alpha", "noise_band_pct", "min_runs", "confidence",
 *       "bootstrap_resamples", "seed", "cpu_band_pp", "fail_on_unknown", "fail_on_missing"
 * @value: its text ("0.01", "3", "true"); checked against the same ranges as the file
 * @err: receives "expected ..., got 'VALUE'" (the caller names the option)
 * Returns: 0 or -EINVAL (unknown key or bad value).
 */
int wb_compare_gate_set(struct wb_compare_gate *g, const char *key, const char *value, char *err,
			size_t errlen) WB_MUST_CHECK;

/**
 * wb_compare_gate_set_cancel - let @c stop a comparison made with @g: wb_compare_docs then
 * returns -ECANCELED between two groups (a large comparison takes seconds)
 * @c: borrowed; must outlive the comparisons (NULL: not cancellable)
 */
void wb_compare_gate_set_cancel(struct wb_compare_gate *g, struct wb_cancel *c);

/** wb_compare_gate_free - free @g (NULL is fine). */
void wb_compare_gate_free(struct wb_compare_gate *g);

/**
 * wb_compare_load - read and validate the two results files of a comparison
 * The candidate's "schema" is checked against the baseline's before anything else, so a
 * mismatch is named as such: 'b.json: schema: expected "wbench-result/1" like a.json,
 * got "wbench-result/2"'.
 * @base, @cand: set to new references (caller json_decref()s) on success, else NULL
 * @err: receives the first problem, naming the file (wb_results_load's messages)
 * Returns: 0, -EINVAL (bad content), -ENOMEM, or a negative errno from reading.
 */
int wb_compare_load(const char *base_path, const char *cand_path, json_t **base, json_t **cand,
		    char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_compare_docs - compare two validated results documents
 * @base, @cand: wbench-result/1 documents (borrowed; e.g. from wb_results_load)
 * @base_file, @cand_file: names for the output and messages
 * @gate: settings and floors; NULL means the defaults
 * @out: set to a new wbench-compare/1 document (caller json_decref()s)
 * @err: receives the reason when the two cannot be compared
 * Returns: 0 (whatever the verdicts: read "result" in @out), -EINVAL (the documents cannot
 * be compared, e.g. schemas differ; @err says which), or -ENOMEM.
 */
int wb_compare_docs(const json_t *base, const char *base_file, const json_t *cand,
		    const char *cand_file, const struct wb_compare_gate *gate, json_t **out,
		    char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_compare_render_text - the human table of a comparison document
 * One row per group: mode, ok runs baseline/candidate, median Mbit/s baseline -> candidate,
 * change %, the bootstrap interval of the change, the MWU p-value, the throughput
 * verdict, the group's result and failed gates; then "PASS: ..." or "FAIL: N gates
 * failed (...)" on the last line.
 * @cmp: a document from wb_compare_docs (borrowed)
 * Returns: a new string (caller frees) or NULL on allocation failure.
 */
char *wb_compare_render_text(const json_t *cmp);

#endif /* WB_COMPARE_H */
