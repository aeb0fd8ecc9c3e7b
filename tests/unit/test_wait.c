/* wb_wait: the deadline, a ready descriptor, cancellation through the real signalfd, a peer's exit. */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include <cmocka.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"
#include "tests/unit/main.h"

static void test_deadline_passes_without_fds(void **state)
{
	struct wb_wait w;
	int64_t t0 = wb_now_ms();

	(void)state;
	wb_wait_init(&w, 60, NULL);
	assert_true(wb_wait_left_ms(&w) <= 60);
	assert_int_equal(wb_wait_sleep(&w), 0);
	assert_true(wb_now_ms() - t0 >= 60);
	assert_int_equal(wb_wait_left_ms(&w), 0);
	assert_int_equal(wb_wait_round(&w, NULL, 0), -ETIMEDOUT);
}

static void test_no_deadline_is_unbounded(void **state)
{
	struct wb_wait w;

	(void)state;
	wb_wait_init(&w, -1, NULL);
	assert_true(w.deadline == WB_WAIT_NO_DEADLINE);
	assert_true(wb_wait_left_ms(&w) == INT64_MAX);
}

static void test_ready_fd_ends_round(void **state)
{
	struct wb_wait w;
	int p[2];
	struct pollfd fds[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	wb_wait_init(&w, 10000, NULL);
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN, .revents = 0x7 };
	fds[1] = (struct pollfd){ .fd = p[1], .events = 0, .revents = 0x7 };
	assert_int_equal(wb_wait_round(&w, fds, 2), 0);
	assert_true(fds[0].revents & POLLIN);
	assert_int_equal(fds[1].revents, 0); /* set by the poll, not left as it was */
	close(p[0]);
	close(p[1]);
}

static void test_too_many_fds(void **state)
{
	struct pollfd fds[WB_WAIT_FDS_MAX + 1] = { 0 };
	struct wb_wait w;

	(void)state;
	wb_wait_init(&w, 10000, NULL);
	assert_int_equal(wb_wait_round(&w, fds, WB_WAIT_FDS_MAX + 1), -EINVAL);
}

static int term_parent_soon(void *arg)
{
	(void)arg;
	usleep(50 * 1000);
	return kill(getppid(), SIGTERM) == 0 ? 0 : 1;
}

/* A signal arriving while the round sleeps wakes it; the next round says -ECANCELED. */
static void test_cancel_by_signal(void **state)
{
	struct wb_cancel c;
	struct wb_proc p;
	struct wb_wait w;
	int64_t t0 = wb_now_ms();

	(void)state;
	assert_int_equal(wb_cancel_init(&c), 0);
	wb_proc_init(&p, "killer");
	assert_int_equal(wb_proc_fork(&p, term_parent_soon, NULL, NULL), 0);
	wb_wait_init(&w, 10000, &c);
	assert_int_equal(wb_wait_sleep(&w), -ECANCELED);
	assert_true(wb_now_ms() - t0 < 5000);
	assert_int_equal(c.signo, SIGTERM);
	assert_int_equal(wb_proc_wait(&p, 5000, NULL), 0);
	assert_int_equal(wb_proc_exit_code(&p), 0);
	assert_int_equal(wb_proc_stop(&p, 1000), 0);
	/* sticky, and ahead of the deadline */
	w.deadline = wb_now_ms() - 1;
	assert_int_equal(wb_wait_round(&w, NULL, 0), -ECANCELED);
	wb_cancel_release(&c);
}

/* raise() while blocked: the signal waits in the signalfd for the first round. */
static void test_cancel_pending_before_round(void **state)
{
	struct wb_cancel c;
	struct wb_wait w;

	(void)state;
	assert_int_equal(wb_cancel_init(&c), 0);
	assert_int_equal(raise(SIGTERM), 0);
	wb_wait_init(&w, 10000, &c);
	assert_int_equal(wb_wait_round(&w, NULL, 0), -ECANCELED);
	wb_cancel_release(&c);
}

/* The first signal fires cancellation; only a later one is "again". */
static void test_cancel_again(void **state)
{
	struct wb_cancel c;

	(void)state;
	assert_false(wb_cancel_again(NULL));
	assert_int_equal(wb_cancel_init(&c), 0);
	assert_false(wb_cancel_again(&c));
	assert_int_equal(raise(SIGINT), 0);
	assert_false(wb_cancel_again(&c));
	assert_true(wb_cancel_check(&c));
	assert_int_equal(c.signo, SIGINT);
	assert_false(wb_cancel_again(&c));
	assert_int_equal(raise(SIGHUP), 0);
	assert_true(wb_cancel_again(&c));
	assert_int_equal(c.signo, SIGINT); /* the first stays the reported one */
	wb_cancel_release(&c);
}

static int short_life(void *arg)
{
	(void)arg;
	usleep(50 * 1000);
	return 0;
}

static void wait_for_peer(bool with_pidfd)
{
	struct wb_proc p;
	struct wb_wait w;
	int64_t t0 = wb_now_ms();
	int r;

	wb_proc_init(&p, "peer");
	assert_int_equal(wb_proc_fork(&p, short_life, NULL, NULL), 0);
	if (!with_pidfd && p.pidfd >= 0) {
		close(p.pidfd);
		p.pidfd = -1;
	}
	wb_wait_init(&w, 10000, NULL);
	w.peer = &p;
	do
		r = wb_wait_round(&w, NULL, 0);
	while (r == 0);
	assert_int_equal(r, -ESRCH);
	assert_true(wb_now_ms() - t0 < 5000);
	assert_int_equal(wb_proc_exit_code(&p), 0);
	assert_int_equal(wb_proc_stop(&p, 1000), 0);
}

static void test_peer_exit_ends_wait(void **state)
{
	(void)state;
	wait_for_peer(true);
}

/* Kernels without pidfd_open: the round caps its poll at WB_WAIT_PEER_POLL_MS. */
static void test_peer_exit_without_pidfd(void **state)
{
	(void)state;
	wait_for_peer(false);
}

/* wb_proc_wait is a wait on its peer; an exited child is a success, not -ESRCH. */
static void test_proc_wait(void **state)
{
	struct wb_proc p;
	char *sleeper[] = { (char *)"sleep", (char *)"5", NULL };

	(void)state;
	wb_proc_init(&p, "short");
	assert_int_equal(wb_proc_fork(&p, short_life, NULL, NULL), 0);
	assert_int_equal(wb_proc_wait(&p, 10000, NULL), 0);
	assert_int_equal(wb_proc_exit_code(&p), 0);
	assert_int_equal(wb_proc_stop(&p, 1000), 0);

	wb_proc_init(&p, "sleep");
	assert_int_equal(wb_proc_spawn(&p, sleeper, NULL), 0);
	assert_int_equal(wb_proc_wait(&p, 30, NULL), -ETIMEDOUT);
	assert_int_equal(wb_proc_stop(&p, 1000), 0);
	assert_int_equal(wb_proc_exit_code(&p), 128 + SIGTERM);
	assert_int_equal(wb_proc_stop(&p, 1000), 0); /* idempotent */
}

/* A child left in our process group is signalled alone: we survive its stop. */
static void test_stop_child_in_our_group(void **state)
{
	struct wb_proc_opts o;
	struct wb_proc p;
	char *sleeper[] = { (char *)"sleep", (char *)"5", NULL };

	(void)state;
	wb_proc_opts_init(&o);
	o.own_pgrp = false;
	wb_proc_init(&p, "sleep");
	assert_int_equal(wb_proc_spawn(&p, sleeper, &o), 0);
	assert_false(p.own_pgrp);
	assert_int_equal(getpgid(p.pid), getpgrp());
	assert_int_equal(wb_proc_stop(&p, 1000), 0);
	assert_int_equal(wb_proc_exit_code(&p), 128 + SIGTERM);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline_passes_without_fds),
		cmocka_unit_test(test_no_deadline_is_unbounded),
		cmocka_unit_test(test_ready_fd_ends_round),
		cmocka_unit_test(test_too_many_fds),
		cmocka_unit_test(test_cancel_by_signal),
		cmocka_unit_test(test_cancel_pending_before_round),
		cmocka_unit_test(test_cancel_again),
		cmocka_unit_test(test_peer_exit_ends_wait),
		cmocka_unit_test(test_peer_exit_without_pidfd),
		cmocka_unit_test(test_proc_wait),
		cmocka_unit_test(test_stop_child_in_our_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
