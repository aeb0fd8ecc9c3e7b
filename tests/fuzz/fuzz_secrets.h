/*
 * Shared by the results and compare fuzz targets: find the values of secret keys
 * (wb_report_secret_key) in a document, so a target can check that no output shows them.
 * Only distinctive values count (12 or more letters and digits, both cases and a digit),
 * which no output can produce by chance. Header-only: each target is its own program.
 */
#ifndef WBT_FUZZ_SECRETS_H
#define WBT_FUZZ_SECRETS_H

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "reports/report.h"

#define SECRETS_MAX 8

struct secrets {
	const char *s[SECRETS_MAX];
	size_t n;
};

static inline bool distinctive(const char *s)
{
	bool up = false, low = false, dig = false;
	size_t n;

	for (n = 0; s[n]; n++) {
		if (!isalnum((unsigned char)s[n]))
			return false;
		up |= isupper((unsigned char)s[n]) != 0;
		low |= islower((unsigned char)s[n]) != 0;
		dig |= isdigit((unsigned char)s[n]) != 0;
	}
	return n >= 12 && up && low && dig;
}

/* The distinctive string values of secret keys anywhere in @v (borrowed). */
static inline void find_secrets(const json_t *v, struct secrets *out)
{
	const json_t *val;
	const char *k;
	size_t i;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, val) {
			if (wb_report_secret_key(k) && json_is_string(val) &&
			    distinctive(json_string_value(val)) && out->n < SECRETS_MAX)
				out->s[out->n++] = json_string_value(val);
			find_secrets(val, out);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, val)
			find_secrets(val, out);
	}
}

/* How many keys and strings of @v contain @needle. */
static inline size_t count_in(const json_t *v, const char *needle)
{
	const json_t *val;
	const char *k;
	size_t i, n = 0;

	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, val)
			n += (strstr(k, needle) != NULL) + count_in(val, needle);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, val)
			n += count_in(val, needle);
	} else if (json_is_string(v)) {
		n = strstr(json_string_value(v), needle) != NULL;
	}
	return n;
}

#endif /* WBT_FUZZ_SECRETS_H */
