/* wbench scenario: validate a scenario file and show what a run of it would do. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/cli/plan_print.h"
#include "wbench/lib/log.h"
#include "wbench/scenario/plan.h"
#include "wbench/scenario/scenario.h"

static const char help[] =
	"usage: wbench scenario [--plan] [--json] SCENARIO.json\n"
	"\n"
	"Check a scenario file (docs/scenario.md) and print it in normalised form, with\n"
	"every default filled in and the passphrase redacted.\n"
	"\n"
	"  --plan   also list the cells in execution order, and the crypto flips\n"
	"  --json   print the normalised scenario as JSON (what results files store)\n"
	"  -h, --help\n"
	"\n";

static int print_plan(const struct wb_scenario *sc)
{
	struct wb_plan *plan;

	if (wb_plan_new(sc, &plan) < 0) {
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	wb_print_cells(stdout, plan);
	wb_print_flips(stdout, plan);
	wb_plan_free(plan);
	return WB_EXIT_OK;
}

int wb_cmd_scenario(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "plan", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool plan = false, json = false;
	struct wb_scenario *sc;
	char err[1024];
	int opt, ret;

	(void)cancel;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			plan = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			printf("%s%s", help, wb_exit_codes_help);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("scenario", opt, argv);
		}
	}
	if (argc - optind != 1)
		return wb_usage_error("scenario", "expected one scenario file");
	ret = wb_scenario_load(argv[optind], &sc, err, sizeof(err));
	if (ret < 0) {
		wb_err("%s", err);
		return ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	}
	if (json) {
		json_t *j = wb_scenario_to_json(sc, true);

		ret = !j || json_dumpf(j, stdout, JSON_INDENT(2)) < 0;
		json_decref(j);
		if (ret) {
			wb_scenario_free(sc);
			wb_err("cannot print the scenario");
			return WB_EXIT_INFRA;
		}
		putchar('\n');
	} else {
		wb_print_scenario(stdout, sc);
	}
	ret = plan ? print_plan(sc) : WB_EXIT_OK;
	wb_scenario_free(sc);
	return ret;
}
