/*
 * Latency under load in the report (docs/report.md "Latency under load"): the model of a
 * mode's summary "latency", shared with the Markdown summary so that both show the same
 * numbers, and the HTML section. Every string from a results file goes through
 * wb_escape_html.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "reports/escape.h"
#include "reports/report_i.h"

bool wb_rmodel_latency(const json_t *g, struct wb_rlatency *out)
{
	const json_t *lat = json_object_get(g, "latency"), *udp;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(lat))
		return false;
	out->cells = json_integer_value(json_object_get(lat, "cells"));
	out->idle_p50 = wb_jpath_num(lat, "idle_p50_ms", NULL);
	out->loaded_p50 = wb_jpath_num(lat, "loaded_p50_ms", NULL);
	out->loaded_p90 = wb_jpath_num(lat, "loaded_p90_ms", NULL);
	out->loaded_p99 = wb_jpath_num(lat, "loaded_p99_ms", NULL);
	out->added_p90 = wb_jpath_num(lat, "added_p90_ms", NULL);
	out->loss_pct = wb_jpath_num(lat, "loss_pct", NULL);
	udp = json_object_get(lat, "udp");
	out->udp = json_is_object(udp);
	out->jitter_ms = wb_jpath_num(udp, "jitter_ms", NULL);
	out->udp_lost_pct = wb_jpath_num(udp, "lost_percent", NULL);
	return true;
}

bool wb_rmodel_any_latency(const struct wb_rmodel *m, size_t f, bool udp)
{
	struct wb_rlatency l;
	size_t i, k;

	for (k = 0; k < m->nf; k++) {
		if (f != SIZE_MAX && k != f)
			continue;
		for (i = 0; i < m->nm; i++)
			if (wb_rmodel_latency(m->mode[i].group[k], &l) && (!udp || l.udp))
				return true;
	}
	return false;
}

/* One row per mode with latency; iperf's columns only when @udp (any UDP mode has them). */
static void latency_table(const struct wb_rmodel *m, size_t f, bool udp, struct wb_strbuf *b)
{
	size_t i;

	wb_strbuf_addf(b, "<table class=\"latency\" data-file=\"%zu\"><tr><th>mode</th>"
		       "<th>cells</th><th>idle p50 ms</th><th>loaded p50 ms</th>"
		       "<th>loaded p90 ms</th><th>loaded p99 ms</th><th>added p90 ms</th>"
		       "<th>probe loss %%</th>%s</tr>\n", f, udp ? "<th>iperf jitter ms</th>"
		       "<th>iperf loss %</th>" : "");
	for (i = 0; i < m->nm; i++) {
		const struct wb_rmode *md = &m->mode[i];
		struct wb_rlatency l;
		char x[64];

		if (!wb_rmodel_latency(md->group[f], &l))
			continue;
		wb_strbuf_addf(b, "<tr>");
		wb_rhtml_td(b, "mode", md->label);
		snprintf(x, sizeof(x), "%lld", l.cells);
		wb_rhtml_td_field(b, "num", f, md, "lat_cells", x);
#define TD(field, v) \
	wb_rhtml_td_field(b, "num", f, md, field, wb_rmodel_fmt(x, sizeof(x), v, 2))
		TD("lat_idle_p50_ms", l.idle_p50);
		TD("lat_loaded_p50_ms", l.loaded_p50);
		TD("lat_loaded_p90_ms", l.loaded_p90);
		TD("lat_loaded_p99_ms", l.loaded_p99);
		TD("lat_added_p90_ms", l.added_p90);
		TD("lat_loss_pct", l.loss_pct);
		if (udp && l.udp) {
			TD("lat_udp_jitter_ms", l.jitter_ms);
			TD("lat_udp_lost_pct", l.udp_lost_pct);
		} else if (udp) {
			wb_strbuf_addf(b, "<td class=\"num note\">-</td>"
				       "<td class=\"num note\">-</td>");
		}
#undef TD
		wb_strbuf_addf(b, "</tr>\n");
	}
	wb_strbuf_addf(b, "</table>\n");
}

void wb_rhtml_latency(const struct wb_rmodel *m, struct wb_strbuf *b)
{
	bool udp = wb_rmodel_any_latency(m, SIZE_MAX, true);
	size_t f;

	if (!wb_rmodel_any_latency(m, SIZE_MAX, false))
		return;
	wb_strbuf_addf(b, "<h2 id=\"latency\">Latency under load</h2>\n<p class=\"note\">ICMP "
		       "echo round trips from the station's host to the iperf peer (ping, the "
		       "scenario's <code>latency</code>): <em>idle</em> on the idle link just "
		       "before the traffic, <em>loaded</em> during its measured window. Each "
		       "number is the median over the mode's ok cells of the cell's own "
		       "quantile; <em>added</em> is loaded minus idle per cell (noise can make "
		       "it negative). Probe loss is pooled over the cells' loaded phases.%s"
		       "</p>\n", udp ? " For UDP modes, iperf's own jitter and loss of the "
		       "measured traffic (medians over the ok cells) stand next to them." : "");
	for (f = 0; f < m->nf; f++) {
		wb_rhtml_file_heading(b, m, f);
		if (!wb_rmodel_any_latency(m, f, false))
			wb_strbuf_addf(b, "<p class=\"note\">No latency probes in this file."
				       "</p>\n");
		else
			latency_table(m, f, udp, b);
	}
}
