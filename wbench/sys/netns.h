/*
 * wbench: named network namespaces, compatible with iproute2 (`ip netns`): the namespace
 * NAME is kept alive by a bind mount of its nsfs file on /run/netns/NAME, so
 * `ip netns exec NAME ...` and `ip -n NAME ...` see wbench's namespaces and vice versa.
 *
 * wb_netns_enter/leave switch the calling thread's network namespace (wbench is
 * single-threaded): sockets opened in between stay in that namespace after leaving.
 */
#ifndef WB_NETNS_H
#define WB_NETNS_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/sys/nl.h"
#include "wbench/lib/wbench.h"

#define WB_NETNS_DIR "/run/netns"
/* Longest namespace name wbench accepts (iproute2 allows more; we keep paths short). */
#define WB_NETNS_NAME_MAX 63
/* Enough for the reasons wb_netns_call and wb_netns_nl_open write. */
#define WB_NETNS_ERR_MAX 256
/* Room for WB_NETNS_DIR "/" NAME and its NUL. */
#define WB_NETNS_PATH_MAX (sizeof(WB_NETNS_DIR) + WB_NETNS_NAME_MAX + 1)

/**
 * wb_netns_name_valid - 1..WB_NETNS_NAME_MAX bytes of [A-Za-z0-9_.-], not "." or ".."
 */
bool wb_netns_name_valid(const char *name);

/**
 * wb_netns_path - write "/run/netns/NAME" to @buf
 * Returns: 0, or -EINVAL for an invalid name, -ENAMETOOLONG when @buf is too small.
 */
int wb_netns_path(const char *name, char *buf, size_t len) WB_MUST_CHECK;

/** wb_netns_exists - whether /run/netns/NAME is a mounted namespace file. */
bool wb_netns_exists(const char *name);

/**
 * wb_netns_add - create the named namespace NAME (as `ip netns add NAME` does)
 * A forked child unshares a new network namespace and bind-mounts it on the file;
 * /run/netns is made a shared mount first so the mount propagates like iproute2's.
 * Returns: 0, -EEXIST when it exists, -EINVAL for a bad name, or a negative errno.
 */
int wb_netns_add(const char *name) WB_MUST_CHECK;

/**
 * wb_netns_del - remove the named namespace (lazy unmount, then unlink)
 * The namespace itself lives on while a process or socket still uses it.
 * Returns: 0, -ENOENT when it does not exist, or a negative errno.
 */
int wb_netns_del(const char *name) WB_MUST_CHECK;

/**
 * wb_netns_list - names of the namespaces under /run/netns
 * @out: receives a new NULL-terminated array of new strings (free with wb_netns_list_free)
 * Returns: 0 (an empty list when the directory does not exist) or a negative errno.
 */
int wb_netns_list(char ***out) WB_MUST_CHECK;

/** wb_netns_list_free - free a list from wb_netns_list; NULL-safe. */
void wb_netns_list_free(char **list);

/* The namespace to return to; fill it with wb_netns_enter. */
struct wb_netns_saved {
	int orig_fd;  /* the caller's original namespace, -1 when nothing to restore */
};

/**
 * wb_netns_enter - switch this thread into namespace NAME (NULL or "": stay, a no-op)
 * @s: receives what wb_netns_leave needs; always call wb_netns_leave afterwards
 * Returns: 0 or a negative errno (then nothing changed, and leaving is a no-op).
 */
int wb_netns_enter(const char *name, struct wb_netns_saved *s) WB_MUST_CHECK;

/**
 * wb_netns_enter_path - like wb_netns_enter, for a namespace file given by path
 * (/run/netns/NAME, /proc/PID/ns/net; NULL or "": stay)
 * Returns: 0 or a negative errno (then nothing changed, and leaving is a no-op).
 */
int wb_netns_enter_path(const char *path, struct wb_netns_saved *s) WB_MUST_CHECK;

/**
 * wb_netns_leave - return to the namespace saved by wb_netns_enter; idempotent
 * Returns: 0 or a negative errno (the thread may then still be in the other namespace).
 */
int wb_netns_leave(struct wb_netns_saved *s);

/**
 * wb_netns_call - run @fn(@arg) inside the namespace file @path (/run/netns/NAME,
 * /proc/PID/ns/net; NULL or "": right here) and come back. Sockets @fn opens stay in
 * that namespace; the thread does not.
 * @err: receives why entering ("cannot enter network namespace '@path': ...") or, after
 *       @fn succeeded, coming back failed (may be NULL); @fn's own failures are @fn's to say
 * Returns: @fn's return value; entering's negative errno (@fn did not run); or -EIO when
 *          the way back failed, whatever @fn returned: then release what @fn made.
 */
int wb_netns_call(const char *path, int (*fn)(void *arg), void *arg, char *err,
		  size_t errlen) WB_MUST_CHECK;

/**
 * wb_netns_call_named - wb_netns_call for the named namespace @name (NULL or "": here);
 * @err names @name, not its path. Returns as wb_netns_call, or -EINVAL for a bad name.
 */
int wb_netns_call_named(const char *name, int (*fn)(void *arg), void *arg, char *err,
			size_t errlen) WB_MUST_CHECK;

/**
 * wb_netns_nl_open_path - a generic netlink socket for @family opened inside the
 * namespace file @path (NULL or "": the current one); it keeps working in that namespace
 * @err: as for wb_netns_call (may be NULL); nothing is written when only the open failed
 * Returns: 0, -ENOENT (no such namespace or family), or a negative errno.
 */
int wb_netns_nl_open_path(const char *path, const char *family, struct wb_nl *nl, char *err,
			  size_t errlen) WB_MUST_CHECK;

/**
 * wb_netns_nl_open - wb_netns_nl_open_path for the named namespace @name (NULL or "": the
 * current one); @err names @name, not its path (may be NULL)
 * Returns: 0, -EINVAL for a bad name, -ENOENT (no such namespace or family), or a
 *          negative errno.
 */
int wb_netns_nl_open(const char *name, const char *family, struct wb_nl *nl, char *err,
		     size_t errlen) WB_MUST_CHECK;

/**
 * wb_netns_move_phy - move @phy (and its interfaces) into the named namespace NAME
 * @nl: an nl80211 socket (wb_nl80211_open) in the namespace @phy is in now
 * Returns: 0, -ENODEV when @phy is not in @nl's namespace, -ENOENT when NAME does not
 *          exist, or a negative errno (the kernel's text, if any, in nl->ext_ack).
 */
int wb_netns_move_phy(struct wb_nl *nl, const char *phy, const char *name) WB_MUST_CHECK;

/**
 * wb_netns_move_phy_path - move @phy (and its interfaces) into the namespace file @path,
 * e.g. "/proc/self/ns/net": back into the caller's own namespace
 * @nl: an nl80211 socket in the namespace @phy is in now
 * Returns: 0, -ENODEV when @phy is not in @nl's namespace, -EOPNOTSUPP when its driver
 *          does not allow moving (no WIPHY_FLAG_NETNS_OK), or a negative errno.
 */
int wb_netns_move_phy_path(struct wb_nl *nl, const char *phy, const char *path) WB_MUST_CHECK;

#endif /* WB_NETNS_H */
