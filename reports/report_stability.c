/*
 * The stability workloads in the report (docs/report.md "Stability"): the model of a
 * mode's reconnect cycles and soak, shared with the Markdown summary so that both show the
 * same text, and the HTML section. Every string from a results file goes through
 * wb_escape_html.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reports/escape.h"
#include "reports/report_i.h"
#include "reports/soak.h"

/* ---- reconnect cycles (docs/results.md, "reconnect") ---- */

bool wb_rmodel_reconnect(const json_t *g, struct wb_rreconnect *out)
{
	const json_t *rc = json_object_get(g, "reconnect");
	const json_t *rate = json_object_get(rc, "success_rate");
	double r, pct;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(rc))
		return false;
	out->cycles = json_integer_value(json_object_get(rc, "cycles"));
	out->succeeded = json_integer_value(json_object_get(rc, "succeeded"));
	out->median_ms = wb_jpath_num(rc, "assoc_ms", "median", NULL);
	out->p95_ms = wb_jpath_num(rc, "assoc_ms", "p95", NULL);
	out->max_ms = wb_jpath_num(rc, "assoc_ms", "max", NULL);
	r = json_is_number(rate) ? json_number_value(rate) : out->cycles > 0 ?
	    (double)out->succeeded / (double)out->cycles : NAN;
	out->below = (isfinite(r) && r < 1.0) || out->succeeded < out->cycles;
	if (!isfinite(r)) {
		snprintf(out->rate, sizeof(out->rate), "%lld of %lld (-)", out->succeeded,
			 out->cycles);
		return true;
	}
	/* 1999 of 2000 is not "100.0%", nor 1 of 2000 "0.0%" */
	pct = r * 100.0;
	if (r < 1.0 && pct > 99.9)
		pct = 99.9;
	if (r > 0.0 && pct < 0.1)
		pct = 0.1;
	snprintf(out->rate, sizeof(out->rate), "%lld of %lld (%.1f%%)", out->succeeded,
		 out->cycles, pct);
	return true;
}

bool wb_rmodel_any_reconnect(const struct wb_rmodel *m, size_t f)
{
	struct wb_rreconnect rc;
	size_t i, k;

	for (k = 0; k < m->nf; k++) {
		if (f != SIZE_MAX && k != f)
			continue;
		for (i = 0; i < m->nm; i++)
			if (wb_rmodel_reconnect(m->mode[i].group[k], &rc))
				return true;
	}
	return false;
}

/* ---- soak (docs/results.md, "soak") ---- */

/*
 * The envelope of the cells' 95% trend intervals, each in % of its cell's median per
 * hour: the summary pools the slopes (their median), not the intervals, and one cell's
 * interval is exactly what a one-soak mode shows. NAN when no cell has one.
 */
static void trend_interval(const struct wb_rmodel *m, size_t f, const struct wb_rmode *md,
			   double *lo, double *hi)
{
	const json_t *cell;
	size_t i;

	*lo = INFINITY;
	*hi = -INFINITY;
	json_array_foreach(json_object_get(m->file[f].doc, "cells"), i, cell) {
		const json_t *s = json_object_get(cell, "soak");
		double med = wb_jpath_num(s, "median_bps", NULL);
		double l = wb_jpath_num(s, "trend", "low_bps_per_hour", NULL);
		double h = wb_jpath_num(s, "trend", "high_bps_per_hour", NULL);

		if (!wb_rmodel_cell_in(cell, md) || !(med > 0) || !isfinite(l) || !isfinite(h))
			continue;
		*lo = fmin(*lo, 100.0 * l / med);
		*hi = fmax(*hi, 100.0 * h / med);
	}
	if (!isfinite(*lo) || !isfinite(*hi))
		*lo = *hi = NAN;
}

/* "A / B" of two numbers with @dec decimals, "-" when neither is known. */
static void pair(char *buf, size_t len, double a, double b, int dec)
{
	char x[32], y[32];

	if (!isfinite(a) && !isfinite(b))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s / %s", wb_rmodel_fmt(x, sizeof(x), a, dec),
			 wb_rmodel_fmt(y, sizeof(y), b, dec));
}

/* The texts both renderers show. */
static void soak_texts(struct wb_rsoak *s)
{
	wb_rmodel_fmt(s->t_hours, sizeof(s->t_hours), s->hours, 2);
	if (isfinite(s->per_hour))
		snprintf(s->t_disconnects, sizeof(s->t_disconnects), "%lld (%.1f/h)",
			 s->disconnects, s->per_hour);
	else
		snprintf(s->t_disconnects, sizeof(s->t_disconnects), "%lld", s->disconnects);
	snprintf(s->t_stalls, sizeof(s->t_stalls), "%lld", s->stalls);
	wb_rmodel_fmt(s->t_stall_s, sizeof(s->t_stall_s), s->stall_s, 1);
	wb_rmodel_fmt(s->t_longest, sizeof(s->t_longest), s->longest_s, 1);
	if (!isfinite(s->trend))
		snprintf(s->t_trend, sizeof(s->t_trend), "-");
	else if (!isfinite(s->trend_lo))
		snprintf(s->t_trend, sizeof(s->t_trend), "%+.1f", s->trend);
	else
		snprintf(s->t_trend, sizeof(s->t_trend), "%+.1f [%+.1f..%+.1f]", s->trend,
			 s->trend_lo, s->trend_hi);
	snprintf(s->t_rekeys, sizeof(s->t_rekeys), "%lld / %lld", s->group, s->ptk);
	pair(s->t_dip, sizeof(s->t_dip), s->dip_median, s->dip_max, 1);
	pair(s->t_recovery, sizeof(s->t_recovery), s->rec_median, s->rec_max, 1);
}

bool wb_rmodel_soak(const struct wb_rmodel *m, size_t f, const struct wb_rmode *md,
		    struct wb_rsoak *out)
{
	const json_t *s = json_object_get(md->group[f], "soak");

	memset(out, 0, sizeof(*out));
	if (!json_is_object(s))
		return false;
	out->cells = json_integer_value(json_object_get(s, "cells"));
	out->hours = wb_jpath_num(s, "soak_s", NULL) / 3600.0;
	out->disconnects = json_integer_value(json_object_get(s, "disconnects"));
	out->per_hour = wb_jpath_num(s, "disconnects_per_hour", NULL);
	out->stalls = json_integer_value(json_object_get(s, "stalls"));
	out->stall_s = wb_jpath_num(s, "stall_s", NULL);
	out->longest_s = wb_jpath_num(s, "longest_stall_s", NULL);
	out->trend = wb_jpath_num(s, "trend_pct_per_hour", NULL);
	out->group = json_integer_value(json_object_get(s, "rekeys_group"));
	out->ptk = json_integer_value(json_object_get(s, "rekeys_ptk"));
	out->dip_median = wb_jpath_num(s, "dip_pct", "median", NULL);
	out->dip_max = wb_jpath_num(s, "dip_pct", "max", NULL);
	out->rec_median = wb_jpath_num(s, "recovery_s", "median", NULL);
	out->rec_max = wb_jpath_num(s, "recovery_s", "max", NULL);
	trend_interval(m, f, md, &out->trend_lo, &out->trend_hi);
	soak_texts(out);
	return true;
}

bool wb_rmodel_any_soak(const struct wb_rmodel *m, size_t f)
{
	size_t i, k;

	for (k = 0; k < m->nf; k++) {
		if (f != SIZE_MAX && k != f)
			continue;
		for (i = 0; i < m->nm; i++)
			if (json_is_object(json_object_get(m->mode[i].group[k], "soak")))
				return true;
	}
	return false;
}

bool wb_rmodel_any_stability(const struct wb_rmodel *m, size_t f)
{
	return wb_rmodel_any_reconnect(m, f) || wb_rmodel_any_soak(m, f);
}

/* ---- the HTML section ---- */

static void reconnect_table(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b)
{
	size_t i;

	wb_strbuf_addf(b, "<table class=\"stability\" data-file=\"%zu\"><tr><th>mode</th>"
		       "<th>cycles</th><th>succeeded</th><th>assoc median ms</th>"
		       "<th>assoc p95 ms</th><th>assoc max ms</th></tr>\n", f);
	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *md = &m->mode[i];
		struct wb_rreconnect rc;
		char x[64];

		if (!wb_rmodel_reconnect(md->group[f], &rc))
			continue;
		wb_strbuf_addf(b, "<tr class=\"%s\">", rc.below ? "fail" : "ok");
		wb_rhtml_td(b, "mode", md->label);
		snprintf(x, sizeof(x), "%lld", rc.cycles);
		wb_rhtml_td_field(b, "num", f, md, "reconnect_cycles", x);
		wb_rhtml_td_field(b, rc.below ? "num fail" : "num", f, md, "reconnect_succeeded",
				  rc.rate);
		wb_rhtml_td_field(b, "num", f, md, "reconnect_median_ms",
				  wb_rmodel_fmt(x, sizeof(x), rc.median_ms, 1));
		wb_rhtml_td_field(b, "num", f, md, "reconnect_p95_ms",
				  wb_rmodel_fmt(x, sizeof(x), rc.p95_ms, 1));
		wb_rhtml_td_field(b, "num", f, md, "reconnect_max_ms",
				  wb_rmodel_fmt(x, sizeof(x), rc.max_ms, 1));
		wb_strbuf_addf(b, "</tr>\n");
	}
	wb_strbuf_addf(b, "</table>\n");
}

/* One row per mode with a soak; a mode with disconnects in the failure colours. */
static void soak_table(const struct wb_rmodel *m, size_t f, struct wb_strbuf *b)
{
	size_t i;

	wb_strbuf_addf(b, "<table class=\"soak\" data-file=\"%zu\"><tr><th>mode</th>"
		       "<th>soak h</th><th>disconnects (per h)</th><th>stalls</th>"
		       "<th>stall total s</th><th>longest stall s</th>"
		       "<th>trend %%/h [interval]</th><th>rekeys group / PTK</th>"
		       "<th>rekey dip median / max %%</th><th>recovery median / max s</th>"
		       "</tr>\n", f);
	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *md = &m->mode[i];
		struct wb_rsoak s;

		if (!wb_rmodel_soak(m, f, md, &s))
			continue;
		wb_strbuf_addf(b, "<tr class=\"%s\">", s.disconnects ? "fail" : "ok");
		wb_rhtml_td(b, "mode", md->label);
		wb_rhtml_td_field(b, "num", f, md, "soak_hours", s.t_hours);
		wb_rhtml_td_field(b, s.disconnects ? "num fail" : "num", f, md, "soak_disconnects",
				  s.t_disconnects);
		wb_rhtml_td_field(b, "num", f, md, "soak_stalls", s.t_stalls);
		wb_rhtml_td_field(b, "num", f, md, "soak_stall_s", s.t_stall_s);
		wb_rhtml_td_field(b, "num", f, md, "soak_longest_stall_s", s.t_longest);
		wb_rhtml_td_field(b, "num", f, md, "soak_trend", s.t_trend);
		wb_rhtml_td_field(b, "num", f, md, "soak_rekeys", s.t_rekeys);
		wb_rhtml_td_field(b, "num", f, md, "soak_dip_pct", s.t_dip);
		wb_rhtml_td_field(b, "num", f, md, "soak_recovery_s", s.t_recovery);
		wb_strbuf_addf(b, "</tr>\n");
	}
	wb_strbuf_addf(b, "</table>\n");
}

void wb_rhtml_stability(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	bool rc = wb_rmodel_any_reconnect(m, SIZE_MAX), soak = wb_rmodel_any_soak(m, SIZE_MAX);
	size_t f;

	if (!rc && !soak)
		return;
	wb_strbuf_addf(b, "<h2 id=\"stability\">Stability</h2>\n");
	if (rc)
		wb_strbuf_addf(b, "<p class=\"note\">The station's disconnect/reconnect cycles (the "
			       "scenario's <code>stability.reconnect_cycles</code>), summed over "
			       "each mode's cells; association times in ms over the cycles that "
			       "succeeded, p95 linear between order statistics.</p>\n");
	if (soak)
		wb_strbuf_addf(b, "<p class=\"note\">The soak (<code>stability.soak_s</code>): "
			       "the traffic run on after the measurement, pooled over each mode's "
			       "cells. Stalls are runs of seconds below the scenario's "
			       "<code>stall_pct</code> of the cell's median, outages included. The "
			       "trend is the median of the cells' least-squares slopes, in %% of "
			       "their median per hour; in brackets the lowest to the highest bound "
			       "of the cells' 95%% intervals (with one cell, its interval). A "
			       "rekey's dip is how far its lowest second (from 1 s before to %g s "
			       "after) fell below the median, its recovery the time until the "
			       "throughput was back at %.0f%% of the median; both over the listed "
			       "rekeys of every cell.</p>\n", WB_SOAK_DIP_WINDOW_S,
			       100.0 * WB_SOAK_RECOVERY_FRACTION);
	for (f = 0; f < m->nf; f++) {
		wb_rhtml_file_heading(b, m, f);
		if (rc && !wb_rmodel_any_reconnect(m, f))
			wb_strbuf_addf(b, "<p class=\"note\">No reconnect cycles in this file.</p>\n");
		else if (rc)
			reconnect_table(m, f, b);
		if (soak && !wb_rmodel_any_soak(m, f))
			wb_strbuf_addf(b, "<p class=\"note\">No soak in this file.</p>\n");
		else if (soak)
			soak_table(m, f, b);
	}
}
