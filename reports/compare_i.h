/*
 * wbench: internals shared by the comparison's files (compare.c: documents and counts,
 * compare_group.c: one mode's decisions, compare_gate.c: settings and floors).
 * Not a public interface.
 */
#ifndef WB_COMPARE_I_H
#define WB_COMPARE_I_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "reports/compare.h"

/* The four mode keys, in the order of struct wb_compare_mode's fields. */
#define WB_COMPARE_NKEYS 4

/* One absolute floor (TIP/LANforge style): a NULL key matches anything. */
struct wb_compare_floor {
	char *key[WB_COMPARE_NKEYS]; /* crypto, security, proto, direction */
	unsigned int specificity;    /* keys given */
	double min_bits_per_second;
	char *note;                  /* optional, shown in messages; NULL when absent */
};

struct wb_compare_gate {
	double alpha;                /* MWU significance level */
	double noise_band_pct;       /* throughput noise band, percent of the baseline */
	unsigned int min_runs;       /* ok cells needed on each side */
	double confidence;           /* bootstrap interval coverage */
	unsigned int resamples;      /* bootstrap resamples */
	uint64_t seed;               /* bootstrap seed (every group and metric) */
	double cpu_band_pp;          /* CPU noise band, percentage points */
	double latency_band_ms;      /* latency noise band, milliseconds */
	bool fail_on_unknown;        /* an unknown statistical verdict fails the gate */
	bool fail_on_missing;        /* a baseline mode absent from the candidate fails */
	bool on_throughput, on_cpu, on_start, on_pmf, on_floor, on_reconnect, on_disconnects;
	bool on_latency;             /* off by default: ICMP round trips are noisy */
	struct wb_compare_floor *floors;
	size_t n_floors;
	char *file;                  /* gate file; NULL for the defaults */
	bool cli;                    /* a command-line override was applied */
	struct wb_cancel *cancel;    /* stops a comparison between groups (borrowed; NULL) */
};

extern const char *const wb_compare_key_names[WB_COMPARE_NKEYS];

/**
 * wb_compare_gate_floor_for - the floor that applies to a mode: the most specific
 * matching rule, the earliest on a tie
 * @key: crypto, security, proto, direction
 * @index: receives the rule's position in the file
 * Returns: borrowed (valid while @g lives), or NULL when no rule matches.
 */
const struct wb_compare_floor *wb_compare_gate_floor_for(const struct wb_compare_gate *g,
							 const char *const key[WB_COMPARE_NKEYS],
							 size_t *index);

/**
 * wb_compare_gate_settings_json - the "settings" object of the output document
 * Returns: a new reference or NULL on allocation failure.
 */
json_t *wb_compare_gate_settings_json(const struct wb_compare_gate *g);

/**
 * wb_compare_floor_match_json - a rule's "match" object (only the keys it gives)
 * Returns: a new reference or NULL on allocation failure.
 */
json_t *wb_compare_floor_match_json(const struct wb_compare_floor *f);

/**
 * wb_compare_key_join - a mode's name "crypto/security/proto/direction", whole
 * @key: the four mode keys (none NULL)
 *
 * Never cut to a buffer: two long labels that differ late must stay two names.
 *
 * Returns: a new string (caller frees), or NULL when out of memory.
 */
char *wb_compare_key_join(const char *const key[WB_COMPARE_NKEYS]);


/* One side of a group: the cells of one mode in one document. */
struct wb_compare_side {
	const json_t *doc;           /* the document (borrowed) */
	const json_t **cells;        /* the mode's cells, file order (array owned) */
	size_t n_cells;
};

/**
 * wb_compare_group - decide every gate of one mode and build its GROUP object
 * @key: the mode
 * @base, @cand: the two sides; NULL when the mode is absent from that document
 * @g: settings and floors
 * @out: set to a new GROUP object (docs/compare.md)
 * Returns: 0, -ENOMEM, or -EINVAL when the statistics refuse the data (a bug: the
 * documents were validated).
 */
int wb_compare_group(const char *const key[WB_COMPARE_NKEYS], const struct wb_compare_side *base,
		     const struct wb_compare_side *cand, const struct wb_compare_gate *g,
		     json_t **out);

/* The latency values of one mode, both sides (compare_latency.c). */
struct wb_compare_latency {
	const char *metric;          /* "added_ms.p90" or "loaded.rtt_ms.p90" (static) */
	char why[160];               /* why that metric, for the output */
	double *base, *cand;         /* the ok cells' values, file order (owned) */
	size_t m, n;
};

/**
 * wb_compare_latency_collect - the latency gate's values: per side the ok cells'
 * latency.added_ms.p90, or loaded.rtt_ms.p90 on both sides when a cell of either side has
 * a loaded p90 but no added one (no idle baseline)
 * @base, @cand: the two sides; NULL when the mode is absent from that document
 * @out: filled; release with wb_compare_latency_release
 * Returns: 0 or -ENOMEM (@out is then empty).
 */
int wb_compare_latency_collect(const struct wb_compare_side *base,
			       const struct wb_compare_side *cand, struct wb_compare_latency *out);

/** wb_compare_latency_release - free @l's values (an empty @l is fine). */
void wb_compare_latency_release(struct wb_compare_latency *l);

#endif /* WB_COMPARE_I_H */
