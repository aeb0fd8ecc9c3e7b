/*
 * wbench: the compact text table printed at the end of a run, one row per mode
 * (crypto / security / proto / direction) of a results summary.
 */
#ifndef WB_TABLE_H
#define WB_TABLE_H

#include <jansson.h>

/* Colour the status column with ANSI escapes (only when asked, e.g. for a terminal). */
#define WB_TABLE_COLOR 0x1u

/**
 * wb_table_render - render a "summary" array (wb_summary_compute) as a text table
 * @summary: borrowed
 * @flags: WB_TABLE_* bits
 * Columns: crypto, security, proto, dir, n, median Mbit/s, ±ci95 (half-width of the 95%
 * interval of the mean, Mbit/s), AP cpu% (median busy), AP core% (median of the busiest
 * core), STA cpu%, status ("ok", "ap_start_failed: no_bip_cipher", or "2 ok, 1
 * assoc_failed: CODE" for a mixed group). Column widths follow the content; numbers are
 * right-aligned; "-" marks a missing value. Lines end with '\n', without trailing blanks.
 * Returns: a new string (caller frees) or NULL on allocation failure.
 */
char *wb_table_render(const json_t *summary, unsigned int flags);

#endif /* WB_TABLE_H */
