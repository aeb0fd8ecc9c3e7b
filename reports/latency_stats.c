/* wbench: cells[].latency from the latency collector's results (see latency_stats.h). */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "reports/latency_stats.h"
#include "reports/stats.h"

/* {p50, p90, p99, max} of the finite round trips of @rtt (nulls without any). */
static json_t *quantiles(const json_t *rtt)
{
	size_t n = 0, i;
	double *v = malloc((json_array_size(rtt) + 1) * sizeof(*v));
	const json_t *x;
	json_t *o;

	if (!v)
		return NULL;
	json_array_foreach(rtt, i, x)
		if (json_is_number(x) && isfinite(json_number_value(x)) && json_number_value(x) >= 0)
			v[n++] = json_number_value(x);
	double p50 = wb_stats_quantile(v, n, 0.5); /* sorts v */
	double p90 = wb_stats_quantile(v, n, 0.9), p99 = wb_stats_quantile(v, n, 0.99);

	o = json_pack("{s:o, s:o, s:o, s:o}", "p50", wb_stats_json(p50), "p90", wb_stats_json(p90),
		      "p99", wb_stats_json(p99), "max", wb_stats_json(n ? v[n - 1] : NAN));
	free(v);
	return o;
}

json_t *wb_latency_phase(const json_t *res, unsigned int probes_per_s, int with_lost)
{
	const char *status = json_string_value(json_object_get(res, "status"));
	json_t *o = json_pack("{s:s, s:I, s:O?, s:O?, s:O?, s:O?, s:o}",
			      "status", status && !strcmp(status, "ok") ? "ok" : "failed",
			      "probes_per_s", (json_int_t)probes_per_s,
			      "sent", json_object_get(res, "sent"),
			      "received", json_object_get(res, "received"),
			      "duplicates", json_object_get(res, "duplicates"),
			      "loss_pct", json_object_get(res, "loss_pct"),
			      "rtt_ms", quantiles(json_object_get(res, "rtt_ms")));

	if (o && json_object_get(res, "message"))
		json_object_set(o, "message", json_object_get(res, "message"));
	if (o && with_lost && json_is_array(json_object_get(res, "lost_at_s")))
		json_object_set(o, "lost_at_s", json_object_get(res, "lost_at_s"));
	return o;
}

static double q(const json_t *phase, const char *key)
{
	const json_t *v = json_object_get(json_object_get(phase, "rtt_ms"), key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

json_t *wb_latency_cell(json_t *idle, json_t *loaded, const char *target,
			unsigned int size_bytes)
{
	const char *st = json_string_value(json_object_get(loaded, "status"));
	bool ok = st && !strcmp(st, "ok");
	json_t *added = json_null();
	json_t *o;

	if (idle && loaded && isfinite(q(idle, "p50")) && isfinite(q(loaded, "p50")))
		added = json_pack("{s:o, s:o}", "p50", wb_stats_json(q(loaded, "p50") - q(idle, "p50")),
				  "p90", wb_stats_json(q(loaded, "p90") - q(idle, "p90")));
	o = json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o}", "status", ok ? "ok" : "failed",
		      "method", "icmp_echo", "target", target ? target : "",
		      "size_bytes", (json_int_t)size_bytes, "idle", idle ? idle : json_null(),
		      "loaded", loaded ? loaded : json_null(), "added_ms", added);
	if (o && !ok && json_object_get(loaded, "message"))
		json_object_set(o, "message", json_object_get(loaded, "message"));
	else if (o && !loaded)
		json_object_set_new(o, "message", json_string("the probes during the traffic "
							       "did not run"));
	return o;
}
