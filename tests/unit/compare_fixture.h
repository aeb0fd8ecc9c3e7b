/* Test helper: small wbench-result/1 documents built in memory for the comparison tests. */
#ifndef WBT_COMPARE_FIXTURE_H
#define WBT_COMPARE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* One mode's cells to add with wbt_cmp_add. */
struct wbt_cmp_cells {
	const char *crypto, *security, *proto, *direction; /* NULL: hwcrypt, sae, tcp, up */
	const char *status;       /* NULL: "ok" */
	const char *diagnosis;    /* diagnosis code of failed cells; NULL: none */
	const double *bps;        /* n values (ok cells), or NULL: 100 Mbit/s each */
	size_t n;
	double cpu_ap;            /* busiest AP core %; 0: cpu.ap null */
	double cpu_step;          /* added per cell to cpu_ap, alternating sign (spread) */
	const char *pmf;          /* cells' pmf.verdict; NULL: no pmf object */
	bool sta_same_host;       /* cpu.sta as in the sim: the AP's numbers, same_host_as */
	unsigned int rc_cycles;   /* reconnect cycles per cell; 0: no reconnect object */
	unsigned int rc_ok[2];    /* succeeded, in even and odd cells */
	unsigned int soak_s;      /* a soak per cell of this many seconds; 0: no soak object */
	unsigned int disc[2];     /* the soak's disconnects, in even and odd cells */
	const double *lat_p90;    /* n values: each ok cell's latency.added_ms.p90 (its loaded
				   * p90 is 2 ms more); NULL: no latency object */
	bool lat_no_idle;         /* the latency without an idle phase: added_ms null */
};

/** wbt_cmp_doc - an empty, complete results document on backend @backend ("sim"). */
json_t *wbt_cmp_doc(const char *backend);

/** wbt_cmp_add - append the cells of @c to @doc and recompute summary and planned_cells. */
void wbt_cmp_add(json_t *doc, const struct wbt_cmp_cells *c);

/**
 * wbt_cmp_series - fill @out with @n values around @median, spread +/- @spread_pct in a
 * fixed pattern (no randomness). Returns @out.
 */
double *wbt_cmp_series(double *out, size_t n, double median, double spread_pct);

/** wbt_cmp_group - the group with key @key ("crypto/security/proto/direction") or fail. */
json_t *wbt_cmp_group(const json_t *cmp, const char *key);

/** wbt_cmp_gate_result - the result of gate @gate in @group, or NULL when not evaluated. */
const char *wbt_cmp_gate_result(const json_t *group, const char *gate);

struct wb_compare_gate;

/** wbt_gate_from - the gate file @text, loaded through a private temporary file, or fail
 * the test. Returns a new gate (wb_compare_gate_free). */
struct wb_compare_gate *wbt_gate_from(const char *text);

#endif /* WBT_COMPARE_FIXTURE_H */
