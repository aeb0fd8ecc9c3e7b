/*
 * The run's results writer: the document is created before the first cell and rewritten
 * atomically after every cell (see results_write.h); the reader and the schema checks
 * stay in reports/results.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/summary.h"
#include "wbench/lib/jsonv.h"
#include "wbench/lib/util.h"
#include "wbench/run/results_write.h"

struct wb_results {
	char *path;
	json_t *doc;   /* the whole document */
	json_t *cells; /* borrowed from doc */
	size_t planned;
};

/* "2024-05-01T12:00:00Z"; NULL when the time cannot be represented. */
static json_t *iso8601(time_t t)
{
	char buf[32];
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return NULL;
	return json_string(buf);
}

static int write_doc(struct wb_results *r)
{
	json_t *summary;
	char *text, *nl;
	size_t len;
	int ret;

	/* The summary follows the cells, so a killed run's file is summarised too. */
	summary = wb_summary_compute(r->cells);
	if (!summary || json_object_set_new(r->doc, "summary", summary) < 0)
		return -ENOMEM;
	/* 17 digits: numbers read back bit-exact, so reloaded statistics match. */
	text = json_dumps(r->doc, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	if (!text)
		return -ENOMEM;
	len = strlen(text);
	nl = realloc(text, len + 2);
	if (!nl) {
		free(text);
		return -ENOMEM;
	}
	nl[len] = '\n';
	nl[len + 1] = '\0';
	ret = wb_write_file_atomic(r->path, nl, len + 1, 0644);
	free(nl);
	return ret;
}

int wb_results_new(const char *path, const struct wb_scenario *sc, json_t *environment,
		   size_t planned_cells, time_t started_at, struct wb_results **out)
{
	struct wb_results *r;
	int ret;

	*out = NULL;
	if (!environment)
		environment = json_object();
	r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(path))) {
		free(r);
		json_decref(environment);
		return -ENOMEM;
	}
	r->planned = planned_cells;
	r->cells = json_array();
	/* "o" steals: environment and cells belong to the document (or are freed). */
	r->doc = json_pack("{s:s, s:{s:s, s:s}, s:o, s:o, s:o, s:o, s:I, s:o, s:[], s:b, s:b}",
			   "schema", WB_RESULTS_SCHEMA,
			   "tool", "name", "wbench", "version", WB_VERSION,
			   "scenario", wb_scenario_to_json(sc, true),
			   "environment", environment,
			   "started_at", iso8601(started_at),
			   "finished_at", json_null(),
			   "planned_cells", (json_int_t)planned_cells,
			   "cells", json_incref(r->cells),
			   "summary",
			   "complete", 0, "interrupted", 0);
	json_decref(r->cells);
	if (!r->doc) {
		free(r->path);
		free(r);
		return -ENOMEM;
	}
	ret = write_doc(r);
	if (ret < 0) {
		wb_results_free(r);
		return ret;
	}
	*out = r;
	return 0;
}

int wb_results_set_environment(struct wb_results *r, json_t *environment)
{
	if (!json_is_object(environment)) {
		json_decref(environment);
		return -EINVAL;
	}
	if (json_object_set_new(r->doc, "environment", environment) < 0)
		return -ENOMEM;
	return write_doc(r);
}

int wb_results_append(struct wb_results *r, json_t *cell)
{
	char err[256];

	if (wb_results_check_cell(cell, "cell", err, sizeof(err)) < 0) {
		json_decref(cell);
		return -EINVAL;
	}
	if (json_array_append_new(r->cells, cell) < 0)
		return -ENOMEM;
	return write_doc(r);
}

int wb_results_finish(struct wb_results *r, enum wb_results_end end, time_t finished_at)
{
	bool complete = end == WB_RESULTS_END_COMPLETE && json_array_size(r->cells) == r->planned;
	json_t *when = iso8601(finished_at);

	if (!when || json_object_set_new(r->doc, "finished_at", when) < 0 ||
	    json_object_set_new(r->doc, "complete", json_boolean(complete)) < 0 ||
	    json_object_set_new(r->doc, "interrupted",
				json_boolean(end == WB_RESULTS_END_INTERRUPTED)) < 0)
		return -ENOMEM;
	return write_doc(r);
}

const json_t *wb_results_doc(const struct wb_results *r)
{
	return r->doc;
}

void wb_results_free(struct wb_results *r)
{
	if (!r)
		return;
	json_decref(r->doc);
	free(r->path);
	free(r);
}

json_t *wb_results_cell_new(const struct wb_plan_cell *c)
{
	const struct wb_scenario_security *s = c->security;

	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:o, s:s, s:s, s:I, s:s, s:n, "
			 "s:{s:n, s:n, s:n, s:n, s:n}, s:{s:n, s:n, s:[]}, s:{s:n, s:n}, s:n}",
			 "index", (json_int_t)c->index, "order", (json_int_t)c->order,
			 "crypto", wb_crypto_mode_name(c->crypto),
			 "security", s->label, "security_profile", s->profile->name,
			 "beacon_protection", s->beacon_protection,
			 "sae_pwe", s->sae_pwe >= 0 ? json_integer(s->sae_pwe) : json_null(),
			 "proto", wb_scenario_proto_name(c->proto),
			 "direction", wb_scenario_dir_name(c->direction),
			 "repetition", (json_int_t)c->repetition,
			 "status", wb_results_status_name(WB_RESULTS_ERROR),
			 "diagnosis",
			 "association", "time_ms", "key_mgmt", "pmf", "mgmt_group_cipher",
			 "pairwise_cipher",
			 "throughput", "bits_per_second", "retransmits", "intervals",
			 "cpu", "ap", "sta",
			 "link");
}

