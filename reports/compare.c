/*
 * The comparison document (wbench-compare/1, docs/compare.md): load the two results
 * files, match their modes, decide each group (compare_group.c), collect warnings about
 * what makes the two runs hard to compare, count the verdicts and gate failures.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare_i.h"
#include "reports/report.h"
#include "reports/results.h"
#include "reports/summary.h"
#include "wbench/lib/jsonv.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"

#define RESULTS_FILE_MAX (256u * 1024 * 1024)

/* The modes of one document: keys from the summary, cells gathered per mode. */
struct modes {
	json_t *summary;                 /* wb_summary_compute of the cells (owned) */
	struct wb_compare_side *sides;   /* one per summary entry */
	size_t n;
};

static void modes_release(struct modes *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->sides[i].cells);
	free(m->sides);
	json_decref(m->summary);
}

static void mode_key(const json_t *obj, const char *key[WB_COMPARE_NKEYS])
{
	size_t k;

	for (k = 0; k < WB_COMPARE_NKEYS; k++)
		key[k] = json_string_value(json_object_get(obj, wb_compare_key_names[k]));
}

static bool same_key(const json_t *obj, const char *const key[WB_COMPARE_NKEYS])
{
	const char *k2[WB_COMPARE_NKEYS];
	size_t k;

	mode_key(obj, k2);
	for (k = 0; k < WB_COMPARE_NKEYS; k++)
		if (!k2[k] || !key[k] || strcmp(k2[k], key[k]))
			return false;
	return true;
}

/* Modes in the summary's order (the scenario's, whatever order the cells ran in). */
static int modes_init(const json_t *doc, struct wb_cancel *cancel, struct modes *m)
{
	const json_t *cells = json_object_get(doc, "cells"), *c, *s;
	const char *key[WB_COMPARE_NKEYS];
	size_t i, j;

	memset(m, 0, sizeof(*m));
	m->summary = wb_summary_compute(cells);
	if (!m->summary)
		return -ENOMEM;
	m->sides = calloc(json_array_size(m->summary) + 1, sizeof(*m->sides));
	if (!m->sides)
		return -ENOMEM;
	json_array_foreach(m->summary, i, s) {
		struct wb_compare_side *side = &m->sides[m->n++];

		/* modes x cells: seconds for a large file, so an interrupt is looked for */
		if (wb_cancel_check(cancel))
			return -ECANCELED;
		side->doc = doc;
		side->cells = calloc(json_array_size(cells) + 1, sizeof(*side->cells));
		if (!side->cells)
			return -ENOMEM;
		mode_key(s, key);
		json_array_foreach(cells, j, c)
			if (same_key(c, key))
				side->cells[side->n_cells++] = c;
	}
	return 0;
}

static const struct wb_compare_side *modes_find(const struct modes *m,
						const char *const key[WB_COMPARE_NKEYS])
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (same_key(json_array_get(m->summary, i), key))
			return &m->sides[i];
	return NULL;
}

static int WB_PRINTF(2, 3) warn(json_t *warnings, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* File names are bytes, and the buffer can cut a sequence: jansson takes neither. */
	wb_utf8_sanitize(msg);
	return json_array_append_new(warnings, json_string(msg)) < 0 ? -ENOMEM : 0;
}

static const char *backend_of(const json_t *doc)
{
	return json_string_value(json_object_get(json_object_get(doc, "environment"), "backend"));
}

static void backend_label(const char *b, char *buf, size_t len)
{
	if (!b)
		snprintf(buf, len, "an unnamed backend");
	else if (!strcmp(b, "sim"))
		snprintf(buf, len, "the sim");
	else
		snprintf(buf, len, "backend '%s'", b);
	wb_utf8_sanitize(buf);
}

/* Short compact JSON of @v for a message (or "absent"). */
static void render(const json_t *v, char *buf, size_t len)
{
	char *s;

	if (!v) {
		snprintf(buf, len, "absent");
		return;
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	snprintf(buf, len, "%.60s", s ? s : "?");
	/* The 60 bytes can end inside a sequence: drop the half before the "...". */
	wb_utf8_sanitize(buf);
	if (s && strlen(s) > 60)
		snprintf(buf + strlen(buf), len - strlen(buf), "...");
	free(s);
}

/* render() of @v with the secrets inside it (a nested object's) redacted. */
static void render_redacted(const json_t *v, char *buf, size_t len)
{
	json_t *r = v ? wb_report_redact(v) : NULL;

	render(r ? r : v, buf, len);
	json_decref(r);
}

/*
 * The scenario's @section settings other than the mode keys (proto, direction) must
 * match, or @what may not be comparable.
 */
static int warn_scenario(json_t *w, const json_t *base, const json_t *cand,
			 const char *section, const char *what)
{
	const json_t *tb = json_object_get(json_object_get(base, "scenario"), section);
	const json_t *tc = json_object_get(json_object_get(cand, "scenario"), section);
	const json_t *sides[2] = { tb, tc }, *v;
	char vb[80], vc[80];
	const char *key;
	size_t s;
	int ret;

	for (s = 0; s < 2; s++) {
		json_object_foreach((json_t *)sides[s], key, v) {
			if (!strcmp(key, "proto") || !strcmp(key, "direction"))
				continue;
			/* Keys present on both sides are reported once, from the baseline. */
			if (s == 1 && json_object_get(tb, key))
				continue;
			if (json_equal(json_object_get(tb, key), json_object_get(tc, key)))
				continue;
			/* the report's redaction rule: a secret that differs is still not shown */
			if (wb_report_secret_key(key)) {
				snprintf(vb, sizeof(vb), "<redacted>");
				snprintf(vc, sizeof(vc), "<redacted>");
			} else {
				render_redacted(json_object_get(tb, key), vb, sizeof(vb));
				render_redacted(json_object_get(tc, key), vc, sizeof(vc));
			}
			ret = warn(w, "scenario %s.%s differs: %s in the baseline, %s in the "
				   "candidate: %s may not be comparable", section, key, vb, vc,
				   what);
			if (ret < 0)
				return ret;
		}
	}
	return 0;
}

static int warn_incomplete(json_t *w, const json_t *doc, const char *file, bool candidate)
{
	if (json_is_true(json_object_get(doc, "complete")))
		return 0;
	return warn(w, "%s '%s' is incomplete (%zu of %lld planned cells%s): %s",
		    candidate ? "candidate" : "baseline", file,
		    json_array_size(json_object_get(doc, "cells")),
		    (long long)json_integer_value(json_object_get(doc, "planned_cells")),
		    json_is_true(json_object_get(doc, "interrupted")) ? ", interrupted" : "",
		    candidate ? "modes it did not reach count as missing"
			      : "modes it did not reach are not compared");
}

/* Cells in @doc with a PMF verdict. */
static size_t pmf_recorded(const json_t *doc)
{
	const json_t *c;
	size_t i, n = 0;

	json_array_foreach(json_object_get(doc, "cells"), i, c)
		n += json_is_string(json_object_get(json_object_get(c, "pmf"), "verdict"));
	return n;
}

static int run_warnings(json_t *w, const json_t *base, const char *base_file, const json_t *cand,
			const char *cand_file)
{
	const char *bb = backend_of(base), *cb = backend_of(cand);
	char lb[96], lc[96];
	int ret;

	if ((bb || cb) && (!bb || !cb || strcmp(bb, cb))) {
		backend_label(bb, lb, sizeof(lb));
		backend_label(cb, lc, sizeof(lc));
		ret = warn(w, "baseline '%s' ran on %s, candidate '%s' on %s (environment.backend): "
			   "throughput and CPU are not comparable across backends", base_file, lb,
			   cand_file, lc);
		if (ret < 0)
			return ret;
	}
	if ((ret = warn_scenario(w, base, cand, "traffic", "throughput")) < 0 ||
	    /* a file from before the latency probes has no settings to differ */
	    (json_is_object(json_object_get(json_object_get(base, "scenario"), "latency")) &&
	     json_is_object(json_object_get(json_object_get(cand, "scenario"), "latency")) &&
	     (ret = warn_scenario(w, base, cand, "latency", "latency")) < 0) ||
	    (ret = warn_incomplete(w, base, base_file, false)) < 0 ||
	    (ret = warn_incomplete(w, cand, cand_file, true)) < 0)
		return ret;
	if (pmf_recorded(base) && !pmf_recorded(cand))
		return warn(w, "candidate '%s' has no PMF verdicts (cells[].pmf) where the baseline "
			    "has: the PMF gate cannot see a regression", cand_file);
	return 0;
}

static json_t *side_info(const json_t *doc, const char *file)
{
	const json_t *sc = json_object_get(doc, "scenario");
	char *name = wb_utf8_dup(file);   /* a file name is bytes, not necessarily UTF-8 */
	json_t *info;

	if (!name)
		return NULL;
	info = json_pack("{s:s, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, s:I, s:O?}",
			 "file", name,
			 "scenario", json_object_get(sc, "name"),
			 "started_at", json_object_get(doc, "started_at"),
			 "finished_at", json_object_get(doc, "finished_at"),
			 "backend", json_object_get(json_object_get(doc, "environment"), "backend"),
			 "complete", json_object_get(doc, "complete"),
			 "interrupted", json_object_get(doc, "interrupted"),
			 "planned_cells", json_object_get(doc, "planned_cells"),
			 "cells", (json_int_t)json_array_size(json_object_get(doc, "cells")),
			 "tool_version", json_object_get(json_object_get(doc, "tool"), "version"));
	free(name);
	return info;
}

struct counts {
	size_t groups, regressed, improved, same, unknown, not_compared, failed_gates,
		failed_groups, missing, candidate_only;
};

static void count_group(struct counts *n, const json_t *group)
{
	const char *v = json_string_value(json_object_get(json_object_get(group, "throughput"),
							  "verdict"));
	const json_t *e;
	size_t i;

	n->groups++;
	if (!strcmp(v, "regressed"))
		n->regressed++;
	else if (!strcmp(v, "improved"))
		n->improved++;
	else if (!strcmp(v, "same"))
		n->same++;
	else if (!strcmp(v, "unknown"))
		n->unknown++;
	else
		n->not_compared++;
	json_array_foreach(json_object_get(group, "gates"), i, e)
		n->failed_gates += !strcmp(json_string_value(json_object_get(e, "result")), "fail");
	n->failed_groups += !strcmp(json_string_value(json_object_get(group, "result")), "fail");
	n->missing += json_is_null(json_object_get(group, "candidate"));
	n->candidate_only += json_is_null(json_object_get(group, "baseline"));
}

static json_t *counts_json(const struct counts *n)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "groups", (json_int_t)n->groups, "regressed", (json_int_t)n->regressed,
			 "improved", (json_int_t)n->improved, "same", (json_int_t)n->same,
			 "unknown", (json_int_t)n->unknown,
			 "not_compared", (json_int_t)n->not_compared,
			 "failed_gates", (json_int_t)n->failed_gates,
			 "failed_groups", (json_int_t)n->failed_groups,
			 "missing", (json_int_t)n->missing,
			 "candidate_only", (json_int_t)n->candidate_only);
}

/* Every mode of the baseline (its order), then the candidate's new ones. */
static int compare_modes(const struct modes *mb, const struct modes *mc,
			 const struct wb_compare_gate *g, json_t *groups, json_t *warnings,
			 struct counts *n)
{
	const char *key[WB_COMPARE_NKEYS];
	const struct wb_compare_side *other;
	char *name;
	json_t *group;
	size_t i;
	int ret;

	for (i = 0; i < mb->n + mc->n; i++) {
		bool from_base = i < mb->n;
		const struct modes *own = from_base ? mb : mc;
		size_t j = from_base ? i : i - mb->n;

		if (wb_cancel_check(g->cancel))
			return -ECANCELED;
		mode_key(json_array_get(own->summary, j), key);
		other = modes_find(from_base ? mc : mb, key);
		if (!from_base && other)
			continue;
		ret = wb_compare_group(key, from_base ? &mb->sides[j] : NULL,
				       from_base ? other : &mc->sides[j], g, &group);
		if (ret < 0)
			return ret;
		count_group(n, group);
		if (json_array_append_new(groups, group) < 0)
			return -ENOMEM;
		if (from_base && (other || g->fail_on_missing))
			continue;
		if (!(name = wb_compare_key_join(key)))
			return -ENOMEM;
		if (!from_base)
			ret = warn(warnings, "mode %s is only in the candidate: not compared", name);
		else
			ret = warn(warnings, "mode %s is missing from the candidate (fail_on_missing "
				   "is off, so this does not fail)", name);
		free(name);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int check_schemas(const json_t *base, const char *base_file, const json_t *cand,
			 const char *cand_file, char *err, size_t errlen)
{
	const char *sb = json_string_value(json_object_get(base, "schema"));
	const char *sc = json_string_value(json_object_get(cand, "schema"));
	char shown[WB_JSONV_VALUE_MAX + 8];

	if (!sb || !sc) {
		snprintf(err, errlen, "%s: missing required key 'schema' (not a wbench results file?)",
			 sb ? cand_file : base_file);
		return -EINVAL;
	}
	if (strcmp(sb, sc)) {
		snprintf(err, errlen, "%s: schema: expected \"%s\" like %s, got %s", cand_file, sb,
			 base_file, wb_jsonv_render(json_object_get(cand, "schema"), shown,
						    sizeof(shown)));
		return -EINVAL;
	}
	if (strcmp(sb, WB_RESULTS_SCHEMA)) {
		snprintf(err, errlen, "%s: schema: expected \"%s\", got %s", base_file,
			 WB_RESULTS_SCHEMA, wb_jsonv_render(json_object_get(base, "schema"), shown,
							   sizeof(shown)));
		return -EINVAL;
	}
	return 0;
}

int wb_compare_docs(const json_t *base, const char *base_file, const json_t *cand,
		    const char *cand_file, const struct wb_compare_gate *gate, json_t **out,
		    char *err, size_t errlen)
{
	struct wb_compare_gate *defaults = NULL;
	struct modes mb = { 0 }, mc = { 0 };
	struct counts n = { 0 };
	json_t *groups = NULL, *warnings = NULL, *settings = NULL, *doc = NULL;
	int ret;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	/* Validated here too: the API takes any document, and the gates trust its types. */
	ret = check_schemas(base, base_file, cand, cand_file, err, errlen);
	if (!ret)
		ret = wb_results_validate(base, base_file, err, errlen);
	if (!ret)
		ret = wb_results_validate(cand, cand_file, err, errlen);
	if (ret < 0)
		return ret;
	if (!gate && !(gate = defaults = wb_compare_gate_new()))
		return -ENOMEM;
	groups = json_array();
	warnings = json_array();
	settings = wb_compare_gate_settings_json(gate);
	ret = groups && warnings && settings ? 0 : -ENOMEM;
	if (!ret)
		ret = modes_init(base, gate->cancel, &mb);
	if (!ret)
		ret = modes_init(cand, gate->cancel, &mc);
	if (!ret)
		ret = run_warnings(warnings, base, base_file, cand, cand_file);
	if (!ret)
		ret = compare_modes(&mb, &mc, gate, groups, warnings, &n);
	if (ret < 0)
		goto out;
	doc = json_pack("{s:s, s:{s:s, s:s}, s:o, s:o, s:O, s:O, s:O, s:o, s:s}",
			"schema", WB_COMPARE_SCHEMA,
			"tool", "name", "wbench", "version", WB_VERSION,
			"baseline", side_info(base, base_file),
			"candidate", side_info(cand, cand_file),
			"settings", settings, "warnings", warnings, "groups", groups,
			"counts", counts_json(&n),
			"result", n.failed_groups ? "fail" : "pass");
	ret = doc ? 0 : -ENOMEM;
	*out = doc;
out:
	if (ret < 0 && ret != -ENOMEM && err && errlen && !err[0])
		snprintf(err, errlen, "cannot compare '%s' with '%s': %s", base_file, cand_file,
			 strerror(-ret));
	json_decref(groups);
	json_decref(warnings);
	json_decref(settings);
	modes_release(&mb);
	modes_release(&mc);
	wb_compare_gate_free(defaults);
	return ret;
}

/* Reads and parses @path like wb_results_load, without validating yet. */
static int parse_file(const char *path, json_t **out, char *err, size_t errlen)
{
	struct wb_jsonv jv;
	char *text = NULL;
	size_t len = 0;
	int ret;

	*out = NULL;
	ret = wb_read_file(path, RESULTS_FILE_MAX, &text, &len);
	if (ret < 0) {
		snprintf(err, errlen, "cannot read results '%s': %s", path, wb_read_file_strerror(ret));
		return ret;
	}
	wb_jsonv_init(&jv, path, err, errlen);
	*out = wb_jsonv_parse(&jv, text, len);
	free(text);
	return *out ? 0 : -EINVAL;
}

int wb_compare_load(const char *base_path, const char *cand_path, json_t **base, json_t **cand,
		    char *err, size_t errlen)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *sb, *sc;
	int ret;

	*base = *cand = NULL;
	ret = wb_results_load(base_path, base, err, errlen);
	if (ret < 0)
		return ret;
	ret = parse_file(cand_path, cand, err, errlen);
	if (ret < 0)
		goto fail;
	sb = json_string_value(json_object_get(*base, "schema"));
	sc = json_string_value(json_object_get(*cand, "schema"));
	/* A different format version is named as such, before its content is judged. */
	if (json_is_object(*cand) && sc && strcmp(sb, sc)) {
		snprintf(err, errlen, "%s: schema: expected \"%s\" like %s, got %s", cand_path, sb,
			 base_path, wb_jsonv_render(json_object_get(*cand, "schema"), shown,
						    sizeof(shown)));
		ret = -EINVAL;
		goto fail;
	}
	ret = wb_results_validate(*cand, cand_path, err, errlen);
	if (ret < 0)
		goto fail;
	return 0;
fail:
	json_decref(*base);
	json_decref(*cand);
	*base = *cand = NULL;
	return ret;
}
