/* Helpers for tests that read files under tests/fixtures/ (run from the repository root,
 * or with WB_FIXTURES pointing at the fixtures directory). */
#ifndef WB_TEST_FIXTURE_H
#define WB_TEST_FIXTURE_H

#include <stddef.h>

/**
 * wbt_fixture_read - read tests/fixtures/@name into a new string (caller frees)
 * Fails the current test when the file cannot be read.
 */
char *wbt_fixture_read(const char *name);

/**
 * wbt_golden_check - compare @actual with the golden file tests/fixtures/@name
 * With WB_GOLDEN_UPDATE=1 in the environment the file is rewritten instead (with a loud
 * warning): a deliberate step, reviewed with git diff.
 */
void wbt_golden_check(const char *name, const char *actual);

#endif /* WB_TEST_FIXTURE_H */
