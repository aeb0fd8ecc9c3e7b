/*
 * One mode of a comparison: gather each side's cells (ok values, failures, PMF verdicts),
 * decide the statistical verdicts (throughput, busiest-core CPU, latency under load),
 * the functional gates (start, PMF, reconnect cycles, soak disconnects), the floor and
 * the missing gate, and build the GROUP object of docs/compare.md.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/jpath.h"
#include "reports/compare_i.h"
#include "reports/results.h"
#include "reports/stats.h"
#include "reports/verdict.h"
#include "wbench/lib/utf8.h"

#define N_STATUS (WB_RESULTS_ERROR + 1)

enum { PMF_PASS, PMF_FAIL, PMF_NA, PMF_N };
enum { END_AP, END_STA, END_N };

static const char *const pmf_names[PMF_N] = { "pass", "fail", "n/a" };
static const char *const end_names[END_N] = { "ap", "sta" };

/* What one side holds for the mode. */
struct side {
	bool present;
	size_t n_ok, n_failed;
	size_t status[N_STATUS];
	const char *fail_status, *fail_diag; /* most common among failed cells; borrowed */
	double *bps;                         /* ok cells' throughput, file order */
	size_t n_bps;
	double *cpu[END_N];                  /* ok cells' busiest-core busy % */
	size_t n_cpu[END_N];
	size_t sta_same_host;                /* ok cells whose cpu.sta is the AP's host */
	size_t pmf[PMF_N], pmf_absent;       /* cells by PMF verdict; without one */
	json_int_t rc_cycles, rc_ok;         /* reconnect cycles over the cells, succeeded */
	size_t soak_cells;                   /* cells that ran a soak */
	json_int_t disconnects;              /* over the soaks */
	double soak_s;                       /* the soaks' measured and outage seconds */
	double wall_s;                       /* sum of the cells' wall_s; NAN without any */
};

/* The state of one group while it is decided. */
struct ctx {
	const struct wb_compare_gate *g;
	json_t *gates;                       /* the "gates" array being built */
	bool failed, unknown;                /* some gate failed / was unknown */
	bool oom;
};

static void side_release(struct side *s)
{
	size_t e;

	free(s->bps);
	for (e = 0; e < END_N; e++)
		free(s->cpu[e]);
}

static double cell_number(const json_t *cell, const char *a, const char *b, const char *c)
{
	return wb_jpath_num(cell, a, b, c, NULL);
}

/* A cell's soak (docs/results.md "soak"), when it ran one, into @s. */
static void soak_add(struct side *s, const json_t *soak)
{
	double m = wb_jpath_num(soak, "measured_s", NULL), o = wb_jpath_num(soak, "outage_s", NULL);

	if (!json_is_object(soak))
		return;
	s->soak_cells++;
	s->disconnects += json_integer_value(json_object_get(json_object_get(soak,
								 "disconnects"), "count"));
	s->soak_s += (isfinite(m) ? m : 0) + (isfinite(o) ? o : 0);
}

static int collect(const struct wb_compare_side *in, struct side *s)
{
	enum wb_results_status st;
	const json_t *c, *pmf, *sta, *rc;
	const char **fs, **fd;             /* failed cells' status and diagnosis code */
	const char *v;
	double x;
	size_t i, e, k;

	memset(s, 0, sizeof(*s));
	s->wall_s = NAN;
	if (!in)
		return 0;
	s->present = true;
	s->bps = calloc(in->n_cells + 1, sizeof(double));
	for (e = 0; e < END_N; e++)
		s->cpu[e] = calloc(in->n_cells + 1, sizeof(double));
	fs = calloc(in->n_cells + 1, sizeof(*fs));
	fd = calloc(in->n_cells + 1, sizeof(*fd));
	if (!s->bps || !s->cpu[END_AP] || !s->cpu[END_STA] || !fs || !fd) {
		free(fs);
		free(fd);
		return -ENOMEM;
	}
	for (i = 0; i < in->n_cells; i++) {
		c = in->cells[i];
		/* Validated documents: the status is one of the known names. */
		if (wb_results_status_parse(json_string_value(json_object_get(c, "status")), &st) < 0)
			st = WB_RESULTS_ERROR;
		s->status[st]++;
		x = cell_number(c, "wall_s", NULL, NULL);
		if (!isnan(x))
			s->wall_s = (isnan(s->wall_s) ? 0 : s->wall_s) + x;
		rc = json_object_get(c, "reconnect");
		s->rc_cycles += json_integer_value(json_object_get(rc, "cycles"));
		s->rc_ok += json_integer_value(json_object_get(rc, "succeeded"));
		soak_add(s, json_object_get(c, "soak"));
		pmf = json_object_get(c, "pmf");
		v = json_string_value(json_object_get(pmf, "verdict"));
		for (k = 0; v && k < PMF_N && strcmp(v, pmf_names[k]); k++)
			;
		if (v && k < PMF_N)
			s->pmf[k]++;
		else
			s->pmf_absent++;
		if (st != WB_RESULTS_OK) {
			fs[s->n_failed] = json_string_value(json_object_get(c, "status"));
			fd[s->n_failed++] = json_string_value(json_object_get(
				json_object_get(c, "diagnosis"), "code"));
			continue;
		}
		s->n_ok++;
		s->bps[s->n_bps++] = cell_number(c, "throughput", "bits_per_second", NULL);
		for (e = 0; e < END_N; e++) {
			x = cell_number(c, "cpu", end_names[e], "max_core_busy_pct");
			if (!isnan(x))
				s->cpu[e][s->n_cpu[e]++] = x;
		}
		sta = json_object_get(json_object_get(c, "cpu"), "sta");
		/* The sim runs both ends in one kernel: its STA numbers are the AP's. */
		if (json_is_string(json_object_get(sta, "same_host_as")))
			s->sta_same_host++;
	}
	s->fail_status = wb_stats_most_common(fs, s->n_failed);
	s->fail_diag = wb_stats_most_common(fd, s->n_failed);
	free(fs);
	free(fd);
	return 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *num_array(const double *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		if (json_array_append_new(a, wb_stats_json(v[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static double median_of(const double *v, size_t n)
{
	double *c;
	double m;

	if (!n)
		return NAN;
	c = malloc(n * sizeof(*c));
	if (!c)
		return NAN;
	memcpy(c, v, n * sizeof(*c));
	m = wb_stats_median(c, n);
	free(c);
	return m;
}

static json_t *side_json(const struct side *s)
{
	json_t *statuses, *pmf;
	size_t i;

	if (!s->present)
		return json_null();
	statuses = json_object();
	for (i = 0; statuses && i < N_STATUS; i++)
		if (s->status[i] &&
		    json_object_set_new(statuses, wb_results_status_name((enum wb_results_status)i),
					json_integer((json_int_t)s->status[i])) < 0) {
			json_decref(statuses);
			statuses = NULL;
		}
	pmf = json_pack("{s:I, s:I, s:I, s:I}", "pass", (json_int_t)s->pmf[PMF_PASS], "fail",
			(json_int_t)s->pmf[PMF_FAIL], "n/a", (json_int_t)s->pmf[PMF_NA],
			"not_recorded", (json_int_t)s->pmf_absent);
	return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:o, s:o}",
			 "n", (json_int_t)s->n_ok, "n_failed", (json_int_t)s->n_failed,
			 "statuses", statuses,
			 "failure_status", str_or_null(s->fail_status),
			 "failure_diagnosis", str_or_null(s->fail_diag),
			 "bits_per_second", num_array(s->bps, s->n_bps),
			 "median_bits_per_second", wb_stats_json(median_of(s->bps, s->n_bps)),
			 "max_core_busy_pct",
			 "ap", num_array(s->cpu[END_AP], s->n_cpu[END_AP]),
			 "sta", num_array(s->cpu[END_STA], s->n_cpu[END_STA]),
			 "pmf", pmf,
			 "wall_s", wb_stats_json(s->wall_s));
}

/* Appends {gate, result, verdict, message} and notes a failure or an unknown. */
static void WB_PRINTF(5, 6) gate(struct ctx *x, const char *name, const char *result,
				 const char *verdict, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	json_t *e;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* A long note or label can be cut mid-sequence: jansson would refuse the message. */
	wb_utf8_sanitize(msg);
	if (!strcmp(result, "fail"))
		x->failed = true;
	else if (!strcmp(result, "unknown"))
		x->unknown = true;
	e = json_pack("{s:s, s:s, s:s, s:s}", "gate", name, "result", result, "verdict", verdict,
		      "message", msg);
	if (json_array_append_new(x->gates, e) < 0)
		x->oom = true;
}

/* "3 ap_start_failed (no_bip_cipher)" / "2 ok, 1 assoc_failed" for messages. */
static void describe_statuses(const struct side *s, char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < N_STATUS && o < len; i++)
		if (s->status[i])
			o += (size_t)snprintf(buf + o, len - o, "%s%zu %s", o ? ", " : "",
					      s->status[i],
					      wb_results_status_name((enum wb_results_status)i));
	if (s->fail_diag && o < len)
		snprintf(buf + o, len - o, " (%s)", s->fail_diag);
	wb_utf8_sanitize(buf);
}

static json_t *mwu_json(const struct wb_verdict_result *r)
{
	double p_min = wb_mwu_p_min(r->m, r->n);

	if (isnan(r->mwu.p))
		return json_pack("{s:n, s:n, s:n, s:o}", "u", "p", "exact", "p_min",
				 wb_stats_json(p_min));
	return json_pack("{s:o, s:o, s:b, s:o}", "u", wb_stats_json(r->mwu.u), "p",
			 wb_stats_json(r->mwu.p), "exact", r->mwu.exact, "p_min",
			 wb_stats_json(p_min));
}

static json_t *ci_json(const struct wb_verdict_result *r)
{
	if (!isfinite(r->ci_lo) || !isfinite(r->ci_hi))
		return json_null();
	return json_pack("[f, f]", r->ci_lo, r->ci_hi);
}

/* The gate result of a statistical verdict. */
static const char *stat_result(const struct ctx *x, enum wb_verdict_outcome v)
{
	if (v == WB_VERDICT_REGRESSED)
		return "fail";
	if (v == WB_VERDICT_UNKNOWN)
		return x->g->fail_on_unknown ? "fail" : "unknown";
	return "pass";
}

static const char *unknown_note(const struct ctx *x, enum wb_verdict_outcome v)
{
	if (v != WB_VERDICT_UNKNOWN)
		return "";
	return x->g->fail_on_unknown ? " (run more repetitions; fail_on_unknown is set)"
				     : " (run more repetitions)";
}

static void throughput_settings(const struct wb_compare_gate *g, struct wb_verdict_settings *s)
{
	wb_verdict_defaults(s);
	s->alpha = g->alpha;
	s->band = g->noise_band_pct / 100.0;
	s->min_runs = g->min_runs;
	s->boot.stat = WB_BOOTSTRAP_RATIO_OF_MEDIANS;
	s->boot.resamples = g->resamples;
	s->boot.confidence = g->confidence;
	s->boot.seed = g->seed;
	s->higher_is_better = true;
}

static int throughput(struct ctx *x, const struct side *b, const struct side *c, json_t **out)
{
	struct wb_verdict_settings s;
	struct wb_verdict_result r;
	char why[256], st[160], change[32];
	int ret;

	if (!b->n_bps || !c->n_bps) {
		const struct side *none = !c->n_bps ? c : b;
		const char *which = none == c ? "candidate" : "baseline";

		describe_statuses(none, st, sizeof(st));
		if (!none->present)
			snprintf(why, sizeof(why), "the mode is not in the %s", which);
		else
			snprintf(why, sizeof(why), "no ok cell in the %s: %s", which, st);
		wb_utf8_sanitize(why);
		*out = json_pack("{s:s, s:n, s:n, s:n, s:n, s:n, s:n, s:n, s:s}", "verdict",
				 "not_compared", "ratio_of_medians", "change_pct", "ci", "mwu",
				 "baseline_median", "candidate_median", "noise_band_pct", "reason", why);
		return *out ? 0 : -ENOMEM;
	}
	throughput_settings(x->g, &s);
	ret = wb_verdict_decide(b->bps, b->n_bps, c->bps, c->n_bps, &s, &r);
	if (ret < 0)
		return ret;
	/* No percentage without a ratio (a baseline median of 0 has none). */
	if (isfinite(r.estimate))
		snprintf(change, sizeof(change), " (%+.1f%%)", (r.estimate - 1) * 100);
	else
		change[0] = '\0';
	if (x->g->on_throughput)
		gate(x, "throughput", stat_result(x, r.verdict), wb_verdict_outcome_name(r.verdict),
		     "median %.2f -> %.2f Mbit/s%s: %s%s", r.base_median / 1e6, r.cand_median / 1e6,
		     change, r.reason, unknown_note(x, r.verdict));
	*out = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:f, s:s}",
			 "verdict", wb_verdict_outcome_name(r.verdict),
			 "ratio_of_medians", wb_stats_json(r.estimate),
			 "change_pct", wb_stats_json((r.estimate - 1) * 100),
			 "ci", ci_json(&r), "mwu", mwu_json(&r),
			 "baseline_median", wb_stats_json(r.base_median),
			 "candidate_median", wb_stats_json(r.cand_median),
			 "noise_band_pct", x->g->noise_band_pct, "reason", r.reason);
	return *out ? 0 : -ENOMEM;
}

static int cpu_end(struct ctx *x, const struct side *b, const struct side *c, size_t e,
		   json_t **out)
{
	static const char *const gate_names[END_N] = { "cpu.ap", "cpu.sta" };
	static const char *const labels[END_N] = { "AP", "STA" };
	struct wb_verdict_settings s;
	struct wb_verdict_result r;
	bool shared;
	int ret;

	*out = json_null();
	if (!b->n_cpu[e] || !c->n_cpu[e])
		return 0;
	throughput_settings(x->g, &s);
	s.band = x->g->cpu_band_pp;
	s.boot.stat = WB_BOOTSTRAP_DIFF_OF_MEDIANS;
	s.higher_is_better = false;
	ret = wb_verdict_decide(b->cpu[e], b->n_cpu[e], c->cpu[e], c->n_cpu[e], &s, &r);
	if (ret < 0)
		return ret;
	/* Gated once: when the STA's numbers are the AP's host, cpu.ap already covers them. */
	shared = e == END_STA && (b->sta_same_host || c->sta_same_host);
	if (x->g->on_cpu && !shared)
		gate(x, gate_names[e], stat_result(x, r.verdict), wb_verdict_outcome_name(r.verdict),
		     "busiest %s core %.1f%% -> %.1f%% (%+.1f pp): %s%s", labels[e], r.base_median,
		     r.cand_median, r.cand_median - r.base_median, r.reason,
		     unknown_note(x, r.verdict));
	json_decref(*out);
	*out = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:f, s:b, s:s}",
			 "metric", "max_core_busy_pct", "verdict", wb_verdict_outcome_name(r.verdict),
			 "baseline_median", wb_stats_json(r.base_median),
			 "candidate_median", wb_stats_json(r.cand_median),
			 "change_pp", wb_stats_json(r.estimate),
			 "ci", ci_json(&r), "mwu", mwu_json(&r),
			 "band_pp", x->g->cpu_band_pp, "same_host_as_ap", shared,
			 "reason", r.reason);
	return *out ? 0 : -ENOMEM;
}

/*
 * Latency under load (cells[].latency, compare_latency.c picks the metric): the CPU gate's
 * machinery on milliseconds, higher is worse, an absolute band. null when a side has none.
 */
static int latency(struct ctx *x, const struct wb_compare_side *bs,
		   const struct wb_compare_side *cs, json_t **out)
{
	struct wb_compare_latency l;
	struct wb_verdict_settings s;
	struct wb_verdict_result r;
	bool added;
	int ret;

	*out = json_null();
	if ((ret = wb_compare_latency_collect(bs, cs, &l)) < 0)
		return ret;
	if (!l.m || !l.n)
		goto out;
	added = !strcmp(l.metric, "added_ms.p90");
	throughput_settings(x->g, &s);
	s.band = x->g->latency_band_ms;
	s.boot.stat = WB_BOOTSTRAP_DIFF_OF_MEDIANS;
	s.higher_is_better = false;
	if ((ret = wb_verdict_decide(l.base, l.m, l.cand, l.n, &s, &r)) < 0)
		goto out;
	if (x->g->on_latency)
		gate(x, "latency", stat_result(x, r.verdict), wb_verdict_outcome_name(r.verdict),
		     "%s %.2f -> %.2f ms (%+.2f ms): %s%s", added ? "latency added under load, "
		     "p90," : "loaded latency p90 (no idle baseline),", r.base_median,
		     r.cand_median, r.cand_median - r.base_median, r.reason,
		     unknown_note(x, r.verdict));
	json_decref(*out);
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:f, s:o, s:o, s:s}",
			 "metric", l.metric, "metric_reason", l.why,
			 "verdict", wb_verdict_outcome_name(r.verdict),
			 "baseline_median", wb_stats_json(r.base_median),
			 "candidate_median", wb_stats_json(r.cand_median),
			 "change_ms", wb_stats_json(r.estimate), "ci", ci_json(&r),
			 "mwu", mwu_json(&r), "band_ms", x->g->latency_band_ms,
			 "baseline_ms", num_array(l.base, l.m),
			 "candidate_ms", num_array(l.cand, l.n), "reason", r.reason);
	ret = *out ? 0 : -ENOMEM;
out:
	wb_compare_latency_release(&l);
	return ret;
}

static json_t *verdict_json(const char *verdict, const char *reason)
{
	return json_pack("{s:s, s:s}", "verdict", verdict, "reason", reason);
}

/* A mode that started (had ok cells) and now fails, or the reverse. */
static json_t *start_gate(struct ctx *x, const struct side *b, const struct side *c)
{
	char bs[160], cs[160], why[400];
	const char *v;

	if (!b->present || !c->present)
		return verdict_json("not_compared", b->present ? "the mode is not in the candidate"
							       : "the mode is not in the baseline");
	describe_statuses(b, bs, sizeof(bs));
	describe_statuses(c, cs, sizeof(cs));
	if (!c->n_failed)
		v = b->n_failed ? "fixed" : "ok";
	else if (!b->n_failed || (!c->n_ok && b->n_ok))
		v = "new_failure";
	else
		v = "still_failing";
	snprintf(why, sizeof(why), "baseline %s; candidate %s", bs, cs);
	wb_utf8_sanitize(why);
	if (x->g->on_start)
		gate(x, "start", !strcmp(v, "new_failure") ? "fail" : "pass", v, "%s", why);
	return verdict_json(v, why);
}

static void describe_pmf(const struct side *s, char *buf, size_t len)
{
	int o;

	if (s->pmf_absent == s->n_ok + s->n_failed) {
		snprintf(buf, len, "none recorded");
		return;
	}
	o = snprintf(buf, len, "%zu pass, %zu fail, %zu n/a", s->pmf[PMF_PASS], s->pmf[PMF_FAIL],
		     s->pmf[PMF_NA]);
	if (s->pmf_absent && o > 0 && (size_t)o < len)
		snprintf(buf + o, len - (size_t)o, ", %zu not recorded", s->pmf_absent);
}

/* A PMF verdict "fail" in the candidate where the baseline had none. */
static json_t *pmf_gate(struct ctx *x, const struct side *b, const struct side *c)
{
	char why[400], bs[128], cs[128];
	const char *v;

	if (!b->present || !c->present)
		return verdict_json("not_compared", b->present ? "the mode is not in the candidate"
							       : "the mode is not in the baseline");
	if (c->pmf[PMF_FAIL])
		v = b->pmf[PMF_FAIL] ? "still_fail" : "new_fail";
	else
		v = b->pmf[PMF_FAIL] ? "fixed" : "ok";
	describe_pmf(b, bs, sizeof(bs));
	describe_pmf(c, cs, sizeof(cs));
	snprintf(why, sizeof(why), "PMF verdicts: baseline %s; candidate %s", bs, cs);
	if (x->g->on_pmf)
		gate(x, "pmf", !strcmp(v, "new_fail") ? "fail" : "pass", v, "%s", why);
	return verdict_json(v, why);
}

static double lchoose(double n, double k)
{
	return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/*
 * One-sided Fisher exact test: the probability, with the successes of both sides pooled
 * and shared at random, that the candidate gets @kc or fewer of its @nc cycles (the
 * baseline @kb of @nb). Small: the candidate's rate is lower than chance explains.
 */
static double fisher_fewer(json_int_t kb, json_int_t nb, json_int_t kc, json_int_t nc)
{
	double succ = (double)(kb + kc), fail = (double)(nb - kb + nc - kc), all = (double)(nb + nc);
	double p = 0, denom = lchoose(all, (double)nc);

	for (json_int_t k = 0; k <= kc; k++)
		if ((double)k <= succ && (double)(nc - k) <= fail)
			p += exp(lchoose(succ, (double)k) + lchoose(fail, (double)(nc - k)) - denom);
	return p > 1 ? 1 : p;
}

/*
 * Reconnect cycles (scenario stability.reconnect_cycles): failed cycles in the candidate
 * where the baseline had none, or a success rate lower than chance explains (one-sided
 * Fisher exact test at the gate's alpha), fail.
 */
static json_t *reconnect_gate(struct ctx *x, const struct side *b, const struct side *c)
{
	json_int_t bf = b->rc_cycles - b->rc_ok, cf = c->rc_cycles - c->rc_ok;
	char why[400], pv[48] = "";
	double p = NAN;
	const char *v;

	if (!b->present || !c->present)
		return verdict_json("not_compared", b->present ? "the mode is not in the candidate"
							       : "the mode is not in the baseline");
	if (!b->rc_cycles && !c->rc_cycles)
		return verdict_json("not_run", "no reconnect cycles on either side");
	if (!cf)
		v = bf ? "fixed" : "ok";
	else if (!bf)
		v = "new_failures";
	else
		v = (p = fisher_fewer(b->rc_ok, b->rc_cycles, c->rc_ok, c->rc_cycles)) < x->g->alpha ?
		    "worse" : "still_failing";
	if (!isnan(p))
		snprintf(pv, sizeof(pv), " (Fisher p = %.3g)", p);
	snprintf(why, sizeof(why), "reconnect cycles: baseline %lld of %lld; candidate %lld of "
		 "%lld%s", (long long)b->rc_ok, (long long)b->rc_cycles, (long long)c->rc_ok,
		 (long long)c->rc_cycles, pv);
	if (x->g->on_reconnect)
		gate(x, "reconnect", !strcmp(v, "new_failures") || !strcmp(v, "worse") ? "fail" :
		     "pass", v, "%s", why);
	return json_pack("{s:s, s:s, s:o}", "verdict", v, "reason", why, "p",
			 wb_stats_json(p));
}

/* log P(X = @j) for X ~ Binomial(@k, q); @lq = log q, @lq1 = log(1 - q). */
static double lbinom(double k, double j, double lq, double lq1)
{
	return lchoose(k, j) + j * lq + (k - j) * lq1;
}

/*
 * P(X >= @kc) for X ~ Binomial(@k, @q), 0 < @q < 1. The terms are summed from @kc away from
 * the mode, where they only fall, until they stop mattering: O(sqrt(k)) terms however
 * many disconnects a document claims. Below the mode, 1 - P(X <= kc - 1) the same way.
 */
static double binom_upper(json_int_t kc, json_int_t k, double q)
{
	double lq = log(q), lq1 = log1p(-q), mode = floor(((double)k + 1) * q), sum = 0, t;
	json_int_t j;

	if (kc <= 0)
		return 1;
	if (kc > k)
		return 0;
	if ((double)kc >= mode) {
		for (j = kc; j <= k; j++) {
			sum += t = exp(lbinom((double)k, (double)j, lq, lq1));
			if (t <= sum * 1e-17)
				break;
		}
		return sum > 1 ? 1 : sum;
	}
	for (j = kc - 1; j >= 0; j--) {
		sum += t = exp(lbinom((double)k, (double)j, lq, lq1));
		if (t <= sum * 1e-17)
			break;
	}
	return sum > 1 ? 0 : 1 - sum;
}

/*
 * The one-sided exact conditional test of two Poisson rates: given the @kb + @kc
 * disconnects of both sides, under equal rates the candidate's share is
 * Binomial(kb + kc, tc / (tb + tc)); small P(X >= kc): its rate is higher than chance
 * explains. NAN when a side has no soak time to hold a rate.
 */
static double rate_higher_p(json_int_t kb, double tb, json_int_t kc, double tc)
{
	double q = tc / (tb + tc);

	/* A side's time so small against the other's that q rounds to 0 or 1 holds no rate. */
	if (!(tb > 0) || !(tc > 0) || !(q > 0 && q < 1))
		return NAN;
	return binom_upper(kc, kb + kc, q);
}

/* "3 in 1.50 h" / "no soak" for messages. */
static void describe_soak(const struct side *s, char *buf, size_t len)
{
	if (!s->soak_cells)
		snprintf(buf, len, "no soak");
	else
		snprintf(buf, len, "%lld in %.2f h", (long long)s->disconnects, s->soak_s / 3600.0);
}

/*
 * Disconnects during the soaks (scenario stability.soak_s), pooled per side: disconnects
 * in the candidate where the baseline had none (or ran no soak), or a rate per soak
 * second higher than chance explains (rate_higher_p at the gate's alpha), fail.
 */
static json_t *disconnects_gate(struct ctx *x, const struct side *b, const struct side *c)
{
	char why[400], bs[96], cs[96], pv[48] = "";
	double p = NAN;
	const char *v;

	if (!b->present || !c->present)
		return verdict_json("not_compared", b->present ? "the mode is not in the candidate"
							       : "the mode is not in the baseline");
	if (!b->soak_cells && !c->soak_cells)
		return verdict_json("not_run", "no soak on either side");
	if (!c->disconnects)
		v = b->disconnects ? "fixed" : "ok";
	else if (!b->disconnects)
		v = "new_disconnects";
	else
		v = (p = rate_higher_p(b->disconnects, b->soak_s, c->disconnects, c->soak_s)) <
		    x->g->alpha ? "worse" : "still_disconnecting";
	if (!isnan(p))
		snprintf(pv, sizeof(pv), " (exact rate test p = %.3g)", p);
	describe_soak(b, bs, sizeof(bs));
	describe_soak(c, cs, sizeof(cs));
	snprintf(why, sizeof(why), "soak disconnects: baseline %s; candidate %s%s", bs, cs, pv);
	if (x->g->on_disconnects)
		gate(x, "disconnects", !strcmp(v, "new_disconnects") || !strcmp(v, "worse") ?
		     "fail" : "pass", v, "%s", why);
	return json_pack("{s:s, s:s, s:o, s:I, s:f, s:I, s:f}", "verdict", v, "reason", why,
			 "p", wb_stats_json(p), "baseline_disconnects", b->disconnects,
			 "baseline_soak_s", b->soak_s, "candidate_disconnects", c->disconnects,
			 "candidate_soak_s", c->soak_s);
}

static json_t *floor_gate(struct ctx *x, const char *const key[WB_COMPARE_NKEYS],
			  const struct side *c)
{
	const struct wb_compare_floor *f;
	double med = median_of(c->bps, c->n_bps);
	size_t index = 0;
	bool pass;

	if (!x->g->on_floor || !c->present ||
	    !(f = wb_compare_gate_floor_for(x->g, key, &index)))
		return json_null();
	/* A mode with no ok cell delivers nothing: below any floor. */
	pass = c->n_bps && med >= f->min_bits_per_second;
	if (c->n_bps)
		gate(x, "floor", pass ? "pass" : "fail", pass ? "pass" : "below_floor",
		     "candidate median %.2f Mbit/s %s the floor %.2f Mbit/s (floors[%zu])%s%s",
		     med / 1e6, pass ? "meets" : "is below", f->min_bits_per_second / 1e6, index,
		     f->note ? ": " : "", f->note ? f->note : "");
	else
		gate(x, "floor", "fail", "below_floor",
		     "no ok cell in the candidate: below the floor %.2f Mbit/s (floors[%zu])%s%s",
		     f->min_bits_per_second / 1e6, index, f->note ? ": " : "",
		     f->note ? f->note : "");
	return json_pack("{s:I, s:o, s:s*, s:f, s:o, s:s}", "rule", (json_int_t)index, "match",
			 wb_compare_floor_match_json(f), "note", f->note, "min_bits_per_second",
			 f->min_bits_per_second, "candidate_median_bits_per_second",
			 wb_stats_json(med), "verdict", pass ? "pass" : "fail");
}

int wb_compare_group(const char *const key[WB_COMPARE_NKEYS], const struct wb_compare_side *base,
		     const struct wb_compare_side *cand, const struct wb_compare_gate *g,
		     json_t **out)
{
	struct ctx x = { .g = g };
	struct side b = { 0 }, c = { 0 };
	json_t *tp = NULL, *cpu[END_N] = { NULL, NULL }, *lat = NULL, *start, *pmf, *rc, *dc;
	json_t *floor_, *mode;
	char *name = NULL;
	size_t e;
	int ret;

	*out = NULL;
	x.gates = json_array();
	ret = x.gates ? 0 : -ENOMEM;
	if (!ret)
		ret = collect(base, &b);
	if (!ret)
		ret = collect(cand, &c);
	if (ret < 0)
		goto out;
	if (b.present && !c.present)
		gate(&x, "missing", g->fail_on_missing ? "fail" : "pass", "missing",
		     "the candidate has no cell of this mode (%zu in the baseline)%s",
		     b.n_ok + b.n_failed, g->fail_on_missing ? "" : "; fail_on_missing is off");
	if ((ret = throughput(&x, &b, &c, &tp)) < 0)
		goto out;
	for (e = 0; e < END_N; e++)
		if ((ret = cpu_end(&x, &b, &c, e, &cpu[e])) < 0)
			goto out;
	if ((ret = latency(&x, base, cand, &lat)) < 0)
		goto out;
	start = start_gate(&x, &b, &c);
	pmf = pmf_gate(&x, &b, &c);
	rc = reconnect_gate(&x, &b, &c);
	dc = disconnects_gate(&x, &b, &c);
	floor_ = floor_gate(&x, key, &c);
	name = wb_compare_key_join(key);
	mode = !name ? NULL : json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:O, s:{s:O, s:O}, "
			 "s:O, s:{s:o, s:o, s:o, s:o}, s:o, s:O, s:s}",
			 "key", name, "crypto", key[0], "security", key[1], "proto", key[2],
			 "direction", key[3], "baseline", side_json(&b), "candidate", side_json(&c),
			 "throughput", tp, "cpu", "ap", cpu[END_AP], "sta", cpu[END_STA],
			 "latency", lat, "functional", "start", start, "pmf", pmf, "reconnect", rc,
			 "disconnects", dc, "floor", floor_,
			 "gates", x.gates,
			 "result", x.failed ? "fail" : x.unknown ? "unknown" : "pass");
	ret = mode && !x.oom ? 0 : -ENOMEM;
	if (!ret)
		*out = mode;
	else
		json_decref(mode);
out:
	free(name);
	json_decref(tp);
	for (e = 0; e < END_N; e++)
		json_decref(cpu[e]);
	json_decref(lat);
	json_decref(x.gates);
	side_release(&b);
	side_release(&c);
	return ret;
}
