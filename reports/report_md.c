/*
 * The Markdown summary (docs/report.md, "Markdown"): GitHub-flavoured tables, no
 * images, for pull requests and forum posts. Every string from a results file goes
 * through wb_escape_md.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/escape.h"
#include "reports/report_i.h"

static void md_cell(struct wb_strbuf *b, const char *s)
{
	wb_strbuf_addf(b, " ");
	wb_escape_md(b, s);
	wb_strbuf_addf(b, " |");
}

static void num(struct wb_strbuf *b, double v, int decimals)
{
	char buf[64];

	md_cell(b, wb_rmodel_fmt(buf, sizeof(buf), v, decimals));
}

static void file_name(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	if (m->nf > 1)
		wb_strbuf_addf(b, "[%zu] ", f + 1);
	wb_escape_md(b, m->file[f].name);
}

static void summary(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	size_t i;

	wb_strbuf_addf(b, "\n## Summary");
	if (m->nf > 1) {
		wb_strbuf_addf(b, ": ");
		file_name(b, m, f);
	}
	wb_strbuf_addf(b, "\n\n| crypto | security | proto | dir | n | Mbit/s | 95%% interval | "
		       "AP cpu%% | AP core%% | STA cpu%% | status |\n"
		       "|---|---|---|---|--:|--:|--:|--:|--:|--:|---|\n");
	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *md = &m->mode[i];
		const json_t *g = md->group[f], *ci = json_object_get(g, "ci95_bits_per_second");
		char st[256], lo[64], hi[64], iv[160];
		const char *tone;

		if (!g)
			continue;
		wb_strbuf_addf(b, "|");
		md_cell(b, md->crypto);
		md_cell(b, md->security);
		md_cell(b, md->proto);
		md_cell(b, md->direction);
		wb_strbuf_addf(b, " %lld |", (long long)json_integer_value(json_object_get(g, "n")));
		num(b, wb_jpath_num(g, "median_bits_per_second", NULL) / 1e6, 1);
		if (json_array_size(ci) == 2)
			snprintf(iv, sizeof(iv), "%s – %s",
				 wb_rmodel_fmt(lo, sizeof(lo), json_number_value(json_array_get(ci, 0)) / 1e6, 1),
				 wb_rmodel_fmt(hi, sizeof(hi), json_number_value(json_array_get(ci, 1)) / 1e6, 1));
		else
			snprintf(iv, sizeof(iv), "-");
		md_cell(b, iv);
		num(b, wb_jpath_num(g, "cpu_median", "ap", "busy_pct", NULL), 1);
		num(b, wb_jpath_num(g, "cpu_median", "ap", "max_core_busy_pct", NULL), 1);
		num(b, wb_jpath_num(g, "cpu_median", "sta", "busy_pct", NULL), 1);
		wb_rmodel_status(g, st, sizeof(st), &tone);
		if (!strcmp(tone, "ok")) {
			md_cell(b, st);
		} else {
			wb_strbuf_addf(b, " **");
			wb_escape_md(b, st);
			wb_strbuf_addf(b, "** |");
		}
		wb_strbuf_addf(b, "\n");
	}
}

static void costs(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f)
{
	struct wb_rcost *c = calloc(m->nm + 1, sizeof(*c));
	size_t i, n;

	if (!c) {
		b->failed = true;
		return;
	}
	n = wb_rmodel_costs(m, f, c);
	if (n) {
		wb_strbuf_addf(b, "\nnohwcrypt against hwcrypt%s:\n\n| security / traffic | "
			       "hwcrypt Mbit/s | nohwcrypt Mbit/s | change |\n|---|--:|--:|--:|\n",
			       m->file[f].sim ? " (the sim cannot show the cost of software crypto)"
			       : "");
	}
	for (i = 0; i < n; i++) {
		double hw = wb_jpath_num(c[i].hw, "median_bits_per_second", NULL);
		double sw = wb_jpath_num(c[i].sw, "median_bits_per_second", NULL);
		char st[256], chg[64];
		const char *tone;

		wb_strbuf_addf(b, "|");
		md_cell(b, c[i].label);
		if (isfinite(hw)) {
			num(b, hw / 1e6, 1);
		} else {
			wb_rmodel_status(c[i].hw, st, sizeof(st), &tone);
			md_cell(b, st);
		}
		if (isfinite(sw)) {
			num(b, sw / 1e6, 1);
		} else {
			wb_rmodel_status(c[i].sw, st, sizeof(st), &tone);
			md_cell(b, st);
		}
		if (isfinite(hw) && isfinite(sw) && hw > 0)
			snprintf(chg, sizeof(chg), "%+.1f%%", (sw / hw - 1.0) * 100.0);
		else
			snprintf(chg, sizeof(chg), "%s", !isfinite(hw) && isfinite(sw) ?
				 "works only with nohwcrypt" : "-");
		md_cell(b, chg);
		wb_strbuf_addf(b, "\n");
	}
	free(c);
}

static void compare(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	const json_t *c = m->compare, *g, *counts = json_object_get(c, "counts");
	bool stab = wb_rmodel_compare_stability(c), lat = wb_rmodel_compare_latency(c);
	size_t i;

	wb_strbuf_addf(b, "\n## Comparison: [1] baseline against [2] candidate\n\n");
	if (m->compare_note[0]) {
		wb_strbuf_addf(b, "> **This comparison may not be of these two files** (given with "
			       "--compare): ");
		wb_escape_md(b, m->compare_note);
		wb_strbuf_addf(b, "\n\n");
	}
	wb_strbuf_addf(b, "Result: **");
	wb_escape_md(b, wb_rmodel_str(c, "result", "?"));
	wb_strbuf_addf(b, "** (%lld regressed, %lld improved, %lld same, %lld unknown, "
		       "%lld failed gates)\n\n| mode | [1] Mbit/s | [2] Mbit/s | change | "
		       "throughput | AP core | %sstart | PMF | %sresult |\n"
		       "|---|--:|--:|--:|---|---|%s---|---|%s---|\n",
		       (long long)json_integer_value(json_object_get(counts, "regressed")),
		       (long long)json_integer_value(json_object_get(counts, "improved")),
		       (long long)json_integer_value(json_object_get(counts, "same")),
		       (long long)json_integer_value(json_object_get(counts, "unknown")),
		       (long long)json_integer_value(json_object_get(counts, "failed_gates")),
		       lat ? "latency | " : "", stab ? "reconnect | disconnects | " : "",
		       lat ? "---|" : "", stab ? "---|---|" : "");
	json_array_foreach(json_object_get(c, "groups"), i, g) {
		const json_t *t = json_object_get(g, "throughput");
		const json_t *fn = json_object_get(g, "functional");
		double chg = wb_jpath_num(t, "change_pct", NULL);
		char x[64];

		wb_strbuf_addf(b, "|");
		md_cell(b, wb_rmodel_str(g, "key", "?"));
		num(b, wb_jpath_num(g, "baseline", "median_bits_per_second", NULL) / 1e6, 1);
		num(b, wb_jpath_num(g, "candidate", "median_bits_per_second", NULL) / 1e6, 1);
		if (isfinite(chg))
			snprintf(x, sizeof(x), "%+.1f%%", chg);
		else
			snprintf(x, sizeof(x), "-");
		md_cell(b, x);
		md_cell(b, wb_rmodel_str(t, "verdict", "-"));
		md_cell(b, wb_rmodel_str(json_object_get(json_object_get(g, "cpu"), "ap"), "verdict", "-"));
		if (lat)
			md_cell(b, wb_rmodel_str(json_object_get(g, "latency"), "verdict", "-"));
		md_cell(b, wb_rmodel_str(json_object_get(fn, "start"), "verdict", "-"));
		md_cell(b, wb_rmodel_str(json_object_get(fn, "pmf"), "verdict", "-"));
		if (stab) {
			const char *rc = wb_rmodel_stability_verdict(g, "reconnect");
			const char *dc = wb_rmodel_stability_verdict(g, "disconnects");

			md_cell(b, rc ? rc : "-");
			md_cell(b, dc ? dc : "-");
		}
		if (!strcmp(wb_rmodel_str(g, "result", ""), "fail")) {
			wb_strbuf_addf(b, " **fail** |");
		} else {
			md_cell(b, wb_rmodel_str(g, "result", "?"));
		}
		wb_strbuf_addf(b, "\n");
	}
}

/* "| [1] a.json | MODE |": the row's start, with the file column when there are several. */
static void row_start(struct wb_strbuf *b, const struct wb_rmodel *m, size_t f, size_t i)
{
	wb_strbuf_addf(b, "|");
	if (m->nf > 1) {
		wb_strbuf_addf(b, " ");
		file_name(b, m, f);
		wb_strbuf_addf(b, " |");
	}
	md_cell(b, m->mode[i].label);
}

/* @s in bold when @bold. */
static void md_cell_bold(struct wb_strbuf *b, const char *s, bool bold)
{
	if (!bold) {
		md_cell(b, s);
		return;
	}
	wb_strbuf_addf(b, " **");
	wb_escape_md(b, s);
	wb_strbuf_addf(b, "** |");
}

/* One row per file and mode with reconnect cycles; a success rate below 1 in bold. */
static void reconnect_rows(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f, i;

	wb_strbuf_addf(b, "\n| %smode | cycles | succeeded | assoc median ms | "
		       "assoc p95 ms | assoc max ms |\n|---|%s--:|--:|--:|--:|--:|\n",
		       m->nf > 1 ? "file | " : "", m->nf > 1 ? "---|" : "");
	for (f = 0; f < m->nf; f++) {
		for (i = 0; i < m->nm; i++) {
			struct wb_rreconnect rc;
			char n[32];

			if (!wb_rmodel_reconnect(m->mode[i].group[f], &rc))
				continue;
			row_start(b, m, f, i);
			snprintf(n, sizeof(n), "%lld", rc.cycles);
			md_cell(b, n);
			md_cell_bold(b, rc.rate, rc.below);
			num(b, rc.median_ms, 1);
			num(b, rc.p95_ms, 1);
			num(b, rc.max_ms, 1);
			wb_strbuf_addf(b, "\n");
		}
	}
}

/* One row per file and mode with a soak; disconnects in bold. The texts are the page's. */
static void soak_rows(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f, i;

	wb_strbuf_addf(b, "\nSoak (`stability.soak_s`): trend = the cells' median slope in %% "
		       "of their median per hour [lowest..highest bound of their 95%% "
		       "intervals]; rekey dip and recovery over the listed rekeys.\n\n"
		       "| %smode | soak h | disconnects (per h) | stalls | stall total s | "
		       "longest stall s | trend %%/h [interval] | rekeys group / PTK | "
		       "rekey dip median / max %% | recovery median / max s |\n"
		       "|---|%s--:|--:|--:|--:|--:|--:|--:|--:|--:|\n",
		       m->nf > 1 ? "file | " : "", m->nf > 1 ? "---|" : "");
	for (f = 0; f < m->nf; f++) {
		for (i = 0; i < m->nm; i++) {
			struct wb_rsoak s;

			if (!wb_rmodel_soak(m, f, &m->mode[i], &s))
				continue;
			row_start(b, m, f, i);
			md_cell(b, s.t_hours);
			md_cell_bold(b, s.t_disconnects, s.disconnects > 0);
			md_cell(b, s.t_stalls);
			md_cell(b, s.t_stall_s);
			md_cell(b, s.t_longest);
			md_cell(b, s.t_trend);
			md_cell(b, s.t_rekeys);
			md_cell(b, s.t_dip);
			md_cell(b, s.t_recovery);
			wb_strbuf_addf(b, "\n");
		}
	}
}

/* One row per file and mode with latency; iperf's columns when a UDP mode has them. */
static void latency(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	bool udp = wb_rmodel_any_latency(m, SIZE_MAX, true);
	size_t f, i;

	if (!wb_rmodel_any_latency(m, SIZE_MAX, false))
		return;
	wb_strbuf_addf(b, "\n## Latency under load\n\nICMP echo from the station's host to the "
		       "iperf peer: idle before the traffic, loaded during it; medians over the "
		       "ok cells, added = loaded - idle per cell, probe loss pooled.\n\n"
		       "| %smode | cells | idle p50 ms | loaded p50 ms | loaded p90 ms | "
		       "loaded p99 ms | added p90 ms | probe loss %% |%s\n"
		       "|---|%s--:|--:|--:|--:|--:|--:|--:|%s\n",
		       m->nf > 1 ? "file | " : "", udp ? " iperf jitter ms | iperf loss % |" : "",
		       m->nf > 1 ? "---|" : "", udp ? "--:|--:|" : "");
	for (f = 0; f < m->nf; f++) {
		for (i = 0; i < m->nm; i++) {
			struct wb_rlatency l;
			char n[32];

			if (!wb_rmodel_latency(m->mode[i].group[f], &l))
				continue;
			row_start(b, m, f, i);
			snprintf(n, sizeof(n), "%lld", l.cells);
			md_cell(b, n);
			num(b, l.idle_p50, 2);
			num(b, l.loaded_p50, 2);
			num(b, l.loaded_p90, 2);
			num(b, l.loaded_p99, 2);
			num(b, l.added_p90, 2);
			num(b, l.loss_pct, 2);
			if (udp) {
				num(b, l.jitter_ms, 2);
				num(b, l.udp_lost_pct, 2);
			}
			wb_strbuf_addf(b, "\n");
		}
	}
}

static void stability(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	if (!wb_rmodel_any_stability(m, SIZE_MAX))
		return;
	wb_strbuf_addf(b, "\n## Stability\n");
	if (wb_rmodel_any_reconnect(m, SIZE_MAX))
		reconnect_rows(b, m);
	if (wb_rmodel_any_soak(m, SIZE_MAX))
		soak_rows(b, m);
}

static void failures(struct wb_strbuf *b, const struct wb_rmodel *m)
{
	size_t f, i, k, j;
	bool any = false;

	for (f = 0; f < m->nf; f++) {
		struct wb_rfail *g = NULL;
		size_t ng = 0;

		if (wb_rmodel_failures(m, f, &g, &ng) < 0) {
			b->failed = true;
			return;
		}
		for (k = 0; k < ng; k++) {
			char n[32];

			if (!any) {
				wb_strbuf_addf(b, "\n## Failures\n\n| %smodes | cells | status | "
					       "diagnosis | remedy |\n|---|%s--:|---|---|---|\n",
					       m->nf > 1 ? "file | " : "", m->nf > 1 ? "---|" : "");
				any = true;
			}
			wb_strbuf_addf(b, "|");
			if (m->nf > 1) {
				wb_strbuf_addf(b, " ");
				file_name(b, m, f);
				wb_strbuf_addf(b, " |");
			}
			wb_strbuf_addf(b, " ");
			for (i = 0, j = 0; i < m->nm; i++) {
				if (!g[k].modes[i])
					continue;
				wb_strbuf_addf(b, "%s", j++ ? ", " : "");
				wb_escape_md(b, m->mode[i].label);
			}
			wb_strbuf_addf(b, " |");
			snprintf(n, sizeof(n), "%zu", g[k].count);
			md_cell(b, n);
			md_cell(b, g[k].status);
			md_cell(b, g[k].code);
			md_cell(b, g[k].remedy);
			wb_strbuf_addf(b, "\n");
		}
		wb_rmodel_failures_free(g, ng);
	}
	if (!any)
		wb_strbuf_addf(b, "\nNo failed cell.\n");
}

int wb_rmd_render(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	size_t f;

	wb_strbuf_addf(b, "# wbench report: ");
	for (f = 0; f < m->nf; f++) {
		wb_strbuf_addf(b, "%s", f ? " vs " : "");
		wb_escape_md(b, m->file[f].scenario);
	}
	wb_strbuf_addf(b, "\n\n");
	if (m->any_sim) {
		size_t k = 0;

		wb_strbuf_addf(b, "> **%s**", WB_REPORT_SIM_DISCLAIMER);
		for (f = 0; m->nf > 1 && f < m->nf; f++) {
			if (!m->file[f].sim)
				continue;
			wb_strbuf_addf(b, "%s", k++ ? ", " : " Sim files: ");
			file_name(b, m, f);
		}
		wb_strbuf_addf(b, "\n\n");
	}
	wb_strbuf_addf(b, "| file | scenario | backend | started | cells | tool |\n"
		       "|---|---|---|---|--:|---|\n");
	for (f = 0; f < m->nf; f++) {
		const json_t *d = m->file[f].doc;
		char n[64];

		wb_strbuf_addf(b, "| ");
		file_name(b, m, f);
		wb_strbuf_addf(b, " |");
		md_cell(b, m->file[f].scenario);
		md_cell(b, m->file[f].backend);
		md_cell(b, wb_rmodel_str(d, "started_at", "-"));
		snprintf(n, sizeof(n), "%zu of %lld", json_array_size(json_object_get(d, "cells")),
			 (long long)json_integer_value(json_object_get(d, "planned_cells")));
		md_cell(b, n);
		md_cell(b, wb_rmodel_str(json_object_get(d, "tool"), "version", "?"));
		wb_strbuf_addf(b, "\n");
	}
	for (f = 0; f < m->nf; f++) {
		summary(b, m, f);
		costs(b, m, f);
	}
	if (m->compare)
		compare(b, m);
	latency(b, m);
	stability(b, m);
	failures(b, m);
	return b->failed ? -ENOMEM : 0;
}
