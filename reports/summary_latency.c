/*
 * A mode's latency under load in the summary (docs/results.md, summary "latency"): the
 * medians of its ok cells' quantiles, the probe loss pooled over their loaded phases,
 * and for UDP iperf's own jitter and loss next to them.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "reports/jpath.h"
#include "reports/stats.h"
#include "reports/summary_i.h"
#include "wbench/lib/util.h"

/* Appends the number at @a.@b.@c of @o, when there is one. Returns 0 or -ENOMEM. */
static int push(struct wb_summary_latency *l, enum wb_summary_lat_value k, const json_t *o,
		const char *a, const char *b, const char *c)
{
	double x = wb_jpath_num(o, a, b, c, NULL);

	if (!isfinite(x))
		return 0;
	if (wb_grow((void **)&l->v[k], &l->cap[k], l->n[k] + 1, sizeof(double)) < 0)
		return -ENOMEM;
	l->v[k][l->n[k]++] = x;
	return 0;
}

int wb_summary_latency_add(struct wb_summary_latency *l, const json_t *cell)
{
	const json_t *lat = json_object_get(cell, "latency");
	const json_t *loaded = json_object_get(lat, "loaded");
	json_int_t sent = json_integer_value(json_object_get(loaded, "sent"));
	json_int_t recv = json_integer_value(json_object_get(loaded, "received"));

	if (push(l, WB_SLAT_UDP_JITTER, cell, "throughput", "jitter_ms", NULL) < 0 ||
	    push(l, WB_SLAT_UDP_LOST, cell, "throughput", "lost_percent", NULL) < 0)
		return -ENOMEM;
	if (sent <= 0)
		return 0;
	/* A cell whose every probe was lost counts in the loss, not in the round trips. */
	l->sent += sent;
	l->lost += sent - (recv < 0 ? 0 : recv > sent ? sent : recv);
	if (recv <= 0)
		return 0;
	l->cells++;
	if (push(l, WB_SLAT_IDLE_P50, lat, "idle", "rtt_ms", "p50") < 0 ||
	    push(l, WB_SLAT_LOADED_P50, loaded, "rtt_ms", "p50", NULL) < 0 ||
	    push(l, WB_SLAT_LOADED_P90, loaded, "rtt_ms", "p90", NULL) < 0 ||
	    push(l, WB_SLAT_LOADED_P99, loaded, "rtt_ms", "p99", NULL) < 0 ||
	    push(l, WB_SLAT_ADDED_P50, lat, "added_ms", "p50", NULL) < 0 ||
	    push(l, WB_SLAT_ADDED_P90, lat, "added_ms", "p90", NULL) < 0)
		return -ENOMEM;
	return 0;
}

static json_t *median(struct wb_summary_latency *l, enum wb_summary_lat_value k)
{
	return wb_stats_json(wb_stats_median(l->v[k], l->n[k]));
}

json_t *wb_summary_latency_json(struct wb_summary_latency *l, bool udp)
{
	json_t *u = json_null();

	if (!l->cells)
		return json_null();
	if (udp)
		u = json_pack("{s:o, s:o}", "jitter_ms", median(l, WB_SLAT_UDP_JITTER),
			      "lost_percent", median(l, WB_SLAT_UDP_LOST));
	/* cells > 0 means some loaded phase sent probes: the pooled loss has a divisor. */
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:o}",
			 "cells", l->cells,
			 "idle_p50_ms", median(l, WB_SLAT_IDLE_P50),
			 "loaded_p50_ms", median(l, WB_SLAT_LOADED_P50),
			 "loaded_p90_ms", median(l, WB_SLAT_LOADED_P90),
			 "loaded_p99_ms", median(l, WB_SLAT_LOADED_P99),
			 "added_p50_ms", median(l, WB_SLAT_ADDED_P50),
			 "added_p90_ms", median(l, WB_SLAT_ADDED_P90),
			 "loss_pct", 100.0 * (double)l->lost / (double)l->sent,
			 "udp", u);
}

void wb_summary_latency_release(struct wb_summary_latency *l)
{
	size_t k;

	for (k = 0; k < WB_SLAT_N; k++)
		free(l->v[k]);
}
