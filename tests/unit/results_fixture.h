/* Test helper: a results data set built from tests/fixtures/scenarios/base.json. */
#ifndef WBT_RESULTS_FIXTURE_H
#define WBT_RESULTS_FIXTURE_H

#include <jansson.h>

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

/** wbt_load_scenario - load @rel (relative to the source tree) or abort the test. */
struct wb_scenario *wbt_load_scenario(const char *rel);

/**
 * wbt_fixture_cell - the cell of @c filled with the fixed data set described in
 * results_fixture.c. Returns a new reference.
 */
json_t *wbt_fixture_cell(const struct wb_plan_cell *c);

#endif /* WBT_RESULTS_FIXTURE_H */
