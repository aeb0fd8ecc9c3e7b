/*
 * wbench: the report (`wbench report`, `wbench run --report`): one self-contained HTML
 * page (no scripts, no external resources: tables, inline SVG charts from gnuplot) and a
 * short GitHub-flavoured Markdown summary, for one or several results documents side by
 * side, with the comparison's verdicts when exactly two are given. docs/report.md.
 */
#ifndef WB_REPORT_H
#define WB_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

struct wb_cancel;

/* At most this many results files in one report (one colour each in the charts). */
#define WB_REPORT_MAX_FILES 8

/* Shown (HTML banner and Markdown) whenever a file's environment.backend is "sim". */
#define WB_REPORT_SIM_DISCLAIMER \
	"Simulated lab: no hardware crypto in the sim. mac80211_hwsim does all crypto in " \
	"software in both modes, so the sim shows which modes start (the cipher set the " \
	"radio advertises), not the throughput or CPU cost of software crypto."

/* Shown in place of the charts when gnuplot is not installed. */
#define WB_REPORT_NO_GNUPLOT "charts need gnuplot (apt-get install gnuplot-nox)"

/* wb_report_render_html flags. */
#define WB_REPORT_NO_CHARTS 0x1u /* do not run gnuplot (the page says charts are off) */

/* One results document to report on. */
struct wb_report_input {
	const char *file;   /* its file name, shown in the report (borrowed) */
	const json_t *doc;  /* a validated wbench-result/1 document (wb_results_load; borrowed) */
};

/**
 * wb_report_render_html - render the HTML page
 * @in: @n documents (1..WB_REPORT_MAX_FILES), shown in this order
 * @compare: a wbench-compare/1 document for exactly two inputs, or NULL
 * @flags: WB_REPORT_* bits
 * @cancel: cancel source (may be NULL); once it fires (before or while gnuplot runs) no
 *          more charts are drawn and the page says they were skipped because of the
 *          interrupt: the rest of the page is still rendered, quickly, and 0 returned
 * @out: set to the page, a new string (caller frees)
 * @err: receives a reason on failure; chart failures are not failures: the page then
 *       says which chart is missing and why, and the same goes to stderr as a warning
 * Returns: 0, -EINVAL (no input, too many, or @compare given for n != 2) or -ENOMEM.
 */
int wb_report_render_html(const struct wb_report_input *in, size_t n, const json_t *compare,
			  unsigned int flags, struct wb_cancel *cancel, char **out, char *err,
			  size_t errlen) WB_MUST_CHECK;

/**
 * wb_report_render_md - render the Markdown summary (tables only, no images)
 * Parameters as for wb_report_render_html (no flags).
 * Returns: 0, -EINVAL or -ENOMEM; @out is a new string (caller frees).
 */
int wb_report_render_md(const struct wb_report_input *in, size_t n, const json_t *compare,
			char **out, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_report_compare_mismatch - whether a wbench-compare/1 document is about these two files
 * @compare: the comparison (its "baseline" and "candidate" objects: scenario, started_at)
 * @in: the two results documents, baseline first
 * @buf: receives, when they differ, what differs (for a warning and the report's note)
 * Returns: true when the comparison's baseline or candidate does not match @in[0] or
 * @in[1] by scenario name and start time (or does not say), false when both match.
 */
bool wb_report_compare_mismatch(const json_t *compare, const struct wb_report_input *in,
				char *buf, size_t len);

/**
 * wb_report_write - render and write the HTML page and/or the Markdown summary
 * @html_path, @md_path: output files (either may be NULL, not both), written atomically
 *                       (temporary file and rename), mode 0644
 * @cancel: as for wb_report_render_html: after an interrupt the report of what there is
 *          is still written, without the charts not yet drawn, and 0 returned
 * Without gnuplot the page is still written, with WB_REPORT_NO_GNUPLOT in place of the
 * charts and a warning on stderr.
 * Returns: 0, -EINVAL, -ENOMEM, or the negative errno of a write (@err names the file).
 */
int wb_report_write(const struct wb_report_input *in, size_t n, const json_t *compare,
		    const char *html_path, const char *md_path, struct wb_cancel *cancel,
		    char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_report_redact - a deep copy of @v with the values of keys whose lower-cased name
 * contains passphrase, password, psk, secret, pmk, ptk or private_key (at any depth;
 * except passphrase_file, a path) replaced by "<redacted>"; null values stay null
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_report_redact(const json_t *v);

/**
 * wb_report_secret_key - whether a key's value is a secret that no output may show
 * (passphrase, password, psk, secret, pmk, ptk, private_key in its lower-cased name;
 * passphrase_file is a path, not a secret): the rule of wb_report_redact, for every output
 * (report, compare's warnings, JUnit)
 */
bool wb_report_secret_key(const char *key);

#endif /* WB_REPORT_H */
