/* wbench: entry point and command dispatch. The only place that exits. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/lib/wbench.h"

static void usage(FILE *f)
{
	const struct wb_cmd *c;

	fprintf(f, "usage: wbench [--version] [--help] COMMAND [ARGS...]\n\n"
		   "WiFi benchmarking harness: hardware vs software crypto and 802.11w (PMF)\n"
		   "modes on real AP/STA pairs.\n\nCommands:\n");
	for (c = wb_commands(); c->name; c++)
		fprintf(f, "  %-12s %s\n", c->name, c->summary);
	fprintf(f, "\n'wbench COMMAND --help' describes a command.\n\n%s", wb_exit_codes_help);
}

int main(int argc, char *argv[])
{
	struct wb_cancel cancel;
	const struct wb_cmd *cmd;
	int ret;

	/* libiperf and our sockets must see EPIPE, not die of SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 2) {
		usage(stderr);
		return WB_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return WB_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("wbench %s\n", WB_VERSION);
		return WB_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			usage(stdout);
			return WB_EXIT_OK;
		}
		cmd = wb_cmd_find(argv[2]);
		if (!cmd) {
			wb_say("wbench: unknown command '%s' (see 'wbench --help')", argv[2]);
			return WB_EXIT_USAGE;
		}
		char *hargv[] = { argv[2], (char *)"--help", NULL };
		return cmd->fn(2, hargv, NULL);
	}
	cmd = wb_cmd_find(argv[1]);
	if (!cmd) {
		wb_say("wbench: unknown command '%s' (see 'wbench --help')", argv[1]);
		return WB_EXIT_USAGE;
	}
	if (wb_cancel_init(&cancel) < 0) {
		wb_err("cannot set up signal handling");
		return WB_EXIT_INFRA;
	}
	ret = cmd->fn(argc - 1, argv + 1, &cancel);
	/* Interrupted: the shell convention 128+signal, after the command cleaned up. */
	if (cancel.fired)
		ret = 128 + cancel.signo;
	wb_cancel_release(&cancel);
	fflush(stdout);
	return ret;
}
