/*
 * The control client's cli transport (a daemon on another host, through its hostapd_cli
 * or wpa_cli there): the line parser on the clients' recorded output
 * (tests/fixtures/ctrl/cli/), then requests, attach, events, peer exit, cancel and close
 * through the ssh host backend against tests/lib/fake_ssh.py (a stand-in for the OpenSSH
 * client) and tests/lib/fake_cli.py (a stand-in for the clients, replaying recorded
 * replies and the clients' framing: hostapd_cli's block-buffered output, wpa_cli's echo).
 * The real clients against real daemons over a real sshd: tests/vm/t_ssh_daemons.sh.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/fixture.h"
#include "tests/unit/main.h"
#include "wbench/daemons/ctrl_i.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

#define FAKE_SSH "tests/lib/fake_ssh.py"
#define MAC "02:00:00:00:01:00"

struct fx {
	char *dir;            /* local: ssh's socket, and the fake client's state */
	char state[4200];     /* $FAKE_CLI_DIR */
	char cli[4200];       /* the fake client's absolute path */
	char sock[4200];      /* the daemon's socket, in the host's private directory */
	struct wb_host *h;
	struct wb_host_proc *daemon; /* a stand-in daemon on the host: its peer */
	struct wb_ctrl *cmd, *ev;
};

/* ---- the line parser on recorded output -------------------------------------------- */

/* The events of a recorded transcript, one per line, and how many PONGs. */
static char *events_of(const char *fixture, int *pongs)
{
	char *text = wbt_fixture_read(fixture), *p = text, *out = calloc(1, strlen(text) + 1);

	*pongs = 0;
	assert_non_null(out);
	while (p && *p) {
		char *nl = strchr(p, '\n');
		const char *t;

		if (!nl)
			break; /* the clients' last prompt, no line */
		*nl = '\0';
		switch (wb_ctrl_cli_line(p, &t)) {
		case WB_CTRL_CLI_EVENT:
			strcat(strcat(out, t), "\n");
			break;
		case WB_CTRL_CLI_PONG:
			(*pongs)++;
			break;
		case WB_CTRL_CLI_OTHER:
			/* nothing that looks like an event is left behind */
			assert_null(strstr(t, "<3>"));
			break;
		default:
			fail_msg("unexpected line kind for '%s'", t);
		}
		p = nl + 1;
	}
	free(text);
	return out;
}

static void test_recorded_hostapd_cli_events(void **state)
{
	int pongs;
	char *ev = events_of("ctrl/cli/hostapd_cli-interactive.txt", &pongs);

	(void)state;
	assert_int_equal(pongs, 1);
	assert_string_equal(ev,
		"AP-STA-POSSIBLE-PSK-MISMATCH " MAC "\n"
		"AP-STA-POSSIBLE-PSK-MISMATCH " MAC "\n"
		"AP-STA-POSSIBLE-PSK-MISMATCH " MAC "\n"
		"AP-STA-POSSIBLE-PSK-MISMATCH " MAC "\n"
		"AP-STA-CONNECTED " MAC "\n"
		"EAPOL-4WAY-HS-COMPLETED " MAC "\n"
		"AP-STA-DISCONNECTED " MAC "\n"
		"AP-DISABLED\n"
		"CTRL-EVENT-TERMINATING\n");
	free(ev);
}

static void test_recorded_wpa_cli_events(void **state)
{
	int pongs;
	char *ev = events_of("ctrl/cli/wpa_cli-interactive.txt", &pongs);
	const char *wrong = strstr(ev, "CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"wbench-rec\" "
				   "auth_failures=1 duration=10 reason=WRONG_KEY\n");

	(void)state;
	assert_int_equal(pongs, 1);
	assert_true(wb_str_has_prefix(ev, "CTRL-EVENT-SCAN-STARTED\nCTRL-EVENT-SCAN-RESULTS\n"
				      "SME: Trying to authenticate with "));
	assert_non_null(wrong);
	/* in order: the wrong key, then the connection, then the end */
	assert_true(wrong < strstr(ev, "CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:00:00 "
				    "completed [id=1 id_str=]\n"));
	/* the last one; the client's own lines after it are not events */
	assert_string_equal(strstr(ev, "CTRL-EVENT-TERMINATING"), "CTRL-EVENT-TERMINATING\n");
	free(ev);
}

static void test_line_kinds(void **state)
{
	char l1[] = "> > \r<3>AP-ENABLED \r", l2[] = "IFNAME=wlan0 <3>CTRL-EVENT-X a=b",
	     l3[] = "> PING", l4[] = "Warning: Failed to attach to wpa_supplicant.",
	     l5[] = "<>X", l6[] = "> PONG", l7[] = "<12", l8[] = "'PING' command failed.";
	const char *t;

	(void)state;
	assert_int_equal(wb_ctrl_cli_line(l1, &t), WB_CTRL_CLI_EVENT);
	assert_string_equal(t, "AP-ENABLED");
	assert_int_equal(wb_ctrl_cli_line(l2, &t), WB_CTRL_CLI_EVENT);
	assert_string_equal(t, "CTRL-EVENT-X a=b");
	assert_int_equal(wb_ctrl_cli_line(l3, &t), WB_CTRL_CLI_OTHER);
	assert_string_equal(t, "PING");
	assert_int_equal(wb_ctrl_cli_line(l4, &t), WB_CTRL_CLI_ATTACH_FAILED);
	assert_int_equal(wb_ctrl_cli_line(l5, &t), WB_CTRL_CLI_OTHER);
	assert_int_equal(wb_ctrl_cli_line(l6, &t), WB_CTRL_CLI_PONG);
	assert_int_equal(wb_ctrl_cli_line(l7, &t), WB_CTRL_CLI_EVENT); /* as wb_ctrl_event_strip */
	assert_int_equal(wb_ctrl_cli_line(l8, &t), WB_CTRL_CLI_OTHER);
}

/* ---- through ssh, against the fake client ------------------------------------------ */

static void put(struct fx *f, const char *name, const char *text)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s", f->state, name);
	assert_int_equal(wb_write_file_atomic(path, text, strlen(text), 0600), 0);
}

static void put_fixture(struct fx *f, const char *name, const char *fixture)
{
	char *text = wbt_fixture_read(fixture);

	put(f, name, text);
	free(text);
}

static void del(struct fx *f, const char *name)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/%s", f->state, name);
	unlink(path);
}

/* The banner of a recorded transcript: what the client prints before "Interactive mode". */
static void put_banner(struct fx *f, const char *fixture)
{
	char *text = wbt_fixture_read(fixture), *end = strstr(text, "\nInteractive mode");

	assert_non_null(end);
	*end = '\0';
	put(f, "banner", text);
	free(text);
}

static void event(struct fx *f, const char *line)
{
	char path[4400];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/events", f->state);
	fp = fopen(path, "a");
	assert_non_null(fp);
	fprintf(fp, "%s\n", line);
	fclose(fp);
}

static void make_socket(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	wb_strlcpy(a.sun_path, path, sizeof(a.sun_path));
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	close(fd);
}

/* A stand-in daemon on the host, living @secs: its client is the connections' peer. */
static void daemon_start(struct fx *f, const char *secs)
{
	char *argv[] = { "sleep", (char *)secs, NULL };
	struct wb_host_exec x = { 0 };

	assert_int_equal(wb_host_spawn(f->h, argv, &x, &f->daemon), 0);
}

/* A new stand-in daemon, living @secs: the peer of both connections. */
static void daemon_restart(struct fx *f, const char *secs)
{
	wb_host_proc_free(f->daemon);
	daemon_start(f, secs);
	wb_ctrl_set_peer(f->cmd, wb_host_proc_peer(f->daemon));
	wb_ctrl_set_peer(f->ev, wb_host_proc_peer(f->daemon));
}

static void open_pair(struct fx *f)
{
	struct wb_ctrl_cli cfg = { .host = f->h, .cli = f->cli,
				   .ctrl_dir = wb_host_ssh_remote_dir(f->h), .ifname = "wlan0",
				   .client_dir = wb_host_ssh_remote_dir(f->h) };

	assert_int_equal(wb_ctrl_open_cli(&cfg, &f->cmd), 0);
	assert_int_equal(wb_ctrl_open_cli(&cfg, &f->ev), 0);
	wb_ctrl_set_peer(f->cmd, wb_host_proc_peer(f->daemon));
	wb_ctrl_set_peer(f->ev, wb_host_proc_peer(f->daemon));
}

/* One ssh host for the group: a master and a remote directory cost a second here. */
static int group_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct wb_host_ssh_cfg cfg = { .target = "root@ap", .ssh = FAKE_SSH, .connect_timeout_s = 5 };
	char cwd[4096];

	if (!f || !(f->dir = wb_mkdtemp_private("wbt-cli")) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(f->state, sizeof(f->state), "%s/state", f->dir);
	snprintf(f->cli, sizeof(f->cli), "%s/tests/lib/fake_cli.py", cwd);
	setenv("FAKE_CLI_DIR", f->state, 1);
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	unsetenv("FAKE_SSH_ARGV_LOG");
	cfg.local_dir = f->dir;
	*state = f;
	return wb_host_ssh_new(&cfg, &f->h) < 0 ? -1 : 0;
}

static int group_teardown(void **state)
{
	struct fx *f = *state;

	wb_host_free(f->h);
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* Each case: a fresh state for the fake client, a stand-in daemon, two connections. */
static int setup(void **state)
{
	struct fx *f = *state;
	char reply[4400];

	snprintf(reply, sizeof(reply), "%s/reply", f->state);
	if (wb_rm_rf(f->state) < 0 || mkdir(f->state, 0700) < 0 || mkdir(reply, 0700) < 0)
		return -1;
	/* the stand-in daemon's socket: a bound one nobody reads (the fake client never does) */
	snprintf(f->sock, sizeof(f->sock), "%s/wlan0", wb_host_ssh_remote_dir(f->h));
	unlink(f->sock);
	make_socket(f->sock);
	daemon_start(f, "600");
	open_pair(f);
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	wb_ctrl_close(f->cmd);
	wb_ctrl_close(f->ev);
	f->cmd = f->ev = NULL;
	wb_host_proc_free(f->daemon);
	f->daemon = NULL;
	/* every client run was reaped and nothing of it lingers */
	assert_int_equal(wb_host_children(f->h), 0);
	return 0;
}

static void test_request_reply_is_the_output(void **state)
{
	struct fx *f = *state;
	char *want = wbt_fixture_read("ctrl/cli/hostapd-status.reply"), reply[4096], *log = NULL;
	char path[4400];

	put_fixture(f, "reply/STATUS", "ctrl/cli/hostapd-status.reply");
	put_fixture(f, "reply/STA_" MAC, "ctrl/cli/hostapd-sta.reply");
	put(f, "reply/STA_02:00:00:00:00:99", "FAIL\n");
	put(f, "reply/STA-FIRST", "");
	put(f, "reply/ENABLE_NETWORK_0", "OK\n");
	assert_int_equal(wb_ctrl_request(f->cmd, "STATUS", reply, sizeof(reply), 5000),
			 (int)strlen(want));
	assert_string_equal(reply, want);
	free(want);
	want = wbt_fixture_read("ctrl/cli/hostapd-sta.reply");
	assert_int_equal(wb_ctrl_request(f->cmd, "STA " MAC, reply, sizeof(reply), 5000),
			 (int)strlen(want));
	assert_string_equal(reply, want);
	free(want);
	/* a "FAIL" reply is a reply (the client exits 0), as on a socket */
	assert_int_equal(wb_ctrl_request(f->cmd, "STA 02:00:00:00:00:99", reply, sizeof(reply),
					 5000), 5);
	assert_int_equal(wb_ctrl_request_ok(f->cmd, "STA 02:00:00:00:00:99", 5000), -EPROTO);
	assert_int_equal(wb_ctrl_request(f->cmd, "STA-FIRST", reply, sizeof(reply), 5000), 0);
	assert_string_equal(reply, "");
	assert_int_equal(wb_ctrl_request_ok(f->cmd, "ENABLE_NETWORK 0", 5000), 0);
	/* truncated to the buffer, NUL-terminated */
	assert_int_equal(wb_ctrl_request(f->cmd, "STATUS", reply, 6, 5000), 5);
	assert_string_equal(reply, "state");
	/* what the client was given: its sockets in the private directory, the words after raw */
	snprintf(path, sizeof(path), "%s/argv.log", f->state);
	assert_int_equal(wb_read_file(path, 1 << 20, &log, NULL), 0);
	snprintf(path, sizeof(path), "'-s', '%s', '--', 'raw', 'STA', '%s']",
		 wb_host_ssh_remote_dir(f->h), MAC);
	assert_non_null(strstr(log, path));
	free(log);
	/* what the words cannot carry is refused, not sent */
	assert_int_equal(wb_ctrl_request(f->cmd, "STATUS\nTERMINATE", reply, sizeof(reply), 5000),
			 -EINVAL);
	assert_int_equal(wb_ctrl_request(f->cmd, "", reply, sizeof(reply), 5000), -EINVAL);
}

static void test_request_client_failures(void **state)
{
	struct fx *f = *state;
	struct wb_ctrl_cli cfg = { .host = f->h, .cli = "wbt-no-such-cli",
				   .ctrl_dir = wb_host_ssh_remote_dir(f->h), .ifname = "wlan0",
				   .client_dir = wb_host_ssh_remote_dir(f->h) };
	struct wb_ctrl *none = NULL;
	char reply[64];

	put(f, "reply/PING", "@failed");
	assert_int_equal(wb_ctrl_request(f->cmd, "PING", reply, sizeof(reply), 5000),
			 -ECONNREFUSED);
	put(f, "reply/PING", "@timeout");
	assert_int_equal(wb_ctrl_request(f->cmd, "PING", reply, sizeof(reply), 5000), -ETIMEDOUT);
	/* exit 255 while ssh works (`true` answers): the daemon's socket is not there */
	put(f, "down", "");
	assert_int_equal(wb_ctrl_request(f->cmd, "PING", reply, sizeof(reply), 5000),
			 -ECONNREFUSED);
	/* ... and once the daemon is gone, that is what it says */
	assert_int_equal(wb_host_proc_stop(f->daemon, 2000), 0);
	assert_int_equal(wb_ctrl_request(f->cmd, "PING", reply, sizeof(reply), 5000), -ESRCH);
	/* no such client on the host */
	assert_int_equal(wb_ctrl_open_cli(&cfg, &none), 0);
	assert_int_equal(wb_ctrl_request(none, "PING", reply, sizeof(reply), 5000), -ENOENT);
	assert_int_equal(wb_ctrl_attach(none, 5000), -ENOENT);
	wb_ctrl_close(none);
	/* names env or the client's getopt could misread are refused */
	cfg.cli = "HOME=/x";
	assert_int_equal(wb_ctrl_open_cli(&cfg, &none), -EINVAL);
	cfg.cli = "-x";
	assert_int_equal(wb_ctrl_open_cli(&cfg, &none), -EINVAL);
	cfg.cli = "hostapd_cli";
	cfg.ifname = "wlan 0";
	assert_int_equal(wb_ctrl_open_cli(&cfg, &none), -EINVAL);
	assert_null(none);
}

/* The daemon dies while a request hangs: -ESRCH soon, not the request's timeout. */
static void test_request_ends_when_the_daemon_exits(void **state)
{
	struct fx *f = *state;
	char reply[64];
	int64_t t0;

	daemon_restart(f, "1");
	put(f, "reply/STATUS", "@hang");
	t0 = wb_now_ms();
	assert_int_equal(wb_ctrl_request(f->cmd, "STATUS", reply, sizeof(reply), 30000), -ESRCH);
	assert_true(wb_now_ms() - t0 < 10000);
}

static void test_attach_hostapd_cli_flushes_on_input(void **state)
{
	static const char *const want[] = { "AP-ENABLED", "AP-DISABLED", NULL };
	struct fx *f = *state;
	char line[128];

	put_banner(f, "ctrl/cli/hostapd_cli-interactive.txt");
	assert_int_equal(wb_ctrl_attach(f->ev, 10000), 0);
	assert_true(wb_ctrl_fd(f->ev) >= 0);
	assert_int_equal(wb_ctrl_fd(f->cmd), -1);
	/* held in its buffer until it reads a line: the waits poke it */
	event(f, "<3>AP-ENABLED-X ");
	event(f, "<3>AP-ENABLED ");
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, NULL, NULL, line, sizeof(line)), 0);
	assert_string_equal(line, "AP-ENABLED");
	assert_string_equal(wb_ctrl_history(f->ev), "AP-ENABLED-X\nAP-ENABLED\n");
	event(f, "IFNAME=wlan0 <3>AP-DISABLED ");
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, NULL, NULL, line, sizeof(line)), 1);
	/* nothing more: the deadline, as ever */
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 300, NULL, NULL, line, sizeof(line)),
			 -ETIMEDOUT);
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 0, NULL, NULL, line, sizeof(line)),
			 -ETIMEDOUT);
	assert_int_equal(wb_ctrl_attach(f->ev, 10000), -EALREADY);
}

static void test_attach_wpa_cli_echo_and_prompts(void **state)
{
	static const char *const want[] = { "CTRL-EVENT-CONNECTED", NULL };
	struct fx *f = *state;
	char line[128];

	put(f, "style", "wpa_cli");
	put_banner(f, "ctrl/cli/wpa_cli-interactive.txt");
	/* an event the client printed before our PING was answered is not lost */
	event(f, "<3>CTRL-EVENT-SCAN-STARTED ");
	assert_int_equal(wb_ctrl_attach(f->ev, 10000), 0);
	event(f, "<3>CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:00:00 completed [id=0 id_str=]");
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, NULL, NULL, line, sizeof(line)), 0);
	assert_string_equal(line, "CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:00:00 "
			    "completed [id=0 id_str=]");
	assert_true(wb_str_has_prefix(wb_ctrl_history(f->ev), "CTRL-EVENT-SCAN-STARTED\n"));
}

static void test_attach_failures(void **state)
{
	struct fx *f = *state;

	put(f, "noattach", "");
	assert_int_equal(wb_ctrl_attach(f->ev, 10000), -EPROTO);
	del(f, "noattach");
	/* the socket never comes: the daemon's exit ends the wait */
	put(f, "down", "");
	daemon_restart(f, "1");
	assert_int_equal(wb_ctrl_attach(f->ev, 30000), -ESRCH);
	/* without a daemon to watch: the deadline */
	wb_ctrl_set_peer(f->ev, NULL);
	assert_int_equal(wb_ctrl_attach(f->ev, 500), -ETIMEDOUT);
	assert_int_equal(wb_ctrl_wait_event(f->ev, (const char *const[]){ "", NULL }, 100, NULL,
					    NULL, NULL, 0), -ENOTCONN);
}

/*
 * The daemon's last event was still in the client's buffer when it exited: the wait
 * reads it before saying -ESRCH; after that -ESRCH is prompt.
 */
static void test_last_event_before_exit(void **state)
{
	static const char *const want[] = { "AP-DISABLED", NULL };
	struct fx *f = *state;
	char line[64];
	int64_t t0;

	daemon_restart(f, "2");
	assert_int_equal(wb_ctrl_attach(f->ev, 10000), 0);
	event(f, "<3>AP-DISABLED ");
	assert_int_equal(wb_host_proc_wait(f->daemon, 10000, NULL), 0);
	usleep(300000); /* the fake client has seen it, and holds it */
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, NULL, wb_host_proc_peer(f->daemon),
					    line, sizeof(line)), 0);
	assert_string_equal(line, "AP-DISABLED");
	t0 = wb_now_ms();
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, NULL, wb_host_proc_peer(f->daemon),
					    line, sizeof(line)), -ESRCH);
	assert_true(wb_now_ms() - t0 < WB_CTRL_CLI_DRAIN_MS + 1000);
	t0 = wb_now_ms();
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, NULL, wb_host_proc_peer(f->daemon),
					    line, sizeof(line)), -ESRCH);
	assert_true(wb_now_ms() - t0 < 500);
}

static void test_wait_event_cancelled_by_signal(void **state)
{
	static const char *const want[] = { "AP-ENABLED", NULL };
	struct fx *f = *state;
	struct wb_cancel cancel;

	assert_int_equal(wb_ctrl_attach(f->ev, 10000), 0);
	assert_int_equal(wb_cancel_init(&cancel), 0);
	assert_int_equal(raise(SIGTERM), 0); /* blocked: waits on the signalfd */
	assert_int_equal(wb_ctrl_wait_event(f->ev, want, 10000, &cancel,
					    wb_host_proc_peer(f->daemon), NULL, 0), -ECANCELED);
	wb_cancel_release(&cancel);
}

/* Closing ends the interactive client by the end of its input: no stop, nothing left. */
static void test_close_ends_the_client(void **state)
{
	struct fx *f = *state;
	char *log = NULL, path[4400];

	assert_int_equal(wb_ctrl_attach(f->ev, 10000), 0);
	assert_int_equal(wb_host_children(f->h), 2);
	wb_ctrl_close(f->ev);
	f->ev = NULL;
	assert_int_equal(wb_host_children(f->h), 1);
	/* its sockets and HOME (wpa_cli's history file) are in the private directory */
	snprintf(path, sizeof(path), "%s/argv.log", f->state);
	assert_int_equal(wb_read_file(path, 1 << 20, &log, NULL), 0);
	snprintf(path, sizeof(path), "'-s', '%s'] HOME=%s\n", wb_host_ssh_remote_dir(f->h),
		 wb_host_ssh_remote_dir(f->h));
	assert_non_null(strstr(log, path));
	free(log);
}


/* The event client starts once the daemon's socket is there; until then the peer, the
 * deadline or the cancel source end the wait. */
static void test_attach_waits_for_the_socket(void **state)
{
	struct fx *f = *state;
	struct wb_cancel cancel;

	unlink(f->sock);
	wb_ctrl_set_peer(f->ev, NULL);
	assert_int_equal(wb_ctrl_attach(f->ev, 300), -ETIMEDOUT);
	daemon_restart(f, "1");
	assert_int_equal(wb_ctrl_attach(f->ev, 30000), -ESRCH);
	assert_int_equal(wb_cancel_init(&cancel), 0);
	assert_int_equal(raise(SIGTERM), 0); /* blocked: waits on the signalfd */
	wb_ctrl_set_peer(f->ev, NULL);
	wb_ctrl_set_peer(f->cmd, NULL);
	wb_ctrl_set_cancel(f->ev, &cancel);
	assert_int_equal(wb_ctrl_attach(f->ev, 30000), -ECANCELED);
	/* requests end on it too: they cross the link */
	put(f, "reply/STATUS", "@hang");
	wb_ctrl_set_cancel(f->cmd, &cancel);
	assert_int_equal(wb_ctrl_request(f->cmd, "STATUS", (char[8]){ 0 }, 8, 5000), -ECANCELED);
	wb_cancel_release(&cancel);
	wb_ctrl_set_cancel(f->cmd, NULL);
	wb_ctrl_set_cancel(f->ev, NULL);
	/* it comes: the client starts */
	make_socket(f->sock);
	assert_int_equal(wb_ctrl_attach(f->ev, 10000), 0);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_hostapd_cli_events),
		cmocka_unit_test(test_recorded_wpa_cli_events),
		cmocka_unit_test(test_line_kinds),
#define SSH(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
		SSH(test_request_reply_is_the_output),
		SSH(test_request_client_failures),
		SSH(test_request_ends_when_the_daemon_exits),
		SSH(test_attach_hostapd_cli_flushes_on_input),
		SSH(test_attach_wpa_cli_echo_and_prompts),
		SSH(test_attach_failures),
		SSH(test_last_event_before_exit),
		SSH(test_wait_event_cancelled_by_signal),
		SSH(test_close_ends_the_client),
		SSH(test_attach_waits_for_the_socket),
	};

	/* a poke to a client that just ended is EPIPE, as under wbench's main */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
