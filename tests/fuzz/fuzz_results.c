/*
 * libFuzzer target for the results reader (reports/results.c) and what `wbench summary` and
 * `wbench report` make of a loaded file: any bytes are a results file, parsed from memory
 * the way wb_results_load does after reading it (wb_jsonv_parse, wb_results_validate), then,
 * when valid, the summary table (wb_summary_compute, wb_table_render), the HTML page without
 * charts (no gnuplot, nothing written) and the Markdown summary, all into memory.
 *
 * Properties: nothing crashes or leaks (ASan, UBSan); a rejected file leaves a message; a
 * valid one always gives a page and a summary (-ENOMEM aside) and a table whose lines end
 * with '\n', without a trailing blank or a control character (colour off); the page carries
 * no <script> (every string of the file is escaped); no output, nor a validation message,
 * shows the value of a secret key (wb_report_secret_key), checked for values of 12 or more
 * letters and digits, of both cases and with a digit, that no other key or string contains.
 * Seed corpus: tests/fuzz/corpus/fuzz_results/ (trimmed documents of tests/fixtures/results,
 * tests/fixtures/compare and tests/fixtures/report; tests/fuzz/corpus/make_seeds.py).
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reports/report.h"
#include "reports/results.h"
#include "reports/summary.h"
#include "reports/table.h"
#include "tests/fuzz/fuzz_secrets.h"
#include "wbench/lib/jsonv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_secrets(const struct secrets *sec, const json_t *doc, const char *text)
{
	size_t i;

	for (i = 0; text && i < sec->n; i++)
		if (count_in(doc, sec->s[i]) == 1 && strstr(text, sec->s[i]))
			abort(); /* a secret shown */
}

/*
 * wb_table_render's promises without colour: every line ends with '\n', without a trailing
 * blank, and no control character (C0 but the newlines, DEL, C1) reaches the terminal.
 */
static void check_table(const char *t)
{
	const unsigned char *p = (const unsigned char *)t;
	size_t n = strlen(t);

	if (n && t[n - 1] != '\n')
		abort();
	if (strstr(t, " \n") || strstr(t, "\t\n"))
		abort();
	for (; *p; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 &&
								p[1] <= 0x9f))
			abort();
}

static void reports(const json_t *doc, const struct secrets *sec)
{
	const struct wb_report_input in = { .file = "fuzz.json", .doc = doc };
	char err[1024] = "", *text = NULL;
	json_t *summary;
	int ret;

	summary = wb_summary_compute(json_object_get(doc, "cells"));
	if (summary) {
		text = wb_table_render(summary, 0);
		if (text) {
			check_table(text);
			check_secrets(sec, doc, text);
		}
		free(text);
		free(wb_table_render(summary, WB_TABLE_COLOR));
		json_decref(summary);
	}
	ret = wb_report_render_html(&in, 1, NULL, WB_REPORT_NO_CHARTS, NULL, &text, err,
				    sizeof(err));
	if (ret < 0 && (ret != -ENOMEM || text))
		abort(); /* a valid document always has a page */
	if (text && strstr(text, "<script"))
		abort();
	check_secrets(sec, doc, text);
	free(text);
	ret = wb_report_render_md(&in, 1, NULL, &text, err, sizeof(err));
	if (ret < 0 && (ret != -ENOMEM || text))
		abort();
	check_secrets(sec, doc, text);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct secrets sec = { .n = 0 };
	struct wb_jsonv jv;
	char err[1024] = "";
	json_t *doc;

	wb_jsonv_init(&jv, "fuzz.json", err, sizeof(err));
	doc = wb_jsonv_parse(&jv, (const char *)data, size);
	if (!doc) {
		if (!err[0])
			abort();
		return 0;
	}
	find_secrets(doc, &sec);
	if (wb_results_validate(doc, "fuzz.json", err, sizeof(err)) < 0) {
		if (!err[0])
			abort();
		check_secrets(&sec, doc, err);
		json_decref(doc);
		return 0;
	}
	reports(doc, &sec);
	json_decref(doc);
	return 0;
}
