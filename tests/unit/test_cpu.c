/*
 * CPU collector: /proc/stat parsing and deltas on hand-computed fixtures
 * (tests/fixtures/procstat/), the collector end to end on fixtures swapped between start
 * and stop, and the real /proc/stat.
 */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "collectors/cpu.h"
#include "wbench/host/host.h"
#include "wbench/lib/util.h"

#define FIX "tests/fixtures/procstat/"

static void assert_pct(double got, double want)
{
	if (fabs(got - want) > 1e-9)
		fail_msg("percentage %.12f, expected %.12f", got, want);
}

/* This machine, as the collector reads it. */
static struct wb_host *local_host(void)
{
	struct wb_host *h = NULL;

	assert_int_equal(wb_host_local_new(&h), 0);
	return h;
}

static int snap_read(const char *path, struct wb_cpu_snapshot *s, char *err, size_t len)
{
	struct wb_host *h = local_host();
	int r = wb_cpu_snapshot_read(h, path, s, err, len);

	wb_host_free(h);
	return r;
}

static int sirq_read(const char *path, struct wb_softirq_snapshot *s, char *err, size_t len)
{
	struct wb_host *h = local_host();
	int r = wb_softirq_read(h, path, s, err, len);

	wb_host_free(h);
	return r;
}

static void load(const char *name, struct wb_cpu_snapshot *s)
{
	char err[256] = "";

	if (snap_read(name, s, err, sizeof(err)) != 0)
		fail_msg("%s", err);
}

/* Deltas from fixture A to fixture B. */
static void delta_of(const char *a, const char *b, struct wb_cpu_delta *d)
{
	struct wb_cpu_snapshot sa, sb;

	load(a, &sa);
	load(b, &sb);
	assert_int_equal(wb_cpu_delta_compute(&sa, &sb, d), 0);
	wb_cpu_snapshot_release(&sa);
	wb_cpu_snapshot_release(&sb);
}

static void test_parse_fields(void **state)
{
	struct wb_cpu_snapshot s;

	(void)state;
	load(FIX "2core_b.stat", &s);
	assert_int_equal(s.ncores, 2);
	assert_true(s.mono_ns > 0);
	assert_int_equal(s.all.user, 1040);
	assert_int_equal(s.all.softirq, 75);
	assert_int_equal(s.cores[1].cpu, 1);
	assert_int_equal(s.cores[1].t.nice, 60);
	assert_int_equal(s.cores[1].t.idle, 4140);
	assert_int_equal(s.cores[1].t.iowait, 110);
	assert_int_equal(s.cores[0].t.irq, 5);
	wb_cpu_snapshot_release(&s);
	wb_cpu_snapshot_release(&s);  /* idempotent */
	wb_cpu_snapshot_release(NULL);
}

/* An old kernel's 4-counter lines are accepted, missing counters are 0; cores get sorted. */
static void test_parse_short_and_unsorted(void **state)
{
	struct wb_cpu_snapshot s;
	char err[256];

	(void)state;
	assert_int_equal(wb_cpu_snapshot_parse("cpu 8 0 2 90\ncpu1 4 0 1 45\ncpu0 4 0 1 45\n"
					       "intr 1\n", "old", &s, err, sizeof(err)), 0);
	assert_int_equal(s.ncores, 2);
	assert_int_equal(s.cores[0].cpu, 0);
	assert_int_equal(s.cores[1].cpu, 1);
	assert_int_equal(s.cores[1].t.idle, 45);
	assert_int_equal(s.cores[1].t.iowait, 0);
	assert_int_equal(s.mono_ns, 0);
	wb_cpu_snapshot_release(&s);
	/* a future eleventh counter is ignored, and the last line needs no newline */
	assert_int_equal(wb_cpu_snapshot_parse("cpu  1 2 3 4 5 6 7 8 9 10 11\ncpu0 1 2 3 4 5 6 7 8 "
					       "9 10 11", "new", &s, err, sizeof(err)), 0);
	assert_int_equal(s.cores[0].t.guest_nice, 10);
	wb_cpu_snapshot_release(&s);
}

/*
 * 2 cores, hand-computed. cpu0 deltas: user 30 system 20 idle 40 irq 5 softirq 5 = 100;
 * cpu1: user 10 nice 10 system 10 idle 140 iowait 10 softirq 20 = 200.
 */
static void test_two_cores(void **state)
{
	struct wb_cpu_delta d;

	(void)state;
	delta_of(FIX "2core_a.stat", FIX "2core_b.stat", &d);
	assert_int_equal(d.ncores, 2);
	assert_int_equal(d.nvanished + d.nappeared, 0);
	assert_int_equal(d.cores[0].ticks, 100);
	assert_pct(d.cores[0].pct.user, 30);
	assert_pct(d.cores[0].pct.system, 20);
	assert_pct(d.cores[0].pct.irq, 5);
	assert_pct(d.cores[0].pct.softirq, 5);
	assert_pct(d.cores[0].pct.idle, 40);
	assert_pct(d.cores[0].pct.busy, 60);
	assert_int_equal(d.cores[1].ticks, 200);
	assert_pct(d.cores[1].pct.user, 5);
	assert_pct(d.cores[1].pct.nice, 5);
	assert_pct(d.cores[1].pct.iowait, 5);
	assert_pct(d.cores[1].pct.softirq, 10);
	/* iowait is not busy: (200 - 140 - 10) / 200 */
	assert_pct(d.cores[1].pct.busy, 25);
	/* aggregate: busy 110 of 300 ticks, softirq 25 of 300 */
	assert_int_equal(d.ticks, 300);
	assert_pct(d.all.busy, 110.0 * 100 / 300);
	assert_pct(d.all.softirq, 25.0 * 100 / 300);
	assert_pct(d.all.user, 40.0 * 100 / 300);
	assert_int_equal(d.min_core_ticks, 100);
	assert_int_equal(d.busiest_cpu, 0);
	assert_pct(d.busiest_pct, 60);
	assert_int_equal(d.softest_cpu, 1);
	assert_pct(d.softest_pct, 10);
	assert_false(d.cores[0].clamped || d.cores[1].clamped);
	wb_cpu_delta_release(&d);
	wb_cpu_delta_release(&d);
	wb_cpu_delta_release(NULL);
}

/* user includes guest: guest (80 ticks) must not be added to the total a second time. */
static void test_one_core_guest(void **state)
{
	struct wb_cpu_delta d;

	(void)state;
	delta_of(FIX "1core_guest_a.stat", FIX "1core_guest_b.stat", &d);
	assert_int_equal(d.ncores, 1);
	assert_int_equal(d.cores[0].ticks, 100);
	assert_int_equal(d.cores[0].d.guest, 80);
	assert_pct(d.cores[0].pct.user, 80);
	assert_pct(d.cores[0].pct.busy, 90);
	assert_pct(d.all.busy, 90);
	wb_cpu_delta_release(&d);
}

/* 8 cores of 100 ticks each; cpu5 is saturated by softirq while the mean looks modest. */
static void test_eight_cores(void **state)
{
	static const double busy[8] = { 15, 25, 10, 0, 50, 95, 20, 20 };
	struct wb_cpu_delta d;
	size_t i;

	(void)state;
	delta_of(FIX "8core_a.stat", FIX "8core_b.stat", &d);
	assert_int_equal(d.ncores, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(d.cores[i].cpu, i);
		assert_int_equal(d.cores[i].ticks, 100);
		assert_pct(d.cores[i].pct.busy, busy[i]);
	}
	assert_pct(d.cores[6].pct.irq, 10);
	assert_pct(d.cores[7].pct.steal, 20);
	assert_pct(d.all.busy, 235.0 / 8);
	assert_pct(d.all.softirq, 90.0 / 8);
	assert_int_equal(d.busiest_cpu, 5);
	assert_pct(d.busiest_pct, 95);
	assert_int_equal(d.softest_cpu, 5);
	assert_pct(d.softest_pct, 80);
	wb_cpu_delta_release(&d);
}

/* cpu0's user and cpu1's iowait go backwards a little: clamped to 0, flagged, no wrap. */
static void test_counter_backwards(void **state)
{
	struct wb_cpu_delta d;

	(void)state;
	delta_of(FIX "backwards_a.stat", FIX "backwards_b.stat", &d);
	assert_true(d.cores[0].clamped);
	assert_false(d.cores[0].restarted);
	assert_int_equal(d.cores[0].d.user, 0);
	assert_int_equal(d.cores[0].ticks, 100);
	assert_pct(d.cores[0].pct.busy, 20);
	assert_true(d.cores[1].clamped);
	assert_false(d.cores[1].restarted);
	assert_int_equal(d.cores[1].d.iowait, 0);
	assert_int_equal(d.cores[1].ticks, 100);
	assert_pct(d.cores[1].pct.busy, 70);
	wb_cpu_delta_release(&d);
}

/*
 * cpu2 went offline, cpu3 came online, cpu1 went offline and back (its idle and iowait
 * restarted from 0). Only cpu0 and cpu1 are compared.
 */
static void test_hotplug(void **state)
{
	struct wb_cpu_delta d;

	(void)state;
	delta_of(FIX "hotplug_a.stat", FIX "hotplug_b.stat", &d);
	assert_int_equal(d.ncores, 2);
	assert_int_equal(d.nvanished, 1);
	assert_int_equal(d.vanished[0], 2);
	assert_int_equal(d.nappeared, 1);
	assert_int_equal(d.appeared[0], 3);
	assert_false(d.cores[0].restarted);
	assert_pct(d.cores[0].pct.busy, 10);
	assert_true(d.cores[1].restarted);
	assert_int_equal(d.cores[1].d.idle, 60);
	assert_int_equal(d.cores[1].d.iowait, 2);
	assert_int_equal(d.cores[1].ticks, 100);
	assert_pct(d.cores[1].pct.busy, 38);
	assert_int_equal(d.ticks, 200);
	assert_pct(d.all.busy, 24);
	wb_cpu_delta_release(&d);
}

/* No tick elapsed (same snapshot twice): ticks 0, no busiest core, no division by zero. */
static void test_zero_window(void **state)
{
	struct wb_cpu_delta d;

	(void)state;
	delta_of(FIX "2core_a.stat", FIX "2core_a.stat", &d);
	assert_int_equal(d.ticks, 0);
	assert_int_equal(d.min_core_ticks, 0);
	assert_int_equal(d.busiest_cpu, -1);
	assert_pct(d.all.busy, 0);
	wb_cpu_delta_release(&d);
}

static void expect_error(const char *file, const char *needle1, const char *needle2)
{
	struct wb_cpu_snapshot s;
	char err[256] = "";

	assert_int_equal(snap_read(file, &s, err, sizeof(err)), -EINVAL);
	assert_null(s.cores);
	assert_int_equal(s.ncores, 0);
	if (!strstr(err, file) || !strstr(err, needle1) || (needle2 && !strstr(err, needle2)))
		fail_msg("message '%s' lacks '%s' / '%s' / '%s'", err, file, needle1,
			 needle2 ? needle2 : "");
}

static void test_malformed(void **state)
{
	struct wb_cpu_snapshot s;
	char err[256] = "";

	(void)state;
	expect_error(FIX "bad_number.stat", "line 3", "'x3'");
	expect_error(FIX "few_counters.stat", "line 2", "at least 4");
	expect_error(FIX "negative.stat", "line 2", "'-2'");
	expect_error(FIX "bad_core_id.stat", "line 2", "'cpuX'");
	expect_error(FIX "no_aggregate.stat", "no aggregate 'cpu' line", NULL);
	expect_error(FIX "duplicate_core.stat", "'cpu0' appears twice", NULL);
	expect_error(FIX "overflow.stat", "line 2", "counter 3");
	expect_error(FIX "empty.stat", "no aggregate", NULL);
	/* a missing file is an I/O error, named too */
	assert_int_equal(snap_read(FIX "nope.stat", &s, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "nope.stat"));
	/* no error buffer: still refused, no crash */
	assert_int_equal(wb_cpu_snapshot_parse("cpu 1 2\n", NULL, &s, NULL, 0), -EINVAL);
}

/* One counter holding every tick of a window is exactly 100 %, for any window length
 * (11 ticks gave 100.00000000000001 when the factor 100 / ticks was rounded first, and a
 * results file with it fails the 0..100 check); a counter no uptime gives is refused,
 * before eight of them times thousands of cores could wrap the sum (found by fuzzing). */
static void test_pct_bounds(void **state)
{
	struct wb_cpu_snapshot a, b;
	struct wb_cpu_delta d;
	char text[128], err[256] = "";

	(void)state;
	assert_int_equal(wb_cpu_snapshot_parse("cpu 0 0 0 0\ncpu0 0 0 0 0\n", "a", &a, err,
					       sizeof(err)), 0);
	for (unsigned int t = 1; t <= 5000; t++) {
		snprintf(text, sizeof(text), "cpu 0 0 0 0 0 0 %u\ncpu0 0 0 0 0 0 0 %u\n", t, t);
		assert_int_equal(wb_cpu_snapshot_parse(text, "b", &b, err, sizeof(err)), 0);
		assert_int_equal(wb_cpu_delta_compute(&a, &b, &d), 0);
		if (d.cores[0].pct.idle > 100.0 || d.cores[0].pct.softirq > 100.0 ||
		    d.all.idle > 100.0 || d.all.busy > 100.0)
			fail_msg("%u ticks: idle %.17g softirq %.17g busy %.17g %%", t,
				 d.cores[0].pct.idle, d.cores[0].pct.softirq, d.all.busy);
		wb_cpu_delta_release(&d);
		wb_cpu_snapshot_release(&b);
	}
	snprintf(text, sizeof(text), "cpu 0 0 0 11\ncpu0 0 0 0 11\n");
	assert_int_equal(wb_cpu_snapshot_parse(text, "b", &b, err, sizeof(err)), 0);
	assert_int_equal(wb_cpu_delta_compute(&a, &b, &d), 0);
	assert_true(d.cores[0].pct.idle == 100.0);
	wb_cpu_delta_release(&d);
	wb_cpu_snapshot_release(&b);
	wb_cpu_snapshot_release(&a);
	assert_int_equal(wb_cpu_snapshot_parse("cpu 1 2 3 4\ncpu0 1 2 18446744073709551615 4\n",
					       "big", &a, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "counter 3 of 'cpu0'"));
	assert_non_null(strstr(err, "more than any uptime gives"));
}

static void test_softirqs(void **state)
{
	struct wb_softirq_snapshot s;
	char err[256] = "";

	(void)state;
	assert_int_equal(sirq_read(FIX "softirqs_b", &s, err, sizeof(err)), 0);
	assert_int_equal(s.ncpus, 2);
	assert_int_equal(s.cpu[1], 1);
	assert_int_equal(s.net_rx[0], 1500);
	assert_int_equal(s.net_rx[1], 2250);
	assert_int_equal(s.net_tx[0], 15);
	wb_softirq_release(&s);
	assert_int_equal(sirq_read(FIX "softirqs_short", &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "softirqs_short' line 2"));
	assert_non_null(strstr(err, "NET_TX"));
	assert_int_equal(sirq_read(FIX "2core_a.stat", &s, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "'CPUn'"));
}

/* Copy fixture @name over @path (the collector's stat_path), atomically. */
static void put_fixture(const char *name, const char *path)
{
	char *text = NULL;
	size_t len;

	assert_int_equal(wb_read_file(name, 1 << 20, &text, &len), 0);
	assert_int_equal(wb_write_file_atomic(path, text, len, 0600), 0);
	free(text);
}

static double num(json_t *o, const char *path1, const char *key)
{
	json_t *v = path1 ? json_object_get(o, path1) : o;

	v = json_object_get(v, key);
	if (!json_is_number(v))
		fail_msg("'%s.%s' is not a number", path1 ? path1 : "", key);
	return json_number_value(v);
}

/* The collector end to end on fixtures that change between start and stop. */
static void test_collector_fixtures(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-cpu");
	char stat[4096], sirq[4096];
	struct wb_cpu_params p;
	struct wb_host *host = local_host();
	struct wb_collector_cfg cfg = { .host = host, .label = "ap" };
	struct wb_collector *c;
	json_t *r, *cores;

	(void)state;
	assert_non_null(dir);
	snprintf(stat, sizeof(stat), "%s/stat", dir);
	snprintf(sirq, sizeof(sirq), "%s/softirqs", dir);
	put_fixture(FIX "8core_a.stat", stat);
	put_fixture(FIX "softirqs_a", sirq);
	wb_cpu_params_init(&p);
	p.stat_path = stat;
	p.softirqs_path = sirq;
	p.period_ms = 0;
	p.user_hz = 100;
	cfg.priv = &p;
	assert_int_equal(wb_cpu_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_cpu_collector.start(c), 0);
	assert_int_equal(wb_cpu_collector.poll_fd(c), -1);
	put_fixture(FIX "8core_b.stat", stat);
	put_fixture(FIX "softirqs_b", sirq);
	assert_int_equal(wb_cpu_collector.stop(c), 0);
	assert_int_equal(wb_cpu_collector.result(c, &r), 0);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(r, "label")), "ap");
	assert_non_null(strstr(json_string_value(json_object_get(r, "definition")),
			       "busy_pct = 100*(total-idle-iowait)/total"));
	assert_int_equal((int)num(r, NULL, "user_hz"), 100);
	assert_int_equal((int)num(r, NULL, "ticks_per_core"), 100);
	assert_pct(num(r, NULL, "resolution_pct"), 1.0);
	assert_null(json_object_get(r, "resolution_note"));
	assert_pct(num(r, "all", "busy_pct"), 235.0 / 8);
	assert_int_equal((int)num(r, "busiest", "cpu"), 5);
	assert_pct(num(r, "busiest", "busy_pct"), 95);
	assert_int_equal((int)num(r, "max_softirq", "cpu"), 5);
	cores = json_object_get(r, "cores");
	assert_int_equal(json_array_size(cores), 8);
	assert_pct(num(json_array_get(cores, 4), NULL, "softirq_pct"), 10);
	/* NET_RX deltas 500 and 250, NET_TX 10 and 0 */
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
		json_object_get(r, "softirqs"), "net_rx"), 1)), 250);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(
		json_object_get(r, "softirqs"), "net_tx"), 0)), 10);
	assert_null(json_object_get(r, "series"));
	json_decref(r);
	wb_cpu_collector.close(c);
	wb_cpu_collector.close(NULL);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	wb_host_free(host);
}

/* A window of 20 ticks per core cannot resolve 1%: the result says so. */
static void test_collector_resolution_note(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-cpu");
	char stat[4096];
	struct wb_cpu_params p;
	struct wb_host *host = local_host();
	struct wb_collector_cfg cfg = { .host = host, .label = "sta", .priv = &p };
	struct wb_collector *c;
	const char *a = "cpu  100 0 0 100 0 0 0 0 0 0\ncpu0 100 0 0 100 0 0 0 0 0 0\n";
	const char *b = "cpu  110 0 0 110 0 0 0 0 0 0\ncpu0 110 0 0 110 0 0 0 0 0 0\n";
	json_t *r;

	(void)state;
	snprintf(stat, sizeof(stat), "%s/stat", dir);
	assert_int_equal(wb_write_file_atomic(stat, a, strlen(a), 0600), 0);
	wb_cpu_params_init(&p);
	p.stat_path = stat;
	p.softirqs_path = NULL;
	p.period_ms = 0;
	assert_int_equal(wb_cpu_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_cpu_collector.start(c), 0);
	assert_int_equal(wb_write_file_atomic(stat, b, strlen(b), 0600), 0);
	assert_int_equal(wb_cpu_collector.stop(c), 0);
	assert_int_equal(wb_cpu_collector.result(c, &r), 0);
	assert_pct(num(r, NULL, "resolution_pct"), 5.0);
	assert_non_null(strstr(json_string_value(json_object_get(r, "resolution_note")),
			       "20 ticks"));
	assert_pct(num(r, "all", "busy_pct"), 50);
	assert_null(json_object_get(r, "softirqs"));
	json_decref(r);
	wb_cpu_collector.close(c);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	wb_host_free(host);
}

/* A stat file that turns bad during the window: stop fails, the result says why. */
static void test_collector_bad_stop(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-cpu");
	char stat[4096];
	struct wb_cpu_params p;
	struct wb_host *host = local_host();
	struct wb_collector_cfg cfg = { .host = host, .priv = &p };
	struct wb_collector *c;
	json_t *r;

	(void)state;
	snprintf(stat, sizeof(stat), "%s/stat", dir);
	put_fixture(FIX "2core_a.stat", stat);
	wb_cpu_params_init(&p);
	p.stat_path = stat;
	p.softirqs_path = NULL;
	p.period_ms = 0;
	assert_int_equal(wb_cpu_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_cpu_collector.start(c), 0);
	put_fixture(FIX "bad_number.stat", stat);
	assert_int_equal(wb_cpu_collector.stop(c), -EINVAL);
	assert_int_equal(wb_cpu_collector.result(c, &r), 0);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "failed");
	assert_non_null(strstr(json_string_value(json_object_get(r, "message")), "line 3"));
	json_decref(r);
	wb_cpu_collector.close(c);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	wb_host_free(host);
}

/* The real /proc/stat, twice, with one timer-driven sample in between. */
static void test_real_proc_stat(void **state)
{
	struct wb_cpu_params p;
	struct wb_host *host = local_host();
	struct wb_collector_cfg cfg = { .host = host, .label = "local", .priv = &p };
	struct wb_collector *c;
	struct pollfd pfd;
	json_t *r, *series, *sample;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	double busy;

	(void)state;
	wb_cpu_params_init(&p);
	p.period_ms = 100;
	assert_int_equal(wb_cpu_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_cpu_collector.start(c), 0);
	pfd.fd = wb_cpu_collector.poll_fd(c);
	pfd.events = POLLIN;
	assert_true(pfd.fd >= 0);
	/* the bound is a hang guard only: the timer fires after 100 ms */
	assert_int_equal(poll(&pfd, 1, 10000), 1);
	assert_int_equal(wb_cpu_collector.read(c), 0);
	assert_int_equal(wb_cpu_collector.stop(c), 0);
	assert_int_equal(wb_cpu_collector.poll_fd(c), -1);
	assert_int_equal(wb_cpu_collector.result(c, &r), 0);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "ok");
	assert_int_equal((long)num(r, NULL, "user_hz"), sysconf(_SC_CLK_TCK));
	assert_int_equal((long)num(r, NULL, "ncores"), online);
	assert_true(num(r, "window", "seconds") > 0);
	if (json_is_number(json_object_get(json_object_get(r, "all"), "busy_pct"))) {
		busy = num(r, "all", "busy_pct");
		assert_true(busy >= 0 && busy <= 100);
	}
	series = json_object_get(r, "series");
	assert_int_equal((int)num(series, NULL, "period_ms"), 100);
	assert_int_equal(json_array_size(json_object_get(series, "samples")), 1);
	sample = json_array_get(json_object_get(series, "samples"), 0);
	assert_true(num(sample, NULL, "t_ms") >= 100);
	assert_true(json_array_size(json_object_get(sample, "cpu")) <= (size_t)online);
	assert_true(json_is_array(json_object_get(json_object_get(r, "softirqs"), "net_rx")));
	json_decref(r);
	wb_cpu_collector.close(c);
	wb_host_free(host);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_parse_short_and_unsorted),
		cmocka_unit_test(test_two_cores),
		cmocka_unit_test(test_one_core_guest),
		cmocka_unit_test(test_eight_cores),
		cmocka_unit_test(test_counter_backwards),
		cmocka_unit_test(test_hotplug),
		cmocka_unit_test(test_zero_window),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_pct_bounds),
		cmocka_unit_test(test_softirqs),
		cmocka_unit_test(test_collector_fixtures),
		cmocka_unit_test(test_collector_resolution_note),
		cmocka_unit_test(test_collector_bad_stop),
		cmocka_unit_test(test_real_proc_stat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
