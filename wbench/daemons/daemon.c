#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/daemons/daemon.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

/* What `DAEMON -v` may print (a version line and the licence text). */
#define WB_DAEMON_VERSION_MAX 4096
/* How long TERMINATE may take before signals are used. */
#define TERMINATE_MS 3000
/* After a failed connect, how long to watch for the daemon's exit before trying again. */
#define CONNECT_RETRY_MS 500

void wb_daemon_init(struct wb_daemon *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	wb_strlcpy(d->name, name ? name : "daemon", sizeof(d->name));
}

static void free_paths(struct wb_daemon *d)
{
	free(d->dir);
	free(d->conf_path);
	free(d->log_path);
	free(d->ctrl_dir);
	free(d->sock_path);
	free(d->ifname);
	free(d->cli);
	free(d->events);
	d->dir = d->conf_path = d->log_path = d->ctrl_dir = d->sock_path = d->events = NULL;
	d->ifname = d->cli = NULL;
}

bool wb_daemon_started(const struct wb_daemon *d)
{
	return d->proc != NULL;
}

bool wb_daemon_running(struct wb_daemon *d)
{
	return wb_host_proc_running(d->proc);
}

int wb_daemon_exit_code(const struct wb_daemon *d)
{
	return wb_host_proc_exit_code(d->proc);
}

struct wb_proc *wb_daemon_peer(struct wb_daemon *d)
{
	return wb_host_proc_peer(d->proc);
}

int wb_daemon_prepare(struct wb_daemon *d, struct wb_host *host, const char *dir, const char *tag,
		      const char *ifname, const char *cli)
{
	if (wb_daemon_running(d))
		return -EBUSY;
	wb_host_proc_free(d->proc);
	d->proc = NULL;
	free_paths(d);
	d->host = host;
	if (!(d->dir = strdup(dir)) ||
	    asprintf(&d->conf_path, "%s/%s.conf", dir, tag) < 0 ||
	    asprintf(&d->log_path, "%s/%s.log", dir, tag) < 0 ||
	    asprintf(&d->ctrl_dir, "%s/%s-ctrl", dir, tag) < 0 ||
	    asprintf(&d->sock_path, "%s/%s-ctrl/%s", dir, tag, ifname) < 0 ||
	    !(d->ifname = strdup(ifname)) || !(d->cli = strdup(cli))) {
		wb_err("%s: out of memory", d->name);
		return -ENOMEM;
	}
	/* Made here so that its creation can be watched for the socket; the daemon reuses it. */
	return wb_host_mkdir(host, d->ctrl_dir, 0700);
}

int wb_daemon_spawn(struct wb_daemon *d, char *const argv[], const char *netns)
{
	struct wb_host_exec x = { .netns = netns, .log_path = d->log_path };
	int r;

	d->spawned_ms = wb_now_ms();
	r = wb_host_spawn(d->host, argv, &x, &d->proc);
	if (r < 0)
		wb_err("cannot start '%s' on %s: %s", argv[0], wb_host_name(d->host), strerror(-r));
	return r;
}

/* Both connections, to the socket on this machine or through the client on another host. */
static int open_pair(struct wb_daemon *d)
{
	struct wb_ctrl_cli cli = { .host = d->host, .cli = d->cli, .ctrl_dir = d->ctrl_dir,
				   .ifname = d->ifname, .client_dir = d->dir };
	int r;

	if (!wb_host_is_local(d->host)) {
		r = wb_ctrl_open_cli(&cli, &d->cmd);
		return r < 0 ? r : wb_ctrl_open_cli(&cli, &d->ev);
	}
	r = wb_ctrl_open(d->sock_path, d->dir, &d->cmd);
	return r < 0 ? r : wb_ctrl_open(d->sock_path, d->dir, &d->ev);
}

/* Opens both connections and attaches the event one; closes both on failure. */
static int open_ctrl(struct wb_daemon *d, int64_t deadline, struct wb_cancel *c)
{
	int64_t left;
	int r;

	r = open_pair(d);
	wb_ctrl_set_peer(d->cmd, wb_daemon_peer(d));
	wb_ctrl_set_peer(d->ev, wb_daemon_peer(d));
	wb_ctrl_set_cancel(d->cmd, c);
	wb_ctrl_set_cancel(d->ev, c);
	if (r == 0) {
		left = deadline - wb_now_ms();
		r = wb_ctrl_attach(d->ev, left < WB_DAEMON_REQUEST_MS ? WB_DAEMON_REQUEST_MS : left);
	}
	if (r < 0) {
		wb_ctrl_close(d->cmd);
		wb_ctrl_close(d->ev);
		d->cmd = d->ev = NULL;
	}
	return r;
}

int wb_daemon_connect(struct wb_daemon *d, int64_t timeout_ms, struct wb_cancel *c)
{
	int64_t deadline = wb_now_ms() + timeout_ms;
	int r;

	if (!wb_host_is_local(d->host))
		/*
		 * The event client waits for the socket there, and a daemon that fails is its
		 * exit (the peer): one attempt, no retry.
		 */
		return open_ctrl(d, deadline, c);
	for (;;) {
		r = wb_ctrl_wait_socket(d->sock_path, deadline - wb_now_ms(), wb_daemon_peer(d), c);
		if (r < 0)
			return r;
		r = open_ctrl(d, deadline, c);
		if (r == -ESRCH)
			return r;
		if (r != -ECONNREFUSED && r != -ENOENT && r != -ETIMEDOUT)
			return r;
		/*
		 * The socket went away under us: a daemon that fails right after creating it
		 * (its exit removes it), or one replacing a leftover socket. Which one the
		 * daemon's exit tells; a start failure is the daemon's, not ours.
		 */
		r = wb_host_proc_wait(d->proc, CONNECT_RETRY_MS, c);
		if (r == 0)
			return -ESRCH;
		if (r != -ETIMEDOUT)
			return r;
		if (wb_now_ms() >= deadline)
			return -ETIMEDOUT;
	}
}

int wb_daemon_log(const struct wb_daemon *d, char **text)
{
	*text = NULL;
	if (!d->log_path || !d->host)
		return -ENOENT;
	return wb_host_read_file(d->host, d->log_path, WB_DAEMON_LOG_MAX, true, text, NULL);
}

const char *wb_daemon_events(const struct wb_daemon *d)
{
	if (d->ev)
		return wb_ctrl_history(d->ev);
	return d->events ? d->events : "";
}

static void close_ctrl(struct wb_daemon *d)
{
	if (d->ev) {
		free(d->events);
		d->events = strdup(wb_ctrl_history(d->ev));
	}
	wb_ctrl_close(d->cmd);
	wb_ctrl_close(d->ev);
	d->cmd = d->ev = NULL;
}

int wb_daemon_stop(struct wb_daemon *d, int64_t grace_ms)
{
	int r = 0;

	if (d->cmd && wb_daemon_running(d)) {
		char reply[16];

		/*
		 * TERMINATE lets the daemon deauthenticate and remove its interfaces cleanly;
		 * also after an interrupt (the stop is bounded), so without the cancel source.
		 */
		wb_ctrl_set_cancel(d->cmd, NULL);
		if (wb_ctrl_request(d->cmd, "TERMINATE", reply, sizeof(reply), TERMINATE_MS) >= 0)
			(void)wb_host_proc_wait(d->proc, grace_ms, NULL);
	}
	r = wb_host_proc_stop(d->proc, grace_ms);
	close_ctrl(d);
	/* A killed daemon leaves its socket behind. */
	if (d->host && d->ctrl_dir)
		(void)wb_host_remove(d->host, d->ctrl_dir);
	return r;
}

void wb_daemon_release(struct wb_daemon *d)
{
	if (!d)
		return;
	wb_daemon_stop(d, WB_HOST_STOP_GRACE_MS);
	wb_host_proc_free(d->proc);
	d->proc = NULL;
	free_paths(d);
}

/* "hostapd v2.10" -> "2.10"; the first word of the form vDIGIT... */
static int parse_version(const char *text, char *out, size_t len)
{
	const char *p;

	for (p = text; (p = strstr(p, "v")) != NULL; p++) {
		size_t n = 0;

		if ((p != text && p[-1] != ' ') || p[1] < '0' || p[1] > '9')
			continue;
		p++;
		while (p[n] && p[n] != ' ' && p[n] != '\n' && p[n] != '\r')
			n++;
		if (n + 1 > len)
			return -ENAMETOOLONG;
		memcpy(out, p, n);
		out[n] = '\0';
		return 0;
	}
	return -EPROTO;
}

int wb_daemon_version(struct wb_host *host, const char *binary, char *out, size_t len,
		      int64_t timeout_ms)
{
	char *const argv[] = { (char *)binary, "-v", NULL };
	/* hostapd prints its version on stderr */
	struct wb_host_exec x = { .timeout_ms = timeout_ms, .err = WB_HOST_STDERR_MERGE,
				  .out_max = WB_DAEMON_VERSION_MAX };
	char *text = NULL;
	size_t n = 0;
	int r;

	r = wb_host_run(host, argv, &x, &text, &n);
	/* exec failure shows as exit 127 and no output */
	if (r == 127 && n == 0)
		r = -ENOENT;
	if (r >= 0)
		r = parse_version(text, out, len);
	free(text);
	return r;
}

bool wb_daemon_line_value(const char *text, const char *key, char *out, size_t len)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=') {
			size_t n = strcspn(p + klen + 1, "\n");

			if (n >= len)
				n = len - 1;
			memcpy(out, p + klen + 1, n);
			out[n] = '\0';
			return true;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}
