#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/lib/log.h"
#include "wbench/lib/privfile.h"
#include "wbench/lib/util.h"

int wb_privfile_write(const char *path, const void *data, size_t len)
{
	char dir[PATH_MAX];
	struct stat st;
	char *slash;
	int r;

	if (wb_strlcpy(dir, path, sizeof(dir)) >= sizeof(dir))
		return -ENAMETOOLONG;
	slash = strrchr(dir, '/');
	if (!slash)
		wb_strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	/* lstat: a symlinked directory could point anywhere. */
	if (lstat(dir, &st) < 0) {
		r = -errno;
		wb_err("cannot use directory '%s': %s", dir, strerror(-r));
		return r;
	}
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077)) {
		wb_err("directory '%s' is not private (mode %04o); refusing to write secrets there",
		       dir, (unsigned int)(st.st_mode & 07777));
		return -EPERM;
	}
	r = wb_write_file_atomic(path, data, len, 0600);
	if (r < 0)
		wb_err("cannot write '%s': %s", path, strerror(-r));
	return r;
}
