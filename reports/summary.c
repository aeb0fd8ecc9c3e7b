#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "reports/jpath.h"
#include "reports/stats.h"
#include "reports/summary.h"
#include "reports/summary_i.h"
#include "wbench/lib/util.h"

/* The numbers summarised per group, in the order of struct group's arrays. */
enum metric {
	M_BPS,
	M_AP_BUSY,
	M_AP_SOFTIRQ,
	M_AP_MAX_CORE,
	M_STA_BUSY,
	M_STA_SOFTIRQ,
	M_STA_MAX_CORE,
	M_COUNT,
};

/* The soaks of one mode (docs/results.md, summary "soak"). */
struct soak_pool {
	json_int_t cells, disconnects, stalls, rekeys[2]; /* rekeys: group, ptk */
	double secs, stall_s, longest;   /* longest: NAN until a cell has stalls */
	double *dip, *rec, *trend;       /* listed rekeys' dips and recoveries; cells' trends */
	size_t n_dip, cap_dip, n_rec, cap_rec, n_trend, cap_trend;
};

struct group {
	const char *key[4];   /* crypto, security, proto, direction (borrowed from cells) */
	json_int_t min_index;
	size_t n_cells, n_failed;
	double *v[M_COUNT];   /* values of ok cells, n[m] of them */
	size_t n[M_COUNT];
	/* reconnect cycles, pooled over the cells that ran them (any status) */
	bool rc_have;
	json_int_t rc_cycles, rc_ok;
	double *rc_ms;        /* every association time of the cycles */
	size_t rc_n, rc_cap;
	struct soak_pool soak; /* the soaks, pooled the same way */
	struct wb_summary_latency lat; /* latency under load, over the ok cells */
	/* the failed cells' status and diagnosis code (borrowed; NULL when absent) */
	const char **fail_status, **fail_diag;
};

static const char *const key_names[4] = { "crypto", "security", "proto", "direction" };

static double cell_number(const json_t *cell, const char *a, const char *b, const char *c)
{
	return wb_jpath_num(cell, a, b, c, NULL);
}

static void cell_metrics(const json_t *cell, double m[M_COUNT])
{
	m[M_BPS] = cell_number(cell, "throughput", "bits_per_second", NULL);
	m[M_AP_BUSY] = cell_number(cell, "cpu", "ap", "busy_pct");
	m[M_AP_SOFTIRQ] = cell_number(cell, "cpu", "ap", "softirq_pct");
	m[M_AP_MAX_CORE] = cell_number(cell, "cpu", "ap", "max_core_busy_pct");
	m[M_STA_BUSY] = cell_number(cell, "cpu", "sta", "busy_pct");
	m[M_STA_SOFTIRQ] = cell_number(cell, "cpu", "sta", "softirq_pct");
	m[M_STA_MAX_CORE] = cell_number(cell, "cpu", "sta", "max_core_busy_pct");
}

static bool cell_key(const json_t *cell, const char *key[4])
{
	size_t i;

	for (i = 0; i < 4; i++) {
		key[i] = json_string_value(json_object_get(cell, key_names[i]));
		if (!key[i])
			return false;
	}
	return true;
}

static bool same_key(const struct group *g, const char *key[4])
{
	return !strcmp(g->key[0], key[0]) && !strcmp(g->key[1], key[1]) &&
	       !strcmp(g->key[2], key[2]) && !strcmp(g->key[3], key[3]);
}

static struct group *find_group(struct group *g, size_t n, const char *key[4])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same_key(&g[i], key))
			return &g[i];
	return NULL;
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return (x->min_index > y->min_index) - (x->min_index < y->min_index);
}

/* A string, or null for NULL. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *cpu_medians(struct group *g, enum metric busy)
{
	return json_pack("{s:o, s:o, s:o}",
			 "busy_pct", wb_stats_json(wb_stats_median(g->v[busy], g->n[busy])),
			 "softirq_pct", wb_stats_json(wb_stats_median(g->v[busy + 1], g->n[busy + 1])),
			 "max_core_busy_pct", wb_stats_json(wb_stats_median(g->v[busy + 2], g->n[busy + 2])));
}

json_t *wb_summary_dist(double *x, size_t n)
{
	/* one statement each: the sort must come before x[n - 1] is read */
	double median = wb_stats_median(x, n);
	double p95 = wb_stats_quantile(x, n, 0.95);
	double max = n ? x[n - 1] : NAN;

	return json_pack("{s:o, s:o, s:o}", "median", wb_stats_json(median), "p95", wb_stats_json(p95),
			 "max", wb_stats_json(max));
}

/* The cell's reconnect cycles into @g. Returns 0 or -ENOMEM. */
static int reconnect_add(struct group *g, const json_t *cell)
{
	const json_t *rc = json_object_get(cell, "reconnect"), *v;
	size_t i;

	if (!json_is_object(rc))
		return 0;
	g->rc_have = true;
	g->rc_cycles += json_integer_value(json_object_get(rc, "cycles"));
	g->rc_ok += json_integer_value(json_object_get(rc, "succeeded"));
	json_array_foreach(json_object_get(rc, "samples_ms"), i, v) {
		if (!json_is_number(v) || !isfinite(json_number_value(v)))
			continue;
		if (wb_grow((void **)&g->rc_ms, &g->rc_cap, g->rc_n + 1, sizeof(*g->rc_ms)) < 0)
			return -ENOMEM;
		g->rc_ms[g->rc_n++] = json_number_value(v);
	}
	return 0;
}

static json_t *reconnect_json(struct group *g)
{
	if (!g->rc_have)
		return json_null();
	return json_pack("{s:I, s:I, s:o, s:o}", "cycles", g->rc_cycles, "succeeded", g->rc_ok,
			 "success_rate", g->rc_cycles > 0 ?
			 json_real((double)g->rc_ok / (double)g->rc_cycles) : json_null(),
			 "assoc_ms", wb_summary_dist(g->rc_ms, g->rc_n));
}

/* Appends @v, when it is a number, to @arr. Returns 0 or -ENOMEM. */
static int push(double **arr, size_t *n, size_t *cap, const json_t *v)
{
	if (!json_is_number(v))
		return 0;
	if (wb_grow((void **)arr, cap, *n + 1, sizeof(**arr)) < 0)
		return -ENOMEM;
	(*arr)[(*n)++] = json_number_value(v);
	return 0;
}

static json_int_t int_at(const json_t *o, const char *a, const char *b)
{
	return json_integer_value(json_object_get(json_object_get(o, a), b));
}

/* A number of seconds to add up; 0 where a cell has none (the summary never fails on it). */
static double secs_at(const json_t *o, const char *key)
{
	double v = wb_jpath_num(o, key, NULL);

	return isfinite(v) ? v : 0;
}

/* The cell's soak into @p: sums, the listed rekeys' effects, the trend. 0 or -ENOMEM. */
static int soak_add(struct soak_pool *p, const json_t *cell)
{
	const json_t *s = json_object_get(cell, "soak"), *st, *e;
	double longest;
	size_t i;

	if (!json_is_object(s))
		return 0;
	p->cells++;
	p->secs += secs_at(s, "measured_s") + secs_at(s, "outage_s");
	p->disconnects += int_at(s, "disconnects", "count");
	p->rekeys[0] += int_at(s, "rekeys", "group");
	p->rekeys[1] += int_at(s, "rekeys", "ptk");
	st = json_object_get(s, "stalls");
	if (json_is_object(st)) {
		p->stalls += json_integer_value(json_object_get(st, "count"));
		p->stall_s += secs_at(st, "total_s");
		longest = secs_at(st, "longest_s");
		if (isnan(p->longest) || longest > p->longest)
			p->longest = longest;
	}
	json_array_foreach(json_object_get(json_object_get(s, "rekeys"), "events"), i, e)
		if (push(&p->dip, &p->n_dip, &p->cap_dip, json_object_get(e, "dip_pct")) < 0 ||
		    push(&p->rec, &p->n_rec, &p->cap_rec, json_object_get(e, "recovery_s")) < 0)
			return -ENOMEM;
	return push(&p->trend, &p->n_trend, &p->cap_trend,
		    json_object_get(json_object_get(s, "trend"), "slope_pct_per_hour"));
}

static json_t *soak_json(struct soak_pool *p)
{
	if (!p->cells)
		return json_null();
	return json_pack("{s:I, s:f, s:I, s:o, s:I, s:f, s:o, s:I, s:I, s:o, s:o, s:o}",
			 "cells", p->cells, "soak_s", p->secs, "disconnects", p->disconnects,
			 "disconnects_per_hour", p->secs > 0 ?
			 json_real(3600.0 * (double)p->disconnects / p->secs) : json_null(),
			 "stalls", p->stalls, "stall_s", p->stall_s,
			 "longest_stall_s", wb_stats_json(p->longest),
			 "rekeys_group", p->rekeys[0], "rekeys_ptk", p->rekeys[1],
			 "dip_pct", wb_summary_dist(p->dip, p->n_dip),
			 "recovery_s", wb_summary_dist(p->rec, p->n_rec),
			 "trend_pct_per_hour", wb_stats_json(wb_stats_median(p->trend, p->n_trend)));
}

static void soak_release(struct soak_pool *p)
{
	free(p->dip);
	free(p->rec);
	free(p->trend);
}

static json_t *group_to_json(struct group *g)
{
	struct wb_stats st = { 0 };
	json_t *ci, *status, *diag;
	bool have = g->n[M_BPS] > 0;

	if (have && wb_stats_compute(g->v[M_BPS], g->n[M_BPS], &st) < 0)
		return NULL;
	if (!have)
		st.mean = st.median = st.stddev = st.ci95_lo = st.ci95_hi = st.min = st.max = NAN;
	ci = isfinite(st.ci95_lo) ? json_pack("[f, f]", st.ci95_lo, st.ci95_hi) : json_null();
	status = str_or_null(wb_stats_most_common(g->fail_status, g->n_failed));
	diag = str_or_null(wb_stats_most_common(g->fail_diag, g->n_failed));
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, "
			 "s:{s:o, s:o}, s:o, s:o, s:o, s:o, s:o}",
			 "crypto", g->key[0], "security", g->key[1], "proto", g->key[2],
			 "direction", g->key[3],
			 "n", (json_int_t)g->n[M_BPS], "n_failed", (json_int_t)g->n_failed,
			 "median_bits_per_second", wb_stats_json(st.median),
			 "mean_bits_per_second", wb_stats_json(st.mean),
			 "stddev_bits_per_second", wb_stats_json(st.stddev),
			 "ci95_bits_per_second", ci,
			 "min_bits_per_second", wb_stats_json(st.min),
			 "max_bits_per_second", wb_stats_json(st.max),
			 "cpu_median", "ap", cpu_medians(g, M_AP_BUSY),
			 "sta", cpu_medians(g, M_STA_BUSY),
			 "failure_status", status, "failure_diagnosis", diag,
			 "reconnect", reconnect_json(g), "soak", soak_json(&g->soak),
			 "latency", wb_summary_latency_json(&g->lat, !strcmp(g->key[2], "udp")));
}

static void groups_free(struct group *groups, size_t n)
{
	size_t i, m;

	for (i = 0; i < n; i++) {
		for (m = 0; m < M_COUNT; m++)
			free(groups[i].v[m]);
		free(groups[i].rc_ms);
		soak_release(&groups[i].soak);
		wb_summary_latency_release(&groups[i].lat);
		free(groups[i].fail_status);
		free(groups[i].fail_diag);
	}
	free(groups);
}

json_t *wb_summary_compute(const json_t *cells)
{
	size_t n_cells = json_array_size(cells), n_groups = 0, i, m;
	struct group *groups, *g;
	json_t *out = NULL, *c, *e;
	const char *key[4];
	double vals[M_COUNT];

	groups = calloc(n_cells ? n_cells : 1, sizeof(*groups));
	if (!groups)
		return NULL;
	/* Pass 1: groups and how many values each will hold. */
	json_array_foreach(cells, i, c) {
		json_int_t index = json_integer_value(json_object_get(c, "index"));

		if (!cell_key(c, key))
			continue;
		g = find_group(groups, n_groups, key);
		if (!g) {
			g = &groups[n_groups++];
			memcpy(g->key, key, sizeof(g->key));
			g->min_index = index;
			g->soak.longest = NAN;
		}
		if (index < g->min_index)
			g->min_index = index;
		g->n_cells++;
	}
	for (i = 0; i < n_groups; i++) {
		g = &groups[i];
		for (m = 0; m < M_COUNT; m++)
			if (!(g->v[m] = malloc(g->n_cells * sizeof(double))))
				goto out;
		g->fail_status = calloc(g->n_cells, sizeof(*g->fail_status));
		g->fail_diag = calloc(g->n_cells, sizeof(*g->fail_diag));
		if (!g->fail_status || !g->fail_diag)
			goto out;
	}
	/* Pass 2: the values of ok cells; failures are counted. */
	json_array_foreach(cells, i, c) {
		const char *status = json_string_value(json_object_get(c, "status"));

		if (!cell_key(c, key))
			continue;
		g = find_group(groups, n_groups, key);
		if (reconnect_add(g, c) < 0 || soak_add(&g->soak, c) < 0)
			goto out;
		if (!status || strcmp(status, "ok") != 0) {
			g->fail_status[g->n_failed] = status;
			g->fail_diag[g->n_failed++] = json_string_value(
				json_object_get(json_object_get(c, "diagnosis"), "code"));
			continue;
		}
		if (wb_summary_latency_add(&g->lat, c) < 0)
			goto out;
		cell_metrics(c, vals);
		for (m = 0; m < M_COUNT; m++)
			if (isfinite(vals[m]))
				g->v[m][g->n[m]++] = vals[m];
	}
	qsort(groups, n_groups, sizeof(*groups), cmp_group);
	out = json_array();
	for (i = 0; out && i < n_groups; i++) {
		e = group_to_json(&groups[i]);
		if (json_array_append_new(out, e) < 0) {
			json_decref(out);
			out = NULL;
		}
	}
out:
	groups_free(groups, n_groups);
	return out;
}
