/*
 * The HTML page's sections after the charts, and the comparison: failures with their
 * diagnosis and remedy, the PMF verdicts, the environment and the scenario, the
 * wbench-compare/1 verdicts (the stability section is report_stability.c). Every string
 * from a results file goes through wb_escape_html.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/escape.h"
#include "reports/report_i.h"

static void esc(struct wb_strbuf *b, const char *s)
{
	wb_escape_html(b, s);
}

/* ---- comparison (docs/compare.md) ---- */

static const char *verdict_tone(const char *v)
{
	static const char *const good[] = { "improved", "fixed", "pass", "ok", "same" };
	static const char *const bad[] = { "regressed", "new_failure", "new_fail", "fail",
					   "still_failing", "new_failures", "worse",
					   "new_disconnects", "still_disconnecting" };
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(bad); i++)
		if (!strcmp(v, bad[i]))
			return "fail";
	for (i = 0; i < WB_ARRAY_SIZE(good); i++)
		if (!strcmp(v, good[i]))
			return "ok";
	return "mixed";
}

static void td_verdict(struct wb_strbuf *b, const char *v, const char *extra)
{
	wb_strbuf_addf(b, "<td class=\"%s\">", v ? verdict_tone(v) : "note");
	esc(b, v ? v : "-");
	if (extra && *extra) {
		wb_strbuf_addf(b, " <span class=\"note\">");
		esc(b, extra);
		wb_strbuf_addf(b, "</span>");
	}
	wb_strbuf_addf(b, "</td>");
}

static void cpu_verdict(struct wb_strbuf *b, const json_t *c)
{
	double pp = wb_jpath_num(c, "change_pp", NULL);
	char extra[64] = "";

	if (isfinite(pp))
		snprintf(extra, sizeof(extra), "(%+.1f pp)", pp);
	td_verdict(b, json_is_object(c) ? wb_rmodel_str(c, "verdict", "?") : NULL, extra);
}

/* A latency verdict with its change in ms; "-" where a side has no latency. */
static void latency_verdict(struct wb_strbuf *b, const json_t *l)
{
	double ms = wb_jpath_num(l, "change_ms", NULL);
	char extra[64] = "";

	if (isfinite(ms))
		snprintf(extra, sizeof(extra), "(%+.2f ms)", ms);
	td_verdict(b, json_is_object(l) ? wb_rmodel_str(l, "verdict", "?") : NULL, extra);
}

bool wb_rmodel_compare_latency(const json_t *cmp)
{
	const json_t *g;
	size_t i;

	json_array_foreach(json_object_get(cmp, "groups"), i, g)
		if (json_is_object(json_object_get(g, "latency")))
			return true;
	return false;
}

bool wb_rmodel_compare_stability(const json_t *cmp)
{
	static const char *const gates[] = { "reconnect", "disconnects" };
	const json_t *g;
	size_t i, k;

	json_array_foreach(json_object_get(cmp, "groups"), i, g)
		for (k = 0; k < WB_ARRAY_SIZE(gates); k++) {
			const char *v = wb_rmodel_str(wb_jpath_get(g, "functional", gates[k], NULL),
						      "verdict", "not_run");

			if (strcmp(v, "not_run") && strcmp(v, "not_compared"))
				return true;
		}
	return false;
}

const char *wb_rmodel_stability_verdict(const json_t *group, const char *gate)
{
	const char *v = wb_rmodel_str(wb_jpath_get(group, "functional", gate, NULL), "verdict",
				      NULL);

	return v && strcmp(v, "not_run") ? v : NULL;
}

/* One group of the comparison: medians, change, interval, p, verdicts, result. */
static void compare_row(struct wb_strbuf *b, const json_t *g, bool lat, bool stab)
{
	const json_t *t = json_object_get(g, "throughput"), *ci = json_object_get(t, "ci");
	const json_t *fn = json_object_get(g, "functional"), *gate;
	const char *key = wb_rmodel_str(g, "key", "?");
	const char *res = wb_rmodel_str(g, "result", "?");
	double chg = wb_jpath_num(t, "change_pct", NULL);
	char x[64], y[64];
	size_t j;

	wb_strbuf_addf(b, "<tr class=\"%s\">", !strcmp(res, "fail") ? "fail" :
		       !strcmp(res, "pass") ? "ok" : "mixed");
	wb_rhtml_td(b, NULL, key);
	wb_strbuf_addf(b, "<td class=\"num\">%s</td><td class=\"num\">%s</td>",
		       wb_rmodel_fmt(x, sizeof(x), wb_jpath_num(g, "baseline",
				     "median_bits_per_second", NULL) / 1e6, 1),
		       wb_rmodel_fmt(y, sizeof(y), wb_jpath_num(g, "candidate",
				     "median_bits_per_second", NULL) / 1e6, 1));
	wb_strbuf_addf(b, "<td class=\"num\" data-key=\"");
	esc(b, key);
	if (isfinite(chg))
		wb_strbuf_addf(b, "\" data-field=\"cmp_change_pct\">%+.1f%%</td>", chg);
	else
		wb_strbuf_addf(b, "\" data-field=\"cmp_change_pct\">-</td>");
	if (json_array_size(ci) == 2 && json_is_number(json_array_get(ci, 0)))
		wb_strbuf_addf(b, "<td class=\"num\">%.3f &ndash; %.3f</td>",
			       json_number_value(json_array_get(ci, 0)),
			       json_number_value(json_array_get(ci, 1)));
	else
		wb_strbuf_addf(b, "<td class=\"num\">-</td>");
	wb_strbuf_addf(b, "<td class=\"num\">%s</td>", wb_rmodel_fmt(x, sizeof(x),
		       wb_jpath_num(t, "mwu", "p", NULL), 4));
	td_verdict(b, wb_rmodel_str(t, "verdict", NULL), NULL);
	cpu_verdict(b, json_object_get(json_object_get(g, "cpu"), "ap"));
	cpu_verdict(b, json_object_get(json_object_get(g, "cpu"), "sta"));
	if (lat)
		latency_verdict(b, json_object_get(g, "latency"));
	td_verdict(b, wb_rmodel_str(json_object_get(fn, "start"), "verdict", NULL), NULL);
	td_verdict(b, wb_rmodel_str(json_object_get(fn, "pmf"), "verdict", NULL), NULL);
	if (stab) {
		td_verdict(b, wb_rmodel_stability_verdict(g, "reconnect"), NULL);
		td_verdict(b, wb_rmodel_stability_verdict(g, "disconnects"), NULL);
	}
	wb_strbuf_addf(b, "<td class=\"%s\"><strong>", verdict_tone(res));
	esc(b, res);
	wb_strbuf_addf(b, "</strong>");
	json_array_foreach(json_object_get(g, "gates"), j, gate) {
		if (strcmp(wb_rmodel_str(gate, "result", ""), "fail"))
			continue;
		wb_strbuf_addf(b, "<br><span class=\"note\">");
		esc(b, wb_rmodel_str(gate, "gate", "?"));
		wb_strbuf_addf(b, ": ");
		esc(b, wb_rmodel_str(gate, "message", ""));
		wb_strbuf_addf(b, "</span>");
	}
	wb_strbuf_addf(b, "</td></tr>\n");
}

void wb_rhtml_compare(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	const json_t *c = m->compare, *counts = json_object_get(c, "counts"), *g, *w;
	const char *result = wb_rmodel_str(c, "result", "?");
	bool stab = wb_rmodel_compare_stability(c), lat = wb_rmodel_compare_latency(c);
	const char *k;
	const json_t *v;
	size_t i;

	wb_strbuf_addf(b, "<h2 id=\"compare\">Comparison: [1] baseline against [2] candidate</h2>\n"
		       "<p>Result: <span class=\"%s\" data-field=\"compare_result\">", verdict_tone(result));
	esc(b, result);
	wb_strbuf_addf(b, "</span>");
	json_object_foreach((json_t *)counts, k, v) {
		wb_strbuf_addf(b, " &middot; ");
		esc(b, k);
		wb_strbuf_addf(b, " %lld", (long long)json_integer_value(v));
	}
	wb_strbuf_addf(b, "</p>\n");
	if (m->compare_note[0]) {
		wb_strbuf_addf(b, "<p class=\"banner\" id=\"compare-mismatch\"><strong>This "
			       "comparison may not be of these two files</strong> (given with "
			       "--compare): ");
		esc(b, m->compare_note);
		wb_strbuf_addf(b, "</p>\n");
	}
	json_array_foreach(json_object_get(c, "warnings"), i, w) {
		wb_strbuf_addf(b, "<p class=\"banner\">");
		esc(b, json_string_value(w));
		wb_strbuf_addf(b, "</p>\n");
	}
	wb_strbuf_addf(b, "<p class=\"note\">Settings:");
	json_object_foreach(json_object_get(c, "settings"), k, v) {
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(6));

		wb_strbuf_addf(b, " ");
		esc(b, k);
		wb_strbuf_addf(b, "=");
		esc(b, t ? t : "?");
		free(t);
	}
	wb_strbuf_addf(b, "</p>\n<table id=\"compare-table\"><tr><th>mode</th><th>[1] Mbit/s</th>"
		       "<th>[2] Mbit/s</th><th>change</th><th>95%% interval of the ratio</th>"
		       "<th>p</th><th>throughput</th><th>AP core</th><th>STA core</th>%s"
		       "<th>start</th><th>PMF</th>%s<th>result</th></tr>\n",
		       lat ? "<th>latency</th>" : "",
		       stab ? "<th>reconnect</th><th>disconnects</th>" : "");
	json_array_foreach(json_object_get(c, "groups"), i, g)
		compare_row(b, g, lat, stab);
	wb_strbuf_addf(b, "</table>\n");
}

/* ---- failures ---- */

static void group_row(struct wb_strbuf *b, const struct wb_rmodel *m, const struct wb_rfail *g)
{
	size_t i, k = 0;
	char n[32];

	wb_strbuf_addf(b, "<tr class=\"fail\"><td class=\"mode\">");
	for (i = 0; i < m->nm; i++) {
		if (!g->modes[i])
			continue;
		wb_strbuf_addf(b, "%s", k++ ? "<br>" : "");
		esc(b, m->mode[i].label);
	}
	snprintf(n, sizeof(n), "%zu", g->count);
	wb_strbuf_addf(b, "</td>");
	wb_rhtml_td(b, "num", n);
	wb_rhtml_td(b, "fail", g->status);
	wb_strbuf_addf(b, "<td><code>");
	esc(b, g->code);
	wb_strbuf_addf(b, "</code></td><td class=\"msg\">");
	for (k = 0; k < g->nmsg; k++) {
		wb_strbuf_addf(b, "%s", k ? "<br><br>" : "");
		esc(b, g->msg[k]);
	}
	if (g->more_msgs)
		wb_strbuf_addf(b, "<br><span class=\"note\">(%zu more different messages in the "
			       "cells)</span>", g->more_msgs);
	if (!g->nmsg)
		wb_strbuf_addf(b, "-");
	wb_strbuf_addf(b, "</td><td class=\"msg\"><div class=\"remedy\">");
	esc(b, g->remedy);
	wb_strbuf_addf(b, "</div></td>");
	if (!g->with_prediction)
		wb_rhtml_td(b, NULL, "-");
	else if (g->predicted == g->with_prediction)
		wb_rhtml_td(b, NULL, "yes");
	else if (!g->predicted)
		wb_rhtml_td(b, NULL, "no");
	else
		wb_strbuf_addf(b, "<td>%zu of %zu</td>", g->predicted, g->with_prediction);
	wb_strbuf_addf(b, "</tr>\n");
}

void wb_rhtml_failures(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	size_t f;

	wb_strbuf_addf(b, "<h2 id=\"failures\">Failures</h2>\n<p class=\"note\">Failed cells "
		       "grouped by status, diagnosis and remedy; \"predicted\" says whether "
		       "<code>wbench probe</code>'s check before the cell named the same "
		       "cause.</p>\n");
	for (f = 0; f < m->nf; f++) {
		struct wb_rfail *grp = NULL;
		size_t ng = 0, k;

		wb_rhtml_file_heading(b, m, f);
		if (wb_rmodel_failures(m, f, &grp, &ng) < 0) {
			b->failed = true;
			return;
		}
		if (ng) {
			wb_strbuf_addf(b, "<table class=\"failures\" data-file=\"%zu\"><tr>"
				       "<th>modes</th><th>cells</th><th>status</th><th>diagnosis</th>"
				       "<th>what happened</th><th>remedy</th><th>predicted</th></tr>\n",
				       f);
			for (k = 0; k < ng; k++)
				group_row(b, m, &grp[k]);
			wb_strbuf_addf(b, "</table>\n");
		} else {
			wb_strbuf_addf(b, "<p class=\"ok\">No failed cell.</p>\n");
		}
		wb_rmodel_failures_free(grp, ng);
	}
}

/* ---- PMF ---- */

static const char *const pmf_counters[] = {
	"robust_frames", "protected_unicast", "unprotected_unicast", "group_with_mmie",
	"group_without_mmie", "beacons_with_mme", "mic_verified", "mic_failed", "forged_ignored",
};

static const char *const pmf_headers[] = {
	"robust frames", "protected unicast", "unprotected unicast", "group + MMIE",
	"group without MMIE", "beacons + MME", "MIC verified", "MIC failed", "forged ignored",
};

static void pmf_findings(struct wb_strbuf *b, const json_t *cells, const struct wb_rmode *md)
{
	const json_t *cell, *fi;
	long long total = 0;
	size_t i, j, shown = 0;

	wb_strbuf_addf(b, "<td class=\"msg\">");
	json_array_foreach(cells, i, cell) {
		const json_t *p = json_object_get(cell, "pmf");

		if (!wb_rmodel_cell_in(cell, md) || !json_is_object(p))
			continue;
		total += json_integer_value(json_object_get(p, "findings_total"));
		if (!strcmp(wb_rmodel_str(p, "verdict", ""), "fail") &&
		    json_array_size(json_object_get(p, "findings")) == 0 && shown < 6) {
			wb_strbuf_addf(b, "%s<span class=\"fail\">fail:</span> ", shown++ ? "<br>" : "");
			esc(b, wb_rmodel_str(p, "reason", "-"));
		}
		json_array_foreach(json_object_get(p, "findings"), j, fi) {
			if (shown >= 6)
				break;
			wb_strbuf_addf(b, "%s<code>", shown++ ? "<br>" : "");
			esc(b, wb_rmodel_str(fi, "rule", "?"));
			wb_strbuf_addf(b, "</code> ");
			esc(b, wb_rmodel_str(fi, "detail", ""));
			if (json_string_value(json_object_get(fi, "subtype"))) {
				wb_strbuf_addf(b, " <span class=\"note\">(");
				esc(b, wb_rmodel_str(fi, "subtype", ""));
				wb_strbuf_addf(b, " ");
				esc(b, wb_rmodel_str(fi, "sa", "?"));
				wb_strbuf_addf(b, " &rarr; ");
				esc(b, wb_rmodel_str(fi, "da", "?"));
				wb_strbuf_addf(b, ", frame %lld)</span>",
					       (long long)json_integer_value(json_object_get(fi, "frame")));
			}
		}
	}
	if (total > (long long)shown)
		wb_strbuf_addf(b, "%s<span class=\"note\">%lld findings in all</span>",
			       shown ? "<br>" : "", total);
	else if (!shown)
		wb_strbuf_addf(b, "none");
	wb_strbuf_addf(b, "</td>");
}

void wb_rhtml_pmf(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	size_t f, i, j, c;

	wb_strbuf_addf(b, "<h2 id=\"pmf\">Management frame protection (PMF)</h2>\n<p class=\"note\">"
		       "From the capture of each cell: the verifier's verdicts, the negotiated "
		       "security of the first ok cell, and the frame counters summed over the "
		       "mode's cells.</p>\n");
	for (f = 0; f < m->nf; f++) {
		const json_t *cells = json_object_get(m->file[f].doc, "cells"), *cell;

		wb_rhtml_file_heading(b, m, f);
		wb_strbuf_addf(b, "<table class=\"pmf\" data-file=\"%zu\"><tr><th>mode</th>"
			       "<th>verdicts</th><th>negotiated</th>", f);
		for (c = 0; c < WB_ARRAY_SIZE(pmf_headers); c++)
			wb_strbuf_addf(b, "<th>%s</th>", pmf_headers[c]);
		wb_strbuf_addf(b, "<th>forged deauth</th><th>findings</th></tr>\n");
		for (i = 0; i < m->nm; i++) {
			const struct wb_rmode *md = &m->mode[i];
			long long pass = 0, fail = 0, na = 0, sum[WB_ARRAY_SIZE(pmf_counters)] = { 0 };
			const json_t *okc = NULL, *ac = NULL;
			bool any = false;
			char neg[256] = "-";

			json_array_foreach(cells, j, cell) {
				const json_t *p = json_object_get(cell, "pmf");
				const char *v = wb_rmodel_str(p, "verdict", "");

				if (!wb_rmodel_cell_in(cell, md))
					continue;
				if (!okc && !strcmp(wb_rmodel_str(cell, "status", ""), "ok"))
					okc = cell;
				if (!ac && json_is_object(json_object_get(cell, "active_check")))
					ac = json_object_get(cell, "active_check");
				if (!json_is_object(p))
					continue;
				any = true;
				pass += !strcmp(v, "pass");
				fail += !strcmp(v, "fail");
				na += strcmp(v, "pass") && strcmp(v, "fail");
				for (c = 0; c < WB_ARRAY_SIZE(pmf_counters); c++)
					sum[c] += json_integer_value(json_object_get(p, pmf_counters[c]));
			}
			if (!any && !okc)
				continue;
			if (okc) {
				const json_t *a = json_object_get(okc, "association");
				const json_t *pmf = json_object_get(a, "pmf");

				snprintf(neg, sizeof(neg), "%s, PMF %s, %s",
					 wb_rmodel_str(a, "key_mgmt", "?"),
					 json_is_integer(pmf) ? (json_integer_value(pmf) == 2 ?
						 "required" : json_integer_value(pmf) == 1 ?
						 "optional" : "off") : "?",
					 wb_rmodel_str(a, "mgmt_group_cipher", "no BIP"));
			}
			wb_strbuf_addf(b, "<tr class=\"%s\">", fail ? "fail" : "ok");
			wb_rhtml_td(b, "mode", md->label);
			wb_strbuf_addf(b, "<td class=\"num\" data-file=\"%zu\" data-key=\"", f);
			esc(b, md->key);
			wb_strbuf_addf(b, "\" data-field=\"pmf_verdicts\">"
				       "<span class=\"%s\">%lld pass</span> / "
				       "<span class=\"%s\">%lld fail</span> / %lld n/a</td>",
				       pass ? "ok" : "note", pass, fail ? "fail" : "note", fail, na);
			wb_rhtml_td(b, NULL, neg);
			for (c = 0; c < WB_ARRAY_SIZE(pmf_counters); c++)
				wb_strbuf_addf(b, "<td class=\"num%s\">%lld</td>",
					       fail && sum[c] &&
					       (!strcmp(pmf_counters[c], "unprotected_unicast") ||
						!strcmp(pmf_counters[c], "mic_failed")) ?
					       " fail" : "", sum[c]);
			wb_rhtml_td(b, NULL, ac ? wb_rmodel_str(ac, "forged_deauth", "-") : "not run");
			pmf_findings(b, cells, md);
			wb_strbuf_addf(b, "</tr>\n");
		}
		wb_strbuf_addf(b, "</table>\n");
	}
}

/* ---- environment and scenario ---- */

static void value_html(struct wb_strbuf *b, const json_t *v, int depth)
{
	const char *k;
	const json_t *x;
	size_t i;
	bool scalars = true;

	if (json_is_object(v) && json_object_size(v) && depth < 8) {
		wb_strbuf_addf(b, "<table class=\"kv\">");
		json_object_foreach((json_t *)v, k, x) {
			wb_strbuf_addf(b, "<tr><th>");
			esc(b, k);
			wb_strbuf_addf(b, "</th><td>");
			value_html(b, x, depth + 1);
			wb_strbuf_addf(b, "</td></tr>");
		}
		wb_strbuf_addf(b, "</table>");
		return;
	}
	if (json_is_array(v) && depth < 8) {
		json_array_foreach(v, i, x)
			scalars &= !json_is_object(x) && !json_is_array(x);
		json_array_foreach(v, i, x) {
			if (i)
				wb_strbuf_addf(b, scalars ? ", " : "");
			value_html(b, x, depth + 1);
		}
		if (!json_array_size(v))
			wb_strbuf_addf(b, "<span class=\"note\">(none)</span>");
		return;
	}
	if (json_is_string(v)) {
		esc(b, json_string_value(v));
	} else if (json_is_null(v)) {
		wb_strbuf_addf(b, "<span class=\"note\">null</span>");
	} else {
		char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(10));

		esc(b, t ? t : "?");
		free(t);
	}
}

void wb_rhtml_environment(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	size_t f;

	wb_strbuf_addf(b, "<h2 id=\"environment\">Environment</h2>\n");
	for (f = 0; f < m->nf; f++) {
		json_t *env = wb_report_redact(json_object_get(m->file[f].doc, "environment"));

		wb_rhtml_file_heading(b, m, f);
		if (!env) {
			b->failed = true;
			return;
		}
		wb_strbuf_addf(b, "<div class=\"environment\" data-file=\"%zu\">", f);
		value_html(b, env, 0);
		wb_strbuf_addf(b, "</div>\n");
		json_decref(env);
	}
	wb_strbuf_addf(b, "<h2 id=\"scenario\">Scenario</h2>\n");
	for (f = 0; f < m->nf; f++) {
		json_t *sc = wb_report_redact(json_object_get(m->file[f].doc, "scenario"));
		char *t = sc ? json_dumps(sc, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

		wb_rhtml_file_heading(b, m, f);
		json_decref(sc);
		if (!t) {
			b->failed = true;
			return;
		}
		wb_strbuf_addf(b, "<pre class=\"scenario\" data-file=\"%zu\">", f);
		esc(b, t);
		wb_strbuf_addf(b, "</pre>\n");
		free(t);
	}
}
