/*
 * wbench: the throughput collector's parent side: starting the two roles (libiperf in a
 * forked process, throughput_iperf.c, or the iperf3 binary on a host, throughput_remote.c),
 * their pipes, the deadline and the cleanup. The result is built in throughput_result.c,
 * the JSON read in throughput_parse.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "collectors/throughput.h"
#include "collectors/throughput_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

/* iperf JSON of a day-long run with many streams stays far below this. */
#define WB_TP_MAX_OUTPUT (64u << 20)
/* After the client finished cleanly, how long the server may take to write its JSON. */
#define WB_TP_SERVER_GRACE_MS 2000
/* SIGTERM -> SIGKILL grace when stopping an iperf process. */
#define WB_TP_STOP_GRACE_MS 500
/* Longest pause between two starts of a refused binary client. */
#define WB_TP_RETRY_MAX_MS 200

void wb_throughput_params_init(struct wb_throughput_params *p)
{
	memset(p, 0, sizeof(*p));
	p->server_addr = "127.0.0.1";
	p->port = 5201;
	p->proto = WB_THROUGHPUT_TCP;
	p->dir = WB_THROUGHPUT_UP;
	p->streams = 1;
	p->duration_s = 10;
	p->omit_s = 2;
	p->udp_bitrate = 100000000ULL;
	p->connect_timeout_ms = 5000;
	p->slack_ms = 10000;
}

int wb_throughput_params_check(const struct wb_throughput_params *p, char *err, size_t errlen)
{
	const char *why = NULL;

	if (!p->client_host || (!p->client_only && !p->server_host))
		why = "no host to run iperf on";
	else if (!p->server_addr || !*p->server_addr)
		why = "no server address";
	else if (p->port < 1 || p->port > 65535)
		why = "port not in 1..65535";
	else if (p->proto != WB_THROUGHPUT_TCP && p->proto != WB_THROUGHPUT_UDP)
		why = "protocol is neither tcp nor udp";
	else if (p->dir != WB_THROUGHPUT_UP && p->dir != WB_THROUGHPUT_DOWN)
		why = "direction is neither up nor down";
	else if (p->streams < 1 || p->streams > 128)
		why = "streams not in 1..128";
	else if (p->duration_s < 1 || p->duration_s > 86400)
		why = "duration not in 1..86400 s";
	else if (p->omit_s > 600)
		why = "omit not in 0..600 s";
	else if (p->blksize > 1048576 || (p->proto == WB_THROUGHPUT_UDP && p->blksize > 65507))
		why = "block size too large (TCP at most 1 MiB, UDP at most 65507 bytes)";
	else if (p->connect_timeout_ms < 1 || p->connect_timeout_ms > 600000)
		why = "connect timeout not in 1..600000 ms";
	else if (p->slack_ms > 3600000)
		why = "deadline slack not in 0..3600000 ms";
	if (!why)
		return 0;
	if (err && errlen)
		snprintf(err, errlen, "invalid traffic parameters: %s", why);
	return -EINVAL;
}

int64_t wb_throughput_deadline_ms(const struct wb_throughput_params *p)
{
	int64_t run = ((int64_t)p->omit_s + p->duration_s) * 1000;

	return (int64_t)p->connect_timeout_ms + run + p->slack_ms + run / 4;
}

static void side_init(struct wb_tp_side *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->fd = -1;
}

static void side_close_fd(struct wb_collector *c, struct wb_tp_side *s)
{
	if (s->fd >= 0) {
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, s->fd, NULL);
		if (!s->binary)
			close(s->fd);  /* a binary's stdout is its proc's: closed with it */
		s->fd = -1;
	}
}

/* Read what is there without blocking. Returns 0 or a negative errno. */
static int side_drain(struct wb_collector *c, struct wb_tp_side *s)
{
	while (s->fd >= 0) {
		ssize_t n;

		if (s->cap - s->len < 4096) {
			size_t ncap = s->cap ? s->cap * 2 : 65536;
			char *nb;

			if (ncap > WB_TP_MAX_OUTPUT + 1) {
				side_close_fd(c, s);
				s->eof = true;
				return -EFBIG;
			}
			nb = realloc(s->buf, ncap);
			if (!nb)
				return -ENOMEM;
			s->buf = nb;
			s->cap = ncap;
		}
		n = read(s->fd, s->buf + s->len, s->cap - s->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EAGAIN ? 0 : -errno;
		}
		if (n == 0) {
			side_close_fd(c, s);
			s->eof = true;
			s->end_ns = wb_now_ns();
			break;
		}
		s->len += (size_t)n;
		s->buf[s->len] = '\0';
	}
	return 0;
}

const char *wb_tp_side_json(const struct wb_tp_side *s, int64_t *begin, int64_t *end)
{
	long long b, e;
	unsigned int att;
	const char *nl;

	if (s->binary) {
		if (!s->buf || !s->len)
			return NULL;
		if (begin)
			*begin = s->begin_ns;
		if (end)
			*end = s->end_ns ? s->end_ns : wb_now_ns();
		return s->buf;
	}
	if (!s->buf || sscanf(s->buf, WB_TP_HEADER " %lld %lld %u", &b, &e, &att) != 3)
		return NULL;
	nl = strchr(s->buf, '\n');
	if (!nl || !nl[1])
		return NULL;
	if (begin)
		*begin = b;
	if (end)
		*end = e;
	return nl + 1;
}

/* iperf's "error" text of a finished side, or NULL if it reported none. */
static char *side_error(const struct wb_tp_side *s)
{
	const char *text = wb_tp_side_json(s, NULL, NULL);
	json_t *doc;
	char *e = NULL;

	if (!text)
		return NULL;
	doc = json_loads(text, 0, NULL);
	if (json_is_string(json_object_get(doc, "error")))
		e = strdup(json_string_value(json_object_get(doc, "error")));
	json_decref(doc);
	return e;
}

void wb_tp_set_failed(struct wb_collector *c, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return;  /* the first cause is the one worth reporting */
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof(c->msg), fmt, ap);
	va_end(ap);
}

static void stop_side(struct wb_collector *c, struct wb_tp_side *s)
{
	wb_host_proc_stop(s->proc, WB_TP_STOP_GRACE_MS);
	side_close_fd(c, s);
	s->eof = true;
}

/*
 * A role that gave no output: say how it ended (126: the namespace could not be entered;
 * a binary's 127: no iperf3 on that host).
 */
void wb_tp_explain_silent(struct wb_collector *c, struct wb_tp_side *s, const char *role,
			  const char *netns)
{
	struct wb_host *h = s == &c->srv ? c->p.server_host : c->p.client_host;
	int code;

	/* Its pipe is closed, so it is exiting: a short bounded wait to learn how. */
	(void)wb_host_proc_wait(s->proc, WB_TP_STOP_GRACE_MS, NULL);
	code = wb_host_proc_exit_code(s->proc);

	if (code == 126 && netns && !s->binary)
		wb_tp_set_failed(c, "iperf %s: cannot enter network namespace '%s'", role, netns);
	else if (code == 127 && s->binary)
		wb_tp_set_failed(c, "iperf %s: '%s' not found on %s (exit status 127): install "
				 "iperf3 there (OpenWrt: opkg install iperf3)", role,
				 c->iperf3 ? c->iperf3 : "iperf3", wb_host_name(h));
	else
		wb_tp_set_failed(c, "iperf %s%s%s ended without output (exit status %d)", role,
				 s->binary ? " on " : "", s->binary ? wb_host_name(h) : "", code);
}

/*
 * A binary client whose connection was refused (the server not listening yet: a remote
 * one starts a round trip later) is started again after a pause, until the connect
 * deadline, as the libiperf client retries. Returns true when a restart is scheduled.
 */
static bool retry_refused(struct wb_collector *c)
{
	struct itimerspec its = { 0 };
	struct wb_tp_side *s = &c->cli;

	if (!s->binary || !s->eof || c->retry_tfd < 0 || (!c->p.client_only && c->srv.eof) ||
	    !wb_throughput_refused(wb_tp_side_json(s, NULL, NULL)) ||
	    wb_now_ms() + c->backoff_ms >= c->connect_deadline_ms)
		return false;
	wb_host_proc_free(s->proc);  /* it exited: its output ended */
	s->proc = NULL;
	s->len = 0;
	s->eof = false;
	its.it_value.tv_sec = c->backoff_ms / 1000;
	its.it_value.tv_nsec = (long)(c->backoff_ms % 1000) * 1000000L;
	c->backoff_ms = c->backoff_ms * 2 < WB_TP_RETRY_MAX_MS ? c->backoff_ms * 2 :
			WB_TP_RETRY_MAX_MS;
	if (timerfd_settime(c->retry_tfd, 0, &its, NULL) < 0) {
		s->eof = true;
		wb_tp_set_failed(c, "cannot time the client's next attempt: %s", strerror(errno));
	}
	return true;
}

/* One role ended early or badly: stop the other rather than wait for its timeouts. */
static void apply_policy(struct wb_collector *c)
{
	char *e;

	if (!c->p.client_only && c->srv.eof && !c->cli.eof) {
		e = side_error(&c->srv);
		if (e)
			wb_tp_set_failed(c, "iperf server: %s", e);
		else if (!wb_tp_side_json(&c->srv, NULL, NULL))
			wb_tp_explain_silent(c, &c->srv, "server", c->server_netns);
		if (e || !wb_tp_side_json(&c->srv, NULL, NULL))
			stop_side(c, &c->cli);
		free(e);
	}
	if (retry_refused(c))
		return;
	if (c->cli.eof && !c->srv.eof) {
		e = side_error(&c->cli);
		if (e || !wb_tp_side_json(&c->cli, NULL, NULL)) {
			stop_side(c, &c->srv);  /* a one-off server would wait forever */
		} else if (!c->srv_grace_ms) {
			c->srv_grace_ms = wb_now_ms() + WB_TP_SERVER_GRACE_MS;
		} else if (wb_now_ms() >= c->srv_grace_ms) {
			stop_side(c, &c->srv);  /* its JSON is also inside the client's */
		}
		free(e);
	}
}

static int start_binary(struct wb_collector *c, struct wb_tp_side *s, bool server);

/* The retry timer fired: start the refused binary client again. */
static void restart_client(struct wb_collector *c)
{
	uint64_t n;
	int r;

	if (c->retry_tfd < 0 || read(c->retry_tfd, &n, sizeof(n)) != (ssize_t)sizeof(n) ||
	    c->cli.proc || c->cli.eof)
		return;
	r = start_binary(c, &c->cli, false);
	if (r < 0) {
		wb_tp_set_failed(c, "cannot start the iperf client again: %s", strerror(-r));
		c->cli.eof = true;
	}
}

static int pump(struct wb_collector *c)
{
	int r1, r2;

	restart_client(c);
	r1 = side_drain(c, &c->srv);
	r2 = side_drain(c, &c->cli);
	if (r1 == -EFBIG || r2 == -EFBIG)
		wb_tp_set_failed(c, "iperf output larger than %u MiB", WB_TP_MAX_OUTPUT >> 20);
	apply_policy(c);
	return r1 < 0 && r1 != -EFBIG ? r1 : (r2 < 0 && r2 != -EFBIG ? r2 : 0);
}

bool wb_throughput_done(const struct wb_collector *c)
{
	return !c || !c->started || c->stopped || (c->srv.eof && c->cli.eof);
}

static void tp_close(struct wb_collector *c)
{
	if (!c)
		return;
	/* Idempotent: reaps what stop did not. */
	wb_host_proc_stop(c->srv.proc, WB_TP_STOP_GRACE_MS);
	wb_host_proc_stop(c->cli.proc, WB_TP_STOP_GRACE_MS);
	if (c->srv.fd >= 0 && !c->srv.binary)
		close(c->srv.fd);
	if (c->cli.fd >= 0 && !c->cli.binary)
		close(c->cli.fd);
	wb_host_proc_free(c->srv.proc);
	wb_host_proc_free(c->cli.proc);
	if (c->epfd >= 0)
		close(c->epfd);
	if (c->retry_tfd >= 0)
		close(c->retry_tfd);
	free(c->srv.buf);
	free(c->cli.buf);
	json_decref(c->result);
	free(c->label);
	free(c->addr);
	free(c->server_netns);
	free(c->client_netns);
	free(c->iperf3);
	free(c);
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

static int tp_open(const struct wb_collector_cfg *cfg, struct wb_collector **out)
{
	const struct wb_throughput_params *p = cfg ? cfg->priv : NULL;
	struct wb_collector *c;
	char err[256];
	bool oom = false;

	*out = NULL;
	if (!p)
		return -EINVAL;
	if (wb_throughput_params_check(p, err, sizeof(err)) < 0) {
		wb_err("%s", err);
		return -EINVAL;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->epfd = c->retry_tfd = -1;
	side_init(&c->srv, "iperf-server");
	side_init(&c->cli, "iperf-client");
	c->p = *p;
	c->label = dup_or_null(cfg->label ? cfg->label : "", &oom);
	c->addr = dup_or_null(p->server_addr, &oom);
	c->server_netns = dup_or_null(p->server_netns ? p->server_netns : cfg->netns, &oom);
	c->client_netns = dup_or_null(p->client_netns ? p->client_netns : cfg->netns, &oom);
	c->iperf3 = dup_or_null(p->iperf3, &oom);
	if (oom) {
		tp_close(c);
		return -ENOMEM;
	}
	c->p.server_addr = c->addr;
	c->p.server_netns = c->server_netns;
	c->p.client_netns = c->client_netns;
	c->p.iperf3 = c->iperf3;
	*out = c;
	return 0;
}

/* Fork one libiperf role with a fresh result pipe; the ready pipe end it needs is in @a. */
static int fork_role(struct wb_collector *c, struct wb_tp_side *s, int (*fn)(void *),
		     struct wb_throughput_child *a, struct wb_host *host, const char *netns)
{
	/* no log: stdout and stderr to /dev/null, belt and braces next to iperf's logfile */
	struct wb_host_exec x = { .netns = netns };
	struct epoll_event ev = { .events = EPOLLIN };
	int pfd[2], r;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	a->out_fd = pfd[1];
	a->close_fd[1] = pfd[0];
	r = wb_host_spawn_fn(host, s->name, fn, a, &x, &s->proc);
	close(pfd[1]);
	if (r < 0) {
		close(pfd[0]);
		return r;
	}
	s->fd = pfd[0];
	if (fcntl(s->fd, F_SETFL, O_NONBLOCK) < 0 ||
	    epoll_ctl(c->epfd, EPOLL_CTL_ADD, s->fd, &ev) < 0)
		return -errno;
	return 0;
}

/* Start a role as the iperf3 binary on its host; its stdout (the proc's) is read here. */
static int start_binary(struct wb_collector *c, struct wb_tp_side *s, bool server)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int r;

	r = wb_throughput_iperf3_spawn(server ? c->p.server_host : c->p.client_host,
				       server ? c->server_netns : c->client_netns, &c->p, server,
				       &s->proc);
	if (r < 0)
		return r;
	s->binary = true;
	s->attempts++;
	s->begin_ns = wb_now_ns();
	s->end_ns = 0;
	s->fd = wb_host_proc_stdout(s->proc);
	if (s->fd < 0 || epoll_ctl(c->epfd, EPOLL_CTL_ADD, s->fd, &ev) < 0)
		return s->fd < 0 ? -EIO : -errno;
	return 0;
}

static bool is_binary(struct wb_host *h, enum wb_throughput_impl impl)
{
	return impl == WB_THROUGHPUT_IMPL_IPERF3 ||
	       (impl == WB_THROUGHPUT_IMPL_AUTO && !wb_host_is_local(h));
}

/*
 * A binary client of a libiperf server starts once that server is about to listen (it
 * cannot wait on the ready pipe itself). Bounded by the connect deadline, cancellable;
 * a server that dies first ends the wait too (its pipe end closes).
 */
static int wait_ready(struct wb_collector *c, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int64_t left = c->connect_deadline_ms - wb_now_ms();
	struct wb_wait w;
	int r;

	wb_wait_init(&w, left > 0 ? left : 0, c->p.cancel);  /* never < 0: that is unbounded */
	do {
		r = wb_wait_round(&w, &p, 1);
	} while (r == 0 && !p.revents);
	return r == -ETIMEDOUT ? 0 : r;  /* late: the client's own attempt will tell */
}

/* The client, once the server is started (or elsewhere: @ready_fd -1). */
static int start_client(struct wb_collector *c, struct wb_throughput_child *a, int ready_fd)
{
	int r;

	if (is_binary(c->p.client_host, c->p.client_impl)) {
		if (ready_fd >= 0 && (r = wait_ready(c, ready_fd)) < 0)
			return r;
		return start_binary(c, &c->cli, false);
	}
	a->ready_fd = ready_fd;
	/* the server's result pipe is the parent's business */
	a->close_fd[0] = c->srv.fd;
	return fork_role(c, &c->cli, wb_throughput_client_main, a, c->p.client_host,
			 c->client_netns);
}

/* The server, then the client; the libiperf server's ready pipe joins them. */
static int start_roles(struct wb_collector *c)
{
	struct wb_throughput_child a = { .p = &c->p, .close_fd = { -1, -1 },
					 .connect_deadline_ms = c->connect_deadline_ms };
	int ready[2], r;

	if (c->p.client_only) {
		c->srv.eof = true;  /* elsewhere: nothing to wait for but the connect deadline */
		return start_client(c, &a, -1);
	}
	if (is_binary(c->p.server_host, c->p.server_impl)) {
		r = start_binary(c, &c->srv, true);
		return r < 0 ? r : start_client(c, &a, -1);
	}
	if (pipe2(ready, O_CLOEXEC) < 0)
		return -errno;
	a.ready_fd = ready[1];
	a.close_fd[0] = ready[0];
	r = fork_role(c, &c->srv, wb_throughput_server_main, &a, c->p.server_host,
		      c->server_netns);
	close(ready[1]);
	if (r == 0)
		r = start_client(c, &a, ready[0]);
	close(ready[0]);
	return r;
}

static int tp_start(struct wb_collector *c)
{
	int r;

	if (c->started)
		return -EALREADY;
	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0)
		return -errno;
	if (is_binary(c->p.client_host, c->p.client_impl)) {
		struct epoll_event ev = { .events = EPOLLIN };

		c->retry_tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		if (c->retry_tfd < 0 || epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->retry_tfd, &ev) < 0)
			return -errno;
	}
	c->started = true;
	c->start_ms = wb_now_ms();
	c->deadline_ms = c->start_ms + wb_throughput_deadline_ms(&c->p);
	c->connect_deadline_ms = c->start_ms + c->p.connect_timeout_ms;
	c->backoff_ms = 10;
	r = start_roles(c);
	if (r < 0) {
		if (r == -ECANCELED)
			wb_tp_set_failed(c, "cancelled while starting the iperf processes");
		else
			wb_tp_set_failed(c, "cannot start the iperf processes: %s", strerror(-r));
		stop_side(c, &c->srv);
		stop_side(c, &c->cli);
		return r;
	}
	return 0;
}

static int tp_poll_fd(const struct wb_collector *c)
{
	return wb_throughput_done(c) ? -1 : c->epfd;
}

static int tp_read(struct wb_collector *c)
{
	if (wb_throughput_done(c))
		return 0;
	return pump(c);
}

/* Wait until both roles ended, the deadline passed or cancellation came. */
static void wait_done(struct wb_collector *c)
{
	struct wb_cancel *cancel = c->p.cancel;
	struct wb_wait w;
	int r;

	while (!(c->srv.eof && c->cli.eof)) {
		struct pollfd fd = { .fd = c->epfd, .events = POLLIN };
		int64_t until = c->deadline_ms;

		/* the round ends at the server's grace too, when that comes first */
		if (c->srv_grace_ms && c->srv_grace_ms < until)
			until = c->srv_grace_ms;
		wb_wait_init(&w, 0, cancel);
		w.deadline = until;
		r = wb_wait_round(&w, &fd, 1);
		if (r == -ECANCELED) {
			wb_tp_set_failed(c, "cancelled by signal %d: both iperf processes stopped",
					 cancel->signo);
			break;
		}
		if (r == -ETIMEDOUT && wb_now_ms() >= c->deadline_ms) {
			wb_tp_set_failed(c, "traffic did not end within the hard deadline of %" PRId64
					 " ms: both iperf processes stopped",
					 c->deadline_ms - c->start_ms);
			break;
		}
		if (r < 0 && r != -ETIMEDOUT) {
			wb_tp_set_failed(c, "cannot wait for iperf: %s", strerror(-r));
			break;
		}
		r = pump(c);
		if (r < 0) {
			wb_tp_set_failed(c, "cannot read iperf output: %s", strerror(-r));
			break;
		}
	}
	stop_side(c, &c->srv);
	stop_side(c, &c->cli);
}

static int tp_stop(struct wb_collector *c)
{
	if (!c->started)
		return -EINVAL;
	if (c->stopped)
		return 0;
	wait_done(c);
	c->stopped = true;
	if (c->failed)
		wb_debug("throughput: %s", c->msg);
	return wb_tp_build_result(c);
}

static int tp_result(struct wb_collector *c, json_t **out)
{
	*out = NULL;
	if (!c->result)
		return -EINVAL;
	*out = json_incref(c->result);
	return 0;
}

int wb_throughput_run(const struct wb_throughput_params *p, json_t **out)
{
	struct wb_collector_cfg cfg = { .label = "", .priv = p };
	struct wb_collector *c;
	int r;

	*out = NULL;
	r = tp_open(&cfg, &c);
	if (r < 0)
		return r;
	r = tp_start(c);
	/* A failed start is still a result (traffic_failed), built by stop. */
	if (r == 0 || c->started)
		r = tp_stop(c);
	if (r == 0)
		r = tp_result(c, out);
	tp_close(c);
	return r;
}

const struct wb_collector_ops wb_throughput_collector = {
	.name = "throughput",
	.open = tp_open,
	.start = tp_start,
	.poll_fd = tp_poll_fd,
	.read = tp_read,
	.stop = tp_stop,
	.result = tp_result,
	.close = tp_close,
};
