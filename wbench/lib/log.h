/* wbench: messages to stderr. Library code reports; only main decides to exit. */
#ifndef WB_LOG_H
#define WB_LOG_H

#include "wbench/lib/wbench.h"

/*
 * Error messages follow git's style: lowercase, no full stop, the subject in quotes,
 * e.g. wb_err("cannot open '%s': %s", path, strerror(errno)). Every function here
 * leaves errno as it found it.
 */
void wb_err(const char *fmt, ...) WB_PRINTF(1, 2);
void wb_warn(const char *fmt, ...) WB_PRINTF(1, 2);
void wb_info(const char *fmt, ...) WB_PRINTF(1, 2);
/* Prints the message as it is, without "wbench: " (a command's own prefix, e.g. "wbench
 * run: ..."), made safe for a terminal like every message here. */
void wb_say(const char *fmt, ...) WB_PRINTF(1, 2);
/* Printed only when the environment has WBENCH_DEBUG set (non-empty). */
void wb_debug(const char *fmt, ...) WB_PRINTF(1, 2);

#endif /* WB_LOG_H */
