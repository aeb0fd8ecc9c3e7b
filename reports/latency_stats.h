/*
 * wbench: cells[].latency (docs/results.md) from the latency collector's results: each
 * phase's round trips reduced to quantiles, and the latency the load added. Pure
 * computation on JSON, so that results stay bounded (no raw round trips are kept).
 */
#ifndef WB_LATENCY_STATS_H
#define WB_LATENCY_STATS_H

#include <jansson.h>

/**
 * wb_latency_phase - one phase (idle or loaded) from a collector result
 * @res: the latency collector's result object (borrowed; see collectors/latency.h)
 * @probes_per_s: the rate it ran at
 * @with_lost: keep its lost_at_s (the loaded phase)
 * Returns: a new object {status, message?, probes_per_s, sent, received, duplicates,
 * loss_pct, rtt_ms {p50, p90, p99, max} (null without replies), lost_at_s?}, or NULL on
 * allocation failure.
 */
json_t *wb_latency_phase(const json_t *res, unsigned int probes_per_s, int with_lost);

/**
 * wb_latency_cell - cells[].latency from its two phases
 * @idle, @loaded: from wb_latency_phase, or NULL when the phase did not run (stolen)
 * Returns: a new object {status, method, target, size_bytes, idle, loaded, added_ms}, or
 * NULL on allocation failure. status is "ok" when the loaded phase is.
 */
json_t *wb_latency_cell(json_t *idle, json_t *loaded, const char *target,
			unsigned int size_bytes);

#endif /* WB_LATENCY_STATS_H */
