/*
 * Validation of a cell's soak and of the summary's pooled soak (docs/results.md "soak";
 * reports/soak.c writes the cell's). Every number is bounded: the summary and the
 * comparison add these up over cells, and a 1e308 or a count of 2^63 would overflow them.
 * Counts are bounded by what the soak can store (reports/soak.h): events and samples
 * beyond are counted as dropped, not in these.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "reports/results_i.h"
#include "reports/soak.h"

/* The longest soak a scenario may ask for (stability.soak_s: a day). */
#define SOAK_S_MAX 86400
/* Any time inside a soak, or a soak's duration: far beyond a day with its gaps. */
#define SECONDS_MAX 1e7
/* An 802.11 reason code is a 16-bit field. */
#define REASON_MAX 65535
#define FAILURES_MAX WB_SOAK_LIST_MAX

static const struct wb_rjv_range SECONDS = { 0, SECONDS_MAX, "a time of 0..1e7 s" };
static const struct wb_rjv_range BPS = { 0, 1e12, "a rate of 0..1e12 bit/s" };
static const struct wb_rjv_range PCT = { 0, 100, "a percentage of 0..100" };
static const struct wb_rjv_range FRACTION = { 0, 1, "a fraction of 0..1" };
static const struct wb_rjv_range NONNEG = { 0, DBL_MAX, "a number >= 0" };
static const struct wb_rjv_range ANY = { -DBL_MAX, DBL_MAX, "a number" };

/* {median, p95, max}, each in @r or null. */
static int dist(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		const struct wb_rjv_range *r)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *d;
	int ret;

	if ((ret = wb_rjv_object(jv, obj, path, key, false, p, &d)) < 0 ||
	    (ret = wb_rjv_num(jv, d, p, "median", r, true, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, d, p, "p95", r, true, NULL)) < 0)
		return ret;
	return wb_rjv_num(jv, d, p, "max", r, true, NULL);
}

/* soak.stalls: null (no median to compare with) or runs below the threshold. */
static int check_stalls(struct wb_jsonv *jv, const json_t *soak, const char *path)
{
	char p[WB_JSONV_PATH_MAX], ap[WB_JSONV_PATH_MAX];
	double total, longest, at;
	uint64_t n;
	json_t *st;
	int ret;

	if ((ret = wb_rjv_object(jv, soak, path, "stalls", true, p, &st)) < 0 || !st)
		return ret;
	if ((ret = wb_rjv_num(jv, st, p, "fraction", &FRACTION, false, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, st, p, "threshold_bps", &BPS, false, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, st, p, "count", WB_SOAK_SAMPLES_MAX, &n)) < 0 ||
	    (ret = wb_rjv_num(jv, st, p, "total_s", &SECONDS, false, &total)) < 0 ||
	    (ret = wb_rjv_num(jv, st, p, "longest_s", &SECONDS, false, &longest)) < 0 ||
	    (ret = wb_rjv_num(jv, st, p, "longest_at_s", &SECONDS, true, &at)) < 0)
		return ret;
	/* The longest stall is one of those summed: never more than the total. */
	if (longest > total)
		return wb_jsonv_fail(jv, wb_jsonv_path_key(ap, p, "longest_s"), "expected at most "
				     "total_s (%g), got %g", total, longest);
	wb_jsonv_path_key(ap, p, "longest_at_s");
	if (!n && !isnan(at))
		return wb_jsonv_fail(jv, ap, "expected null when count is 0");
	if (n && isnan(at))
		return wb_jsonv_fail(jv, ap, "expected a time when count is above 0, got null");
	return 0;
}

/* soak.trend: null under three bins, else the slope inside its interval. */
static int check_trend(struct wb_jsonv *jv, const json_t *soak, const char *path)
{
	char p[WB_JSONV_PATH_MAX], ap[WB_JSONV_PATH_MAX];
	double slope, lo, hi, bin;
	json_t *tr, *m;
	int ret;

	if ((ret = wb_rjv_object(jv, soak, path, "trend", true, p, &tr)) < 0 || !tr)
		return ret;
	if ((ret = wb_rjv_num(jv, tr, p, "slope_bps_per_hour", &ANY, true, &slope)) < 0 ||
	    (ret = wb_rjv_num(jv, tr, p, "low_bps_per_hour", &ANY, true, &lo)) < 0 ||
	    (ret = wb_rjv_num(jv, tr, p, "high_bps_per_hour", &ANY, true, &hi)) < 0 ||
	    (ret = wb_rjv_num(jv, tr, p, "slope_pct_per_hour", &ANY, true, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, tr, p, "bin_s", &SECONDS, false, &bin)) < 0 ||
	    (ret = wb_rjv_count(jv, tr, p, "bins", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_jsonv_member(jv, tr, p, "method", true, ap, &m)) < 0 ||
	    (ret = wb_rjv_text(jv, m, ap)) < 0)
		return ret;
	if (!(bin > 0))
		return wb_jsonv_fail(jv, wb_jsonv_path_key(ap, p, "bin_s"), "expected a duration "
				     "above 0 s, got 0");
	/* NaN compares false: a null bound is not checked. */
	if (lo > slope || slope > hi)
		return wb_jsonv_fail(jv, wb_jsonv_path_key(ap, p, "slope_bps_per_hour"),
				     "expected a slope inside [low_bps_per_hour, high_bps_per_hour] "
				     "= [%g, %g], got %g", lo, hi, slope);
	return 0;
}

/* soak.disconnects: the count, and at most WB_SOAK_LIST_MAX of them listed. */
static int check_disconnects(struct wb_jsonv *jv, const json_t *soak, const char *path)
{
	char p[WB_JSONV_PATH_MAX], lp[WB_JSONV_PATH_MAX], ep[WB_JSONV_PATH_MAX];
	char rp[WB_JSONV_PATH_MAX];
	json_t *d, *events, *e, *r;
	uint64_t n, reason;
	size_t i;
	int ret;

	if ((ret = wb_rjv_object(jv, soak, path, "disconnects", false, p, &d)) < 0 ||
	    (ret = wb_rjv_count(jv, d, p, "count", WB_SOAK_EVENTS_MAX, &n)) < 0 ||
	    (ret = wb_rjv_list(jv, d, p, "events", WB_SOAK_LIST_MAX, lp, &events)) < 0)
		return ret;
	if (json_array_size(events) > n)
		return wb_jsonv_fail(jv, lp, "expected at most count (%llu) events, got %zu",
				     (unsigned long long)n, json_array_size(events));
	json_array_foreach(events, i, e) {
		wb_jsonv_path_idx(ep, lp, i);
		if ((ret = wb_jsonv_expect(jv, e, ep, WB_JSONV_OBJECT, false)) < 0 ||
		    (ret = wb_rjv_num(jv, e, ep, "at_s", &SECONDS, false, NULL)) < 0 ||
		    (ret = wb_jsonv_member(jv, e, ep, "reason", true, rp, &r)) < 0)
			return ret;
		if (!json_is_null(r) &&
		    (ret = wb_jsonv_get_uint(jv, e, ep, "reason", true, 0, REASON_MAX,
					     &reason)) < 0)
			return ret;
	}
	return 0;
}

/* One listed rekey; counts it by type into @seen[2] (group, ptk). */
static int check_rekey_event(struct wb_jsonv *jv, const json_t *e, const char *path,
			     uint64_t seen[2])
{
	static const char *const types[] = { "group", "ptk", NULL };
	char p[WB_JSONV_PATH_MAX];
	json_t *t;
	int ret, k;

	if ((ret = wb_jsonv_expect(jv, e, path, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_jsonv_member(jv, e, path, "type", true, p, &t)) < 0 ||
	    (ret = wb_jsonv_enum(jv, t, p, types, &k)) < 0 ||
	    (ret = wb_rjv_num(jv, e, path, "at_s", &SECONDS, false, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, e, path, "dip_pct", &PCT, true, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, e, path, "recovery_s", &SECONDS, true, NULL)) < 0)
		return ret;
	seen[k]++;
	return 0;
}

/* soak.rekeys.control, when present: the same measures at quiet midpoints. */
static int check_control(struct wb_jsonv *jv, const json_t *rekeys, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *c;
	int ret;

	if (!json_object_get(rekeys, "control"))
		return 0;
	if ((ret = wb_rjv_object(jv, rekeys, path, "control", false, p, &c)) < 0 ||
	    (ret = wb_rjv_count(jv, c, p, "points", WB_SOAK_CONTROL_MAX, NULL)) < 0 ||
	    (ret = dist(jv, c, p, "dip_pct", &PCT)) < 0)
		return ret;
	return dist(jv, c, p, "recovery_s", &SECONDS);
}

/* soak.rekeys: counts per type, their effects, at most WB_SOAK_LIST_MAX listed. */
static int check_rekeys(struct wb_jsonv *jv, const json_t *soak, const char *path)
{
	static const char *const names[2] = { "group", "ptk" };
	char p[WB_JSONV_PATH_MAX], lp[WB_JSONV_PATH_MAX], ep[WB_JSONV_PATH_MAX];
	uint64_t n[2], seen[2] = { 0, 0 };
	json_t *rk, *events, *e;
	size_t i;
	int ret;

	if ((ret = wb_rjv_object(jv, soak, path, "rekeys", false, p, &rk)) < 0 ||
	    (ret = wb_rjv_count(jv, rk, p, "group", WB_SOAK_EVENTS_MAX, &n[0])) < 0 ||
	    (ret = wb_rjv_count(jv, rk, p, "ptk", WB_SOAK_EVENTS_MAX, &n[1])) < 0 ||
	    (ret = dist(jv, rk, p, "dip_pct", &PCT)) < 0 ||
	    (ret = dist(jv, rk, p, "recovery_s", &SECONDS)) < 0 ||
	    (ret = check_control(jv, rk, p)) < 0 ||
	    (ret = wb_rjv_list(jv, rk, p, "events", WB_SOAK_LIST_MAX, lp, &events)) < 0)
		return ret;
	json_array_foreach(events, i, e)
		if ((ret = check_rekey_event(jv, e, wb_jsonv_path_idx(ep, lp, i), seen)) < 0)
			return ret;
	for (i = 0; i < 2; i++)
		if (seen[i] > n[i])
			return wb_jsonv_fail(jv, lp, "expected at most %s (%llu) %s rekeys, got "
					     "%llu", names[i], (unsigned long long)n[i], names[i],
					     (unsigned long long)seen[i]);
	return 0;
}

/* One series array: @n entries (the length of t_s), each in @r (null allowed: @null_ok). */
static int check_column(struct wb_jsonv *jv, const json_t *series, const char *path,
			const char *key, const struct wb_rjv_range *r, bool null_ok, size_t *n)
{
	char p[WB_JSONV_PATH_MAX], ip[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_t *a, *v;
	size_t i;
	int ret;

	if ((ret = wb_rjv_list(jv, series, path, key, WB_SOAK_SERIES_MAX, p, &a)) < 0)
		return ret;
	if (*n == SIZE_MAX)
		*n = json_array_size(a);
	else if (json_array_size(a) != *n)
		return wb_jsonv_fail(jv, p, "expected as many entries as t_s (%zu), got %zu", *n,
				     json_array_size(a));
	json_array_foreach(a, i, v) {
		wb_jsonv_path_idx(ip, p, i);
		if (null_ok && json_is_null(v))
			continue;
		if ((ret = wb_jsonv_expect(jv, v, ip, WB_JSONV_NUMBER, false)) < 0)
			return ret;
		if (!(json_number_value(v) >= r->lo && json_number_value(v) <= r->hi))
			return wb_jsonv_fail(jv, ip, "expected %s, got %s", r->expected,
					     wb_jsonv_render(v, shown, sizeof(shown)));
	}
	return 0;
}

/* soak.series: three columns of one length, at most WB_SOAK_SERIES_MAX points. */
static int check_series(struct wb_jsonv *jv, const json_t *soak, const char *path)
{
	char p[WB_JSONV_PATH_MAX], bp[WB_JSONV_PATH_MAX];
	size_t n = SIZE_MAX;
	double bin;
	json_t *s;
	int ret;

	if ((ret = wb_rjv_object(jv, soak, path, "series", false, p, &s)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "bin_s", &SECONDS, false, &bin)) < 0)
		return ret;
	if (!(bin > 0))
		return wb_jsonv_fail(jv, wb_jsonv_path_key(bp, p, "bin_s"), "expected a duration "
				     "above 0 s, got 0");
	if ((ret = check_column(jv, s, p, "t_s", &SECONDS, false, &n)) < 0 ||
	    (ret = check_column(jv, s, p, "mean_bps", &BPS, true, &n)) < 0)
		return ret;
	return check_column(jv, s, p, "min_bps", &BPS, true, &n);
}

static int check_failures(struct wb_jsonv *jv, const json_t *soak, const char *path)
{
	char p[WB_JSONV_PATH_MAX], ip[WB_JSONV_PATH_MAX];
	json_t *a, *v;
	size_t i;
	int ret;

	if ((ret = wb_rjv_list(jv, soak, path, "failures", FAILURES_MAX, p, &a)) < 0)
		return ret;
	json_array_foreach(a, i, v)
		if ((ret = wb_rjv_text(jv, v, wb_jsonv_path_idx(ip, p, i))) < 0)
			return ret;
	return 0;
}

int wb_results_check_soak(struct wb_jsonv *jv, const json_t *cell, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	uint64_t segments;
	json_t *s = json_object_get(cell, "soak");
	int ret;

	if (!s || json_is_null(s))
		return 0;
	wb_jsonv_path_key(p, path, "soak");
	if ((ret = wb_jsonv_expect(jv, s, p, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "planned_s", SOAK_S_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "segment_s", SOAK_S_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "segments", INT64_MAX, &segments)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "failed_segments", segments, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "measured_s", &SECONDS, false, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "outage_s", &SECONDS, false, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "gap_s", &SECONDS, false, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "samples", WB_SOAK_SAMPLES_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "samples_dropped", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "events_dropped", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "median_bps", &BPS, true, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "mean_bps", &BPS, true, NULL)) < 0 ||
	    (ret = check_stalls(jv, s, p)) < 0 ||
	    (ret = check_trend(jv, s, p)) < 0 ||
	    (ret = check_disconnects(jv, s, p)) < 0 ||
	    (ret = check_rekeys(jv, s, p)) < 0 ||
	    (ret = check_series(jv, s, p)) < 0)
		return ret;
	return check_failures(jv, s, p);
}

int wb_results_check_summary_soak(struct wb_jsonv *jv, const json_t *group, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *s = json_object_get(group, "soak");
	int ret;

	/* Absent from files written before the soak existed. */
	if (!s || json_is_null(s))
		return 0;
	wb_jsonv_path_key(p, path, "soak");
	if ((ret = wb_jsonv_expect(jv, s, p, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "cells", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "soak_s", &NONNEG, false, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "disconnects", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "disconnects_per_hour", &NONNEG, true, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "stalls", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "stall_s", &NONNEG, false, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, s, p, "longest_stall_s", &NONNEG, true, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "rekeys_group", INT64_MAX, NULL)) < 0 ||
	    (ret = wb_rjv_count(jv, s, p, "rekeys_ptk", INT64_MAX, NULL)) < 0 ||
	    (ret = dist(jv, s, p, "dip_pct", &PCT)) < 0 ||
	    (ret = dist(jv, s, p, "recovery_s", &NONNEG)) < 0)
		return ret;
	return wb_rjv_num(jv, s, p, "trend_pct_per_hour", &ANY, true, NULL);
}
