/*
 * wbench: the ssh backend's persistent remote shell. Every short command (a request to a
 * daemon's cli, a config written, a file read, a directory made) would otherwise cost one
 * ssh session: a client process here, a session and a login shell there — seconds on an
 * emulated CPU, and on OpenWrt's dropbear each concurrent session is a risk
 * (real-labs.md §2). One `exec /bin/sh` on its own channel runs them one after another:
 *
 *	( BODY ) [<input] & p=$!; [echo $p >PIDFILE;] wait $p; printf '\n%s %s\n' NONCE $?
 *
 * BODY is the caller's fixed template with quoted words; its stdout comes back on the
 * channel, followed by the marker with its exit code. The nonce is random per session:
 * no output can fake the end. Input goes as printf escapes, and only where printf is the
 * shell's builtin, so it is never a process's argv. What the shell cannot take (stderr
 * to our own stderr, large input) goes to a one-shot client instead (-EAGAIN).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wbench/host/host_ssh_i.h"
#include "wbench/host/shquote.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

/* Input larger than this goes to a one-shot client (4 bytes of script per byte). */
#define SESSION_INPUT_MAX (64u * 1024)
/* How long the shell may take to start and answer its first marker. */
#define SESSION_START_MS 30000
/* After a kill, how long the marker of the killed command may take to come. */
#define SESSION_RECOVER_MS 10000

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void wb_ssh_session_stop(struct ssh *s)
{
	struct ssh_session *sh = &s->sh;

	/* EOF ends the shell between commands; the client goes after it */
	close_fd(&sh->in);
	if (sh->proc.pid > 0)
		wb_proc_stop(&sh->proc, WB_HOST_STOP_GRACE_MS);
	close_fd(&sh->out);
	free(sh->buf);
	sh->buf = NULL;
	sh->len = sh->cap = 0;
	sh->up = false;
}

/* A wait's -ESRCH: the shell's exit is a lost session; a caller's peer's stays -ESRCH. */
static int shell_gone(const struct ssh_session *sh, const struct wb_wait *w, int r)
{
	return r == -ESRCH && w->peer == &sh->proc ? -ECONNRESET : r;
}

/* Writes all of @data to the shell, bounded by @w. */
static int send_all(struct ssh_session *sh, const char *data, size_t len, const struct wb_wait *w)
{
	while (len) {
		struct pollfd fd = { .fd = sh->in, .events = POLLOUT };
		/* a socket (wb_host_proc_pipes): a shell that died gives EPIPE, not SIGPIPE */
		ssize_t n = send(sh->in, data, len, MSG_NOSIGNAL);
		int r;

		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -ECONNRESET;
		r = wb_wait_round(w, &fd, 1);
		if (r < 0)
			return shell_gone(sh, w, r);
	}
	return 0;
}

/* Reads what is there into the buffer. Returns 0, -ECONNRESET at EOF, or -ENOMEM. */
static int pull(struct ssh_session *sh)
{
	char tmp[16384];
	ssize_t n = read(sh->out, tmp, sizeof(tmp));

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -ECONNRESET;
	if (n == 0)
		return -ECONNRESET;
	if (sh->len + (size_t)n + 1 > sh->cap) {
		size_t cap = sh->cap ? sh->cap : 16384;
		char *nb;

		while (cap < sh->len + (size_t)n + 1)
			cap *= 2;
		nb = realloc(sh->buf, cap);
		if (!nb)
			return -ENOMEM;
		sh->buf = nb;
		sh->cap = cap;
	}
	memcpy(sh->buf + sh->len, tmp, (size_t)n);
	sh->len += (size_t)n;
	return 0;
}

/*
 * Finds "\nNONCE CODE\n" in the buffer: its exit code into @rc, the output before it
 * (its length into @olen). Returns true when the marker is complete.
 */
static bool find_marker(const struct ssh_session *sh, int *rc, size_t *olen, size_t *end)
{
	char pat[40];
	size_t plen = (size_t)snprintf(pat, sizeof(pat), "\n%s ", sh->nonce);
	const char *p = sh->len >= plen ? memmem(sh->buf, sh->len, pat, plen) : NULL;
	const char *q, *nl;

	if (!p)
		return false;
	q = p + plen;
	nl = memchr(q, '\n', sh->len - (size_t)(q - sh->buf));
	if (!nl)
		return false;
	*rc = atoi(q);
	*olen = (size_t)(p - sh->buf);
	*end = (size_t)(nl + 1 - sh->buf);
	return true;
}

/* Reads until the marker, keeping at most @max bytes of output. Returns rc or -errno. */
static int read_to_marker(struct ssh_session *sh, const struct wb_wait *w, size_t max,
			  char **out, size_t *out_len)
{
	size_t olen, end;
	int rc, r;

	for (;;) {
		struct pollfd fd = { .fd = sh->out, .events = POLLIN };

		if (find_marker(sh, &rc, &olen, &end))
			break;
		r = wb_wait_round(w, &fd, 1);
		if (r < 0)
			return shell_gone(sh, w, r);
		if (fd.revents && (r = pull(sh)) < 0)
			return r;
	}
	if (out && olen <= max) {
		*out = malloc(olen + 1);
		if (!*out)
			return -ENOMEM;
		memcpy(*out, sh->buf, olen);
		(*out)[olen] = '\0';
		if (out_len)
			*out_len = olen;
	}
	memmove(sh->buf, sh->buf + end, sh->len - end);
	sh->len -= end;
	return out && olen > max ? -EFBIG : rc;
}

static int session_start(struct ssh *s)
{
	struct ssh_session *sh = &s->sh;
	static const char probe[] =
		"case \"$(command -V printf 2>&1)\" in *builtin*) b=1 ;; *) b=0 ;; esac\n";
	char *argv[48], topt[32], line[160];
	struct wb_host_exec x = { .pipe_stdin = true, .pipe_stdout = true };
	struct wb_host_proc p = { .in_fd = -1, .out_fd = -1 };
	struct wb_proc_opts o;
	unsigned char rnd[16];
	struct wb_wait w;
	int cin, cout, r;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -EIO;
	wb_hex_encode(rnd, sizeof(rnd), sh->nonce);
	r = wb_ssh_master_ensure(s);
	if (r == 0)
		r = wb_host_proc_pipes(&p, &x, &cin, &cout);
	if (r < 0)
		return r;
	wb_ssh_client_argv(s, argv, "exec /bin/sh", false, topt, sizeof(topt));
	wb_proc_opts_init(&o);
	o.stdin_fd = cin;
	o.stdout_fd = cout;
	o.stderr_fd = WB_PROC_DEVNULL;
	wb_proc_init(&sh->proc, "ssh-shell");
	r = wb_proc_spawn(&sh->proc, argv, &o);
	close(cin);
	close(cout);
	sh->in = p.in_fd;
	sh->out = p.out_fd;
	if (r == 0 && fcntl(sh->in, F_SETFL, O_NONBLOCK) < 0)
		r = -errno;
	wb_wait_init(&w, SESSION_START_MS, s->cfg.cancel);
	w.peer = &sh->proc;
	snprintf(line, sizeof(line), "%sprintf '\\n%%s %%s\\n' %s \"$b\"\n", probe, sh->nonce);
	if (r == 0)
		r = send_all(sh, line, strlen(line), &w);
	if (r == 0)
		r = read_to_marker(sh, &w, 0, NULL, NULL);
	if (r < 0) {
		wb_ssh_session_stop(s);
		return r;
	}
	sh->printf_builtin = r == 1;
	sh->up = true;
	return 0;
}

/* Input as printf's octal escapes: every byte, so no % or \ of the data is read as syntax. */
static void add_input(struct wb_strbuf *b, const unsigned char *in, size_t len)
{
	wb_strbuf_addf(b, "printf '");
	for (size_t i = 0; i < len; i++)
		wb_strbuf_addf(b, "\\%03o", in[i]);
	wb_strbuf_addf(b, "' | ");
}

static int build(struct ssh *s, const char *body, const char *pidfile,
		 const struct wb_host_exec *x, struct wb_strbuf *b)
{
	if (x->input)
		add_input(b, x->input, x->input_len);
	wb_strbuf_addf(b, "( %s\n) & p=$!; ", body);
	if (pidfile) {
		wb_strbuf_addf(b, "echo \"$p\" >");
		wb_shquote_word(b, pidfile);
		wb_strbuf_addf(b, "; ");
	}
	wb_strbuf_addf(b, "wait \"$p\"; printf '\\n%%s %%s\\n' %s \"$?\"\n", s->sh.nonce);
	return b->failed ? -ENOMEM : 0;
}

/* A command that overran its time: killed there, then the shell gets its marker. */
static int recover(struct ssh *s, const char *pidfile)
{
	struct wb_wait w;

	if (!pidfile)
		return -ECONNRESET;
	wb_ssh_remote_kill(s, pidfile, "KILL");
	wb_wait_init(&w, SESSION_RECOVER_MS, NULL);
	w.peer = &s->sh.proc;
	return read_to_marker(&s->sh, &w, 0, NULL, NULL) >= 0 ? 0 : -ECONNRESET;
}

int wb_ssh_session_run(struct ssh *s, const char *body, const char *pidfile,
		       const struct wb_host_exec *x, char **out, size_t *out_len)
{
	struct ssh_session *sh = &s->sh;
	struct wb_strbuf b;
	struct wb_wait w;
	int r;

	if (sh->broken || x->err == WB_HOST_STDERR_INHERIT ||
	    (x->input && x->input_len > SESSION_INPUT_MAX))
		return -EAGAIN;
	if (sh->up && !wb_proc_running(&sh->proc))
		wb_ssh_session_stop(s);
	if (!sh->up && session_start(s) < 0) {
		sh->broken = true;
		wb_warn("ssh %s: no persistent shell there: one ssh session per command",
			s->target);
		return -EAGAIN;
	}
	if (x->input && !sh->printf_builtin)
		return -EAGAIN;
	wb_strbuf_init(&b);
	r = build(s, body, pidfile, x, &b);
	wb_wait_init(&w, x->timeout_ms, x->cancel);
	/* the shell's own end shows as the end of its output */
	w.peer = x->peer ? x->peer : &sh->proc;
	if (r == 0)
		r = send_all(sh, b.s, b.len, &w);
	wb_strbuf_release(&b);  /* it held the input: wiped */
	if (r == 0)
		r = read_to_marker(sh, &w, x->out_max ? x->out_max : WB_HOST_OUT_MAX, out, out_len);
	if (r == -ESRCH) {
		/* the caller's peer is gone; the command's answer may be on its way */
		wb_wait_init(&w, WB_HOST_PEER_GRACE_MS, x->cancel);
		w.peer = &sh->proc;
		r = read_to_marker(sh, &w, x->out_max ? x->out_max : WB_HOST_OUT_MAX, out, out_len);
		if (r == -ETIMEDOUT)
			r = -ESRCH;
	}
	if ((r == -ETIMEDOUT || r == -ECANCELED || r == -ESRCH) && recover(s, pidfile) < 0)
		wb_ssh_session_stop(s);
	else if (r == -ECONNRESET || r == -ENOMEM)
		wb_ssh_session_stop(s);
	return r;
}
