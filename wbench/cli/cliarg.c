#include <errno.h>
#include <string.h>

#include "wbench/cli/cliarg.h"

int wb_cliarg_value(int argc, char *argv[], int *i, const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return **val ? 1 : -EINVAL;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc || !argv[*i + 1][0])
		return -EINVAL;
	*val = argv[++*i];
	return 1;
}

bool wb_cliarg_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}
