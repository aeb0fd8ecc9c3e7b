/*
 * A soak's analysis. Samples arrive in time order (the runner adds them segment by
 * segment), so runs of low seconds and a rekey's neighbourhood are contiguous in the array.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "reports/soak.h"
#include "reports/stats.h"
#include "reports/summary.h"
#include "wbench/lib/util.h"

/* Fewer bins than this leave no degrees of freedom worth an interval. */
#define TREND_BINS_MIN 5
/* A trend bin: at least this long, so that TCP's second-to-second swings average out and
 * neighbouring bins are close to independent; longer soaks get about TREND_BINS bins. */
#define TREND_BIN_MIN_S 10.0
#define TREND_BINS 200.0

int wb_soak_init(struct wb_soak *s, double stall_fraction)
{
	memset(s, 0, sizeof(*s));
	s->stall_fraction = stall_fraction;
	s->failures = json_array();
	return s->failures ? 0 : -ENOMEM;
}

void wb_soak_release(struct wb_soak *s)
{
	if (!s)
		return;
	free(s->s);
	free(s->ev);
	json_decref(s->failures);
	memset(s, 0, sizeof(*s));
}

static bool finite_nonneg(double v)
{
	return isfinite(v) && v >= 0;
}

int wb_soak_add(struct wb_soak *s, double t_s, double dur_s, double bps, bool outage)
{
	if (!finite_nonneg(t_s) || !finite_nonneg(dur_s) || (!outage && !finite_nonneg(bps)))
		return -EINVAL;
	if (s->n >= WB_SOAK_SAMPLES_MAX) {
		s->dropped++;
		return -ENOSPC;
	}
	if (wb_grow((void **)&s->s, &s->cap, s->n + 1, sizeof(*s->s)) < 0)
		return -ENOMEM;
	s->s[s->n++] = (struct wb_soak_sample){ (float)t_s, (float)dur_s,
						outage ? 0.0f : (float)bps, outage };
	return 0;
}

int wb_soak_event(struct wb_soak *s, enum wb_soak_event_type type, double t_s, int reason)
{
	if (!finite_nonneg(t_s))
		return -EINVAL;
	if (s->nev >= WB_SOAK_EVENTS_MAX) {
		s->ev_dropped++;
		return -ENOSPC;
	}
	if (wb_grow((void **)&s->ev, &s->evcap, s->nev + 1, sizeof(*s->ev)) < 0)
		return -ENOMEM;
	s->ev[s->nev++] = (struct wb_soak_event){ (float)t_s, reason, type };
	return 0;
}

int wb_soak_segment(struct wb_soak *s, const char *failure)
{
	s->segments++;
	if (!failure)
		return 0;
	s->failed_segments++;
	if (json_array_size(s->failures) >= WB_SOAK_LIST_MAX)
		return 0;
	return json_array_append_new(s->failures, json_string(failure)) < 0 ? -ENOMEM : 0;
}

/* A sample that counts for the median and the trend: measured, and a whole second or so. */
static bool full(const struct wb_soak_sample *x)
{
	return !x->outage && x->dur_s >= 0.5f;
}

static double end_of(const struct wb_soak_sample *x)
{
	return (double)x->t_s + x->dur_s;
}

/* The median of the full samples; NAN without any. */
static double median_bps(const struct wb_soak *s, double *mean)
{
	double *v = malloc((s->n ? s->n : 1) * sizeof(*v)), sum = 0, secs = 0, med;
	size_t k = 0;

	*mean = NAN;
	if (!v)
		return NAN;
	for (size_t i = 0; i < s->n; i++)
		if (full(&s->s[i])) {
			v[k++] = s->s[i].bps;
			sum += (double)s->s[i].bps * s->s[i].dur_s;
			secs += s->s[i].dur_s;
		}
	med = wb_stats_median(v, k);
	if (secs > 0)
		*mean = sum / secs;
	free(v);
	return med;
}

/* Runs of samples below @thr (outages always): count, total and longest span. */
static json_t *stalls(const struct wb_soak *s, double med)
{
	double thr = s->stall_fraction * med, total = 0, longest = 0, longest_at = 0;
	unsigned long count = 0;
	size_t i = 0;

	if (!isfinite(med))
		return json_null();
	while (i < s->n) {
		size_t j = i;
		double span;

		if (!s->s[i].outage && s->s[i].bps >= thr) {
			i++;
			continue;
		}
		while (j + 1 < s->n && (s->s[j + 1].outage || s->s[j + 1].bps < thr))
			j++;
		span = end_of(&s->s[j]) - s->s[i].t_s;
		count++;
		total += span;
		if (span > longest) {
			longest = span;
			longest_at = s->s[i].t_s;
		}
		i = j + 1;
	}
	return json_pack("{s:f, s:f, s:I, s:f, s:f, s:o}", "fraction", s->stall_fraction,
			 "threshold_bps", thr, "count", (json_int_t)count, "total_s", total,
			 "longest_s", longest, "longest_at_s",
			 count ? json_real(longest_at) : json_null());
}

/*
 * The trend: ordinary least squares of bin means against time, in bits/s per hour, and
 * its 95% interval (Student t, bins - 2 degrees of freedom). Per-second samples are
 * strongly autocorrelated; means over bins of at least TREND_BIN_MIN_S are much less so,
 * which keeps the interval honest. NULL under TREND_BINS_MIN bins.
 */
static json_t *trend(const struct wb_soak *s, double med)
{
	double last = s->n ? end_of(&s->s[s->n - 1]) : 0;
	double bin = fmax(TREND_BIN_MIN_S, ceil(last / TREND_BINS));
	size_t nb = (size_t)ceil(last / bin), m = 0;
	double *sum, *cnt, sx = 0, sy = 0, sxx = 0, sxy = 0, syy, b, a, sse = 0, se, t;
	json_t *o = NULL;

	if (nb < TREND_BINS_MIN || !isfinite(med))
		return json_null();
	sum = calloc(nb, sizeof(*sum));
	cnt = calloc(nb, sizeof(*cnt));
	if (!sum || !cnt)
		goto out;
	for (size_t i = 0; i < s->n; i++) {
		size_t k = (size_t)(s->s[i].t_s / bin);

		if (full(&s->s[i]) && k < nb) {
			sum[k] += s->s[i].bps;
			cnt[k]++;
		}
	}
	for (size_t k = 0; k < nb; k++) {
		double x = (k + 0.5) * bin / 3600.0, y;

		if (!cnt[k])
			continue;
		y = sum[k] / cnt[k];
		sum[m] = x; /* reuse: bin centres and means, compacted */
		cnt[m++] = y;
		sx += x;
		sy += y;
	}
	if (m < TREND_BINS_MIN) {
		o = json_null();
		goto out;
	}
	for (size_t k = 0; k < m; k++) {
		sxx += (sum[k] - sx / m) * (sum[k] - sx / m);
		sxy += (sum[k] - sx / m) * (cnt[k] - sy / m);
	}
	b = sxy / sxx;
	a = sy / m - b * sx / m;
	for (size_t k = 0; k < m; k++) {
		syy = cnt[k] - (a + b * sum[k]);
		sse += syy * syy;
	}
	se = sqrt(sse / (double)(m - 2) / sxx);
	t = wb_stats_t975(m - 2);
	o = json_pack("{s:o, s:o, s:o, s:o, s:f, s:I, s:s}",
		      "slope_bps_per_hour", wb_stats_json(b),
		      "low_bps_per_hour", wb_stats_json(b - t * se),
		      "high_bps_per_hour", wb_stats_json(b + t * se),
		      "slope_pct_per_hour", wb_stats_json(med > 0 ? 100.0 * b / med : NAN),
		      "bin_s", bin, "bins", (json_int_t)m,
		      "method", "least squares over bin means, 95% Student t interval");
out:
	free(sum);
	free(cnt);
	return o;
}

/* The first sample that ends after @t (samples are in time order). */
static size_t first_after(const struct wb_soak *s, double t)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (end_of(&s->s[mid]) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * A rekey at @t: the dip is the lowest sample from 1 s before to WB_SOAK_DIP_WINDOW_S
 * after, as a percentage below the median; the recovery is the time from the rekey to
 * the end of the run of samples under WB_SOAK_RECOVERY_FRACTION of the median that the
 * window holds (0: none was under). Both NAN when no sample covers the window.
 */
static void rekey_effect(const struct wb_soak *s, double t, double med, double *dip,
			 double *recovery)
{
	double lowest = INFINITY, ok = WB_SOAK_RECOVERY_FRACTION * med, end = t;
	size_t i = first_after(s, t - 1.0), first_low = s->n;

	*dip = *recovery = NAN;
	for (size_t j = i; j < s->n && s->s[j].t_s < t + WB_SOAK_DIP_WINDOW_S; j++) {
		if (s->s[j].bps < lowest)
			lowest = s->s[j].bps;
		if (first_low == s->n && s->s[j].bps < ok)
			first_low = j;
	}
	if (!isfinite(lowest) || !isfinite(med) || med <= 0)
		return;
	*dip = fmax(0.0, 100.0 * (1.0 - lowest / med));
	for (size_t j = first_low; j < s->n && s->s[j].bps < ok; j++)
		end = end_of(&s->s[j]);
	*recovery = fmax(0.0, end - t);
}

static const char *event_name(enum wb_soak_event_type t)
{
	return t == WB_SOAK_REKEY_GROUP ? "group" : t == WB_SOAK_REKEY_PTK ? "ptk" : "disconnect";
}

/*
 * The same measures where nothing happened: TCP's own swings give a dip too, and a rekey's
 * dip means something only next to this. Control points lie in the quiet stretches between
 * the soak's start, its events and its end, WB_SOAK_DIP_WINDOW_S + 1 apart, each with its
 * window clear of the previous event's window and of the next event.
 */
static json_t *control(const struct wb_soak *s, double med)
{
	double last = s->n ? end_of(&s->s[s->n - 1]) : 0, prev = 0, *dips, *recs;
	size_t nd = 0, nr = 0;
	json_t *o = NULL;

	dips = calloc(WB_SOAK_CONTROL_MAX, sizeof(*dips));
	recs = calloc(WB_SOAK_CONTROL_MAX, sizeof(*recs));
	if (!dips || !recs)
		goto out;
	for (size_t i = 0; i <= s->nev && nd < WB_SOAK_CONTROL_MAX; i++) {
		double next = i < s->nev ? s->ev[i].t_s : last, dip, rec;

		for (double c = prev + WB_SOAK_DIP_WINDOW_S + 1.0; c + WB_SOAK_DIP_WINDOW_S <= next &&
		     nd < WB_SOAK_CONTROL_MAX; c += WB_SOAK_DIP_WINDOW_S + 1.0) {
			rekey_effect(s, c, med, &dip, &rec);
			if (isfinite(dip))
				dips[nd++] = dip;
			if (isfinite(rec))
				recs[nr++] = rec;
		}
		prev = next > prev ? next : prev;
	}
	o = json_pack("{s:I, s:o, s:o}", "points", (json_int_t)nd, "dip_pct",
		      wb_summary_dist(dips, nd), "recovery_s", wb_summary_dist(recs, nr));
out:
	free(dips);
	free(recs);
	return o;
}

/* cell.soak.rekeys: counts, the listed events with their dip and recovery, distributions. */
static json_t *rekeys(const struct wb_soak *s, double med)
{
	double *dips = calloc(s->nev + 1, sizeof(double)), *recs = calloc(s->nev + 1, sizeof(double));
	json_t *list = json_array(), *o = NULL;
	size_t nd = 0, nr = 0, group = 0, ptk = 0;

	if (!dips || !recs || !list)
		goto out;
	for (size_t i = 0; i < s->nev; i++) {
		const struct wb_soak_event *e = &s->ev[i];
		double dip, rec;

		if (e->type == WB_SOAK_DISCONNECT)
			continue;
		if (e->type == WB_SOAK_REKEY_GROUP)
			group++;
		else
			ptk++;
		rekey_effect(s, e->t_s, med, &dip, &rec);
		if (isfinite(dip))
			dips[nd++] = dip;
		if (isfinite(rec))
			recs[nr++] = rec;
		if (json_array_size(list) < WB_SOAK_LIST_MAX)
			json_array_append_new(list, json_pack("{s:s, s:f, s:o, s:o}", "type",
				event_name(e->type), "at_s", (double)e->t_s, "dip_pct",
				wb_stats_json(dip), "recovery_s", wb_stats_json(rec)));
	}
	o = json_pack("{s:I, s:I, s:o, s:o, s:o, s:O}", "group", (json_int_t)group, "ptk",
		      (json_int_t)ptk, "dip_pct", wb_summary_dist(dips, nd), "recovery_s",
		      wb_summary_dist(recs, nr), "control", control(s, med), "events", list);
out:
	json_decref(list);
	free(dips);
	free(recs);
	return o;
}

static json_t *disconnects(const struct wb_soak *s)
{
	json_t *list = json_array();
	size_t n = 0;

	if (!list)
		return NULL;
	for (size_t i = 0; i < s->nev; i++) {
		if (s->ev[i].type != WB_SOAK_DISCONNECT)
			continue;
		n++;
		if (json_array_size(list) < WB_SOAK_LIST_MAX)
			json_array_append_new(list, json_pack("{s:f, s:o}", "at_s",
				(double)s->ev[i].t_s, "reason", s->ev[i].reason >= 0 ?
				json_integer(s->ev[i].reason) : json_null()));
	}
	return json_pack("{s:I, s:o}", "count", (json_int_t)n, "events", list);
}

/* The series for charts: time bins (at least 1 s) of the duration-weighted mean and the
 * minimum; null where a bin holds no sample. At most WB_SOAK_SERIES_MAX points. */
static json_t *series(const struct wb_soak *s)
{
	double last = s->n ? end_of(&s->s[s->n - 1]) : 0;
	double bin = fmax(1.0, ceil(last / WB_SOAK_SERIES_MAX));
	size_t nb = (size_t)ceil(last / bin);
	double *sum = calloc(nb + 1, sizeof(*sum)), *secs = calloc(nb + 1, sizeof(*secs));
	double *low = malloc((nb + 1) * sizeof(*low));
	json_t *t = json_array(), *mean = json_array(), *min = json_array(), *o = NULL;

	if (!sum || !secs || !low || !t || !mean || !min)
		goto out;
	for (size_t k = 0; k <= nb; k++)
		low[k] = INFINITY;
	for (size_t i = 0; i < s->n; i++) {
		size_t k = (size_t)(s->s[i].t_s / bin);

		if (k > nb)
			k = nb;
		sum[k] += (double)s->s[i].bps * s->s[i].dur_s;
		secs[k] += s->s[i].dur_s;
		if (s->s[i].bps < low[k])
			low[k] = s->s[i].bps;
	}
	for (size_t k = 0; k < nb; k++) {
		json_array_append_new(t, json_real(k * bin));
		json_array_append_new(mean, secs[k] > 0 ? json_real(sum[k] / secs[k]) : json_null());
		json_array_append_new(min, isfinite(low[k]) ? json_real(low[k]) : json_null());
	}
	o = json_pack("{s:f, s:O, s:O, s:O}", "bin_s", bin, "t_s", t, "mean_bps", mean,
		      "min_bps", min);
out:
	json_decref(t);
	json_decref(mean);
	json_decref(min);
	free(sum);
	free(secs);
	free(low);
	return o;
}

json_t *wb_soak_result(const struct wb_soak *s, unsigned int planned_s, unsigned int segment_s)
{
	double mean, med = median_bps(s, &mean), measured = 0, outage = 0;

	for (size_t i = 0; i < s->n; i++)
		*(s->s[i].outage ? &outage : &measured) += s->s[i].dur_s;
	return json_pack("{s:I, s:I, s:I, s:I, s:f, s:f, s:f, s:I, s:I, s:I, s:o, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:O}",
			 "planned_s", (json_int_t)planned_s, "segment_s", (json_int_t)segment_s,
			 "segments", (json_int_t)s->segments,
			 "failed_segments", (json_int_t)s->failed_segments,
			 "measured_s", measured, "outage_s", outage, "gap_s", s->gap_s,
			 "samples", (json_int_t)s->n, "samples_dropped", (json_int_t)s->dropped,
			 "events_dropped", (json_int_t)s->ev_dropped,
			 "median_bps", wb_stats_json(med), "mean_bps", wb_stats_json(mean),
			 "stalls", stalls(s, med), "trend", trend(s, med),
			 "disconnects", disconnects(s), "rekeys", rekeys(s, med),
			 "series", series(s), "failures", s->failures);
}
