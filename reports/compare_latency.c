/*
 * The values the latency gate compares (docs/compare.md, "latency"): per side the ok
 * cells' latency the load added (latency.added_ms.p90), or their loaded p90 when a side's
 * cells lack the idle baseline that makes "added" (scenario latency.idle_s 0, a failed
 * idle phase). compare_group.c decides the verdict with the CPU gate's machinery.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare_i.h"
#include "reports/jpath.h"

/* The ok cells' @metric values of one side into *@out (owned), *@n of them. */
static int values(const struct wb_compare_side *s, bool added, double **out, size_t *n)
{
	size_t i;

	*n = 0;
	*out = calloc(s ? s->n_cells + 1 : 1, sizeof(double));
	if (!*out)
		return -ENOMEM;
	for (i = 0; s && i < s->n_cells; i++) {
		const json_t *c = s->cells[i], *lat = json_object_get(c, "latency");
		const char *st = json_string_value(json_object_get(c, "status"));
		double x = added ? wb_jpath_num(lat, "added_ms", "p90", NULL)
				 : wb_jpath_num(lat, "loaded", "rtt_ms", "p90", NULL);

		if (st && !strcmp(st, "ok") && isfinite(x))
			(*out)[(*n)++] = x;
	}
	return 0;
}

/* Ok cells of @s with a loaded p90 but no added p90: what "no idle baseline" means. */
static size_t without_baseline(const struct wb_compare_side *s)
{
	size_t i, k = 0;

	for (i = 0; s && i < s->n_cells; i++) {
		const json_t *c = s->cells[i], *lat = json_object_get(c, "latency");
		const char *st = json_string_value(json_object_get(c, "status"));

		if (st && !strcmp(st, "ok") &&
		    isfinite(wb_jpath_num(lat, "loaded", "rtt_ms", "p90", NULL)) &&
		    !isfinite(wb_jpath_num(lat, "added_ms", "p90", NULL)))
			k++;
	}
	return k;
}

int wb_compare_latency_collect(const struct wb_compare_side *base,
			       const struct wb_compare_side *cand, struct wb_compare_latency *out)
{
	size_t nb = without_baseline(base), nc = without_baseline(cand);
	bool added = !nb && !nc;
	int ret;

	memset(out, 0, sizeof(*out));
	/* One metric for both sides: "added" only where every measured cell has a baseline. */
	out->metric = added ? "added_ms.p90" : "loaded.rtt_ms.p90";
	if (added)
		snprintf(out->why, sizeof(out->why), "every cell has an idle baseline");
	else
		snprintf(out->why, sizeof(out->why), "no idle baseline in %zu baseline and %zu "
			 "candidate cells: the loaded p90 instead of the added", nb, nc);
	ret = values(base, added, &out->base, &out->m);
	if (!ret)
		ret = values(cand, added, &out->cand, &out->n);
	if (ret < 0)
		wb_compare_latency_release(out);
	return ret;
}

void wb_compare_latency_release(struct wb_compare_latency *l)
{
	free(l->base);
	free(l->cand);
	l->base = l->cand = NULL;
	l->m = l->n = 0;
}
