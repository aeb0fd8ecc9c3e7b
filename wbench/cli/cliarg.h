/* wbench: option parsing shared by subcommands ("--name VALUE" and "--name=VALUE"). */
#ifndef WB_CLIARG_H
#define WB_CLIARG_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/wbench.h"

/**
 * wb_cliarg_value - match option @name (e.g. "--netns") at argv[*i]
 * @argc, @argv: the command's arguments (borrowed)
 * @i: index of the argument to look at; advanced past the value on a match
 * @val: receives the value, borrowed from @argv
 * Returns: 1 on a match, 0 when argv[*i] is not this option, -EINVAL when the option
 *          is there but its value is missing or empty.
 */
int wb_cliarg_value(int argc, char *argv[], int *i, const char *name, const char **val);

/** wb_cliarg_is_help - whether @arg is "-h" or "--help". */
bool wb_cliarg_is_help(const char *arg);

/**
 * wb_cliarg_getopt_error - the usage error for what getopt_long returned as not an option
 * @cmd: the command, for the message
 * @c: getopt_long's return: ':' (the option string starts with ':') for a missing value,
 *     anything else for an unknown option
 * @argv: the arguments getopt_long was given (borrowed)
 * Call with opterr = 0, so getopt's own message is not printed as well.
 * Returns: WB_EXIT_USAGE, after printing one line.
 */
int wb_cliarg_getopt_error(const char *cmd, int c, char *argv[]);

/* An output file a command writes, with the option that names it. */
struct wb_cliarg_output {
	const char *option;  /* "-o", "--junit", ... */
	const char *path;    /* NULL: not given */
};

/**
 * wb_cliarg_outputs_check - refuse outputs that would overwrite an input or each other
 * @cmd: the command, for the message
 * @outs, @n_outs: the outputs (a NULL path is skipped)
 * @ins, @n_ins: the input files (NULL entries are skipped)
 * The same file is the same (device, inode) when both exist, else the same absolute
 * path once the directory is resolved (symbolic links, "..").
 * Returns: 0, or WB_EXIT_USAGE after printing which output is which input.
 */
int wb_cliarg_outputs_check(const char *cmd, const struct wb_cliarg_output *outs, size_t n_outs,
			    const char *const *ins, size_t n_ins);

/**
 * wb_cliarg_outputs_writable - refuse outputs that cannot be written, before any work
 * @cmd: the command, for the message
 * @outs, @n_outs: the outputs (a NULL path is skipped)
 * Each must be /dev/null, or a regular file or a new name in an existing directory we
 * may write in, on a file system that is neither read-only nor full (under 1 MiB free).
 * Returns: 0, or WB_EXIT_USAGE after printing what is wrong with which output.
 */
int wb_cliarg_outputs_writable(const char *cmd, const struct wb_cliarg_output *outs,
			       size_t n_outs);

#endif /* WB_CLIARG_H */
