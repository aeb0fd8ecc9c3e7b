/*
 * wbench: internals of the results reader shared by results_check.c (the document, the
 * cells), results_check_soak.c (the stability workloads' objects), results_check_latency.c
 * (latency under load) and results_jv.c (their typed members). Not a public interface:
 * reports/results.h is.
 */
#ifndef WB_RESULTS_I_H
#define WB_RESULTS_I_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "wbench/lib/jsonv.h"

/* What a number must be, and how a message says it ("a time of 0..1e7 s"). */
struct wb_rjv_range {
	double lo, hi;
	const char *expected;
};

/**
 * wb_rjv_num - required @key of @obj: a number in @r, or (@null_ok) null
 * @out: its value, NAN for null (may be NULL)
 * Returns: 0 or -EINVAL (the message, with the JSON path, is in @jv).
 */
int wb_rjv_num(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
	       const struct wb_rjv_range *r, bool null_ok, double *out);

/** wb_rjv_count - required @key: an integer 0..@max (@out may be NULL). Returns 0 or -EINVAL. */
int wb_rjv_count(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		 uint64_t max, uint64_t *out);

/**
 * wb_rjv_object - required @key: an object, or (@null_ok) null
 * @p: receives the member's path; @out: the object (borrowed from @obj), NULL for null
 * Returns: 0 or -EINVAL.
 */
int wb_rjv_object(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		  bool null_ok, char p[WB_JSONV_PATH_MAX], json_t **out);

/**
 * wb_rjv_list - required @key: an array of at most @max entries
 * @p: receives the member's path; @out: the array (borrowed from @obj)
 * Returns: 0 or -EINVAL.
 */
int wb_rjv_list(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		size_t max, char p[WB_JSONV_PATH_MAX], json_t **out);

/**
 * wb_rjv_text - @v (at @path) is a string without NUL: readers compare and print them as
 * C strings
 * Returns: 0 or -EINVAL.
 */
int wb_rjv_text(struct wb_jsonv *jv, const json_t *v, const char *path);

/**
 * wb_results_check_soak - the "soak" of a cell (docs/results.md), when present and not
 * null: types, ranges, counts that add up, bounded lists
 * @cell: the cell (its type already checked); @path: the cell's JSON path
 * Returns: 0 or -EINVAL (the message, with the JSON path, is in @jv).
 */
int wb_results_check_soak(struct wb_jsonv *jv, const json_t *cell, const char *path);

/**
 * wb_results_check_summary_soak - the "soak" of a summary entry, when present and not null
 * @group: the summary entry; @path: its JSON path ("summary[2]")
 * Returns: 0 or -EINVAL.
 */
int wb_results_check_summary_soak(struct wb_jsonv *jv, const json_t *group, const char *path);

/**
 * wb_results_check_latency - the "latency" of a cell (docs/results.md, "Latency under
 * load"), when present and not null: types, ranges, counts that add up, quantiles in order
 * @cell: the cell (its type already checked); @path: the cell's JSON path
 * Returns: 0 or -EINVAL.
 */
int wb_results_check_latency(struct wb_jsonv *jv, const json_t *cell, const char *path);

/**
 * wb_results_check_summary_latency - the "latency" of a summary entry, when present and
 * not null
 * @group: the summary entry; @path: its JSON path ("summary[2]")
 * Returns: 0 or -EINVAL.
 */
int wb_results_check_summary_latency(struct wb_jsonv *jv, const json_t *group,
				     const char *path);

#endif /* WB_RESULTS_I_H */
