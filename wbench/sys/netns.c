#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "wbench/lib/log.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

/* unshare + one bind mount: instant, unless something is badly wrong. */
#define WB_NETNS_CREATE_TIMEOUT_MS 10000
/* SIGTERM to SIGKILL for a creating child that hung. */
#define WB_NETNS_CREATE_STOP_GRACE_MS 1000

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif

bool wb_netns_name_valid(const char *name)
{
	size_t i, n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n > WB_NETNS_NAME_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return false;
	}
	return true;
}

int wb_netns_path(const char *name, char *buf, size_t len)
{
	int n;

	if (!wb_netns_name_valid(name))
		return -EINVAL;
	n = snprintf(buf, len, "%s/%s", WB_NETNS_DIR, name);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

bool wb_netns_exists(const char *name)
{
	char path[WB_NETNS_PATH_MAX];
	struct statfs sf;

	if (wb_netns_path(name, path, sizeof(path)) < 0)
		return false;
	return statfs(path, &sf) == 0 && sf.f_type == NSFS_MAGIC;
}

/* iproute2's recipe: mounts under /run/netns must propagate to other mount namespaces. */
static int make_run_dir_shared(void)
{
	bool bound = false;

	if (mkdir(WB_NETNS_DIR, 0755) < 0 && errno != EEXIST)
		return -errno;
	while (mount("", WB_NETNS_DIR, "none", MS_SHARED | MS_REC, NULL) < 0) {
		/* EINVAL: not a mount point yet; make it one, then retry once. */
		if (errno != EINVAL || bound)
			return -errno;
		if (mount(WB_NETNS_DIR, WB_NETNS_DIR, "none", MS_BIND | MS_REC, NULL) < 0)
			return -errno;
		bound = true;
	}
	return 0;
}

/* In the forked child: a new network namespace, pinned by a bind mount on @arg. */
static int create_child(void *arg)
{
	const char *path = arg;

	if (unshare(CLONE_NEWNET) < 0)
		return errno;
	if (mount("/proc/self/ns/net", path, "none", MS_BIND, NULL) < 0)
		return errno;
	return 0;
}

int wb_netns_add(const char *name)
{
	struct wb_proc_opts o;
	struct wb_proc p;
	char path[WB_NETNS_PATH_MAX];
	int fd, r;

	r = wb_netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	r = make_run_dir_shared();
	if (r < 0)
		return r;
	fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	close(fd);
	wb_proc_opts_init(&o);
	wb_proc_init(&p, "netns-create");
	r = wb_proc_fork(&p, create_child, path, &o);
	if (r == 0) {
		r = wb_proc_wait(&p, WB_NETNS_CREATE_TIMEOUT_MS, NULL);
		if (r < 0)
			wb_proc_stop(&p, WB_NETNS_CREATE_STOP_GRACE_MS);
		else if (wb_proc_exit_code(&p) != 0)
			r = wb_proc_exit_code(&p) > 0 && wb_proc_exit_code(&p) < 128 ?
				-wb_proc_exit_code(&p) : -EIO;
	}
	if (r < 0)
		unlink(path);
	return r;
}

int wb_netns_del(const char *name)
{
	char path[WB_NETNS_PATH_MAX];
	int r;

	r = wb_netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	/* EINVAL: not mounted (a leftover file); it is still removed. */
	if (umount2(path, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
		return -errno;
	if (unlink(path) < 0)
		return -errno;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void wb_netns_list_free(char **list)
{
	char **p;

	if (!list)
		return;
	for (p = list; *p; p++)
		free(*p);
	free(list);
}

int wb_netns_list(char ***out)
{
	char **list = NULL, **nl;
	size_t n = 0;
	struct dirent *de;
	DIR *d;
	int r = 0;

	*out = NULL;
	d = opendir(WB_NETNS_DIR);
	list = calloc(1, sizeof(*list));
	if (!list) {
		if (d)
			closedir(d);
		return -ENOMEM;
	}
	if (!d) {
		*out = list;
		return errno == ENOENT ? 0 : -errno;
	}
	while ((de = readdir(d))) {
		if (!wb_netns_name_valid(de->d_name) || !wb_netns_exists(de->d_name))
			continue;
		nl = realloc(list, (n + 2) * sizeof(*list));
		if (!nl) {
			r = -ENOMEM;
			break;
		}
		list = nl;
		list[n] = strdup(de->d_name);
		if (!list[n]) {
			r = -ENOMEM;
			break;
		}
		list[++n] = NULL;
	}
	closedir(d);
	if (r < 0) {
		wb_netns_list_free(list);
		return r;
	}
	qsort(list, n, sizeof(*list), cmp_str);
	*out = list;
	return 0;
}

int wb_netns_enter_path(const char *path, struct wb_netns_saved *s)
{
	int fd, r;

	s->orig_fd = -1;
	if (!path || !*path)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	s->orig_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (s->orig_fd < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		r = -errno;
		close(fd);
		close(s->orig_fd);
		s->orig_fd = -1;
		return r;
	}
	close(fd);
	return 0;
}

int wb_netns_enter(const char *name, struct wb_netns_saved *s)
{
	char path[WB_NETNS_PATH_MAX];
	int r;

	s->orig_fd = -1;
	if (!name || !*name)
		return 0;
	r = wb_netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	return wb_netns_enter_path(path, s);
}

/* wb_netns_call, with @shown as the namespace's name in @err. */
static int call_in(const char *path, const char *shown, int (*fn)(void *), void *arg,
		   char *err, size_t errlen)
{
	struct wb_netns_saved saved;
	int r;

	r = wb_netns_enter_path(path, &saved);
	if (r < 0) {
		wb_errbuf_set(err, errlen, "cannot enter network namespace '%s': %s", shown,
			      strerror(-r));
		return r;
	}
	r = fn(arg);
	/* Never carry on, nor hand out a socket, while this thread is in the wrong namespace. */
	if (wb_netns_leave(&saved) < 0) {
		if (r >= 0)
			wb_errbuf_set(err, errlen, "cannot return to the original network namespace");
		return -EIO;
	}
	return r;
}

int wb_netns_call(const char *path, int (*fn)(void *), void *arg, char *err, size_t errlen)
{
	return call_in(path, path, fn, arg, err, errlen);
}

struct nl_open_args {
	const char *family;
	struct wb_nl *nl;
	bool opened;
};

static int nl_open_here(void *arg)
{
	struct nl_open_args *a = arg;
	int r = wb_nl_open(a->nl, a->family);

	a->opened = r == 0;
	return r;
}

/* Resolves the named namespace @name (NULL or "": here) into @path for call_in(). */
static int named_path(const char *name, char path[WB_NETNS_PATH_MAX], const char **out,
		      char *err, size_t errlen)
{
	int r;

	*out = NULL;
	if (!name || !*name)
		return 0;
	r = wb_netns_path(name, path, WB_NETNS_PATH_MAX);
	if (r < 0) {
		wb_errbuf_set(err, errlen, "cannot enter network namespace '%s': %s", name,
			      strerror(-r));
		return r;
	}
	*out = path;
	return 0;
}

int wb_netns_call_named(const char *name, int (*fn)(void *), void *arg, char *err,
			size_t errlen)
{
	char buf[WB_NETNS_PATH_MAX];
	const char *path;
	int r = named_path(name, buf, &path, err, errlen);

	return r < 0 ? r : call_in(path, name, fn, arg, err, errlen);
}

static int nl_open_in(const char *path, const char *shown, const char *family, struct wb_nl *nl,
		      char *err, size_t errlen)
{
	struct nl_open_args a = { .family = family, .nl = nl };
	int r = call_in(path, shown, nl_open_here, &a, err, errlen);

	if (r < 0 && a.opened)
		wb_nl_close(nl);
	return r;
}

int wb_netns_nl_open_path(const char *path, const char *family, struct wb_nl *nl, char *err,
			  size_t errlen)
{
	return nl_open_in(path, path, family, nl, err, errlen);
}

int wb_netns_nl_open(const char *name, const char *family, struct wb_nl *nl, char *err,
		     size_t errlen)
{
	char buf[WB_NETNS_PATH_MAX];
	const char *path;
	int r = named_path(name, buf, &path, err, errlen);

	return r < 0 ? r : nl_open_in(path, name, family, nl, err, errlen);
}

int wb_netns_leave(struct wb_netns_saved *s)
{
	int r = 0;

	if (!s || s->orig_fd < 0)
		return 0;
	if (setns(s->orig_fd, CLONE_NEWNET) < 0) {
		r = -errno;
		wb_err("cannot return to the original network namespace: %s", strerror(errno));
	}
	close(s->orig_fd);
	s->orig_fd = -1;
	return r;
}

int wb_netns_move_phy(struct wb_nl *nl, const char *phy, const char *name)
{
	char path[WB_NETNS_PATH_MAX];
	int r;

	r = wb_netns_path(name, path, sizeof(path));
	if (r < 0)
		return r;
	if (!wb_netns_exists(name))
		return -ENOENT;
	return wb_netns_move_phy_path(nl, phy, path);
}

int wb_netns_move_phy_path(struct wb_nl *nl, const char *phy, const char *path)
{
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = wb_nl80211_phy_set_netns(nl, phy, fd);
	close(fd);
	return r;
}
