/* Values at key paths in JSON documents (jpath.h). */
#include <math.h>
#include <stdarg.h>

#include "reports/jpath.h"

static const json_t *get_va(const json_t *v, va_list ap)
{
	const char *k;

	/* json_object_get(NULL or a non-object) is NULL, so a missing level ends the walk. */
	while (v && (k = va_arg(ap, const char *)))
		v = json_object_get(v, k);
	return v;
}

const json_t *wb_jpath_get(const json_t *v, ...)
{
	va_list ap;

	va_start(ap, v);
	v = get_va(v, ap);
	va_end(ap);
	return v;
}

double wb_jpath_num_va(const json_t *v, va_list ap)
{
	v = get_va(v, ap);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

double wb_jpath_num(const json_t *v, ...)
{
	va_list ap;
	double d;

	va_start(ap, v);
	d = wb_jpath_num_va(v, ap);
	va_end(ap);
	return d;
}
