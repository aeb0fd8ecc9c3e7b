/*
 * wbench: the subcommands. Each lives in its own cmd_*.c file, returns an enum wb_exit
 * value and prints its own --help. Only main() turns that value into the exit status.
 */
#ifndef WB_COMMANDS_H
#define WB_COMMANDS_H

#include "wbench/lib/proc.h"

struct wb_cmd {
	const char *name;
	int (*fn)(int argc, char *argv[], struct wb_cancel *cancel);
	const char *summary;
};

int wb_cmd_run(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_cleanup(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_vm(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_sim(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_probe(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_scenario(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_summary(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_compare(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_report(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_traffic(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_pmf_verify(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_pmf_capture(int argc, char *argv[], struct wb_cancel *cancel);
int wb_cmd_pmf_inject(int argc, char *argv[], struct wb_cancel *cancel);

/** wb_commands - the static command table, NULL-name terminated (borrowed). */
const struct wb_cmd *wb_commands(void);

/** wb_cmd_find - look up a command by name. Returns a borrowed entry or NULL. */
const struct wb_cmd *wb_cmd_find(const char *name);

/**
 * wb_usage_error - print "wbench CMD: MSG" and the --help hint on one line pair
 * Returns: WB_EXIT_USAGE, so callers can `return wb_usage_error(...)`.
 */
int wb_usage_error(const char *cmd, const char *fmt, ...) WB_PRINTF(2, 3);

/** The exit-code paragraph shared by every --help text. */
extern const char wb_exit_codes_help[];

#endif /* WB_COMMANDS_H */
