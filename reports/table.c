#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/jpath.h"
#include "reports/table.h"
#include "wbench/lib/utf8.h"

#define NCOLS 11
#define CELL_MAX 160

enum tone { TONE_NONE, TONE_OK, TONE_MIXED, TONE_FAIL };

static const char *const headers[NCOLS] = {
	"crypto", "security", "proto", "dir", "n", "Mbit/s", "\u00b1ci95", "AP cpu%",
	"AP core%", "STA cpu%", "status",
};

/* Numbers go right, words left. */
static const bool right_aligned[NCOLS] = {
	false, false, false, false, true, true, true, true, true, true, false,
};

struct row {
	char col[NCOLS][CELL_MAX];
	enum tone tone;
};

/* Display columns of a UTF-8 string: one per code point (no wide characters here). */
static size_t display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static double number_at(const json_t *g, const char *a, const char *b, const char *c)
{
	return wb_jpath_num(g, a, b, c, NULL);
}

static void fmt_num(char *buf, double v, double scale, const char *prefix)
{
	if (isfinite(v))
		snprintf(buf, CELL_MAX, "%s%.1f", prefix, v / scale);
	else
		snprintf(buf, CELL_MAX, "-");
}

static const char *str_at(const json_t *g, const char *key)
{
	const char *s = json_string_value(json_object_get(g, key));

	return s ? s : "-";
}

static void fill_row(const json_t *g, struct row *r)
{
	long long n = json_integer_value(json_object_get(g, "n"));
	long long failed = json_integer_value(json_object_get(g, "n_failed"));
	const json_t *ci = json_object_get(g, "ci95_bits_per_second");
	const char *status = json_string_value(json_object_get(g, "failure_status"));
	const char *diag = json_string_value(json_object_get(g, "failure_diagnosis"));
	char failure[96];
	double half = NAN;

	snprintf(r->col[0], CELL_MAX, "%s", str_at(g, "crypto"));
	snprintf(r->col[1], CELL_MAX, "%s", str_at(g, "security"));
	snprintf(r->col[2], CELL_MAX, "%s", str_at(g, "proto"));
	snprintf(r->col[3], CELL_MAX, "%s", str_at(g, "direction"));
	snprintf(r->col[4], CELL_MAX, "%lld", n);
	fmt_num(r->col[5], number_at(g, "median_bits_per_second", NULL, NULL), 1e6, "");
	if (json_array_size(ci) == 2 && json_is_number(json_array_get(ci, 0)) &&
	    json_is_number(json_array_get(ci, 1)))
		half = (json_number_value(json_array_get(ci, 1)) -
			json_number_value(json_array_get(ci, 0))) / 2.0;
	fmt_num(r->col[6], half, 1e6, "\u00b1");
	fmt_num(r->col[7], number_at(g, "cpu_median", "ap", "busy_pct"), 1.0, "");
	fmt_num(r->col[8], number_at(g, "cpu_median", "ap", "max_core_busy_pct"), 1.0, "");
	fmt_num(r->col[9], number_at(g, "cpu_median", "sta", "busy_pct"), 1.0, "");

	snprintf(failure, sizeof(failure), "%s%s%s", status ? status : "failed",
		 diag ? ": " : "", diag ? diag : "");
	if (failed == 0) {
		snprintf(r->col[10], CELL_MAX, "ok");
		r->tone = TONE_OK;
	} else if (n == 0) {
		snprintf(r->col[10], CELL_MAX, "%s", failure);
		r->tone = TONE_FAIL;
	} else {
		snprintf(r->col[10], CELL_MAX, "%lld ok, %lld %s", n, failed, failure);
		r->tone = TONE_MIXED;
	}
	/* names and codes from the file: no newline splits the row, no ESC reaches the
	 * terminal (the colours are ours, added when the row is printed) */
	for (size_t c = 0; c < NCOLS; c++) {
		wb_utf8_sanitize(r->col[c]);
		wb_utf8_printable(r->col[c]);
	}
}

static void put_cell(FILE *f, const char *text, size_t width, bool right, bool last,
		     const char *on, const char *off)
{
	size_t pad = width - display_width(text);

	if (right)
		fprintf(f, "%*s", (int)pad, "");
	fprintf(f, "%s%s%s", on, text, off);
	if (!right && !last)
		fprintf(f, "%*s", (int)pad, "");
}

char *wb_table_render(const json_t *summary, unsigned int flags)
{
	static const char *const tone_on[] = { "", "\033[32m", "\033[33m", "\033[31m" };
	size_t nrows = json_array_size(summary) + 1, i, c, width[NCOLS] = { 0 }, size = 0;
	struct row *rows;
	char *out = NULL;
	FILE *f;

	rows = calloc(nrows, sizeof(*rows));
	if (!rows)
		return NULL;
	for (c = 0; c < NCOLS; c++)
		snprintf(rows[0].col[c], CELL_MAX, "%s", headers[c]);
	for (i = 1; i < nrows; i++)
		fill_row(json_array_get(summary, i - 1), &rows[i]);
	for (i = 0; i < nrows; i++)
		for (c = 0; c < NCOLS; c++)
			if (display_width(rows[i].col[c]) > width[c])
				width[c] = display_width(rows[i].col[c]);
	f = open_memstream(&out, &size);
	if (!f) {
		free(rows);
		return NULL;
	}
	for (i = 0; i < nrows; i++) {
		bool color = (flags & WB_TABLE_COLOR) && rows[i].tone != TONE_NONE;

		for (c = 0; c < NCOLS; c++) {
			bool last = c == NCOLS - 1;

			put_cell(f, rows[i].col[c], width[c], right_aligned[c], last,
				 color && last ? tone_on[rows[i].tone] : "",
				 color && last ? "\033[0m" : "");
			fputs(last ? "\n" : "  ", f);
		}
	}
	if (fclose(f) != 0) {
		free(out);
		out = NULL;
	}
	free(rows);
	return out;
}
