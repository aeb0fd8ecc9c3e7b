/* Test helper: the scripted fake host of the cell walk (see fake_host.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "collectors/throughput_i.h"
#include "tests/unit/fake_host.h"
#include "wbench/lib/util.h"

/* The canned iperf result of FAKE_IPERF_OK, relative to the repository root. */
#define FAKE_IPERF_FIXTURE "tests/fixtures/iperf/tcp_down_3.12.json"
/* Bound on a fixture the fakes replay. */
#define FAKE_FIXTURE_MAX (1u << 20)
/* A hanging role gives up by itself after this long, should nobody stop it. */
#define FAKE_HANG_MS 30000

struct fake {
	struct fake_host_script s;
	int cancel_wfd;
	int trace_fd;                /* a memfd: what happened, one line each, in order */
	struct wb_host *local;       /* files go through it (ours) */
};

/* What a forked fake daemon needs; it lives in the parent's memory, which the child copies. */
struct daemon_run {
	const struct fake *f;
	bool ap;                               /* hostapd, else wpa_supplicant */
	char sock[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *log, *events;                    /* fixture texts, or NULL */
	struct sockaddr_un att;                /* the attached (event) connection */
	socklen_t attlen;
};

/* What a forked iperf role stub needs. */
struct role_run {
	const struct wb_throughput_child *a;
	enum fake_iperf how;
	bool server;
	const char *json;                      /* the canned client output */
};

/* --- cancel --- */

int fake_cancel_open(struct wb_cancel *c, int *wfd)
{
	int p[2];

	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	c->fd = p[0];
	c->fired = false;
	c->signo = 0;
	*wfd = p[1];
	return 0;
}

void fake_cancel_fire(int wfd)
{
	struct signalfd_siginfo si;

	memset(&si, 0, sizeof(si));
	si.ssi_signo = SIGINT;
	(void)!write(wfd, &si, sizeof(si));
}

void fake_cancel_close(struct wb_cancel *c, int wfd)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	if (wfd >= 0)
		close(wfd);
}

/* --- fake daemons (run in the forked child) --- */

static void write_all(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* One line of the trace; the fake daemons share the memfd's offset with the parent. */
static void trace(const struct fake *f, const char *who, const char *what)
{
	char line[256];

	snprintf(line, sizeof(line), "%s %.200s\n", who, what);
	write_all(f->trace_fd, line);
}

static void reply(int fd, const char *text, const struct sockaddr_un *to, socklen_t tolen)
{
	(void)!sendto(fd, text, strlen(text), 0, (const struct sockaddr *)to, tolen);
}

static void event(const struct daemon_run *d, int fd, const char *text)
{
	char buf[600];

	if (!d->attlen)
		return;
	snprintf(buf, sizeof(buf), "<3>%.512s", text);
	reply(fd, buf, &d->att, d->attlen);
}

/* Every line of the fixture @text as an event, in order. */
static void replay_events(const struct daemon_run *d, int fd, const char *text)
{
	char line[512];

	while (text && *text) {
		size_t n = strcspn(text, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		if (n)
			event(d, fd, line);
		text += n + (text[n] == '\n');
	}
}

/* hostapd's answer to @cmd. Returns -1 to go on, or the exit status. */
static int ap_command(struct daemon_run *d, int fd, const char *cmd,
		      const struct sockaddr_un *from, socklen_t fl)
{
	const struct fake_host_script *s = &d->f->s;

	if (!strcmp(cmd, "STATUS")) {
		if (s->cancel_at == FAKE_CANCEL_AP_STATUS)
			fake_cancel_fire(d->f->cancel_wfd);
		if (s->ap == FAKE_AP_UP) {
			reply(fd, "state=ENABLED\nchannel=1\nfreq=2412\n", from, fl);
			return -1;
		}
		reply(fd, "state=COUNTRY_UPDATE\n", from, fl);
		if (s->ap != FAKE_AP_FAILS || s->cancel_at == FAKE_CANCEL_AP_STATUS)
			return -1;
		replay_events(d, fd, d->events);
		return 1;
	}
	if (!strncmp(cmd, "STA ", 4) && s->ap == FAKE_AP_UP) {
		reply(fd, FAKE_HOST_STA_MAC "\nflags=[AUTH][ASSOC][AUTHORIZED][WMM]\n"
		      "AKMSuiteSelector=00-0f-ac-2\n", from, fl);
		return -1;
	}
	reply(fd, "UNKNOWN COMMAND\n", from, fl);
	return -1;
}

/* wpa_supplicant's answer to @cmd. Returns -1 to go on, or the exit status. */
static int sta_command(struct daemon_run *d, int fd, const char *cmd,
		       const struct sockaddr_un *from, socklen_t fl)
{
	const struct fake_host_script *s = &d->f->s;
	bool up = s->sta == FAKE_STA_UP;

	if (!strcmp(cmd, "ENABLE_NETWORK 0")) {
		reply(fd, "OK\n", from, fl);
		if (s->cancel_at == FAKE_CANCEL_STA_ENABLE)
			fake_cancel_fire(d->f->cancel_wfd);
		else if (up)
			event(d, fd, "CTRL-EVENT-CONNECTED - Connection to " FAKE_HOST_AP_MAC
			      " completed [id=0 id_str=]");
		else if (s->sta == FAKE_STA_FAILS)
			replay_events(d, fd, d->events);
	} else if (!strcmp(cmd, "STATUS")) {
		reply(fd, up ? "bssid=" FAKE_HOST_AP_MAC "\nfreq=2412\nssid=wbench-walk\nid=0\n"
		      "mode=station\npairwise_cipher=CCMP\ngroup_cipher=CCMP\nkey_mgmt=WPA2-PSK\n"
		      "wpa_state=COMPLETED\naddress=" FAKE_HOST_STA_MAC "\n" :
		      "wpa_state=SCANNING\naddress=" FAKE_HOST_STA_MAC "\n", from, fl);
	} else if (!strcmp(cmd, "DISCONNECT")) {
		reply(fd, "OK\n", from, fl);
		event(d, fd, "CTRL-EVENT-DISCONNECTED bssid=" FAKE_HOST_AP_MAC " reason=3 "
		      "locally_generated=1");
	} else {
		reply(fd, "UNKNOWN COMMAND\n", from, fl);
	}
	return -1;
}

/* The fake daemon's process: its log, its socket, its answers. Returns its exit status. */
static int daemon_main(void *arg)
{
	struct daemon_run *d = arg;
	const struct fake_host_script *s = &d->f->s;
	struct sockaddr_un addr = { .sun_family = AF_UNIX }, from;
	char buf[512];
	int fd, code = -1;

	if (d->log)
		write_all(2, d->log);
	if (d->ap ? s->ap == FAKE_AP_EXITS : s->sta == FAKE_STA_EXITS)
		return d->ap ? 1 : 255;
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	wb_strlcpy(addr.sun_path, d->sock, sizeof(addr.sun_path));
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return 2;
	while (code < 0) {
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &fl);

		if (n < 0)
			break;
		buf[n] = '\0';
		trace(d->f, d->ap ? "hostapd" : "wpa_supplicant", buf);
		if (!strcmp(buf, "PING")) {
			reply(fd, "PONG\n", &from, fl);
		} else if (!strcmp(buf, "ATTACH")) {
			d->att = from;
			d->attlen = fl;
			reply(fd, "OK\n", &from, fl);
		} else if (!strcmp(buf, "TERMINATE")) {
			reply(fd, "OK\n", &from, fl);
			code = 0;
		} else {
			code = d->ap ? ap_command(d, fd, buf, &from, fl) :
				sta_command(d, fd, buf, &from, fl);
		}
	}
	/* as the real daemons do on exit */
	unlink(d->sock);
	return code < 0 ? 3 : code;
}

/* --- iperf roles (run in the forked child) --- */

static int role_main(void *arg)
{
	const struct role_run *r = arg;
	const struct wb_throughput_child *a = r->a;
	char hdr[128];
	int64_t now = wb_now_ns();

	for (int i = 0; i < 2; i++)
		if (a->close_fd[i] >= 0)
			close(a->close_fd[i]);
	if (r->how == FAKE_IPERF_HANG) {
		(void)poll(NULL, 0, FAKE_HANG_MS);
		return 1;
	}
	if (r->how == FAKE_IPERF_EXIT)
		return 1;
	if (r->server && a->ready_fd >= 0)
		(void)!write(a->ready_fd, "r", 1);
	snprintf(hdr, sizeof(hdr), WB_TP_HEADER " %lld %lld 1\n", (long long)now,
		 (long long)now);
	write_all(a->out_fd, hdr);
	write_all(a->out_fd, r->server ? "{}" : r->json);
	return 0;
}

/* --- the host backend --- */

static int fake_run(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		    char **out, size_t *out_len)
{
	struct fake *f = h->priv;

	return wb_host_run(f->local, argv, x, out, out_len);
}

/* The value of "KEY=" in the config @conf, into @out. */
static int conf_value(const char *conf, const char *key, char *out, size_t len)
{
	size_t k = strlen(key);

	for (const char *p = conf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, k) && p[k] == '=') {
			snprintf(out, len, "%.*s", (int)strcspn(p + k + 1, "\n"), p + k + 1);
			return 0;
		}
	}
	return -ENOENT;
}

static char *fixture_text(const char *path)
{
	char *text = NULL;

	if (path && wb_read_file(path, FAKE_FIXTURE_MAX, &text, NULL) < 0)
		return NULL;
	return text;
}

/* Where the daemon of @argv binds its socket: ctrl_interface/IFNAME, as the real ones. */
static int daemon_sock(char *const argv[], bool ap, char *sock, size_t len)
{
	const char *conf_path = NULL, *ifname = NULL;
	char dir[256], iface[32];
	char *conf = NULL;
	int r;

	for (int i = 1; argv[i]; i++) {
		if (ap && argv[i][0] != '-')
			conf_path = argv[i];
		else if (!strcmp(argv[i], "-c") && argv[i + 1])
			conf_path = argv[i + 1];
		else if (!strcmp(argv[i], "-i") && argv[i + 1])
			ifname = argv[i + 1];
	}
	if (!conf_path || (r = wb_read_file(conf_path, FAKE_FIXTURE_MAX, &conf, NULL)) < 0)
		return -ENOENT;
	r = conf_value(conf, "ctrl_interface", dir, sizeof(dir));
	if (r == 0 && ap && (r = conf_value(conf, "interface", iface, sizeof(iface))) == 0)
		ifname = iface;
	if (r == 0 && ifname && snprintf(sock, len, "%s/%s", dir, ifname) >= (int)len)
		r = -ENAMETOOLONG;
	free(conf);
	return r == 0 && !ifname ? -ENOENT : r;
}

static int spawn_daemon(struct fake *f, char *const argv[], const struct wb_host_exec *x,
			struct wb_host_proc *p)
{
	struct daemon_run d = { .f = f, .ap = !strcmp(argv[0], "hostapd") };
	struct wb_proc_opts o;
	int fd = -1, r;

	r = daemon_sock(argv, d.ap, d.sock, sizeof(d.sock));
	if (r < 0)
		return r;
	d.log = fixture_text(d.ap ? f->s.ap_log : f->s.sta_log);
	d.events = fixture_text(d.ap ? f->s.ap_events : f->s.sta_events);
	wb_proc_opts_init(&o);
	o.stdout_fd = o.stderr_fd = WB_PROC_DEVNULL;
	if (x->log_path) {
		fd = open(x->log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0)
			r = -errno;
		o.stdout_fd = o.stderr_fd = fd;
	}
	if (r == 0)
		r = wb_proc_fork(&p->proc, daemon_main, &d, &o);
	if (fd >= 0)
		close(fd);
	free(d.log);
	free(d.events);
	return r;
}

static int spawn_role(struct fake *f, int (*fn)(void *), void *arg, struct wb_host_proc *p)
{
	struct role_run rr = { .a = arg, .how = f->s.iperf,
			       .server = fn == wb_throughput_server_main };
	struct wb_proc_opts o;
	char *json = NULL;
	int r;

	if (fn != wb_throughput_server_main && fn != wb_throughput_client_main)
		return -EOPNOTSUPP;
	if (!rr.server && f->s.cancel_at == FAKE_CANCEL_IPERF_CLIENT)
		fake_cancel_fire(f->cancel_wfd);
	if (rr.how == FAKE_IPERF_CANNOT_START)
		return -EAGAIN;
	if (rr.how == FAKE_IPERF_OK && !rr.server && !(rr.json = json = fixture_text(FAKE_IPERF_FIXTURE)))
		return -ENOENT;
	wb_proc_opts_init(&o);
	o.stdout_fd = o.stderr_fd = WB_PROC_DEVNULL;
	r = wb_proc_fork(&p->proc, role_main, &rr, &o);
	free(json);
	return r;
}

static int fake_spawn(struct wb_host *h, char *const argv[], int (*fn)(void *), void *arg,
		      const struct wb_host_exec *x, struct wb_host_proc *p)
{
	struct fake *f = h->priv;

	trace(f, "spawn", p->proc.name);
	if (fn)
		return spawn_role(f, fn, arg, p);
	if (!strcmp(argv[0], "hostapd") || !strcmp(argv[0], "wpa_supplicant"))
		return spawn_daemon(f, argv, x, p);
	return -ENOENT;
}

static int fake_read_file(struct wb_host *h, const char *path, size_t max, bool tail,
			  char **out, size_t *len)
{
	return wb_host_read_file(((struct fake *)h->priv)->local, path, max, tail, out, len);
}

static int fake_write_file(struct wb_host *h, const char *path, const void *data, size_t len,
			   mode_t mode)
{
	return wb_host_write_file(((struct fake *)h->priv)->local, path, data, len, mode);
}

static int fake_mkdir(struct wb_host *h, const char *path, mode_t mode)
{
	return wb_host_mkdir(((struct fake *)h->priv)->local, path, mode);
}

static int fake_mkdtemp(struct wb_host *h, const char *prefix, char **out)
{
	return wb_host_mkdtemp(((struct fake *)h->priv)->local, prefix, out);
}

static int fake_remove(struct wb_host *h, const char *path)
{
	return wb_host_remove(((struct fake *)h->priv)->local, path);
}

static void fake_close(struct wb_host *h)
{
	struct fake *f = h->priv;

	wb_host_free(f->local);
	if (f->trace_fd >= 0)
		close(f->trace_fd);
	free(f);
}

static const struct wb_host_ops fake_ops = {
	.kind = "fake",
	.run = fake_run,
	.spawn = fake_spawn,
	.read_file = fake_read_file,
	.write_file = fake_write_file,
	.mkdir = fake_mkdir,
	.mkdtemp = fake_mkdtemp,
	.remove = fake_remove,
	.close = fake_close,
};

int fake_host_new(const struct fake_host_script *s, int cancel_wfd, struct wb_host **out)
{
	struct fake *f = calloc(1, sizeof(*f));
	int r;

	*out = NULL;
	if (!f)
		return -ENOMEM;
	f->s = *s;
	f->cancel_wfd = cancel_wfd;
	f->trace_fd = memfd_create("fake-host-trace", MFD_CLOEXEC);
	r = f->trace_fd < 0 ? -errno : wb_host_local_new(&f->local);
	/* local: its files are this machine's, and its daemons' sockets are reachable */
	if (r == 0)
		r = wb_host_new(&fake_ops, "fake", true, f, out);
	if (r < 0) {
		wb_host_free(f->local);
		if (f->trace_fd >= 0)
			close(f->trace_fd);
		free(f);
	}
	return r;
}

char *fake_host_trace(const struct wb_host *h)
{
	const struct fake *f = h->priv;
	off_t end = lseek(f->trace_fd, 0, SEEK_CUR);
	char *text = end >= 0 ? calloc(1, (size_t)end + 1) : NULL;

	if (text && pread(f->trace_fd, text, (size_t)end, 0) != (ssize_t)end) {
		free(text);
		text = NULL;
	}
	return text;
}
