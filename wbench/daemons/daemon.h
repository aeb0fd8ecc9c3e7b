/*
 * wbench: what hostapd and wpa_supplicant have in common: a private run directory with
 * the config, the daemon's output log and its control directory; spawning in a network
 * namespace; a command and an attached event connection; orderly stop; version query.
 * Files and the process live on a host (wbench/host/host.h). The control connections are
 * the daemon's AF_UNIX datagram socket on this machine, and its control client
 * (hostapd_cli, wpa_cli) on another host (ctrl.h): the same requests, events and errors.
 */
#ifndef WB_DAEMON_H
#define WB_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/daemons/ctrl.h"
#include "wbench/host/host.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

/*
 * Control requests are quick (locally microseconds, through a remote client one ssh
 * session); the bound only guards against a hung daemon or link.
 */
#define WB_DAEMON_REQUEST_MS 5000
/* The daemon's own log is read back for diagnosis up to this size. */
#define WB_DAEMON_LOG_MAX (4u << 20)

/* Bound on `DAEMON -v`. */
#define WB_DAEMON_VERSION_MS 5000

struct wb_daemon {
	char name[32];        /* for messages: "hostapd", "wpa_supplicant" */
	struct wb_host *host; /* where it runs (borrowed; set by wb_daemon_prepare) */
	struct wb_host_proc *proc; /* the running or exited daemon, NULL before a spawn (ours) */
	struct wb_ctrl *cmd;  /* requests */
	struct wb_ctrl *ev;   /* attached: events */
	char *dir;            /* the private run directory (our copy) */
	char *conf_path;      /* <dir>/<tag>.conf */
	char *log_path;       /* <dir>/<tag>.log: the daemon's stdout and stderr */
	char *ctrl_dir;       /* <dir>/<tag>-ctrl: the daemon's ctrl_interface */
	char *sock_path;      /* <ctrl_dir>/<ifname> */
	char *ifname;         /* the interface (our copy) */
	char *cli;            /* the control client on a remote host (our copy) */
	int64_t spawned_ms;   /* wb_now_ms() at spawn */
	char *events;         /* the event history, kept when the connections close */
};

/** wb_daemon_init - an empty daemon (safe to release). @name is used in messages. */
void wb_daemon_init(struct wb_daemon *d, const char *name);

/**
 * wb_daemon_prepare - set the paths under @dir and create the control directory (0700)
 * May be called again once the previous daemon stopped (-EBUSY while it runs).
 * @host: the host the daemon runs on (borrowed: must outlive @d's use)
 * @dir: a private directory (0700, ours) on @host
 * @tag: file name stem, e.g. "hostapd-wlan0"
 * @ifname: the interface, which names the daemon's socket
 * @cli: the daemon's control client ("hostapd_cli", "wpa_cli" or a path), used on a
 *       remote host only
 * Returns: 0 or a negative errno (reported).
 */
int wb_daemon_prepare(struct wb_daemon *d, struct wb_host *host, const char *dir,
		      const char *tag, const char *ifname, const char *cli) WB_MUST_CHECK;

/**
 * wb_daemon_spawn - start @argv on the host with stdout and stderr going to a new log (0600)
 * @netns: /run/netns/NAME path on the host, or NULL for the host's own namespace
 * Returns: 0 or a negative errno (reported).
 */
int wb_daemon_spawn(struct wb_daemon *d, char *const argv[], const char *netns) WB_MUST_CHECK;

/**
 * wb_daemon_connect - wait for the daemon's socket, open both connections, attach events
 * (on a remote host: through its control client, see ctrl.h)
 * Returns: 0, -ESRCH (the daemon exited first), -ETIMEDOUT, -ECANCELED, -ENOENT (no
 *          control client on the remote host), or a negative errno.
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

/** wb_daemon_started - true once a process was spawned (running or exited since). */
bool wb_daemon_started(const struct wb_daemon *d);

/** wb_daemon_running - true while the daemon's process runs (reaps it when it ended). */
bool wb_daemon_running(struct wb_daemon *d);

/** wb_daemon_exit_code - its exit status, 128+signal if killed, -1 while running or unstarted. */
int wb_daemon_exit_code(const struct wb_daemon *d);

/** wb_daemon_peer - the local process whose exit ends the daemon's waits, or NULL (borrowed). */
struct wb_proc *wb_daemon_peer(struct wb_daemon *d);

/** wb_daemon_release - stop (if needed), free the process and the paths. NULL-safe. */
void wb_daemon_release(struct wb_daemon *d);

/**
 * wb_daemon_version - the version a daemon binary reports with -v ("2.10")
 * @host: where to ask
 * @binary: e.g. "hostapd" or "wpa_supplicant" (PATH lookup on @host)
 * @out: receives the version string
 * @len: size of @out
 * Returns: 0, -EPROTO when the output has no "vX.Y" word, or a negative errno.
 */
int wb_daemon_version(struct wb_host *host, const char *binary, char *out, size_t len,
		      int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_daemon_line_value - the value of a "KEY=value" line in a control reply (STATUS, STA)
 * @out: receives the value, truncated to @len - 1 bytes and NUL-terminated
 * Returns: true when the key is there (at the start of a line), false otherwise.
 */
bool wb_daemon_line_value(const char *text, const char *key, char *out, size_t len);

#endif /* WB_DAEMON_H */
