#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>
#include <unistd.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

static void term_sigset(sigset_t *s)
{
	sigemptyset(s);
	sigaddset(s, SIGINT);
	sigaddset(s, SIGTERM);
	sigaddset(s, SIGHUP);
}

int wb_cancel_init(struct wb_cancel *c)
{
	sigset_t s;

	c->fd = -1;
	c->fired = false;
	c->signo = 0;
	term_sigset(&s);
	if (sigprocmask(SIG_BLOCK, &s, NULL) < 0)
		return -errno;
	c->fd = signalfd(-1, &s, SFD_NONBLOCK | SFD_CLOEXEC);
	if (c->fd < 0)
		return -errno;
	return 0;
}

void wb_cancel_release(struct wb_cancel *c)
{
	if (!c || c->fd < 0)
		return;
	close(c->fd);
	c->fd = -1;
}

bool wb_cancel_check(struct wb_cancel *c)
{
	struct signalfd_siginfo si;

	if (!c)
		return false;
	if (c->fired)
		return true;
	if (c->fd >= 0 && read(c->fd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		c->fired = true;
		c->signo = (int)si.ssi_signo;
	}
	return c->fired;
}

int wb_cancel_fd(const struct wb_cancel *c)
{
	return c ? c->fd : -1;
}

bool wb_cancel_again(struct wb_cancel *c)
{
	struct signalfd_siginfo si;

	if (!c)
		return false;
	if (!c->fired) {
		wb_cancel_check(c);
		return false;
	}
	/* The signal that fired stays the one reported; a later one only means "now". */
	return c->fd >= 0 && read(c->fd, &si, sizeof(si)) == (ssize_t)sizeof(si);
}

void wb_proc_opts_init(struct wb_proc_opts *o)
{
	o->netns = NULL;
	o->stdin_fd = WB_PROC_DEVNULL;
	o->stdout_fd = WB_PROC_INHERIT;
	o->stderr_fd = WB_PROC_INHERIT;
	o->own_pgrp = true;
}

void wb_proc_init(struct wb_proc *p, const char *name)
{
	p->pid = 0;
	p->pidfd = -1;
	p->status = 0;
	p->reaped = false;
	p->own_pgrp = false;
	wb_strlcpy(p->name, name ? name : "child", sizeof(p->name));
}

static int setup_fd(int want, int target, int devnull)
{
	if (want == WB_PROC_INHERIT)
		return 0;
	if (want == WB_PROC_DEVNULL)
		want = devnull;
	if (want == target)
		return fcntl(target, F_SETFD, 0);
	return dup2(want, target) < 0 ? -1 : 0;
}

/* Runs in the child between fork and exec/fn: only async-signal-safe calls. */
static void child_setup(const struct wb_proc_opts *o, pid_t parent)
{
	sigset_t all;
	int devnull, nsfd;

	if (o->own_pgrp)
		setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(126);
	/* Blocked and ignored dispositions survive exec; hand the child a clean slate. */
	signal(SIGPIPE, SIG_DFL);
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	if (o->netns) {
		nsfd = open(o->netns, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
			static const char m[] = "wbench: cannot enter network namespace\n";

			(void)!write(2, m, sizeof(m) - 1);
			_exit(126);
		}
		close(nsfd);
	}
	devnull = open("/dev/null", O_RDWR);
	if (devnull < 0)
		_exit(126);
	if (setup_fd(o->stdin_fd, 0, devnull) < 0 || setup_fd(o->stdout_fd, 1, devnull) < 0 ||
	    setup_fd(o->stderr_fd, 2, devnull) < 0)
		_exit(126);
	if (devnull > 2)
		close(devnull);
}

static int proc_start(struct wb_proc *p, char *const argv[], int (*fn)(void *), void *arg,
		      const struct wb_proc_opts *o)
{
	struct wb_proc_opts def;
	pid_t parent = getpid(), pid;

	if (!o) {
		wb_proc_opts_init(&def);
		o = &def;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		child_setup(o, parent);
		if (fn)
			_exit(fn(arg) & 0xff);
		/* Descriptors >= 3 are not the child's business (sockets, signalfd, pidfds). */
		syscall(SYS_close_range, 3U, ~0U, 0U);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (o->own_pgrp)
		setpgid(pid, pid); /* also in the parent: no race with an early kill */
	p->pid = pid;
	p->reaped = false;
	p->own_pgrp = o->own_pgrp;
	p->status = 0;
	p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return 0;
}

int wb_proc_spawn(struct wb_proc *p, char *const argv[], const struct wb_proc_opts *o)
{
	if (!argv || !argv[0])
		return -EINVAL;
	return proc_start(p, argv, NULL, NULL, o);
}

int wb_proc_fork(struct wb_proc *p, int (*fn)(void *), void *arg, const struct wb_proc_opts *o)
{
	if (!fn)
		return -EINVAL;
	return proc_start(p, NULL, fn, arg, o);
}

static bool try_reap(struct wb_proc *p)
{
	int st;
	pid_t r;

	if (p->reaped || p->pid <= 0)
		return true;
	do
		r = waitpid(p->pid, &st, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == p->pid || (r < 0 && errno == ECHILD)) {
		p->status = r == p->pid ? st : 0;
		p->reaped = true;
		if (p->pidfd >= 0) {
			close(p->pidfd);
			p->pidfd = -1;
		}
		return true;
	}
	return false;
}

int wb_proc_wait(struct wb_proc *p, int64_t timeout_ms, struct wb_cancel *c)
{
	struct wb_wait w;

	if (!p || p->pid <= 0)
		return -ECHILD;
	/* The child is the wait's peer: its exit (a reap) is the success. */
	wb_wait_init(&w, timeout_ms, c);
	w.peer = p;
	for (;;) {
		int r = wb_wait_round(&w, NULL, 0);

		if (r == -ESRCH)
			return 0;
		if (r < 0)
			return r;
	}
}

bool wb_proc_running(struct wb_proc *p)
{
	return p && p->pid > 0 && !try_reap(p);
}

int wb_proc_kill(struct wb_proc *p, int sig)
{
	if (!p || p->pid <= 0 || p->reaped)
		return 0;
	/* The group first (the child may have children); fall back to the pid. */
	if (p->own_pgrp && kill(-p->pid, sig) == 0)
		return 0;
	if (kill(p->pid, sig) < 0 && errno != ESRCH)
		return -errno;
	return 0;
}

int wb_proc_stop(struct wb_proc *p, int64_t grace_ms)
{
	int r;

	if (!p || p->pid <= 0)
		return 0;
	if (!p->reaped) {
		wb_proc_kill(p, SIGTERM);
		r = wb_proc_wait(p, grace_ms, NULL);
		if (r == -ETIMEDOUT) {
			wb_proc_kill(p, SIGKILL);
			r = wb_proc_wait(p, WB_PROC_KILL_WAIT_MS, NULL);
			if (r < 0)
				return r;
		}
	}
	/*
	 * Whatever the leader left behind in its group goes too, once: the group id stays
	 * ours only while a member lives, so a later stop must not signal it again.
	 */
	if (p->own_pgrp) {
		kill(-p->pid, SIGKILL);
		p->own_pgrp = false;
	}
	return 0;
}

int wb_proc_exit_code(const struct wb_proc *p)
{
	if (!p || !p->reaped)
		return -1;
	if (WIFEXITED(p->status))
		return WEXITSTATUS(p->status);
	if (WIFSIGNALED(p->status))
		return 128 + WTERMSIG(p->status);
	return -1;
}

int wb_proc_run(char *const argv[], const struct wb_proc_opts *o, int64_t timeout_ms,
		struct wb_cancel *c)
{
	struct wb_proc p;
	int r;

	wb_proc_init(&p, argv[0]);
	r = wb_proc_spawn(&p, argv, o);
	if (r < 0)
		return r;
	r = wb_proc_wait(&p, timeout_ms, c);
	if (r < 0) {
		wb_proc_stop(&p, WB_PROC_RUN_STOP_GRACE_MS);
		return r;
	}
	return wb_proc_exit_code(&p);
}
