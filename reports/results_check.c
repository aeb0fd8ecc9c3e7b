/* Validation of wbench-result/1 documents (docs/results.md, docs/results.schema.json). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reports/results.h"
#include "reports/results_i.h"
#include "wbench/lib/jsonv.h"
#include "wbench/wifi/crypto_mode.h"


/* Required @key of @type, or (when @null_ok) null. */
static int member(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		  enum wb_jsonv_type type, bool null_ok, json_t **out)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret;

	ret = wb_jsonv_member(jv, obj, path, key, true, p, &v);
	if (ret < 0)
		return ret;
	if (out)
		*out = v;
	if (null_ok && json_is_null(v))
		return 0;
	return wb_jsonv_expect(jv, v, p, type, false);
}

/* Required @key whose value is null or of @type. */
static int nullable(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		    enum wb_jsonv_type type, json_t **out)
{
	return member(jv, obj, path, key, type, true, out);
}

/* Required @key of @type. */
static int typed(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		 enum wb_jsonv_type type, json_t **out)
{
	return member(jv, obj, path, key, type, false, out);
}

/* Optional @key: when present, null (if @null_ok) or of @type. */
static int optional(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		    enum wb_jsonv_type type, bool null_ok)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v = json_object_get(obj, key);

	if (!v || (null_ok && json_is_null(v)))
		return 0;
	return wb_jsonv_expect(jv, v, wb_jsonv_path_key(p, path, key), type, false);
}

/* Every element of the array @arr (at @path) is an object. */
static int objects(struct wb_jsonv *jv, const json_t *arr, const char *path)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *e;
	size_t i;
	int ret;

	json_array_foreach(arr, i, e)
		if ((ret = wb_jsonv_expect(jv, e, wb_jsonv_path_idx(p, path, i), WB_JSONV_OBJECT,
					   false)) < 0)
			return ret;
	return 0;
}

static int non_negative(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key)
{
	uint64_t v;

	return wb_jsonv_get_uint(jv, obj, path, key, true, 0, INT64_MAX, &v);
}

/*
 * @key, when it is a number (its type is checked elsewhere), is in [0, @hi]: a negative
 * rate or load is a broken collector or an edited file, and the comparison's ratios
 * assume none; a huge one (1e308) would overflow the statistics into NaN.
 */
static int in_range(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		    double hi, const char *expected)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	const json_t *v = json_object_get(obj, key);

	if (!json_is_number(v) || (json_number_value(v) >= 0 && json_number_value(v) <= hi))
		return 0;
	return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, key), "expected %s, got %s", expected,
			     wb_jsonv_render(v, shown, sizeof(shown)));
}

/* The most a throughput may be: 1 Tbit/s, far above any radio (802.11be: 46 Gbit/s). */
#define BPS_MAX 1e12
#define BPS_EXPECTED "a rate of 0..1e12 bit/s"

static int rate_in_range(struct wb_jsonv *jv, const json_t *obj, const char *path,
			  const char *key)
{
	return in_range(jv, obj, path, key, BPS_MAX, BPS_EXPECTED);
}

static const char *const pct_keys[] = { "busy_pct", "softirq_pct", "max_core_busy_pct", NULL };

static int pcts_in_range(struct wb_jsonv *jv, const json_t *obj, const char *path)
{
	size_t i;
	int ret;

	for (i = 0; pct_keys[i]; i++)
		if ((ret = in_range(jv, obj, path, pct_keys[i], 100,
				    "a percentage of 0..100")) < 0)
			return ret;
	return 0;
}

static int one_of(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		  const char *const names[])
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret, idx;

	ret = wb_jsonv_member(jv, obj, path, key, true, p, &v);
	if (ret < 0)
		return ret;
	return wb_jsonv_enum(jv, v, p, names, &idx);
}

static int check_cpu_host(struct wb_jsonv *jv, const json_t *cpu, const char *path,
			  const char *key)
{
	char p[WB_JSONV_PATH_MAX], pc[WB_JSONV_PATH_MAX];
	json_t *h, *cores;
	int ret;

	ret = nullable(jv, cpu, path, key, WB_JSONV_OBJECT, &h);
	if (ret < 0 || json_is_null(h))
		return ret;
	wb_jsonv_path_key(p, path, key);
	if ((ret = typed(jv, h, p, "busy_pct", WB_JSONV_NUMBER, NULL)) < 0 ||
	    (ret = typed(jv, h, p, "softirq_pct", WB_JSONV_NUMBER, NULL)) < 0 ||
	    (ret = typed(jv, h, p, "max_core_busy_pct", WB_JSONV_NUMBER, NULL)) < 0 ||
	    (ret = typed(jv, h, p, "per_core", WB_JSONV_ARRAY, &cores)) < 0 ||
	    (ret = pcts_in_range(jv, h, p)) < 0)
		return ret;
	return objects(jv, cores, wb_jsonv_path_key(pc, p, "per_core"));
}

/* The longest association time a reconnect cycle may report: an hour, in ms. The most
 * cycles a cell may have: the scenario's maximum (stability.reconnect_cycles). */
#define ASSOC_MS_MAX 3.6e6
#define RECONNECT_CYCLES_MAX 1000

/* cell.reconnect (docs/results.md), when present: counts that add up, times in range. */
static int check_reconnect(struct wb_jsonv *jv, const json_t *c, const char *path)
{
	char p[WB_JSONV_PATH_MAX], sp[WB_JSONV_PATH_MAX], ip[WB_JSONV_PATH_MAX];
	json_t *rc, *samples, *failures, *v;
	uint64_t cycles, ok;
	size_t i;
	int ret;

	rc = json_object_get(c, "reconnect");
	if (!rc || json_is_null(rc))
		return 0;
	wb_jsonv_path_key(p, path, "reconnect");
	if ((ret = wb_jsonv_expect(jv, rc, p, WB_JSONV_OBJECT, false)) < 0)
		return ret;
	if ((ret = wb_jsonv_get_uint(jv, rc, p, "cycles", true, 0, RECONNECT_CYCLES_MAX,
				     &cycles)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, rc, p, "succeeded", true, 0, cycles, &ok)) < 0 ||
	    (ret = typed(jv, rc, p, "samples_ms", WB_JSONV_ARRAY, &samples)) < 0 ||
	    (ret = typed(jv, rc, p, "failures", WB_JSONV_ARRAY, &failures)) < 0)
		return ret;
	wb_jsonv_path_key(sp, p, "samples_ms");
	if (json_array_size(samples) > ok)
		return wb_jsonv_fail(jv, sp, "expected at most %llu times (one per cycle that "
				     "succeeded), got %zu", (unsigned long long)ok,
				     json_array_size(samples));
	json_array_foreach(samples, i, v) {
		wb_jsonv_path_idx(ip, sp, i);
		if ((ret = wb_jsonv_expect(jv, v, ip, WB_JSONV_NUMBER, false)) < 0)
			return ret;
		if (!(json_number_value(v) >= 0 && json_number_value(v) <= ASSOC_MS_MAX))
			return wb_jsonv_fail(jv, ip, "expected a time of 0..3600000 ms");
	}
	return objects(jv, failures, wb_jsonv_path_key(sp, p, "failures"));
}

/*
 * The strings that name a mode or a failure hold no NUL: C compares them as strings,
 * and "ps\u0000AAA" and "ps\u0000BBB" would be one mode "ps".
 */
static int nul_free(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key)
{
	char p[WB_JSONV_PATH_MAX];
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? wb_rjv_text(jv, v, wb_jsonv_path_key(p, path, key)) : 0;
}

static int no_nul(struct wb_jsonv *jv, const json_t *cell, const char *path)
{
	static const char *const keys[] = { "crypto", "security", "proto", "direction",
					    "status", "security_profile", NULL };
	char p[WB_JSONV_PATH_MAX];
	size_t i;
	int ret;

	for (i = 0; keys[i]; i++)
		if ((ret = nul_free(jv, cell, path, keys[i])) < 0)
			return ret;
	return nul_free(jv, json_object_get(cell, "diagnosis"),
			wb_jsonv_path_key(p, path, "diagnosis"), "code");
}

static int check_cell(struct wb_jsonv *jv, const json_t *c, const char *path)
{
	char p[WB_JSONV_PATH_MAX], ip[WB_JSONV_PATH_MAX];
	json_t *assoc, *tp, *cpu, *diag, *bps, *v;
	int ret;

	if ((ret = wb_jsonv_expect(jv, c, path, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = no_nul(jv, c, path)) < 0 ||
	    (ret = non_negative(jv, c, path, "index")) < 0 ||
	    (ret = non_negative(jv, c, path, "order")) < 0 ||
	    (ret = non_negative(jv, c, path, "repetition")) < 0 ||
	    (ret = one_of(jv, c, path, "crypto", wb_crypto_mode_names)) < 0 ||
	    (ret = typed(jv, c, path, "security", WB_JSONV_STRING, NULL)) < 0 ||
	    (ret = one_of(jv, c, path, "proto", wb_results_proto_names)) < 0 ||
	    (ret = one_of(jv, c, path, "direction", wb_results_dir_names)) < 0 ||
	    (ret = optional(jv, c, path, "security_profile", WB_JSONV_STRING, false)) < 0 ||
	    (ret = optional(jv, c, path, "beacon_protection", WB_JSONV_BOOL, false)) < 0 ||
	    (ret = optional(jv, c, path, "sae_pwe", WB_JSONV_INTEGER, true)) < 0 ||
	    (ret = one_of(jv, c, path, "status", wb_results_status_names)) < 0 ||
	    (ret = nullable(jv, c, path, "diagnosis", WB_JSONV_OBJECT, &diag)) < 0)
		return ret;
	if (json_is_object(diag) &&
	    (ret = typed(jv, diag, wb_jsonv_path_key(p, path, "diagnosis"), "code", WB_JSONV_STRING,
			 NULL)) < 0)
		return ret;
	if ((ret = typed(jv, c, path, "association", WB_JSONV_OBJECT, &assoc)) < 0)
		return ret;
	wb_jsonv_path_key(p, path, "association");
	if ((ret = nullable(jv, assoc, p, "time_ms", WB_JSONV_NUMBER, NULL)) < 0 ||
	    (ret = nullable(jv, assoc, p, "key_mgmt", WB_JSONV_STRING, NULL)) < 0 ||
	    (ret = nullable(jv, assoc, p, "pmf", WB_JSONV_INTEGER, NULL)) < 0 ||
	    (ret = nullable(jv, assoc, p, "mgmt_group_cipher", WB_JSONV_STRING, NULL)) < 0 ||
	    (ret = nullable(jv, assoc, p, "pairwise_cipher", WB_JSONV_STRING, NULL)) < 0)
		return ret;
	if ((ret = typed(jv, c, path, "throughput", WB_JSONV_OBJECT, &tp)) < 0)
		return ret;
	wb_jsonv_path_key(p, path, "throughput");
	if ((ret = nullable(jv, tp, p, "bits_per_second", WB_JSONV_NUMBER, &bps)) < 0 ||
	    (ret = nullable(jv, tp, p, "retransmits", WB_JSONV_INTEGER, NULL)) < 0 ||
	    (ret = typed(jv, tp, p, "intervals", WB_JSONV_ARRAY, &v)) < 0 ||
	    (ret = rate_in_range(jv, tp, p, "bits_per_second")) < 0)
		return ret;
	if ((ret = objects(jv, v, wb_jsonv_path_key(ip, p, "intervals"))) < 0)
		return ret;
	/* An ok cell is one with a measurement; the summary relies on it. */
	if (!strcmp(json_string_value(json_object_get(c, "status")), "ok") && !json_is_number(bps))
		return wb_jsonv_fail(jv, wb_jsonv_path_key(ip, p, "bits_per_second"),
				     "expected a number when status is \"ok\", got null");
	if ((ret = typed(jv, c, path, "cpu", WB_JSONV_OBJECT, &cpu)) < 0)
		return ret;
	wb_jsonv_path_key(p, path, "cpu");
	if ((ret = check_cpu_host(jv, cpu, p, "ap")) < 0 ||
	    (ret = check_cpu_host(jv, cpu, p, "sta")) < 0 ||
	    (ret = check_reconnect(jv, c, path)) < 0 ||
	    (ret = wb_results_check_soak(jv, c, path)) < 0 ||
	    (ret = wb_results_check_latency(jv, c, path)) < 0)
		return ret;
	return nullable(jv, c, path, "link", WB_JSONV_OBJECT, NULL);
}

int wb_results_check_cell(const json_t *cell, const char *name, char *err, size_t errlen)
{
	struct wb_jsonv jv;

	wb_jsonv_init(&jv, name, err, errlen);
	return check_cell(&jv, cell, "");
}

/* "2024-05-01T12:00:00Z": '0' in the template stands for any digit. */
static bool is_iso8601_utc(const char *s, size_t len)
{
	static const char tmpl[] = "0000-00-00T00:00:00Z";
	size_t i;

	if (len != sizeof(tmpl) - 1)
		return false;
	for (i = 0; i < len; i++)
		if (tmpl[i] == '0' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != tmpl[i])
			return false;
	return true;
}

static int check_iso8601(struct wb_jsonv *jv, const json_t *doc, const char *key, bool null_ok)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	const json_t *v = json_object_get(doc, key);
	int ret;

	ret = member(jv, doc, "", key, WB_JSONV_STRING, null_ok, NULL);
	if (ret < 0 || json_is_null(v))
		return ret;
	if (!is_iso8601_utc(json_string_value(v), json_string_length(v)))
		return wb_jsonv_fail(jv, key, "expected an ISO 8601 UTC time like "
				     "\"2024-05-01T12:00:00Z\", got %s",
				     wb_jsonv_render(v, shown, sizeof(shown)));
	return 0;
}

static int check_cpu_median(struct wb_jsonv *jv, const json_t *g, const char *path)
{
	static const char *const hosts[] = { "ap", "sta" };
	char p[WB_JSONV_PATH_MAX], hp[WB_JSONV_PATH_MAX];
	json_t *m = json_object_get(g, "cpu_median"), *h;
	size_t i;
	int ret;

	if (!m)
		return 0;
	wb_jsonv_path_key(p, path, "cpu_median");
	if ((ret = wb_jsonv_expect(jv, m, p, WB_JSONV_OBJECT, false)) < 0)
		return ret;
	for (i = 0; i < 2; i++) {
		if ((ret = optional(jv, m, p, hosts[i], WB_JSONV_OBJECT, false)) < 0)
			return ret;
		h = json_object_get(m, hosts[i]);
		wb_jsonv_path_key(hp, p, hosts[i]);
		if (!h)
			continue;
		if ((ret = optional(jv, h, hp, "busy_pct", WB_JSONV_NUMBER, true)) < 0 ||
		    (ret = optional(jv, h, hp, "softirq_pct", WB_JSONV_NUMBER, true)) < 0 ||
		    (ret = optional(jv, h, hp, "max_core_busy_pct", WB_JSONV_NUMBER, true)) < 0 ||
		    (ret = pcts_in_range(jv, h, hp)) < 0)
			return ret;
	}
	return 0;
}

static int check_ci(struct wb_jsonv *jv, const json_t *g, const char *path)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_t *ci;
	int ret;

	ret = nullable(jv, g, path, "ci95_bits_per_second", WB_JSONV_ARRAY, &ci);
	if (ret < 0 || json_is_null(ci))
		return ret;
	if (json_array_size(ci) != 2 || !json_is_number(json_array_get(ci, 0)) ||
	    !json_is_number(json_array_get(ci, 1)))
		return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, "ci95_bits_per_second"),
				     "expected [lo, hi] (two numbers), got %s",
				     wb_jsonv_render(ci, shown, sizeof(shown)));
	return 0;
}

static int check_summary(struct wb_jsonv *jv, const json_t *summary)
{
	static const char *const numbers[] = { "mean_bits_per_second", "stddev_bits_per_second",
					       "min_bits_per_second", "max_bits_per_second",
					       NULL };
	char p[WB_JSONV_PATH_MAX];
	json_t *g;
	size_t i, k;
	int ret;

	json_array_foreach(summary, i, g) {
		wb_jsonv_path_idx(p, "summary", i);
		if ((ret = wb_jsonv_expect(jv, g, p, WB_JSONV_OBJECT, false)) < 0 ||
		    (ret = one_of(jv, g, p, "crypto", wb_crypto_mode_names)) < 0 ||
		    (ret = typed(jv, g, p, "security", WB_JSONV_STRING, NULL)) < 0 ||
		    (ret = one_of(jv, g, p, "proto", wb_results_proto_names)) < 0 ||
		    (ret = one_of(jv, g, p, "direction", wb_results_dir_names)) < 0 ||
		    (ret = non_negative(jv, g, p, "n")) < 0 ||
		    (ret = non_negative(jv, g, p, "n_failed")) < 0 ||
		    (ret = nullable(jv, g, p, "median_bits_per_second", WB_JSONV_NUMBER,
				    NULL)) < 0 ||
		    (ret = check_ci(jv, g, p)) < 0 ||
		    (ret = nullable(jv, g, p, "failure_status", WB_JSONV_STRING, NULL)) < 0 ||
		    (ret = nullable(jv, g, p, "failure_diagnosis", WB_JSONV_STRING, NULL)) < 0 ||
		    (ret = check_cpu_median(jv, g, p)) < 0 ||
		    (ret = wb_results_check_summary_soak(jv, g, p)) < 0 ||
		    (ret = wb_results_check_summary_latency(jv, g, p)) < 0)
			return ret;
		if ((ret = rate_in_range(jv, g, p, "median_bits_per_second")) < 0)
			return ret;
		for (k = 0; numbers[k]; k++)
			if ((ret = optional(jv, g, p, numbers[k], WB_JSONV_NUMBER, true)) < 0 ||
			    (ret = rate_in_range(jv, g, p, numbers[k])) < 0)
				return ret;
	}
	return 0;
}

int wb_results_validate(const json_t *doc, const char *name, char *err, size_t errlen)
{
	static const char *const schema_names[] = { WB_RESULTS_SCHEMA, NULL };
	char p[WB_JSONV_PATH_MAX];
	struct wb_jsonv jv;
	json_t *tool, *cells, *summary, *c;
	size_t i;
	int ret;

	wb_jsonv_init(&jv, name, err, errlen);
	if (!json_is_object(doc))
		return wb_jsonv_fail(&jv, "", "expected a JSON object at the top level, got %s",
				     wb_jsonv_type_name(doc));
	if (!json_object_get(doc, "schema"))
		return wb_jsonv_fail(&jv, "", "missing required key 'schema' (not a wbench results "
				     "file?)");
	if ((ret = one_of(&jv, doc, "", "schema", schema_names)) < 0 ||
	    (ret = typed(&jv, doc, "", "tool", WB_JSONV_OBJECT, &tool)) < 0 ||
	    (ret = typed(&jv, tool, "tool", "name", WB_JSONV_STRING, NULL)) < 0 ||
	    (ret = typed(&jv, tool, "tool", "version", WB_JSONV_STRING, NULL)) < 0 ||
	    (ret = typed(&jv, doc, "", "scenario", WB_JSONV_OBJECT, NULL)) < 0 ||
	    (ret = typed(&jv, doc, "", "environment", WB_JSONV_OBJECT, NULL)) < 0 ||
	    (ret = check_iso8601(&jv, doc, "started_at", false)) < 0 ||
	    (ret = check_iso8601(&jv, doc, "finished_at", true)) < 0 ||
	    (ret = non_negative(&jv, doc, "", "planned_cells")) < 0 ||
	    (ret = typed(&jv, doc, "", "cells", WB_JSONV_ARRAY, &cells)) < 0)
		return ret;
	json_array_foreach(cells, i, c)
		if ((ret = check_cell(&jv, c, wb_jsonv_path_idx(p, "cells", i))) < 0)
			return ret;
	if ((ret = typed(&jv, doc, "", "summary", WB_JSONV_ARRAY, &summary)) < 0 ||
	    (ret = check_summary(&jv, summary)) < 0 ||
	    (ret = typed(&jv, doc, "", "complete", WB_JSONV_BOOL, NULL)) < 0 ||
	    (ret = typed(&jv, doc, "", "interrupted", WB_JSONV_BOOL, NULL)) < 0)
		return ret;
	return 0;
}
