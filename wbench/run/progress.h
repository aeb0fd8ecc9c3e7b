/*
 * wbench: run progress. On a terminal one status line is rewritten in place
 * (cell i/N, mode, elapsed, ETA); otherwise one plain line per finished cell, so CI logs
 * stay readable. Inside the VM, WBENCH_HOST_TTY says whether a person is watching.
 */
#ifndef WB_PROGRESS_H
#define WB_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct wb_progress {
	FILE *out;        /* borrowed */
	bool tty;
	size_t total;
	size_t done;
	int64_t t0_ms;    /* monotonic start of the run */
	int64_t cell_ms;  /* monotonic start of the current cell */
	int64_t busy_ms;  /* time spent in finished cells */
	bool line_open;   /* a status line is on screen (tty) */
};

/** wb_progress_tty_default - whether stdout is watched by a person (see the header). */
bool wb_progress_tty_default(void);

/** wb_progress_init - @out borrowed; @total cells. */
void wb_progress_init(struct wb_progress *p, FILE *out, bool tty, size_t total);

/** wb_progress_start - cell @i (0-based order) begins; @mode e.g. "hwcrypt/sae/tcp/up #2". */
void wb_progress_start(struct wb_progress *p, size_t i, const char *mode);

/** wb_progress_done - the cell ended with @outcome, e.g. "ok 52.1 Mbit/s". */
void wb_progress_done(struct wb_progress *p, size_t i, const char *mode, const char *outcome);

/** wb_progress_note - a message between cells (clears the status line first). */
void wb_progress_note(struct wb_progress *p, const char *msg);

/** wb_progress_end - clear the status line. */
void wb_progress_end(struct wb_progress *p);

/** wb_progress_format_s - "1h02m", "4m05s", "17s" into @buf. Returns @buf. */
char *wb_progress_format_s(int64_t seconds, char *buf, size_t len);

#endif /* WB_PROGRESS_H */
