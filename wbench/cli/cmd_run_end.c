/* The end of `wbench run`: the summary table, the sim's caveat, the report. */
#include <stdio.h>
#include <stdlib.h>

#include "reports/report.h"
#include "reports/table.h"
#include "wbench/cli/cmd_run.h"
#include "wbench/lib/log.h"

/* The sim's caveat under the table (the report and results carry their own). */
#define SIM_NOTE "note: the sim has no hardware crypto; both modes run mac80211's software " \
	"crypto, so throughput and CPU do not show the cost of nohwcrypt here (what it shows " \
	"is which modes start).\n"

/* The end of a successful run: the summary table, the sim's caveat, the results file. */
static void print_summary(FILE *out, const struct wb_run_end *end, const char *output)
{
	char *table = wb_table_render(json_object_get(end->doc, "summary"), 0);

	if (!table)
		return;
	fprintf(out, "\n%s", table);
	if (end->simulated)
		fputs("\n" SIM_NOTE, out);
	fprintf(out, "results: %s\n", output);
	free(table);
}

/* The report of the results as they are now (complete or not): HTML and/or Markdown. */
static int write_report(FILE *out, const json_t *doc, const char *output, const char *html,
			const char *md, struct wb_cancel *cancel)
{
	struct wb_report_input in = { .file = output, .doc = doc };
	char err[512];
	int r;

	/* After Ctrl-C the report of the partial results is still written, without charts. */
	r = wb_report_write(&in, 1, NULL, html, md, cancel, err, sizeof(err));
	if (r < 0) {
		wb_err("run: report: %s", err);
		return r;
	}
	if (html)
		fprintf(out, "report: %s\n", html);
	if (md)
		fprintf(out, "markdown: %s\n", md);
	return 0;
}

int wb_cmd_run_present(int r, const struct wb_run_end *end, const struct wb_run_opts *ro,
		       const char *html, const char *md, struct wb_cancel *cancel)
{
	int rep;

	if (!end->doc)
		return r;
	if (r == 0)
		print_summary(ro->out, end, ro->output);
	if (html || md) {
		rep = write_report(ro->out, end->doc, ro->output, html, md, cancel);
		if (rep < 0 && r == 0)
			r = rep;
	}
	return r;
}
