/* wbench: what crypto_switch.c and crypto_switch_undo.c share. Not for other modules. */
#ifndef WB_CRYPTO_SWITCH_I_H
#define WB_CRYPTO_SWITCH_I_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/host/host.h"
#include "wbench/lib/proc.h"

/* Bound on the output of one step we keep (for its last line in a message). */
#define STEP_OUT_MAX (64u * 1024)
/* A step's command line in messages. */
#define LINE_MAX_LEN 512

/** wb_cs_argv_line - "rmmod ath9k" for messages; control bytes shown as '?'. */
void wb_cs_argv_line(char *const argv[], char *buf, size_t len);

/** wb_cs_last_line - the last non-empty line of @out, for a message (cut in place). */
const char *wb_cs_last_line(char *out);

/** wb_cs_first_line - the first line of @text without surrounding blanks, into @raw. */
void wb_cs_first_line(const char *text, char *raw, size_t len);

/**
 * wb_cs_host_step - run one command on @h (named @label in messages), @input on its stdin
 * Returns: 0, -EIO (it failed: @err says how, with its last output line), -ETIMEDOUT,
 *          -ECANCELED, with @err set.
 */
int wb_cs_host_step(struct wb_host *h, const char *label, int64_t timeout_ms,
		    char *const argv[], const char *input, struct wb_cancel *c, char *err,
		    size_t errlen);

#endif /* WB_CRYPTO_SWITCH_I_H */
