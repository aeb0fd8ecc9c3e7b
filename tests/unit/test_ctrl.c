/*
 * The control-socket client against a real AF_UNIX datagram server in a forked child
 * that speaks the hostapd/wpa_supplicant framing: replies, "<N>" events to the attached
 * client, an unsolicited event on the command connection, silence, and exit.
 */
#include <dirent.h>
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
#include "tests/unit/main.h"

#include "wbench/daemons/ctrl.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

struct fixture {
	char *dir;          /* private: server socket and client sockets */
	char path[256];     /* the server's socket */
	struct wb_proc srv;
};

static void send_to(int fd, const char *s, size_t len, const struct sockaddr_un *to,
		    socklen_t tolen)
{
	(void)!sendto(fd, s, len, 0, (const struct sockaddr *)to, tolen);
}

#define SEND(fd, s, to, len) send_to(fd, s, strlen(s), to, len)

/* The fake daemon. Runs in the child; its return value is the child's exit status. */
static int server(void *arg)
{
	const char *path = arg;
	struct sockaddr_un addr = { .sun_family = AF_UNIX }, att, from;
	socklen_t attlen = 0, fl;
	char buf[512], big[3000];
	int fd;

	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	wb_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return 1;
	for (;;) {
		ssize_t n;

		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf) - 1, 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return 1;
		buf[n] = '\0';
		if (strcmp(buf, "PING") == 0) {
			SEND(fd, "PONG\n", &from, fl);
		} else if (strcmp(buf, "ATTACH") == 0) {
			att = from;
			attlen = fl;
			SEND(fd, "OK\n", &from, fl);
		} else if (strcmp(buf, "EVENTS") == 0 && attlen) {
			SEND(fd, "<2>CTRL-EVENT-SCAN-STARTED ", &att, attlen);
			SEND(fd, "IFNAME=wlan0 <3>AP-ENABLED-X", &att, attlen);
			SEND(fd, "<3>AP-ENABLED ", &att, attlen);
			SEND(fd, "OK\n", &from, fl);
		} else if (strcmp(buf, "NOISY") == 0) {
			/* an event on the command connection must not be taken as the reply */
			SEND(fd, "<2>CTRL-EVENT-BSS-ADDED 0 02:00:00:00:00:00", &from, fl);
			SEND(fd, "IFNAME=wlan0 <2>CTRL-EVENT-BSS-ADDED 1", &from, fl);
			SEND(fd, "PONG\n", &from, fl);
		} else if (strcmp(buf, "DOUBLE") == 0) {
			SEND(fd, "ONE\n", &from, fl);
			SEND(fd, "TWO\n", &from, fl);
		} else if (strcmp(buf, "BIG") == 0) {
			memset(big, 'x', sizeof(big));
			send_to(fd, big, sizeof(big), &from, fl);
		} else if (strcmp(buf, "DIE") == 0 && attlen) {
			SEND(fd, "<3>AP-DISABLED ", &att, attlen);
			return 3;
		} else if (strcmp(buf, "EXIT") == 0) {
			return 0;
		} else if (strcmp(buf, "QUIT-SILENTLY") == 0) {
			return 4; /* like hostapd failing during setup: no reply, gone */
		}
		/* anything else, e.g. "SILENT": no reply */
	}
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->dir = wb_mkdtemp_private("wbench-test-ctrl");
	assert_non_null(f->dir);
	snprintf(f->path, sizeof(f->path), "%s/wlan0", f->dir);
	wb_proc_init(&f->srv, "fake-daemon");
	assert_int_equal(wb_proc_fork(&f->srv, server, f->path, NULL), 0);
	assert_int_equal(wb_ctrl_wait_socket(f->path, 10000, &f->srv, NULL), 0);
	*state = f;
	return 0;
}

/* Files named wbc-* (our client sockets) left in @dir. */
static int client_sockets(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strncmp(e->d_name, "wbc-", 4) == 0)
			n++;
	closedir(d);
	return n;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int left;

	wb_proc_stop(&f->srv, 2000);
	assert_false(wb_proc_running(&f->srv));
	left = client_sockets(f->dir);
	/* removed first, so that a failed test leaves nothing behind either */
	assert_int_equal(wb_rm_rf(f->dir), 0);
	free(f->dir);
	free(f);
	assert_int_equal(left, 0);
	return 0;
}

static void test_request_reply(void **state)
{
	struct fixture *f = *state;
	struct wb_ctrl *c;
	char reply[64];

	assert_int_equal(wb_ctrl_open(f->path, f->dir, &c), 0);
	assert_int_equal(client_sockets(f->dir), 1);
	assert_int_equal(wb_ctrl_request(c, "PING", reply, sizeof(reply), 5000), 5);
	assert_string_equal(reply, "PONG\n");
	/* unsolicited "<N>" and "IFNAME=" datagrams before the reply are skipped */
	assert_int_equal(wb_ctrl_request(c, "NOISY", reply, sizeof(reply), 5000), 5);
	assert_string_equal(reply, "PONG\n");
	wb_ctrl_close(c);
	assert_int_equal(client_sockets(f->dir), 0);
}

static void test_reply_truncated_and_terminated(void **state)
{
	struct fixture *f = *state;
	struct wb_ctrl *c;
	char reply[16];

	memset(reply, '#', sizeof(reply));
	assert_int_equal(wb_ctrl_open(f->path, f->dir, &c), 0);
	/* one byte is kept for the NUL: 15 of the 3000 bytes */
	assert_int_equal(wb_ctrl_request(c, "BIG", reply, sizeof(reply), 5000), 15);
	assert_int_equal(reply[15], '\0');
	assert_int_equal(strspn(reply, "x"), 15);
	wb_ctrl_close(c);
}

static void test_request_timeout(void **state)
{
	struct fixture *f = *state;
	struct wb_ctrl *c;
	char reply[64];

	assert_int_equal(wb_ctrl_open(f->path, f->dir, &c), 0);
	assert_int_equal(wb_ctrl_request(c, "SILENT", reply, sizeof(reply), 50), -ETIMEDOUT);
	assert_string_equal(reply, "");
	/* the connection still works afterwards */
	assert_int_equal(wb_ctrl_request(c, "PING", reply, sizeof(reply), 5000), 5);
	wb_ctrl_close(c);
}

static void test_stale_reply_discarded(void **state)
{
	struct fixture *f = *state;
	struct wb_ctrl *c, *other;
	char reply[64];

	assert_int_equal(wb_ctrl_open(f->path, f->dir, &c), 0);
	assert_int_equal(wb_ctrl_open(f->path, f->dir, &other), 0);
	assert_int_equal(wb_ctrl_request(c, "DOUBLE", reply, sizeof(reply), 5000), 4);
	assert_string_equal(reply, "ONE\n");
	/* the server is sequential: once it answered this, "TWO" is queued on @c */
	assert_int_equal(wb_ctrl_request(other, "PING", reply, sizeof(reply), 5000), 5);
	assert_int_equal(wb_ctrl_request(c, "PING", reply, sizeof(reply), 5000), 5);
	assert_string_equal(reply, "PONG\n");
	wb_ctrl_close(other);
	wb_ctrl_close(c);
}

static void test_wait_event_matches_whole_names(void **state)
{
	static const char *const want[] = { "AP-ENABLED", "AP-DISABLED", NULL };
	struct fixture *f = *state;
	struct wb_ctrl *cmd, *ev;
	char line[128];

	assert_int_equal(wb_ctrl_open(f->path, f->dir, &cmd), 0);
	assert_int_equal(wb_ctrl_open(f->path, f->dir, &ev), 0);
	assert_int_equal(wb_ctrl_attach(ev, 5000), 0);
	assert_int_equal(wb_ctrl_request_ok(cmd, "EVENTS", 5000), 0);
	/* SCAN-STARTED and AP-ENABLED-X do not match; AP-ENABLED does, stripped and trimmed */
	assert_int_equal(wb_ctrl_wait_event(ev, want, 5000, NULL, &f->srv, line, sizeof(line)), 0);
	assert_string_equal(line, "AP-ENABLED");
	assert_string_equal(wb_ctrl_history(ev),
			    "CTRL-EVENT-SCAN-STARTED\nAP-ENABLED-X\nAP-ENABLED\n");
	/* nothing more comes */
	assert_int_equal(wb_ctrl_wait_event(ev, want, 50, NULL, &f->srv, line, sizeof(line)),
			 -ETIMEDOUT);
	assert_string_equal(line, "");
	wb_ctrl_close(ev);
	wb_ctrl_close(cmd);
}

static void test_event_then_exit(void **state)
{
	static const char *const want[] = { "AP-ENABLED", "AP-DISABLED", NULL };
	struct fixture *f = *state;
	struct wb_ctrl *cmd, *ev;
	char line[128], reply[16];

	assert_int_equal(wb_ctrl_open(f->path, f->dir, &cmd), 0);
	assert_int_equal(wb_ctrl_open(f->path, f->dir, &ev), 0);
	assert_int_equal(wb_ctrl_attach(ev, 5000), 0);
	assert_int_equal(wb_ctrl_request(cmd, "DIE", reply, sizeof(reply), 50), -ETIMEDOUT);
	/* the daemon's last event is delivered even though it exited after sending it */
	assert_int_equal(wb_ctrl_wait_event(ev, want, 10000, NULL, &f->srv, line, sizeof(line)), 1);
	assert_string_equal(line, "AP-DISABLED");
	assert_int_equal(wb_ctrl_wait_event(ev, want, 10000, NULL, &f->srv, line, sizeof(line)),
			 -ESRCH);
	assert_int_equal(wb_proc_exit_code(&f->srv), 3);
	wb_ctrl_close(ev);
	wb_ctrl_close(cmd);
}

/* A request to a daemon that dies without answering ends at its exit, not its timeout. */
static void test_request_peer_exit(void **state)
{
	struct fixture *f = *state;
	struct wb_ctrl *c;
	char reply[64];

	assert_int_equal(wb_ctrl_open(f->path, f->dir, &c), 0);
	wb_ctrl_set_peer(c, &f->srv);
	assert_int_equal(wb_ctrl_request(c, "PING", reply, sizeof(reply), 5000), 5);
	/* without the peer watch this would end in -ETIMEDOUT */
	assert_int_equal(wb_ctrl_request(c, "QUIT-SILENTLY", reply, sizeof(reply), 30000), -ESRCH);
	assert_int_equal(wb_proc_exit_code(&f->srv), 4);
	wb_ctrl_close(c);
}

static void test_wait_event_cancelled_by_signal(void **state)
{
	static const char *const want[] = { "AP-ENABLED", NULL };
	struct fixture *f = *state;
	struct wb_cancel cancel;
	struct wb_ctrl *ev;

	assert_int_equal(wb_cancel_init(&cancel), 0);
	assert_int_equal(wb_ctrl_open(f->path, f->dir, &ev), 0);
	assert_int_equal(wb_ctrl_attach(ev, 5000), 0);
	assert_int_equal(raise(SIGTERM), 0); /* blocked: waits on the signalfd */
	assert_int_equal(wb_ctrl_wait_event(ev, want, 10000, &cancel, &f->srv, NULL, 0),
			 -ECANCELED);
	wb_ctrl_close(ev);
	wb_cancel_release(&cancel);
}

static void test_open_failures_leave_nothing(void **state)
{
	struct fixture *f = *state;
	char missing[300], longpath[200];
	struct wb_ctrl *c = (struct wb_ctrl *)1;

	snprintf(missing, sizeof(missing), "%s/nosuch", f->dir);
	assert_int_equal(wb_ctrl_open(missing, f->dir, &c), -ENOENT);
	assert_null(c);
	assert_int_equal(client_sockets(f->dir), 0);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[0] = '/';
	longpath[sizeof(longpath) - 1] = '\0';
	assert_int_equal(wb_ctrl_open(longpath, f->dir, &c), -ENAMETOOLONG);
	assert_int_equal(wb_ctrl_open(f->path, longpath, &c), -ENAMETOOLONG);
	assert_int_equal(client_sockets(f->dir), 0);
	/* the daemon gone: requests fail instead of hanging */
	assert_int_equal(wb_ctrl_open(f->path, f->dir, &c), 0);
	assert_int_equal(wb_ctrl_request_ok(c, "EXIT", 50), -ETIMEDOUT);
	assert_int_equal(wb_proc_wait(&f->srv, 10000, NULL), 0);
	assert_true(wb_ctrl_request_ok(c, "PING", 5000) < 0);
	wb_ctrl_close(c);
}

static int exit_early(void *arg)
{
	(void)arg;
	return 7;
}

static void test_wait_socket(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-ctrlw");
	char path[300];
	struct wb_proc p;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/never", dir);
	assert_int_equal(wb_ctrl_wait_socket(path, 50, NULL, NULL), -ETIMEDOUT);
	/* the daemon exits before making its socket */
	wb_proc_init(&p, "quick");
	assert_int_equal(wb_proc_fork(&p, exit_early, NULL, NULL), 0);
	assert_int_equal(wb_ctrl_wait_socket(path, 10000, &p, NULL), -ESRCH);
	assert_int_equal(wb_proc_exit_code(&p), 7);
	/* a regular file is not a socket */
	assert_int_equal(wb_write_file_atomic(path, "x", 1, 0600), 0);
	assert_int_equal(wb_ctrl_wait_socket(path, 50, NULL, NULL), -ETIMEDOUT);
	snprintf(path, sizeof(path), "%s/nodir/sock", dir);
	assert_int_equal(wb_ctrl_wait_socket(path, 50, NULL, NULL), -ENOENT);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
}

static void test_strip(void **state)
{
	(void)state;
	assert_string_equal(wb_ctrl_event_strip("<3>AP-ENABLED "), "AP-ENABLED ");
	assert_string_equal(wb_ctrl_event_strip("IFNAME=wlan1 <3>CTRL-EVENT-CONNECTED - x"),
			    "CTRL-EVENT-CONNECTED - x");
	assert_string_equal(wb_ctrl_event_strip("IFNAME=wlan1 AP-ENABLED"), "AP-ENABLED");
	assert_string_equal(wb_ctrl_event_strip("<>X"), "<>X");
	assert_string_equal(wb_ctrl_event_strip("<12"), "<12");
	assert_string_equal(wb_ctrl_event_strip("IFNAME=x"), "");
	assert_true(wb_ctrl_is_event("<3>X"));
	assert_true(wb_ctrl_is_event("IFNAME=wlan0 <3>X"));
	assert_false(wb_ctrl_is_event("OK\n"));
	assert_false(wb_ctrl_is_event(""));
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_request_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_truncated_and_terminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_reply_discarded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_event_matches_whole_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_then_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_request_peer_exit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wait_event_cancelled_by_signal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_failures_leave_nothing, setup, teardown),
		cmocka_unit_test(test_wait_socket),
		cmocka_unit_test(test_strip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
