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

/* How long TERMINATE may take before signals are used. */
#define TERMINATE_MS 3000
/* After a failed connect, how long to watch for the daemon's exit before trying again. */
#define CONNECT_RETRY_MS 500

void wb_daemon_init(struct wb_daemon *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	wb_proc_init(&d->proc, name);
}

static void free_paths(struct wb_daemon *d)
{
	free(d->dir);
	free(d->conf_path);
	free(d->log_path);
	free(d->ctrl_dir);
	free(d->sock_path);
	free(d->events);
	d->dir = d->conf_path = d->log_path = d->ctrl_dir = d->sock_path = d->events = NULL;
}

int wb_daemon_prepare(struct wb_daemon *d, const char *dir, const char *tag, const char *ifname)
{
	if (wb_proc_running(&d->proc))
		return -EBUSY;
	free_paths(d);
	if (!(d->dir = strdup(dir)) ||
	    asprintf(&d->conf_path, "%s/%s.conf", dir, tag) < 0 ||
	    asprintf(&d->log_path, "%s/%s.log", dir, tag) < 0 ||
	    asprintf(&d->ctrl_dir, "%s/%s-ctrl", dir, tag) < 0 ||
	    asprintf(&d->sock_path, "%s/%s-ctrl/%s", dir, tag, ifname) < 0) {
		wb_err("%s: out of memory", d->proc.name);
		return -ENOMEM;
	}
	/* Made here so that its creation can be watched for the socket; the daemon reuses it. */
	if (mkdir(d->ctrl_dir, 0700) < 0 && errno != EEXIST) {
		int r = -errno;

		wb_err("cannot create '%s': %s", d->ctrl_dir, strerror(-r));
		return r;
	}
	return 0;
}

int wb_daemon_spawn(struct wb_daemon *d, char *const argv[], const char *netns)
{
	struct wb_proc_opts o;
	int fd, r;

	/* Truncated: a diagnosis must not quote an earlier run's lines. */
	fd = open(d->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		r = -errno;
		wb_err("cannot open '%s': %s", d->log_path, strerror(-r));
		return r;
	}
	wb_proc_opts_init(&o);
	o.netns = netns;
	o.stdout_fd = fd;
	o.stderr_fd = fd;
	d->spawned_ms = wb_now_ms();
	r = wb_proc_spawn(&d->proc, argv, &o);
	close(fd);
	if (r < 0)
		wb_err("cannot start '%s': %s", argv[0], strerror(-r));
	return r;
}

/* Opens both connections and attaches the event one; closes both on failure. */
static int open_ctrl(struct wb_daemon *d, int64_t deadline)
{
	int64_t left;
	int r;

	r = wb_ctrl_open(d->sock_path, d->dir, &d->cmd);
	if (r == 0)
		r = wb_ctrl_open(d->sock_path, d->dir, &d->ev);
	wb_ctrl_set_peer(d->cmd, &d->proc);
	wb_ctrl_set_peer(d->ev, &d->proc);
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

	for (;;) {
		r = wb_ctrl_wait_socket(d->sock_path, deadline - wb_now_ms(), &d->proc, c);
		if (r < 0)
			return r;
		r = open_ctrl(d, deadline);
		if (r == -ESRCH)
			return r;
		if (r != -ECONNREFUSED && r != -ENOENT && r != -ETIMEDOUT)
			return r;
		/*
		 * The socket went away under us: a daemon that fails right after creating it
		 * (its exit removes it), or one replacing a leftover socket. Which one the
		 * daemon's exit tells; a start failure is the daemon's, not ours.
		 */
		r = wb_proc_wait(&d->proc, CONNECT_RETRY_MS, c);
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
	struct stat st;
	char *buf;
	ssize_t n;
	off_t off = 0;
	size_t len;
	int fd, r = 0;

	*text = NULL;
	if (!d->log_path)
		return -ENOENT;
	fd = open(d->log_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	len = (size_t)st.st_size;
	if (len > WB_DAEMON_LOG_MAX) {
		off = (off_t)(len - WB_DAEMON_LOG_MAX);
		len = WB_DAEMON_LOG_MAX;
	}
	buf = malloc(len + 1);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	n = pread(fd, buf, len, off);
	if (n < 0) {
		r = -errno;
		free(buf);
		goto out;
	}
	buf[n] = '\0';
	*text = buf;
out:
	close(fd);
	return r;
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

	if (d->cmd && wb_proc_running(&d->proc)) {
		char reply[16];

		/* TERMINATE lets the daemon deauthenticate and remove its interfaces cleanly. */
		if (wb_ctrl_request(d->cmd, "TERMINATE", reply, sizeof(reply), TERMINATE_MS) >= 0)
			wb_proc_wait(&d->proc, grace_ms, NULL);
	}
	r = wb_proc_stop(&d->proc, grace_ms);
	close_ctrl(d);
	/* A killed daemon leaves its socket behind. */
	if (d->sock_path)
		unlink(d->sock_path);
	if (d->ctrl_dir)
		rmdir(d->ctrl_dir);
	return r;
}

void wb_daemon_release(struct wb_daemon *d)
{
	if (!d)
		return;
	wb_daemon_stop(d, 2000);
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

int wb_daemon_version(const char *binary, char *out, size_t len, int64_t timeout_ms)
{
	char *const argv[] = { (char *)binary, "-v", NULL };
	int64_t deadline = wb_now_ms() + timeout_ms;
	struct wb_proc_opts o;
	struct wb_proc p;
	char buf[512];
	size_t n = 0;
	int pfd[2], r;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	wb_proc_init(&p, binary);
	wb_proc_opts_init(&o);
	o.stdout_fd = pfd[1];
	o.stderr_fd = pfd[1]; /* hostapd prints its version on stderr */
	r = wb_proc_spawn(&p, argv, &o);
	close(pfd[1]);
	if (r < 0) {
		close(pfd[0]);
		return r;
	}
	for (;;) {
		struct pollfd pf = { .fd = pfd[0], .events = POLLIN };
		int64_t left = deadline - wb_now_ms();
		ssize_t got;

		if (left <= 0) {
			r = -ETIMEDOUT;
			break;
		}
		if (poll(&pf, 1, left > INT_MAX ? INT_MAX : (int)left) < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		got = read(pfd[0], buf + n, sizeof(buf) - 1 - n);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if (n == sizeof(buf) - 1)
			break;
	}
	close(pfd[0]);
	buf[n] = '\0';
	if (r == 0) {
		int64_t left = deadline - wb_now_ms();

		r = wb_proc_wait(&p, left > 0 ? left : 0, NULL);
	}
	wb_proc_stop(&p, 1000);
	if (r < 0)
		return r;
	/* exec failure shows as exit 127 and no output */
	if (wb_proc_exit_code(&p) == 127 && n == 0)
		return -ENOENT;
	return parse_version(buf, out, len);
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
