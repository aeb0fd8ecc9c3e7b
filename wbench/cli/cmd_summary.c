/* wbench summary: validate a results file and print its per-mode table. */
#include <errno.h>
#include <getopt.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "reports/results.h"
#include "reports/summary.h"
#include "reports/table.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"

static const char help[] =
	"usage: wbench summary [--color=auto|always|never] RESULTS.json\n"
	"\n"
	"Check a results file (docs/results.md) and print the per-mode table that\n"
	"`wbench run` prints at the end: n, median Mbit/s, 95% interval, CPU, status.\n"
	"The summary is recomputed from the cells, so partial files from killed runs work.\n"
	"\n"
	"  --color=WHEN  colour the status column (default auto: when stdout is a terminal)\n"
	"  -h, --help\n"
	"\n";

int wb_cmd_summary(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "color", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, ret, color = -1;
	json_t *doc, *summary;
	char err[1024], *text;

	(void)cancel;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (!strcmp(optarg, "auto"))
				color = -1;
			else
				return wb_usage_error("summary", "--color: expected auto, "
						      "always or never, got '%s'", optarg);
			break;
		case 'h':
			printf("%s%s", help, wb_exit_codes_help);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("summary", opt, argv);
		}
	}
	if (argc - optind != 1)
		return wb_usage_error("summary", "expected one results file");
	ret = wb_results_load(argv[optind], &doc, err, sizeof(err));
	if (ret < 0) {
		wb_err("%s", err);
		return ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	}
	if (color < 0)
		color = isatty(STDOUT_FILENO);
	summary = wb_summary_compute(json_object_get(doc, "cells"));
	text = summary ? wb_table_render(summary, color ? WB_TABLE_COLOR : 0) : NULL;
	json_decref(summary);
	if (!text) {
		json_decref(doc);
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	fputs(text, stdout);
	if (!json_is_true(json_object_get(doc, "complete")))
		printf("(incomplete: %zu of %lld planned cells%s)\n",
		       json_array_size(json_object_get(doc, "cells")),
		       (long long)json_integer_value(json_object_get(doc, "planned_cells")),
		       json_is_true(json_object_get(doc, "interrupted")) ? ", interrupted" : "");
	free(text);
	json_decref(doc);
	return WB_EXIT_OK;
}
