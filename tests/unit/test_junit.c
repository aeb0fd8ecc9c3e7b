/* JUnit XML of a comparison: counts, one testcase per mode, failure/skipped, escaping. */
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
#include "reports/junit.h"
#include "tests/unit/compare_fixture.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"

/* Three modes: regressed (8 v 8), unknown (3 v 3), and a hostile security label. */
static json_t *sample(void)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp = NULL;
	double v[8];
	char err[512];

	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 100e6, 1), .n = 8 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 80e6, 1), .n = 8 });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .direction = "down", .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .direction = "down", .n = 3 });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "x\x01<&\"'\xef\xbf\xbe]]>", .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "x\x01<&\"'\xef\xbf\xbe]]>",
						 .status = "ap_start_failed",
						 .diagnosis = "no_bip_cipher", .n = 3 });
	if (wb_compare_docs(a, "a&b.json", b, "b.json", NULL, &cmp, err, sizeof(err)))
		fail_msg("%s", err);
	json_decref(a);
	json_decref(b);
	return cmp;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void test_structure(void **state)
{
	json_t *cmp = sample();
	char *x = wb_junit_render(cmp);

	(void)state;
	assert_non_null(x);
	assert_true(!strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39));
	assert_non_null(strstr(x, "<testsuite name=\"wbench compare\" tests=\"3\" failures=\"2\" "
				  "errors=\"0\" skipped=\"1\" time=\"35.000\""));
	assert_int_equal(occurrences(x, "<testcase "), 3);
	assert_non_null(strstr(x, "<testcase classname=\"wbench.compare.hwcrypt\" "
				  "name=\"sae/tcp/up\" time=\"20.000\">"));
	assert_non_null(strstr(x, "<failure message=\"throughput regressed: median "));
	assert_non_null(strstr(x, "\" type=\"regressed\">"));
	assert_non_null(strstr(x, "\" type=\"new_failure\">"));
	assert_int_equal(occurrences(x, "<skipped message=\"unknown: run more repetitions\"/>"), 1);
	assert_non_null(strstr(x, "<property name=\"verdict\" value=\"regressed\"/>"));
	assert_non_null(strstr(x, "<property name=\"n_baseline\" value=\"8\"/>"));
	assert_non_null(strstr(x, "<property name=\"alpha\" value=\"0.05\"/>"));
	assert_non_null(strstr(x, "<property name=\"baseline\" value=\"a&amp;b.json\"/>"));
	assert_non_null(strstr(x, "<property name=\"result\" value=\"fail\"/>"));
	free(x);
	json_decref(cmp);
}

static void test_escaping(void **state)
{
	json_t *cmp = sample();
	char *x = wb_junit_render(cmp);
	const char *p;

	(void)state;
	assert_non_null(x);
	/* The control character and U+FFFE become U+FFFD; markup characters are escaped. */
	assert_non_null(strstr(x, "name=\"x\xef\xbf\xbd&lt;&amp;&quot;&apos;\xef\xbf\xbd]]&gt;"
				  "/tcp/up\""));
	for (p = x; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n')
			fail_msg("raw control character 0x%02x at offset %td", *p, p - x);
	assert_null(strstr(x, "\xef\xbf\xbe"));
	assert_null(strstr(x, "<&"));
	free(x);
	json_decref(cmp);
}

/* A property longer than any fixed buffer, in multi-byte text: whole and valid UTF-8. */
static void test_long_multibyte_path(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp = NULL;
	char path[2048], err[512], *x, *want;
	size_t i, o;

	(void)state;
	o = (size_t)snprintf(path, sizeof(path), "/r");   /* odd: 2-byte steps end mid-"é" */
	for (i = 0; i < 700; i++)
		o += (size_t)snprintf(path + o, sizeof(path) - o, "\xc3\xa9");
	snprintf(path + o, sizeof(path) - o, "/a.json");
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	if (wb_compare_docs(a, path, b, "b.json", NULL, &cmp, err, sizeof(err)))
		fail_msg("%s", err);
	x = wb_junit_render(cmp);
	assert_non_null(x);
	assert_true(wb_utf8_valid(x));
	want = malloc(strlen(path) + 64);
	assert_non_null(want);
	sprintf(want, "<property name=\"baseline\" value=\"%s\"/>", path);
	assert_non_null(strstr(x, want));
	free(want);
	free(x);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static void test_write_as_rendered_or_name_the_bad_path(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-junit"), path[4096], err[4300], *text;
	json_t *cmp = sample();
	char *x = wb_junit_render(cmp);

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	assert_int_equal(wb_junit_write(cmp, path, err, sizeof(err)), 0);
	assert_int_equal(wb_read_file(path, 1 << 20, &text, NULL), 0);
	assert_string_equal(text, x);
	free(text);
	snprintf(path, sizeof(path), "%s/no/such/dir/junit.xml", dir);
	assert_int_equal(wb_junit_write(cmp, path, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "cannot write JUnit '"));
	assert_non_null(strstr(err, "/no/such/dir/junit.xml': No such file or directory"));
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	free(x);
	json_decref(cmp);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_long_multibyte_path),
		cmocka_unit_test(test_write_as_rendered_or_name_the_bad_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
