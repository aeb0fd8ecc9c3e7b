/* UTF-8 repair: valid text untouched, invalid bytes replaced, a cut sequence dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"
#include <jansson.h>

#include "wbench/lib/utf8.h"

/* What jansson thinks: the property the helper exists for. */
static bool jansson_accepts(const char *s)
{
	json_t *j = json_string(s);
	bool ok = j != NULL;

	json_decref(j);
	return ok;
}

static void test_valid_unchanged(void **state)
{
	static const char *const ok[] = { "", "plain", "caf\xc3\xa9", "\xe2\x82\xac 5",
					  "\xf0\x9f\x93\xb6 wifi", "\xed\x9f\xbf", "\xf4\x8f\xbf\xbf",
					  NULL };
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; ok[i]; i++) {
		snprintf(buf, sizeof(buf), "%s", ok[i]);
		assert_true(wb_utf8_valid(buf));
		assert_int_equal(wb_utf8_sanitize(buf), 0);
		assert_string_equal(buf, ok[i]);
	}
	assert_true(wb_utf8_valid(NULL));
	assert_int_equal(wb_utf8_sanitize(NULL), 0);
}

static void test_invalid_replaced(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "caf\xe9.json", "caf?.json" },           /* Latin-1 file name */
		{ "a\x80z", "a?z" },                       /* lone continuation */
		{ "\xc0\xafx", "??x" },                    /* overlong "/" */
		{ "\xe0\x80\xaf.", "???." },               /* overlong, three bytes */
		{ "\xed\xa0\x80x", "???x" },               /* surrogate U+D800 */
		{ "\xf4\x90\x80\x80x", "????x" },          /* above U+10FFFF */
		{ "\xf5\xff\xfex", "???x" },
		{ "\xe2\x82z\xc3\xa9", "??z\xc3\xa9" },    /* interrupted in the middle */
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		assert_false(wb_utf8_valid(buf));
		assert_false(jansson_accepts(buf));
		assert_int_not_equal(wb_utf8_sanitize(buf), 0);
		assert_string_equal(buf, cases[i].out);
		assert_true(jansson_accepts(buf));
	}
}

/* A buffer that cut "é" after its first byte: the half is dropped, not shown as '?'. */
static void test_cut_dropped(void **state)
{
	const char *text = "abcdef\xc3\xa9";
	char buf[8], big[64];
	size_t i;

	(void)state;
	memcpy(buf, text, sizeof(buf) - 1);   /* what a full snprintf into buf[8] leaves */
	buf[sizeof(buf) - 1] = '\0';
	assert_string_equal(buf, "abcdef\xc3");
	assert_false(jansson_accepts(buf));
	assert_int_equal(wb_utf8_sanitize(buf), 1);
	assert_string_equal(buf, "abcdef");
	/* Every cut of a four-byte sequence. */
	for (i = 1; i < 4; i++) {
		snprintf(big, sizeof(big), "x\xf0\x9f\x93\xb6");
		big[1 + i] = '\0';
		assert_int_equal(wb_utf8_sanitize(big), i);
		assert_string_equal(big, "x");
	}
}

static void test_dup_names(void **state)
{
	char *d;

	(void)state;
	d = wb_utf8_dup("caf\xe9");
	assert_non_null(d);
	/* A name is whole: its last byte is shown as '?', not dropped as if cut. */
	assert_string_equal(d, "caf?");
	free(d);
	d = wb_utf8_dup("r\xc3\xa9sultats.json");
	assert_string_equal(d, "r\xc3\xa9sultats.json");
	free(d);
}

/* Terminal-safe: C0 (newline, tab, ESC), DEL and C1 become '?', valid text stays. */
static void test_printable(void **state)
{
	char a[] = "psk2\n\033[31mEVIL\t\x7f\xc2\x9b" "2J\xff", b[] = "caf\xc3\xa9 \xe2\x82\xac ok";

	(void)state;
	assert_int_equal(wb_utf8_printable(a), 6);
	assert_string_equal(a, "psk2??[31mEVIL???2J?");
	assert_int_equal(wb_utf8_printable(b), 0);
	assert_string_equal(b, "caf\xc3\xa9 \xe2\x82\xac ok");
	assert_int_equal(wb_utf8_printable(NULL), 0);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_unchanged),
		cmocka_unit_test(test_invalid_replaced),
		cmocka_unit_test(test_cut_dropped),
		cmocka_unit_test(test_dup_names),
		cmocka_unit_test(test_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
