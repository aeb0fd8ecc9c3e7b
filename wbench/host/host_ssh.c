/*
 * wbench: the ssh host backend (see host_ssh.h). Every operation is one OpenSSH client
 * run through the ControlMaster; the client runs on this machine through the local host
 * backend, so its waits, bounds and reaping are the local ones. Remote scripts are fixed
 * templates whose only variable parts are words quoted by wb_shquote_word.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/host/host_ssh_i.h"
#include "wbench/host/shquote.h"
#include "wbench/lib/log.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/utf8.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

static struct ssh *S(const struct wb_host *h)
{
	return h->priv;
}

/* The last line ssh wrote to its log: its own reason for failing. */
static void ssh_reason(struct ssh *s, char *buf, size_t len)
{
	char *text = NULL, *end, *start;

	wb_strlcpy(buf, "no message from ssh", len);
	if (wb_read_file(s->log, 1 << 20, &text, NULL) < 0)
		return;
	end = text + strlen(text);
	while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	start = strrchr(text, '\n');
	start = start ? start + 1 : text;
	if (*start)
		wb_strlcpy(buf, start, len);
	free(text);
}

/* Appends the options every client and the master share to @argv from *@n. */
static void common_args(struct ssh *s, char **argv, size_t *n, char *timeout_opt, size_t tlen)
{
	static char *const fixed[] = {
		"-o", "BatchMode=yes",
		"-o", "ServerAliveInterval=" WB_STR(WB_HOST_SSH_ALIVE_S),
		"-o", "ServerAliveCountMax=" WB_STR(WB_HOST_SSH_ALIVE_COUNT),
	};

	argv[(*n)++] = s->ssh;
	for (size_t i = 0; i < WB_ARRAY_SIZE(fixed); i++)
		argv[(*n)++] = fixed[i];
	snprintf(timeout_opt, tlen, "ConnectTimeout=%u", s->cfg.connect_timeout_s);
	argv[(*n)++] = "-o";
	argv[(*n)++] = timeout_opt;
	argv[(*n)++] = "-E";
	argv[(*n)++] = s->log;
	argv[(*n)++] = "-S";
	argv[(*n)++] = s->ctl;
	if (s->port[0]) {
		argv[(*n)++] = "-p";
		argv[(*n)++] = s->port;
	}
	if (s->identity) {
		argv[(*n)++] = "-i";
		argv[(*n)++] = s->identity;
	}
	if (s->proxy_jump) {
		argv[(*n)++] = "-J";
		argv[(*n)++] = s->proxy_jump;
	}
	for (size_t i = 0; s->options && s->options[i]; i++) {
		argv[(*n)++] = "-o";
		argv[(*n)++] = s->options[i];
	}
}

static int master_start(struct ssh *s)
{
	char *argv[SSH_ARGV_MAX], topt[32], why[256];
	struct wb_proc_opts o;
	struct wb_wait w;
	size_t n = 0;
	int r;

	common_args(s, argv, &n, topt, sizeof(topt));
	argv[n++] = "-M";
	argv[n++] = "-N";
	argv[n++] = "-T";
	argv[n++] = "-o";
	argv[n++] = "ControlPersist=no";
	argv[n++] = s->target;
	argv[n] = NULL;
	wb_proc_opts_init(&o);
	o.stdout_fd = o.stderr_fd = WB_PROC_DEVNULL;
	wb_proc_init(&s->master, "ssh-master");
	unlink(s->ctl);
	r = wb_proc_spawn(&s->master, argv, &o);
	if (r < 0) {
		wb_err("ssh %s: cannot start '%s': %s", s->target, s->ssh, strerror(-r));
		return r;
	}
	s->connections++;
	wb_wait_init(&w, (int64_t)s->cfg.connect_timeout_s * 1000 + 5000, s->cfg.cancel);
	w.peer = &s->master;
	r = wb_wait_socket(&w, s->ctl);
	if (r == 0)
		return 0;
	wb_proc_stop(&s->master, WB_HOST_STOP_GRACE_MS);
	if (r == -ESRCH || r == -ETIMEDOUT) {
		ssh_reason(s, why, sizeof(why));
		wb_err("ssh %s: cannot connect: %s", s->target, r == -ETIMEDOUT ? "timed out" : why);
		return r == -ESRCH ? -EHOSTUNREACH : r;
	}
	return r;
}

/* A master that died (the link dropped) is started again once per drop. */
int wb_ssh_master_ensure(struct ssh *s)
{
	if (wb_proc_running(&s->master))
		return 0;
	wb_warn("ssh %s: the connection was lost; connecting again", s->target);
	return master_start(s);
}

/* The client argv for one remote command line @remote; @topt is storage for one option. */
void wb_ssh_client_argv(struct ssh *s, char **argv, const char *remote, bool no_stdin,
			char *topt, size_t tlen)
{
	size_t n = 0;

	common_args(s, argv, &n, topt, tlen);
	argv[n++] = "-o";
	argv[n++] = "ControlMaster=no";
	argv[n++] = "-T";
	if (no_stdin)
		argv[n++] = "-n";
	argv[n++] = s->target;
	argv[n++] = "--";
	argv[n++] = (char *)remote;
	argv[n] = NULL;
}

/* Runs the remote command line @remote in a client of its own; @x as for wb_host_run. */
static int oneshot_line(struct ssh *s, const char *remote, const struct wb_host_exec *x,
			char **out, size_t *out_len)
{
	struct wb_host_exec lx = { .timeout_ms = x->timeout_ms, .cancel = x->cancel,
				   .input = x->input, .input_len = x->input_len,
				   .out_max = x->out_max, .peer = x->peer,
				   .err = x->err == WB_HOST_STDERR_INHERIT ? WB_HOST_STDERR_INHERIT :
					  WB_HOST_STDERR_DISCARD };
	char *argv[SSH_ARGV_MAX], topt[32], why[256];
	int r = wb_ssh_master_ensure(s);

	if (r < 0)
		return r;
	wb_ssh_client_argv(s, argv, remote, !x->input, topt, sizeof(topt));
	r = wb_host_run(s->local, argv, &lx, out, out_len);
	if (r == RC_SSH) {
		ssh_reason(s, why, sizeof(why));
		wb_debug("ssh %s: exit 255: %s", s->target, why);
	}
	return r;
}

/* Builds "[ip netns exec NAME] ARGV..." quoted, after @prefix (a fixed template). */
static int quote_command(struct wb_strbuf *b, const char *prefix, char *const argv[],
			 const char *netns)
{
	wb_strbuf_addf(b, "%s", prefix);
	if (netns) {
		const char *name = strrchr(netns, '/');

		/* the remote host keeps namespaces where iproute2 does */
		if (!wb_str_has_prefix(netns, "/run/netns/") || !name || !name[1])
			return -EOPNOTSUPP;
		wb_strbuf_addf(b, "ip netns exec ");
		wb_shquote_word(b, name + 1);
		wb_strbuf_add(b, " ", 1);
	}
	return wb_shquote_argv(b, argv);
}

/* A new remote pid file path in the private directory. */
static char *pidfile_new(struct ssh *s)
{
	char *p = NULL;

	if (asprintf(&p, "%s/p%u.pid", s->remote_dir, s->seq++) < 0)
		return NULL;
	return p;
}

/*
 * WBENCH_DEBUG: a remote command (its first words, printable: it may quote scenario
 * values) and how long it took (@ms < 0: started in the background). Secrets never are in
 * a command line, only on stdin.
 */
static void debug_line(const struct ssh *s, int64_t ms, const char *cmd)
{
	char shown[72];
	const char *more = strlen(cmd) >= sizeof(shown) ? "..." : "";

	snprintf(shown, sizeof(shown), "%s", cmd);
	wb_utf8_sanitize(shown);  /* the cut may end inside a character */
	wb_utf8_printable(shown);
	if (ms < 0)
		wb_debug("ssh %s: started: %s%s", s->target, shown, more);
	else
		wb_debug("ssh %s: %lld ms: %s%s", s->target, (long long)ms, shown, more);
}

/* Sends @sig to the pid recorded in @pidfile, waiting up to 5 s for the file to exist. */
void wb_ssh_remote_kill(struct ssh *s, const char *pidfile, const char *sig)
{
	struct wb_host_exec x = { .timeout_ms = HOUSEKEEPING_MS };
	int64_t t0 = wb_now_ms();
	struct wb_strbuf b;

	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "f=");
	wb_shquote_word(&b, pidfile);
	wb_strbuf_addf(&b, "; i=0; while [ ! -s \"$f\" ] && [ $i -lt %d ]; do sleep 0.1; "
		       "i=$((i+1)); done; [ -s \"$f\" ] && kill -%s \"$(cat \"$f\")\" 2>/dev/null; "
		       "exit 0", PIDFILE_WAIT_TENTHS, sig);
	/* a client of its own: the persistent shell may be the one waiting on that pid */
	if (!b.failed)
		(void)oneshot_line(s, b.s, &x, NULL, NULL);
	wb_debug("ssh %s: %lld ms: kill -%s by %s", s->target, (long long)(wb_now_ms() - t0), sig,
		 pidfile);
	wb_strbuf_release(&b);
}

/*
 * Runs the shell text @body there: in the persistent shell when it can take it, else in
 * a client of its own. With @pidfile the command's pid is recorded, and a command cut
 * short by a timeout or an interrupt is killed there (it would go on running).
 */
static int remote_line(struct ssh *s, const char *body, const char *pidfile,
		       const struct wb_host_exec *x, char **out, size_t *out_len)
{
	struct wb_strbuf b;
	int64_t t0 = wb_now_ms();
	int r;

	r = wb_ssh_session_run(s, body, pidfile, x, out, out_len);
	debug_line(s, wb_now_ms() - t0, body);
	if (r != -EAGAIN)
		return r;
	wb_strbuf_init(&b);
	if (pidfile) {
		wb_strbuf_addf(&b, "echo $$ >");
		wb_shquote_word(&b, pidfile);
		wb_strbuf_addf(&b, " && ");
	}
	wb_strbuf_addf(&b, "%s", body);
	r = b.failed ? -ENOMEM : oneshot_line(s, b.s, x, out, out_len);
	wb_strbuf_release(&b);
	if ((r == -ETIMEDOUT || r == -ECANCELED || r == -ESRCH) && pidfile)
		wb_ssh_remote_kill(s, pidfile, "KILL");
	return r;
}

static int ssh_run(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		   char **out, size_t *out_len)
{
	struct ssh *s = S(h);
	struct wb_strbuf b;
	char *pidfile = NULL;
	int r;

	wb_strbuf_init(&b);
	if (s->remote_dir && !(pidfile = pidfile_new(s))) {
		r = -ENOMEM;
		goto out;
	}
	r = quote_command(&b, "exec ", argv, x->netns);
	if (r < 0)
		goto out;
	if (x->err == WB_HOST_STDERR_DISCARD)
		wb_strbuf_addf(&b, " 2>/dev/null");
	else if (x->err == WB_HOST_STDERR_MERGE)
		wb_strbuf_addf(&b, " 2>&1");
	if (b.failed) {
		r = -ENOMEM;
		goto out;
	}
	r = remote_line(s, b.s, pidfile, x, out, out_len);
out:
	free(pidfile);
	wb_strbuf_release(&b);
	return r;
}

static int ssh_spawn(struct wb_host *h, char *const argv[], int (*fn)(void *), void *arg,
		     const struct wb_host_exec *x, struct wb_host_proc *p)
{
	struct ssh *s = S(h);
	struct ssh_proc *sp;
	struct wb_proc_opts o;
	struct wb_strbuf b;
	char *cargv[SSH_ARGV_MAX], topt[32];
	int cin = -1, cout = -1, r;
	size_t at;

	(void)arg;
	if (fn)
		return -EOPNOTSUPP; /* our code does not run there */
	if (!s->remote_dir)
		return -ENOTCONN;
	r = wb_ssh_master_ensure(s);
	if (r < 0)
		return r;
	sp = calloc(1, sizeof(*sp));
	if (!sp || !(sp->pidfile = pidfile_new(s))) {
		free(sp);
		return -ENOMEM;
	}
	p->priv = sp;
	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "echo $$ >");
	wb_shquote_word(&b, sp->pidfile);
	/* the log is truncated: a diagnosis must not quote an earlier run's lines */
	wb_strbuf_addf(&b, " && umask 077 && ");
	at = b.len;
	r = quote_command(&b, "exec ", argv, x->netns);
	if (r == 0) {
		/* stdin and stdout through ssh when piped, else from and to files there */
		if (!x->pipe_stdin)
			wb_strbuf_addf(&b, " </dev/null");
		if (!x->pipe_stdout) {
			wb_strbuf_addf(&b, " >");
			wb_shquote_word(&b, x->log_path ? x->log_path : "/dev/null");
			wb_strbuf_addf(&b, " 2>&1");
		} else {
			wb_strbuf_addf(&b, " 2>");
			wb_shquote_word(&b, x->log_path ? x->log_path : "/dev/null");
		}
		r = b.failed ? -ENOMEM : 0;
	}
	if (r == 0)
		r = wb_host_proc_pipes(p, x, &cin, &cout);
	if (r == 0) {
		wb_ssh_client_argv(s, cargv, b.s, !x->pipe_stdin, topt, sizeof(topt));
		wb_proc_opts_init(&o);
		o.stdout_fd = o.stderr_fd = WB_PROC_DEVNULL;
		if (cin >= 0)
			o.stdin_fd = cin;
		if (cout >= 0)
			o.stdout_fd = cout;
		r = wb_proc_spawn(&p->proc, cargv, &o);
		debug_line(s, -1, b.s + at);
		if (cin >= 0)
			close(cin);
		if (cout >= 0)
			close(cout);
	}
	wb_strbuf_release(&b);
	return r;
}

static int ssh_proc_stop(struct wb_host_proc *p, int64_t grace_ms)
{
	struct ssh *s = S(p->host);
	struct ssh_proc *sp = p->priv;

	/* The client stands for the child: while it runs, so does the remote command. */
	if (sp && wb_proc_running(&p->proc)) {
		wb_ssh_remote_kill(s, sp->pidfile, "TERM");
		if (wb_proc_wait(&p->proc, grace_ms, NULL) == -ETIMEDOUT) {
			wb_ssh_remote_kill(s, sp->pidfile, "KILL");
			(void)wb_proc_wait(&p->proc, grace_ms, NULL);
		}
	}
	return wb_proc_stop(&p->proc, grace_ms);
}

static void ssh_proc_release(struct wb_host_proc *p)
{
	struct ssh_proc *sp = p->priv;

	if (!sp)
		return;
	free(sp->pidfile);
	free(sp);
	p->priv = NULL;
}

/* Runs a fixed template with quoted words; maps our exit codes to errnos. */
static int housekeeping(struct ssh *s, struct wb_strbuf *b, const void *input, size_t input_len,
			size_t out_max, char **out, size_t *out_len)
{
	struct wb_host_exec x = { .timeout_ms = HOUSEKEEPING_MS, .input = input,
				  .input_len = input_len, .out_max = out_max };
	int r;

	if (b->failed)
		return -ENOMEM;
	r = remote_line(s, b->s, NULL, &x, out, out_len);
	if (r > 0 && out) {
		free(*out);
		*out = NULL;
	}
	switch (r) {
	case 0:
		return 0;
	case RC_NOENT:
		return -ENOENT;
	case RC_NOT_PRIVATE:
		return -EPERM;
	case RC_SSH:
		return -EHOSTUNREACH;
	default:
		return r < 0 ? r : -EIO;
	}
}

static int ssh_read_file(struct wb_host *h, const char *path, size_t max, bool tail, char **out,
			 size_t *len)
{
	struct wb_strbuf b;
	int r;

	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "f=");
	wb_shquote_word(&b, path);
	if (tail)
		wb_strbuf_addf(&b, "; [ -e \"$f\" ] || exit %d; exec tail -c %zu -- \"$f\"", RC_NOENT,
			       max);
	else
		wb_strbuf_addf(&b, "; [ -e \"$f\" ] || exit %d; exec cat -- \"$f\"", RC_NOENT);
	r = housekeeping(S(h), &b, NULL, 0, max, out, len);
	wb_strbuf_release(&b);
	return r;
}

/* The remote shell's test that directory "$d" is ours and nobody else's. */
#define PRIVATE_DIR_TEST "[ -d \"$d\" ] && [ ! -L \"$d\" ] && [ -O \"$d\" ] && " \
	"case $(ls -ld -- \"$d\") in drwx------*) true ;; *) false ;; esac"

static int ssh_write_file(struct wb_host *h, const char *path, const void *data, size_t len,
			  mode_t mode)
{
	char dir[4096];
	struct wb_strbuf b;
	int r = wb_path_dir(path, dir, sizeof(dir));

	if (r < 0)
		return r;
	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "umask 077; d=");
	wb_shquote_word(&b, dir);
	wb_strbuf_addf(&b, "; f=");
	wb_shquote_word(&b, path);
	if (!(mode & 077))
		wb_strbuf_addf(&b, "; " PRIVATE_DIR_TEST " || exit %d", RC_NOT_PRIVATE);
	/* the data arrive on stdin: never on a command line */
	wb_strbuf_addf(&b, "; t=\"$f.wbench-tmp.$$\"; cat > \"$t\" && chmod %o \"$t\" && "
		       "mv -f \"$t\" \"$f\" || { rm -f \"$t\"; exit 1; }", (unsigned int)(mode & 07777));
	r = housekeeping(S(h), &b, data ? data : "", len, 0, NULL, NULL);
	wb_strbuf_release(&b);
	if (r == -EPERM)
		wb_err("%s: directory '%s' is not private; refusing to write secrets there",
		       wb_host_name(h), dir);
	else if (r < 0)
		wb_err("%s: cannot write '%s': %s", wb_host_name(h), path, strerror(-r));
	return r;
}

static int ssh_mkdir(struct wb_host *h, const char *path, mode_t mode)
{
	struct wb_strbuf b;
	int r;

	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "d=");
	wb_shquote_word(&b, path);
	/* an existing directory of ours is fine; anything else there is not */
	wb_strbuf_addf(&b, "; if [ -d \"$d\" ] && [ ! -L \"$d\" ]; then [ -O \"$d\" ]; "
		       "else mkdir -m %o -- \"$d\"; fi", (unsigned int)(mode & 07777));
	r = housekeeping(S(h), &b, NULL, 0, 0, NULL, NULL);
	wb_strbuf_release(&b);
	if (r < 0)
		wb_err("%s: cannot create '%s': %s", wb_host_name(h), path, strerror(-r));
	return r;
}

static int ssh_mkdtemp(struct wb_host *h, const char *prefix, char **out)
{
	struct wb_strbuf b;
	size_t len = 0;
	int r;

	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "umask 077; exec mktemp -d \"${TMPDIR:-/tmp}\"/");
	wb_shquote_word(&b, prefix);
	wb_strbuf_addf(&b, ".XXXXXX");
	r = housekeeping(S(h), &b, NULL, 0, 4096, out, &len);
	wb_strbuf_release(&b);
	if (r == 0) {
		while (len && ((*out)[len - 1] == '\n' || (*out)[len - 1] == '\r'))
			(*out)[--len] = '\0';
		if (!len || (*out)[0] != '/') {
			free(*out);
			*out = NULL;
			r = -EPROTO;
		}
	}
	if (r < 0)
		wb_err("%s: cannot create a private directory: %s", wb_host_name(h), strerror(-r));
	return r;
}

static int ssh_remove(struct wb_host *h, const char *path)
{
	struct wb_strbuf b;
	int r;

	wb_strbuf_init(&b);
	wb_strbuf_addf(&b, "exec rm -rf -- ");
	wb_shquote_word(&b, path);
	r = housekeeping(S(h), &b, NULL, 0, 0, NULL, NULL);
	wb_strbuf_release(&b);
	return r;
}

static void ssh_free(struct ssh *s)
{
	if (!s)
		return;
	wb_ssh_session_stop(s);
	wb_proc_stop(&s->master, WB_HOST_STOP_GRACE_MS);
	if (s->own_dir)
		wb_rm_rf(s->own_dir);
	free(s->own_dir);
	wb_host_free(s->local);
	free(s->target);
	free(s->identity);
	free(s->proxy_jump);
	free(s->ssh);
	free(s->local_dir);
	for (size_t i = 0; s->options && s->options[i]; i++)
		free(s->options[i]);
	free(s->options);
	free(s->ctl);
	free(s->log);
	free(s->remote_dir);
	free(s);
}

static void ssh_close(struct wb_host *h)
{
	struct ssh *s = S(h);

	if (s->remote_dir && wb_proc_running(&s->master))
		(void)ssh_remove(h, s->remote_dir);
	ssh_free(s);
	h->priv = NULL;
}

static const char *ssh_workdir(const struct wb_host *h)
{
	return S(h)->remote_dir;
}

static const struct wb_host_ops ssh_ops = {
	.kind = "ssh",
	.run = ssh_run,
	.spawn = ssh_spawn,
	.proc_stop = ssh_proc_stop,
	.proc_release = ssh_proc_release,
	.read_file = ssh_read_file,
	.write_file = ssh_write_file,
	.mkdir = ssh_mkdir,
	.mkdtemp = ssh_mkdtemp,
	.remove = ssh_remove,
	.workdir = ssh_workdir,
	.close = ssh_close,
};

/* A target or option that ssh could read as one of its own options is refused. */
static bool word_ok(const char *w)
{
	return w && *w && *w != '-' && !strpbrk(w, "\n\r");
}

static char *dup_opt(const char *s, bool *oom)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*oom = true;
	return d;
}

static int ssh_copy_cfg(struct ssh *s, const struct wb_host_ssh_cfg *cfg)
{
	bool oom = false;
	size_t n = 0;

	s->cfg = *cfg;
	if (!s->cfg.connect_timeout_s)
		s->cfg.connect_timeout_s = WB_HOST_SSH_CONNECT_S;
	if (cfg->port)
		snprintf(s->port, sizeof(s->port), "%u", cfg->port);
	s->target = dup_opt(cfg->target, &oom);
	s->identity = dup_opt(cfg->identity, &oom);
	s->proxy_jump = dup_opt(cfg->proxy_jump, &oom);
	s->ssh = dup_opt(cfg->ssh ? cfg->ssh : "ssh", &oom);
	s->local_dir = dup_opt(cfg->local_dir, &oom);
	while (cfg->options && cfg->options[n])
		n++;
	s->options = calloc(n + 1, sizeof(*s->options));
	for (size_t i = 0; s->options && i < n; i++)
		s->options[i] = dup_opt(cfg->options[i], &oom);
	if (oom || !s->options)
		return -ENOMEM;
	/* one directory per host: two hosts never share a socket or a log */
	if (asprintf(&s->own_dir, "%s/ssh-XXXXXX", cfg->local_dir) < 0) {
		s->own_dir = NULL;
		return -ENOMEM;
	}
	if (!mkdtemp(s->own_dir)) {
		int r = -errno;

		wb_err("ssh %s: cannot create a directory in '%s': %s", cfg->target,
		       cfg->local_dir, strerror(-r));
		free(s->own_dir);
		s->own_dir = NULL;
		return r;
	}
	if (asprintf(&s->ctl, "%s/ctl", s->own_dir) < 0)
		s->ctl = NULL;
	if (asprintf(&s->log, "%s/log", s->own_dir) < 0)
		s->log = NULL;
	return !s->ctl || !s->log ? -ENOMEM : 0;
}

static int cfg_check(const struct wb_host_ssh_cfg *cfg)
{
	size_t opts = 0;

	if (!word_ok(cfg->target)) {
		wb_err("ssh: the target '%s' is not [user@]host", cfg->target ? cfg->target : "");
		return -EINVAL;
	}
	if ((cfg->proxy_jump && !word_ok(cfg->proxy_jump)) || (cfg->port > 65535)) {
		wb_err("ssh %s: bad proxy jump or port", cfg->target);
		return -EINVAL;
	}
	for (; cfg->options && cfg->options[opts]; opts++) {
		if (!word_ok(cfg->options[opts]) || !strchr(cfg->options[opts], '=')) {
			wb_err("ssh %s: option '%s' is not Key=Value", cfg->target,
			       cfg->options[opts]);
			return -EINVAL;
		}
	}
	/* the fixed options, one master's, the client's and the command line all fit */
	if (opts > (SSH_ARGV_MAX - 32) / 2 || !cfg->local_dir ||
	    strlen(cfg->local_dir) + sizeof("/ssh-XXXXXX/ctl") > 107)
		return -ENAMETOOLONG;
	return 0;
}

int wb_host_ssh_new(const struct wb_host_ssh_cfg *cfg, struct wb_host **out)
{
	struct ssh *s;
	char name[256];
	int r;

	*out = NULL;
	r = cfg_check(cfg);
	if (r < 0)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	wb_proc_init(&s->master, "ssh-master");
	s->sh.in = s->sh.out = -1;
	r = ssh_copy_cfg(s, cfg);
	if (r == 0)
		r = wb_host_local_new(&s->local);
	if (r == 0)
		r = master_start(s);
	snprintf(name, sizeof(name), "ssh:%s", cfg->target);
	if (r == 0)
		r = wb_host_new(&ssh_ops, name, false, s, out);
	if (r == 0) {
		r = wb_host_mkdtemp(*out, "wbench-host", &s->remote_dir);
		if (r < 0) {
			wb_host_free(*out);
			*out = NULL;
		}
		return r;
	}
	ssh_free(s);
	return r;
}

unsigned int wb_host_ssh_connections(const struct wb_host *h)
{
	return h && h->ops == &ssh_ops ? S(h)->connections : 0;
}

const char *wb_host_ssh_remote_dir(const struct wb_host *h)
{
	return h && h->ops == &ssh_ops ? S(h)->remote_dir : NULL;
}
