/* JUnit XML from a wbench-compare/1 document (see reports/junit.h). */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/junit.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"

/* Appends @s escaped for XML text (@attr: for a double-quoted attribute value). */
static void esc(struct wb_strbuf *b, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	for (; *p; p++) {
		switch (*p) {
		case '&':
			wb_strbuf_addf(b, "&amp;");
			continue;
		case '<':
			wb_strbuf_addf(b, "&lt;");
			continue;
		case '>':
			wb_strbuf_addf(b, "&gt;");
			continue;
		case '"':
			wb_strbuf_addf(b, attr ? "&quot;" : "\"");
			continue;
		case '\'':
			wb_strbuf_addf(b, attr ? "&apos;" : "'");
			continue;
		case '\t':
		case '\n':
		case '\r':
			/* Attribute values normalise raw whitespace; references survive. */
			if (attr)
				wb_strbuf_addf(b, "&#%d;", *p);
			else
				wb_strbuf_add(b, p, 1);
			continue;
		default:
			break;
		}
		if (*p < 0x20) {
			wb_strbuf_addf(b, "\xef\xbf\xbd"); /* not representable in XML 1.0 */
		} else if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			wb_strbuf_addf(b, "\xef\xbf\xbd"); /* U+FFFE, U+FFFF: not XML characters */
			p += 2;
		} else {
			wb_strbuf_add(b, p, 1);
		}
	}
}

/*
 * A JSON number or boolean as property text; false for strings (escaped straight from
 * the JSON: a fixed buffer would cut a long path mid-sequence), null and containers.
 */
static bool scalar_text(const json_t *v, char *buf, size_t len)
{
	if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(buf, len, "%.6g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "true" : "false");
	else
		return false;
	return true;
}

static void property(struct wb_strbuf *b, const char *indent, const char *name, const json_t *v)
{
	const char *s = json_string_value(v);
	char text[64];

	if (!s && !scalar_text(v, text, sizeof(text)))
		return;
	wb_strbuf_addf(b, "%s<property name=\"", indent);
	esc(b, name, true);
	wb_strbuf_addf(b, "\" value=\"");
	esc(b, s ? s : text, true);
	wb_strbuf_addf(b, "\"/>\n");
}

static const json_t *at(const json_t *v, const char *a, const char *b_, const char *c)
{
	v = json_object_get(v, a);
	if (b_)
		v = json_object_get(v, b_);
	if (c)
		v = json_object_get(v, c);
	return v;
}

static const char *str(const json_t *v, const char *key)
{
	const char *s = json_string_value(json_object_get(v, key));

	return s ? s : "";
}

/* The JUnit failure type of a failed gate entry. */
static const char *failure_type(const json_t *gate)
{
	const char *g = str(gate, "gate"), *v = str(gate, "verdict");

	if (!strcmp(v, "unknown"))
		return "unknown";
	if (!strcmp(g, "throughput"))
		return "regressed";
	if (!strncmp(g, "cpu.", 4))
		return "cpu_regressed";
	if (!strcmp(g, "start"))
		return "new_failure";
	if (!strcmp(g, "pmf"))
		return "pmf_new_fail";
	if (!strcmp(g, "floor"))
		return "below_floor";
	if (!strcmp(g, "reconnect"))
		return "reconnect_failures";
	if (!strcmp(g, "disconnects"))
		return "disconnects";
	return g; /* "latency", "missing": the gate's own name */
}

static void suite_properties(struct wb_strbuf *b, const json_t *cmp)
{
	static const char *const keys[] = { "alpha", "noise_band_pct", "min_runs", "confidence",
					    "bootstrap_resamples", "seed", "cpu_band_pp",
					    "latency_band_ms", "fail_on_unknown", "fail_on_missing",
					    "source", NULL };
	const json_t *s = json_object_get(cmp, "settings"), *w;
	size_t i;

	wb_strbuf_addf(b, "    <properties>\n");
	property(b, "      ", "baseline", at(cmp, "baseline", "file", NULL));
	property(b, "      ", "candidate", at(cmp, "candidate", "file", NULL));
	for (i = 0; keys[i]; i++)
		property(b, "      ", keys[i], json_object_get(s, keys[i]));
	property(b, "      ", "result", json_object_get(cmp, "result"));
	json_array_foreach(json_object_get(cmp, "warnings"), i, w)
		property(b, "      ", "warning", w);
	wb_strbuf_addf(b, "    </properties>\n");
}

static void case_properties(struct wb_strbuf *b, const json_t *g)
{
	static const char *const ind = "        ";
	const json_t *ci = at(g, "throughput", "ci", NULL);

	wb_strbuf_addf(b, "      <properties>\n");
	property(b, ind, "result", json_object_get(g, "result"));
	property(b, ind, "verdict", at(g, "throughput", "verdict", NULL));
	property(b, ind, "n_baseline", at(g, "baseline", "n", NULL));
	property(b, ind, "n_candidate", at(g, "candidate", "n", NULL));
	property(b, ind, "baseline_median_bits_per_second",
		 at(g, "baseline", "median_bits_per_second", NULL));
	property(b, ind, "candidate_median_bits_per_second",
		 at(g, "candidate", "median_bits_per_second", NULL));
	property(b, ind, "ratio_of_medians", at(g, "throughput", "ratio_of_medians", NULL));
	property(b, ind, "change_pct", at(g, "throughput", "change_pct", NULL));
	property(b, ind, "ci_low", json_array_get(ci, 0));
	property(b, ind, "ci_high", json_array_get(ci, 1));
	property(b, ind, "p", at(g, "throughput", "mwu", "p"));
	property(b, ind, "p_min", at(g, "throughput", "mwu", "p_min"));
	property(b, ind, "cpu_ap_verdict", at(g, "cpu", "ap", "verdict"));
	property(b, ind, "cpu_ap_change_pp", at(g, "cpu", "ap", "change_pp"));
	property(b, ind, "cpu_sta_verdict", at(g, "cpu", "sta", "verdict"));
	property(b, ind, "cpu_sta_change_pp", at(g, "cpu", "sta", "change_pp"));
	property(b, ind, "latency_verdict", at(g, "latency", "verdict", NULL));
	property(b, ind, "latency_metric", at(g, "latency", "metric", NULL));
	property(b, ind, "latency_change_ms", at(g, "latency", "change_ms", NULL));
	property(b, ind, "start", at(g, "functional", "start", "verdict"));
	property(b, ind, "pmf", at(g, "functional", "pmf", "verdict"));
	property(b, ind, "reconnect", at(g, "functional", "reconnect", "verdict"));
	property(b, ind, "disconnects", at(g, "functional", "disconnects", "verdict"));
	property(b, ind, "floor_min_bits_per_second", at(g, "floor", "min_bits_per_second", NULL));
	property(b, ind, "floor", at(g, "floor", "verdict", NULL));
	wb_strbuf_addf(b, "      </properties>\n");
}

static void testcase(struct wb_strbuf *b, const json_t *g)
{
	const json_t *gates = json_object_get(g, "gates"), *e;
	const json_t *first = NULL;
	const char *result = str(g, "result");
	double t = json_number_value(at(g, "candidate", "wall_s", NULL));
	struct wb_strbuf msg;
	size_t i;

	wb_strbuf_addf(b, "    <testcase classname=\"wbench.compare.");
	esc(b, str(g, "crypto"), true);
	wb_strbuf_addf(b, "\" name=\"");
	esc(b, str(g, "security"), true);
	wb_strbuf_addf(b, "/");
	esc(b, str(g, "proto"), true);
	wb_strbuf_addf(b, "/");
	esc(b, str(g, "direction"), true);
	wb_strbuf_addf(b, "\" time=\"%.3f\">\n", isfinite(t) ? t : 0.0);
	case_properties(b, g);
	if (!strcmp(result, "fail")) {
		wb_strbuf_init(&msg);
		json_array_foreach(gates, i, e) {
			if (strcmp(str(e, "result"), "fail"))
				continue;
			if (!first)
				first = e;
			else
				wb_strbuf_addf(&msg, "; ");
			wb_strbuf_addf(&msg, "%s %s: %s", str(e, "gate"), str(e, "verdict"),
				       str(e, "message"));
		}
		wb_strbuf_addf(b, "      <failure message=\"");
		esc(b, wb_strbuf_cstr(&msg), true);
		wb_strbuf_addf(b, "\" type=\"");
		esc(b, first ? failure_type(first) : "failed", true);
		wb_strbuf_addf(b, "\">");
		json_array_foreach(gates, i, e) {
			wb_strbuf_addf(b, "%s %s (%s): ", str(e, "gate"), str(e, "result"),
				       str(e, "verdict"));
			esc(b, str(e, "message"), false);
			wb_strbuf_addf(b, "\n");
		}
		wb_strbuf_addf(b, "</failure>\n");
		if (msg.failed)
			b->failed = true;
		wb_strbuf_release(&msg);
	} else if (!strcmp(result, "unknown")) {
		wb_strbuf_addf(b, "      <skipped message=\"unknown: run more repetitions\"/>\n");
	}
	wb_strbuf_addf(b, "      <system-out>");
	json_array_foreach(gates, i, e) {
		wb_strbuf_addf(b, "%s %s (%s): ", str(e, "gate"), str(e, "result"), str(e, "verdict"));
		esc(b, str(e, "message"), false);
		wb_strbuf_addf(b, "\n");
	}
	wb_strbuf_addf(b, "throughput %s: ", str(json_object_get(g, "throughput"), "verdict"));
	esc(b, str(json_object_get(g, "throughput"), "reason"), false);
	wb_strbuf_addf(b, "\n</system-out>\n    </testcase>\n");
}

char *wb_junit_render(const json_t *cmp)
{
	const json_t *groups = json_object_get(cmp, "groups"), *g;
	size_t i, failures = 0, skipped = 0;
	struct wb_strbuf b;
	double time = 0, t;
	char *out;

	json_array_foreach(groups, i, g) {
		failures += !strcmp(str(g, "result"), "fail");
		skipped += !strcmp(str(g, "result"), "unknown");
		t = json_number_value(at(g, "candidate", "wall_s", NULL));
		if (isfinite(t))
			time += t;
	}
	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	wb_strbuf_addf(&b, "<testsuites name=\"wbench compare\" tests=\"%zu\" failures=\"%zu\" "
		       "errors=\"0\" skipped=\"%zu\" time=\"%.3f\">\n",
		       json_array_size(groups), failures, skipped, time);
	wb_strbuf_addf(&b, "  <testsuite name=\"wbench compare\" tests=\"%zu\" failures=\"%zu\" "
		       "errors=\"0\" skipped=\"%zu\" time=\"%.3f\"", json_array_size(groups),
		       failures, skipped, time);
	if (json_is_string(at(cmp, "candidate", "started_at", NULL))) {
		/* JUnit's timestamp has no zone designator; the value is UTC. */
		char ts[32];

		snprintf(ts, sizeof(ts), "%.19s", str(json_object_get(cmp, "candidate"),
						      "started_at"));
		wb_utf8_sanitize(ts);   /* the API takes any document: no cut sequence */
		wb_strbuf_addf(&b, " timestamp=\"");
		esc(&b, ts, true);
		wb_strbuf_addf(&b, "\"");
	}
	wb_strbuf_addf(&b, ">\n");
	suite_properties(&b, cmp);
	json_array_foreach(groups, i, g)
		testcase(&b, g);
	wb_strbuf_addf(&b, "  </testsuite>\n</testsuites>\n");
	if (b.failed) {
		wb_strbuf_release(&b);
		return NULL;
	}
	out = strdup(wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	return out;
}

int wb_junit_write(const json_t *cmp, const char *path, char *err, size_t errlen)
{
	char *text = wb_junit_render(cmp);
	int ret;

	if (!text) {
		snprintf(err, errlen, "cannot write JUnit '%s': out of memory", path);
		return -ENOMEM;
	}
	ret = wb_write_file_atomic(path, text, strlen(text), 0644);
	free(text);
	if (ret < 0)
		snprintf(err, errlen, "cannot write JUnit '%s': %s", path, strerror(-ret));
	return ret;
}
