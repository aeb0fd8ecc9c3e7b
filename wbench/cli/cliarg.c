#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/util.h"

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

int wb_cliarg_getopt_error(const char *cmd, int c, char *argv[])
{
	/* optopt names a short option; for a long one only argv[optind - 1] does ("--x=1"
	 * shown whole is still clearer than nothing) */
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	char shortopt[3] = { '-', (char)optopt, '\0' };

	if (optopt > 0 && optopt < 0x80 && strncmp(arg, "--", 2) != 0)
		arg = shortopt;
	if (c == ':')
		return wb_usage_error(cmd, "option '%s' needs a value", arg);
	return wb_usage_error(cmd, "unknown option '%s'", arg);
}

/* @path with its directory resolved ("out/../r.json" -> "/abs/r.json"); @path itself when
 * the directory cannot be resolved. */
static void canonical(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX], real[PATH_MAX];

	if (wb_path_dir(path, dir, sizeof(dir)) < 0 || !realpath(dir, real)) {
		snprintf(buf, len, "%s", path);
		return;
	}
	snprintf(buf, len, "%s/%s", strcmp(real, "/") ? real : "", slash ? slash + 1 : path);
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	char ca[PATH_MAX * 2], cb[PATH_MAX * 2];

	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	canonical(a, ca, sizeof(ca));
	canonical(b, cb, sizeof(cb));
	return strcmp(ca, cb) == 0;
}

int wb_cliarg_outputs_check(const char *cmd, const struct wb_cliarg_output *outs, size_t n_outs,
			    const char *const *ins, size_t n_ins)
{
	for (size_t i = 0; i < n_outs; i++) {
		if (!outs[i].path)
			continue;
		for (size_t k = 0; k < n_ins; k++)
			if (ins[k] && same_file(outs[i].path, ins[k]))
				return wb_usage_error(cmd, "%s '%s' is the input '%s': writing it "
						      "would destroy it", outs[i].option,
						      outs[i].path, ins[k]);
		for (size_t k = 0; k < i; k++)
			if (outs[k].path && same_file(outs[i].path, outs[k].path))
				return wb_usage_error(cmd, "%s and %s name the same file '%s'",
						      outs[k].option, outs[i].option,
						      outs[i].path);
	}
	return 0;
}

/* Below this much free space an output directory counts as full: a results file
 * rewritten after every cell, a report or captures would fail mid-run. */
#define OUTPUT_MIN_FREE (1024 * 1024)

static int output_writable(const char *cmd, const struct wb_cliarg_output *o)
{
	char dir[PATH_MAX];
	struct statvfs vfs;
	struct stat st;

	if (strcmp(o->path, "/dev/null") == 0)
		return 0;
	if (stat(o->path, &st) == 0 && !S_ISREG(st.st_mode))
		return wb_usage_error(cmd, "%s '%s' is %s", o->option, o->path,
				      S_ISDIR(st.st_mode) ? "a directory" : "not a regular file");
	if (wb_path_dir(o->path, dir, sizeof(dir)) < 0)
		return wb_usage_error(cmd, "%s '%s': the name is too long", o->option, o->path);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return wb_usage_error(cmd, "%s '%s': no directory '%s'", o->option, o->path, dir);
	if (access(dir, W_OK | X_OK) < 0)
		return wb_usage_error(cmd, "%s '%s': cannot write in '%s': %s", o->option, o->path,
				      dir, strerror(errno));
	if (statvfs(dir, &vfs) < 0)
		return 0;  /* nothing known: the write will tell */
	if (vfs.f_flag & ST_RDONLY)
		return wb_usage_error(cmd, "%s '%s': '%s' is on a read-only file system",
				      o->option, o->path, dir);
	if ((unsigned long long)vfs.f_bavail * vfs.f_frsize < OUTPUT_MIN_FREE)
		return wb_usage_error(cmd, "%s '%s': the file system of '%s' is full (%llu bytes "
				      "free)", o->option, o->path, dir,
				      (unsigned long long)vfs.f_bavail * vfs.f_frsize);
	return 0;
}

int wb_cliarg_outputs_writable(const char *cmd, const struct wb_cliarg_output *outs,
			       size_t n_outs)
{
	for (size_t i = 0; i < n_outs; i++)
		if (outs[i].path && output_writable(cmd, &outs[i]))
			return WB_EXIT_USAGE;
	return 0;
}
