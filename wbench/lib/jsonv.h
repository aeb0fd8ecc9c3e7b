/*
 * wbench: strict validation of JSON documents read with jansson, for every input file
 * wbench accepts (scenarios, results). Each check that fails writes one message
 *
 *     FILE: JSON.PATH: what was expected, got what
 *
 * into the caller's buffer (the first failure wins) and returns -EINVAL, so loaders can
 * be written as a chain of `if ((ret = wb_jsonv_...) < 0) goto out;`. Paths use the
 * familiar dotted form: `traffic.direction[1]`, `lab.ap.profile`.
 */
#ifndef WB_JSONV_H
#define WB_JSONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

/* Room for one path (nesting is shallow in every wbench format). */
#define WB_JSONV_PATH_MAX 256

/* Longest rendering of an offending value quoted in a message. */
#define WB_JSONV_VALUE_MAX 40

/* Value kinds for wb_jsonv_expect (jansson's json_type has no "any number" or "boolean"). */
				    enum wb_jsonv_type {
	WB_JSONV_OBJECT,
	WB_JSONV_ARRAY,
	WB_JSONV_STRING,
	WB_JSONV_INTEGER, /* a JSON number without fraction or exponent */
	WB_JSONV_NUMBER,  /* any JSON number */
	WB_JSONV_BOOL,
};

struct wb_jsonv {
	const char *file; /* name shown before every message (borrowed) */
	char *err;        /* caller's buffer for the message (borrowed) */
	size_t errlen;
	bool failed;      /* a message has been written */
};

/**
 * wb_jsonv_init - set up a validation context
 * @jv: context to fill
 * @file: file name for messages (borrowed: must outlive @jv)
 * @err: buffer that receives the first error message, NUL-terminated (may be NULL)
 * @errlen: size of @err
 */
void wb_jsonv_init(struct wb_jsonv *jv, const char *file, char *err, size_t errlen);

/**
 * wb_jsonv_fail - record an error at @path (the first one wins)
 * @path: JSON path; "" means the document as a whole
 * Returns: -EINVAL, for `return wb_jsonv_fail(...)`.
 */
int wb_jsonv_fail(struct wb_jsonv *jv, const char *path, const char *fmt, ...) WB_PRINTF(3, 4);

/**
 * wb_jsonv_fail_errno - record "FILE: PATH: MSG: strerror(-err)"-style errors
 * @err: negative errno
 * Returns: @err unchanged.
 */
int wb_jsonv_fail_errno(struct wb_jsonv *jv, const char *path, int err, const char *fmt, ...)
	WB_PRINTF(4, 5);

/**
 * wb_jsonv_parse - parse a JSON text with jansson, rejecting duplicate keys
 * @text, @len: the document (need not be NUL-terminated); NUL bytes escaped as \u0000
 *              inside strings are allowed
 * Syntax errors become "FILE:LINE:COLUMN: MESSAGE". jansson's " near 'TOKEN'" suffix is
 * dropped: the token could be part of a secret.
 * Returns: a new reference (caller json_decref()s) or NULL after recording an error.
 */
json_t *wb_jsonv_parse(struct wb_jsonv *jv, const char *text, size_t len);

/** wb_jsonv_path_key - write "@parent.@key" (or "@key" at the root) into @buf. Returns @buf. */
char *wb_jsonv_path_key(char *buf, const char *parent, const char *key);

/** wb_jsonv_path_idx - write "@parent[@i]" into @buf. Returns @buf. */
char *wb_jsonv_path_idx(char *buf, const char *parent, size_t i);

/**
 * wb_jsonv_type_name - "a string", "an integer", "a number", "an object", "an array",
 * "a boolean" or "null" (borrowed, static)
 */
const char *wb_jsonv_type_name(const json_t *v);

/**
 * wb_jsonv_render - short rendering of @v for messages: compact JSON for scalars,
 * truncated to WB_JSONV_VALUE_MAX with "...", or the type name for objects and arrays
 * @buf: at least WB_JSONV_VALUE_MAX + 8 bytes. Returns @buf.
 */
char *wb_jsonv_render(const json_t *v, char *buf, size_t len);

/**
 * wb_jsonv_check_keys - reject keys of @obj that are not in @allowed
 * @allowed: NULL-terminated list
 * The message suggests the closest allowed key for a likely typo.
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_check_keys(struct wb_jsonv *jv, const json_t *obj, const char *path,
			const char *const allowed[]);

/**
 * wb_jsonv_expect - check the type of a value
 * @type: the kind expected
 * @secret: never quote the value itself in the message
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_expect(struct wb_jsonv *jv, const json_t *v, const char *path, enum wb_jsonv_type type,
		    bool secret);

/**
 * wb_jsonv_member - look up @key in @obj, building its path into @path_out
 * @required: a missing key is an error ("missing required key 'KEY'")
 * @out: set to the borrowed value (valid while @obj lives) or NULL when absent
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_member(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		    bool required, char *path_out, json_t **out);

/**
 * wb_jsonv_get_string - string member; absent and optional leaves *@out unchanged
 * @out: borrowed (valid while @obj lives)
 * @len: if not NULL, receives the byte length (strings may hold NUL bytes)
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_get_string(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
			bool required, const char **out, size_t *len);

/**
 * wb_jsonv_get_uint - integer member in [@min, @max]; absent and optional leaves *@out
 * unchanged (so the caller presets the default)
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_get_uint(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		      bool required, uint64_t min, uint64_t max, uint64_t *out);

/**
 * wb_jsonv_get_bool - boolean member; absent and optional leaves *@out unchanged
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_get_bool(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		      bool required, bool *out);

/**
 * wb_jsonv_enum - match a string value against @names
 * @names: NULL-terminated list of accepted strings
 * @out: index into @names
 * Message: expected "a" or "b", got "c" / expected one of "a", "b", "c", got "d".
 * Returns: 0 or -EINVAL.
 */
int wb_jsonv_enum(struct wb_jsonv *jv, const json_t *v, const char *path,
		  const char *const names[], int *out);

/**
 * wb_jsonv_expected_list - write `"a" or "b"` / `one of "a", "b", "c"` for @names into @buf
 * Returns: @buf.
 */
char *wb_jsonv_expected_list(const char *const names[], char *buf, size_t len);

#endif /* WB_JSONV_H */
