/* The latency collector (collectors/latency.c): ping's lines, iputils and BusyBox, and a
 * live run of this machine's ping. */
#include <errno.h>
#include <math.h>
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

#include "collectors/latency.h"
#include "reports/latency_stats.h"
#include "tests/unit/fixture.h"
#include "wbench/host/host.h"
#include "wbench/lib/util.h"

#include "tests/unit/assert_near.h"

/* Every line of a fixture through the parser: replies (seq from 0, in order), summary. */
static void check_fixture(const char *name, unsigned long want)
{
	char *text = wbt_fixture_read(name), *line, *save = NULL;
	unsigned long replies = 0;
	bool summary = false;

	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct wb_ping_line l;

		assert_int_equal(wb_latency_parse_line(line, &l), 0);
		if (l.kind == WB_PING_REPLY) {
			assert_int_equal(l.seq, replies);
			assert_true(l.rtt_ms > 0 && l.rtt_ms < 100);
			assert_false(l.dup);
			replies++;
		} else if (l.kind == WB_PING_SUMMARY) {
			assert_int_equal(l.transmitted, want);
			assert_int_equal(l.received, want);
			summary = true;
		}
	}
	assert_int_equal(replies, want);
	assert_true(summary);
	free(text);
}

static void test_real_output(void **state)
{
	(void)state;
	check_fixture("ping/iputils-ok.txt", 5);
	check_fixture("ping/busybox-ok.txt", 5);
}

/* Real output with loss and a duplicate (netem on a namespace's loopback, in the VM):
 * the unique replies are ping's own "received", in increasing sequence, and the DUP! line
 * is told apart. */
static void check_loss(const char *name, unsigned long sent, unsigned long recv)
{
	char *text = wbt_fixture_read(name), *line, *save = NULL;
	unsigned long replies = 0, dups = 0, last = 0;
	struct wb_ping_line l;

	assert_non_null(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		assert_int_equal(wb_latency_parse_line(line, &l), 0);
		if (l.kind == WB_PING_REPLY && l.dup) {
			dups++;
		} else if (l.kind == WB_PING_REPLY) {
			assert_true(replies == 0 || l.seq > last);
			assert_true(l.seq < sent);
			last = l.seq;
			replies++;
		} else if (l.kind == WB_PING_SUMMARY) {
			assert_int_equal(l.transmitted, sent);
			assert_int_equal(l.received, recv);
		}
	}
	assert_int_equal(replies, recv);
	assert_int_equal(dups, 1);
	free(text);
}

static void test_real_loss(void **state)
{
	(void)state;
	check_loss("ping/iputils-loss.txt", 40, 24);
	check_loss("ping/busybox-loss.txt", 40, 28);
}

static void test_lines(void **state)
{
	static const struct {
		const char *line;
		int ret;
		enum wb_ping_kind kind;
		unsigned long seq;
		double rtt;
		bool dup;
	} t[] = {
		{ "64 bytes from 10.0.0.1: icmp_seq=7 ttl=64 time=12.5 ms", 0, WB_PING_REPLY, 6, 12.5, false },
		{ "64 bytes from 10.0.0.1: seq=7 ttl=64 time=0.070 ms (DUP!)", 0, WB_PING_REPLY, 7, 0.07, true },
		{ "[1765000000.123456] 64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=3 ms", 0,
		  WB_PING_REPLY, 0, 3, false },
		{ "64 bytes from fe80::1%wlan0: icmp_seq=2 ttl=64 time=1.00 ms", 0, WB_PING_REPLY, 1, 1, false },
		/* iputils never says icmp_seq=0: not its line */
		{ "64 bytes from 10.0.0.1: icmp_seq=0 ttl=64 time=1 ms", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=1 ttl=64 time=-1 ms", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=1 ttl=64 time=1e999 ms", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=1 ttl=64 time=nan ms", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=1 ttl=64 time=90000000 ms", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=99999999999999999999999 ttl=64 time=1 ms", -EINVAL,
		  WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=1 ttl=64", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "64 bytes from 10.0.0.1: seq=1 ttl=64 time=1 s", -EINVAL, WB_PING_OTHER, 0, 0, false },
		{ "PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.", 0, WB_PING_OTHER, 0, 0, false },
		{ "From 10.0.0.2 icmp_seq=3 Destination Host Unreachable", 0, WB_PING_OTHER, 0, 0, false },
		{ "[17650", 0, WB_PING_OTHER, 0, 0, false },
		{ "", 0, WB_PING_OTHER, 0, 0, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct wb_ping_line l;
		int r = wb_latency_parse_line(t[i].line, &l);

		if (r != t[i].ret)
			fail_msg("'%s': %d, want %d", t[i].line, r, t[i].ret);
		if (r < 0)
			continue;
		assert_int_equal(l.kind, t[i].kind);
		if (l.kind != WB_PING_REPLY)
			continue;
		assert_int_equal(l.seq, t[i].seq);
		assert_near(l.rtt_ms, t[i].rtt, 1e-9);
		assert_int_equal(l.dup, t[i].dup);
	}
}

static void test_summaries(void **state)
{
	struct wb_ping_line l;

	(void)state;
	assert_int_equal(wb_latency_parse_line("40 packets transmitted, 27 received, +3 duplicates, "
					       "32.5% packet loss, time 2003ms", &l), 0);
	assert_int_equal(l.kind, WB_PING_SUMMARY);
	assert_int_equal(l.transmitted, 40);
	assert_int_equal(l.received, 27);
	assert_int_equal(wb_latency_parse_line("40 packets transmitted, 27 packets received, "
					       "+3 duplicates, 32% packet loss", &l), 0);
	assert_int_equal(l.received, 27);
	assert_int_equal(wb_latency_parse_line("40 packets transmitted, lots received", &l), -EINVAL);
	assert_int_equal(wb_latency_parse_line("-4 packets transmitted, 1 received", &l), -EINVAL);
}

/* @target with this machine's ping: its result object; stopped after @stop_ms when > 0. */
static json_t *live_for(const char *ping, const char *target, unsigned int count,
			int64_t stop_ms)
{
	struct wb_latency_params p;
	struct wb_collector_cfg cfg = { .label = "sta", .priv = &p };
	const struct wb_collector_ops *ops = &wb_latency_collector;
	struct wb_collector *c;
	struct wb_host *h;
	json_t *r = NULL;
	int64_t until;

	assert_int_equal(wb_host_local_new(&h), 0);
	wb_latency_params_init(&p);
	p.host = h;
	p.target = target;
	p.interval_ms = 20;
	p.count = count;
	p.ping = ping;
	assert_int_equal(ops->open(&cfg, &c), 0);
	(void)ops->start(c);
	until = wb_now_ms() + (stop_ms > 0 ? stop_ms : 5000);
	while (!wb_latency_done(c) && wb_now_ms() < until) {
		usleep(10000);
		ops->read(c);
	}
	assert_int_equal(ops->stop(c), 0);
	assert_int_equal(ops->result(c, &r), 0);
	ops->close(c);
	wb_host_free(h);
	return r;
}

static json_t *live(const char *ping, const char *target, unsigned int count)
{
	return live_for(ping, target, count, 0);
}

static bool have_ping(void)
{
	return access("/usr/bin/ping", X_OK) == 0 || access("/bin/ping", X_OK) == 0;
}

/* The window closed early (the traffic failed): the probes ping never sent are not lost. */
static void test_live_stopped_early(void **state)
{
	json_t *r;
	json_int_t sent;

	(void)state;
	if (!have_ping())
		skip();
	r = live_for(NULL, "127.0.0.1", 500, 1500);
	sent = json_integer_value(json_object_get(r, "sent"));
	assert_true(sent >= 20 && sent < 500);
	assert_int_equal(json_integer_value(json_object_get(r, "received")), sent);
	assert_near(json_number_value(json_object_get(r, "loss_pct")), 0, 0);
	json_decref(r);
}

static void test_live_loopback(void **state)
{
	json_t *r;

	(void)state;
	if (!have_ping())
		skip(); /* make deps installs iputils-ping */
	r = live(NULL, "127.0.0.1", 10);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "ok");
	assert_int_equal(json_integer_value(json_object_get(r, "sent")), 10);
	assert_int_equal(json_integer_value(json_object_get(r, "received")), 10);
	assert_int_equal(json_array_size(json_object_get(r, "rtt_ms")), 10);
	assert_near(json_number_value(json_object_get(r, "loss_pct")), 0, 0);
	assert_int_equal(json_array_size(json_object_get(r, "lost_at_s")), 0);
	json_decref(r);
}

static void test_live_no_ping(void **state)
{
	json_t *r;

	(void)state;
	r = live("/nonexistent/ping", "127.0.0.1", 3);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "failed");
	assert_non_null(strstr(json_string_value(json_object_get(r, "message")),
			       "is ping installed there?"));
	json_decref(r);
}

static double qv(const json_t *phase, const char *k)
{
	return json_number_value(json_object_get(json_object_get(phase, "rtt_ms"), k));
}

/* cells[].latency: each phase's quantiles (linear, type 7), the added latency. */
static void test_cell_object(void **state)
{
	json_t *idle_res = json_pack("{s:s, s:i, s:i, s:i, s:f, s:[f,f,f,f], s:[]}", "status", "ok",
				     "sent", 4, "received", 4, "duplicates", 0, "loss_pct", 0.0,
				     "rtt_ms", 1.0, 1.0, 2.0, 1.0, "lost_at_s");
	json_t *loaded_res = json_pack("{s:s, s:i, s:i, s:i, s:f, s:[f,f,f,f,f], s:[f]}", "status",
				       "ok", "sent", 6, "received", 5, "duplicates", 1, "loss_pct",
				       100.0 / 6, "rtt_ms", 10.0, 2.0, 4.0, 3.0, 1.0, "lost_at_s", 0.5);
	json_t *idle = wb_latency_phase(idle_res, 20, 0), *loaded = wb_latency_phase(loaded_res, 10, 1);
	json_t *cell;

	(void)state;
	assert_near(qv(loaded, "p50"), 3, 1e-12);
	assert_near(qv(loaded, "p90"), 7.6, 1e-12);
	assert_near(qv(loaded, "p99"), 9.76, 1e-12);
	assert_near(qv(loaded, "max"), 10, 1e-12);
	assert_near(qv(idle, "p50"), 1, 1e-12);
	assert_null(json_object_get(idle, "lost_at_s"));
	assert_int_equal(json_array_size(json_object_get(loaded, "lost_at_s")), 1);
	assert_int_equal(json_integer_value(json_object_get(loaded, "probes_per_s")), 10);
	cell = wb_latency_cell(idle, loaded, "10.99.0.1", 56);
	assert_string_equal(json_string_value(json_object_get(cell, "status")), "ok");
	assert_near(json_number_value(json_object_get(json_object_get(cell, "added_ms"), "p50")), 2,
		    1e-12);
	assert_near(json_number_value(json_object_get(json_object_get(cell, "added_ms"), "p90")),
		    7.6 - 1.7, 1e-12);
	json_decref(cell);
	/* no replies under load: quantiles null, no added latency, the cell failed */
	json_object_set_new(loaded_res, "rtt_ms", json_array());
	json_object_set_new(loaded_res, "status", json_string("failed"));
	json_object_set_new(loaded_res, "message", json_string("ping on sta sent nothing"));
	cell = wb_latency_cell(wb_latency_phase(idle_res, 20, 0),
			       wb_latency_phase(loaded_res, 10, 1), "10.99.0.1", 56);
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(cell, "loaded"),
								  "rtt_ms"), "p50")));
	assert_true(json_is_null(json_object_get(cell, "added_ms")));
	assert_string_equal(json_string_value(json_object_get(cell, "status")), "failed");
	assert_string_equal(json_string_value(json_object_get(cell, "message")),
			    "ping on sta sent nothing");
	json_decref(cell);
	cell = wb_latency_cell(NULL, NULL, NULL, 56);
	assert_string_equal(json_string_value(json_object_get(cell, "status")), "failed");
	json_decref(cell);
	json_decref(idle_res);
	json_decref(loaded_res);
}

static void test_bad_params(void **state)
{
	struct wb_latency_params p;
	struct wb_collector_cfg cfg = { .priv = &p };
	struct wb_collector *c;
	struct wb_host *h;

	(void)state;
	assert_int_equal(wb_host_local_new(&h), 0);
	wb_latency_params_init(&p);
	p.host = h;
	p.target = "10.0.0.1";
	p.interval_ms = 5;
	assert_int_equal(wb_latency_collector.open(&cfg, &c), -EINVAL);
	p.interval_ms = 100;
	p.count = WB_LATENCY_COUNT_MAX + 1;
	assert_int_equal(wb_latency_collector.open(&cfg, &c), -EINVAL);
	p.count = 1;
	p.target = NULL;
	assert_int_equal(wb_latency_collector.open(&cfg, &c), -EINVAL);
	wb_latency_collector.close(NULL);
	wb_host_free(h);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_output),
		cmocka_unit_test(test_real_loss),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_summaries),
		cmocka_unit_test(test_live_loopback),
		cmocka_unit_test(test_live_stopped_early),
		cmocka_unit_test(test_live_no_ping),
		cmocka_unit_test(test_cell_object),
		cmocka_unit_test(test_bad_params),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
