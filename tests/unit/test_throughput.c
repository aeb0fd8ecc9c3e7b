/*
 * Throughput collector: real libiperf 3.12 on loopback (TCP up and down, UDP with a
 * bitrate), the failure paths (nobody listening, a server that cannot bind, a server that
 * never answers, cancellation), no child left behind, the JSON parser on recorded 3.12
 * output (tests/fixtures/iperf/), and a run across two network namespaces joined by a
 * veth pair when this host lets us create them.
 */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "collectors/throughput.h"
#include "wbench/host/host.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

#define FIX "tests/fixtures/iperf/"

/* A TCP port the kernel just handed out on 127.0.0.1 (free an instant ago). */
static unsigned int free_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void assert_no_child(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* Every role runs on this machine (created by the group setup). */
static struct wb_host *local;

static void tp_init(struct wb_throughput_params *p)
{
	wb_throughput_params_init(p);
	p->server_host = p->client_host = local;
}

static int group_setup(void **state)
{
	(void)state;
	return wb_host_local_new(&local);
}

static int group_teardown(void **state)
{
	(void)state;
	wb_host_free(local);
	return 0;
}

static void params(struct wb_throughput_params *p)
{
	tp_init(p);
	p->port = free_port();
	p->duration_s = 2;
	p->omit_s = 1;
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	if (!s)
		fail_msg("'%s' is not a string", k);
	return s;
}

static double num(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (!json_is_number(v))
		fail_msg("'%s' is not a number", k);
	return json_number_value(v);
}

static void assert_ok(json_t *r)
{
	if (strcmp(str(r, "status"), "ok") != 0)
		fail_msg("status '%s': %s", str(r, "status"),
			 json_string_value(json_object_get(r, "message")));
}

/* Intervals present, the omitted warm-up flagged, and the measured ones carrying bytes. */
static void assert_intervals(json_t *r)
{
	json_t *iv = json_object_get(r, "intervals"), *e;
	size_t i, omitted = 0, measured = 0;

	assert_true(json_array_size(iv) >= 2);
	json_array_foreach(iv, i, e) {
		assert_true(json_is_boolean(json_object_get(e, "omitted")));
		num(e, "start");
		num(e, "end");
		num(e, "seconds");
		if (json_is_true(json_object_get(e, "omitted"))) {
			omitted++;
		} else {
			measured++;
			assert_true(num(e, "bytes") > 0);
			assert_true(num(e, "bits_per_second") > 0);
		}
	}
	assert_true(omitted >= 1);
	assert_true(measured >= 1);
}

static void assert_window(json_t *r)
{
	json_t *w = json_object_get(r, "window");

	assert_true(num(w, "start_mono_ns") > 0);
	assert_true(num(w, "end_mono_ns") > num(w, "start_mono_ns"));
	assert_true(num(w, "end_mono_ns") <= (double)wb_now_ns());
}

static void test_tcp_up(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p);
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_string_equal(str(r, "proto"), "tcp");
	assert_string_equal(str(r, "direction"), "up");
	assert_true(num(r, "bits_per_second") > 0);
	assert_true(num(r, "sender_bits_per_second") > 0);
	assert_true(num(r, "bytes") > 0);
	assert_true(num(r, "seconds") > 1);
	assert_true(num(r, "retransmits") >= 0);  /* Linux TCP_INFO gives the sender's count */
	assert_int_equal((int)num(r, "blksize"), 131072);
	assert_string_equal(str(r, "intervals_view"), "receiver");
	assert_string_equal(str(r, "iperf_version"), "iperf 3.12");
	assert_non_null(strstr(str(json_object_get(r, "iperf_cpu_utilization_percent"), "scope"),
			       "iperf processes only"));
	assert_null(json_object_get(r, "jitter_ms"));
	assert_intervals(r);
	assert_window(r);
	json_decref(r);
	assert_no_child();
}

/* Reverse mode: the server sends; goodput is still the receiver's (now the client). */
static void test_tcp_down(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p);
	p.dir = WB_THROUGHPUT_DOWN;
	p.streams = 2;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_string_equal(str(r, "direction"), "down");
	assert_int_equal((int)num(r, "streams"), 2);
	assert_true(num(r, "bits_per_second") > 0);
	assert_true(num(r, "retransmits") >= 0);
	/* retransmits live on the sender (the server) and are joined into the intervals */
	assert_true(json_is_number(json_object_get(
		json_array_get(json_object_get(r, "intervals"), 1), "retransmits")));
	assert_intervals(r);
	assert_window(r);
	json_decref(r);
	assert_no_child();
}

static void test_udp_bitrate(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p);
	p.proto = WB_THROUGHPUT_UDP;
	p.udp_bitrate = 20000000;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_string_equal(str(r, "proto"), "udp");
	/* without an explicit block size 3.12 would send 128 KiB datagrams: EMSGSIZE */
	assert_int_equal((int)num(r, "blksize"), 1460);
	assert_int_equal((json_int_t)num(r, "target_bits_per_second"), 20000000);
	assert_true(num(r, "bits_per_second") > 0);
	assert_true(num(r, "packets") > 0);
	assert_true(num(r, "lost_packets") >= 0);
	assert_true(num(r, "lost_percent") >= 0);
	assert_true(num(r, "jitter_ms") >= 0);
	assert_null(json_object_get(r, "retransmits"));
	assert_intervals(r);
	json_decref(r);
	assert_no_child();
}

/* Nobody listens: iperf's own error text, well before the hard deadline. */
static void test_no_server(void **state)
{
	struct wb_throughput_params p;
	int64_t t0;
	json_t *r;

	(void)state;
	params(&p);
	p.client_only = true;
	p.connect_timeout_ms = 300;
	t0 = wb_now_ms();
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_true(wb_now_ms() - t0 < wb_throughput_deadline_ms(&p));
	assert_string_equal(str(r, "status"), "traffic_failed");
	assert_non_null(strstr(str(r, "message"), "unable to connect to server"));
	assert_non_null(strstr(str(r, "message"), "Connection refused"));
	assert_null(json_object_get(r, "bits_per_second"));
	json_decref(r);
	assert_no_child();
}

/* The server cannot listen: its error is reported and the waiting client is stopped. */
static void test_server_cannot_bind(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p);
	p.server_addr = "192.0.2.1";  /* TEST-NET-1: on no local interface */
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_string_equal(str(r, "status"), "traffic_failed");
	assert_non_null(strstr(str(r, "message"), "iperf server: unable to start listener"));
	json_decref(r);
	assert_no_child();
}

static void test_cancelled(void **state)
{
	struct wb_cancel cancel = { .fd = -1, .fired = true, .signo = 15 };
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p);
	p.duration_s = 30;
	p.cancel = &cancel;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_string_equal(str(r, "status"), "traffic_failed");
	assert_non_null(strstr(str(r, "message"), "cancelled by signal 15"));
	json_decref(r);
	assert_no_child();
}

/*
 * A listener that accepts (through the backlog) but never speaks iperf: the client waits
 * for ever, so only the hard deadline ends it: connect + 1 s + slack + 0.25 s.
 */
static void test_hard_deadline(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	struct wb_throughput_params p;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	json_t *r;

	(void)state;
	params(&p);
	p.client_only = true;
	p.duration_s = 1;
	p.omit_s = 0;
	p.connect_timeout_ms = 100;
	p.slack_ms = 500;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)p.port);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	close(fd);
	assert_string_equal(str(r, "status"), "traffic_failed");
	assert_non_null(strstr(str(r, "message"), "hard deadline of 1850 ms"));
	json_decref(r);
	assert_no_child();
}

/* The ops as the cell loop drives them: poll_fd/read until done, then stop. */
static void test_ops_loop(void **state)
{
	struct wb_throughput_params p;
	struct wb_collector_cfg cfg = { .label = "sta->ap" };
	struct wb_collector *c;
	json_t *r;
	int reads = 0;

	(void)state;
	params(&p);
	p.duration_s = 1;
	p.omit_s = 0;
	cfg.priv = &p;
	assert_int_equal(wb_throughput_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_throughput_collector.result(c, &r), -EINVAL);  /* not yet */
	assert_int_equal(wb_throughput_collector.start(c), 0);
	while (!wb_throughput_done(c)) {
		struct pollfd pfd = { .fd = wb_throughput_collector.poll_fd(c), .events = POLLIN };

		assert_true(pfd.fd >= 0);
		/* the bound is a hang guard only */
		assert_int_equal(poll(&pfd, 1, (int)wb_throughput_deadline_ms(&p)), 1);
		assert_int_equal(wb_throughput_collector.read(c), 0);
		reads++;
	}
	assert_true(reads >= 1);
	assert_int_equal(wb_throughput_collector.poll_fd(c), -1);
	assert_int_equal(wb_throughput_collector.stop(c), 0);
	assert_int_equal(wb_throughput_collector.result(c, &r), 0);
	assert_ok(r);
	assert_string_equal(str(r, "label"), "sta->ap");
	json_decref(r);
	wb_throughput_collector.close(c);
	wb_throughput_collector.close(NULL);
	assert_no_child();
}

/* close() without stop() still stops and reaps both roles. */
static void test_close_running(void **state)
{
	struct wb_throughput_params p;
	struct wb_collector_cfg cfg = { .priv = &p };
	struct wb_collector *c;

	(void)state;
	params(&p);
	p.duration_s = 30;
	assert_int_equal(wb_throughput_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_throughput_collector.start(c), 0);
	assert_false(wb_throughput_done(c));
	wb_throughput_collector.close(c);
	assert_no_child();
}

static void test_params_check(void **state)
{
	struct wb_throughput_params p;
	struct wb_collector_cfg cfg = { .priv = &p };
	struct wb_collector *c;
	char err[256];
	json_t *r;

	(void)state;
	tp_init(&p);
	assert_int_equal(wb_throughput_params_check(&p, err, sizeof(err)), 0);
	p.client_host = NULL;
	assert_int_equal(wb_throughput_params_check(&p, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "no host"));
	tp_init(&p);
	p.streams = 0;
	assert_int_equal(wb_throughput_params_check(&p, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "streams"));
	tp_init(&p);
	p.port = 70000;
	assert_int_equal(wb_throughput_params_check(&p, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "port"));
	tp_init(&p);
	p.proto = WB_THROUGHPUT_UDP;
	p.blksize = 65508;
	assert_int_equal(wb_throughput_params_check(&p, NULL, 0), -EINVAL);
	tp_init(&p);
	p.server_addr = NULL;
	assert_int_equal(wb_throughput_run(&p, &r), -EINVAL);
	assert_null(r);
	assert_int_equal(wb_throughput_collector.open(&cfg, &c), -EINVAL);
	assert_null(c);
	/* connect + omit + duration + 10 s + a quarter of the run */
	tp_init(&p);
	assert_int_equal(wb_throughput_deadline_ms(&p), 5000 + 12000 + 10000 + 3000);
}

static char *fixture(const char *name)
{
	char *text = NULL;

	assert_int_equal(wb_read_file(name, 1 << 20, &text, NULL), 0);
	return text;
}

/* Recorded 3.12 UDP output: the server's "start" repeats "target_bitrate". */
static void test_parse_udp_fixture(void **state)
{
	struct wb_throughput_params p;
	char *text = fixture(FIX "udp_up_3.12.json"), err[256] = "";
	json_t *r = json_object(), *iv;

	(void)state;
	tp_init(&p);
	p.proto = WB_THROUGHPUT_UDP;
	assert_int_equal(wb_throughput_parse(text, NULL, &p, r, err, sizeof(err)), 0);
	assert_true(num(r, "bits_per_second") > 9.9e6 && num(r, "bits_per_second") < 1.01e7);
	assert_int_equal((int)num(r, "blksize"), 1460);
	assert_true(num(r, "packets") > 0);
	assert_true(json_is_number(json_object_get(r, "jitter_ms")));
	/* up: the receiver is the server, whose 3 intervals begin with the omitted one */
	assert_string_equal(str(r, "intervals_view"), "receiver");
	iv = json_object_get(r, "intervals");
	assert_int_equal(json_array_size(iv), 3);
	assert_true(json_is_true(json_object_get(json_array_get(iv, 0), "omitted")));
	assert_true(json_is_false(json_object_get(json_array_get(iv, 1), "omitted")));
	assert_true(json_is_number(json_object_get(json_array_get(iv, 1), "jitter_ms")));
	json_decref(r);
	free(text);
}

static void test_parse_tcp_down_fixture(void **state)
{
	struct wb_throughput_params p;
	char *text = fixture(FIX "tcp_down_3.12.json"), err[256] = "";
	json_t *r = json_object(), *iv;

	(void)state;
	tp_init(&p);
	p.dir = WB_THROUGHPUT_DOWN;
	assert_int_equal(wb_throughput_parse(text, NULL, &p, r, err, sizeof(err)), 0);
	assert_int_equal((int)num(r, "retransmits"), 18);
	iv = json_object_get(r, "intervals");
	/* the client's 3 receiver intervals, retransmits from the server's (10, 18, 0) */
	assert_int_equal(json_array_size(iv), 3);
	assert_int_equal((int)num(json_array_get(iv, 0), "retransmits"), 10);
	assert_int_equal((int)num(json_array_get(iv, 1), "retransmits"), 18);
	assert_int_equal((json_int_t)num(json_array_get(iv, 1), "bytes"), 1744699392);
	json_decref(r);
	free(text);
}

static void test_parse_errors(void **state)
{
	struct wb_throughput_params p;
	char *text = fixture(FIX "refused_3.12.json"), err[256] = "";
	json_t *r = json_object();

	(void)state;
	tp_init(&p);
	/* JSON mode returns 0 on failure: the "error" key is what tells */
	assert_int_equal(wb_throughput_parse(text, NULL, &p, r, err, sizeof(err)), -EIO);
	assert_string_equal(err, "iperf client: unable to connect to server: Connection refused");
	assert_int_equal(wb_throughput_parse("{\"end\": {", NULL, &p, r, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "line 1 column"));
	assert_int_equal(wb_throughput_parse("[1]", NULL, &p, r, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not an object"));
	assert_int_equal(wb_throughput_parse("{\"end\": {\"sum_sent\": {}, \"sum_received\": "
					     "{\"bytes\": 1}}}", NULL, &p, r, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "iperf JSON: 'end.sum_received.bits_per_second' is missing or "
			    "not a number");
	assert_int_equal(wb_throughput_parse(NULL, NULL, &p, r, err, sizeof(err)), -EIO);
	assert_int_equal(json_object_size(r), 0);
	json_decref(r);
	free(text);
}

static int sh(const char *cmd)
{
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)cmd, NULL };
	struct wb_proc_opts o;

	wb_proc_opts_init(&o);
	o.stdout_fd = WB_PROC_DEVNULL;
	o.stderr_fd = WB_PROC_DEVNULL;
	return wb_proc_run(argv, &o, 10000, NULL);
}

/* Server in one namespace, client in another, a veth pair between them. */
static void test_two_namespaces(void **state)
{
	struct wb_throughput_params p;
	char a[32], b[32], cmd[1024], nsa[64], nsb[64];
	json_t *r;

	(void)state;
	snprintf(a, sizeof(a), "wbt%d-ap", (int)getpid());
	snprintf(b, sizeof(b), "wbt%d-sta", (int)getpid());
	snprintf(cmd, sizeof(cmd), "ip netns add %s", a);
	if (getuid() != 0 || sh(cmd) != 0) {
		printf("# skipped: cannot create network namespaces here\n");
		skip();
	}
	snprintf(cmd, sizeof(cmd),
		 "ip netns add %2$s && "
		 "ip link add wbt-ap netns %1$s type veth peer name wbt-sta netns %2$s && "
		 "ip -n %1$s addr add 10.231.0.1/24 dev wbt-ap && ip -n %1$s link set wbt-ap up && "
		 "ip -n %2$s addr add 10.231.0.2/24 dev wbt-sta && ip -n %2$s link set wbt-sta up",
		 a, b);
	if (sh(cmd) != 0) {
		snprintf(cmd, sizeof(cmd), "ip netns del %s; ip netns del %s", a, b);
		sh(cmd);
		printf("# skipped: cannot create a veth pair between namespaces\n");
		skip();
	}
	snprintf(nsa, sizeof(nsa), "/run/netns/%s", a);
	snprintf(nsb, sizeof(nsb), "/run/netns/%s", b);
	tp_init(&p);
	p.server_addr = "10.231.0.1";
	p.server_netns = nsa;
	p.client_netns = nsb;
	p.duration_s = 2;
	p.omit_s = 1;
	p.dir = WB_THROUGHPUT_DOWN;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	snprintf(cmd, sizeof(cmd), "ip netns del %s; ip netns del %s", a, b);
	assert_int_equal(sh(cmd), 0);
	assert_ok(r);
	assert_true(num(r, "bits_per_second") > 0);
	assert_intervals(r);
	json_decref(r);
	assert_no_child();
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_params_check),
		cmocka_unit_test(test_parse_udp_fixture),
		cmocka_unit_test(test_parse_tcp_down_fixture),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_tcp_up),
		cmocka_unit_test(test_tcp_down),
		cmocka_unit_test(test_udp_bitrate),
		cmocka_unit_test(test_no_server),
		cmocka_unit_test(test_server_cannot_bind),
		cmocka_unit_test(test_cancelled),
		cmocka_unit_test(test_ops_loop),
		cmocka_unit_test(test_close_running),
		cmocka_unit_test(test_hard_deadline),
		cmocka_unit_test(test_two_namespaces),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
