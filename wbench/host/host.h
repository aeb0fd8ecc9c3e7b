/*
 * wbench: a host is a machine where wbench runs commands, reads and writes files and keeps
 * long-running children (hostapd, wpa_supplicant, iperf roles, capture tools): this
 * machine ("local") or a remote one. Daemons, collectors and config writers go through
 * this facade only, so that "start hostapd", "read /proc/stat" or "write a config 0600"
 * read the same whatever the host is.
 *
 * Modelled on wireguard-tools' ipc.c: a small facade (host.c) over one ops struct
 * (host_i.h); each backend (host_local.c, ...) keeps only static functions.
 *
 * Rules every backend keeps:
 *   - a command is an argv array, never a shell string;
 *   - every wait has a timeout and the cancel source, and ends when the child exits;
 *   - every child is reaped (wb_host_proc_free stops and reaps what still runs);
 *   - files are written atomically; a file whose mode has no group or other bits is
 *     written only into a private directory (ours, no group or other permissions).
 */
#ifndef WB_HOST_H
#define WB_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

struct wb_host;        /* a machine (opaque) */
struct wb_host_proc;   /* a child on a host (opaque) */

/* Where a command's standard error goes (wb_host_run). */
enum wb_host_stderr {
	WB_HOST_STDERR_DISCARD = 0,  /* /dev/null */
	WB_HOST_STDERR_MERGE,        /* into the captured output, like 2>&1 */
	WB_HOST_STDERR_INHERIT,      /* wbench's own stderr (local) or the ssh client's */
};

/* How a command runs; zero-initialise, then set what applies. */
struct wb_host_exec {
	const char *netns;           /* network namespace file on the host, or NULL */
	struct wb_cancel *cancel;    /* may be NULL */
	/* wb_host_run only */
	int64_t timeout_ms;          /* bound on the whole command (required, > 0) */
	const void *input;           /* bytes on stdin (borrowed), NULL: /dev/null */
	size_t input_len;
	enum wb_host_stderr err;
	size_t out_max;              /* captured stdout bound (0: WB_HOST_OUT_MAX) */
	struct wb_proc *peer;        /* its exit ends the run with -ESRCH after
				      * WB_HOST_PEER_GRACE_MS (an answer may be in flight);
				      * NULL: none (borrowed) */
	/* wb_host_spawn / wb_host_spawn_fn only */
	const char *log_path;        /* stdout and stderr to this new 0600 file on the host
				      * (truncated first), NULL: /dev/null */
	bool pipe_stdin;             /* the child reads a pipe we hold (wb_host_proc_stdin) */
	bool pipe_stdout;            /* its stdout comes to us (wb_host_proc_stdout); stderr
				      * still goes to log_path */
};

/* After a run's peer exited, how long its command may still take to answer. */
#define WB_HOST_PEER_GRACE_MS 500
/* Default bound on what wb_host_run captures. */
#define WB_HOST_OUT_MAX (1u << 20)

/**
 * wb_host_local_new - this machine
 * @out: receives a new host (free with wb_host_free)
 * Returns: 0 or -ENOMEM.
 */
int wb_host_local_new(struct wb_host **out) WB_MUST_CHECK;

/** wb_host_free - close the host (children it still has are stopped first); NULL-safe. */
void wb_host_free(struct wb_host *h);

/** wb_host_name - for messages: "local", "root@ap1" (borrowed, lives as long as @h). */
const char *wb_host_name(const struct wb_host *h);

/** wb_host_is_local - true when the host is this machine (its files are our files). */
bool wb_host_is_local(const struct wb_host *h);

/**
 * wb_host_workdir - a private directory on the host that lives as long as @h, for a run's
 * files there (configs, logs, sockets), or NULL when the host keeps none (this machine:
 * callers use their own private run directory). Borrowed.
 */
const char *wb_host_workdir(const struct wb_host *h);

/**
 * wb_host_run - run @argv on the host and wait for it
 * @argv: NULL-terminated (borrowed); argv[0] is looked up in the host's PATH
 * @x: netns, timeout (required), cancel, stdin bytes, stderr handling
 * @out: NULL to discard stdout, else receives a new NUL-terminated string (caller frees),
 *       also on a non-zero exit; more than x->out_max bytes is -EFBIG
 * @out_len: byte count of *out (may be NULL)
 * Returns: the exit code (>= 0; 127 when argv[0] cannot be run, 128+N when killed by
 *          signal N), or a negative errno (-ETIMEDOUT, -ECANCELED, -ESRCH: the peer
 *          exited, ...: the child was stopped and reaped).
 */
int wb_host_run(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		char **out, size_t *out_len) WB_MUST_CHECK;

/**
 * wb_host_spawn - start a long-running @argv on the host
 * @x: netns, log_path (stdout and stderr), cancel is not used
 * @out: receives a new child (stop and free with wb_host_proc_free)
 * Returns: 0 or a negative errno. An argv[0] that cannot be run shows as exit code 127.
 */
int wb_host_spawn(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		  struct wb_host_proc **out) WB_MUST_CHECK;

/**
 * wb_host_spawn_fn - run @fn(@arg) in a child process on the host; its return value is the
 * exit code. For libiperf roles, whose library keeps process-global state.
 * @name: for messages (borrowed for the call)
 * Returns: 0, -EOPNOTSUPP when the host cannot run our code (a remote host), or -errno.
 */
int wb_host_spawn_fn(struct wb_host *h, const char *name, int (*fn)(void *), void *arg,
		     const struct wb_host_exec *x, struct wb_host_proc **out) WB_MUST_CHECK;

/**
 * wb_host_read_file - read a file on the host
 * @max: larger files are -EFBIG, or with @tail their last @max bytes
 * @out: receives a new NUL-terminated buffer (caller frees)
 * @len: its byte count (may be NULL)
 * Returns: 0 or a negative errno (-ENOENT, -EFBIG, ...).
 */
int wb_host_read_file(struct wb_host *h, const char *path, size_t max, bool tail, char **out,
		      size_t *len) WB_MUST_CHECK;

/**
 * wb_host_write_file - write @len bytes to @path atomically (temporary file, rename)
 * @mode: permission bits; without group or other bits (0600: configs, secrets) the
 *        directory must be private (ours, mode 0700 or stricter), else -EPERM
 * Returns: 0 or a negative errno (reported).
 */
int wb_host_write_file(struct wb_host *h, const char *path, const void *data, size_t len,
		       mode_t mode) WB_MUST_CHECK;

/**
 * wb_host_mkdir - create a directory with @mode (0700 for private ones)
 * Returns: 0 (also when it exists as a directory we own), or a negative errno (reported).
 */
int wb_host_mkdir(struct wb_host *h, const char *path, mode_t mode) WB_MUST_CHECK;

/**
 * wb_host_mkdtemp - create a new private (0700) directory on the host
 * @prefix: name prefix, e.g. "wbench-run"
 * @out: receives its path, a new string (caller frees)
 * Returns: 0 or a negative errno (reported).
 */
int wb_host_mkdtemp(struct wb_host *h, const char *prefix, char **out) WB_MUST_CHECK;

/**
 * wb_host_remove - remove a file or a directory tree (symlinks are not followed)
 * Returns: 0, also when it did not exist, or a negative errno.
 */
int wb_host_remove(struct wb_host *h, const char *path);

/* --- children --- */

/** wb_host_proc_name - for messages (borrowed). */
const char *wb_host_proc_name(const struct wb_host_proc *p);

/**
 * wb_host_proc_peer - the local process whose exit means the child ended: the child itself
 * on the local host, the transport (e.g. the ssh client) on a remote one. For wb_wait and
 * wb_ctrl_set_peer (borrowed, lives as long as @p).
 */
struct wb_proc *wb_host_proc_peer(struct wb_host_proc *p);

/** wb_host_proc_running - true while the child runs (reaps it when it ended). NULL: false. */
bool wb_host_proc_running(struct wb_host_proc *p);

/**
 * wb_host_proc_wait - wait for the child to exit
 * @timeout_ms: < 0 without a deadline
 * @c: cancel source, may be NULL
 * Returns: 0 once it exited (see wb_host_proc_exit_code), -ETIMEDOUT, -ECANCELED, or -errno.
 */
int wb_host_proc_wait(struct wb_host_proc *p, int64_t timeout_ms, struct wb_cancel *c);

/**
 * wb_host_proc_stop - SIGTERM the child (and its process group), wait @grace_ms, then
 * SIGKILL; always reaps. Idempotent. Returns 0 or a negative errno.
 */
int wb_host_proc_stop(struct wb_host_proc *p, int64_t grace_ms);

/**
 * wb_host_proc_stdin - our end of the child's stdin (x->pipe_stdin), or -1: a stream
 * socket, so write with send(MSG_NOSIGNAL) (a child gone gives EPIPE, not SIGPIPE); closing
 * it (wb_host_proc_close_stdin) is the child's end of input. Borrowed: closed by free.
 */
int wb_host_proc_stdin(const struct wb_host_proc *p);

/** wb_host_proc_close_stdin - close our end of the child's stdin (EOF for it); idempotent. */
void wb_host_proc_close_stdin(struct wb_host_proc *p);

/**
 * wb_host_proc_stdout - the read end of the child's stdout (x->pipe_stdout), non-blocking,
 * or -1. Borrowed: closed by wb_host_proc_free.
 */
int wb_host_proc_stdout(const struct wb_host_proc *p);

/** wb_host_proc_exit_code - exit status, 128+signal if killed, -1 while it runs. */
int wb_host_proc_exit_code(const struct wb_host_proc *p);

/** wb_host_proc_free - stop (WB_HOST_STOP_GRACE_MS) if running, reap, free. NULL-safe. */
void wb_host_proc_free(struct wb_host_proc *p);

/* Grace between SIGTERM and SIGKILL when a child is freed while it runs. */
#define WB_HOST_STOP_GRACE_MS 2000

#endif /* WB_HOST_H */
