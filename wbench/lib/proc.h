/*
 * wbench: child processes and cancellation.
 *
 * Every child runs in its own process group (so a terminal's Ctrl-C reaches only wbench,
 * which then tears children down in order), dies with wbench (PR_SET_PDEATHSIG), and
 * is always reaped through wb_proc_stop(). Waits are bounded by a timeout and by the
 * cancel source, never by a fixed sleep.
 */
#ifndef WB_PROC_H
#define WB_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "wbench/lib/wbench.h"

/*
 * Cancellation: SIGINT/SIGTERM/SIGHUP are blocked and read from a signalfd, so no
 * signal handler and no global flag exist. Once seen, cancellation is sticky.
 */
struct wb_cancel {
	int fd;     /* signalfd, or -1 */
	bool fired;
	int signo;  /* the signal that fired, for the exit message */
};

/** wb_cancel_init - block the termination signals and open the signalfd (main only). */
int wb_cancel_init(struct wb_cancel *c) WB_MUST_CHECK;
/** wb_cancel_release - close the signalfd (the mask stays: we are about to exit). */
void wb_cancel_release(struct wb_cancel *c);
/** wb_cancel_check - true once a termination signal arrived. NULL-safe (false). */
bool wb_cancel_check(struct wb_cancel *c);
/** wb_cancel_fd - the fd to add to a poll set, or -1 (NULL-safe). */
int wb_cancel_fd(const struct wb_cancel *c);
/**
 * wb_cancel_again - for a two-stage interrupt (the first asks the work to wind down, a
 * second stops it now): reads one pending signal. Before cancellation fired, that signal
 * fires it, as wb_cancel_check() would, and the answer is false; after, true when a
 * further signal had arrived. NULL-safe (false).
 */
bool wb_cancel_again(struct wb_cancel *c);

/* Values for wb_proc_opts.std*_fd besides a real descriptor. */
#define WB_PROC_DEVNULL (-1)
#define WB_PROC_INHERIT (-2)

struct wb_proc_opts {
	const char *netns;   /* path of a network namespace file (/run/netns/NAME), or NULL */
	int stdin_fd;        /* WB_PROC_DEVNULL, WB_PROC_INHERIT or an fd to dup2 */
	int stdout_fd;
	int stderr_fd;
	bool own_pgrp;       /* default true via wb_proc_opts_init() */
};

/** wb_proc_opts_init - defaults: no netns, stdin /dev/null, stdout/stderr inherited, own pgrp. */
void wb_proc_opts_init(struct wb_proc_opts *o);

struct wb_proc {
	pid_t pid;       /* 0 when not started; kept after the reap, for messages */
	int pidfd;       /* -1 when not open */
	int status;      /* wait status once reaped */
	bool reaped;
	bool own_pgrp;   /* the child leads its own process group, not yet swept by stop */
	char name[32];   /* for messages */
};

/** wb_proc_init - an empty, not-started process (safe to stop). */
void wb_proc_init(struct wb_proc *p, const char *name);

/**
 * wb_proc_spawn - start argv[0] (PATH lookup) with @o
 * @argv: NULL-terminated, borrowed
 * Returns: 0, or a negative errno (exec failure is reported through the exit status 127).
 */
int wb_proc_spawn(struct wb_proc *p, char *const argv[], const struct wb_proc_opts *o) WB_MUST_CHECK;

/**
 * wb_proc_fork - run @fn(@arg) in a child with @o; the child exits with fn's return value
 * Used for libiperf roles, whose library keeps process-global state.
 */
int wb_proc_fork(struct wb_proc *p, int (*fn)(void *), void *arg,
		 const struct wb_proc_opts *o) WB_MUST_CHECK;

/**
 * wb_proc_wait - wait for the child to exit
 * @timeout_ms: < 0 waits without a deadline (only for the VM's own command)
 * @c: cancel source, may be NULL
 * Returns: 0 when reaped, -ETIMEDOUT, -ECANCELED, or another negative errno.
 */
int wb_proc_wait(struct wb_proc *p, int64_t timeout_ms, struct wb_cancel *c);

/** wb_proc_running - true while started and not reaped (does a non-blocking reap). */
bool wb_proc_running(struct wb_proc *p);

/* How long wb_proc_stop waits for the reap after SIGKILL. */
#define WB_PROC_KILL_WAIT_MS 5000
/* wb_proc_run's grace between SIGTERM and SIGKILL after a timeout or cancellation. */
#define WB_PROC_RUN_STOP_GRACE_MS 2000

/**
 * wb_proc_stop - SIGTERM the child (its process group when it has one), wait @grace_ms,
 * then SIGKILL; always reaps. A child with its own group has the rest of that group
 * SIGKILLed once, at the first stop; a child in our group only ever gets signals itself.
 * NULL-safe and idempotent. Returns 0 or a negative errno.
 */
int wb_proc_stop(struct wb_proc *p, int64_t grace_ms);

/** wb_proc_kill - send @sig to the child (its process group when it has one; no reaping). */
int wb_proc_kill(struct wb_proc *p, int sig);

/** wb_proc_exit_code - exit status, 128+signal if killed, -1 if not reaped. */
int wb_proc_exit_code(const struct wb_proc *p);

/**
 * wb_proc_run - spawn, wait up to @timeout_ms, stop on timeout/cancel
 * Returns: the exit code (>= 0) or a negative errno (-ETIMEDOUT, -ECANCELED, ...).
 */
int wb_proc_run(char *const argv[], const struct wb_proc_opts *o, int64_t timeout_ms,
		struct wb_cancel *c);

#endif /* WB_PROC_H */
