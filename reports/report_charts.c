/*
 * The report's gnuplot scripts (docs/report.md, "Charts"). Data goes inline as
 * datablocks of numbers only; every label from the results (mode names, file names) goes
 * through wb_escape_gnuplot, so nothing from a results file is parsed as gnuplot syntax.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reports/escape.h"
#include "reports/report_i.h"
#include "reports/stats.h"

static const char *const file_colours[WB_REPORT_MAX_FILES] = {
	"#4472c4", "#ed7d31", "#70ad47", "#7030a0", "#c00000", "#00a0a0", "#806000", "#606060",
};

static void head(struct wb_strbuf *b, int w, int h, const char *title)
{
	/* "reset session" undoes whatever a ~/.gnuplot init file set up. */
	wb_strbuf_addf(b, "reset session\nset terminal svg size %d,%d dynamic noenhanced "
		       "font 'sans,11' background '#ffffff'\n", w, h);
	wb_strbuf_addf(b, "set encoding utf8\nset border 3\nset tics nomirror\n"
		       "set grid ytics lc rgb '#dddddd'\nset title ");
	wb_escape_gnuplot(b, title);
	wb_strbuf_addf(b, "\n");
}

/* "set xtics (LABEL 0, LABEL 1, ...)" for the modes selected by @use (NULL: all). */
static void mode_tics(struct wb_strbuf *b, const struct wb_rmodel *m, const bool *use)
{
	size_t i, x = 0;

	wb_strbuf_addf(b, "set xtics rotate by 35 right (");
	for (i = 0; i < m->nm; i++) {
		if (use && !use[i])
			continue;
		wb_strbuf_addf(b, "%s", x ? ", " : "");
		wb_escape_gnuplot(b, m->mode[i].label);
		wb_strbuf_addf(b, " %zu", x++);
	}
	wb_strbuf_addf(b, ")\n");
}

static int done(const struct wb_strbuf *b)
{
	return b->failed ? -ENOMEM : 0;
}

int wb_rcharts_throughput(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	double bw = 0.8 / (double)m->nf;
	bool any_failed = false, first = true;
	size_t f, i;

	if (m->nm == 0)
		return -ENODATA;
	head(b, 1100, 480, "Throughput per mode: median, bar = 95% interval of the mean");
	wb_strbuf_addf(b, "set ylabel 'Mbit/s'\nset yrange [0:*]\nset xrange [-0.6:%f]\n"
		       "set bmargin 10\nset lmargin 16\nset key outside top center horizontal\n"
		       "set style fill solid 0.6 border -1\n"
		       "set boxwidth %f absolute\nset errorbars lw 1.5\n",
		       (double)m->nm - 0.4, bw * 0.9);
	mode_tics(b, m, NULL);
	for (f = 0; f < m->nf; f++) {
		double off = ((double)f - (double)(m->nf - 1) / 2.0) * bw;

		wb_strbuf_addf(b, "$t%zu << EOD\n", f);
		for (i = 0; i < m->nm; i++) {
			const json_t *g = m->mode[i].group[f];
			const json_t *ci = json_object_get(g, "ci95_bits_per_second");
			double med = wb_jpath_num(g, "median_bits_per_second", NULL);
			double lo = med, hi = med;

			if (!isfinite(med))
				continue;
			if (json_array_size(ci) == 2) {
				lo = json_number_value(json_array_get(ci, 0));
				hi = json_number_value(json_array_get(ci, 1));
			}
			wb_strbuf_addf(b, "%f %.6g %.6g %.6g %f\n", (double)i + off, med / 1e6,
				       lo / 1e6, hi / 1e6, bw * 0.45);
		}
		wb_strbuf_addf(b, "EOD\n$x%zu << EOD\n", f);
		for (i = 0; i < m->nm; i++) {
			const json_t *g = m->mode[i].group[f];

			if (g && json_integer_value(json_object_get(g, "n")) == 0) {
				wb_strbuf_addf(b, "%f 0\n", (double)i + off);
				any_failed = true;
			}
		}
		wb_strbuf_addf(b, "EOD\n");
	}
	wb_strbuf_addf(b, "plot ");
	for (f = 0; f < m->nf; f++) {
		wb_strbuf_addf(b, "%s$t%zu using 1:2:3:4:5 with boxerrorbars lc rgb '%s' title ",
			       first ? "" : ", ", f, file_colours[f]);
		wb_escape_gnuplot(b, m->nf > 1 ? m->file[f].name : "median Mbit/s");
		first = false;
	}
	if (any_failed) {
		for (f = 0; f < m->nf; f++)
			wb_strbuf_addf(b, ", $x%zu using 1:2 with points pt 2 ps 2 lw 2 "
				       "lc rgb '#c00000' %s", f,
				       f ? "notitle" : "title 'failed: no ok cell'");
	}
	wb_strbuf_addf(b, "\n");
	return done(b);
}

int wb_rcharts_cpu(const struct wb_rmodel *m, size_t f, const char *end, struct wb_strbuf *b)
{
	static const char *const layer_title[] = {
		"other busy (nice, steal)", "softirq", "irq", "system", "user",
	};
	static const char *const layer_colour[] = {
		"#bbbbbb", "#d62728", "#ff9896", "#1f77b4", "#aec7e8",
	};
	bool *use = calloc(m->nm + 1, sizeof(*use));
	struct wb_strbuf t;
	size_t i, x = 0;
	char title[512];

	if (!use)
		return -ENOMEM;
	wb_strbuf_init(&t);
	wb_strbuf_addf(&t, "$c << EOD\n");
	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *md = &m->mode[i];
		double u, s, q, si, busy, core;

		if (wb_rmodel_median(m, f, md, &busy, "cpu", end, "busy_pct", NULL) < 0)
			goto nomem;
		if (!isfinite(busy))
			continue;
		if (wb_rmodel_median(m, f, md, &u, "cpu", end, "user_pct", NULL) < 0 ||
		    wb_rmodel_median(m, f, md, &s, "cpu", end, "system_pct", NULL) < 0 ||
		    wb_rmodel_median(m, f, md, &q, "cpu", end, "irq_pct", NULL) < 0 ||
		    wb_rmodel_median(m, f, md, &si, "cpu", end, "softirq_pct", NULL) < 0 ||
		    wb_rmodel_median(m, f, md, &core, "cpu", end, "max_core_busy_pct", NULL) < 0)
			goto nomem;
		u = isfinite(u) ? u : 0;
		s = isfinite(s) ? s : 0;
		q = isfinite(q) ? q : 0;
		si = isfinite(si) ? si : 0;
		/* Medians of the parts need not add up to the median of the whole. */
		if (busy < u + s + q + si)
			busy = u + s + q + si;
		wb_strbuf_addf(&t, "%zu %.4g %.4g %.4g %.4g %.4g %.4g\n", x++, u, u + s,
			       u + s + q, u + s + q + si, busy, isfinite(core) ? core : NAN);
		use[i] = true;
	}
	wb_strbuf_addf(&t, "EOD\n");
	if (x == 0) {
		free(use);
		wb_strbuf_release(&t);
		return -ENODATA;
	}
	snprintf(title, sizeof(title), "CPU on the %s (median %% of all cores over the ok cells) "
		 "and its busiest core: %s", !strcmp(end, "ap") ? "AP" : "STA", m->file[f].name);
	head(b, 1100, 460, title);
	wb_strbuf_addf(b, "set ylabel '%% CPU'\nset yrange [0:105]\nset xrange [-0.6:%f]\n"
		       "set bmargin 10\nset lmargin 16\nset key outside right top vertical\n"
		       "set style fill solid 0.9 border -1\nset boxwidth 0.6 absolute\n",
		       (double)x - 0.4);
	mode_tics(b, m, use);
	wb_strbuf_add(b, wb_strbuf_cstr(&t), t.len);
	wb_strbuf_addf(b, "plot ");
	for (i = 0; i < WB_ARRAY_SIZE(layer_title); i++)
		wb_strbuf_addf(b, "$c using 1:%zu with boxes lc rgb '%s' title '%s', ", 6 - i,
			       layer_colour[i], layer_title[i]);
	wb_strbuf_addf(b, "$c using 1:7 with points pt 7 ps 1.3 lc rgb '#000000' "
		       "title 'busiest core busy %%'\n");
	free(use);
	if (t.failed)
		b->failed = true;
	wb_strbuf_release(&t);
	return done(b);
nomem:
	free(use);
	wb_strbuf_release(&t);
	return -ENOMEM;
}

/*
 * Per-index medians of a series over the ok cells of a mode. The work space is sized
 * for every cell of the file and allocated once per chart, not once per mode.
 */
#define SERIES_MAX 1024

typedef size_t (*series_fn)(const json_t *cell, double *x, double *y, size_t max);

struct series_buf {
	double *bx, *by;  /* per cell, SERIES_MAX values each */
	size_t *cnt;      /* per cell: how many */
	double *tx, *ty;  /* one index across the cells */
	double *xs, *ys;  /* the medians, SERIES_MAX each */
};

static void series_buf_release(struct series_buf *sb)
{
	free(sb->bx);
	free(sb->by);
	free(sb->cnt);
	free(sb->tx);
	free(sb->ty);
	free(sb->xs);
	free(sb->ys);
}

/* Zeroes @sb first, so series_buf_release is right after a failure too. */
static int series_buf_init(struct series_buf *sb, size_t ncells)
{
	memset(sb, 0, sizeof(*sb));
	if (ncells > SIZE_MAX / sizeof(double) / SERIES_MAX - 1)
		return -ENOMEM;
	sb->bx = calloc(ncells * SERIES_MAX + 1, sizeof(double));
	sb->by = calloc(ncells * SERIES_MAX + 1, sizeof(double));
	sb->cnt = calloc(ncells + 1, sizeof(size_t));
	sb->tx = calloc(ncells + 1, sizeof(double));
	sb->ty = calloc(ncells + 1, sizeof(double));
	sb->xs = calloc(SERIES_MAX, sizeof(double));
	sb->ys = calloc(SERIES_MAX, sizeof(double));
	/* on failure the caller's series_buf_release frees what was allocated */
	if (!sb->bx || !sb->by || !sb->cnt || !sb->tx || !sb->ty || !sb->xs || !sb->ys)
		return -ENOMEM;
	return 0;
}

/* The medians into sb->xs/ys; returns their count (0: no ok cell has the series). */
static size_t series_median(const struct wb_rmodel *m, size_t f, const struct wb_rmode *md,
			    series_fn get, struct series_buf *sb)
{
	const json_t *cells = json_object_get(m->file[f].doc, "cells"), *cell;
	size_t i, k, nc = 0, len = 0;

	json_array_foreach(cells, i, cell) {
		if (!wb_rmodel_cell_in(cell, md) || strcmp(wb_rmodel_str(cell, "status", ""), "ok"))
			continue;
		sb->cnt[nc] = get(cell, sb->bx + nc * SERIES_MAX, sb->by + nc * SERIES_MAX,
				  SERIES_MAX);
		if (sb->cnt[nc] > len)
			len = sb->cnt[nc];
		nc++;
	}
	for (k = 0; k < len; k++) {
		size_t n = 0;

		for (i = 0; i < nc; i++) {
			if (k >= sb->cnt[i])
				continue;
			sb->tx[n] = sb->bx[i * SERIES_MAX + k];
			sb->ty[n++] = sb->by[i * SERIES_MAX + k];
		}
		sb->xs[k] = wb_stats_median(sb->tx, n);
		sb->ys[k] = wb_stats_median(sb->ty, n);
	}
	return len;
}

/* Non-omitted iperf intervals: x = the interval's end (s), y = Mbit/s. */
static size_t tput_series(const json_t *cell, double *x, double *y, size_t max)
{
	const json_t *iv = json_object_get(json_object_get(cell, "throughput"), "intervals");
	const json_t *e;
	size_t i, n = 0;
	double t = 0;

	json_array_foreach(iv, i, e) {
		double bps = wb_jpath_num(e, "bits_per_second", NULL);
		double secs = wb_jpath_num(e, "seconds", NULL);

		if (n >= max || json_is_true(json_object_get(e, "omitted")) || !isfinite(bps))
			continue;
		/* Time since the measured window started; 1 s per interval when unknown. */
		t += isfinite(secs) && secs > 0 ? secs : 1.0;
		x[n] = t;
		y[n++] = bps / 1e6;
	}
	return n;
}

/* The AP's 1 s CPU samples: x = t (s), y = the busiest core's busy %. */
static size_t core_series(const json_t *cell, double *x, double *y, size_t max)
{
	const json_t *ap = json_object_get(json_object_get(cell, "cpu"), "ap");
	const json_t *samples = json_object_get(json_object_get(ap, "series"), "samples");
	const json_t *s;
	size_t i, j, n = 0;

	json_array_foreach(samples, i, s) {
		const json_t *busy = json_object_get(s, "busy_pct"), *v;
		double t = wb_jpath_num(s, "t_ms", NULL), top = NAN;

		json_array_foreach(busy, j, v)
			if (json_is_number(v) && !(json_number_value(v) <= top))
				top = json_number_value(v);
		if (n >= max || !isfinite(t) || !isfinite(top))
			continue;
		x[n] = t / 1000.0;
		y[n++] = top;
	}
	return n;
}

static int series_chart(const struct wb_rmodel *m, size_t f, series_fn get, const char *title,
			const char *ylabel, const char *yrange, struct wb_strbuf *b)
{
	struct wb_strbuf data, plot;
	size_t i, k, nblocks = 0;
	struct series_buf sb;
	int ret;

	wb_strbuf_init(&data);
	wb_strbuf_init(&plot);
	ret = series_buf_init(&sb, json_array_size(json_object_get(m->file[f].doc, "cells")));
	if (ret < 0)
		goto out;
	for (i = 0; i < m->nm; i++) {
		size_t len = series_median(m, f, &m->mode[i], get, &sb);

		if (len == 0)
			continue;
		wb_strbuf_addf(&data, "$s%zu << EOD\n", i);
		for (k = 0; k < len; k++)
			wb_strbuf_addf(&data, "%.6g %.6g\n", sb.xs[k], sb.ys[k]);
		wb_strbuf_addf(&data, "EOD\n");
		wb_strbuf_addf(&plot, "%s$s%zu using 1:2 with linespoints lw 1.5 pt %zu dt %zu "
			       "title ", nblocks ? ", " : "plot ", i, nblocks % 13 + 1,
			       nblocks / 8 + 1);
		wb_escape_gnuplot(&plot, m->mode[i].label);
		nblocks++;
	}
	if (nblocks == 0) {
		ret = -ENODATA;
		goto out;
	}
	head(b, 1100, 420, title);
	wb_strbuf_addf(b, "set xlabel 's'\nset ylabel '%s'\nset yrange %s\n"
		       "set xrange [0:*]\nset xtics 1\n"
		       "set key outside right top vertical\n", ylabel, yrange);
	wb_strbuf_add(b, wb_strbuf_cstr(&data), data.len);
	wb_strbuf_add(b, wb_strbuf_cstr(&plot), plot.len);
	wb_strbuf_addf(b, "\n");
	if (data.failed || plot.failed)
		ret = -ENOMEM;
out:
	series_buf_release(&sb);
	wb_strbuf_release(&data);
	wb_strbuf_release(&plot);
	return ret ? ret : done(b);
}

int wb_rcharts_series(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b)
{
	char title[512];

	snprintf(title, sizeof(title), "Throughput per interval (median over the ok repetitions, "
		 "omitted intervals left out): %s", m->file[f].name);
	return series_chart(m, f, tput_series, title, "Mbit/s", "[0:*]", b);
}

int wb_rcharts_cpu_series(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b)
{
	char title[512];

	snprintf(title, sizeof(title), "AP busiest core per 1 s sample (busy %%, median over the "
		 "ok repetitions): %s", m->file[f].name);
	return series_chart(m, f, core_series, title, "% busy", "[0:105]", b);
}

/* Whether @s has a point to draw: gnuplot refuses a plot without one. */
static bool drawable(const json_t *s)
{
	const json_t *t = json_object_get(s, "t_s"), *mean = json_object_get(s, "mean_bps");
	size_t k;

	for (k = 0; k < json_array_size(t); k++)
		if (json_is_number(json_array_get(t, k)) && json_is_number(json_array_get(mean, k)))
			return true;
	return false;
}

/* The series of the mode's first cell with a soak in file @f (borrowed), or NULL. */
static const json_t *first_soak_series(const struct wb_rmodel *m, size_t f,
				       const struct wb_rmode *md)
{
	const json_t *cell;
	size_t i;

	json_array_foreach(json_object_get(m->file[f].doc, "cells"), i, cell) {
		const json_t *s = wb_jpath_get(cell, "soak", "series", NULL);

		if (wb_rmodel_cell_in(cell, md) && drawable(s))
			return s;
	}
	return NULL;
}

int wb_rcharts_soak(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b)
{
	struct wb_strbuf data, plot;
	size_t i, k, nblocks = 0;
	char title[512];

	wb_strbuf_init(&data);
	wb_strbuf_init(&plot);
	for (i = 0; i < m->nm; i++) {
		const json_t *s = first_soak_series(m, f, &m->mode[i]);
		const json_t *t = json_object_get(s, "t_s"), *mean = json_object_get(s, "mean_bps");

		if (!s)
			continue;
		wb_strbuf_addf(&data, "$k%zu << EOD\n", i);
		for (k = 0; k < json_array_size(t); k++) {
			const json_t *y = json_array_get(mean, k);

			/* A blank line breaks the line: a bin without traffic is a gap. */
			if (json_is_number(y) && json_is_number(json_array_get(t, k)))
				wb_strbuf_addf(&data, "%.6g %.6g\n", json_number_value(
						       json_array_get(t, k)) / 60.0,
					       json_number_value(y) / 1e6);
			else
				wb_strbuf_addf(&data, "\n");
		}
		wb_strbuf_addf(&data, "EOD\n");
		wb_strbuf_addf(&plot, "%s$k%zu using 1:2 with lines lw 1.5 dt %zu title ",
			       nblocks ? ", " : "plot ", i, nblocks / 8 + 1);
		wb_escape_gnuplot(&plot, m->mode[i].label);
		nblocks++;
	}
	if (nblocks) {
		snprintf(title, sizeof(title), "Soak throughput (the first soak of each mode, mean "
			 "per series bin): %s", m->file[f].name);
		head(b, 1100, 420, title);
		wb_strbuf_addf(b, "set xlabel 'min'\nset ylabel 'Mbit/s'\nset yrange [0:*]\n"
			       "set xrange [0:*]\nset key outside right top vertical\n");
		wb_strbuf_add(b, wb_strbuf_cstr(&data), data.len);
		wb_strbuf_add(b, wb_strbuf_cstr(&plot), plot.len);
		wb_strbuf_addf(b, "\n");
	}
	if (data.failed || plot.failed)
		b->failed = true;
	wb_strbuf_release(&data);
	wb_strbuf_release(&plot);
	return nblocks ? done(b) : -ENODATA;
}

int wb_rcharts_latency(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b)
{
	bool *use = calloc(m->nm + 1, sizeof(*use));
	struct wb_rlatency l;
	struct wb_strbuf t;
	size_t i, x = 0;
	char title[512];

	if (!use)
		return -ENOMEM;
	wb_strbuf_init(&t);
	wb_strbuf_addf(&t, "$l << EOD\n");
	for (i = 0; i < m->nm; i++) {
		if (!wb_rmodel_latency(m->mode[i].group[f], &l))
			continue;
		/* gnuplot reads "nan" as a missing point: no bar without an idle baseline */
		wb_strbuf_addf(&t, "%zu %.4g %.4g\n", x++, l.idle_p50, l.loaded_p90);
		use[i] = true;
	}
	wb_strbuf_addf(&t, "EOD\n");
	if (x) {
		snprintf(title, sizeof(title), "Latency under load (ICMP echo, medians over the ok "
			 "cells): idle p50 and loaded p90, %s", m->file[f].name);
		head(b, 1100, 440, title);
		wb_strbuf_addf(b, "set ylabel 'ms'\nset yrange [0:*]\nset xrange [-0.6:%f]\n"
			       "set bmargin 10\nset lmargin 16\n"
			       "set key outside right top vertical\n"
			       "set style fill solid 0.8 border -1\nset boxwidth 0.35 absolute\n",
			       (double)x - 0.4);
		mode_tics(b, m, use);
		wb_strbuf_add(b, wb_strbuf_cstr(&t), t.len);
		wb_strbuf_addf(b, "plot $l using ($1-0.19):2 with boxes lc rgb '%s' title 'idle "
			       "p50', $l using ($1+0.19):3 with boxes lc rgb '%s' title 'loaded "
			       "p90'\n", file_colours[0], file_colours[1]);
	}
	free(use);
	if (t.failed)
		b->failed = true;
	wb_strbuf_release(&t);
	return x ? done(b) : -ENODATA;
}
