/*
 * The comparison with unusual but valid text: multi-byte text that fixed-size message
 * buffers used to cut mid-sequence, file names that are not UTF-8, and long mode keys.
 * None of it is an internal failure: every case must compare (it once read as ENOMEM).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/compare.h"
#include "tests/unit/compare_fixture.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"

#define E_ACUTE "\xc3\xa9"

/* @pre then @n copies of "é" (new string). */
static char *prefixed(const char *pre, size_t n)
{
	size_t i, o = strlen(pre);
	char *s = malloc(o + 2 * n + 1);

	assert_non_null(s);
	memcpy(s, pre, o);
	for (i = 0; i < n; i++)
		memcpy(s + o + 2 * i, E_ACUTE, 2);
	s[o + 2 * n] = '\0';
	return s;
}

static char *accents(size_t n)
{
	return prefixed("", n);
}

/* Every string in @v is valid UTF-8 (jansson would not have built it otherwise). */
static void assert_all_valid(const json_t *v)
{
	const char *k;
	json_t *e;
	size_t i;

	if (json_is_string(v))
		assert_true(wb_utf8_valid(json_string_value(v)));
	json_object_foreach((json_t *)v, k, e) {
		assert_true(wb_utf8_valid(k));
		assert_all_valid(e);
	}
	json_array_foreach(v, i, e)
		assert_all_valid(e);
}

static json_t *compare_names(const json_t *a, const char *fa, const json_t *b, const char *fb,
			     const struct wb_compare_gate *g)
{
	json_t *out = NULL;
	char err[1024];
	int ret = wb_compare_docs(a, fa, b, fb, g, &out, err, sizeof(err));

	if (ret)
		fail_msg("wb_compare_docs: %d (%s)", ret, err);
	assert_non_null(out);
	assert_all_valid(out);
	return out;
}

static bool has_warning(const json_t *cmp, const char *text)
{
	const json_t *w;
	size_t i;

	json_array_foreach(json_object_get(cmp, "warnings"), i, w)
		if (strstr(json_string_value(w), text))
			return true;
	return false;
}

/* A gate file at @path with @text; the returned gate names @path as its source. */
static struct wb_compare_gate *gate_at(const char *path, const char *text)
{
	struct wb_compare_gate *g = NULL;
	char err[8192];

	assert_int_equal(wb_write_file_atomic(path, text, strlen(text), 0600), 0);
	if (wb_compare_gate_load(path, &g, err, sizeof(err)))
		fail_msg("%s", err);
	return g;
}

/* A floor note of 500 "é": the gate message buffer cut it in the middle of one. */
static void test_long_note(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-cmptext"), path[4096], *note = accents(500);
	char *text = malloc(strlen(note) + 128);
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g, *e;
	struct wb_compare_gate *gate;
	const char *msg = NULL;
	size_t i;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/gate.json", dir);
	sprintf(text, "{\"floors\": [{\"match\": {}, \"min_bits_per_second\": 1e9, \"note\": \"%s\"}]}",
		note);
	gate = gate_at(path, text);
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	cmp = compare_names(a, "a.json", b, "b.json", gate);
	g = wbt_cmp_group(cmp, "hwcrypt/sae/tcp/up");
	/* The note itself is kept whole; only the message is shortened, on a boundary. */
	assert_string_equal(json_string_value(json_object_get(json_object_get(g, "floor"),
							      "note")), note);
	json_array_foreach(json_object_get(g, "gates"), i, e)
		if (!strcmp(json_string_value(json_object_get(e, "gate")), "floor"))
			msg = json_string_value(json_object_get(e, "message"));
	assert_non_null(msg);
	assert_non_null(strstr(msg, "is below the floor 1000.00 Mbit/s (floors[0]): " E_ACUTE));
	assert_string_equal(json_string_value(json_object_get(cmp, "result")), "fail");
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
	wb_compare_gate_free(gate);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	free(note);
	free(text);
}

/* File names are bytes: a Latin-1 "café" is shown with '?' wherever it is named. */
static void test_latin1_file_names(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("local"), *cmp;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3, .pmf = "pass" });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	json_object_set_new(b, "complete", json_false());
	json_object_set_new(b, "planned_cells", json_integer(6));
	cmp = compare_names(a, "r\xe9sultats/a.json", b, "caf\xe9.json", NULL);
	assert_string_equal(json_string_value(json_object_get(json_object_get(cmp, "baseline"),
							      "file")), "r?sultats/a.json");
	assert_string_equal(json_string_value(json_object_get(json_object_get(cmp, "candidate"),
							      "file")), "caf?.json");
	assert_true(has_warning(cmp, "baseline 'r?sultats/a.json' ran on the sim, candidate "
				"'caf?.json' on backend 'local'"));
	assert_true(has_warning(cmp, "candidate 'caf?.json' is incomplete"));
	assert_true(has_warning(cmp, "candidate 'caf?.json' has no PMF verdicts"));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* Long multi-byte values in the warnings' own buffers: the backend label, a setting. */
static void test_warning_buffers(void **state)
{
	/* One ASCII byte in front: the fixed buffers' cuts land mid-sequence. */
	char *backend = prefixed("x", 100), *value = accents(100), *file = prefixed("x", 400);
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc(backend), *cmp, *tr;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	tr = json_object_get(json_object_get(b, "scenario"), "traffic");
	json_object_set_new(tr, "label", json_string(value));
	cmp = compare_names(a, "a.json", b, file, NULL);
	assert_true(has_warning(cmp, "ran on the sim, candidate 'x" E_ACUTE));
	assert_true(has_warning(cmp, "scenario traffic.label differs: absent in the baseline, \""
				E_ACUTE E_ACUTE));
	assert_true(has_warning(cmp, "..."));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
	free(backend);
	free(value);
	free(file);
}

/* A long multi-byte diagnosis code: the status summaries of the start gate cut it. */
static void test_long_diagnosis(void **state)
{
	char *diag = prefixed("x", 100);
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;
	const char *why;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3, .status = "ap_start_failed",
						 .diagnosis = diag });
	cmp = compare_names(a, "a.json", b, "b.json", NULL);
	g = wbt_cmp_group(cmp, "hwcrypt/sae/tcp/up");
	why = json_string_value(json_object_get(json_object_get(json_object_get(g, "functional"),
								"start"), "reason"));
	assert_non_null(why);
	assert_non_null(strstr(why, "candidate 3 ap_start_failed (x" E_ACUTE));
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(g, "throughput"), "verdict")), "not_compared");
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
	free(diag);
}

/*
 * Two security labels of 600 bytes that differ only in their last byte: two modes, two
 * keys. A 512-byte key buffer made them one string (and cut a multi-byte label).
 */
static void test_long_mode_keys(void **state)
{
	char *la = malloc(601), *lb, *lc = prefixed("xy", 300), key[2048], *text;
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;
	const json_t *grp;
	const char *first = NULL;
	size_t i;

	(void)state;
	assert_non_null(la);
	memset(la, 's', 600);
	la[600] = '\0';
	lb = strdup(la);
	assert_non_null(lb);
	la[599] = 'A';
	lb[599] = 'B';
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = la, .n = 3 });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = lb, .n = 3, .status = "ap_start_failed" });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = la, .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = lb, .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = lc, .n = 3 });
	cmp = compare_names(a, "a.json", b, "b.json", NULL);
	assert_int_equal(json_array_size(json_object_get(cmp, "groups")), 3);
	json_array_foreach(json_object_get(cmp, "groups"), i, grp) {
		const char *k = json_string_value(json_object_get(grp, "key"));

		snprintf(key, sizeof(key), "hwcrypt/%s/tcp/up",
			 json_string_value(json_object_get(grp, "security")));
		assert_string_equal(k, key);
		if (first)
			assert_string_not_equal(k, first);
		first = first ? first : k;
	}
	/* Each matched its own mode: the second one was fixed, not a copy of the first. */
	g = wbt_cmp_group(cmp, key);   /* the candidate-only multi-byte one, last */
	assert_true(json_is_null(json_object_get(g, "baseline")));
	snprintf(key, sizeof(key), "hwcrypt/%s/tcp/up", lb);
	g = wbt_cmp_group(cmp, key);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
				    json_object_get(g, "functional"), "start"), "verdict")), "fixed");
	snprintf(key, sizeof(key), "mode hwcrypt/%s/tcp/up is only in the candidate", lc);
	assert_true(has_warning(cmp, key));
	/* The text table shortens the name for its column, on a character boundary. */
	text = wb_compare_render_text(cmp);
	assert_non_null(text);
	assert_true(wb_utf8_valid(text));
	free(text);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
	free(la);
	free(lb);
	free(lc);
}

/* The gate file's name goes into settings.source: long, multi-byte, or not UTF-8. */
static void test_gate_source(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-cmptext"), *part = accents(100);
	char path[4096];
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp;
	struct wb_compare_gate *gate;
	const char *src;
	size_t i, o;

	(void)state;
	assert_non_null(dir);
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	/* Six directories of 200 bytes each: the path is longer than the old 1024. */
	o = (size_t)snprintf(path, sizeof(path), "%s", dir);
	for (i = 0; i < 6; i++) {
		o += (size_t)snprintf(path + o, sizeof(path) - o, "/%s", part);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	snprintf(path + o, sizeof(path) - o, "/gat\xe9.json");
	gate = gate_at(path, "{\"settings\": {\"alpha\": 0.05}}");
	assert_int_equal(wb_compare_gate_set(gate, "seed", "3", (char[64]){ 0 }, 64), 0);
	cmp = compare_names(a, "a.json", b, "b.json", gate);
	src = json_string_value(json_object_get(json_object_get(cmp, "settings"), "source"));
	assert_non_null(src);
	assert_non_null(strstr(src, part));
	assert_non_null(strstr(src, "/gat?.json + command line"));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
	wb_compare_gate_free(gate);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	free(part);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_note),
		cmocka_unit_test(test_latin1_file_names),
		cmocka_unit_test(test_warning_buffers),
		cmocka_unit_test(test_long_diagnosis),
		cmocka_unit_test(test_long_mode_keys),
		cmocka_unit_test(test_gate_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
