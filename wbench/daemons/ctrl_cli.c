/*
 * wbench: the control client's cli transport (see ctrl.h): a daemon on another host,
 * reached through hostapd_cli/wpa_cli there. A request is a bounded, cancellable
 * wb_host_run of the client (on ssh: in the host's persistent shell); the event client is
 * a host child (wb_host_spawn), its waits carrying our deadline, the cancel source and
 * the daemon's peer, stopped and reaped like any other child. The clients and not a relay:
 * a datagram relay needs socat or python on the host, hostap's UDP control interface a
 * custom build (CONFIG_CTRL_IFACE=udp-remote); a Linux AP host has the clients next to
 * its daemons (on OpenWrt they are optional: the preflight says when one is missing).
 *
 * What the clients do (hostapd 2.10, wpa_supplicant 2.10; recorded in
 * tests/fixtures/ctrl/cli/):
 *   - `CLI -p DIR -i IF -s PRIVATE -- raw WORD...` sends the words joined by spaces and
 *     prints the reply as it came, exit 0, also for "FAIL"; "'CMD' command failed." or
 *     "... timed out." when the request could not be made; exit 255 (and a line on
 *     stderr) when the daemon's socket cannot be opened — the same 255 as ssh's own
 *     failure, told apart by asking the host for `true`.
 *   - `CLI -p DIR -i IF -s PRIVATE` with a pipe as stdin prints a banner, attaches, and
 *     from the first line it reads on prints each event as "<N>TEXT", after a prompt
 *     "> " (wpa_cli: "> \r"); hostapd_cli's stdout is block-buffered and flushed when it
 *     reads a line (hence the pokes), wpa_cli echoes each line it reads.
 * The clients' own sockets go to the private directory (-s), not /tmp, so a client that
 * is killed leaves nothing outside it; HOME points there too (wpa_cli's history file).
 *
 * The process ignores SIGPIPE (wbench's main does): a poke to an event client that just
 * died must be an EPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wbench/daemons/ctrl_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"
#include "wbench/wifi/confcheck.h"

/* The most words of one request (our commands have up to three). */
#define REQUEST_WORDS_MAX 16
/* The clients' reply buffer is 4096 bytes with the NUL: more never comes. */
#define REPLY_MAX 4096
/* Bound on `true`, run to tell ssh's 255 from the client's. */
#define HOST_CHECK_MS 10000
/* How long a closing event client may take to end by itself at the end of its input. */
#define CLOSE_WAIT_MS 5000
/* The client's exit when it cannot open the daemon's socket, and a shell's "not found". */
#define RC_NO_SOCKET 255
#define RC_NOT_FOUND 127
/* Our attach script's exit when the daemon's socket did not come (sysexits-like). */
#define RC_NO_DAEMON_SOCKET 69

struct wb_ctrl_cli_state {
	struct wb_host *host;         /* borrowed */
	char *cli, *ctrl_dir, *ifname, *client_dir, *home;
	struct wb_host_proc *events;  /* the interactive client, once attached (ours) */
	size_t line_len;              /* bytes of the current partial line in c->buf */
	bool skipping;                /* that line overflowed: dropped up to its end */
	bool eof;                     /* the event client's output ended */
	bool drained;                 /* the peer's exit was seen and its last events read */
	int64_t poked_ms;             /* wb_now_ms() of the last poke, 0: never */
	struct wb_strbuf pending;     /* events read but not yet waited for, one per line */
};

static struct wb_ctrl_cli_state *S(const struct wb_ctrl *c)
{
	return c->cli;
}

/* ---- opening and closing ----------------------------------------------------------- */

static bool word_ok(const char *w)
{
	return w && *w && *w != '-' && !strchr(w, '=') && !strpbrk(w, "\n\r");
}

static int copy_cfg(struct wb_ctrl_cli_state *s, const struct wb_ctrl_cli *cfg)
{
	s->host = cfg->host;
	s->cli = strdup(cfg->cli);
	s->ctrl_dir = strdup(cfg->ctrl_dir);
	s->ifname = strdup(cfg->ifname);
	s->client_dir = strdup(cfg->client_dir);
	if (asprintf(&s->home, "HOME=%s", cfg->client_dir) < 0)
		s->home = NULL;
	return s->cli && s->ctrl_dir && s->ifname && s->client_dir && s->home ? 0 : -ENOMEM;
}

int wb_ctrl_open_cli(const struct wb_ctrl_cli *cfg, struct wb_ctrl **out)
{
	struct wb_ctrl *c;
	char why[128];
	int r;

	*out = NULL;
	/* a client name env(1) or getopt could misread is refused, not quoted */
	if (!cfg || !cfg->host || !word_ok(cfg->cli) || !cfg->ctrl_dir || cfg->ctrl_dir[0] != '/' ||
	    !cfg->client_dir || cfg->client_dir[0] != '/' ||
	    wb_ifname_check(cfg->ifname, why, sizeof(why)) < 0)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->fd = -1;
	c->cli = calloc(1, sizeof(*c->cli));
	r = c->cli ? copy_cfg(c->cli, cfg) : -ENOMEM;
	if (r < 0) {
		wb_ctrl_close(c);
		return r;
	}
	wb_strbuf_init(&c->cli->pending);
	*out = c;
	return 0;
}

void wb_ctrl_cli_close(struct wb_ctrl *c)
{
	struct wb_ctrl_cli_state *s = S(c);

	if (s->events) {
		/* the end of its input ends an interactive client cleanly (its socket unlinked) */
		wb_host_proc_close_stdin(s->events);
		(void)wb_host_proc_wait(s->events, CLOSE_WAIT_MS, NULL);
		wb_host_proc_free(s->events);
	}
	free(s->cli);
	free(s->ctrl_dir);
	free(s->ifname);
	free(s->client_dir);
	free(s->home);
	wb_strbuf_release(&s->pending);
	free(s);
	c->cli = NULL;
}

int wb_ctrl_cli_fd(const struct wb_ctrl *c)
{
	return wb_host_proc_stdout(S(c)->events);
}

/* ---- requests ------------------------------------------------------------------------ */

/* The client's words for @cmd: "CLI -p DIR -i IF -s DIR -- raw WORD...". @copy is split. */
static int request_argv(struct wb_ctrl_cli_state *s, char *copy, char **argv, size_t max)
{
	char *p = copy;
	size_t n = 0;

	argv[n++] = s->cli;
	argv[n++] = "-p";
	argv[n++] = s->ctrl_dir;
	argv[n++] = "-i";
	argv[n++] = s->ifname;
	argv[n++] = "-s";
	argv[n++] = s->client_dir;
	argv[n++] = "--";
	argv[n++] = "raw";
	/* one word per single space: the client's " "-join gives @cmd back exactly */
	while (p) {
		if (n + 2 > max)
			return -EINVAL;
		argv[n++] = strsep(&p, " ");
	}
	argv[n] = NULL;
	return 0;
}

/* Exit 255: the client could not open the socket, or ssh failed. `true` tells which. */
static int no_socket(struct wb_ctrl *c)
{
	char *const argv[] = { "true", NULL };
	struct wb_host_exec x = { .timeout_ms = HOST_CHECK_MS };

	if (c->peer && !wb_proc_running(c->peer))
		return -ESRCH;
	if (wb_host_run(S(c)->host, argv, &x, NULL, NULL) != 0)
		return -EHOSTUNREACH;
	return -ECONNREFUSED;
}

/* What the client's exit @rc and output say about request @cmd. */
static int request_result(struct wb_ctrl *c, const char *cmd, int rc, const char *out)
{
	char failed[300], timed_out[300];

	if (rc == RC_NO_SOCKET && !*out)
		return no_socket(c);
	if (rc == RC_NOT_FOUND && !*out) {
		wb_err("%s: no '%s' there to reach the daemon's control socket",
		       wb_host_name(S(c)->host), S(c)->cli);
		return -ENOENT;
	}
	if (rc != 0)
		return -EIO;
	/* the client's own words for a request it could not make, quoting @cmd */
	snprintf(failed, sizeof(failed), "'%s' command failed.\n", cmd);
	snprintf(timed_out, sizeof(timed_out), "'%s' command timed out.\n", cmd);
	if (strcmp(out, failed) == 0)
		return -ECONNREFUSED;
	if (strcmp(out, timed_out) == 0)
		return -ETIMEDOUT;
	if (wb_str_has_prefix(out, "Unknown command 'raw'"))
		return -EOPNOTSUPP;
	return 0;
}

/*
 * A request is one run of the client through wb_host_run: on ssh that is the host's
 * persistent shell, no new channel (a client process of its own per request cost more
 * than the request). The run is bounded and cancellable, and the daemon's exit (the peer)
 * ends it: a client waits up to 10 s for the reply of a daemon that died meanwhile.
 */
int wb_ctrl_cli_request(struct wb_ctrl *c, const char *cmd, char *reply, size_t len,
			int64_t timeout_ms)
{
	char *argv[REQUEST_WORDS_MAX + 12], *copy, *out = NULL;
	struct wb_host_exec x = { .cancel = c->cancel, .err = WB_HOST_STDERR_DISCARD,
				  .out_max = REPLY_MAX, .peer = c->peer };
	size_t n = 0;
	int rc;

	reply[0] = '\0';
	if (!*cmd || strlen(cmd) >= 256 || strpbrk(cmd, "\n\r"))
		return -EINVAL;
	copy = strdup(cmd);
	if (!copy)
		return -ENOMEM;
	rc = request_argv(S(c), copy, argv, WB_ARRAY_SIZE(argv));
	if (rc == 0) {
		x.timeout_ms = (timeout_ms > 0 ? timeout_ms : 0) + WB_CTRL_CLI_LINK_MS;
		rc = wb_host_run(S(c)->host, argv, &x, &out, &n);
	}
	free(copy);
	if (rc >= 0)
		rc = request_result(c, cmd, rc, out ? out : "");
	/* a daemon gone while we asked: its exit is the answer, as on a local socket */
	if (rc < 0 && rc != -ECANCELED && c->peer && !wb_proc_running(c->peer))
		rc = -ESRCH;
	if (rc >= 0) {
		wb_strlcpy(reply, out ? out : "", len);
		rc = (int)(n < len - 1 ? n : len - 1);
	}
	free(out);
	return rc;
}

/* ---- the event client's output ------------------------------------------------------- */

static const char *skip_prompts(const char *p)
{
	while (p[0] == '>' && p[1] == ' ')
		p += 2;
	return p;
}

enum wb_ctrl_cli_line wb_ctrl_cli_line(char *line, const char **text)
{
	size_t n = strlen(line);
	const char *p = line, *cr;

	while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	cr = strrchr(line, '\r');
	if (cr)
		p = cr + 1;
	p = skip_prompts(p);
	*text = p;
	if (wb_ctrl_is_event(p) && (p[0] != '<' || (p[1] >= '0' && p[1] <= '9'))) {
		*text = wb_ctrl_event_strip(p);
		return WB_CTRL_CLI_EVENT;
	}
	if (strcmp(p, "PONG") == 0)
		return WB_CTRL_CLI_PONG;
	if (wb_str_has_prefix(p, "Warning: Failed to attach"))
		return WB_CTRL_CLI_ATTACH_FAILED;
	return WB_CTRL_CLI_OTHER;
}

/* One complete line: events are queued; returns its kind. */
static enum wb_ctrl_cli_line take_line(struct wb_ctrl_cli_state *s, char *line)
{
	const char *text;
	enum wb_ctrl_cli_line k = wb_ctrl_cli_line(line, &text);

	if (k == WB_CTRL_CLI_EVENT)
		wb_strbuf_addf(&s->pending, "%s\n", text);
	else if (k == WB_CTRL_CLI_OTHER && *text)
		wb_debug("%s: %s says: %s", wb_host_name(s->host), s->cli, text);
	return k;
}

/*
 * Splits what is buffered into lines. With @pong, stops after the reply to our PING
 * (returns 1) or the attach failure (-EPROTO). Returns 0 when no complete line is left.
 */
static int take_lines(struct wb_ctrl *c, bool pong)
{
	struct wb_ctrl_cli_state *s = S(c);
	char *nl;

	while ((nl = memchr(c->buf, '\n', s->line_len))) {
		size_t n = (size_t)(nl - c->buf) + 1;
		enum wb_ctrl_cli_line k = WB_CTRL_CLI_OTHER;

		*nl = '\0';
		if (!s->skipping)
			k = take_line(s, c->buf);
		s->skipping = false;
		memmove(c->buf, c->buf + n, s->line_len - n);
		s->line_len -= n;
		if (pong && k == WB_CTRL_CLI_PONG)
			return 1;
		if (pong && k == WB_CTRL_CLI_ATTACH_FAILED)
			return -EPROTO;
	}
	if (s->line_len == sizeof(c->buf) - 1) {
		/* a line longer than any event: dropped up to its end */
		s->skipping = true;
		s->line_len = 0;
	}
	return 0;
}

/* Reads what the event client printed. Returns 0, or -ECONNRESET once its output ended. */
static int read_output(struct wb_ctrl *c)
{
	struct wb_ctrl_cli_state *s = S(c);

	for (;;) {
		ssize_t n = read(wb_host_proc_stdout(s->events), c->buf + s->line_len,
				 sizeof(c->buf) - 1 - s->line_len);

		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
			s->eof = true;
			return -ECONNRESET;
		}
		if (n < 0)
			return 0;
		s->line_len += (size_t)n;
		if (s->line_len == sizeof(c->buf) - 1)
			return 0; /* take_lines makes room */
	}
}

/* An empty line: hostapd_cli flushes its output when it reads one. */
static void poke(struct wb_ctrl_cli_state *s)
{
	s->poked_ms = wb_now_ms();
	if (send(wb_host_proc_stdin(s->events), "\n", 1, MSG_NOSIGNAL) < 0)
		wb_debug("%s: %s: poke: %s", wb_host_name(s->host), s->cli, strerror(errno));
}

/*
 * One round of an event wait: a poke when one is due, then a poll until output, the next
 * poke or @w's end. Returns 0, -ECONNRESET (the client's output ended) or wb_wait_round's
 * errors (-ESRCH: the peer exited).
 */
static int round_once(struct wb_ctrl *c, const struct wb_wait *w)
{
	struct wb_ctrl_cli_state *s = S(c);
	struct pollfd fd = { .fd = wb_host_proc_stdout(s->events), .events = POLLIN };
	struct wb_wait sub = *w;
	int64_t next;
	int r;

	if (s->eof)
		return -ECONNRESET;
	if (wb_now_ms() - s->poked_ms >= WB_CTRL_CLI_POKE_MS)
		poke(s);
	next = s->poked_ms + WB_CTRL_CLI_POKE_MS;
	if (w->deadline == WB_WAIT_NO_DEADLINE || next < w->deadline)
		sub.deadline = next;
	r = wb_wait_round(&sub, &fd, 1);
	if (r == -ETIMEDOUT && sub.deadline != w->deadline)
		return 0; /* time for the next poke, not the end */
	if (r < 0)
		return r;
	return fd.revents ? read_output(c) : 0;
}

/* ---- attach and events --------------------------------------------------------------- */

/* Why the event client ended before answering: its exit status says. */
static int attach_ended(struct wb_ctrl_cli_state *s)
{
	int rc = wb_host_proc_wait(s->events, CLOSE_WAIT_MS, NULL) == 0 ?
		 wb_host_proc_exit_code(s->events) : -1;

	if (rc == RC_NOT_FOUND) {
		wb_err("%s: no '%s' there to reach the daemon's control socket",
		       wb_host_name(s->host), s->cli);
		return -ENOENT;
	}
	if (rc == RC_NO_DAEMON_SOCKET)
		return -ETIMEDOUT;
	return rc == RC_NO_SOCKET ? -EHOSTUNREACH : -EPROTO;
}

static int attach_wait(struct wb_ctrl *c, const struct wb_wait *w)
{
	int r;

	for (;;) {
		r = take_lines(c, true);
		if (r != 0)
			return r < 0 ? r : 0;
		r = round_once(c, w);
		if (r == -ECONNRESET)
			return attach_ended(S(c));
		if (r < 0)
			return r;
	}
}

/*
 * The event client, once the daemon's socket is there: a loop tests for it every 100 ms up
 * to $2 times (then exit RC_NO_DAEMON_SOCKET), and the shell becomes the client (its pid,
 * which a stop kills, stays the same).
 */
static int attach_spawn(struct wb_ctrl_cli_state *s, int64_t timeout_ms)
{
	static const char script[] = "s=$1; n=$2; shift 2; i=0; while [ ! -S \"$s\" ]; do "
				     "[ \"$i\" -lt \"$n\" ] || exit " WB_STR(RC_NO_DAEMON_SOCKET)
				     "; sleep 0.1; i=$((i+1)); done; exec \"$@\"";
	char sock[4096], tenths[24];
	char *argv[] = { "sh", "-c", (char *)script, "sh", sock, tenths, "env", s->home, s->cli,
			 "-p", s->ctrl_dir, "-i", s->ifname, "-s", s->client_dir, NULL };
	struct wb_host_exec x = { .pipe_stdin = true, .pipe_stdout = true };

	snprintf(sock, sizeof(sock), "%s/%s", s->ctrl_dir, s->ifname);
	snprintf(tenths, sizeof(tenths), "%lld", (long long)(timeout_ms > 0 ? timeout_ms / 100 + 1 : 0));
	return wb_host_spawn(s->host, argv, &x, &s->events);
}

int wb_ctrl_cli_attach(struct wb_ctrl *c, int64_t timeout_ms)
{
	struct wb_ctrl_cli_state *s = S(c);
	struct wb_wait w;
	int r;

	if (s->events)
		return -EALREADY;
	r = attach_spawn(s, timeout_ms);
	if (r < 0)
		return r;
	s->line_len = 0;
	s->skipping = s->eof = s->drained = false;
	/* a full pipe must not block us: a poke then is simply skipped */
	if (fcntl(wb_host_proc_stdin(s->events), F_SETFL, O_NONBLOCK) < 0 ||
	    send(wb_host_proc_stdin(s->events), "PING\n", 5, MSG_NOSIGNAL) != 5) {
		r = -errno;
	} else {
		s->poked_ms = wb_now_ms();
		wb_wait_init(&w, timeout_ms > 0 ? timeout_ms : 0, c->cancel);
		w.peer = c->peer;
		r = attach_wait(c, &w);
	}
	if (r < 0) {
		wb_host_proc_free(s->events);
		s->events = NULL;
	}
	return r;
}

/* The next queued event: history, then a match. -EAGAIN when none is queued. */
static int next_event(struct wb_ctrl *c, const char *const prefixes[], char *line, size_t len)
{
	struct wb_strbuf *q = &S(c)->pending;

	(void)take_lines(c, false);
	while (q->len) {
		char *nl = memchr(q->s, '\n', q->len);
		size_t n = (size_t)(nl - q->s);
		int m;

		*nl = '\0';
		wb_ctrl_history_add(c, q->s, n);
		m = wb_ctrl_match(q->s, prefixes);
		if (m >= 0 && line && len)
			wb_strlcpy(line, q->s, len);
		memmove(q->s, nl + 1, q->len - n - 1);
		q->len -= n + 1;
		q->s[q->len] = '\0';
		if (m >= 0)
			return m;
	}
	return -EAGAIN;
}

int wb_ctrl_cli_wait_event(struct wb_ctrl *c, const char *const prefixes[], int64_t timeout_ms,
			   struct wb_cancel *cancel, struct wb_proc *peer, char *line, size_t len)
{
	struct wb_ctrl_cli_state *s = S(c);
	struct wb_wait w;
	int r;

	if (!s->events)
		return -ENOTCONN;
	wb_wait_init(&w, timeout_ms > 0 ? timeout_ms : 0, cancel);
	w.peer = peer;
	for (;;) {
		r = next_event(c, prefixes, line, len);
		if (r != -EAGAIN)
			return r;
		r = round_once(c, &w);
		if (r == -ESRCH && w.peer) {
			/* its last events come on another channel: read them for a moment, once */
			int64_t left = wb_wait_left_ms(&w);

			if (s->drained)
				left = 0;
			wb_wait_init(&w, left < WB_CTRL_CLI_DRAIN_MS ? left : WB_CTRL_CLI_DRAIN_MS,
				     cancel);
			s->poked_ms = 0;
			continue;
		}
		if ((r == -ETIMEDOUT || r == -ECONNRESET) && !w.peer && peer) {
			s->drained = true;
			return -ESRCH;
		}
		if (r < 0)
			return r;
	}
}
