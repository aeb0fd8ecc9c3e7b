/*
 * The HTML page (docs/report.md). No scripts and no external resources: a
 * Content-Security-Policy forbids both, so a stray reference shows up as a console
 * error in the browser test. Every string from a results file goes through
 * wb_escape_html. Numbers the browser test checks carry data-file/data-key/data-field.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/chart.h"
#include "reports/escape.h"
#include "reports/report_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/proc.h"

static const char css[] =
	"*{box-sizing:border-box}"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:#1d1d1f;background:#fff;margin:0 auto;max-width:1280px;padding:16px 24px}"
	"h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:28px 0 8px;"
	"border-bottom:2px solid #e3e6ea;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}"
	"table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}"
	"th,td{border:1px solid #d5d9de;padding:3px 7px;vertical-align:top;text-align:left}"
	"th{background:#f2f4f7;font-weight:600}td.num{text-align:right;"
	"font-variant-numeric:tabular-nums;white-space:nowrap}"
	"tr.fail td{background:#fdecec}tr.mixed td{background:#fff6e0}"
	"span.ok,td.ok{color:#16794c;font-weight:600}span.fail,td.fail{color:#b3261e;font-weight:600}"
	"span.mixed,td.mixed{color:#9a6700;font-weight:600}"
	".banner{border:2px solid #c77700;background:#fff4e0;padding:10px 14px;margin:12px 0;"
	"border-radius:6px}.banner strong{color:#8a4b00}"
	".remedy{border-left:4px solid #16794c;background:#eef8f2;padding:6px 10px;margin:6px 0}"
	".problem{border-left:4px solid #b3261e;background:#fdf1f0;padding:8px 12px;margin:8px 0}"
	".note{color:#555}.meta td,.meta th{font-size:13px}"
	"code,pre{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px}"
	"pre{background:#f6f8fa;border:1px solid #e3e6ea;padding:8px;overflow:auto;max-height:40em;white-space:pre-wrap}"
	"figure{margin:10px 0 18px}figure svg{width:100%;height:auto;max-width:1100px;"
	"display:block}figcaption{color:#555;font-size:12px}"
	"table.kv{margin:0}table.kv th{background:#fafbfc;font-weight:500;white-space:nowrap}"
	".msg{max-width:46em}td.mode,#summary-table td,#compare-table td{white-space:nowrap}"
	"nav a{margin-right:12px}"
	"@media print{body{max-width:none;padding:0;font-size:11px}nav{display:none}"
	"pre{max-height:none;overflow:visible;white-space:pre-wrap}"
	"figure,table,.banner{break-inside:avoid}h2{break-after:avoid}"
	"tr.fail td,tr.mixed td,.banner,.remedy,.problem{-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}}";

static void esc(struct wb_strbuf *b, const char *s)
{
	wb_escape_html(b, s);
}

void wb_rhtml_td(struct wb_strbuf *b, const char *cls, const char *s)
{
	wb_strbuf_addf(b, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	esc(b, s);
	wb_strbuf_addf(b, "</td>");
}

void wb_rhtml_td_field(struct wb_strbuf *b, const char *cls, size_t f, const struct wb_rmode *md,
		       const char *field, const char *text)
{
	wb_strbuf_addf(b, "<td class=\"%s\" data-file=\"%zu\" data-key=\"", cls, f);
	esc(b, md->key);
	wb_strbuf_addf(b, "\" data-field=\"%s\">", field);
	esc(b, text);
	wb_strbuf_addf(b, "</td>");
}

/* A number cell the browser test reads back, @decimals shown ("-" for NaN). */
static void td_num(struct wb_strbuf *b, size_t f, const struct wb_rmode *md,
		   const char *field, double v, int decimals)
{
	char buf[64];

	wb_rhtml_td_field(b, "num", f, md, field, wb_rmodel_fmt(buf, sizeof(buf), v, decimals));
}

void wb_rhtml_file_heading(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	if (m->nf < 2)
		return;
	wb_strbuf_addf(b, "<h3>");
	wb_rhtml_file_label(b, m, f);
	wb_strbuf_addf(b, "</h3>\n");
}

void wb_rhtml_file_label(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	if (m->nf > 1)
		wb_strbuf_addf(b, "[%zu] ", f + 1);
	wb_strbuf_addf(b, "<code>");
	esc(b, m->file[f].name);
	wb_strbuf_addf(b, "</code>");
}

static void header(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f;

	wb_strbuf_addf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		       "style-src 'unsafe-inline'; img-src data:\">\n"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		       "<meta name=\"generator\" content=\"wbench %s\">\n<title>wbench report: ",
		       WB_VERSION);
	for (f = 0; f < m->nf; f++) {
		wb_strbuf_addf(b, "%s", f ? " vs " : "");
		esc(b, m->file[f].scenario);
	}
	wb_strbuf_addf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>wbench report: ", css);
	for (f = 0; f < m->nf; f++) {
		wb_strbuf_addf(b, "%s", f ? " <span class=\"note\">vs</span> " : "");
		esc(b, m->file[f].scenario);
	}
	wb_strbuf_addf(b, "</h1>\n<nav><a href=\"#summary\">Summary</a>%s<a href=\"#charts\">"
		       "Charts</a>%s%s<a href=\"#failures\">Failures</a><a href=\"#pmf\">PMF</a>"
		       "<a href=\"#environment\">Environment</a><a href=\"#scenario\">Scenario</a>"
		       "</nav>\n", m->compare ? "<a href=\"#compare\">Comparison</a>" : "",
		       wb_rmodel_any_latency(m, SIZE_MAX, false) ?
		       "<a href=\"#latency\">Latency</a>" : "",
		       wb_rmodel_any_stability(m, SIZE_MAX) ? "<a href=\"#stability\">Stability</a>"
		       : "");

	wb_strbuf_addf(b, "<table class=\"meta\" id=\"files\"><tr><th>file</th><th>scenario</th>"
		       "<th>backend</th><th>started</th><th>finished</th><th>cells</th>"
		       "<th>tool</th></tr>\n");
	for (f = 0; f < m->nf; f++) {
		const json_t *d = m->file[f].doc, *tool = json_object_get(d, "tool");
		const char *fin = wb_rmodel_str(d, "finished_at", NULL);
		char cells[128];

		snprintf(cells, sizeof(cells), "%zu of %lld%s%s", json_array_size(
				 json_object_get(d, "cells")),
			 (long long)json_integer_value(json_object_get(d, "planned_cells")),
			 json_is_true(json_object_get(d, "complete")) ? "" : ", incomplete",
			 json_is_true(json_object_get(d, "interrupted")) ? ", interrupted" : "");
		wb_strbuf_addf(b, "<tr><td>");
		wb_rhtml_file_label(b, m, f);
		wb_strbuf_addf(b, "<br><span class=\"note\">");
		esc(b, m->file[f].path);
		wb_strbuf_addf(b, "</span></td>");
		wb_rhtml_td(b, NULL, m->file[f].scenario);
		wb_rhtml_td(b, NULL, m->file[f].backend);
		wb_rhtml_td(b, NULL, wb_rmodel_str(d, "started_at", "-"));
		wb_rhtml_td(b, NULL, fin ? fin : "- (not finished)");
		wb_rhtml_td(b, NULL, cells);
		wb_strbuf_addf(b, "<td>");
		esc(b, wb_rmodel_str(tool, "name", "?"));
		wb_strbuf_addf(b, " ");
		esc(b, wb_rmodel_str(tool, "version", "?"));
		wb_strbuf_addf(b, "</td></tr>\n");
	}
	wb_strbuf_addf(b, "</table>\n");
}

static void disclaimer(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f, k = 0;

	if (!m->any_sim)
		return;
	wb_strbuf_addf(b, "<div class=\"banner\" id=\"sim-disclaimer\"><strong>");
	esc(b, WB_REPORT_SIM_DISCLAIMER);
	wb_strbuf_addf(b, "</strong>");
	if (m->nf > 1) {
		wb_strbuf_addf(b, " Sim files: ");
		for (f = 0; f < m->nf; f++) {
			if (!m->file[f].sim)
				continue;
			wb_strbuf_addf(b, "%s", k++ ? ", " : "");
			wb_rhtml_file_label(b, m, f);
		}
		wb_strbuf_addf(b, ".");
	}
	wb_strbuf_addf(b, "</div>\n");
}

/* "At a glance": what failed and its remedy, and what software crypto costs. */
static void glance_failures(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	bool *seen = calloc(m->nm + 1, sizeof(*seen));
	size_t i, j;

	if (!seen) {
		b->failed = true;
		return;
	}
	for (i = 0; i < m->nm; i++) {
		const json_t *g = m->mode[i].group[f], *cell, *diag;
		const char *st, *code;
		size_t count, nmodes = 0;

		if (seen[i] || !g || json_integer_value(json_object_get(g, "n_failed")) == 0)
			continue;
		st = wb_rmodel_str(g, "failure_status", "failed");
		code = wb_rmodel_str(g, "failure_diagnosis", "no diagnosis");
		wb_strbuf_addf(b, "<div class=\"problem\"><span class=\"fail\">");
		esc(b, st);
		wb_strbuf_addf(b, ": ");
		esc(b, code);
		wb_strbuf_addf(b, "</span> in ");
		for (j = i; j < m->nm; j++) {
			const json_t *h = m->mode[j].group[f];

			if (!h || json_integer_value(json_object_get(h, "n_failed")) == 0 ||
			    strcmp(wb_rmodel_str(h, "failure_status", "failed"), st) ||
			    strcmp(wb_rmodel_str(h, "failure_diagnosis", "no diagnosis"), code))
				continue;
			seen[j] = true;
			wb_strbuf_addf(b, "%s<strong>", nmodes++ ? ", " : "");
			esc(b, m->mode[j].label);
			wb_strbuf_addf(b, "</strong>");
		}
		wb_strbuf_addf(b, " (%zu mode%s)", nmodes, nmodes == 1 ? "" : "s");
		cell = wb_rmodel_first_failure(m, f, &m->mode[i], &count);
		diag = json_object_get(cell, "diagnosis");
		if (json_string_value(json_object_get(diag, "remedy"))) {
			wb_strbuf_addf(b, "<div class=\"remedy\"><strong>Remedy:</strong> ");
			esc(b, wb_rmodel_str(diag, "remedy", ""));
			wb_strbuf_addf(b, "</div>");
		}
		wb_strbuf_addf(b, "</div>\n");
	}
	free(seen);
}

static void cost_table(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	struct wb_rcost *c = calloc(m->nm + 1, sizeof(*c));
	size_t i, n;
	char x[64], y[64];

	if (!c) {
		b->failed = true;
		return;
	}
	n = wb_rmodel_costs(m, f, c);
	if (n == 0)
		goto out;
	wb_strbuf_addf(b, "<h3>What software crypto costs (nohwcrypt against hwcrypt)%s</h3>\n",
		       m->file[f].sim ? " <span class=\"note\">(the sim cannot show this "
		       "cost: see the banner)</span>" : "");
	wb_strbuf_addf(b, "<table class=\"cost\" data-file=\"%zu\"><tr><th>security / traffic</th>"
		       "<th>hwcrypt Mbit/s</th><th>nohwcrypt Mbit/s</th><th>change</th>"
		       "<th>AP busiest core %% hw &rarr; sw</th></tr>\n", f);
	for (i = 0; i < n; i++) {
		double hw = wb_jpath_num(c[i].hw, "median_bits_per_second", NULL);
		double sw = wb_jpath_num(c[i].sw, "median_bits_per_second", NULL);
		double hc = wb_jpath_num(c[i].hw, "cpu_median", "ap", "max_core_busy_pct", NULL);
		double sc = wb_jpath_num(c[i].sw, "cpu_median", "ap", "max_core_busy_pct", NULL);
		char st[256];
		const char *tone;

		wb_strbuf_addf(b, "<tr>");
		wb_rhtml_td(b, NULL, c[i].label);
		if (isfinite(hw)) {
			wb_strbuf_addf(b, "<td class=\"num\">%s</td>",
				       wb_rmodel_fmt(x, sizeof(x), hw / 1e6, 1));
		} else {
			wb_rmodel_status(c[i].hw, st, sizeof(st), &tone);
			wb_rhtml_td(b, "fail", st);
		}
		if (isfinite(sw)) {
			wb_strbuf_addf(b, "<td class=\"num\">%s</td>",
				       wb_rmodel_fmt(x, sizeof(x), sw / 1e6, 1));
		} else {
			wb_rmodel_status(c[i].sw, st, sizeof(st), &tone);
			wb_rhtml_td(b, "fail", st);
		}
		/* Colour only: a loss beyond 5 % in red (the summary's intervals say more). */
		if (isfinite(hw) && isfinite(sw) && hw > 0)
			wb_strbuf_addf(b, "<td class=\"num%s\">%+.1f%%</td>",
				       sw / hw < 0.95 ? " fail" : "", (sw / hw - 1.0) * 100.0);
		else if (!isfinite(hw) && isfinite(sw))
			wb_strbuf_addf(b, "<td class=\"ok\">works only with nohwcrypt</td>");
		else
			wb_strbuf_addf(b, "<td>-</td>");
		wb_strbuf_addf(b, "<td class=\"num\">%s &rarr; %s</td></tr>\n",
			       wb_rmodel_fmt(x, sizeof(x), hc, 1), wb_rmodel_fmt(y, sizeof(y), sc, 1));
	}
	wb_strbuf_addf(b, "</table>\n");
out:
	free(c);
}

static void glance(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f, i;

	wb_strbuf_addf(b, "<h2 id=\"glance\">At a glance</h2>\n");
	for (f = 0; f < m->nf; f++) {
		size_t nfail = 0, nmodes = 0;

		for (i = 0; i < m->nm; i++) {
			if (!m->mode[i].group[f])
				continue;
			nmodes++;
			nfail += json_integer_value(json_object_get(m->mode[i].group[f], "n")) == 0;
		}
		if (m->nf > 1) {
			wb_strbuf_addf(b, "<h3>");
			wb_rhtml_file_label(b, m, f);
			wb_strbuf_addf(b, "</h3>\n");
		}
		if (nmodes == 0)
			wb_strbuf_addf(b, "<p class=\"banner\">No cell has finished yet.</p>\n");
		else
			wb_strbuf_addf(b, "<p>%zu of %zu modes have successful cells; %zu have none."
				       "</p>\n", nmodes - nfail, nmodes, nfail);
		glance_failures(b, m, f);
		cost_table(b, m, f);
	}
}

static void summary(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f, i;

	wb_strbuf_addf(b, "<h2 id=\"summary\">Summary per mode</h2>\n<p class=\"note\">Mbit/s is "
		       "the median over the ok cells, the 95%% interval is that of the mean "
		       "(Student t; none for n &lt; 2), CPU columns are medians of the busy %% "
		       "of all cores and of the busiest core.</p>\n<table id=\"summary-table\">\n");
	if (m->nf > 1) {
		wb_strbuf_addf(b, "<tr><th colspan=\"4\"></th>");
		for (f = 0; f < m->nf; f++) {
			wb_strbuf_addf(b, "<th colspan=\"7\">");
			wb_rhtml_file_label(b, m, f);
			wb_strbuf_addf(b, "</th>");
		}
		wb_strbuf_addf(b, "</tr>\n");
	}
	wb_strbuf_addf(b, "<tr><th>crypto</th><th>security</th><th>proto</th><th>dir</th>");
	for (f = 0; f < m->nf; f++)
		wb_strbuf_addf(b, "<th>n</th><th>Mbit/s</th><th>95%% interval</th><th>AP cpu%%</th>"
			       "<th>AP core%%</th><th>STA cpu%%</th><th>status</th>");
	wb_strbuf_addf(b, "</tr>\n");
	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *md = &m->mode[i];
		const char *row = "ok";

		for (f = 0; f < m->nf; f++) {
			char st[256];
			const char *tone;

			wb_rmodel_status(md->group[f], st, sizeof(st), &tone);
			if (!strcmp(tone, "fail"))
				row = "fail";
			else if (!strcmp(tone, "mixed") && strcmp(row, "fail"))
				row = "mixed";
		}
		wb_strbuf_addf(b, "<tr class=\"%s\">", row);
		wb_rhtml_td(b, NULL, md->crypto);
		wb_rhtml_td(b, NULL, md->security);
		wb_rhtml_td(b, NULL, md->proto);
		wb_rhtml_td(b, NULL, md->direction);
		for (f = 0; f < m->nf; f++) {
			const json_t *g = md->group[f];
			const json_t *ci = json_object_get(g, "ci95_bits_per_second");
			char st[256], lo[64], hi[64];
			const char *tone;

			if (!g) {
				wb_strbuf_addf(b, "<td colspan=\"7\" class=\"note\">not in this file</td>");
				continue;
			}
			wb_strbuf_addf(b, "<td class=\"num\" data-file=\"%zu\" data-key=\"", f);
			esc(b, md->key);
			wb_strbuf_addf(b, "\" data-field=\"n\">%lld</td>",
				       (long long)json_integer_value(json_object_get(g, "n")));
			td_num(b, f, md, "median_mbps",
			       wb_jpath_num(g, "median_bits_per_second", NULL) / 1e6, 1);
			if (json_array_size(ci) == 2) {
				wb_strbuf_addf(b, "<td class=\"num\"><span data-file=\"%zu\" "
					       "data-key=\"", f);
				esc(b, md->key);
				wb_strbuf_addf(b, "\" data-field=\"ci_lo_mbps\">%s</span> &ndash; "
					       "<span data-file=\"%zu\" data-key=\"",
					       wb_rmodel_fmt(lo, sizeof(lo), json_number_value(
						       json_array_get(ci, 0)) / 1e6, 1), f);
				esc(b, md->key);
				wb_strbuf_addf(b, "\" data-field=\"ci_hi_mbps\">%s</span></td>",
					       wb_rmodel_fmt(hi, sizeof(hi), json_number_value(
						       json_array_get(ci, 1)) / 1e6, 1));
			} else {
				wb_strbuf_addf(b, "<td class=\"num\">-</td>");
			}
			td_num(b, f, md, "ap_busy_pct",
			       wb_jpath_num(g, "cpu_median", "ap", "busy_pct", NULL), 1);
			td_num(b, f, md, "ap_core_pct",
			       wb_jpath_num(g, "cpu_median", "ap", "max_core_busy_pct", NULL), 1);
			td_num(b, f, md, "sta_busy_pct",
			       wb_jpath_num(g, "cpu_median", "sta", "busy_pct", NULL), 1);
			wb_rmodel_status(g, st, sizeof(st), &tone);
			wb_strbuf_addf(b, "<td class=\"%s\" data-file=\"%zu\" data-key=\"", tone, f);
			esc(b, md->key);
			wb_strbuf_addf(b, "\" data-field=\"status\">");
			esc(b, st);
			wb_strbuf_addf(b, "</td>");
		}
		wb_strbuf_addf(b, "</tr>\n");
	}
	wb_strbuf_addf(b, "</table>\n");
}

/* The state of the charts section: gnuplot, the cancel source, what an interrupt skipped. */
struct chart_run {
	char gnuplot[4096];
	struct wb_cancel *cancel;
	unsigned int id;
	size_t skipped;   /* charts not drawn because of an interrupt */
};

static void chart(struct wb_strbuf *b, struct chart_run *cr, struct wb_strbuf *script, int ret,
		  const char *name, const char *caption)
{
	char err[512] = "", prefix[16];
	char *svg = NULL;

	if (ret == -ENODATA)
		goto out;
	/* After Ctrl-C the page is still wanted, quickly: no more gnuplot. */
	if (cr->skipped || wb_cancel_check(cr->cancel)) {
		cr->skipped++;
		goto out;
	}
	snprintf(prefix, sizeof(prefix), "c%u-", cr->id++);
	if (ret == 0)
		ret = wb_chart_render(cr->gnuplot, wb_strbuf_cstr(script), prefix, cr->cancel,
				      &svg, err, sizeof(err));
	else
		snprintf(err, sizeof(err), "out of memory");
	if (ret == -ECANCELED) {
		cr->skipped++;
		goto out;
	}
	if (ret < 0) {
		/* wb_chart_render names every failure; this only guards a future path. */
		if (!err[0])
			snprintf(err, sizeof(err), "%s", strerror(-ret));
		wb_warn("chart '%s' not drawn: %s", name, err);
		wb_strbuf_addf(b, "<p class=\"note chart-error\">Chart not drawn (");
		esc(b, name);
		wb_strbuf_addf(b, "): ");
		esc(b, err);
		wb_strbuf_addf(b, "</p>\n");
		goto out;
	}
	wb_strbuf_addf(b, "<figure class=\"chart\">%s<figcaption>", svg);
	esc(b, caption);
	wb_strbuf_addf(b, "</figcaption></figure>\n");
out:
	free(svg);
	wb_strbuf_release(script);
}

static void charts(struct wb_strbuf *b, const struct wb_rmodel *m, unsigned int flags,
		   struct wb_cancel *cancel)
{
	struct chart_run cr = { .cancel = cancel };
	struct wb_strbuf s, figs;
	size_t f;

	wb_strbuf_addf(b, "<h2 id=\"charts\">Charts</h2>\n");
	if (flags & WB_REPORT_NO_CHARTS) {
		wb_strbuf_addf(b, "<p class=\"note\" id=\"charts-off\">Charts were not drawn "
			       "(turned off).</p>\n");
		return;
	}
	if (!wb_chart_gnuplot_path(cr.gnuplot, sizeof(cr.gnuplot))) {
		wb_warn("%s: the report has no charts", WB_REPORT_NO_GNUPLOT);
		wb_strbuf_addf(b, "<p class=\"banner\" id=\"charts-missing\">%s</p>\n",
			       WB_REPORT_NO_GNUPLOT);
		return;
	}
	/* The figures go to their own buffer so an interrupt note can precede them. */
	wb_strbuf_init(&figs);
	wb_strbuf_init(&s);
	chart(&figs, &cr, &s, wb_rcharts_throughput(m, &s), "throughput",
	      "Throughput per mode: median over the ok cells; the error bar is the 95% interval "
	      "of the mean; a red cross marks a mode with no ok cell");
	for (f = 0; f < m->nf; f++) {
		const json_t *cells = json_object_get(m->file[f].doc, "cells"), *cell;
		bool sta_separate = false;
		char cap[512], name[300];
		size_t i;

		json_array_foreach(cells, i, cell) {
			const json_t *sta = json_object_get(json_object_get(cell, "cpu"), "sta");

			if (json_is_object(sta) && !json_object_get(sta, "same_host_as"))
				sta_separate = true;
		}
		snprintf(cap, sizeof(cap), "CPU on the AP, %s: stacked medians of user, system, irq "
			 "and softirq %% (softirq is where mac80211 software crypto runs); the dot "
			 "is the busiest core%s", m->file[f].name, sta_separate ? "" :
			 " (the STA shares this kernel: same numbers)");
		snprintf(name, sizeof(name), "AP CPU, %s", m->file[f].name);
		chart(&figs, &cr, &s, wb_rcharts_cpu(m, f, "ap", &s), name, cap);
		if (sta_separate) {
			snprintf(cap, sizeof(cap), "CPU on the STA, %s", m->file[f].name);
			snprintf(name, sizeof(name), "STA CPU, %s", m->file[f].name);
			chart(&figs, &cr, &s, wb_rcharts_cpu(m, f, "sta", &s), name, cap);
		}
		snprintf(cap, sizeof(cap), "Throughput per iperf interval, %s: median over the ok "
			 "repetitions of each interval", m->file[f].name);
		snprintf(name, sizeof(name), "throughput per interval, %s", m->file[f].name);
		chart(&figs, &cr, &s, wb_rcharts_series(m, f, &s), name, cap);
		snprintf(cap, sizeof(cap), "The AP's busiest core in each 1 s CPU sample, %s "
			 "(a core near 100%% while the average looks low is the software-crypto "
			 "signature)", m->file[f].name);
		snprintf(name, sizeof(name), "AP busiest core per second, %s", m->file[f].name);
		chart(&figs, &cr, &s, wb_rcharts_cpu_series(m, f, &s), name, cap);
		snprintf(cap, sizeof(cap), "Soak throughput, %s: the first soak of each mode "
			 "(stability.soak_s), the mean per series bin; a gap is a bin without "
			 "traffic", m->file[f].name);
		snprintf(name, sizeof(name), "soak throughput, %s", m->file[f].name);
		chart(&figs, &cr, &s, wb_rcharts_soak(m, f, &s), name, cap);
		snprintf(cap, sizeof(cap), "Latency under load, %s: per mode the idle p50 (before "
			 "the traffic) next to the loaded p90 (during it), medians over the ok "
			 "cells; no idle bar without an idle baseline", m->file[f].name);
		snprintf(name, sizeof(name), "latency, %s", m->file[f].name);
		chart(&figs, &cr, &s, wb_rcharts_latency(m, f, &s), name, cap);
	}
	if (cr.skipped) {
		wb_warn("interrupted: %zu chart%s of the report skipped", cr.skipped,
			cr.skipped == 1 ? "" : "s");
		wb_strbuf_addf(b, "<p class=\"banner\" id=\"charts-interrupted\">%zu chart%s "
			       "skipped because of the interrupt (Ctrl-C or SIGTERM).</p>\n",
			       cr.skipped, cr.skipped == 1 ? " was" : "s were");
	}
	wb_strbuf_add(b, wb_strbuf_cstr(&figs), figs.len);
	if (figs.failed)
		b->failed = true;
	wb_strbuf_release(&figs);
}

int wb_rhtml_render(const struct wb_rmodel *m, unsigned int flags, struct wb_cancel *cancel,
		    struct wb_strbuf *b)
{
	header(b, m);
	disclaimer(b, m);
	glance(b, m);
	summary(b, m);
	if (m->compare)
		wb_rhtml_compare(m, b);
	charts(b, m, flags, cancel);
	wb_rhtml_latency(m, b);
	wb_rhtml_stability(m, b);
	wb_rhtml_failures(m, b);
	wb_rhtml_pmf(m, b);
	wb_rhtml_environment(m, b);
	wb_strbuf_addf(b, "<p class=\"note\">Generated by wbench %s. docs/report.md explains "
		       "every section.</p>\n</body>\n</html>\n", WB_VERSION);
	return b->failed ? -ENOMEM : 0;
}
