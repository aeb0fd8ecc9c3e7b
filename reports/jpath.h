/*
 * wbench: reading a value at a key path in a JSON document ("cpu", "ap", "busy_pct"),
 * for the readers of results and comparison documents, where any level may be missing
 * or null.
 */
#ifndef WB_JPATH_H
#define WB_JPATH_H

#include <stdarg.h>

#include <jansson.h>

/**
 * wb_jpath_get - follow the keys (a NULL-terminated list of object keys) from @v
 * Returns: the value (borrowed from @v), or NULL when a level is missing or not an object.
 */
const json_t *wb_jpath_get(const json_t *v, ...);

/** wb_jpath_num - the number at the key path (NULL-terminated), or NAN if absent or not a number. */
double wb_jpath_num(const json_t *v, ...);

/** wb_jpath_num_va - wb_jpath_num with a va_list (the keys, NULL-terminated). */
double wb_jpath_num_va(const json_t *v, va_list ap);

#endif /* WB_JPATH_H */
