/*
 * wbench: internals of the results reader shared by results_check.c (the document, the
 * cells) and results_check_soak.c (the stability workloads' objects). Not a public
 * interface: reports/results.h is.
 */
#ifndef WB_RESULTS_I_H
#define WB_RESULTS_I_H

#include <jansson.h>

#include "wbench/lib/jsonv.h"

/**
 * wb_results_check_soak - the "soak" of a cell (docs/results.md), when present and not
 * null: types, ranges, counts that add up, bounded lists
 * @cell: the cell (its type already checked); @path: the cell's JSON path
 * Returns: 0 or -EINVAL (the message, with the JSON path, is in @jv).
 */
int wb_results_check_soak(struct wb_jsonv *jv, const json_t *cell, const char *path);

/**
 * wb_results_check_summary_soak - the "soak" of a summary entry, when present and not null
 * @group: the summary entry; @path: its JSON path ("summary[2]")
 * Returns: 0 or -EINVAL.
 */
int wb_results_check_summary_soak(struct wb_jsonv *jv, const json_t *group, const char *path);

#endif /* WB_RESULTS_I_H */
