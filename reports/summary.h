/*
 * wbench: the per-mode summary of a results document. Cells are grouped by
 * (crypto, security, proto, direction); statistics use the cells whose status is "ok".
 * The keys are documented in docs/results.md ("summary").
 */
#ifndef WB_SUMMARY_H
#define WB_SUMMARY_H

#include <jansson.h>

/**
 * wb_summary_compute - summarise result cells
 * @cells: the "cells" array of a results document (borrowed); entries that are not
 *         objects or lack a mode key are skipped
 * Groups come out in the order of their lowest cell "index", i.e. the scenario's order
 * (crypto, then security, proto, direction), whatever order the cells ran in.
 * Returns: a new array (caller json_decref()s), or NULL on allocation failure.
 */
json_t *wb_summary_compute(const json_t *cells);

/**
 * wb_summary_dist - a sample's distribution as results carry it: {"median", "p95" (linear
 * between order statistics), "max"}, each null when @n is 0
 * @x: the values (finite), sorted in place
 * Returns: a new object, or NULL on allocation failure.
 */
json_t *wb_summary_dist(double *x, size_t n);

#endif /* WB_SUMMARY_H */
