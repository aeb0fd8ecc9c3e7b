/*
 * Validation of a cell's latency under load and of the summary's (docs/results.md,
 * "Latency under load"; reports/latency_stats.c writes the cell's). Every number is
 * bounded: the summary pools probe counts over cells and takes medians of round trips,
 * and a count of 2^63 or a 1e308 would overflow them.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "reports/results_i.h"

/* A round trip longer than a day is a broken clock or an edited file. */
#define RTT_MS_MAX 86400000.0
/* Probes in one phase: a day at the highest rate (100/s), rounded up. */
#define PROBES_MAX 10000000
/* The collector lists at most this many lost probes (collectors/latency.h). */
#define LOST_LIST_MAX 1000
/* scenario latency.probes_per_s (1..100; 0 runs no probes) and size_bytes. */
#define RATE_MAX 100
#define SIZE_MIN 16
#define SIZE_MAX_BYTES 1400

static const struct wb_rjv_range RTT = { 0, RTT_MS_MAX, "a time of 0..86400000 ms" };
static const struct wb_rjv_range DELTA = { -RTT_MS_MAX, RTT_MS_MAX,
					   "a time of -86400000..86400000 ms" };
static const struct wb_rjv_range PCT = { 0, 100, "a percentage of 0..100" };
static const struct wb_rjv_range SECONDS = { 0, 1e7, "a time of 0..1e7 s" };

static const char *const statuses[] = { "ok", "failed", NULL };

/* Required "status": "ok" or "failed". *@failed: which. */
static int status(struct wb_jsonv *jv, const json_t *obj, const char *path, bool *failed)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret, idx = 0;

	if ((ret = wb_jsonv_member(jv, obj, path, "status", true, p, &v)) < 0 ||
	    (ret = wb_jsonv_enum(jv, v, p, statuses, &idx)) < 0)
		return ret;
	*failed = idx == 1;
	return 0;
}

/* @key, required (@required) or optional: a string without NUL. */
static int string_member(struct wb_jsonv *jv, const json_t *obj, const char *path,
			 const char *key, bool required)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret;

	if ((ret = wb_jsonv_member(jv, obj, path, key, required, p, &v)) < 0 || !v)
		return ret;
	return wb_rjv_text(jv, v, p);
}

/*
 * A probe count 0..@max; null only in a failed phase (@null_ok), where the probes may
 * not have run at all. *@known: whether it is a number.
 */
static int probes(struct wb_jsonv *jv, const json_t *ph, const char *path, const char *key,
		  uint64_t max, bool null_ok, uint64_t *out, bool *known)
{
	*known = false;
	*out = 0;
	if (null_ok && json_is_null(json_object_get(ph, key)))
		return 0;
	*known = true;
	return wb_rjv_count(jv, ph, path, key, max, out);
}

/* rtt_ms {p50, p90, p99, max}: each null or 0..RTT_MS_MAX, never below an earlier one. */
static int check_rtt(struct wb_jsonv *jv, const json_t *ph, const char *path)
{
	static const char *const keys[] = { "p50", "p90", "p99", "max" };
	char p[WB_JSONV_PATH_MAX], kp[WB_JSONV_PATH_MAX];
	double v, last = NAN;
	const char *last_key = NULL;
	json_t *r;
	size_t k;
	int ret;

	if ((ret = wb_rjv_object(jv, ph, path, "rtt_ms", false, p, &r)) < 0)
		return ret;
	for (k = 0; k < WB_ARRAY_SIZE(keys); k++) {
		if ((ret = wb_rjv_num(jv, r, p, keys[k], &RTT, true, &v)) < 0)
			return ret;
		if (isnan(v))
			continue;
		if (last_key && v < last)
			return wb_jsonv_fail(jv, wb_jsonv_path_key(kp, p, keys[k]), "expected at "
					     "least %s (%g), got %g", last_key, last, v);
		last = v;
		last_key = keys[k];
	}
	return 0;
}

/* loaded.lost_at_s, when present: at most 1000 times, no more than the probes lost. */
static int check_lost(struct wb_jsonv *jv, const json_t *ph, const char *path, uint64_t lost,
		      bool known)
{
	char p[WB_JSONV_PATH_MAX], ip[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_t *a, *v;
	size_t i;
	int ret;

	if (!json_object_get(ph, "lost_at_s"))
		return 0;
	if ((ret = wb_rjv_list(jv, ph, path, "lost_at_s", LOST_LIST_MAX, p, &a)) < 0)
		return ret;
	if (known && json_array_size(a) > lost)
		return wb_jsonv_fail(jv, p, "expected at most sent - received (%llu) entries, got "
				     "%zu", (unsigned long long)lost, json_array_size(a));
	json_array_foreach(a, i, v) {
		wb_jsonv_path_idx(ip, p, i);
		if ((ret = wb_jsonv_expect(jv, v, ip, WB_JSONV_NUMBER, false)) < 0)
			return ret;
		if (!(json_number_value(v) >= SECONDS.lo && json_number_value(v) <= SECONDS.hi))
			return wb_jsonv_fail(jv, ip, "expected %s, got %s", SECONDS.expected,
					     wb_jsonv_render(v, shown, sizeof(shown)));
	}
	return 0;
}

/* latency.idle / latency.loaded: null (the phase did not run), or its probes. */
static int check_phase(struct wb_jsonv *jv, const json_t *lat, const char *path,
		       const char *key)
{
	char p[WB_JSONV_PATH_MAX];
	uint64_t rate, sent, recv, dups;
	bool failed, has_sent, has_recv, has_dups;
	json_t *ph;
	int ret;

	if ((ret = wb_rjv_object(jv, lat, path, key, true, p, &ph)) < 0 || !ph)
		return ret;
	if ((ret = status(jv, ph, p, &failed)) < 0 ||
	    (ret = string_member(jv, ph, p, "message", false)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, ph, p, "probes_per_s", true, 1, RATE_MAX, &rate)) < 0 ||
	    (ret = probes(jv, ph, p, "sent", PROBES_MAX, failed, &sent, &has_sent)) < 0 ||
	    /* every reply answers a probe sent: duplicates are counted apart */
	    (ret = probes(jv, ph, p, "received", has_sent ? sent : PROBES_MAX, failed, &recv,
			  &has_recv)) < 0 ||
	    (ret = probes(jv, ph, p, "duplicates", PROBES_MAX, failed, &dups, &has_dups)) < 0 ||
	    (ret = wb_rjv_num(jv, ph, p, "loss_pct", &PCT, failed, NULL)) < 0 ||
	    (ret = check_rtt(jv, ph, p)) < 0)
		return ret;
	/* received <= sent is checked above: no underflow when both are known */
	return check_lost(jv, ph, p, has_sent && has_recv ? sent - recv : 0, has_sent && has_recv);
}

/* latency.added_ms: null (no idle baseline), or {p50, p90}, each null or +/- a day. */
static int check_added(struct wb_jsonv *jv, const json_t *lat, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *a;
	int ret;

	if ((ret = wb_rjv_object(jv, lat, path, "added_ms", true, p, &a)) < 0 || !a ||
	    (ret = wb_rjv_num(jv, a, p, "p50", &DELTA, true, NULL)) < 0)
		return ret;
	return wb_rjv_num(jv, a, p, "p90", &DELTA, true, NULL);
}

int wb_results_check_latency(struct wb_jsonv *jv, const json_t *cell, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *lat = json_object_get(cell, "latency");
	uint64_t size;
	bool failed;
	int ret;

	/* Absent from files written before the probes existed; null when they were off. */
	if (!lat || json_is_null(lat))
		return 0;
	wb_jsonv_path_key(p, path, "latency");
	if ((ret = wb_jsonv_expect(jv, lat, p, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = status(jv, lat, p, &failed)) < 0 ||
	    (ret = string_member(jv, lat, p, "message", false)) < 0 ||
	    (ret = string_member(jv, lat, p, "method", true)) < 0 ||
	    (ret = string_member(jv, lat, p, "target", true)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, lat, p, "size_bytes", true, SIZE_MIN, SIZE_MAX_BYTES,
				     &size)) < 0 ||
	    (ret = check_phase(jv, lat, p, "idle")) < 0 ||
	    (ret = check_phase(jv, lat, p, "loaded")) < 0)
		return ret;
	return check_added(jv, lat, p);
}

/* summary latency.udp: null (a TCP mode), or iperf's own medians. */
static int check_summary_udp(struct wb_jsonv *jv, const json_t *lat, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *u;
	int ret;

	if ((ret = wb_rjv_object(jv, lat, path, "udp", true, p, &u)) < 0 || !u ||
	    (ret = wb_rjv_num(jv, u, p, "jitter_ms", &RTT, true, NULL)) < 0)
		return ret;
	return wb_rjv_num(jv, u, p, "lost_percent", &PCT, true, NULL);
}

int wb_results_check_summary_latency(struct wb_jsonv *jv, const json_t *group,
				     const char *path)
{
	static const char *const rtts[] = { "idle_p50_ms", "loaded_p50_ms", "loaded_p90_ms",
					    "loaded_p99_ms", NULL };
	char p[WB_JSONV_PATH_MAX];
	json_t *lat = json_object_get(group, "latency");
	size_t k;
	int ret;

	if (!lat || json_is_null(lat))
		return 0;
	wb_jsonv_path_key(p, path, "latency");
	if ((ret = wb_jsonv_expect(jv, lat, p, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_rjv_count(jv, lat, p, "cells", INT64_MAX, NULL)) < 0)
		return ret;
	for (k = 0; rtts[k]; k++)
		if ((ret = wb_rjv_num(jv, lat, p, rtts[k], &RTT, true, NULL)) < 0)
			return ret;
	if ((ret = wb_rjv_num(jv, lat, p, "added_p50_ms", &DELTA, true, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, lat, p, "added_p90_ms", &DELTA, true, NULL)) < 0 ||
	    (ret = wb_rjv_num(jv, lat, p, "loss_pct", &PCT, false, NULL)) < 0)
		return ret;
	return check_summary_udp(jv, lat, p);
}
