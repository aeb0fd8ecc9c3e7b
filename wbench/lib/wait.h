/*
 * wbench: the one bounded wait. Every wait in wbench has a monotonic deadline, is
 * cancellable (the signalfd of struct wb_cancel) and may end early when a peer process
 * exits (a daemon that dies mid-setup must not leave us polling a silent socket).
 *
 * Callers loop: test their own condition, then call wb_wait_round() once:
 *
 *	struct wb_wait w;
 *	wb_wait_init(&w, timeout_ms, cancel);
 *	for (;;) {
 *		if (ready(...)) return 0;
 *		r = wb_wait_round(&w, fds, n);
 *		if (r < 0) return r;
 *	}
 */
#ifndef WB_WAIT_H
#define WB_WAIT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

/* Without a pidfd (kernels before 5.3) a peer's exit is noticed by polling this often. */
#define WB_WAIT_PEER_POLL_MS 100
/* Most descriptors one round polls besides the cancel fd and the peer's pidfd. */
#define WB_WAIT_FDS_MAX 8

struct wb_wait {
	int64_t deadline;           /* wb_now_ms() value; WB_WAIT_NO_DEADLINE: none */
	struct wb_cancel *cancel;   /* NULL: not cancellable */
	struct wb_proc *peer;       /* its exit ends the wait with -ESRCH; NULL: none (borrowed) */
};

#define WB_WAIT_NO_DEADLINE INT64_MIN

/**
 * wb_wait_init - a wait ending @timeout_ms from now (< 0: no deadline), cancelled by @c
 * (may be NULL), without a peer (set w->peer to add one).
 */
void wb_wait_init(struct wb_wait *w, int64_t timeout_ms, struct wb_cancel *c);

/**
 * wb_wait_left_ms - milliseconds until the deadline (0 when passed; INT64_MAX without one)
 */
int64_t wb_wait_left_ms(const struct wb_wait *w);

/**
 * wb_wait_round - one round of a wait
 * @fds: up to WB_WAIT_FDS_MAX descriptors with their events (borrowed; may be NULL if @n is 0);
 *       their revents are set by the poll
 *
 * Fails fast, in this order, when the peer has exited (-ESRCH), cancellation fired
 * (-ECANCELED) or the deadline passed (-ETIMEDOUT); otherwise polls @fds, the cancel fd and
 * the peer's pidfd once, until something is ready or the deadline.
 * Returns: 0 after the poll (check @fds[i].revents: possibly nothing is ready), -ESRCH,
 *          -ECANCELED, -ETIMEDOUT, -EINVAL (@n too large), or another negative errno.
 */
int wb_wait_round(const struct wb_wait *w, struct pollfd *fds, size_t n) WB_MUST_CHECK;

/**
 * wb_wait_sleep - wait until the deadline itself, ending early only on cancellation
 * or the peer's exit: for pacing, never for an event that has a descriptor.
 * Returns: 0 at the deadline, -ECANCELED, -ESRCH, or a negative errno.
 */
int wb_wait_sleep(const struct wb_wait *w) WB_MUST_CHECK;

/**
 * wb_wait_socket - wait until @path is a socket (a daemon's control socket, an ssh
 * ControlMaster's), watching its directory with inotify: no polling interval
 * Returns: 0 once it is there, or wb_wait_round's errors (-ESRCH: the peer exited first).
 */
int wb_wait_socket(const struct wb_wait *w, const char *path) WB_MUST_CHECK;

#endif /* WB_WAIT_H */
