/*
 * The ssh host backend against tests/lib/fake_ssh.py, a stand-in for the OpenSSH client
 * that runs the remote command line with a real shell on this machine (dash, bash or
 * BusyBox sh as the far side's $SHELL). What the stand-in cannot show — a real sshd, a
 * real network, host keys — the VM tests show with OpenSSH.
 *
 * Checked: hostile argv round-trips through each shell; exit codes; files over stdin
 * (0600, private directory enforced, never on a command line); tail reads; mkdir, mkdtemp,
 * remove; a long-running child killed by pid when stopped; a dead master reconnected once;
 * an unreachable host named with ssh's own words; the remote directory removed at the end.
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
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/unit/main.h"
#include "tests/unit/host_cases.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

#define FAKE_SSH "tests/lib/fake_ssh.py"

struct fx {
	char *dir;          /* private local directory for the control socket */
	char argv_log[4200];
	struct wb_host *h;
};

static int open_host(struct fx *f, const char *target)
{
	struct wb_host_ssh_cfg cfg = { .target = target, .ssh = FAKE_SSH, .local_dir = f->dir,
				       .connect_timeout_s = 30 };

	return wb_host_ssh_new(&cfg, &f->h);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || !(f->dir = wb_mkdtemp_private("wbt-ssh")))
		return -1;
	snprintf(f->argv_log, sizeof(f->argv_log), "%s/argv.log", f->dir);
	setenv("FAKE_SSH_ARGV_LOG", f->argv_log, 1);
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	*state = f;
	return open_host(f, "root@ap") == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	const char *rdir = NULL;
	char *copy = NULL;
	struct stat st;

	if (f->h) {
		assert_int_equal(wb_host_children(f->h), 0);
		rdir = wb_host_ssh_remote_dir(f->h);
		copy = rdir ? strdup(rdir) : NULL;
		wb_host_free(f->h);
		/* the private remote directory goes with the host */
		if (copy)
			assert_int_not_equal(stat(copy, &st), 0);
		free(copy);
	}
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static bool have(const char *p)
{
	return access(p, X_OK) == 0;
}

/* The far side's shell is @shell (its /bin/sh too): a host of its own for it. */
static void argv_round_trip(struct fx *f, const char *shell)
{
	static char hostile[] = "a'b\"c $(touch /tmp/wbench-pwned) `id` ;|&\n\t\\ \xff\xfe * ~";
	char *argv[] = { "printf", "%s|", hostile, "", "--", NULL };
	struct wb_host_exec x = { .timeout_ms = 10000 };
	struct wb_host *saved = f->h;
	char want[256], *out = NULL;

	setenv("FAKE_SSH_SHELL", shell, 1);
	assert_int_equal(open_host(f, "root@ap"), 0);
	snprintf(want, sizeof(want), "%s||--|", hostile);
	/* through the persistent shell, then through a client of its own (stderr to ours) */
	assert_int_equal(wb_host_run(f->h, argv, &x, &out, NULL), 0);
	assert_string_equal(out, want);
	free(out);
	x.err = WB_HOST_STDERR_INHERIT;
	assert_int_equal(wb_host_run(f->h, argv, &x, &out, NULL), 0);
	assert_string_equal(out, want);
	free(out);
	assert_int_not_equal(access("/tmp/wbench-pwned", F_OK), 0);
	/* one connection for all of it */
	assert_int_equal(wb_host_ssh_connections(f->h), 1);
	wb_host_free(f->h);
	f->h = saved;
}

static void test_argv_survives_every_remote_shell(void **state)
{
	struct fx *f = *state;

	argv_round_trip(f, "/bin/sh");
	if (have("/usr/bin/dash"))
		argv_round_trip(f, "/usr/bin/dash");
	if (have("/usr/bin/bash"))
		argv_round_trip(f, "/usr/bin/bash");
	if (have("/usr/bin/busybox"))
		argv_round_trip(f, "/usr/bin/busybox sh");
}

/* Input through the persistent shell arrives byte for byte, in every shell, and is never
 * an argument of a process. */
static void input_round_trip(struct fx *f, const char *shell)
{
	static unsigned char data[300];
	char *cat[] = { "cat", NULL }, *out = NULL, *log = NULL;
	struct wb_host_exec x = { .timeout_ms = 10000, .input = data, .input_len = sizeof(data) };
	struct wb_host *saved = f->h;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 1);
	memcpy(data, "SECRETWORD", 10);
	setenv("FAKE_SSH_SHELL", shell, 1);
	assert_int_equal(open_host(f, "root@ap"), 0);
	assert_int_equal(wb_host_run(f->h, cat, &x, &out, &n), 0);
	assert_int_equal(n, sizeof(data));
	assert_memory_equal(out, data, sizeof(data));
	free(out);
	wb_host_free(f->h);
	f->h = saved;
	assert_int_equal(wb_read_file(f->argv_log, 1 << 20, &log, NULL), 0);
	assert_null(strstr(log, "SECRETWORD"));
	free(log);
}

static void test_input_survives_every_remote_shell(void **state)
{
	struct fx *f = *state;

	input_round_trip(f, "/bin/sh");
	if (have("/usr/bin/bash"))
		input_round_trip(f, "/usr/bin/bash");
	if (have("/usr/bin/busybox"))
		input_round_trip(f, "/usr/bin/busybox sh");
}

/* A command that overruns its time is killed there and the shell goes on. */
static void test_session_survives_a_timeout(void **state)
{
	struct fx *f = *state;
	char *slow[] = { "sleep", "30", NULL }, *echo[] = { "echo", "next", NULL }, *out = NULL;
	struct wb_host_exec x = { .timeout_ms = 500 };
	int64_t t0 = wb_now_ms();

	assert_int_equal(wb_host_run(f->h, slow, &x, NULL, NULL), -ETIMEDOUT);
	assert_true(wb_now_ms() - t0 < 20000);
	x.timeout_ms = 10000;
	assert_int_equal(wb_host_run(f->h, echo, &x, &out, NULL), 0);
	assert_string_equal(out, "next\n");
	free(out);
	assert_int_equal(system("pgrep -f '^sleep 30$' >/dev/null"), 256);
}

static void test_run_ends_with_its_peer(void **state)
{
	wbt_run_ends_with_its_peer(((struct fx *)*state)->h);
}

static void test_exit_codes_and_stderr(void **state)
{
	struct fx *f = *state;
	char *fals[] = { "false", NULL }, *missing[] = { "/nonexistent/nope", NULL };
	char *both[] = { "sh", "-c", "echo out; echo err >&2", NULL };
	struct wb_host_exec x = { .timeout_ms = 10000 };
	char *out = NULL;

	assert_int_equal(wb_host_run(f->h, fals, &x, NULL, NULL), 1);
	assert_int_equal(wb_host_run(f->h, missing, &x, NULL, NULL), 127);
	assert_int_equal(wb_host_run(f->h, both, &x, &out, NULL), 0);
	assert_string_equal(out, "out\n");
	free(out);
	x.err = WB_HOST_STDERR_MERGE;
	assert_int_equal(wb_host_run(f->h, both, &x, &out, NULL), 0);
	assert_string_equal(out, "out\nerr\n");
	free(out);
	/* a namespace the far side cannot name the iproute2 way is refused, not guessed */
	x.netns = "/proc/1/ns/net";
	assert_int_equal(wb_host_run(f->h, fals, &x, NULL, NULL), -EOPNOTSUPP);
}

static void test_files_travel_on_stdin(void **state)
{
	struct fx *f = *state;
	const char *rdir = wb_host_ssh_remote_dir(f->h);
	static const char secret[] = "correct horse battery staple";
	char path[4200], open_dir[4200], *text = NULL, *log = NULL, *tmp = NULL;
	struct stat st;
	size_t n = 0;

	assert_non_null(rdir);
	assert_int_equal(stat(rdir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/hostapd.conf", rdir);
	assert_int_equal(wb_host_write_file(f->h, path, secret, sizeof(secret) - 1, 0600), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(wb_host_read_file(f->h, path, 1000, false, &text, &n), 0);
	assert_int_equal(n, sizeof(secret) - 1);
	assert_string_equal(text, secret);
	free(text);
	assert_int_equal(wb_host_read_file(f->h, path, 6, true, &text, NULL), 0);
	assert_string_equal(text, "staple");
	free(text);
	assert_int_equal(wb_host_read_file(f->h, path, 6, false, &text, NULL), -EFBIG);
	snprintf(path, sizeof(path), "%s/nope", rdir);
	assert_int_equal(wb_host_read_file(f->h, path, 6, false, &text, NULL), -ENOENT);
	/* the secret never was an argument of any process */
	assert_int_equal(wb_read_file(f->argv_log, 1 << 20, &log, NULL), 0);
	assert_null(strstr(log, "battery"));
	free(log);

	/* secrets only into a private directory; public files anywhere of ours */
	snprintf(open_dir, sizeof(open_dir), "%s/open", rdir);
	assert_int_equal(wb_host_mkdir(f->h, open_dir, 0755), 0);
	assert_int_equal(wb_host_mkdir(f->h, open_dir, 0755), 0); /* exists: fine */
	assert_int_equal(chmod(open_dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/open/secret", rdir);
	assert_int_equal(wb_host_write_file(f->h, path, "x", 1, 0600), -EPERM);
	assert_int_not_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/open/public", rdir);
	assert_int_equal(wb_host_write_file(f->h, path, "x", 1, 0644), 0);
	assert_int_equal(wb_host_remove(f->h, open_dir), 0);
	assert_int_not_equal(stat(open_dir, &st), 0);

	assert_int_equal(wb_host_mkdtemp(f->h, "wbt-ssh-tmp", &tmp), 0);
	assert_int_equal(stat(tmp, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(wb_host_remove(f->h, tmp), 0);
	free(tmp);
}

static int never_runs(void *arg)
{
	(void)arg;
	return 1;
}

static void test_spawn_is_killed_by_pid(void **state)
{
	struct fx *f = *state;
	char log[4200], *text = NULL;
	char *argv[] = { "sh", "-c", "echo up; exec sleep 60", NULL };
	struct wb_host_exec x = { .log_path = log };
	struct wb_host_proc *p = NULL;
	int fn_arg = 0;

	snprintf(log, sizeof(log), "%s/d.log", wb_host_ssh_remote_dir(f->h));
	assert_int_equal(wb_host_spawn(f->h, argv, &x, &p), 0);
	assert_true(wb_host_proc_running(p));
	for (int i = 0; i < 200; i++) {
		free(text);
		text = NULL;
		if (wb_host_read_file(f->h, log, 100, false, &text, NULL) == 0 && strstr(text, "up"))
			break;
		usleep(20000);
	}
	assert_non_null(text);
	assert_string_equal(text, "up\n");
	free(text);
	/* stop: the remote pid gets SIGTERM, so the client ends with the child's status */
	assert_int_equal(wb_host_proc_stop(p, 5000), 0);
	assert_false(wb_host_proc_running(p));
	assert_int_equal(wb_host_proc_exit_code(p), 128 + SIGTERM);
	wb_host_proc_free(p);
	/* our own code cannot run there */
	assert_int_equal(wb_host_spawn_fn(f->h, "fn", never_runs, &fn_arg, &x, &p),
			 -EOPNOTSUPP);
	assert_null(p);
}

static void test_lost_master_reconnects_once(void **state)
{
	struct fx *f = *state;
	char *tru[] = { "true", NULL };
	struct wb_host_exec x = { .timeout_ms = 10000 };
	char ctl[4200];

	assert_int_equal(wb_host_run(f->h, tru, &x, NULL, NULL), 0);
	assert_int_equal(wb_host_ssh_connections(f->h), 1);
	/* the link drops: the master is gone (its socket with it) */
	/* (the bracket keeps the pattern from matching this shell's own command line) */
	snprintf(ctl, sizeof(ctl), "pkill -f -- 'ControlPersist=n[o] root@ap'; true");
	assert_int_equal(system(ctl), 0);
	/* and the persistent shell's client with it, as OpenSSH's mux clients go with their
	 * master (a command sent in between fails once: that is not what this tests) */
	for (int i = 0; i < 500 && system("pgrep -f 'fake_ssh[.]py.*root@ap' >/dev/null") == 0;
	     i++)
		usleep(20000);
	/* the next command finds the shell and the master gone, and connects again, once */
	assert_int_equal(wb_host_run(f->h, tru, &x, NULL, NULL), 0);
	assert_int_equal(wb_host_run(f->h, tru, &x, NULL, NULL), 0);
	assert_int_equal(wb_host_ssh_connections(f->h), 2);
}

static void test_unreachable_host_is_named(void **state)
{
	struct fx *f = *state;
	struct wb_host *saved = f->h;
	struct wb_host_ssh_cfg bad = { .target = "-oProxyCommand=evil", .ssh = FAKE_SSH,
				       .local_dir = f->dir };
	struct wb_host *h = NULL;

	f->h = NULL;
	assert_int_equal(open_host(f, "unreachable"), -EHOSTUNREACH);
	assert_null(f->h);
	/* a target ssh would read as an option is refused before anything runs */
	assert_int_equal(wb_host_ssh_new(&bad, &h), -EINVAL);
	assert_null(h);
	f->h = saved;
}

/* A child fed through a pipe and read through another (a capture stream, a cli). */
static void test_spawn_pipes(void **state)
{
	struct fx *f = *state;
	char *argv[] = { "cat", NULL }, buf[64];
	struct wb_host_exec x = { .pipe_stdin = true, .pipe_stdout = true };
	struct wb_host_proc *p = NULL;
	struct wb_wait w;
	size_t got = 0;

	assert_int_equal(wb_host_spawn(f->h, argv, &x, &p), 0);
	assert_true(wb_host_proc_stdin(p) >= 0);
	assert_true(wb_host_proc_stdout(p) >= 0);
	assert_int_equal(write(wb_host_proc_stdin(p), "hello\n", 6), 6);
	wb_host_proc_close_stdin(p);
	assert_int_equal(wb_host_proc_stdin(p), -1);
	wb_wait_init(&w, 10000, NULL);
	while (got < 6) {
		struct pollfd fd = { .fd = wb_host_proc_stdout(p), .events = POLLIN };
		ssize_t n;

		assert_int_equal(wb_wait_round(&w, &fd, 1), 0);
		n = read(fd.fd, buf + got, sizeof(buf) - got);
		if (n > 0)
			got += (size_t)n;
		else
			assert_true(n < 0 && errno == EAGAIN);
	}
	assert_memory_equal(buf, "hello\n", 6);
	/* the end of its input ends cat */
	assert_int_equal(wb_host_proc_wait(p, 10000, NULL), 0);
	assert_int_equal(wb_host_proc_exit_code(p), 0);
	wb_host_proc_free(p);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_argv_survives_every_remote_shell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input_survives_every_remote_shell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_survives_a_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_ends_with_its_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exit_codes_and_stderr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files_travel_on_stdin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_is_killed_by_pid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_pipes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_master_reconnects_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreachable_host_is_named, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
