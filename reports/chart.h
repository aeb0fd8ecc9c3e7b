/*
 * wbench: charts for the report, drawn by gnuplot's SVG terminal in a child process.
 * The caller builds a gnuplot script (data inline as datablocks, every string through
 * wb_escape_gnuplot); this module runs gnuplot on it with a timeout and returns SVG
 * ready to be inlined into HTML.
 */
#ifndef WB_CHART_H
#define WB_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/wbench.h"

struct wb_cancel;

/* How long one chart may take; gnuplot draws the report's charts in well under 1 s. */
#define WB_CHART_TIMEOUT_MS 30000

/**
 * wb_chart_gnuplot_path - find the gnuplot executable on $PATH
 * @buf: receives the full path
 * Returns: true when an executable "gnuplot" was found.
 */
bool wb_chart_gnuplot_path(char *buf, size_t len);

/**
 * wb_chart_render - run gnuplot on @script and return the SVG it wrote to stdout
 * @gnuplot: the executable (from wb_chart_gnuplot_path)
 * @script: a complete gnuplot script; it must select the svg terminal itself
 * @id_prefix: prepended to every id and fragment reference in the SVG (e.g. "c3-"),
 *             so several charts can live in one HTML document without id clashes
 * @cancel: cancel source (may be NULL): a termination signal stops gnuplot at once
 * @svg: set to a new string (caller frees) holding the <svg> element only: the XML
 *       prolog and anything before "<svg" are removed
 * @err: receives the reason on failure (gnuplot's first error line when it has one)
 * The script goes to gnuplot's stdin from a 0600 file in a private 0700 directory, the
 * SVG and stderr to files there; the directory is removed before returning and the
 * child is always reaped (killed after WB_CHART_TIMEOUT_MS).
 * Returns: 0, -ETIMEDOUT, -ECANCELED (@cancel fired; gnuplot was stopped and reaped),
 * -EPROTO (gnuplot failed or wrote no SVG), -ENOMEM, or another negative errno.
 */
int wb_chart_render(const char *gnuplot, const char *script, const char *id_prefix,
		    struct wb_cancel *cancel, char **svg, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_chart_svg_clean - the <svg> element of a gnuplot SVG document with @id_prefix
 * applied to id="..", id='..', href="#..", href='#..' and url(#..)
 * @doc: the whole document gnuplot wrote
 * Returns: a new string (caller frees), or NULL when @doc has no "<svg" or on
 * allocation failure (errno says which: EPROTO or ENOMEM).
 */
char *wb_chart_svg_clean(const char *doc, const char *id_prefix);

#endif /* WB_CHART_H */
