/*
 * wbench: the control client's local transport (AF_UNIX datagrams) and what both
 * transports share: history, event matching, the entry points of ctrl.h. The cli
 * transport (a daemon on another host) is in ctrl_cli.c.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "wbench/daemons/ctrl_i.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

/*
 * The ctrl timeouts are a total wait: a caller that computed what is left of its own
 * deadline may pass 0 or less, which means "already expired", never "no deadline".
 */
static void wait_init(struct wb_wait *w, int64_t timeout_ms, struct wb_cancel *cancel,
		      struct wb_proc *peer)
{
	wb_wait_init(w, timeout_ms > 0 ? timeout_ms : 0, cancel);
	w->peer = peer;
}

static int fill_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(a->sun_path))
		return -ENAMETOOLONG;
	memcpy(a->sun_path, path, strlen(path) + 1);
	return 0;
}

/*
 * A random name instead of wpa_ctrl's pid-counter pair: no process-wide counter, and a
 * stale socket from a killed run cannot collide.
 */
static int bind_client(struct wb_ctrl *c, const char *client_dir)
{
	char path[sizeof(c->local.sun_path) + 32], hex[17];
	uint8_t rnd[8];
	int tries, r = -EADDRINUSE;

	for (tries = 0; tries < 8 && r == -EADDRINUSE; tries++) {
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return -EIO;
		wb_hex_encode(rnd, sizeof(rnd), hex);
		snprintf(path, sizeof(path), "%s/wbc-%s", client_dir, hex);
		r = fill_addr(&c->local, path);
		if (r < 0)
			return r;
		r = bind(c->fd, (struct sockaddr *)&c->local, sizeof(c->local)) < 0 ? -errno : 0;
	}
	if (r < 0)
		c->local.sun_path[0] = '\0';
	return r;
}

int wb_ctrl_open(const char *daemon_path, const char *client_dir, struct wb_ctrl **out)
{
	struct sockaddr_un peer;
	struct wb_ctrl *c;
	int r;

	*out = NULL;
	r = fill_addr(&peer, daemon_path);
	if (r < 0)
		return r;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		r = -errno;
		free(c);
		return r;
	}
	r = bind_client(c, client_dir);
	if (r == 0 && connect(c->fd, (struct sockaddr *)&peer, sizeof(peer)) < 0)
		r = -errno;
	if (r < 0) {
		wb_ctrl_close(c);
		return r;
	}
	*out = c;
	return 0;
}

void wb_ctrl_close(struct wb_ctrl *c)
{
	if (!c)
		return;
	if (c->cli)
		wb_ctrl_cli_close(c);
	if (c->fd >= 0)
		close(c->fd);
	if (c->local.sun_path[0])
		unlink(c->local.sun_path);
	free(c);
}

int wb_ctrl_fd(const struct wb_ctrl *c)
{
	if (c && c->cli)
		return wb_ctrl_cli_fd(c);
	return c ? c->fd : -1;
}

bool wb_ctrl_is_event(const char *msg)
{
	return msg[0] == '<' || wb_str_has_prefix(msg, "IFNAME=");
}

const char *wb_ctrl_event_strip(const char *msg)
{
	const char *p = msg;

	if (wb_str_has_prefix(p, "IFNAME=")) {
		const char *sp = strchr(p, ' ');

		p = sp ? sp + 1 : p + strlen(p);
	}
	if (p[0] == '<') {
		const char *q = p + 1;

		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '>' && q > p + 1)
			p = q + 1;
	}
	return p;
}

/*
 * Waits for @events on the connection. A daemon that dies mid-setup (hostapd failing to
 * install a key exits before its event loop answers ATTACH) leaves a datagram socket
 * that never becomes readable: the peer's pidfd (@w->peer) ends the wait instead.
 */
static int wait_fd(struct wb_ctrl *c, short events, const struct wb_wait *w)
{
	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = events };
		int r;

		/* The deadline before the peer, as ever: a late caller times out. */
		if (wb_wait_left_ms(w) <= 0)
			return -ETIMEDOUT;
		r = wb_wait_round(w, &p, 1);
		if (r < 0)
			return r;
		if (p.revents & (events | POLLERR | POLLHUP))
			return 0;
	}
}

void wb_ctrl_set_peer(struct wb_ctrl *c, struct wb_proc *peer)
{
	if (c)
		c->peer = peer;
}

void wb_ctrl_set_cancel(struct wb_ctrl *c, struct wb_cancel *cancel)
{
	if (c)
		c->cancel = cancel;
}

static void drain(struct wb_ctrl *c)
{
	while (recv(c->fd, c->buf, sizeof(c->buf) - 1, MSG_DONTWAIT) >= 0)
		;
}

int wb_ctrl_request(struct wb_ctrl *c, const char *cmd, char *reply, size_t len,
		    int64_t timeout_ms)
{
	size_t cmdlen = strlen(cmd);
	struct wb_wait w;
	int r;

	if (len < 1)
		return -EINVAL;
	if (c->cli)
		return wb_ctrl_cli_request(c, cmd, reply, len, timeout_ms);
	wait_init(&w, timeout_ms, NULL, c->peer);
	reply[0] = '\0';
	drain(c);
	for (;;) {
		ssize_t n = send(c->fd, cmd, cmdlen, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n >= 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		r = wait_fd(c, POLLOUT, &w);
		if (r < 0)
			return r;
	}
	for (;;) {
		ssize_t n;

		r = wait_fd(c, POLLIN, &w);
		if (r < 0)
			return r;
		n = recv(c->fd, c->buf, sizeof(c->buf) - 1, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)
				continue;
			return -errno;
		}
		c->buf[n] = '\0';
		if (wb_ctrl_is_event(c->buf))
			continue;
		if ((size_t)n > len - 1)
			n = (ssize_t)(len - 1);
		memcpy(reply, c->buf, (size_t)n);
		reply[n] = '\0';
		return (int)n;
	}
}

int wb_ctrl_request_ok(struct wb_ctrl *c, const char *cmd, int64_t timeout_ms)
{
	char reply[64];
	int r = wb_ctrl_request(c, cmd, reply, sizeof(reply), timeout_ms);

	if (r < 0)
		return r;
	return strncmp(reply, "OK", 2) == 0 && (reply[2] == '\0' || reply[2] == '\n') ? 0 : -EPROTO;
}

int wb_ctrl_attach(struct wb_ctrl *c, int64_t timeout_ms)
{
	if (c->cli)
		return wb_ctrl_cli_attach(c, timeout_ms);
	return wb_ctrl_request_ok(c, "ATTACH", timeout_ms);
}

/* Keeps the newest events: drops whole lines from the front when full. */
void wb_ctrl_history_add(struct wb_ctrl *c, const char *ev, size_t n)
{
	const size_t max = sizeof(c->hist) - 1;

	if (n > max / 2)
		n = max / 2;
	while (c->hist_len + n + 1 > max) {
		char *nl = memchr(c->hist, '\n', c->hist_len);
		size_t cut = nl ? (size_t)(nl - c->hist) + 1 : c->hist_len;

		memmove(c->hist, c->hist + cut, c->hist_len - cut);
		c->hist_len -= cut;
	}
	memcpy(c->hist + c->hist_len, ev, n);
	c->hist_len += n;
	c->hist[c->hist_len++] = '\n';
	c->hist[c->hist_len] = '\0';
}

const char *wb_ctrl_history(const struct wb_ctrl *c)
{
	return c && c->hist_len ? c->hist : "";
}

/* A prefix matches a whole word: "AP-ENABLED" does not match "AP-ENABLED-X". */
int wb_ctrl_match(const char *ev, const char *const prefixes[])
{
	int i;

	for (i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);

		if (strncmp(ev, prefixes[i], n) != 0)
			continue;
		if (ev[n] == '\0' || ev[n] == ' ' || n == 0 || prefixes[i][n - 1] == ' ')
			return i;
	}
	return -1;
}

/* Reads queued datagrams; returns a match index, -EAGAIN when the queue is empty. */
static int read_events(struct wb_ctrl *c, const char *const prefixes[], char *line, size_t len)
{
	for (;;) {
		ssize_t n = recv(c->fd, c->buf, sizeof(c->buf) - 1, MSG_DONTWAIT);
		char *ev;
		size_t evlen;
		int m;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		c->buf[n] = '\0';
		if (!wb_ctrl_is_event(c->buf))
			continue; /* a stray reply (e.g. a late "OK"), not an event */
		ev = (char *)wb_ctrl_event_strip(c->buf);
		evlen = strlen(ev);
		while (evlen && (ev[evlen - 1] == ' ' || ev[evlen - 1] == '\n'))
			ev[--evlen] = '\0';
		wb_ctrl_history_add(c, ev, evlen);
		m = wb_ctrl_match(ev, prefixes);
		if (m >= 0) {
			if (line && len)
				wb_strlcpy(line, ev, len);
			return m;
		}
	}
}

int wb_ctrl_wait_event(struct wb_ctrl *c, const char *const prefixes[], int64_t timeout_ms,
		       struct wb_cancel *cancel, struct wb_proc *peer, char *line, size_t len)
{
	struct wb_wait w;

	if (line && len)
		line[0] = '\0';
	if (c->cli)
		return wb_ctrl_cli_wait_event(c, prefixes, timeout_ms, cancel, peer, line, len);
	wait_init(&w, timeout_ms, cancel, peer);
	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		int r = read_events(c, prefixes, line, len);

		if (r != -EAGAIN)
			return r;
		/*
		 * Only with the queue empty: a daemon's last events precede its exit. Read once
		 * more after seeing the exit, for events sent just before it.
		 */
		r = wb_wait_round(&w, &p, 1);
		if (r == -ESRCH) {
			r = read_events(c, prefixes, line, len);
			return r == -EAGAIN ? -ESRCH : r;
		}
		if (r < 0)
			return r;
	}
}

int wb_ctrl_wait_socket(const char *path, int64_t timeout_ms, struct wb_proc *proc,
			struct wb_cancel *cancel)
{
	struct wb_wait w;

	wait_init(&w, timeout_ms, cancel, proc);
	return wb_wait_socket(&w, path);
}
