/*
 * wbench: a soak's time series and what it shows (scenario stability.soak_s): the
 * per-second throughput of a long traffic, the station's disconnects and the rekeys
 * during it; from them the stalls, the throughput trend with its interval and each
 * rekey's dip and recovery. Pure computation: the runner (wbench/run/cell_soak.c) feeds
 * it, a unit test feeds it fixtures.
 *
 * Storage is bounded, whatever the soak's length: at most WB_SOAK_SAMPLES_MAX samples
 * (16 bytes each: one per second of traffic, plus one per outage) and
 * WB_SOAK_EVENTS_MAX events (12 bytes each) are kept; beyond, they are counted as
 * dropped. The result holds at most WB_SOAK_SERIES_MAX series points and
 * WB_SOAK_LIST_MAX listed events of each kind; counts are always exact.
 */
#ifndef WB_SOAK_H
#define WB_SOAK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/wbench.h"

#define WB_SOAK_SAMPLES_MAX 200000u  /* a day of seconds, outages and segment ends */
#define WB_SOAK_EVENTS_MAX 20000u
#define WB_SOAK_SERIES_MAX 600u      /* points of result.series */
#define WB_SOAK_LIST_MAX 100u        /* listed disconnects, rekeys, failures */
#define WB_SOAK_RECOVERY_FRACTION 0.9 /* a rekey dip has recovered at 90% of the median */
#define WB_SOAK_DIP_WINDOW_S 3.0     /* a rekey's dip: the lowest second from 1 s before to this after */
#define WB_SOAK_CONTROL_MAX 1000u    /* quiet points measured like rekeys (rekeys.control) */

enum wb_soak_event_type {
	WB_SOAK_DISCONNECT,  /* the station lost the association */
	WB_SOAK_REKEY_GROUP, /* a group key (GTK, and IGTK with PMF) handshake completed */
	WB_SOAK_REKEY_PTK,   /* a pairwise rekey (a 4-way handshake while associated) */
};

struct wb_soak_sample {
	float t_s;    /* start, seconds since the soak began */
	float dur_s;  /* length */
	float bps;    /* receiver goodput, bits/s; 0 for an outage */
	bool outage;  /* no traffic ran (a failed or late segment): counts as a stall */
};

struct wb_soak_event {
	float t_s;
	int reason;   /* disconnect: the 802.11 reason code, -1 unknown */
	enum wb_soak_event_type type;
};

struct wb_soak {
	double stall_fraction;       /* a stall: seconds below this fraction of the median */
	struct wb_soak_sample *s;    /* owned */
	size_t n, cap, dropped;
	struct wb_soak_event *ev;    /* owned */
	size_t nev, evcap, ev_dropped;
	unsigned int segments, failed_segments;
	double gap_s;                /* time between segments that is not an outage */
	json_t *failures;            /* owned: segment failure messages (at most WB_SOAK_LIST_MAX) */
};

/** wb_soak_init - an empty soak; @stall_fraction in (0, 1). Returns 0 or -ENOMEM. */
int wb_soak_init(struct wb_soak *s, double stall_fraction) WB_MUST_CHECK;

/** wb_soak_release - free what @s holds; NULL-safe, and safe to call twice. */
void wb_soak_release(struct wb_soak *s);

/**
 * wb_soak_add - one measured interval (@outage false) or a time without traffic
 * (@outage true, @bps ignored). Intervals shorter than 0.5 s (iperf's last, partial one)
 * are kept for the stalls but not for the median or the trend.
 * Returns: 0, -EINVAL (not finite, negative), -ENOSPC (full: counted as dropped), -ENOMEM.
 */
int wb_soak_add(struct wb_soak *s, double t_s, double dur_s, double bps, bool outage);

/** wb_soak_event - an event at @t_s. Returns 0, -EINVAL, -ENOSPC (dropped) or -ENOMEM. */
int wb_soak_event(struct wb_soak *s, enum wb_soak_event_type type, double t_s, int reason);

/**
 * wb_soak_segment - one traffic segment ended; @failure: NULL, or why it failed (copied)
 * Returns: 0 or -ENOMEM.
 */
int wb_soak_segment(struct wb_soak *s, const char *failure);

/**
 * wb_soak_result - the analysis as cell.soak carries it (docs/results.md "soak"): the
 * median, the stalls, the trend (ordinary least squares over bin means, with its 95%
 * interval; null under three bins), the disconnects, each rekey's dip and recovery (and
 * the same measures at quiet midpoints, rekeys.control: the traffic's own noise), and
 * the series reduced to at most WB_SOAK_SERIES_MAX points
 * @planned_s: the soak's planned length; @segment_s: the length of one traffic segment
 * Returns: a new object, or NULL on allocation failure.
 */
json_t *wb_soak_result(const struct wb_soak *s, unsigned int planned_s, unsigned int segment_s);

#endif /* WB_SOAK_H */
