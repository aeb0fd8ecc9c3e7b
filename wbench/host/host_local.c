/*
 * wbench: the local host: commands, children and files on this machine. Children are
 * wb_proc children (own process group, PR_SET_PDEATHSIG, always reaped), entering their
 * network namespace between fork and exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/host/host_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

/* How long a command that timed out or was cancelled gets between SIGTERM and SIGKILL. */
#define RUN_STOP_GRACE_MS 1000

/* The pipes of one wb_host_run: stdin as a socket (send() with MSG_NOSIGNAL: a child that
 * exits before reading all its input must not kill us with SIGPIPE), stdout as a pipe. */
struct run_io {
	int in;            /* our end of stdin, -1 once all input is sent */
	int out;           /* our end of stdout, -1 at EOF or when not captured */
	const char *input;
	size_t input_len, sent;
	char *buf;         /* captured stdout */
	size_t len, cap, max;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int io_open(struct run_io *io, const struct wb_host_exec *x, bool capture,
		   struct wb_proc_opts *o, int child[2])
{
	int sp[2], pp[2];

	child[0] = child[1] = -1;
	if (x->input) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
			return -errno;
		io->in = sp[0];
		child[0] = sp[1];
		o->stdin_fd = sp[1];
	}
	o->stdout_fd = WB_PROC_DEVNULL;
	o->stderr_fd = x->err == WB_HOST_STDERR_INHERIT ? WB_PROC_INHERIT : WB_PROC_DEVNULL;
	if (capture) {
		if (pipe2(pp, O_CLOEXEC) < 0)
			return -errno;
		io->out = pp[0];
		child[1] = pp[1];
		o->stdout_fd = pp[1];
		if (x->err == WB_HOST_STDERR_MERGE)
			o->stderr_fd = pp[1];
	}
	return 0;
}

static int io_send(struct run_io *io)
{
	ssize_t n = send(io->in, io->input + io->sent, io->input_len - io->sent,
			 MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n < 0) {
		close_fd(&io->in); /* the child stopped reading: its exit status says why */
		return 0;
	}
	io->sent += (size_t)n;
	if (io->sent == io->input_len)
		close_fd(&io->in);
	return 0;
}

static int io_recv(struct run_io *io)
{
	char tmp[4096];
	ssize_t n = read(io->out, tmp, sizeof(tmp));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		close_fd(&io->out);
		return n < 0 ? -errno : 0;
	}
	if (io->len + (size_t)n > io->max)
		return -EFBIG;
	if (io->len + (size_t)n + 1 > io->cap) {
		size_t cap = io->cap ? io->cap * 2 : 4096;
		char *nb;

		while (cap < io->len + (size_t)n + 1)
			cap *= 2;
		nb = realloc(io->buf, cap);
		if (!nb)
			return -ENOMEM;
		io->buf = nb;
		io->cap = cap;
	}
	memcpy(io->buf + io->len, tmp, (size_t)n);
	io->len += (size_t)n;
	io->buf[io->len] = '\0';
	return 0;
}

/* Feeds stdin and drains stdout until both are done; the deadline and cancel bound it. */
static int io_pump(struct run_io *io, const struct wb_wait *w)
{
	while (io->in >= 0 || io->out >= 0) {
		struct pollfd fds[2];
		size_t n = 0;
		int r;

		if (io->in >= 0)
			fds[n++] = (struct pollfd){ .fd = io->in, .events = POLLOUT };
		if (io->out >= 0)
			fds[n++] = (struct pollfd){ .fd = io->out, .events = POLLIN };
		r = wb_wait_round(w, fds, n);
		if (r < 0)
			return r;
		for (size_t i = 0; i < n; i++) {
			if (!fds[i].revents)
				continue;
			r = fds[i].fd == io->in ? io_send(io) : io_recv(io);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* Waits for @p's exit within @w (whose peer's exit is -ESRCH). */
static int wait_exit(struct wb_proc *p, const struct wb_wait *w)
{
	while (wb_proc_running(p)) {
		struct pollfd fd = { .fd = p->pidfd, .events = POLLIN };
		struct wb_wait round = *w;
		int r;

		/* without a pidfd (kernels before 5.3) its exit is looked for this often */
		if (p->pidfd < 0 && wb_wait_left_ms(w) > WB_WAIT_PEER_POLL_MS)
			round.deadline = wb_now_ms() + WB_WAIT_PEER_POLL_MS;
		r = wb_wait_round(&round, &fd, p->pidfd >= 0 ? 1 : 0);
		if (r == -ETIMEDOUT && wb_wait_left_ms(w) > 0)
			continue;
		if (r < 0)
			return r;
	}
	return 0;
}

static int local_run(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		     char **out, size_t *out_len)
{
	struct run_io io = { .in = -1, .out = -1, .input = x->input, .input_len = x->input_len,
			     .max = out ? (x->out_max ? x->out_max : WB_HOST_OUT_MAX) : 0 };
	struct wb_proc_opts o;
	struct wb_proc p;
	struct wb_wait w;
	int child[2], r;

	(void)h;
	wb_proc_opts_init(&o);
	o.netns = x->netns;
	wb_proc_init(&p, argv[0]);
	wb_wait_init(&w, x->timeout_ms, x->cancel);
	r = io_open(&io, x, out != NULL, &o, child);
	if (r == 0) {
		if (out && !(io.buf = calloc(1, 1)))
			r = -ENOMEM;
		else
			io.cap = out ? 1 : 0;
	}
	if (r == 0)
		r = wb_proc_spawn(&p, argv, &o);
	close_fd(&child[0]);
	close_fd(&child[1]);
	w.peer = x->peer;
	if (r == 0)
		r = io_pump(&io, &w);
	if (r == 0)
		r = wait_exit(&p, &w);
	if (r == -ESRCH) {
		/* the peer is gone; the command's answer may be on its way */
		wb_wait_init(&w, WB_HOST_PEER_GRACE_MS, x->cancel);
		r = io_pump(&io, &w);
		if (r == 0)
			r = wait_exit(&p, &w);
		if (r == -ETIMEDOUT)
			r = -ESRCH;
	}
	close_fd(&io.in);
	close_fd(&io.out);
	if (r < 0) {
		wb_proc_stop(&p, RUN_STOP_GRACE_MS);
		free(io.buf);
		return r;
	}
	if (out) {
		*out = io.buf;
		if (out_len)
			*out_len = io.len;
	}
	return wb_proc_exit_code(&p);
}

static int open_log(const char *path)
{
	/* Truncated: a diagnosis must not quote an earlier run's lines. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);

	return fd < 0 ? -errno : fd;
}

static int local_spawn(struct wb_host *h, char *const argv[], int (*fn)(void *), void *arg,
		       const struct wb_host_exec *x, struct wb_host_proc *p)
{
	struct wb_proc_opts o;
	int fd = -1, cin, cout, r;

	(void)h;
	wb_proc_opts_init(&o);
	o.netns = x->netns;
	o.stdout_fd = o.stderr_fd = WB_PROC_DEVNULL;
	if (x->log_path) {
		fd = open_log(x->log_path);
		if (fd < 0) {
			wb_err("cannot open '%s': %s", x->log_path, strerror(-fd));
			return fd;
		}
		o.stdout_fd = o.stderr_fd = fd;
	}
	r = wb_host_proc_pipes(p, x, &cin, &cout);
	if (r == 0) {
		if (cin >= 0)
			o.stdin_fd = cin;
		if (cout >= 0)
			o.stdout_fd = cout;
		r = fn ? wb_proc_fork(&p->proc, fn, arg, &o) : wb_proc_spawn(&p->proc, argv, &o);
		close_fd(&cin);
		close_fd(&cout);
	}
	if (fd >= 0)
		close(fd);
	return r;
}

/* The last @max bytes of the file at @fd. */
static int read_tail(int fd, size_t max, char **out, size_t *len)
{
	struct stat st;
	size_t want;
	off_t off = 0;
	ssize_t n;
	char *buf;

	if (fstat(fd, &st) < 0)
		return -errno;
	want = (size_t)st.st_size;
	if (want > max) {
		off = (off_t)(want - max);
		want = max;
	}
	buf = malloc(want + 1);
	if (!buf)
		return -ENOMEM;
	n = pread(fd, buf, want, off);
	if (n < 0) {
		free(buf);
		return -errno;
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = (size_t)n;
	return 0;
}

static int local_read_file(struct wb_host *h, const char *path, size_t max, bool tail,
			   char **out, size_t *len)
{
	int fd, r;

	(void)h;
	if (!tail)
		return wb_read_file(path, max, out, len);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	r = read_tail(fd, max, out, len);
	close(fd);
	return r;
}

/* Secrets only go into a real directory of ours that nobody else can read. */
static int check_private_dir(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;
	int r = wb_path_dir(path, dir, sizeof(dir));

	if (r < 0)
		return r;
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
	return 0;
}

static int local_write_file(struct wb_host *h, const char *path, const void *data, size_t len,
			    mode_t mode)
{
	int r;

	(void)h;
	if (!(mode & 077) && (r = check_private_dir(path)) < 0)
		return r;
	r = wb_write_file_atomic(path, data, len, (unsigned int)mode);
	if (r < 0)
		wb_err("cannot write '%s': %s", path, strerror(-r));
	return r;
}

static int local_mkdir(struct wb_host *h, const char *path, mode_t mode)
{
	struct stat st;
	int r;

	(void)h;
	if (mkdir(path, mode) == 0)
		return 0;
	r = -errno;
	/* An existing directory of ours is fine; anything else there is not. */
	if (r == -EEXIST && lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid())
		return 0;
	wb_err("cannot create '%s': %s", path, strerror(-r));
	return r;
}

static int local_mkdtemp(struct wb_host *h, const char *prefix, char **out)
{
	char *dir;
	int r;

	(void)h;
	dir = wb_mkdtemp_private(prefix);
	if (!dir) {
		r = -errno;
		wb_err("cannot create a private directory: %s", strerror(-r));
		return r;
	}
	*out = dir;
	return 0;
}

static int local_remove(struct wb_host *h, const char *path)
{
	(void)h;
	if (unlink(path) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -errno;
	return wb_rm_rf(path);
}

static const struct wb_host_ops local_ops = {
	.kind = "local",
	.run = local_run,
	.spawn = local_spawn,
	.read_file = local_read_file,
	.write_file = local_write_file,
	.mkdir = local_mkdir,
	.mkdtemp = local_mkdtemp,
	.remove = local_remove,
};

int wb_host_local_new(struct wb_host **out)
{
	return wb_host_new(&local_ops, "local", true, NULL, out);
}
