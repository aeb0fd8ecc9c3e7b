/*
 * wbench: internals of the per-mode summary shared by summary.c and summary_latency.c
 * (the mode's latency under load, docs/results.md summary "latency"). Not a public
 * interface: reports/summary.h is.
 */
#ifndef WB_SUMMARY_I_H
#define WB_SUMMARY_I_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* The values pooled per mode, in the order of struct wb_summary_latency's arrays. */
enum wb_summary_lat_value {
	WB_SLAT_IDLE_P50,
	WB_SLAT_LOADED_P50,
	WB_SLAT_LOADED_P90,
	WB_SLAT_LOADED_P99,
	WB_SLAT_ADDED_P50,
	WB_SLAT_ADDED_P90,
	WB_SLAT_UDP_JITTER,  /* throughput.jitter_ms (iperf, UDP) */
	WB_SLAT_UDP_LOST,    /* throughput.lost_percent */
	WB_SLAT_N,
};

/* The latency of one mode's ok cells; zero-initialised is empty. */
struct wb_summary_latency {
	json_int_t cells;       /* ok cells whose loaded phase got a reply */
	json_int_t sent, lost;  /* probes over the ok cells' loaded phases */
	double *v[WB_SLAT_N];   /* the cells' values (owned) */
	size_t n[WB_SLAT_N], cap[WB_SLAT_N];
};

/**
 * wb_summary_latency_add - an ok cell's latency (and, for UDP, iperf's jitter and loss)
 * into @l; cells without "latency" only add iperf's numbers
 * Returns: 0 or -ENOMEM.
 */
int wb_summary_latency_add(struct wb_summary_latency *l, const json_t *cell);

/**
 * wb_summary_latency_json - the summary entry's "latency"; sorts @l's arrays
 * @udp: the mode's proto is UDP (iperf's jitter and loss go in "udp")
 * Returns: a new reference: JSON null when no cell's loaded phase got a reply, else the
 * object; NULL on allocation failure.
 */
json_t *wb_summary_latency_json(struct wb_summary_latency *l, bool udp);

/** wb_summary_latency_release - free @l's arrays (a zeroed @l is fine). */
void wb_summary_latency_release(struct wb_summary_latency *l);

#endif /* WB_SUMMARY_I_H */
