/* The human table of a comparison (wb_compare_render_text in reports/compare.h). */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/jpath.h"
#include "reports/compare.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/utf8.h"

#define NCOLS 9
#define CELL_MAX 200
#define FAIL_LINE_MAX 8 /* failed gates named on the FAIL line */

/* The interval's header names its coverage (settings.confidence), e.g. "90% interval". */
static const char *const headers[NCOLS] = {
	"mode", "n", "Mbit/s", "change", NULL, "p", "verdict", "result", "notes",
};

static const bool right_aligned[NCOLS] = {
	false, true, true, true, false, true, false, false, false,
};

struct row {
	char col[NCOLS][CELL_MAX];
};

static size_t display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static const json_t *at(const json_t *v, const char *a, const char *b, const char *c)
{
	return wb_jpath_get(v, a, b, c, NULL);
}

static double num(const json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *v)
{
	const char *s = json_string_value(v);

	return s ? s : "-";
}

static void fmt_mbps(char *buf, size_t len, double v)
{
	if (isfinite(v))
		snprintf(buf, len, "%.1f", v / 1e6);
	else
		snprintf(buf, len, "-");
}

static bool is_any(const char *s, const char *a, const char *b, const char *c, const char *d)
{
	return !strcmp(s, a) || !strcmp(s, b) || !strcmp(s, c) || !strcmp(s, d);
}

/* Notes: what else the group says besides the throughput verdict. */
static void notes(const json_t *g, char *buf, size_t len)
{
	const json_t *gates = json_object_get(g, "gates"), *e;
	const char *start = str(at(g, "functional", "start", "verdict"));
	const char *pmf = str(at(g, "functional", "pmf", "verdict"));
	const char *rc = str(at(g, "functional", "reconnect", "verdict"));
	const char *dc = str(at(g, "functional", "disconnects", "verdict"));
	const char *lat = str(at(g, "latency", "verdict", NULL));
	bool lat_failed = false;
	size_t i, o = 0;

	buf[0] = '\0';
#define ADD(...) \
	do { \
		if (o < len) \
			o += (size_t)snprintf(buf + o, len - o, __VA_ARGS__); \
	} while (0)
	json_array_foreach(gates, i, e) {
		const char *gate = str(json_object_get(e, "gate"));
		const char *verdict = str(json_object_get(e, "verdict"));

		if (strcmp(str(json_object_get(e, "result")), "fail"))
			continue;
		lat_failed |= !strcmp(gate, "latency");
		if (!strcmp(gate, verdict))
			ADD("%s%s", o ? ", " : "", gate);
		else
			ADD("%s%s %s", o ? ", " : "", gate, verdict);
	}
	/* Functional states worth knowing even when they pass (fixed, still failing). */
	if (!is_any(start, "ok", "new_failure", "not_compared", "-"))
		ADD("%sstart %s", o ? ", " : "", start);
	if (!is_any(pmf, "ok", "new_fail", "not_compared", "-"))
		ADD("%spmf %s", o ? ", " : "", pmf);
	if (!strcmp(rc, "fixed") || !strcmp(rc, "still_failing"))
		ADD("%sreconnect %s", o ? ", " : "", rc);
	if (!strcmp(dc, "fixed") || !strcmp(dc, "still_disconnecting"))
		ADD("%sdisconnects %s", o ? ", " : "", dc);
	/* The latency gate is off by default: its verdict still deserves a word. */
	if (!lat_failed && (!strcmp(lat, "regressed") || !strcmp(lat, "improved")))
		ADD("%slatency %s", o ? ", " : "", lat);
	if (!strcmp(str(at(g, "throughput", "verdict", NULL)), "unknown"))
		ADD("%srun more repetitions", o ? ", " : "");
	if (!strcmp(str(at(g, "floor", "verdict", NULL)), "pass"))
		ADD("%sfloor met", o ? ", " : "");
#undef ADD
}

/* A mode name from the file into a cell: cut to the column without splitting a
 * character, and printable (no newline splits the row, no ESC reaches the terminal). */
static void mode_name(char cell[CELL_MAX], const char *name)
{
	snprintf(cell, CELL_MAX, "%s", name);
	wb_utf8_sanitize(cell);
	wb_utf8_printable(cell);
}

static void fill_row(const json_t *g, struct row *r)
{
	const json_t *tp = json_object_get(g, "throughput"), *ci = json_object_get(tp, "ci");
	const json_t *nb = at(g, "baseline", "n", NULL), *nc = at(g, "candidate", "n", NULL);
	double p = num(at(tp, "mwu", "p", NULL)), change = num(json_object_get(tp, "change_pct"));
	char b[32], c[32];

	mode_name(r->col[0], str(json_object_get(g, "key")));
	snprintf(b, sizeof(b), json_is_integer(nb) ? "%lld" : "-",
		 (long long)json_integer_value(nb));
	snprintf(c, sizeof(c), json_is_integer(nc) ? "%lld" : "-",
		 (long long)json_integer_value(nc));
	snprintf(r->col[1], CELL_MAX, "%s/%s", b, c);
	fmt_mbps(b, sizeof(b), num(at(g, "baseline", "median_bits_per_second", NULL)));
	fmt_mbps(c, sizeof(c), num(at(g, "candidate", "median_bits_per_second", NULL)));
	snprintf(r->col[2], CELL_MAX, "%s -> %s", b, c);
	if (isfinite(change))
		snprintf(r->col[3], CELL_MAX, "%+.1f%%", change);
	else
		snprintf(r->col[3], CELL_MAX, "-");
	if (json_array_size(ci) == 2)
		snprintf(r->col[4], CELL_MAX, "[%+.1f%%, %+.1f%%]",
			 (num(json_array_get(ci, 0)) - 1) * 100, (num(json_array_get(ci, 1)) - 1) * 100);
	else
		snprintf(r->col[4], CELL_MAX, "-");
	if (isfinite(p))
		snprintf(r->col[5], CELL_MAX, "%.4f", p);
	else
		snprintf(r->col[5], CELL_MAX, "-");
	snprintf(r->col[6], CELL_MAX, "%s", str(json_object_get(tp, "verdict")));
	snprintf(r->col[7], CELL_MAX, "%s",
		 !strcmp(str(json_object_get(g, "result")), "fail") ? "FAIL"
								    : str(json_object_get(g, "result")));
	notes(g, r->col[8], CELL_MAX);
	wb_utf8_printable(r->col[6]);
	wb_utf8_printable(r->col[7]);
	wb_utf8_printable(r->col[8]);
}

static void add_row(struct wb_strbuf *b, const char *const cols[NCOLS], const size_t width[NCOLS])
{
	size_t k, pad, last = NCOLS;

	/* No trailing blanks: stop after the last non-empty column. */
	while (last > 0 && !cols[last - 1][0])
		last--;
	for (k = 0; k < last; k++) {
		pad = width[k] - display_width(cols[k]);
		if (k)
			wb_strbuf_addf(b, "  ");
		if (right_aligned[k])
			wb_strbuf_addf(b, "%*s%s", (int)pad, "", cols[k]);
		else if (k + 1 < last)
			wb_strbuf_addf(b, "%s%*s", cols[k], (int)pad, "");
		else
			wb_strbuf_addf(b, "%s", cols[k]);
	}
	wb_strbuf_addf(b, "\n");
}

static void verdict_line(struct wb_strbuf *b, const json_t *cmp)
{
	const json_t *n = json_object_get(cmp, "counts"), *g, *e;
	long long failed = json_integer_value(json_object_get(n, "failed_gates"));
	size_t i, j, shown = 0;
	char key[CELL_MAX];

#define COUNT(k) (long long)json_integer_value(json_object_get(n, k))
	if (!strcmp(str(json_object_get(cmp, "result")), "pass")) {
		wb_strbuf_addf(b, "PASS: %lld groups: %lld same, %lld improved, %lld regressed, "
			       "%lld unknown%s, %lld not compared\n", COUNT("groups"), COUNT("same"),
			       COUNT("improved"), COUNT("regressed"), COUNT("unknown"),
			       COUNT("unknown") ? " (run more repetitions)" : "",
			       COUNT("not_compared"));
		return;
	}
#undef COUNT
	wb_strbuf_addf(b, "FAIL: %lld gate%s failed (", failed, failed == 1 ? "" : "s");
	json_array_foreach(json_object_get(cmp, "groups"), i, g)
		json_array_foreach(json_object_get(g, "gates"), j, e) {
			const char *gate = str(json_object_get(e, "gate"));
			const char *verdict = str(json_object_get(e, "verdict"));

			if (strcmp(str(json_object_get(e, "result")), "fail"))
				continue;
			/* The table above has them all; the verdict line stays readable. */
			if (shown == FAIL_LINE_MAX) {
				wb_strbuf_addf(b, "; ... %lld more", failed - FAIL_LINE_MAX);
				shown++;
			}
			if (shown > FAIL_LINE_MAX)
				continue;
			mode_name(key, str(json_object_get(g, "key")));
			wb_strbuf_addf(b, "%s%s %s%s%s", shown++ ? "; " : "",
				       key, gate, strcmp(gate, verdict) ? " " : "",
				       strcmp(gate, verdict) ? verdict : "");
		}
	wb_strbuf_addf(b, ")\n");
}

char *wb_compare_render_text(const json_t *cmp)
{
	const json_t *groups = json_object_get(cmp, "groups"), *g;
	size_t n = json_array_size(groups), i, k, width[NCOLS];
	const char *cols[NCOLS];
	char *out = NULL, interval[32];
	struct wb_strbuf b;
	struct row *rows;

	rows = calloc(n + 1, sizeof(*rows));
	if (!rows)
		return NULL;
	snprintf(interval, sizeof(interval), "%g%% interval",
		 num(at(cmp, "settings", "confidence", NULL)) * 100);
	for (k = 0; k < NCOLS; k++) {
		cols[k] = headers[k] ? headers[k] : interval;
		width[k] = display_width(cols[k]);
	}
	json_array_foreach(groups, i, g) {
		fill_row(g, &rows[i]);
		for (k = 0; k < NCOLS; k++)
			if (display_width(rows[i].col[k]) > width[k])
				width[k] = display_width(rows[i].col[k]);
	}
	wb_strbuf_init(&b);
	add_row(&b, cols, width);
	for (i = 0; i < n; i++) {
		for (k = 0; k < NCOLS; k++)
			cols[k] = rows[i].col[k];
		add_row(&b, cols, width);
	}
	verdict_line(&b, cmp);
	if (!b.failed)
		out = strdup(wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	free(rows);
	return out;
}
