/*
 * The CPU collector on a remote host, through the ssh backend and tests/lib/fake_ssh.py
 * (a stand-in for the OpenSSH client: no sshd runs here; the remote commands run in
 * dash on this machine, so the "remote" /proc/stat is this one's). USER_HZ comes from
 * `getconf CLK_TCK` through the host, 100 when it cannot be read (said so); the series
 * readings come from the sampler loop, one round trip each, and no read() of the
 * collector waits for one. The real OpenSSH against a real sshd: tests/vm/t_remote_collectors.sh.
 */
#include <errno.h>
#include <poll.h>
#include <setjmp.h>
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

#include "collectors/cpu.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

struct fx {
	char *dir;
	struct wb_host *h;
	char *oldpath;
};

static int open_ssh(struct fx *f)
{
	struct wb_host_ssh_cfg cfg = { .target = "root@ap", .ssh = "tests/lib/fake_ssh.py",
				       .connect_timeout_s = 30, .local_dir = f->dir };

	return wb_host_ssh_new(&cfg, &f->h);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f || !(f->dir = wb_mkdtemp_private("wbt-cpu-ssh")))
		return -1;
	f->oldpath = strdup(getenv("PATH"));
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	*state = f;
	return open_ssh(f) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	setenv("PATH", f->oldpath, 1);
	if (f->h) {
		assert_int_equal(wb_host_children(f->h), 0);
		wb_host_free(f->h);
	}
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f->oldpath);
	free(f);
	return 0;
}

/* Drives the window for @ms as the cell loop does; returns the longest read() in ms. */
static int64_t drive(struct wb_collector *c, int64_t ms)
{
	int64_t end = wb_now_ms() + ms, longest = 0;

	while (wb_now_ms() < end) {
		struct pollfd p = { .fd = wb_cpu_collector.poll_fd(c), .events = POLLIN };
		int64_t t0;

		if (poll(&p, p.fd >= 0, (int)(end - wb_now_ms())) <= 0)
			continue;
		t0 = wb_now_ms();
		assert_int_equal(wb_cpu_collector.read(c), 0);
		if (wb_now_ms() - t0 > longest)
			longest = wb_now_ms() - t0;
	}
	return longest;
}

static json_t *run_window(struct fx *f, unsigned int period_ms, int64_t ms, int64_t *longest)
{
	struct wb_cpu_params p;
	struct wb_collector_cfg cfg = { .host = f->h, .label = "ap", .priv = &p };
	struct wb_collector *c;
	json_t *r = NULL;

	wb_cpu_params_init(&p);
	p.period_ms = period_ms;
	assert_int_equal(wb_cpu_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_cpu_collector.start(c), 0);
	*longest = drive(c, ms);
	assert_int_equal(wb_cpu_collector.stop(c), 0);
	assert_int_equal(wb_cpu_collector.result(c, &r), 0);
	wb_cpu_collector.close(c);
	return r;
}

static void test_remote_series_one_round_trip_per_reading(void **state)
{
	struct fx *f = *state;
	int64_t longest;
	json_t *r = run_window(f, 200, 2100, &longest);
	json_t *series = json_object_get(r, "series");
	json_t *rd = json_object_get(series, "readings");
	json_int_t n = json_integer_value(json_object_get(rd, "n"));
	json_int_t skipped = json_integer_value(json_object_get(rd, "skipped_ticks"));

	assert_string_equal(json_string_value(json_object_get(r, "status")), "ok");
	assert_int_equal(json_integer_value(json_object_get(r, "user_hz")), sysconf(_SC_CLK_TCK));
	assert_string_equal(json_string_value(json_object_get(r, "user_hz_source")),
			    "getconf CLK_TCK on ssh:root@ap");
	assert_non_null(strstr(json_string_value(json_object_get(rd, "how")), "shell loop"));
	/* ~10 ticks: each one answered, or left out while the previous was on its way */
	assert_in_range(n + skipped, 7, 11);
	assert_true(n >= 3);
	assert_int_equal((json_int_t)json_array_size(json_object_get(series, "samples")), n);
	assert_true(json_real_value(json_object_get(rd, "mean_ms")) > 0.0);
	if (json_object_get(rd, "error"))
		fail_msg("series error: %s", json_string_value(json_object_get(rd, "error")));
	/* a reading takes a round trip through ssh and a shell; read() never waits for one */
	print_message("# readings %d (skipped %d), mean %.1f ms, max %.1f ms; longest read() %d ms\n",
		      (int)n, (int)skipped, json_real_value(json_object_get(rd, "mean_ms")),
		      json_real_value(json_object_get(rd, "max_ms")), (int)longest);
	assert_true(longest < 100);
	json_decref(r);
}

/* A host without getconf (BusyBox): 100, said so. */
static void test_remote_user_hz_assumed(void **state)
{
	struct fx *f = *state;
	char path[600], *np = NULL;
	int64_t longest;
	json_t *r;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/getconf", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("#!/bin/sh\n# stand-in: a host whose getconf is missing\nexit 127\n", fp);
	fclose(fp);
	assert_int_equal(chmod(path, 0700), 0);
	assert_true(asprintf(&np, "%s:%s", f->dir, f->oldpath) > 0);
	setenv("PATH", np, 1);
	free(np);
	/* the stand-in's remote shell has the PATH of its master: a host connected anew */
	wb_host_free(f->h);
	f->h = NULL;
	assert_int_equal(open_ssh(f), 0);
	r = run_window(f, 0, 10, &longest);
	assert_int_equal(json_integer_value(json_object_get(r, "user_hz")), 100);
	assert_string_equal(json_string_value(json_object_get(r, "user_hz_source")), "assumed");
	assert_non_null(strstr(json_string_value(json_object_get(r, "user_hz_note")),
			       "100 assumed"));
	assert_null(json_object_get(r, "series"));
	json_decref(r);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_remote_series_one_round_trip_per_reading,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_remote_user_hz_assumed, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
