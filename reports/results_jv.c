/*
 * Typed, bounded members for the results reader's workload checks (results_check_soak.c,
 * results_check_latency.c): one message per kind of problem, always with the JSON path.
 */
#include <math.h>
#include <string.h>

#include "reports/results_i.h"

int wb_rjv_num(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
	       const struct wb_rjv_range *r, bool null_ok, double *out)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_t *v;
	double x;
	int ret;

	if (out)
		*out = NAN;
	if ((ret = wb_jsonv_member(jv, obj, path, key, true, p, &v)) < 0)
		return ret;
	if (null_ok && json_is_null(v))
		return 0;
	if ((ret = wb_jsonv_expect(jv, v, p, WB_JSONV_NUMBER, false)) < 0)
		return ret;
	x = json_number_value(v);
	if (!(x >= r->lo && x <= r->hi))
		return wb_jsonv_fail(jv, p, "expected %s, got %s", r->expected,
				     wb_jsonv_render(v, shown, sizeof(shown)));
	if (out)
		*out = x;
	return 0;
}

int wb_rjv_count(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		 uint64_t max, uint64_t *out)
{
	uint64_t v;

	return wb_jsonv_get_uint(jv, obj, path, key, true, 0, max, out ? out : &v);
}

int wb_rjv_object(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		  bool null_ok, char p[WB_JSONV_PATH_MAX], json_t **out)
{
	int ret;

	*out = NULL;
	if ((ret = wb_jsonv_member(jv, obj, path, key, true, p, out)) < 0)
		return ret;
	if (null_ok && json_is_null(*out)) {
		*out = NULL;
		return 0;
	}
	return wb_jsonv_expect(jv, *out, p, WB_JSONV_OBJECT, false);
}

int wb_rjv_list(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		size_t max, char p[WB_JSONV_PATH_MAX], json_t **out)
{
	int ret;

	if ((ret = wb_jsonv_member(jv, obj, path, key, true, p, out)) < 0 ||
	    (ret = wb_jsonv_expect(jv, *out, p, WB_JSONV_ARRAY, false)) < 0)
		return ret;
	if (json_array_size(*out) > max)
		return wb_jsonv_fail(jv, p, "expected at most %zu entries, got %zu", max,
				     json_array_size(*out));
	return 0;
}

int wb_rjv_text(struct wb_jsonv *jv, const json_t *v, const char *path)
{
	int ret;

	if ((ret = wb_jsonv_expect(jv, v, path, WB_JSONV_STRING, false)) < 0)
		return ret;
	if (strlen(json_string_value(v)) != json_string_length(v))
		return wb_jsonv_fail(jv, path, "expected a string without NUL (\\u0000)");
	return 0;
}
