#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "reports/compare.h"
#include "reports/results.h"
#include "reports/soak.h"
#include "reports/summary.h"
#include "tests/unit/compare_fixture.h"
#include "wbench/lib/util.h"

json_t *wbt_cmp_doc(const char *backend)
{
	json_t *doc = json_pack(
		"{s:s, s:{s:s, s:s}, s:{s:s, s:{s:[s], s:[s], s:i, s:i, s:i}}, s:{s:s}, s:s, s:s, "
		"s:i, s:[], s:[], s:b, s:b}",
		"schema", WB_RESULTS_SCHEMA, "tool", "name", "wbench", "version", "0.1.0",
		"scenario", "name", "t", "traffic", "proto", "tcp", "direction", "up", "streams", 1,
		"duration_s", 10, "omit_s", 1, "environment", "backend", backend, "started_at",
		"2026-11-25T09:00:00Z", "finished_at", "2026-11-25T09:10:00Z", "planned_cells", 0,
		"cells", "summary", "complete", 1, "interrupted", 0);

	assert_non_null(doc);
	return doc;
}

double *wbt_cmp_series(double *out, size_t n, double median, double spread_pct)
{
	static const double pattern[] = { 0, -0.5, 0.5, -1, 1, -0.25, 0.25, -0.75, 0.75, 0.1 };
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = median * (1 + spread_pct / 100 * pattern[i % 10]);
	return out;
}

static json_t *cpu_end(double max_core, bool same_host)
{
	json_t *o;

	if (max_core <= 0)
		return json_null();
	o = json_pack("{s:f, s:f, s:f, s:[]}", "busy_pct", max_core / 2, "softirq_pct", 10.0,
		      "max_core_busy_pct", max_core, "per_core");
	if (same_host)
		json_object_set_new(o, "same_host_as", json_string("ap"));
	return o;
}

/* A real soak (reports/soak.c): @secs seconds at 100 Mbit/s, @disc disconnects spread out. */
static json_t *soak(unsigned int secs, unsigned int disc)
{
	struct wb_soak s;
	json_t *o;
	unsigned int i;

	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	for (i = 0; i < secs; i++)
		assert_int_equal(wb_soak_add(&s, i, 1.0, 100e6, false), 0);
	for (i = 0; i < disc; i++)
		assert_int_equal(wb_soak_event(&s, WB_SOAK_DISCONNECT,
					       (double)secs * (i + 0.5) / disc, 3), 0);
	assert_int_equal(wb_soak_segment(&s, NULL), 0);
	o = wb_soak_result(&s, secs, 300);
	assert_non_null(o);
	wb_soak_release(&s);
	return o;
}

/*
 * A cell's latency (docs/results.md) whose added p90 is @p90 over an idle p90 of 2 ms;
 * without the idle phase (@no_idle) only the loaded one, and no added_ms.
 */
static json_t *latency(double p90, bool no_idle)
{
	json_t *idle = json_pack("{s:s, s:i, s:i, s:i, s:i, s:f, s:{s:f, s:f, s:f, s:f}}",
				 "status", "ok", "probes_per_s", 20, "sent", 20, "received", 20,
				 "duplicates", 0, "loss_pct", 0.0, "rtt_ms", "p50", 1.0, "p90", 2.0,
				 "p99", 3.0, "max", 3.0);
	json_t *loaded = json_pack("{s:s, s:i, s:i, s:i, s:i, s:f, s:{s:f, s:f, s:f, s:f}, s:[]}",
				   "status", "ok", "probes_per_s", 10, "sent", 100, "received", 100,
				   "duplicates", 0, "loss_pct", 0.0, "rtt_ms", "p50", 1 + p90 / 2,
				   "p90", 2 + p90, "p99", 4 + p90, "max", 5 + p90, "lost_at_s");
	json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o}", "status", "ok", "method",
			      "icmp_echo", "target", "10.99.0.1", "size_bytes", 56,
			      "idle", no_idle ? json_null() : json_incref(idle), "loaded", loaded,
			      "added_ms", no_idle ? json_null() :
			      json_pack("{s:f, s:f}", "p50", p90 / 2, "p90", p90));

	json_decref(idle);
	assert_non_null(o);
	return o;
}

void wbt_cmp_add(json_t *doc, const struct wbt_cmp_cells *c)
{
	json_t *cells = json_object_get(doc, "cells"), *cell, *summary;
	const char *status = c->status ? c->status : "ok";
	bool ok = !strcmp(status, "ok");
	double cpu;
	size_t i;

	for (i = 0; i < c->n; i++) {
		size_t k = json_array_size(cells);

		cpu = c->cpu_ap > 0 ? c->cpu_ap + (i % 2 ? -1.0 : 1.0) * c->cpu_step * (double)i / 2
				    : 0;
		cell = json_pack(
			"{s:i, s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:o, "
			"s:{s:n, s:n, s:n, s:n, s:n}, s:{s:o, s:n, s:[]}, s:{s:o, s:o}, s:n}",
			"index", (int)k, "order", (int)k, "repetition", (int)i,
			"crypto", c->crypto ? c->crypto : "hwcrypt",
			"security", c->security ? c->security : "sae",
			"proto", c->proto ? c->proto : "tcp",
			"direction", c->direction ? c->direction : "up", "status", status,
			"diagnosis", !ok && c->diagnosis ? json_pack("{s:s}", "code", c->diagnosis)
							 : json_null(),
			"association", "time_ms", "key_mgmt", "pmf", "mgmt_group_cipher",
			"pairwise_cipher",
			"throughput", "bits_per_second",
			ok ? json_real(c->bps ? c->bps[i] : 100e6) : json_null(), "retransmits",
			"intervals",
			"cpu", "ap", cpu_end(ok ? cpu : 0, false), "sta",
			cpu_end(ok && c->sta_same_host ? cpu : 0, true),
			"link");
		assert_non_null(cell);
		json_object_set_new(cell, "wall_s", json_real(2.5));
		if (c->pmf)
			json_object_set_new(cell, "pmf", json_pack("{s:s}", "verdict", c->pmf));
		if (c->rc_cycles)
			json_object_set_new(cell, "reconnect", json_pack(
				"{s:I, s:I, s:f, s:[], s:{s:n, s:n, s:n}, s:[]}",
				"cycles", (json_int_t)c->rc_cycles, "succeeded",
				(json_int_t)c->rc_ok[i % 2], "success_rate",
				(double)c->rc_ok[i % 2] / c->rc_cycles, "samples_ms", "assoc_ms",
				"median", "p95", "max", "failures"));
		if (c->soak_s)
			json_object_set_new(cell, "soak", soak(c->soak_s, c->disc[i % 2]));
		if (c->lat_p90)
			json_object_set_new(cell, "latency",
					    latency(c->lat_p90[i], c->lat_no_idle));
		json_array_append_new(cells, cell);
	}
	summary = wb_summary_compute(cells);
	assert_non_null(summary);
	json_object_set_new(doc, "summary", summary);
	json_object_set_new(doc, "planned_cells", json_integer((json_int_t)json_array_size(cells)));
}

json_t *wbt_cmp_group(const json_t *cmp, const char *key)
{
	json_t *g;
	size_t i;

	json_array_foreach(json_object_get(cmp, "groups"), i, g)
		if (!strcmp(json_string_value(json_object_get(g, "key")), key))
			return g;
	fail_msg("no group '%s'", key);
	return NULL;
}

const char *wbt_cmp_gate_result(const json_t *group, const char *gate)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(group, "gates"), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "gate")), gate))
			return json_string_value(json_object_get(e, "result"));
	return NULL;
}

struct wb_compare_gate *wbt_gate_from(const char *text)
{
	struct wb_compare_gate *g = NULL;
	char *dir = wb_mkdtemp_private("wbench-test-gate"), path[4096], err[512];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/gate.json", dir);
	assert_int_equal(wb_write_file_atomic(path, text, strlen(text), 0600), 0);
	if (wb_compare_gate_load(path, &g, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	return g;
}
