/*
 * The capture collector's stream source: tcpdump on a host, its pcap stream read by
 * libpcap here. This machine has no radio: tests/lib/fake_tcpdump.py stands for tcpdump
 * and streams capture fixtures (tests/fixtures/pcap/) as `tcpdump -U -w -` does, through
 * a local host and through the ssh backend (tests/lib/fake_ssh.py standing for OpenSSH).
 * The verdict and counters must equal the offline verifier's on the same file; a record
 * split across two writes must neither block read() nor be lost; a stream that is not
 * pcap, a tcpdump that cannot capture or is missing, a stream cut short and reported
 * drops are all said. Debian's real tcpdump starts on "lo" (refused: not radiotap). The
 * real tcpdump on hwsim, local and over a real sshd: tests/vm/t_remote_collectors.sh.
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
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include <pcap/pcap.h>

#include "collectors/capture.h"
#include "collectors/capture_i.h"
#include "collectors/pmf.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

#define FAKE "tests/lib/fake_tcpdump.py"
#define PCAP "tests/fixtures/pcap/psk2pmf_sha256.pcap"

static struct wb_host *local;

static int group_setup(void **state)
{
	(void)state;
	setenv("FAKE_TCPDUMP_PCAP", PCAP, 1);
	return wb_host_local_new(&local);
}

static int group_teardown(void **state)
{
	(void)state;
	wb_host_free(local);
	return 0;
}

static void cfg_init(struct wb_capture_cfg *cc, struct wb_collector_cfg *cfg, struct wb_host *h)
{
	memset(cc, 0, sizeof(*cc));
	memset(cfg, 0, sizeof(*cfg));
	cc->source = WB_CAPTURE_STREAM;
	cc->tcpdump = FAKE;
	cc->drain_ms = 300;
	cfg->label = "sniffer";
	cfg->ifname = "mon0";
	cfg->host = h;
	cfg->priv = cc;
}

/* The offline verifier's counters on @path, as `wbench pmf-verify` gives them. */
static json_t *offline(const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(path, err);
	struct pcap_pkthdr *h;
	const u_char *d;
	struct wb_pmf *p;
	json_t *r;

	assert_non_null(pc);
	assert_int_equal(wb_pmf_new(&(struct wb_pmf_opts){ 0 }, &p), 0);
	while (pcap_next_ex(pc, &h, &d) == 1)
		assert_int_equal(wb_pmf_feed(p, pcap_datalink(pc),
					     (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec,
					     d, h->caplen, h->len), 0);
	wb_pmf_note_drops(p, 0);
	assert_int_equal(wb_pmf_result(p, &r), 0);
	wb_pmf_free(p);
	pcap_close(pc);
	return r;
}

static json_t *run_capture(struct wb_collector_cfg *cfg, int64_t ms)
{
	struct wb_collector *c;
	json_t *r = NULL;
	int64_t end = wb_now_ms() + ms;

	assert_int_equal(wb_capture_ops.open(cfg, &c), 0);
	assert_int_equal(wb_capture_ops.start(c), 0);
	while (wb_now_ms() < end) {
		/* -1 once the stream ended: nothing more to read */
		struct pollfd p = { .fd = wb_capture_ops.poll_fd(c), .events = POLLIN };

		if (poll(&p, p.fd >= 0, (int)(end - wb_now_ms())) > 0)
			assert_int_equal(wb_capture_ops.read(c), 0);
	}
	(void)wb_capture_ops.stop(c);
	assert_int_equal(wb_capture_ops.result(c, &r), 0);
	wb_capture_ops.close(c);
	return r;
}

static void assert_same_verdict(json_t *r, json_t *ref)
{
	json_t *pmf = json_object_get(r, "pmf");
	static const char *const keys[] = { "frames", "robust_frames", "protected_unicast",
					    "group_with_mmie", "group_without_mmie", "beacons" };

	assert_string_equal(json_string_value(json_object_get(pmf, "verdict")),
			    json_string_value(json_object_get(ref, "verdict")));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!json_equal(json_object_get(pmf, keys[i]), json_object_get(ref, keys[i])))
			fail_msg("%s differs", keys[i]);
	assert_int_equal(json_integer_value(json_object_get(r, "frames")),
			 json_integer_value(json_object_get(ref, "frames")));
}

static void test_stream_same_as_offline(void **state)
{
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	json_t *r, *ref = offline(PCAP);

	(void)state;
	unsetenv("FAKE_TCPDUMP_MODE");
	cfg_init(&cc, &cfg, local);
	r = run_capture(&cfg, 500);
	assert_same_verdict(r, ref);
	assert_string_equal(json_string_value(json_object_get(r, "source")), "tcpdump");
	assert_true(json_is_true(json_object_get(r, "drops_known")));
	assert_int_equal(json_integer_value(json_object_get(r, "dropped")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "stream"),
							    "truncated_bytes")), 0);
	json_decref(r);
	json_decref(ref);
}

static void test_stream_over_ssh(void **state)
{
	char *dir = wb_mkdtemp_private("wbt-cap-ssh"), argvlog[600], *args = NULL;
	struct wb_host_ssh_cfg scfg = { .target = "root@ap", .ssh = "tests/lib/fake_ssh.py",
					.connect_timeout_s = 5 };
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	struct wb_host *h;
	json_t *r, *ref = offline(PCAP);

	(void)state;
	assert_non_null(dir);
	snprintf(argvlog, sizeof(argvlog), "%s/argv", dir);
	setenv("FAKE_TCPDUMP_ARGV", argvlog, 1);
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	unsetenv("FAKE_TCPDUMP_MODE");
	scfg.local_dir = dir;
	assert_int_equal(wb_host_ssh_new(&scfg, &h), 0);
	cfg_init(&cc, &cfg, h);
	r = run_capture(&cfg, 1500);
	assert_same_verdict(r, ref);
	assert_string_equal(json_string_value(json_object_get(r, "host")), "ssh:root@ap");
	assert_int_equal(wb_host_children(h), 0);
	/* the filter reached tcpdump as one word after "--": never an option */
	assert_int_equal(wb_read_file(argvlog, 4096, &args, NULL), 0);
	assert_non_null(strstr(args, "-i mon0 -U -s 1024 -w - -- type mgt or (type data and "
				     "ether proto 0x888e)"));
	free(args);
	json_decref(r);
	json_decref(ref);
	wb_host_free(h);
	unsetenv("FAKE_TCPDUMP_ARGV");
	wb_rm_rf(dir);
	free(dir);
}

/* Records split across writes: read() takes what came and returns at once. */
static void test_split_records_never_block(void **state)
{
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	struct wb_collector *c;
	int64_t end, longest = 0;
	json_t *r;

	(void)state;
	setenv("FAKE_TCPDUMP_MODE", "split", 1);
	cfg_init(&cc, &cfg, local);
	assert_int_equal(wb_capture_ops.open(&cfg, &c), 0);
	end = wb_now_ms() + 2000;
	while (wb_now_ms() < end) {
		struct pollfd p = { .fd = wb_capture_ops.poll_fd(c), .events = POLLIN };
		int64_t t0;

		if (poll(&p, 1, 50) <= 0)
			continue;
		t0 = wb_now_ms();
		assert_int_equal(wb_capture_ops.read(c), 0);
		if (wb_now_ms() - t0 > longest)
			longest = wb_now_ms() - t0;
	}
	assert_true(longest < 50);
	assert_int_equal(wb_capture_ops.stop(c), 0);
	assert_int_equal(wb_capture_ops.result(c, &r), 0);
	assert_int_equal(json_integer_value(json_object_get(r, "frames")), 2);
	wb_capture_ops.close(c);
	json_decref(r);
	unsetenv("FAKE_TCPDUMP_MODE");
}

/* Any way the stream is cut into pieces, the same frames reach the verifier. */
static void test_replay_any_chunking(void **state)
{
	static const size_t chunks[] = { 1, 7, 16, 17, 23, 100, 1000, 1 << 20 };
	static const char *const files[] = { PCAP, "tests/fixtures/pcap/saemixed.pcap",
					     "tests/fixtures/pcap/psk2pmf_sha256-badbip.pcap" };
	char *data;
	size_t len;

	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		json_t *ref = offline(files[f]);

		assert_int_equal(wb_read_file(files[f], 1 << 24, &data, &len), 0);
		for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
			json_t *pmf = NULL, *r = json_object();

			assert_int_equal(wb_capture_stream_replay((uint8_t *)data, len, chunks[i],
								  &pmf), 0);
			json_object_set_new(r, "pmf", pmf);
			json_object_set(r, "frames", json_object_get(pmf, "frames"));
			assert_same_verdict(r, ref);
			json_decref(r);
		}
		free(data);
		json_decref(ref);
	}
}

static void expect_open_fails(const char *mode, const char *tcpdump, int code)
{
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	struct wb_collector *c = (void *)1;

	setenv("FAKE_TCPDUMP_MODE", mode, 1);
	cfg_init(&cc, &cfg, local);
	if (tcpdump)
		cc.tcpdump = tcpdump;
	cc.start_ms = 3000;
	assert_int_equal(wb_capture_ops.open(&cfg, &c), code);
	assert_null(c);
	assert_int_equal(wb_host_children(local), 0);
	unsetenv("FAKE_TCPDUMP_MODE");
}

static void test_open_failures_said(void **state)
{
	(void)state;
	expect_open_fails("garbage", NULL, -EPROTO);   /* "not a pcap stream" */
	expect_open_fails("nodevice", NULL, -EIO);     /* "ended: (SIOCGIFHWADDR: No such device)" */
	expect_open_fails("", "/nonexistent/tcpdump", -EIO); /* "not found (exit status 127)" */
}

static void test_truncated_and_drops_fail_the_verdict(void **state)
{
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	json_t *r;

	(void)state;
	setenv("FAKE_TCPDUMP_MODE", "truncate", 1);
	cfg_init(&cc, &cfg, local);
	r = run_capture(&cfg, 300);
	assert_true(json_is_false(json_object_get(r, "drops_known")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "stream"),
							    "truncated_bytes")) > 0, 1);
	assert_int_equal(json_integer_value(json_object_get(r, "dropped")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "pmf"),
							      "verdict")), "fail");
	json_decref(r);
	setenv("FAKE_TCPDUMP_MODE", "drops", 1);
	cfg_init(&cc, &cfg, local);
	r = run_capture(&cfg, 300);
	assert_int_equal(json_integer_value(json_object_get(r, "dropped")), 3);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "pmf"),
							      "verdict")), "fail");
	json_decref(r);
	unsetenv("FAKE_TCPDUMP_MODE");
}

/*
 * Debian's tcpdump on loopback: with the 802.11 filter it refuses (its words are in the
 * error); without a filter it starts and streams, and Ethernet is not a sniffer's.
 */
static void test_real_tcpdump_on_lo_refused(void **state)
{
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	struct wb_collector *c = (void *)1;

	(void)state;
	if (geteuid() != 0 || access("/usr/bin/tcpdump", X_OK) != 0)
		skip();
	cfg_init(&cc, &cfg, local);
	cc.tcpdump = "tcpdump";
	cfg.ifname = "lo";
	assert_int_equal(wb_capture_ops.open(&cfg, &c), -EIO);
	assert_null(c);
	cc.full = true;
	assert_int_equal(wb_capture_ops.open(&cfg, &c), -EPROTONOSUPPORT);
	assert_null(c);
	assert_int_equal(wb_host_children(local), 0);
}

static void test_source_and_host_must_agree(void **state)
{
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	struct wb_collector *c;

	(void)state;
	cfg_init(&cc, &cfg, NULL);
	assert_int_equal(wb_capture_ops.open(&cfg, &c), -EINVAL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_same_as_offline),
		cmocka_unit_test(test_stream_over_ssh),
		cmocka_unit_test(test_split_records_never_block),
		cmocka_unit_test(test_replay_any_chunking),
		cmocka_unit_test(test_open_failures_said),
		cmocka_unit_test(test_truncated_and_drops_fail_the_verdict),
		cmocka_unit_test(test_real_tcpdump_on_lo_refused),
		cmocka_unit_test(test_source_and_host_must_agree),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
