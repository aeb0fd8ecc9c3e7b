/* wbench: option parsing shared by subcommands ("--name VALUE" and "--name=VALUE"). */
#ifndef WB_CLIARG_H
#define WB_CLIARG_H

#include <stdbool.h>

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

#endif /* WB_CLIARG_H */
