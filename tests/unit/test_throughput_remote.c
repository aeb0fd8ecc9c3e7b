/*
 * Throughput roles as the iperf3 binary on a host: the command lines (the libiperf
 * roles' semantics as iperf3 options), the parser on iperf 3.7 output (OpenWrt 19.07's:
 * recorded on loopback from iperf built at its 3.7 tag, tests/fixtures/iperf/README.md)
 * and on mixed 3.7/3.12 pairs, a refused connection in both versions; then real runs on
 * loopback with Debian's iperf3 binary: binary server + libiperf client, libiperf server +
 * binary client, both binary (UDP), a binary client started before its server (restarted
 * until it connects), a missing binary, and a server on an ssh host (the ssh backend with
 * tests/lib/fake_ssh.py standing for the OpenSSH client: the remote command runs here,
 * killed by pid when stopped). The real OpenSSH and sshd: tests/vm/t_remote_collectors.sh.
 */
#include <errno.h>
#include <netinet/in.h>
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
#include "collectors/throughput_i.h"
#include "tests/unit/fixture.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

#define FIX "iperf/"

static struct wb_host *local;

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

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "(absent)";
}

static void assert_ok(json_t *r)
{
	if (strcmp(str(r, "status"), "ok") != 0)
		fail_msg("status '%s': %s", str(r, "status"), str(r, "message"));
	assert_true(json_number_value(json_object_get(r, "bits_per_second")) > 0);
}

static const char *role(json_t *r, const char *which, const char *key)
{
	return str(json_object_get(json_object_get(r, "roles"), which), key);
}

static char *joined(const struct wb_tp_argv *a)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; a->argv[i]; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", i ? " " : "",
			 a->argv[i]);
	return buf;
}

static void test_argv_server_and_client(void **state)
{
	struct wb_throughput_params p;
	struct wb_tp_argv a;

	(void)state;
	wb_throughput_params_init(&p);
	p.server_addr = "10.99.0.1";
	p.port = 5301;
	wb_throughput_iperf3_argv(&p, true, &a);
	assert_string_equal(joined(&a), "iperf3 -s -1 -J -B 10.99.0.1 -p 5301");
	wb_throughput_iperf3_argv(&p, false, &a);
	assert_string_equal(joined(&a), "iperf3 -c 10.99.0.1 -p 5301 -J -t 10 -O 2 -P 1 "
			    "--connect-timeout 5000 --get-server-output");
	p.proto = WB_THROUGHPUT_UDP;
	p.dir = WB_THROUGHPUT_DOWN;
	p.streams = 4;
	p.udp_bitrate = 200000000;
	p.iperf3 = "/tmp/usr/bin/iperf3";
	wb_throughput_iperf3_argv(&p, false, &a);
	assert_string_equal(joined(&a), "/tmp/usr/bin/iperf3 -c 10.99.0.1 -p 5301 -J -t 10 -O 2 "
			    "-P 4 -R -u -b 200000000 -l 1460 --connect-timeout 5000 "
			    "--get-server-output");
	p.proto = WB_THROUGHPUT_TCP;
	p.blksize = 65536;
	wb_throughput_iperf3_argv(&p, false, &a);
	assert_non_null(strstr(joined(&a), " -R -l 65536 "));
}

static json_t *parse(const char *cli, const char *srv, enum wb_throughput_proto proto,
		     enum wb_throughput_dir dir)
{
	struct wb_throughput_params p;
	char *c = wbt_fixture_read(cli), *s = srv ? wbt_fixture_read(srv) : NULL, err[512] = "";
	json_t *r = json_object();

	wb_throughput_params_init(&p);
	p.proto = proto;
	p.dir = dir;
	if (wb_throughput_parse(c, s, &p, r, err, sizeof(err)) != 0)
		fail_msg("%s: %s", cli, err);
	free(c);
	free(s);
	return r;
}

static void test_parse_37_tcp(void **state)
{
	json_t *r = parse(FIX "tcp_up_3.7.json", NULL, WB_THROUGHPUT_TCP, WB_THROUGHPUT_UP);

	(void)state;
	assert_true(json_number_value(json_object_get(r, "bits_per_second")) > 1e9);
	assert_string_equal(str(r, "iperf_version"), "iperf 3.7");
	assert_string_equal(role(r, "client", "iperf_version"), "iperf 3.7");
	assert_string_equal(role(r, "server", "iperf_version"), "iperf 3.7");
	assert_string_equal(str(r, "intervals_view"), "receiver");
	assert_true(json_is_integer(json_object_get(r, "retransmits")));
	assert_null(json_object_get(r, "goodput_note"));
	json_decref(r);
	r = parse(FIX "tcp_down_3.7.json", NULL, WB_THROUGHPUT_TCP, WB_THROUGHPUT_DOWN);
	assert_true(json_array_size(json_object_get(r, "intervals")) >= 3);
	json_decref(r);
}

static void test_parse_37_udp_goodput_from_sum(void **state)
{
	json_t *r = parse(FIX "udp_up_3.7.json", NULL, WB_THROUGHPUT_UDP, WB_THROUGHPUT_UP);
	double bps = json_number_value(json_object_get(r, "bits_per_second"));

	(void)state;
	/* 10 Mbit/s offered, no loss on loopback: the sender's rate */
	assert_true(bps > 9.9e6 && bps < 10.1e6);
	assert_int_equal(json_integer_value(json_object_get(r, "packets")), 1712);
	assert_int_equal(json_integer_value(json_object_get(r, "lost_packets")), 0);
	assert_true(json_is_number(json_object_get(r, "jitter_ms")));
	assert_non_null(strstr(str(r, "goodput_note"), "before 3.11"));
	json_decref(r);
	r = parse(FIX "udp_down_3.7.json", NULL, WB_THROUGHPUT_UDP, WB_THROUGHPUT_DOWN);
	assert_non_null(json_object_get(r, "goodput_note"));
	json_decref(r);
}

static void test_parse_37_udp_loss_taken_off(void **state)
{
	struct wb_throughput_params p;
	char err[256] = "";
	json_t *r = json_object();
	/* a 3.7 UDP end.sum with a quarter of the packets lost */
	const char *text = "{\"start\":{\"version\":\"iperf 3.7\"},\"intervals\":[],\"end\":{\"sum\":"
			   "{\"start\":0,\"end\":2,\"seconds\":2,\"bytes\":4000000,"
			   "\"bits_per_second\":16000000,\"jitter_ms\":0.5,\"lost_packets\":250,"
			   "\"packets\":1000,\"lost_percent\":25}}}";

	(void)state;
	wb_throughput_params_init(&p);
	p.proto = WB_THROUGHPUT_UDP;
	assert_int_equal(wb_throughput_parse(text, NULL, &p, r, err, sizeof(err)), 0);
	assert_true(json_number_value(json_object_get(r, "bits_per_second")) == 12000000.0);
	assert_int_equal(json_integer_value(json_object_get(r, "bytes")), 3000000);
	assert_true(json_number_value(json_object_get(r, "sender_bits_per_second")) == 16000000.0);
	json_decref(r);
	/* TCP without sums stays an error: the fallback is UDP's */
	r = json_object();
	p.proto = WB_THROUGHPUT_TCP;
	assert_int_equal(wb_throughput_parse(text, NULL, &p, r, err, sizeof(err)), -EINVAL);
	json_decref(r);
}

static void test_parse_mixed_versions_per_role(void **state)
{
	json_t *r = parse(FIX "tcp_up_client3.12_server3.7.json", NULL, WB_THROUGHPUT_TCP,
			  WB_THROUGHPUT_UP);

	(void)state;
	assert_string_equal(role(r, "client", "iperf_version"), "iperf 3.12");
	assert_string_equal(role(r, "server", "iperf_version"), "iperf 3.7");
	json_decref(r);
	r = parse(FIX "udp_up_client3.7_server3.12.json", NULL, WB_THROUGHPUT_UDP, WB_THROUGHPUT_UP);
	assert_string_equal(role(r, "client", "iperf_version"), "iperf 3.7");
	assert_string_equal(role(r, "server", "iperf_version"), "iperf 3.12");
	json_decref(r);
}

static void test_refused_both_versions(void **state)
{
	char *a = wbt_fixture_read(FIX "refused_3.7.json"), *b = wbt_fixture_read(FIX "refused_3.12.json");
	char *c = wbt_fixture_read(FIX "tcp_up_3.7.json");

	(void)state;
	assert_true(wb_throughput_refused(a));
	assert_true(wb_throughput_refused(b));
	assert_false(wb_throughput_refused(c));
	assert_false(wb_throughput_refused("{\"error\": \"unable to connect to server: No route to host\"}"));
	assert_false(wb_throughput_refused("not json"));
	assert_false(wb_throughput_refused(NULL));
	free(a);
	free(b);
	free(c);
}

static void params(struct wb_throughput_params *p, struct wb_host *srv)
{
	wb_throughput_params_init(p);
	p->server_host = srv;
	p->client_host = local;
	p->port = free_port();
	p->duration_s = 2;
	p->omit_s = 1;
}

static void assert_no_child(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void test_binary_server_libiperf_client(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p, local);
	p.server_impl = WB_THROUGHPUT_IMPL_IPERF3;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_string_equal(role(r, "server", "implementation"), "iperf3");
	assert_string_equal(role(r, "client", "implementation"), "libiperf");
	assert_string_equal(role(r, "server", "iperf_version"), "iperf 3.12");
	assert_string_equal(str(r, "intervals_view"), "receiver");
	json_decref(r);
	assert_no_child();
}

static void test_libiperf_server_binary_client_down(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p, local);
	p.client_impl = WB_THROUGHPUT_IMPL_IPERF3;
	p.dir = WB_THROUGHPUT_DOWN;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_string_equal(role(r, "client", "implementation"), "iperf3");
	/* started once the server was about to listen: no refused attempt */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(r,
			 "roles"), "client"), "attempts")), 1);
	assert_string_equal(str(r, "direction"), "down");
	assert_non_null(json_object_get(r, "window"));
	json_decref(r);
	assert_no_child();
}

static void test_both_binary_udp(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p, local);
	p.server_impl = p.client_impl = WB_THROUGHPUT_IMPL_IPERF3;
	p.proto = WB_THROUGHPUT_UDP;
	p.udp_bitrate = 20000000;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_true(json_is_number(json_object_get(r, "jitter_ms")));
	assert_int_equal(json_integer_value(json_object_get(r, "blksize")), 1460);
	json_decref(r);
	assert_no_child();
}

/* A binary client before its server: refused, started again until it connects. */
static void test_binary_client_restarted_until_server_listens(void **state)
{
	struct wb_throughput_params p;
	struct wb_host_proc *srv;
	struct wb_tp_argv a;
	struct wb_host_exec x = { 0 };
	json_t *r;

	(void)state;
	params(&p, local);
	p.client_only = true;
	p.client_impl = WB_THROUGHPUT_IMPL_IPERF3;
	p.connect_timeout_ms = 8000;
	wb_throughput_iperf3_argv(&p, true, &a);
	/* the server comes up 0.4 s after the client's first attempt */
	{
		char *const argv[] = { "sh", "-c", "sleep 0.4; exec \"$@\"", "sh", a.argv[0],
				       a.argv[1], a.argv[2], a.argv[3], a.argv[4], a.argv[5],
				       a.argv[6], a.argv[7], NULL };

		assert_int_equal(wb_host_spawn(local, argv, &x, &srv), 0);
	}
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_true(json_integer_value(json_object_get(json_object_get(json_object_get(r,
		    "roles"), "client"), "attempts")) > 1);
	assert_string_equal(role(r, "server", "implementation"), "external");
	json_decref(r);
	assert_int_equal(wb_host_proc_wait(srv, 10000, NULL), 0);
	wb_host_proc_free(srv);
	assert_no_child();
}

static void test_missing_binary_named(void **state)
{
	struct wb_throughput_params p;
	json_t *r;

	(void)state;
	params(&p, local);
	p.server_impl = WB_THROUGHPUT_IMPL_IPERF3;
	p.iperf3 = "/nonexistent/iperf3";
	p.connect_timeout_ms = 1000;
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_string_equal(str(r, "status"), "traffic_failed");
	if (!strstr(str(r, "message"), "'/nonexistent/iperf3' not found on local (exit status 127)"))
		fail_msg("message: %s", str(r, "message"));
	json_decref(r);
	assert_no_child();
}

/* The server on an ssh host: AUTO picks its iperf3; the remote child is gone afterwards. */
static void test_ssh_host_server_is_binary(void **state)
{
	char *dir = wb_mkdtemp_private("wbt-tp-ssh");
	struct wb_host_ssh_cfg cfg = { .target = "root@ap", .ssh = "tests/lib/fake_ssh.py",
				       .connect_timeout_s = 5 };
	struct wb_throughput_params p;
	struct wb_host *h;
	json_t *r;

	(void)state;
	assert_non_null(dir);
	cfg.local_dir = dir;
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	assert_int_equal(wb_host_ssh_new(&cfg, &h), 0);
	params(&p, h);
	assert_int_equal(wb_throughput_run(&p, &r), 0);
	assert_ok(r);
	assert_string_equal(role(r, "server", "implementation"), "iperf3");
	assert_string_equal(role(r, "server", "host"), "ssh:root@ap");
	assert_string_equal(role(r, "client", "implementation"), "libiperf");
	assert_int_equal(wb_host_children(h), 0);
	json_decref(r);
	wb_host_free(h);
	wb_rm_rf(dir);
	free(dir);
	assert_no_child();
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_server_and_client),
		cmocka_unit_test(test_parse_37_tcp),
		cmocka_unit_test(test_parse_37_udp_goodput_from_sum),
		cmocka_unit_test(test_parse_37_udp_loss_taken_off),
		cmocka_unit_test(test_parse_mixed_versions_per_role),
		cmocka_unit_test(test_refused_both_versions),
		cmocka_unit_test(test_binary_server_libiperf_client),
		cmocka_unit_test(test_libiperf_server_binary_client_down),
		cmocka_unit_test(test_both_binary_udp),
		cmocka_unit_test(test_binary_client_restarted_until_server_listens),
		cmocka_unit_test(test_missing_binary_named),
		cmocka_unit_test(test_ssh_host_server_is_binary),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
