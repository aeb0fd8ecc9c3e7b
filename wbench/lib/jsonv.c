#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lib/jsonv.h"

void wb_jsonv_init(struct wb_jsonv *jv, const char *file, char *err, size_t errlen)
{
	jv->file = file;
	jv->err = err;
	jv->errlen = err ? errlen : 0;
	jv->failed = false;
	if (jv->errlen)
		err[0] = '\0';
}

static void jv_vset(struct wb_jsonv *jv, const char *path, const char *suffix, const char *fmt,
		    va_list ap)
{
	char msg[512];

	if (jv->failed)
		return;
	jv->failed = true;
	if (!jv->errlen)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (path && *path)
		snprintf(jv->err, jv->errlen, "%s: %s: %s%s", jv->file, path, msg, suffix);
	else
		snprintf(jv->err, jv->errlen, "%s: %s%s", jv->file, msg, suffix);
}

int wb_jsonv_fail(struct wb_jsonv *jv, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	jv_vset(jv, path, "", fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int wb_jsonv_fail_errno(struct wb_jsonv *jv, const char *path, int err, const char *fmt, ...)
{
	char suffix[128];
	va_list ap;

	snprintf(suffix, sizeof(suffix), ": %s", strerror(-err));
	va_start(ap, fmt);
	jv_vset(jv, path, suffix, fmt, ap);
	va_end(ap);
	return err;
}

json_t *wb_jsonv_parse(struct wb_jsonv *jv, const char *text, size_t len)
{
	json_error_t e;
	json_t *root;
	char *near;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
	if (root)
		return root;
	/* The token quoted after "near" may be a piece of a passphrase; a key name is not. */
	near = strstr(e.text, " near '");
	if (near && json_error_code(&e) != json_error_duplicate_key)
		*near = '\0';
	if (!jv->failed && jv->errlen)
		snprintf(jv->err, jv->errlen, "%s:%d:%d: %s", jv->file, e.line, e.column, e.text);
	jv->failed = true;
	return NULL;
}

char *wb_jsonv_path_key(char *buf, const char *parent, const char *key)
{
	if (parent && *parent)
		snprintf(buf, WB_JSONV_PATH_MAX, "%s.%s", parent, key);
	else
		snprintf(buf, WB_JSONV_PATH_MAX, "%s", key);
	return buf;
}

char *wb_jsonv_path_idx(char *buf, const char *parent, size_t i)
{
	snprintf(buf, WB_JSONV_PATH_MAX, "%s[%zu]", parent ? parent : "", i);
	return buf;
}

const char *wb_jsonv_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
	default:
		return "null";
	}
}

char *wb_jsonv_render(const json_t *v, char *buf, size_t len)
{
	char *s;

	if (json_is_object(v) || json_is_array(v)) {
		snprintf(buf, len, "%s", wb_jsonv_type_name(v));
		return buf;
	}
	/* Compact JSON escapes control characters and NULs, so the message stays one line. */
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (!s) {
		snprintf(buf, len, "%s", wb_jsonv_type_name(v));
		return buf;
	}
	if (strlen(s) > WB_JSONV_VALUE_MAX)
		snprintf(buf, len, "%.*s...", WB_JSONV_VALUE_MAX, s);
	else
		snprintf(buf, len, "%s", s);
	free(s);
	return buf;
}

/* Key names are quoted in messages; escape anything that would break the line. */
static void render_key(const char *key, char *buf, size_t len)
{
	size_t o = 0;

	for (; *key && o + 5 < len; key++) {
		unsigned char c = (unsigned char)*key;

		if (o >= WB_JSONV_VALUE_MAX) {
			snprintf(buf + o, len - o, "...");
			return;
		}
		if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
}

/* Levenshtein distance, capped: only small distances matter for suggestions. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[65], cur[65], i, j;

	if (la > 64 || lb > 64)
		return 64;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		memcpy(prev, cur, (lb + 1) * sizeof(prev[0]));
	}
	return prev[lb];
}

int wb_jsonv_check_keys(struct wb_jsonv *jv, const json_t *obj, const char *path,
			const char *const allowed[])
{
	const char *key, *best = NULL;
	char shown[WB_JSONV_VALUE_MAX + 8], list[512];
	size_t i, d, best_d = (size_t)-1, o = 0;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; allowed[i]; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i])
			continue;
		render_key(key, shown, sizeof(shown));
		for (i = 0; allowed[i]; i++) {
			d = edit_distance(key, allowed[i]);
			if (d < best_d) {
				best_d = d;
				best = allowed[i];
			}
		}
		/* A typo is a couple of edits away; otherwise list what is allowed. */
		if (best && best_d <= 2 && best_d < strlen(best))
			return wb_jsonv_fail(jv, path, "unknown key '%s' (did you mean '%s'?)",
					     shown, best);
		list[0] = '\0';
		for (i = 0; allowed[i] && o < sizeof(list); i++)
			o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s", i ? ", " : "",
					      allowed[i]);
		return wb_jsonv_fail(jv, path, "unknown key '%s' (allowed: %s)", shown, list);
	}
	return 0;
}

static const char *const kind_names[] = {
	[WB_JSONV_OBJECT] = "an object",   [WB_JSONV_ARRAY] = "an array",
	[WB_JSONV_STRING] = "a string",    [WB_JSONV_INTEGER] = "an integer",
	[WB_JSONV_NUMBER] = "a number",    [WB_JSONV_BOOL] = "a boolean",
};

static bool kind_matches(const json_t *v, enum wb_jsonv_type type)
{
	switch (type) {
	case WB_JSONV_OBJECT:
		return json_is_object(v);
	case WB_JSONV_ARRAY:
		return json_is_array(v);
	case WB_JSONV_STRING:
		return json_is_string(v);
	case WB_JSONV_INTEGER:
		return json_is_integer(v);
	case WB_JSONV_NUMBER:
		return json_is_number(v);
	case WB_JSONV_BOOL:
		return json_is_boolean(v);
	}
	return false;
}

int wb_jsonv_expect(struct wb_jsonv *jv, const json_t *v, const char *path, enum wb_jsonv_type type,
		    bool secret)
{
	char shown[WB_JSONV_VALUE_MAX + 8];

	if (kind_matches(v, type))
		return 0;
	if (secret || json_is_null(v))
		return wb_jsonv_fail(jv, path, "expected %s, got %s", kind_names[type],
				     wb_jsonv_type_name(v));
	return wb_jsonv_fail(jv, path, "expected %s, got %s", kind_names[type],
			     wb_jsonv_render(v, shown, sizeof(shown)));
}

int wb_jsonv_member(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		    bool required, char *path_out, json_t **out)
{
	*out = json_object_get(obj, key);
	wb_jsonv_path_key(path_out, path, key);
	if (!*out && required)
		return wb_jsonv_fail(jv, path, "missing required key '%s'", key);
	return 0;
}

int wb_jsonv_get_string(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
			bool required, const char **out, size_t *len)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret;

	ret = wb_jsonv_member(jv, obj, path, key, required, p, &v);
	if (ret < 0 || !v)
		return ret;
	ret = wb_jsonv_expect(jv, v, p, WB_JSONV_STRING, false);
	if (ret < 0)
		return ret;
	*out = json_string_value(v);
	if (len)
		*len = json_string_length(v);
	return 0;
}

int wb_jsonv_get_uint(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		      bool required, uint64_t min, uint64_t max, uint64_t *out)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_int_t i;
	json_t *v;
	int ret;

	ret = wb_jsonv_member(jv, obj, path, key, required, p, &v);
	if (ret < 0 || !v)
		return ret;
	ret = wb_jsonv_expect(jv, v, p, WB_JSONV_INTEGER, false);
	if (ret < 0)
		return ret;
	i = json_integer_value(v);
	if (i < 0 || (uint64_t)i < min || (uint64_t)i > max)
		return wb_jsonv_fail(jv, p, "expected an integer in %llu..%llu, got %s",
				     (unsigned long long)min, (unsigned long long)max,
				     wb_jsonv_render(v, shown, sizeof(shown)));
	*out = (uint64_t)i;
	return 0;
}

int wb_jsonv_get_bool(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		      bool required, bool *out)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret;

	ret = wb_jsonv_member(jv, obj, path, key, required, p, &v);
	if (ret < 0 || !v)
		return ret;
	ret = wb_jsonv_expect(jv, v, p, WB_JSONV_BOOL, false);
	if (ret < 0)
		return ret;
	*out = json_is_true(v);
	return 0;
}

char *wb_jsonv_expected_list(const char *const names[], char *buf, size_t len)
{
	size_t n = 0, i, o = 0;

	while (names[n])
		n++;
	buf[0] = '\0';
	if (n == 1) {
		snprintf(buf, len, "\"%s\"", names[0]);
	} else if (n == 2) {
		snprintf(buf, len, "\"%s\" or \"%s\"", names[0], names[1]);
	} else {
		o = (size_t)snprintf(buf, len, "one of ");
		for (i = 0; i < n && o < len; i++)
			o += (size_t)snprintf(buf + o, len - o, "%s\"%s\"", i ? ", " : "",
					      names[i]);
	}
	return buf;
}

int wb_jsonv_enum(struct wb_jsonv *jv, const json_t *v, const char *path,
		  const char *const names[], int *out)
{
	char shown[WB_JSONV_VALUE_MAX + 8], expected[512];
	int i;

	if (json_is_string(v)) {
		for (i = 0; names[i]; i++) {
			if (strcmp(json_string_value(v), names[i]) == 0 &&
			    json_string_length(v) == strlen(names[i])) {
				*out = i;
				return 0;
			}
		}
	}
	wb_jsonv_expected_list(names, expected, sizeof(expected));
	return wb_jsonv_fail(jv, path, "expected %s, got %s", expected,
			     wb_jsonv_render(v, shown, sizeof(shown)));
}
