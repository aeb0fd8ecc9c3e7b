/*
 * libFuzzer target for `wbench compare` (reports/compare.c) on two results documents: the
 * input cut at its first NUL is the baseline, the rest the candidate (no NUL: the document is
 * compared with itself). Both are parsed from memory as wb_compare_load does after reading
 * (wb_jsonv_parse); wb_compare_docs (which validates them) runs with the default gate, then
 * what cmd_compare.c and cmd_report.c print: the text table (wb_compare_render_text), the
 * --json document, the JUnit XML (wb_junit_render), and the report of the two files with the
 * comparison (HTML without charts, Markdown), all into memory.
 *
 * Properties: nothing crashes or leaks (ASan, UBSan); a failure leaves no document and a
 * message (-ENOMEM aside); a comparison is a wbench-compare/1 document whose result is "pass"
 * or "fail" as its failed_groups count says, and two equal documents pass with nothing
 * regressed or improved; the table carries no control character but its newlines,
 * the JUnit XML none that XML 1.0 forbids; no output shows the value of a secret key
 * (distinctive values only, as in fuzz_results.c).
 * Seed corpus: tests/fuzz/corpus/fuzz_compare/ (pairs made from tests/fixtures/results and
 * tests/fixtures/compare by tests/fuzz/corpus/make_seeds.py).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare.h"
#include "reports/junit.h"
#include "reports/report.h"
#include "tests/fuzz/fuzz_secrets.h"
#include "wbench/lib/jsonv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @text shows no secret of @base or @cand that occurs once in both together. */
static void check_secrets(const struct secrets *sec, const json_t *base, const json_t *cand,
			  const char *text)
{
	size_t i;

	for (i = 0; text && i < sec->n; i++)
		if (count_in(base, sec->s[i]) + (cand != base ? count_in(cand, sec->s[i]) : 0) == 1 &&
		    strstr(text, sec->s[i]))
			abort(); /* a secret shown */
}

/* No C0 control but '\n' (and, with @xml, '\t' and '\r'), no DEL or C1 unless @xml. */
static void check_chars(const char *t, bool xml)
{
	const unsigned char *p = (const unsigned char *)t;

	for (; *p; p++) {
		if (*p < 0x20 && *p != '\n' && !(xml && (*p == '\t' || *p == '\r')))
			abort();
		if (!xml && (*p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)))
			abort();
	}
}

static void check_document(const json_t *cmp, bool self)
{
	const char *schema = json_string_value(json_object_get(cmp, "schema"));
	const char *result = json_string_value(json_object_get(cmp, "result"));
	const json_t *counts = json_object_get(cmp, "counts");
	json_int_t failed = json_integer_value(json_object_get(counts, "failed_groups"));

	if (!schema || strcmp(schema, WB_COMPARE_SCHEMA) || !result ||
	    !json_is_array(json_object_get(cmp, "groups")))
		abort();
	if (strcmp(result, failed ? "fail" : "pass"))
		abort();
	if (self && (failed || json_integer_value(json_object_get(counts, "regressed")) ||
		     json_integer_value(json_object_get(counts, "improved"))))
		abort(); /* a document differs from itself */
}

/* The outputs of `wbench compare` and `wbench report` for the comparison @cmp. */
static void outputs(const json_t *base, const json_t *cand, const json_t *cmp,
		    const struct secrets *sec)
{
	const struct wb_report_input in[2] = { { .file = "base.json", .doc = base },
					       { .file = "cand.json", .doc = cand } };
	char err[1024] = "", why[512], *text;
	int ret;

	text = wb_compare_render_text(cmp);
	if (text) {
		check_chars(text, false);
		check_secrets(sec, base, cand, text);
	}
	free(text);
	text = json_dumps(cmp, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	check_secrets(sec, base, cand, text);
	free(text);
	text = wb_junit_render(cmp);
	if (text) {
		check_chars(text, true);
		check_secrets(sec, base, cand, text);
	}
	free(text);
	(void)wb_report_compare_mismatch(cmp, in, why, sizeof(why));
	ret = wb_report_render_html(in, 2, cmp, WB_REPORT_NO_CHARTS, NULL, &text, err,
				    sizeof(err));
	if (ret < 0 && (ret != -ENOMEM || text))
		abort();
	if (text && strstr(text, "<script"))
		abort();
	check_secrets(sec, base, cand, text);
	free(text);
	ret = wb_report_render_md(in, 2, cmp, &text, err, sizeof(err));
	if (ret < 0 && (ret != -ENOMEM || text))
		abort();
	check_secrets(sec, base, cand, text);
	free(text);
}

/* One side, parsed as wb_compare_load does; NULL (with a message) when it is no JSON. */
static json_t *parse(const char *name, const char *text, size_t len)
{
	char err[1024] = "";
	struct wb_jsonv jv;
	json_t *doc;

	wb_jsonv_init(&jv, name, err, sizeof(err));
	doc = wb_jsonv_parse(&jv, text, len);
	if (!doc && !err[0])
		abort();
	return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *nul = memchr(data, '\0', size);
	size_t blen = nul ? (size_t)(nul - text) : size;
	struct secrets sec = { .n = 0 };
	json_t *base, *cand, *cmp = NULL;
	char err[1024] = "";
	int ret;

	base = parse("base.json", text, blen);
	if (!base)
		return 0;
	cand = nul ? parse("cand.json", nul + 1, size - blen - 1) : json_incref(base);
	if (!cand) {
		json_decref(base);
		return 0;
	}
	find_secrets(base, &sec);
	if (cand != base)
		find_secrets(cand, &sec);
	ret = wb_compare_docs(base, "base.json", cand, "cand.json", NULL, &cmp, err, sizeof(err));
	if (ret < 0) {
		if (cmp || (ret != -ENOMEM && !err[0]))
			abort();
		check_secrets(&sec, base, cand, err);
	} else {
		if (!cmp)
			abort();
		check_document(cmp, cand == base || json_equal(base, cand));
		outputs(base, cand, cmp, &sec);
	}
	json_decref(cmp);
	json_decref(base);
	json_decref(cand);
	return 0;
}
