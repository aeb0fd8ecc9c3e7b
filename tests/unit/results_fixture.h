/* Test helper: a results data set built from tests/fixtures/scenarios/base.json. */
#ifndef WBT_RESULTS_FIXTURE_H
#define WBT_RESULTS_FIXTURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "wbench/scenario/plan.h"
#include "wbench/scenario/scenario.h"

/** wbt_src_path - @rel under $WBENCH_SRCDIR (default "."). Returns a new string. */
char *wbt_src_path(const char *rel);

/** wbt_load_results - read the results file @rel (relative to the source tree) with the
 * results reader, or fail the test. Returns a new reference. */
json_t *wbt_load_results(const char *rel);

/**
 * wbt_between - the text of @s from @from up to (not including) @to, or to the end when
 * @to is NULL or absent; fails the test when @from is absent. Returns a new string.
 */
char *wbt_between(const char *s, const char *from, const char *to);

struct wb_report_input;
struct wb_jsonv;

/**
 * wbt_summary_check - run @check (a reader's check of one summary entry's part) on every
 * entry of @summary, with its JSON path, or fail the test with the reader's message
 */
void wbt_summary_check(const json_t *summary,
		       int (*check)(struct wb_jsonv *jv, const json_t *group, const char *path));

/**
 * wbt_report_render - the HTML (without charts) or, with @md, the Markdown report of @in,
 * or fail the test. Returns a new string.
 */
char *wbt_report_render(const struct wb_report_input *in, size_t n, const json_t *cmp, bool md);

/** wbt_load_scenario - load @rel (relative to the source tree) or abort the test. */
struct wb_scenario *wbt_load_scenario(const char *rel);

/**
 * wbt_fixture_cell - the cell of @c filled with the fixed data set described in
 * results_fixture.c. Returns a new reference.
 */
json_t *wbt_fixture_cell(const struct wb_plan_cell *c);

#endif /* WBT_RESULTS_FIXTURE_H */
