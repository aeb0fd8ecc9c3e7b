/*
 * The local host backend for real: commands through /bin/sh-free argv (hostile bytes come
 * back unchanged), exit codes, stdin, stdout bounds, stderr handling, timeouts and
 * cancellation (the child is stopped and reaped), long-running children with a 0600 log,
 * tail reads, atomic 0600 writes refused outside a private directory, mkdir, remove.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"
#include "tests/unit/host_cases.h"

#include "wbench/host/host_i.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

struct fx {
	struct wb_host *h;
	char *dir;  /* private */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || wb_host_local_new(&f->h) < 0 || !(f->dir = wb_mkdtemp_private("wbench-test-host")))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	/* every test releases what it started */
	assert_int_equal(wb_host_children(f->h), 0);
	wb_host_free(f->h);
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void assert_no_child(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static int run(struct fx *f, char *const argv[], const struct wb_host_exec *x, char **out)
{
	return wb_host_run(f->h, argv, x, out, NULL);
}

static void test_run_argv_is_never_a_shell(void **state)
{
	struct fx *f = *state;
	/* quotes, expansions, separators, newlines and non-UTF-8 bytes stay one argument */
	static char hostile[] = "a'b\"c $(id) `id` ;|&\n\t\\ \xff\xfe *";
	char *argv[] = { "printf", "%s", hostile, NULL };
	struct wb_host_exec x = { .timeout_ms = 5000 };
	char *out = NULL;
	size_t n = 0;

	assert_int_equal(wb_host_run(f->h, argv, &x, &out, &n), 0);
	assert_int_equal(n, strlen(hostile));
	assert_memory_equal(out, hostile, n);
	free(out);
	assert_no_child();
}

static void test_run_exit_codes(void **state)
{
	struct fx *f = *state;
	char *fals[] = { "false", NULL }, *missing[] = { "/nonexistent/wbench-nope", NULL };
	char *sig[] = { "sh", "-c", "kill -TERM $$", NULL }, *empty[] = { "", NULL };
	struct wb_host_exec x = { .timeout_ms = 5000 };

	assert_int_equal(run(f, fals, &x, NULL), 1);
	assert_int_equal(run(f, missing, &x, NULL), 127);
	assert_int_equal(run(f, sig, &x, NULL), 128 + SIGTERM);
	assert_int_equal(run(f, empty, &x, NULL), -EINVAL);
	x.timeout_ms = 0;  /* a wait without a bound is refused */
	assert_int_equal(run(f, fals, &x, NULL), -EINVAL);
	assert_no_child();
}

static void test_run_stdin_and_stderr(void **state)
{
	struct fx *f = *state;
	char *cat[] = { "cat", NULL };
	char *both[] = { "sh", "-c", "echo out; echo err >&2", NULL };
	char *early[] = { "true", NULL };
	struct wb_host_exec x = { .timeout_ms = 5000 };
	static char big[1 << 18];
	char *out = NULL;
	size_t n = 0;

	memset(big, 'x', sizeof(big));
	x.input = big;
	x.input_len = sizeof(big);
	assert_int_equal(wb_host_run(f->h, cat, &x, &out, &n), 0);
	assert_int_equal(n, sizeof(big));
	free(out);
	/* a child that reads none of its input neither hangs nor kills us (SIGPIPE) */
	assert_int_equal(run(f, early, &x, NULL), 0);

	x = (struct wb_host_exec){ .timeout_ms = 5000 };
	assert_int_equal(run(f, both, &x, &out), 0);
	assert_string_equal(out, "out\n");
	free(out);
	x.err = WB_HOST_STDERR_MERGE;
	assert_int_equal(run(f, both, &x, &out), 0);
	assert_string_equal(out, "out\nerr\n");
	free(out);
	assert_no_child();
}

static void test_run_output_bound(void **state)
{
	struct fx *f = *state;
	char *yes[] = { "yes", NULL };
	struct wb_host_exec x = { .timeout_ms = 5000, .out_max = 1000 };
	char *out = (char *)"sentinel";

	assert_int_equal(run(f, yes, &x, &out), -EFBIG);
	assert_null(out);
	assert_no_child();
}

static void test_run_timeout_and_cancel(void **state)
{
	struct fx *f = *state;
	char *slow[] = { "sleep", "30", NULL };
	struct wb_host_exec x = { .timeout_ms = 200 };
	struct wb_cancel c;
	int64_t t0 = wb_now_ms();

	assert_int_equal(run(f, slow, &x, NULL), -ETIMEDOUT);
	assert_true(wb_now_ms() - t0 < 10000);
	assert_no_child();

	/* a fired cancel source stops the command at once */
	memset(&c, 0, sizeof(c));
	c.fd = -1;
	c.fired = true;
	x.timeout_ms = 30000;
	x.cancel = &c;
	t0 = wb_now_ms();
	assert_int_equal(run(f, slow, &x, NULL), -ECANCELED);
	assert_true(wb_now_ms() - t0 < 10000);
	assert_no_child();
}

static void test_run_ends_with_its_peer(void **state)
{
	wbt_run_ends_with_its_peer(((struct fx *)*state)->h);
}

static void test_spawn_log_and_stop(void **state)
{
	struct fx *f = *state;
	char log[4200], *text = NULL;
	char *argv[] = { "sh", "-c", "echo started; echo oops >&2; exec sleep 30", NULL };
	struct wb_host_exec x = { .log_path = log };
	struct wb_host_proc *p = NULL;
	struct stat st;

	snprintf(log, sizeof(log), "%s/d.log", f->dir);
	/* an earlier run's lines are gone: the log is truncated */
	assert_int_equal(wb_write_file_atomic(log, "stale\n", 6, 0600), 0);
	assert_int_equal(wb_host_spawn(f->h, argv, &x, &p), 0);
	assert_int_equal(wb_host_children(f->h), 1);
	assert_true(wb_host_proc_running(p));
	assert_int_equal(wb_host_proc_wait(p, 100, NULL), -ETIMEDOUT);
	assert_int_equal(wb_host_proc_exit_code(p), -1);
	for (int i = 0; i < 100; i++) {
		free(text);
		text = NULL;
		assert_int_equal(wb_host_read_file(f->h, log, 4096, true, &text, NULL), 0);
		if (strstr(text, "oops"))
			break;
		usleep(20000);
	}
	assert_string_equal(text, "started\noops\n");
	free(text);
	assert_int_equal(stat(log, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(wb_host_proc_stop(p, 2000), 0);
	assert_false(wb_host_proc_running(p));
	assert_int_equal(wb_host_proc_exit_code(p), 128 + SIGTERM);
	wb_host_proc_free(p);
	wb_host_proc_free(NULL);
	assert_no_child();
}

static int exit_with(void *arg)
{
	return *(int *)arg;
}

static void test_spawn_fn_and_failures(void **state)
{
	struct fx *f = *state;
	struct wb_host_exec x = { .netns = "/nonexistent/netns" };
	struct wb_host_proc *p = NULL;
	char *argv[] = { "true", NULL }, log[4200];
	int code = 42;

	assert_int_equal(wb_host_spawn_fn(f->h, "fn", exit_with, &code, &(struct wb_host_exec){ 0 },
					  &p), 0);
	assert_int_equal(wb_host_proc_wait(p, 5000, NULL), 0);
	assert_int_equal(wb_host_proc_exit_code(p), 42);
	assert_string_equal(wb_host_proc_name(p), "fn");
	wb_host_proc_free(p);
	/* a namespace that cannot be entered: the child says so with 126 */
	assert_int_equal(wb_host_spawn(f->h, argv, &x, &p), 0);
	assert_int_equal(wb_host_proc_wait(p, 5000, NULL), 0);
	assert_int_equal(wb_host_proc_exit_code(p), 126);
	wb_host_proc_free(p);
	/* a log that cannot be opened: nothing is started */
	snprintf(log, sizeof(log), "%s/no/such/dir/d.log", f->dir);
	x = (struct wb_host_exec){ .log_path = log };
	assert_int_equal(wb_host_spawn(f->h, argv, &x, &p), -ENOENT);
	assert_null(p);
	assert_int_equal(wb_host_children(f->h), 0);
	assert_no_child();
}

static void test_files(void **state)
{
	struct fx *f = *state;
	char path[4400], open_dir[4200], sub[4400], *text = NULL, *tmp = NULL;
	struct stat st;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/secret.conf", f->dir);
	assert_int_equal(wb_host_write_file(f->h, path, "0123456789", 10, 0600), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(wb_host_read_file(f->h, path, 100, false, &text, &n), 0);
	assert_int_equal(n, 10);
	assert_string_equal(text, "0123456789");
	free(text);
	/* too large: refused whole, or its end with tail */
	assert_int_equal(wb_host_read_file(f->h, path, 4, false, &text, NULL), -EFBIG);
	assert_null(text);
	assert_int_equal(wb_host_read_file(f->h, path, 4, true, &text, &n), 0);
	assert_string_equal(text, "6789");
	free(text);
	assert_int_equal(wb_host_read_file(f->h, "/nonexistent", 4, true, &text, NULL), -ENOENT);

	/* a directory others can read is refused for secrets, not for public files */
	snprintf(open_dir, sizeof(open_dir), "%s/open", f->dir);
	assert_int_equal(wb_host_mkdir(f->h, open_dir, 0755), 0);
	assert_int_equal(chmod(open_dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/secret.conf", open_dir);
	assert_int_equal(wb_host_write_file(f->h, path, "x", 1, 0600), -EPERM);
	assert_int_not_equal(stat(path, &st), 0);
	snprintf(path, sizeof(path), "%s/public.txt", open_dir);
	assert_int_equal(wb_host_write_file(f->h, path, "x", 1, 0644), 0);

	/* mkdir: an existing directory of ours is fine, a file in the way is not */
	assert_int_equal(wb_host_mkdir(f->h, open_dir, 0700), 0);
	assert_int_equal(wb_host_mkdir(f->h, path, 0700), -EEXIST);
	snprintf(sub, sizeof(sub), "%s/a/b", open_dir);
	assert_int_equal(wb_host_mkdir(f->h, sub, 0700), -ENOENT);

	/* remove: files, trees, and what is not there */
	assert_int_equal(wb_host_remove(f->h, path), 0);
	assert_int_equal(wb_host_remove(f->h, open_dir), 0);
	assert_int_not_equal(stat(open_dir, &st), 0);
	assert_int_equal(wb_host_remove(f->h, open_dir), 0);

	assert_int_equal(wb_host_mkdtemp(f->h, "wbench-test-host", &tmp), 0);
	assert_int_equal(stat(tmp, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(wb_host_remove(f->h, tmp), 0);
	free(tmp);
}

static void test_facade(void **state)
{
	struct fx *f = *state;

	assert_string_equal(wb_host_name(f->h), "local");
	assert_true(wb_host_is_local(f->h));
	assert_false(wb_host_is_local(NULL));
	assert_false(wb_host_proc_running(NULL));
	assert_int_equal(wb_host_proc_exit_code(NULL), -1);
	assert_null(wb_host_proc_peer(NULL));
	wb_host_free(NULL);
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
		cmocka_unit_test_setup_teardown(test_run_argv_is_never_a_shell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_exit_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_stdin_and_stderr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_output_bound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_timeout_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_ends_with_its_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_log_and_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_pipes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spawn_fn_and_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facade, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
