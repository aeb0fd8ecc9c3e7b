/*
 * wbench: JUnit XML from a comparison document (wbench-compare/1), so that any CI shows
 * the gate natively: one <testsuite name="wbench compare">, one <testcase> per mode
 * (classname "wbench.compare.CRYPTO", name "SECURITY/PROTO/DIRECTION"), a <failure> for a
 * group whose gates failed, <skipped> for an unknown one, the numbers as <properties>.
 */
#ifndef WB_JUNIT_H
#define WB_JUNIT_H

#include <stddef.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

/**
 * wb_junit_render - the JUnit XML text of @cmp
 * @cmp: a document from wb_compare_docs (borrowed)
 * Every string from the documents is escaped; characters XML 1.0 cannot carry (control
 * characters) become U+FFFD.
 * Returns: a new NUL-terminated string (caller frees) or NULL on allocation failure.
 */
char *wb_junit_render(const json_t *cmp);

/**
 * wb_junit_write - write wb_junit_render(@cmp) to @path atomically (0644)
 * @err: receives "cannot write JUnit 'PATH': reason"
 * Returns: 0, -ENOMEM or the negative errno of the write.
 */
int wb_junit_write(const json_t *cmp, const char *path, char *err, size_t errlen) WB_MUST_CHECK;

#endif /* WB_JUNIT_H */
