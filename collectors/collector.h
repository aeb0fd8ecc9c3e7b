/*
 * wbench: the collector interface. One collector per file in collectors/, each exporting
 * one `const struct wb_collector_ops`. The cell loop drives every collector the same way:
 *
 *   open -> start (measured window begins) -> [poll_fd readable -> read]* -> stop -> result -> close
 *
 * A collector that samples on a timer exposes a timerfd as poll_fd; one that does all its
 * work in start/stop returns -1 there.
 */
#ifndef WB_COLLECTOR_H
#define WB_COLLECTOR_H

#include <jansson.h>

#include "wbench/host/host.h"

struct wb_collector;  /* each collector defines its own */

/* Parameters common to all collectors; @priv carries a collector-specific struct. */
struct wb_collector_cfg {
	const char *label;    /* which end or role: "ap", "sta", "sniffer" */
	struct wb_host *host; /* the host it measures (borrowed), for collectors that need one */
	const char *netns;    /* network namespace file to work in, or NULL for the current one */
	const char *ifname;   /* wireless interface, when the collector needs one */
	const void *priv;     /* collector-specific parameters (see its header), borrowed */
};

struct wb_collector_ops {
	const char *name;
	/* Allocate and prepare; nothing is measured yet. *out is new (close frees it). */
	int (*open)(const struct wb_collector_cfg *cfg, struct wb_collector **out);
	/* The measured window starts now. */
	int (*start)(struct wb_collector *c);
	/* Descriptor to poll for readability, or -1. */
	int (*poll_fd)(const struct wb_collector *c);
	/* Consume what poll_fd signalled (e.g. take a sample). */
	int (*read)(struct wb_collector *c);
	/* The measured window ends now. */
	int (*stop)(struct wb_collector *c);
	/* The collector's result object: a new reference (caller decrefs). */
	int (*result)(struct wb_collector *c, json_t **out);
	/* Free everything; NULL-safe. */
	void (*close)(struct wb_collector *c);
};

#endif /* WB_COLLECTOR_H */
