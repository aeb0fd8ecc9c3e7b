#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/lib/utf8.h"

const char wb_exit_codes_help[] =
	"Exit status:\n"
	"  0  success\n"
	"  1  a gate or a verification failed\n"
	"  2  usage or input error\n"
	"  3  infrastructure failure (a daemon, the VM or a driver could not be driven)\n";

static const struct wb_cmd commands[] = {
	{ "run", wb_cmd_run, "run a scenario's mode matrix and write JSON results" },
	{ "cleanup", wb_cmd_cleanup, "undo what killed real-lab runs left changed on the devices" },
	{ "probe", wb_cmd_probe, "what each radio supports and which security profiles will fail" },
	{ "pmf-verify", wb_cmd_pmf_verify, "verify management frame protection from a capture" },
	{ "scenario", wb_cmd_scenario, "check a scenario file and show its run plan" },
	{ "summary", wb_cmd_summary, "check a results file and print its per-mode table" },
	{ "compare", wb_cmd_compare, "compare two results files mode by mode (CI regression gate)" },
	{ "report", wb_cmd_report, "HTML report and Markdown summary of results files" },
	{ "sim", wb_cmd_sim, "simulated radios (mac80211_hwsim) with cipher profiles" },
	{ "vm", wb_cmd_vm, "run a command as root in the simulated-lab VM" },
	{ "traffic", wb_cmd_traffic, "run one iperf test (libiperf) and print the result JSON" },
	{ "pmf-capture", wb_cmd_pmf_capture, "capture on a monitor interface and verify PMF live" },
	{ "pmf-inject", wb_cmd_pmf_inject, "send forged unprotected deauth frames (active PMF check)" },
	{ NULL, NULL, NULL },
};

const struct wb_cmd *wb_commands(void)
{
	return commands;
}

const struct wb_cmd *wb_cmd_find(const char *name)
{
	const struct wb_cmd *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int wb_usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	wb_utf8_printable(msg);  /* one line: a newline in an argument is shown, not obeyed */
	wb_say("wbench %s: %s (see 'wbench %s --help')", cmd, msg, cmd);
	return WB_EXIT_USAGE;
}
