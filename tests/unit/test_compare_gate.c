/* The gate file loader (strict, with the JSON path in every message) and --alpha & co. */
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

#include "reports/compare.h"
#include "tests/unit/compare_fixture.h"
#include "wbench/lib/util.h"

struct ctx {
	char *dir;
	char path[4096];
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	c->dir = wb_mkdtemp_private("wbench-test-gate");
	assert_non_null(c->dir);
	snprintf(c->path, sizeof(c->path), "%s/gate.json", c->dir);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct ctx *c = *state;

	assert_int_equal(wb_rm_rf(c->dir), 0);
	free(c->dir);
	free(c);
	return 0;
}

/* Loads @text; returns the error message ("" on success) with the directory cut off. */
static const char *load(struct ctx *c, const char *text, int *ret, struct wb_compare_gate **out)
{
	static char err[1024];
	struct wb_compare_gate *g = (struct wb_compare_gate *)1;
	size_t dl = strlen(c->dir);

	assert_int_equal(wb_write_file_atomic(c->path, text, strlen(text), 0600), 0);
	*ret = wb_compare_gate_load(c->path, &g, err, sizeof(err));
	if (*ret) {
		assert_null(g);
	} else {
		assert_non_null(g);
		assert_string_equal(err, "");
	}
	if (out)
		*out = g;
	else
		wb_compare_gate_free(g);
	/* Messages start with the file name: keep "gate.json..." for the comparison. */
	if (!strncmp(err, c->dir, dl) && err[dl] == '/')
		return err + dl + 1;
	return err;
}

static void test_rejected(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "{\"settings\": {\"alpha\": 0.05,}}",
		  "gate.json:1:29: string or '}' expected" },
		{ "[]", "gate.json: expected a JSON object at the top level, got an array" },
		{ "{\"setings\": {}}",
		  "gate.json: unknown key 'setings' (did you mean 'settings'?)" },
		{ "{\"schema\": \"wbench-gate/2\"}",
		  "gate.json: schema: expected \"wbench-gate/1\", got \"wbench-gate/2\"" },
		{ "{\"settings\": []}", "gate.json: settings: expected an object, got an array" },
		{ "{\"settings\": {\"alpha\": 2}}",
		  "gate.json: settings.alpha: expected a number in (0, 0.5], got 2" },
		{ "{\"settings\": {\"alpha\": 0}}",
		  "gate.json: settings.alpha: expected a number in (0, 0.5], got 0" },
		{ "{\"settings\": {\"alpha\": \"0.05\"}}",
		  "gate.json: settings.alpha: expected a number in (0, 0.5], got \"0.05\"" },
		{ "{\"settings\": {\"noise_band_pct\": 100}}",
		  "gate.json: settings.noise_band_pct: expected a number in [0, 100), got 100" },
		{ "{\"settings\": {\"min_runs\": 0}}",
		  "gate.json: settings.min_runs: expected an integer in 1..1000, got 0" },
		{ "{\"settings\": {\"min_runs\": 5.5}}",
		  "gate.json: settings.min_runs: expected an integer in 1..1000, got 5.5" },
		{ "{\"settings\": {\"confidence\": 1}}",
		  "gate.json: settings.confidence: expected a number in [0.5, 1), got 1" },
		{ "{\"settings\": {\"bootstrap_resamples\": 10}}",
		  "gate.json: settings.bootstrap_resamples: expected an integer in 100..1000000, "
		  "got 10" },
		{ "{\"settings\": {\"seed\": -1}}",
		  "gate.json: settings.seed: expected an integer in 0..9223372036854775807, got -1" },
		{ "{\"settings\": {\"cpu_band_pp\": null}}",
		  "gate.json: settings.cpu_band_pp: expected a number in [0, 100], got null" },
		{ "{\"settings\": {\"fail_on_unknown\": \"yes\"}}",
		  "gate.json: settings.fail_on_unknown: expected true or false, got \"yes\"" },
		{ "{\"settings\": {\"gates\": {\"cpu\": 1}}}",
		  "gate.json: settings.gates.cpu: expected true or false, got 1" },
		{ "{\"settings\": {\"gates\": {\"jitter\": true}}}",
		  "gate.json: settings.gates: unknown key 'jitter' (allowed: throughput, cpu, "
		  "start, pmf, floor, reconnect, disconnects, latency)" },
		{ "{\"settings\": {\"latency_band_ms\": -0.5}}",
		  "gate.json: settings.latency_band_ms: expected a number in [0, 10000], got "
		  "-0.5" },
		{ "{\"settings\": {\"gates\": {\"latency\": \"on\"}}}",
		  "gate.json: settings.gates.latency: expected true or false, got \"on\"" },
		{ "{\"floors\": {}}", "gate.json: floors: expected an array, got an object" },
		{ "{\"floors\": [{\"match\": {}}]}",
		  "gate.json: floors[0]: missing required key 'min_bits_per_second'" },
		{ "{\"floors\": [{\"min_bits_per_second\": 1}]}",
		  "gate.json: floors[0]: missing required key 'match'" },
		{ "{\"floors\": [{\"match\": {}, \"min_bits_per_second\": 1},"
		  " {\"match\": {\"crypto\": \"hw\"}, \"min_bits_per_second\": 1}]}",
		  "gate.json: floors[1].match.crypto: expected \"hwcrypt\" or \"nohwcrypt\", got "
		  "\"hw\"" },
		{ "{\"floors\": [{\"match\": {\"band\": \"5G\"}, \"min_bits_per_second\": 1}]}",
		  "gate.json: floors[0].match: unknown key 'band' (allowed: crypto, security, proto, "
		  "direction)" },
		{ "{\"floors\": [{\"match\": {\"security\": \"\"}, \"min_bits_per_second\": 1}]}",
		  "gate.json: floors[0].match.security: expected a security label such as \"sae\", "
		  "got \"\"" },
		{ "{\"floors\": [{\"match\": {}, \"min_bits_per_second\": -5}]}",
		  "gate.json: floors[0].min_bits_per_second: expected a number above 0 (bits per "
		  "second), got -5" },
		{ "{\"floors\": [{\"match\": {}, \"min_bits_per_second\": 1, \"note\": 3}]}",
		  "gate.json: floors[0].note: expected a string, got 3" },
		{ "{\"settings\": {}, \"settings\": {}}",
		  "gate.json:1:27: duplicate object key near '\"settings\"'" },
	};
	struct ctx *c = *state;
	const char *err;
	size_t i;
	int ret;

	for (i = 0; i < WB_ARRAY_SIZE(cases); i++) {
		err = load(c, cases[i].text, &ret, NULL);
		if (ret != -EINVAL || strcmp(err, cases[i].err))
			fail_msg("case %zu: %s\n  got  %d '%s'\n  want '%s'", i, cases[i].text, ret,
				 err, cases[i].err);
	}
}

static void test_unreadable(void **state)
{
	struct ctx *c = *state;
	struct wb_compare_gate *g = NULL;
	char err[1024], want[4200];

	assert_int_equal(wb_compare_gate_load(c->path, &g, err, sizeof(err)), -ENOENT);
	assert_null(g);
	snprintf(want, sizeof(want), "cannot read gate file '%s': No such file or directory",
		 c->path);
	assert_string_equal(err, want);
}

static double setting(const json_t *cmp, const char *key)
{
	return json_number_value(json_object_get(json_object_get(cmp, "settings"), key));
}

/* Every setting read from the file reaches the output; the command line wins. */
static void test_accepted(void **state)
{
	struct ctx *c = *state;
	struct wb_compare_gate *g;
	json_t *a = wbt_cmp_doc("sim"), *cmp = NULL, *s, *gates;
	char err[512], want[4200];
	const char *msg;
	int ret;

	msg = load(c, "{\"$schema\": \"../docs/compare-gate.schema.json\","
		   " \"schema\": \"wbench-gate/1\", \"settings\": {\"alpha\": 0.01,"
		   " \"noise_band_pct\": 3, \"min_runs\": 6, \"confidence\": 0.9,"
		   " \"bootstrap_resamples\": 2000, \"seed\": 42, \"cpu_band_pp\": 7.5,"
		   " \"latency_band_ms\": 2.5, \"fail_on_unknown\": true,"
		   " \"fail_on_missing\": false,"
		   " \"gates\": {\"cpu\": false, \"pmf\": false, \"latency\": true}},"
		   " \"floors\": [{\"match\": {\"proto\": \"udp\"}, \"min_bits_per_second\": 5e6}]}",
		   &ret, &g);
	assert_int_equal(ret, 0);
	(void)msg;
	assert_int_equal(wb_compare_gate_set(g, "alpha", "0.02", err, sizeof(err)), 0);
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	assert_int_equal(wb_compare_docs(a, "a.json", a, "a.json", g, &cmp, err, sizeof(err)), 0);
	s = json_object_get(cmp, "settings");
	assert_true(setting(cmp, "alpha") == 0.02);
	assert_true(setting(cmp, "noise_band_pct") == 3);
	assert_int_equal(json_integer_value(json_object_get(s, "min_runs")), 6);
	assert_true(setting(cmp, "confidence") == 0.9);
	assert_int_equal(json_integer_value(json_object_get(s, "bootstrap_resamples")), 2000);
	assert_int_equal(json_integer_value(json_object_get(s, "seed")), 42);
	assert_true(setting(cmp, "cpu_band_pp") == 7.5);
	assert_true(setting(cmp, "latency_band_ms") == 2.5);
	assert_true(json_is_true(json_object_get(s, "fail_on_unknown")));
	assert_true(json_is_false(json_object_get(s, "fail_on_missing")));
	gates = json_object_get(s, "gates");
	assert_true(json_is_false(json_object_get(gates, "cpu")));
	assert_true(json_is_false(json_object_get(gates, "pmf")));
	assert_true(json_is_true(json_object_get(gates, "throughput")));
	assert_true(json_is_true(json_object_get(gates, "latency")));
	assert_int_equal(json_array_size(json_object_get(s, "floors")), 1);
	snprintf(want, sizeof(want), "%s + command line", c->path);
	assert_string_equal(json_string_value(json_object_get(s, "source")), want);
	/* fail_on_unknown from the file: three runs a side fail the gate. */
	assert_string_equal(json_string_value(json_object_get(cmp, "result")), "fail");
	json_decref(cmp);
	json_decref(a);
	wb_compare_gate_free(g);
}

static void test_defaults(void **state)
{
	struct wb_compare_gate *g = wb_compare_gate_new();
	json_t *a = wbt_cmp_doc("sim"), *cmp = NULL, *cmp2 = NULL, *s;
	char err[512];

	(void)state;
	assert_non_null(g);
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	assert_int_equal(wb_compare_docs(a, "a.json", a, "a.json", g, &cmp, err, sizeof(err)), 0);
	s = json_object_get(cmp, "settings");
	assert_string_equal(json_string_value(json_object_get(s, "source")), "defaults");
	assert_true(setting(cmp, "cpu_band_pp") == 5);
	/* the latency gate: a band of 1 ms, and off until a gate file turns it on */
	assert_true(setting(cmp, "latency_band_ms") == 1);
	assert_true(json_is_false(json_object_get(json_object_get(s, "gates"), "latency")));
	assert_true(json_is_false(json_object_get(s, "fail_on_unknown")));
	assert_true(json_is_true(json_object_get(s, "fail_on_missing")));
	assert_int_equal(json_array_size(json_object_get(s, "floors")), 0);
	/* NULL means the same defaults. */
	assert_int_equal(wb_compare_docs(a, "a.json", a, "a.json", NULL, &cmp2, err, sizeof(err)),
			 0);
	assert_true(json_equal(json_object_get(cmp2, "settings"), s));
	json_decref(cmp2);
	json_decref(cmp);
	json_decref(a);
	wb_compare_gate_free(g);
}

static void test_command_line(void **state)
{
	static const struct {
		const char *key, *value, *err;
	} bad[] = {
		{ "alpha", "0.9", "expected a number in (0, 0.5], got '0.9'" },
		{ "alpha", "x", "expected a number in (0, 0.5], got 'x'" },
		{ "alpha", "", "expected a number in (0, 0.5], got ''" },
		{ "alpha", "nan", "expected a number in (0, 0.5], got 'nan'" },
		{ "noise_band_pct", "-1", "expected a number in [0, 100), got '-1'" },
		{ "min_runs", "0", "expected an integer in 1..1000, got '0'" },
		{ "min_runs", "6x", "expected an integer in 1..1000, got '6x'" },
		{ "seed", "-3", "expected an integer in 0..9223372036854775807, got '-3'" },
		{ "fail_on_unknown", "1", "expected true or false, got '1'" },
		{ "latency_band_ms", "10001", "expected a number in [0, 10000], got '10001'" },
		{ "colour", "red", "unknown setting 'colour'" },
	};
	struct wb_compare_gate *g = wb_compare_gate_new();
	char err[256];
	size_t i;

	(void)state;
	assert_non_null(g);
	for (i = 0; i < WB_ARRAY_SIZE(bad); i++) {
		assert_int_equal(wb_compare_gate_set(g, bad[i].key, bad[i].value, err, sizeof(err)),
				 -EINVAL);
		assert_string_equal(err, bad[i].err);
	}
	assert_int_equal(wb_compare_gate_set(g, "noise_band_pct", "2.5", err, sizeof(err)), 0);
	assert_int_equal(wb_compare_gate_set(g, "seed", "7", err, sizeof(err)), 0);
	assert_int_equal(wb_compare_gate_set(g, "latency_band_ms", "0.25", err, sizeof(err)), 0);
	wb_compare_gate_free(g);
	wb_compare_gate_free(NULL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accepted, setup, teardown),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_command_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
