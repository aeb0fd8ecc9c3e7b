/*
 * wbench: what hostapd and wpa_supplicant have in common: a private run directory with
 * the config, the daemon's output log and its control directory; spawning in a network
 * namespace; a command and an attached event connection; orderly stop; version query.
 */
#ifndef WB_DAEMON_H
#define WB_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/daemons/ctrl.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

/* Control requests are local and quick; the bound only guards against a hung daemon. */
#define WB_DAEMON_REQUEST_MS 5000
/* The daemon's own log is read back for diagnosis up to this size. */
#define WB_DAEMON_LOG_MAX (4u << 20)

struct wb_daemon {
	struct wb_proc proc;
	struct wb_ctrl *cmd;  /* requests */
	struct wb_ctrl *ev;   /* attached: events */
	char *dir;            /* the private run directory (our copy) */
	char *conf_path;      /* <dir>/<tag>.conf */
	char *log_path;       /* <dir>/<tag>.log: the daemon's stdout and stderr */
	char *ctrl_dir;       /* <dir>/<tag>-ctrl: the daemon's ctrl_interface */
	char *sock_path;      /* <ctrl_dir>/<ifname> */
	int64_t spawned_ms;   /* wb_now_ms() at spawn */
	char *events;         /* the event history, kept when the connections close */
};

/** wb_daemon_init - an empty daemon (safe to release). @name is used in messages. */
void wb_daemon_init(struct wb_daemon *d, const char *name);

/**
 * wb_daemon_prepare - set the paths under @dir and create the control directory (0700)
 * May be called again once the previous daemon stopped (-EBUSY while it runs).
 * @dir: a private directory (0700, ours)
 * @tag: file name stem, e.g. "hostapd-wlan0"
 * @ifname: the interface, which names the daemon's socket
 * Returns: 0 or a negative errno (reported).
 */
int wb_daemon_prepare(struct wb_daemon *d, const char *dir, const char *tag,
		      const char *ifname) WB_MUST_CHECK;

/**
 * wb_daemon_spawn - start @argv with stdout and stderr going to a new log (0600)
 * @netns: /run/netns/NAME path, or NULL for our own namespace
 * Returns: 0 or a negative errno (reported).
 */
int wb_daemon_spawn(struct wb_daemon *d, char *const argv[], const char *netns) WB_MUST_CHECK;

/**
 * wb_daemon_connect - wait for the daemon's socket, open both connections, attach events
 * Returns: 0, -ESRCH (the daemon exited first), -ETIMEDOUT, -ECANCELED, or a negative errno.
 */
int wb_daemon_connect(struct wb_daemon *d, int64_t timeout_ms, struct wb_cancel *c) WB_MUST_CHECK;

/**
 * wb_daemon_log - read the daemon's output so far
 * @text: receives a new NUL-terminated string (caller frees); the newest part of the log
 *        when it exceeds WB_DAEMON_LOG_MAX
 * Returns: 0 or a negative errno.
 */
int wb_daemon_log(const struct wb_daemon *d, char **text) WB_MUST_CHECK;

/**
 * wb_daemon_events - events seen on the event connection, one per line
 * Returns: a borrowed string valid until the next wait on the connection ("" if none).
 */
const char *wb_daemon_events(const struct wb_daemon *d);

/**
 * wb_daemon_stop - ask the daemon to TERMINATE, wait @grace_ms, then SIGTERM/SIGKILL; reap it,
 * close our connections and remove the sockets. Idempotent.
 * Returns: 0 or a negative errno.
 */
int wb_daemon_stop(struct wb_daemon *d, int64_t grace_ms);

/** wb_daemon_release - stop (if needed) and free the paths. NULL-safe. */
void wb_daemon_release(struct wb_daemon *d);

/**
 * wb_daemon_version - the version a daemon binary reports with -v ("2.10")
 * @binary: e.g. "hostapd" or "wpa_supplicant" (PATH lookup)
 * @out: receives the version string
 * @len: size of @out
 * Returns: 0, -EPROTO when the output has no "vX.Y" word, or a negative errno.
 */
int wb_daemon_version(const char *binary, char *out, size_t len, int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_daemon_line_value - the value of a "KEY=value" line in a control reply (STATUS, STA)
 * @out: receives the value, truncated to @len - 1 bytes and NUL-terminated
 * Returns: true when the key is there (at the start of a line), false otherwise.
 */
bool wb_daemon_line_value(const char *text, const char *key, char *out, size_t len);

#endif /* WB_DAEMON_H */
