#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/summary.h"
#include "wbench/run/results_write.h"
#include "tests/unit/results_fixture.h"
#include "wbench/lib/util.h"

#define STARTED 1714564800 /* 2024-05-01T12:00:00Z */

struct ctx {
	char *dir;
	char path[4096];
	struct wb_scenario *sc;
	struct wb_plan *plan;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	c->dir = wb_mkdtemp_private("wbench-test-results");
	assert_non_null(c->dir);
	snprintf(c->path, sizeof(c->path), "%s/results.json", c->dir);
	c->sc = wbt_load_scenario("tests/fixtures/scenarios/base.json");
	assert_int_equal(wb_plan_new(c->sc, &c->plan), 0);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(wb_rm_rf(c->dir), 0);
	free(c->dir);
	wb_plan_free(c->plan);
	wb_scenario_free(c->sc);
	free(c);
	return 0;
}

static json_t *load_ok(const char *path)
{
	json_t *doc = NULL;
	char err[512];

	if (wb_results_load(path, &doc, err, sizeof(err)))
		fail_msg("%s", err);
	return doc;
}

static size_t dir_entries(const char *dir)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static json_t *environment(void)
{
	return json_pack("{s:s, s:{s:s, s:s, s:s, s:{s:s}}}", "backend", "sim", "ap",
			 "kernel", "6.1.0-test", "driver", "mac80211_hwsim", "module",
			 "mac80211_hwsim", "crypto_switch", "nohwcrypt", "0");
}

static void test_file_valid_after_every_cell(void **state)
{
	struct ctx *c = *state;
	struct wb_results *r;
	json_t *doc, *env = environment(), *env_copy = json_deep_copy(env);
	char *text = NULL;
	struct stat st;
	size_t k, len;

	assert_int_equal(wb_results_new(c->path, c->sc, env, c->plan->n_cells, STARTED, &r), 0);
	/* Written before the first cell: a bad output path fails early. */
	doc = load_ok(c->path);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "wbench-result/1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "tool"),
							      "version")), WB_VERSION);
	assert_string_equal(json_string_value(json_object_get(doc, "started_at")),
			    "2024-05-01T12:00:00Z");
	assert_true(json_is_null(json_object_get(doc, "finished_at")));
	assert_true(json_equal(json_object_get(doc, "environment"), env_copy));
	assert_int_equal(json_array_size(json_object_get(doc, "cells")), 0);
	assert_false(json_is_true(json_object_get(doc, "complete")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "scenario"),
							      "passphrase")), "<redacted>");
	json_decref(doc);

	for (k = 0; k < c->plan->n_cells; k++) {
		assert_int_equal(wb_results_append(r, wbt_fixture_cell(wb_plan_at(c->plan, k))), 0);
		/* After every cell the file on disk is complete and valid: a kill keeps it. */
		doc = load_ok(c->path);
		assert_int_equal(json_array_size(json_object_get(doc, "cells")), k + 1);
		assert_int_equal(json_integer_value(json_object_get(
					 json_array_get(json_object_get(doc, "cells"), k), "order")),
				 k);
		assert_false(json_is_true(json_object_get(doc, "complete")));
		json_decref(doc);
		/* Atomic rewrite: no temporary file left next to it. */
		assert_int_equal(dir_entries(c->dir), 1);
	}
	assert_int_equal(wb_results_finish(r, WB_RESULTS_END_COMPLETE, STARTED + 3600), 0);
	doc = load_ok(c->path);
	/* What was written is what is in memory, numbers bit for bit. */
	assert_true(json_equal(doc, (json_t *)wb_results_doc(r)));
	assert_true(json_is_true(json_object_get(doc, "complete")));
	assert_false(json_is_true(json_object_get(doc, "interrupted")));
	assert_string_equal(json_string_value(json_object_get(doc, "finished_at")),
			    "2024-05-01T13:00:00Z");
	assert_int_equal(json_array_size(json_object_get(doc, "summary")), 8);
	json_decref(doc);

	/* Environment found late (e.g. after the first module reload) replaces the old one. */
	assert_int_equal(wb_results_set_environment(r, json_pack("{s:s}", "backend", "sim")), 0);
	doc = load_ok(c->path);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "environment"),
							      "backend")), "sim");
	assert_null(json_object_get(json_object_get(doc, "environment"), "ap"));
	json_decref(doc);
	assert_int_equal(wb_results_set_environment(r, json_string("nope")), -EINVAL);

	assert_int_equal(stat(c->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(wb_read_file(c->path, 1 << 24, &text, &len), 0);
	assert_null(strstr(text, "s3cret-Passphrase"));
	assert_int_equal(text[len - 1], '\n');
	free(text);
	json_decref(env_copy);
	wb_results_free(r);
}

static void test_killed_run(void **state)
{
	struct ctx *c = *state;
	struct wb_results *r;
	json_t *doc, *summary;

	assert_int_equal(wb_results_new(c->path, c->sc, NULL, c->plan->n_cells, STARTED, &r), 0);
	assert_int_equal(wb_results_append(r, wbt_fixture_cell(wb_plan_at(c->plan, 0))), 0);
	assert_int_equal(wb_results_append(r, wbt_fixture_cell(wb_plan_at(c->plan, 1))), 0);
	/* Freed without finish: what a SIGKILL leaves behind. */
	wb_results_free(r);
	doc = load_ok(c->path);
	assert_int_equal(json_array_size(json_object_get(doc, "cells")), 2);
	assert_false(json_is_true(json_object_get(doc, "complete")));
	assert_true(json_is_null(json_object_get(doc, "finished_at")));
	assert_true(json_is_object(json_object_get(doc, "environment")));
	/* The summary covers the finished cells. */
	summary = json_object_get(doc, "summary");
	assert_true(json_array_size(summary) >= 1 && json_array_size(summary) <= 2);
	json_decref(doc);
}

static void test_interrupted_and_short(void **state)
{
	struct ctx *c = *state;
	struct wb_results *r;
	json_t *doc;

	assert_int_equal(wb_results_new(c->path, c->sc, NULL, c->plan->n_cells, STARTED, &r), 0);
	assert_int_equal(wb_results_append(r, wbt_fixture_cell(wb_plan_at(c->plan, 0))), 0);
	assert_int_equal(wb_results_finish(r, WB_RESULTS_END_INTERRUPTED, STARTED + 1), 0);
	doc = load_ok(c->path);
	assert_false(json_is_true(json_object_get(doc, "complete")));
	assert_true(json_is_true(json_object_get(doc, "interrupted")));
	json_decref(doc);
	/* "complete" also needs every planned cell, whatever the caller claims. */
	assert_int_equal(wb_results_finish(r, WB_RESULTS_END_COMPLETE, STARTED + 2), 0);
	doc = load_ok(c->path);
	assert_false(json_is_true(json_object_get(doc, "complete")));
	assert_false(json_is_true(json_object_get(doc, "interrupted")));
	json_decref(doc);
	wb_results_free(r);
}

static void test_append_rejects_bad_cell(void **state)
{
	struct ctx *c = *state;
	struct wb_results *r;
	json_t *cell;
	char err[256];

	assert_int_equal(wb_results_new(c->path, c->sc, NULL, 1, STARTED, &r), 0);
	cell = wb_results_cell_new(wb_plan_at(c->plan, 0));
	json_object_set_new(cell, "status", json_string("great"));
	assert_int_equal(wb_results_check_cell(cell, "cell", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "cell: status: expected one of \"ok\", \"ap_start_failed\", "
				 "\"assoc_failed\", \"traffic_failed\", \"unsupported\", \"error\", got \"great\"");
	assert_int_equal(wb_results_append(r, cell), -EINVAL);
	assert_int_equal(json_array_size(json_object_get(wb_results_doc(r), "cells")), 0);
	wb_results_free(r);
}

static void test_unwritable(void **state)
{
	struct ctx *c = *state;
	struct wb_results *r = (struct wb_results *)1;
	char path[4200];

	snprintf(path, sizeof(path), "%s/missing-dir/results.json", c->dir);
	assert_int_equal(wb_results_new(path, c->sc, NULL, 1, STARTED, &r), -ENOENT);
	assert_null(r);
}

static void test_cell_skeleton(void **state)
{
	struct ctx *c = *state;
	const struct wb_plan_cell *pc = &c->plan->cells[23];
	json_t *cell = wb_results_cell_new(pc);
	char err[256];

	assert_int_equal(json_integer_value(json_object_get(cell, "index")), 23);
	assert_int_equal(json_integer_value(json_object_get(cell, "order")), pc->order);
	assert_int_equal(json_integer_value(json_object_get(cell, "repetition")), 2);
	assert_string_equal(json_string_value(json_object_get(cell, "crypto")), "nohwcrypt");
	assert_string_equal(json_string_value(json_object_get(cell, "security")), "sae");
	assert_string_equal(json_string_value(json_object_get(cell, "security_profile")), "sae");
	assert_string_equal(json_string_value(json_object_get(cell, "direction")), "down");
	/* Not ok until the run code says so. */
	assert_string_equal(json_string_value(json_object_get(cell, "status")), "error");
	assert_true(json_is_null(json_object_get(json_object_get(cell, "throughput"),
						 "bits_per_second")));
	assert_int_equal(wb_results_check_cell(cell, "cell", err, sizeof(err)), 0);
	/* ok without a measurement is inconsistent. */
	json_object_set_new(cell, "status", json_string("ok"));
	assert_int_equal(wb_results_check_cell(cell, "cell", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "cell: throughput.bits_per_second: expected a number when "
				 "status is \"ok\", got null");
	json_decref(cell);
}

struct bad_doc {
	const char *what;
	void (*mutate)(json_t *doc);
	const char *error; /* after "FILE: " */
};

static void m_schema(json_t *d) { json_object_set_new(d, "schema", json_string("wbench-result/2")); }
static void m_no_schema(json_t *d) { json_object_del(d, "schema"); }
static void m_no_cells(json_t *d) { json_object_del(d, "cells"); }
static void m_started(json_t *d) { json_object_set_new(d, "started_at", json_string("yesterday")); }
static void m_complete(json_t *d) { json_object_set_new(d, "complete", json_string("yes")); }

static json_t *cell_at(json_t *d, size_t i)
{
	return json_array_get(json_object_get(d, "cells"), i);
}

static void m_cell_status(json_t *d) { json_object_set_new(cell_at(d, 1), "status", json_string("meh")); }
static void m_cell_cpu(json_t *d)
{
	json_t *cpu = json_object_get(cell_at(d, 0), "cpu");

	json_object_set_new(cpu, "ap", json_pack("{s:f}", "busy_pct", 1.0));
}
static void m_cell_diag(json_t *d) { json_object_set_new(cell_at(d, 0), "diagnosis", json_pack("{s:i}", "code", 7)); }
static void m_cell_repetition(json_t *d) { json_object_set_new(cell_at(d, 0), "repetition", json_integer(-1)); }
static void m_cell_interval(json_t *d)
{
	json_array_append_new(json_object_get(json_object_get(cell_at(d, 0), "throughput"),
					      "intervals"), json_integer(5));
}
static void m_reconnect_count(json_t *d)
{
	json_object_set_new(cell_at(d, 0), "reconnect", json_pack("{s:i, s:i, s:[], s:[]}",
			    "cycles", 3, "succeeded", 4, "samples_ms", "failures"));
}
static void m_reconnect_time(json_t *d)
{
	json_object_set_new(cell_at(d, 1), "reconnect", json_pack("{s:i, s:i, s:[f], s:[]}",
			    "cycles", 3, "succeeded", 1, "samples_ms", -2.5, "failures"));
}
/* "ps\u0000AAA" and "ps\u0000BBB" were one mode "ps" in the summary and compare */
static void m_nul_mode(json_t *d)
{
	json_object_set_new(cell_at(d, 2), "security", json_stringn("ps\0AAA", 6));
}
static void m_summary(json_t *d) { json_object_set_new(json_array_get(json_object_get(d, "summary"), 0), "n", json_string("3")); }
static void m_root(json_t *d) { json_object_clear(d); }

static const struct bad_doc bad_docs[] = {
	{ "schema", m_schema, "schema: expected \"wbench-result/1\", got \"wbench-result/2\"" },
	{ "no schema", m_no_schema, "missing required key 'schema' (not a wbench results file?)" },
	{ "no cells", m_no_cells, "missing required key 'cells'" },
	{ "started_at", m_started, "started_at: expected an ISO 8601 UTC time like "
	  "\"2024-05-01T12:00:00Z\", got \"yesterday\"" },
	{ "complete", m_complete, "complete: expected a boolean, got \"yes\"" },
	{ "cell status", m_cell_status, "cells[1].status: expected one of \"ok\", "
	  "\"ap_start_failed\", \"assoc_failed\", \"traffic_failed\", \"unsupported\", \"error\", got \"meh\"" },
	{ "cell cpu", m_cell_cpu, "cells[0].cpu.ap: missing required key 'softirq_pct'" },
	{ "cell diagnosis", m_cell_diag, "cells[0].diagnosis.code: expected a string, got 7" },
	{ "cell repetition", m_cell_repetition, "cells[0].repetition: expected an integer in "
	  "0..9223372036854775807, got -1" },
	{ "cell interval", m_cell_interval, "cells[0].throughput.intervals[0]: expected an "
	  "object, got 5" },
	{ "reconnect counts", m_reconnect_count, "cells[0].reconnect.succeeded: expected an "
	  "integer in 0..3, got 4" },
	{ "reconnect time", m_reconnect_time, "cells[1].reconnect.samples_ms[0]: expected a time "
	  "of 0..3600000 ms" },
	{ "NUL in a mode name", m_nul_mode, "cells[2].security: expected a string without NUL "
	  "(\\u0000)" },
	{ "summary", m_summary, "summary[0].n: expected an integer, got \"3\"" },
	{ "empty", m_root, "missing required key 'schema' (not a wbench results file?)" },
};

static void test_validate_errors(void **state)
{
	struct ctx *c = *state;
	struct wb_results *r;
	char err[512], want[4600], *text;
	json_t *doc, *bad = NULL;
	size_t i, k;

	assert_int_equal(wb_results_new(c->path, c->sc, NULL, c->plan->n_cells, STARTED, &r), 0);
	for (k = 0; k < 3; k++)
		assert_int_equal(wb_results_append(r, wbt_fixture_cell(wb_plan_at(c->plan, k))), 0);
	wb_results_free(r);
	doc = load_ok(c->path);
	for (i = 0; i < sizeof(bad_docs) / sizeof(bad_docs[0]); i++) {
		json_t *d = json_deep_copy(doc);

		bad_docs[i].mutate(d);
		text = json_dumps(d, 0);
		assert_int_equal(wb_write_file_atomic(c->path, text, strlen(text), 0644), 0);
		assert_int_equal(wb_results_load(c->path, &bad, err, sizeof(err)), -EINVAL);
		assert_null(bad);
		snprintf(want, sizeof(want), "%s: %s", c->path, bad_docs[i].error);
		if (strcmp(err, want) != 0)
			fail_msg("%s: got '%s', want '%s'", bad_docs[i].what, err, want);
		free(text);
		json_decref(d);
	}
	json_decref(doc);

	/* Syntax errors carry line and column. */
	assert_int_equal(wb_write_file_atomic(c->path, "{\n  \"schema\": ,\n}\n", 17, 0644), 0);
	assert_int_equal(wb_results_load(c->path, &bad, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:2:13: unexpected token", c->path);
	assert_string_equal(err, want);
	assert_int_equal(wb_results_load("/nonexistent.json", &bad, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot read results '/nonexistent.json': No such file or "
				 "directory");
}

/*
 * The whole document against tests/fixtures/results/sample.json (also the example in
 * docs/results.md): catches accidental format changes. WBENCH_UPDATE_GOLDEN=1 rewrites it.
 */
static void test_golden_document(void **state)
{
	struct ctx *c = *state;
	char *golden_path = wbt_src_path("tests/fixtures/results/sample.json"), *text = NULL;
	struct wb_results *r;
	json_t *doc, *golden;
	size_t k, len;

	assert_int_equal(wb_results_new(c->path, c->sc, environment(), c->plan->n_cells, STARTED,
					&r), 0);
	for (k = 0; k < c->plan->n_cells; k++)
		assert_int_equal(wb_results_append(r, wbt_fixture_cell(wb_plan_at(c->plan, k))), 0);
	assert_int_equal(wb_results_finish(r, WB_RESULTS_END_COMPLETE, STARTED + 754), 0);
	wb_results_free(r);
	if (getenv("WBENCH_UPDATE_GOLDEN")) {
		assert_int_equal(wb_read_file(c->path, 1 << 24, &text, &len), 0);
		assert_int_equal(wb_write_file_atomic(golden_path, text, len, 0644), 0);
		free(text);
	}
	doc = load_ok(c->path);
	golden = load_ok(golden_path);
	/* The version moves with releases; the format must not. */
	json_object_set_new(json_object_get(golden, "tool"), "version", json_string(WB_VERSION));
	assert_true(json_equal(doc, golden));
	json_decref(doc);
	json_decref(golden);
	free(golden_path);
}

/*
 * tests/fixtures/results/soak.json (made with reports/soak.c: two 300 s soaks per psk2
 * mode, disconnects, stalls, a failed segment, group and PTK rekeys) is valid, and its
 * summary is what the cells give.
 */
static void test_soak_fixture(void **state)
{
	char *path = wbt_src_path("tests/fixtures/results/soak.json");
	json_t *doc = load_ok(path), *sum = wb_summary_compute(json_object_get(doc, "cells"));

	(void)state;
	assert_true(json_equal(sum, json_object_get(doc, "summary")));
	assert_true(json_is_object(json_object_get(cell_at(doc, 3), "soak")));
	json_decref(sum);
	json_decref(doc);
	free(path);
}

static json_t *soak_at(json_t *d, const char *a, const char *b)
{
	json_t *v = json_object_get(cell_at(d, 3), "soak");

	if (a)
		v = json_object_get(v, a);
	if (b)
		v = json_object_get(v, b);
	assert_non_null(v);
	return v;
}

static json_t *rekey_event(json_t *d, size_t i)
{
	return json_array_get(soak_at(d, "rekeys", "events"), i);
}

static void s_type(json_t *d) { json_object_set_new(cell_at(d, 3), "soak", json_integer(5)); }
static void s_missing(json_t *d) { json_object_del(soak_at(d, "rekeys", NULL), "events"); }
static void s_segments(json_t *d) { json_object_set_new(soak_at(d, NULL, NULL), "failed_segments", json_integer(3)); }
static void s_measured(json_t *d) { json_object_set_new(soak_at(d, NULL, NULL), "measured_s", json_real(-1)); }
static void s_median(json_t *d) { json_object_set_new(soak_at(d, NULL, NULL), "median_bps", json_string("fast")); }
static void s_longest(json_t *d) { json_object_set_new(soak_at(d, "stalls", NULL), "longest_s", json_real(8)); }
static void s_longest_at(json_t *d)
{
	json_object_set_new(soak_at(d, "stalls", NULL), "count", json_integer(0));
}
static void s_trend(json_t *d) { json_object_set_new(soak_at(d, "trend", NULL), "slope_bps_per_hour", json_real(1e9)); }
static void s_disc_count(json_t *d) { json_object_set_new(soak_at(d, "disconnects", NULL), "count", json_integer(0)); }
static void s_disc_reason(json_t *d)
{
	json_object_set_new(json_array_get(soak_at(d, "disconnects", "events"), 0), "reason",
			    json_integer(70000));
}
static void s_rekey_type(json_t *d) { json_object_set_new(rekey_event(d, 4), "type", json_string("gtk")); }
static void s_rekey_count(json_t *d) { json_object_set_new(soak_at(d, "rekeys", NULL), "group", json_integer(3)); }
static void s_rekey_dip(json_t *d) { json_object_set_new(rekey_event(d, 1), "dip_pct", json_real(120)); }
static void s_control(json_t *d)
{
	json_object_set_new(json_object_get(soak_at(d, "rekeys", "control"), "dip_pct"), "max",
			    json_real(100.5));
}
static void s_series_len(json_t *d) { json_array_remove(soak_at(d, "series", "min_bps"), 7); }
static void s_series_time(json_t *d) { json_array_set_new(soak_at(d, "series", "t_s"), 2, json_real(-3)); }
static void s_series_long(json_t *d)
{
	json_t *cols[3] = { soak_at(d, "series", "t_s"), soak_at(d, "series", "mean_bps"),
			    soak_at(d, "series", "min_bps") };

	for (size_t k = 0; k < 3; k++)
		while (json_array_size(cols[k]) < 601)
			json_array_append_new(cols[k], json_real(1));
}
static void s_failure_nul(json_t *d)
{
	json_array_append_new(soak_at(d, "failures", NULL), json_stringn("iperf\0x", 7));
}
static void s_summary(json_t *d)
{
	json_object_set_new(json_object_get(json_array_get(json_object_get(d, "summary"), 0),
					    "soak"), "disconnects_per_hour", json_real(-1));
}

/* Each kind of bad soak, with its JSON path (cells[3] is hwcrypt psk2 tcp up, rep 0). */
static const struct bad_doc bad_soaks[] = {
	{ "not an object", s_type, "cells[3].soak: expected an object, got 5" },
	{ "missing key", s_missing, "cells[3].soak.rekeys: missing required key 'events'" },
	{ "failed segments", s_segments, "cells[3].soak.failed_segments: expected an integer in "
	  "0..2, got 3" },
	{ "negative time", s_measured, "cells[3].soak.measured_s: expected a time of 0..1e7 s, "
	  "got -1.0" },
	{ "median type", s_median, "cells[3].soak.median_bps: expected a number, got \"fast\"" },
	{ "longest stall", s_longest, "cells[3].soak.stalls.longest_s: expected at most total_s "
	  "(7), got 8" },
	{ "stall time without stalls", s_longest_at, "cells[3].soak.stalls.longest_at_s: "
	  "expected null when count is 0" },
	{ "trend outside its interval", s_trend, "cells[3].soak.trend.slope_bps_per_hour: "
	  "expected a slope inside [low_bps_per_hour, high_bps_per_hour] = [-1.79727e+08, "
	  "9.05413e+07], got 1e+09" },
	{ "more disconnects listed than counted", s_disc_count, "cells[3].soak.disconnects."
	  "events: expected at most count (0) events, got 1" },
	{ "reason code", s_disc_reason, "cells[3].soak.disconnects.events[0].reason: expected "
	  "an integer in 0..65535, got 70000" },
	{ "rekey type", s_rekey_type, "cells[3].soak.rekeys.events[4].type: expected \"group\" "
	  "or \"ptk\", got \"gtk\"" },
	{ "more group rekeys listed than counted", s_rekey_count, "cells[3].soak.rekeys.events: "
	  "expected at most group (3) group rekeys, got 4" },
	{ "dip above 100%", s_rekey_dip, "cells[3].soak.rekeys.events[1].dip_pct: expected a "
	  "percentage of 0..100, got 120.0" },
	{ "control dip", s_control, "cells[3].soak.rekeys.control.dip_pct.max: expected a "
	  "percentage of 0..100, got 100.5" },
	{ "series lengths", s_series_len, "cells[3].soak.series.min_bps: expected as many "
	  "entries as t_s (300), got 299" },
	{ "series time", s_series_time, "cells[3].soak.series.t_s[2]: expected a time of 0..1e7 "
	  "s, got -3.0" },
	{ "series too long", s_series_long, "cells[3].soak.series.t_s: expected at most 600 "
	  "entries, got 601" },
	{ "NUL in a failure", s_failure_nul, "cells[3].soak.failures[0]: expected a string "
	  "without NUL (\\u0000)" },
	{ "summary rate", s_summary, "summary[0].soak.disconnects_per_hour: expected a number "
	  ">= 0, got -1.0" },
};

static void test_soak_errors(void **state)
{
	char *path = wbt_src_path("tests/fixtures/results/soak.json"), err[512];
	json_t *doc = load_ok(path);
	size_t i;

	(void)state;
	/* the control: the fixture's summary[0] has a soak, cells[3] a disconnect */
	assert_true(json_is_object(json_object_get(json_array_get(json_object_get(doc, "summary"),
								   0), "soak")));
	for (i = 0; i < sizeof(bad_soaks) / sizeof(bad_soaks[0]); i++) {
		json_t *d = json_deep_copy(doc);
		char want[600];

		bad_soaks[i].mutate(d);
		assert_int_equal(wb_results_validate(d, "s.json", err, sizeof(err)), -EINVAL);
		snprintf(want, sizeof(want), "s.json: %s", bad_soaks[i].error);
		if (strcmp(err, want) != 0)
			fail_msg("%s: got '%s', want '%s'", bad_soaks[i].what, err, want);
		json_decref(d);
	}
	/* null and absent are "no soak" */
	json_object_set_new(cell_at(doc, 3), "soak", json_null());
	json_object_del(cell_at(doc, 4), "soak");
	json_object_set_new(json_array_get(json_object_get(doc, "summary"), 0), "soak",
			    json_null());
	assert_int_equal(wb_results_validate(doc, "s.json", err, sizeof(err)), 0);
	json_decref(doc);
	free(path);
}

static void test_status_names(void **state)
{
	enum wb_results_status s;

	(void)state;
	assert_string_equal(wb_results_status_name(WB_RESULTS_AP_START_FAILED), "ap_start_failed");
	assert_int_equal(wb_results_status_parse("traffic_failed", &s), 0);
	assert_int_equal(s, WB_RESULTS_TRAFFIC_FAILED);
	assert_int_equal(wb_results_status_parse("fine", &s), -EINVAL);
	assert_int_equal(wb_results_status_parse(NULL, &s), -EINVAL);
	assert_string_equal(wb_results_status_name(WB_RESULTS_ERROR), "error");
	assert_string_equal(wb_results_status_name((enum wb_results_status)(WB_RESULTS_ERROR + 1)),
			    "?");
	assert_null(wb_results_status_names[WB_RESULTS_ERROR + 1]);
	/* the scenario names protocols and directions with the results file's words */
	assert_string_equal(wb_scenario_proto_name(WB_SCENARIO_PROTO_UDP), "udp");
	assert_string_equal(wb_scenario_dir_name(WB_SCENARIO_DIR_DOWN), "down");
	assert_string_equal(wb_scenario_dir_name((enum wb_scenario_dir)WB_SCENARIO_DIRS), "?");
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_valid_after_every_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interrupted_and_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_rejects_bad_cell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unwritable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_skeleton, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_golden_document, setup, teardown),
		cmocka_unit_test(test_soak_fixture),
		cmocka_unit_test(test_soak_errors),
		cmocka_unit_test(test_status_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
