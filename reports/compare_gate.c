/*
 * The settings and floors of a comparison: defaults, the --gate file (strict: unknown
 * keys, wrong types and out-of-range values are errors naming the JSON path) and
 * command-line overrides. One table of settings serves all three.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/compare_i.h"
#include "reports/results.h"
#include "reports/verdict.h"
#include "wbench/lib/jsonv.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"
#include "wbench/wifi/crypto_mode.h"

#define GATE_FILE_MAX (1024 * 1024)
#define GATE_SCHEMA "wbench-gate/1"

const char *const wb_compare_key_names[WB_COMPARE_NKEYS] = { "crypto", "security", "proto",
							     "direction" };

enum setting_type { S_NUMBER, S_UINT, S_U64, S_BOOL };

/* One setting: its key (in the gate file and the output's "settings"), type and range. */
struct setting {
	const char *key;
	enum setting_type type;
	double min, max;
	bool min_open, max_open; /* the bound itself is excluded */
	size_t off;              /* offset in struct wb_compare_gate */
};

#define NUM(k, lo, lo_open, hi, hi_open, field) \
	{ k, S_NUMBER, lo, hi, lo_open, hi_open, offsetof(struct wb_compare_gate, field) }
#define UINT(k, lo, hi, field) \
	{ k, S_UINT, lo, hi, false, false, offsetof(struct wb_compare_gate, field) }
#define BOOL(k, field) { k, S_BOOL, 0, 0, false, false, offsetof(struct wb_compare_gate, field) }

static const struct setting settings[] = {
	NUM("alpha", 0, true, 0.5, false, alpha),
	NUM("noise_band_pct", 0, false, 100, true, noise_band_pct),
	UINT("min_runs", 1, 1000, min_runs),
	NUM("confidence", 0.5, false, 1, true, confidence),
	UINT("bootstrap_resamples", 100, 1000000, resamples),
	{ "seed", S_U64, 0, (double)INT64_MAX, false, false, offsetof(struct wb_compare_gate, seed) },
	NUM("cpu_band_pp", 0, false, 100, false, cpu_band_pp),
	NUM("latency_band_ms", 0, false, 10000, false, latency_band_ms),
	BOOL("fail_on_unknown", fail_on_unknown),
	BOOL("fail_on_missing", fail_on_missing),
};

/* The gates that can be switched off ("settings.gates"); cpu covers cpu.ap and cpu.sta. */
static const struct setting gate_switches[] = {
	BOOL("throughput", on_throughput), BOOL("cpu", on_cpu), BOOL("start", on_start),
	BOOL("pmf", on_pmf), BOOL("floor", on_floor), BOOL("reconnect", on_reconnect),
	BOOL("disconnects", on_disconnects), BOOL("latency", on_latency),
};

#undef NUM
#undef UINT
#undef BOOL

static void *field(struct wb_compare_gate *g, const struct setting *s)
{
	return (char *)g + s->off;
}

static const void *cfield(const struct wb_compare_gate *g, const struct setting *s)
{
	return (const char *)g + s->off;
}

/* "a number in (0, 0.5]" / "an integer in 1..1000" / "a boolean". */
static void describe(const struct setting *s, char *buf, size_t len)
{
	switch (s->type) {
	case S_NUMBER:
		snprintf(buf, len, "a number in %c%g, %g%c", s->min_open ? '(' : '[', s->min, s->max,
			 s->max_open ? ')' : ']');
		break;
	case S_UINT:
		snprintf(buf, len, "an integer in %.0f..%.0f", s->min, s->max);
		break;
	case S_U64:
		snprintf(buf, len, "an integer in 0..%lld", (long long)INT64_MAX);
		break;
	case S_BOOL:
		snprintf(buf, len, "true or false");
		break;
	}
}

static bool in_range(const struct setting *s, double v)
{
	if (!isfinite(v))
		return false;
	if (s->min_open ? v <= s->min : v < s->min)
		return false;
	return s->max_open ? v < s->max : v <= s->max;
}

/* Stores a checked value; @d for numbers, @u for integers, @b for booleans. */
static void store(struct wb_compare_gate *g, const struct setting *s, double d, uint64_t u, bool b)
{
	switch (s->type) {
	case S_NUMBER:
		*(double *)field(g, s) = d;
		break;
	case S_UINT:
		*(unsigned int *)field(g, s) = (unsigned int)u;
		break;
	case S_U64:
		*(uint64_t *)field(g, s) = u;
		break;
	case S_BOOL:
		*(bool *)field(g, s) = b;
		break;
	}
}

struct wb_compare_gate *wb_compare_gate_new(void)
{
	struct wb_verdict_settings vs;
	struct wb_compare_gate *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	/* Throughput's statistics come from the verdict module: one set of calibrated values. */
	wb_verdict_defaults(&vs);
	g->alpha = vs.alpha;
	g->noise_band_pct = vs.band * 100.0;
	g->min_runs = vs.min_runs;
	g->confidence = vs.boot.confidence;
	g->resamples = vs.boot.resamples;
	g->seed = vs.boot.seed;
	g->cpu_band_pp = 5.0;
	g->latency_band_ms = 1.0;
	g->fail_on_unknown = false;
	g->fail_on_missing = true;
	g->on_throughput = g->on_cpu = g->on_start = g->on_pmf = g->on_floor = true;
	g->on_reconnect = g->on_disconnects = true;
	/* Opt-in: ICMP round trips swing with the hosts' scheduling more than throughput. */
	g->on_latency = false;
	return g;
}

static void floor_release(struct wb_compare_floor *f)
{
	size_t k;

	for (k = 0; k < WB_COMPARE_NKEYS; k++)
		free(f->key[k]);
	free(f->note);
}

void wb_compare_gate_set_cancel(struct wb_compare_gate *g, struct wb_cancel *c)
{
	g->cancel = c;
}

void wb_compare_gate_free(struct wb_compare_gate *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n_floors; i++)
		floor_release(&g->floors[i]);
	free(g->floors);
	free(g->file);
	free(g);
}

/* One setting from the gate file. */
static int load_setting(struct wb_jsonv *jv, struct wb_compare_gate *g, const struct setting *s,
			const json_t *obj, const char *path)
{
	char p[WB_JSONV_PATH_MAX], want[96], shown[WB_JSONV_VALUE_MAX + 8];
	json_int_t i;
	json_t *v;
	int ret;

	ret = wb_jsonv_member(jv, obj, path, s->key, false, p, &v);
	if (ret < 0 || !v)
		return ret;
	describe(s, want, sizeof(want));
	switch (s->type) {
	case S_BOOL:
		if (!json_is_boolean(v))
			break;
		store(g, s, 0, 0, json_is_true(v));
		return 0;
	case S_NUMBER:
		if (!json_is_number(v) || !in_range(s, json_number_value(v)))
			break;
		store(g, s, json_number_value(v), 0, false);
		return 0;
	case S_UINT:
	case S_U64:
		if (!json_is_integer(v))
			break;
		i = json_integer_value(v);
		if (i < 0 || (double)i < s->min || (double)i > s->max)
			break;
		store(g, s, 0, (uint64_t)i, false);
		return 0;
	}
	return wb_jsonv_fail(jv, p, "expected %s, got %s", want,
			     json_is_object(v) || json_is_array(v) || json_is_null(v)
				     ? wb_jsonv_type_name(v)
				     : wb_jsonv_render(v, shown, sizeof(shown)));
}

static int load_settings(struct wb_jsonv *jv, struct wb_compare_gate *g, const json_t *obj)
{
	const char *keys[WB_ARRAY_SIZE(settings) + 2], *gkeys[WB_ARRAY_SIZE(gate_switches) + 1];
	char p[WB_JSONV_PATH_MAX];
	json_t *gates;
	size_t i;
	int ret;

	if ((ret = wb_jsonv_expect(jv, obj, "settings", WB_JSONV_OBJECT, false)) < 0)
		return ret;
	for (i = 0; i < WB_ARRAY_SIZE(settings); i++)
		keys[i] = settings[i].key;
	keys[i++] = "gates";
	keys[i] = NULL;
	if ((ret = wb_jsonv_check_keys(jv, obj, "settings", keys)) < 0)
		return ret;
	for (i = 0; i < WB_ARRAY_SIZE(settings); i++)
		if ((ret = load_setting(jv, g, &settings[i], obj, "settings")) < 0)
			return ret;
	if ((ret = wb_jsonv_member(jv, obj, "settings", "gates", false, p, &gates)) < 0 || !gates)
		return ret;
	if ((ret = wb_jsonv_expect(jv, gates, p, WB_JSONV_OBJECT, false)) < 0)
		return ret;
	for (i = 0; i < WB_ARRAY_SIZE(gate_switches); i++)
		gkeys[i] = gate_switches[i].key;
	gkeys[i] = NULL;
	if ((ret = wb_jsonv_check_keys(jv, gates, p, gkeys)) < 0)
		return ret;
	for (i = 0; i < WB_ARRAY_SIZE(gate_switches); i++)
		if ((ret = load_setting(jv, g, &gate_switches[i], gates, p)) < 0)
			return ret;
	return 0;
}

/* A match value: crypto, proto and direction are the results file's enums. */
static int load_match_key(struct wb_jsonv *jv, const json_t *v, const char *path, size_t k,
			  char **out)
{
	static const char *const *const names[WB_COMPARE_NKEYS] = {
		wb_crypto_mode_names, NULL, wb_results_proto_names, wb_results_dir_names
	};
	int ret, idx;

	if ((ret = wb_jsonv_expect(jv, v, path, WB_JSONV_STRING, false)) < 0)
		return ret;
	if (names[k] && (ret = wb_jsonv_enum(jv, v, path, names[k], &idx)) < 0)
		return ret;
	if (!names[k] && (json_string_length(v) == 0 ||
			  strlen(json_string_value(v)) != json_string_length(v)))
		return wb_jsonv_fail(jv, path, "expected a security label such as \"sae\", got %s",
				     json_string_length(v) ? "a string with a NUL byte"
							   : "\"\"");
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

static int load_floor(struct wb_jsonv *jv, const json_t *obj, const char *path,
		      struct wb_compare_floor *f)
{
	static const char *const keys[] = { "match", "min_bits_per_second", "note", NULL };
	static const char *const match_keys[] = { "crypto", "security", "proto", "direction",
						  NULL };
	char p[WB_JSONV_PATH_MAX], pk[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	const char *note = NULL;
	json_t *match, *v;
	size_t k;
	int ret;

	if ((ret = wb_jsonv_expect(jv, obj, path, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_jsonv_check_keys(jv, obj, path, keys)) < 0 ||
	    (ret = wb_jsonv_member(jv, obj, path, "match", true, p, &match)) < 0 ||
	    (ret = wb_jsonv_expect(jv, match, p, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_jsonv_check_keys(jv, match, p, match_keys)) < 0)
		return ret;
	for (k = 0; k < WB_COMPARE_NKEYS; k++) {
		v = json_object_get(match, wb_compare_key_names[k]);
		if (!v)
			continue;
		ret = load_match_key(jv, v, wb_jsonv_path_key(pk, p, wb_compare_key_names[k]), k,
				     &f->key[k]);
		if (ret < 0)
			return ret;
		f->specificity++;
	}
	if ((ret = wb_jsonv_member(jv, obj, path, "min_bits_per_second", true, p, &v)) < 0)
		return ret;
	if (!json_is_number(v) || !(json_number_value(v) > 0) || !isfinite(json_number_value(v)))
		return wb_jsonv_fail(jv, p, "expected a number above 0 (bits per second), got %s",
				     json_is_object(v) || json_is_array(v) || json_is_null(v)
					     ? wb_jsonv_type_name(v)
					     : wb_jsonv_render(v, shown, sizeof(shown)));
	f->min_bits_per_second = json_number_value(v);
	if ((ret = wb_jsonv_get_string(jv, obj, path, "note", false, &note, NULL)) < 0)
		return ret;
	if (note && !(f->note = strdup(note)))
		return -ENOMEM;
	return 0;
}

static int load_floors(struct wb_jsonv *jv, struct wb_compare_gate *g, const json_t *arr)
{
	char p[WB_JSONV_PATH_MAX];
	const json_t *v;
	size_t i;
	int ret;

	if ((ret = wb_jsonv_expect(jv, arr, "floors", WB_JSONV_ARRAY, false)) < 0)
		return ret;
	if (!json_array_size(arr))
		return 0;
	g->floors = calloc(json_array_size(arr), sizeof(*g->floors));
	if (!g->floors)
		return -ENOMEM;
	json_array_foreach(arr, i, v) {
		/* Counted first, so that a failure frees what this floor already holds. */
		g->n_floors++;
		ret = load_floor(jv, v, wb_jsonv_path_idx(p, "floors", i), &g->floors[i]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int load_root(struct wb_jsonv *jv, struct wb_compare_gate *g, const json_t *root)
{
	static const char *const keys[] = { "$schema", "schema", "settings", "floors", NULL };
	static const char *const schema_names[] = { GATE_SCHEMA, NULL };
	const char *editor_schema = NULL; /* for editors; not interpreted */
	json_t *v;
	int ret, idx;

	if (!json_is_object(root))
		return wb_jsonv_fail(jv, "", "expected a JSON object at the top level, got %s",
				     wb_jsonv_type_name(root));
	if ((ret = wb_jsonv_check_keys(jv, root, "", keys)) < 0 ||
	    (ret = wb_jsonv_get_string(jv, root, "", "$schema", false, &editor_schema, NULL)) < 0)
		return ret;
	v = json_object_get(root, "schema");
	if (v && (ret = wb_jsonv_enum(jv, v, "schema", schema_names, &idx)) < 0)
		return ret;
	v = json_object_get(root, "settings");
	if (v && (ret = load_settings(jv, g, v)) < 0)
		return ret;
	v = json_object_get(root, "floors");
	if (v && (ret = load_floors(jv, g, v)) < 0)
		return ret;
	return 0;
}

int wb_compare_gate_load(const char *path, struct wb_compare_gate **out, char *err,
			 size_t errlen)
{
	struct wb_compare_gate *g;
	struct wb_jsonv jv;
	char *text = NULL;
	json_t *root;
	size_t len = 0;
	int ret;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	ret = wb_read_file(path, GATE_FILE_MAX, &text, &len);
	if (ret < 0) {
		if (err && errlen)
			snprintf(err, errlen, "cannot read gate file '%s': %s", path,
				 ret == -EFBIG ? "larger than 1 MiB" : wb_read_file_strerror(ret));
		return ret;
	}
	wb_jsonv_init(&jv, path, err, errlen);
	root = wb_jsonv_parse(&jv, text, len);
	free(text);
	if (!root)
		return -EINVAL;
	g = wb_compare_gate_new();
	if (!g || !(g->file = strdup(path))) {
		ret = -ENOMEM;
	} else {
		ret = load_root(&jv, g, root);
	}
	json_decref(root);
	if (ret < 0) {
		if (!jv.failed && err && errlen)
			snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		wb_compare_gate_free(g);
		return ret;
	}
	*out = g;
	return 0;
}

int wb_compare_gate_set(struct wb_compare_gate *g, const char *key, const char *value, char *err,
			size_t errlen)
{
	const struct setting *s = NULL;
	char want[96], *end;
	unsigned long u;
	double d;
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(settings); i++)
		if (!strcmp(settings[i].key, key))
			s = &settings[i];
	if (!s) {
		snprintf(err, errlen, "unknown setting '%s'", key);
		return -EINVAL;
	}
	describe(s, want, sizeof(want));
	switch (s->type) {
	case S_BOOL:
		if (strcmp(value, "true") && strcmp(value, "false"))
			goto bad;
		store(g, s, 0, 0, !strcmp(value, "true"));
		break;
	case S_NUMBER:
		errno = 0;
		d = strtod(value, &end);
		if (!*value || *end || errno || !in_range(s, d))
			goto bad;
		store(g, s, d, 0, false);
		break;
	case S_UINT:
	case S_U64:
		if (wb_parse_uint(value, (unsigned long)s->min,
				  s->type == S_U64 ? (unsigned long)INT64_MAX : (unsigned long)s->max,
				  &u) < 0)
			goto bad;
		store(g, s, 0, u, false);
		break;
	}
	g->cli = true;
	return 0;
bad:
	snprintf(err, errlen, "expected %s, got '%s'", want, value);
	return -EINVAL;
}

const struct wb_compare_floor *wb_compare_gate_floor_for(const struct wb_compare_gate *g,
							 const char *const key[WB_COMPARE_NKEYS],
							 size_t *index)
{
	const struct wb_compare_floor *best = NULL;
	size_t i, k;

	for (i = 0; i < g->n_floors; i++) {
		const struct wb_compare_floor *f = &g->floors[i];

		for (k = 0; k < WB_COMPARE_NKEYS; k++)
			if (f->key[k] && strcmp(f->key[k], key[k]))
				break;
		if (k < WB_COMPARE_NKEYS)
			continue;
		/* Strictly more specific replaces: on a tie the earlier rule stays. */
		if (!best || f->specificity > best->specificity) {
			best = f;
			*index = i;
		}
	}
	return best;
}

char *wb_compare_key_join(const char *const key[WB_COMPARE_NKEYS])
{
	size_t k, len = 0, o = 0;
	char *s;

	for (k = 0; k < WB_COMPARE_NKEYS; k++)
		len += strlen(key[k]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	for (k = 0; k < WB_COMPARE_NKEYS; k++) {
		size_t n = strlen(key[k]);

		memcpy(s + o, key[k], n);
		o += n;
		s[o++] = k + 1 < WB_COMPARE_NKEYS ? '/' : '\0';
	}
	return s;
}

json_t *wb_compare_floor_match_json(const struct wb_compare_floor *f)
{
	json_t *m = json_object();
	size_t k;

	for (k = 0; m && k < WB_COMPARE_NKEYS; k++)
		if (f->key[k] && json_object_set_new(m, wb_compare_key_names[k],
						     json_string(f->key[k])) < 0) {
			json_decref(m);
			return NULL;
		}
	return m;
}

static json_t *setting_json(const struct wb_compare_gate *g, const struct setting *s)
{
	switch (s->type) {
	case S_NUMBER:
		return json_real(*(const double *)cfield(g, s));
	case S_UINT:
		return json_integer(*(const unsigned int *)cfield(g, s));
	case S_U64:
		return json_integer((json_int_t)*(const uint64_t *)cfield(g, s));
	case S_BOOL:
		return json_boolean(*(const bool *)cfield(g, s));
	}
	return NULL;
}

json_t *wb_compare_gate_settings_json(const struct wb_compare_gate *g)
{
	json_t *o = json_object(), *gates = json_object(), *floors = json_array(), *f;
	struct wb_strbuf source;
	char *file = NULL;
	size_t i;
	int bad = !o || !gates || !floors;

	for (i = 0; !bad && i < WB_ARRAY_SIZE(settings); i++)
		bad = json_object_set_new(o, settings[i].key, setting_json(g, &settings[i])) < 0;
	for (i = 0; !bad && i < WB_ARRAY_SIZE(gate_switches); i++)
		bad = json_object_set_new(gates, gate_switches[i].key,
					  setting_json(g, &gate_switches[i])) < 0;
	for (i = 0; !bad && i < g->n_floors; i++) {
		f = json_pack("{s:o, s:f, s:s*}", "match", wb_compare_floor_match_json(&g->floors[i]),
			      "min_bits_per_second", g->floors[i].min_bits_per_second, "note",
			      g->floors[i].note);
		bad = json_array_append_new(floors, f) < 0;
	}
	/* Built whole (a path is not cut), and the file name made UTF-8 for jansson. */
	wb_strbuf_init(&source);
	if (g->file && !(file = wb_utf8_dup(g->file)))
		bad = 1;
	wb_strbuf_addf(&source, "%s%s", file ? file : "defaults", g->cli ? " + command line" : "");
	free(file);
	if (!bad)
		bad = source.failed || json_object_set(o, "gates", gates) < 0 ||
		      json_object_set(o, "floors", floors) < 0 ||
		      json_object_set_new(o, "source", json_string(wb_strbuf_cstr(&source))) < 0;
	wb_strbuf_release(&source);
	json_decref(gates);
	json_decref(floors);
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}
