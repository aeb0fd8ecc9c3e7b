/*
 * cells[].latency and summary[].latency in the results reader (reports/
 * results_check_latency.c): tests/fixtures/results/latency.json is valid and its summary
 * is what the cells give; every kind of bad latency is refused with its JSON path; null
 * and absent are "no probes".
 * The fixture (hwcrypt, psk2 and sae, tcp and udp, up and down, 3 repetitions; every sae
 * cell ap_start_failed with "latency": null): cells[5] is psk2 tcp up rep 0 (idle and
 * loaded, 1 of 90 lost), cells[1] psk2 tcp down rep 0 (its idle ping failed: no added),
 * cells[19] psk2 udp down rep 2 (every loaded probe lost); summary[0] is psk2 tcp up,
 * summary[3] psk2 udp down.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/results.h"
#include "reports/summary.h"
#include "tests/unit/results_fixture.h"
#include "wbench/lib/util.h"

#define FIXTURE "tests/fixtures/results/latency.json"

/* The member at @path ("cells/5/latency/loaded"), or fail. */
static json_t *at(json_t *doc, const char *path)
{
	char buf[256], *save = NULL, *tok;
	json_t *v = doc;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok && v; tok = strtok_r(NULL, "/", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL, 10))
				     : json_object_get(v, tok);
	if (!v)
		fail_msg("%s: not in the fixture", path);
	return v;
}

/* Sets the last key of @path to @value (JSON text; NULL deletes it). */
static void set(json_t *doc, const char *path, const char *value)
{
	char parent[256], *slash;
	json_error_t e;
	json_t *obj, *v = NULL;

	snprintf(parent, sizeof(parent), "%s", path);
	slash = strrchr(parent, '/');
	assert_non_null(slash);
	*slash = '\0';
	obj = at(doc, parent);
	if (value && !(v = json_loads(value, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e)))
		fail_msg("%s: %s", value, e.text);
	if (json_is_array(obj))
		assert_int_equal(json_array_set_new(obj, strtoul(slash + 1, NULL, 10), v), 0);
	else if (v)
		assert_int_equal(json_object_set_new(obj, slash + 1, v), 0);
	else
		assert_int_equal(json_object_del(obj, slash + 1), 0);
}

static json_t *fixture(void)
{
	return wbt_load_results(FIXTURE);
}

static void test_latency_fixture(void **state)
{
	json_t *doc = fixture(), *sum = wb_summary_compute(json_object_get(doc, "cells"));

	(void)state;
	assert_true(json_equal(sum, json_object_get(doc, "summary")));
	assert_string_equal(json_string_value(at(doc, "cells/5/latency/method")), "icmp_echo");
	assert_true(json_is_null(at(doc, "cells/1/latency/added_ms")));
	assert_true(json_is_object(at(doc, "summary/3/latency/udp")));
	assert_true(json_is_null(at(doc, "summary/4/latency")));
	json_decref(sum);
	json_decref(doc);
}

/* A 1001-entry lost_at_s of a phase that lost 5000 probes. */
static char *long_lost(void)
{
	char *s = malloc(1001 * 4 + 8), *o = s;
	size_t i;

	assert_non_null(s);
	*o++ = '[';
	for (i = 0; i < 1001; i++)
		o += sprintf(o, "%s1.5", i ? "," : "");
	strcpy(o, "]");
	return s;
}

static const struct bad {
	const char *what, *path, *value, *error;
} bad[] = {
	{ "not an object", "cells/5/latency", "5", "cells[5].latency: expected an object, got 5" },
	{ "status", "cells/5/latency/status", "\"fine\"", "cells[5].latency.status: expected "
	  "\"ok\" or \"failed\", got \"fine\"" },
	{ "no method", "cells/5/latency/method", NULL, "cells[5].latency: missing required key "
	  "'method'" },
	{ "NUL in the target", "cells/5/latency/target", "\"10.99.0.1\\u0000x\"",
	  "cells[5].latency.target: expected a string without NUL (\\u0000)" },
	{ "payload size", "cells/5/latency/size_bytes", "2000", "cells[5].latency.size_bytes: "
	  "expected an integer in 16..1400, got 2000" },
	{ "phase type", "cells/5/latency/loaded", "[]", "cells[5].latency.loaded: expected an "
	  "object, got an array" },
	{ "rate", "cells/5/latency/idle/probes_per_s", "0", "cells[5].latency.idle.probes_per_s: "
	  "expected an integer in 1..100, got 0" },
	{ "more received than sent", "cells/5/latency/loaded/received", "91",
	  "cells[5].latency.loaded.received: expected an integer in 0..90, got 91" },
	{ "sent beyond a day of probes", "cells/5/latency/loaded/sent", "10000001",
	  "cells[5].latency.loaded.sent: expected an integer in 0..10000000, got 10000001" },
	{ "no count in an ok phase", "cells/5/latency/loaded/sent", "null",
	  "cells[5].latency.loaded.sent: expected an integer, got null" },
	{ "loss above 100%", "cells/5/latency/loaded/loss_pct", "120.0",
	  "cells[5].latency.loaded.loss_pct: expected a percentage of 0..100, got 120.0" },
	{ "negative round trip", "cells/5/latency/loaded/rtt_ms/p50", "-1.0",
	  "cells[5].latency.loaded.rtt_ms.p50: expected a time of 0..86400000 ms, got -1.0" },
	{ "round trip beyond a day", "cells/5/latency/idle/rtt_ms/max", "1e308",
	  "cells[5].latency.idle.rtt_ms.max: expected a time of 0..86400000 ms, got 1e308" },
	{ "quantiles out of order", "cells/5/latency/loaded/rtt_ms/p99", "20.0",
	  "cells[5].latency.loaded.rtt_ms.p99: expected at least p90 (31), got 20" },
	{ "no rtt_ms", "cells/5/latency/idle/rtt_ms", NULL, "cells[5].latency.idle: missing "
	  "required key 'rtt_ms'" },
	{ "more lost listed than lost", "cells/5/latency/loaded/lost_at_s", "[4.3, 5.0]",
	  "cells[5].latency.loaded.lost_at_s: expected at most sent - received (1) entries, "
	  "got 2" },
	{ "negative loss time", "cells/5/latency/loaded/lost_at_s/0", "-4.5",
	  "cells[5].latency.loaded.lost_at_s[0]: expected a time of 0..1e7 s, got -4.5" },
	{ "NUL in a phase's message", "cells/1/latency/idle/message", "\"ping\\u0000x\"",
	  "cells[1].latency.idle.message: expected a string without NUL (\\u0000)" },
	{ "added as text", "cells/5/latency/added_ms/p90", "\"x\"", "cells[5].latency.added_ms."
	  "p90: expected a number, got \"x\"" },
	{ "summary loss", "summary/0/latency/loss_pct", "-1.0", "summary[0].latency.loss_pct: "
	  "expected a percentage of 0..100, got -1.0" },
	{ "summary jitter", "summary/3/latency/udp/jitter_ms", "-0.5", "summary[3].latency.udp."
	  "jitter_ms: expected a time of 0..86400000 ms, got -0.5" },
	{ "summary cells", "summary/0/latency/cells", "\"3\"", "summary[0].latency.cells: "
	  "expected an integer, got \"3\"" },
};

static void test_latency_errors(void **state)
{
	json_t *doc = fixture();
	char err[512], want[600], *lost = long_lost();
	size_t i;

	(void)state;
	for (i = 0; i < WB_ARRAY_SIZE(bad) + 1; i++) {
		json_t *d = json_deep_copy(doc);
		const char *what = i < WB_ARRAY_SIZE(bad) ? bad[i].what : "1001 listed";

		if (i < WB_ARRAY_SIZE(bad)) {
			set(d, bad[i].path, bad[i].value);
			snprintf(want, sizeof(want), "l.json: %s", bad[i].error);
		} else {
			set(d, "cells/19/latency/loaded/sent", "5000");
			set(d, "cells/19/latency/loaded/lost_at_s", lost);
			snprintf(want, sizeof(want), "l.json: cells[19].latency.loaded.lost_at_s: "
				 "expected at most 1000 entries, got 1001");
		}
		assert_int_equal(wb_results_validate(d, "l.json", err, sizeof(err)), -EINVAL);
		if (strcmp(err, want) != 0)
			fail_msg("%s: got '%s', want '%s'", what, err, want);
		json_decref(d);
	}
	free(lost);
	json_decref(doc);
}

/* What a file without probes, or with phases that did not run, looks like. */
static void test_latency_accepted(void **state)
{
	json_t *doc = fixture();
	char err[512];

	(void)state;
	set(doc, "cells/5/latency", "null");            /* probes off */
	set(doc, "cells/8/latency", NULL);              /* a file from before them */
	set(doc, "cells/18/latency/idle", "null");      /* latency.idle_s 0 */
	set(doc, "cells/18/latency/added_ms", "null");
	set(doc, "cells/18/latency/loaded/lost_at_s", NULL);
	set(doc, "cells/18/latency/message", "\"a note\"");
	/* a failed phase may have no counts at all */
	set(doc, "cells/1/latency/idle/sent", "null");
	set(doc, "cells/1/latency/idle/received", "null");
	set(doc, "cells/1/latency/idle/duplicates", "null");
	set(doc, "cells/1/latency/idle/loss_pct", "null");
	/* added may be negative: noise */
	set(doc, "cells/9/latency/added_ms/p50", "-0.25");
	set(doc, "summary/1/latency/added_p50_ms", "-0.25");
	set(doc, "summary/0/latency", "null");
	set(doc, "summary/2/latency", NULL);
	if (wb_results_validate(doc, "l.json", err, sizeof(err)))
		fail_msg("%s", err);
	json_decref(doc);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_latency_fixture),
		cmocka_unit_test(test_latency_errors),
		cmocka_unit_test(test_latency_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
