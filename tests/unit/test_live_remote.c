/*
 * The collectors on a "remote" host, live in the VM (tests/vm/t_remote_collectors.sh sets
 * the lab up and runs this binary twice): a WPA2-PSK + PMF-required hwsim link between an
 * AP in network namespace $WBT_AP_NS and a STA in $WBT_STA_NS (tests/lib/pmf_pair.sh),
 * the AP side being the remote host:
 *   WBT_REMOTE=local  this machine, the AP side's commands run in its namespace;
 *   WBT_REMOTE=ssh    the real OpenSSH client against a real sshd running inside the AP
 *                     namespace (WBT_SSH_TARGET, WBT_SSH_IDENTITY, WBT_SSH_KNOWN_HOSTS), so
 *                     the AP side's commands run there with no namespace of ours.
 * The STA side is always this machine. Cases: the iperf3 binary on the AP side against a
 * libiperf client on the STA side, and a libiperf server on the STA side against the
 * iperf3 binary client on the AP side; iw station dumps on both ends against nl80211's;
 * a tcpdump stream (hwsim0 here; over ssh, a monitor interface the collector makes on the
 * AP's phy) verified PMF-protected across a reassociation, and a local monitor radio;
 * the CPU collector on the AP side (its reading round trips are printed: the timings of
 * the report); the debugfs key reader (per key on a kernel that has it, else why not).
 * Without WBT_REMOTE (outside the VM) every case skips.
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

#include "collectors/capture.h"
#include "collectors/cpu.h"
#include "collectors/crypto_keys.h"
#include "collectors/latency.h"
#include "collectors/link.h"
#include "collectors/throughput.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

struct live {
	struct wb_host *local, *ap;   /* ap: the "remote" host (ours) */
	bool ssh;
	const char *ap_ns;            /* the AP side's namespace on @ap: NULL over ssh */
	char *dir;
};

static const char *env(const char *k)
{
	const char *v = getenv(k);

	if (!v || !*v)
		fail_msg("%s is not set (tests/vm/t_remote_collectors.sh sets it)", k);
	return v;
}

static int setup(void **state)
{
	struct live *l;
	const char *mode = getenv("WBT_REMOTE");

	*state = NULL;
	if (!mode)
		return 0;  /* outside the VM: every case skips */
	l = calloc(1, sizeof(*l));
	if (!l || wb_host_local_new(&l->local) < 0 || !(l->dir = wb_mkdtemp_private("wbt-rc")))
		return -1;
	*state = l;
	l->ssh = strcmp(mode, "ssh") == 0;
	if (!l->ssh) {
		l->ap_ns = getenv("WBT_AP_NS");
		return wb_host_local_new(&l->ap);
	} else {
		char kh[300], *opts[] = { kh, "StrictHostKeyChecking=yes", NULL };
		struct wb_host_ssh_cfg cfg = { .target = getenv("WBT_SSH_TARGET"),
					       .identity = getenv("WBT_SSH_IDENTITY"),
					       .options = opts, .local_dir = l->dir };

		snprintf(kh, sizeof(kh), "UserKnownHostsFile=%s", getenv("WBT_SSH_KNOWN_HOSTS"));
		return wb_host_ssh_new(&cfg, &l->ap);
	}
}

static int teardown(void **state)
{
	struct live *l = *state;

	if (!l)
		return 0;
	assert_int_equal(wb_host_children(l->ap), 0);
	assert_int_equal(wb_host_children(l->local), 0);
	if (l->ssh)
		print_message("# ssh connections opened: %u\n", wb_host_ssh_connections(l->ap));
	wb_host_free(l->ap);
	wb_host_free(l->local);
	wb_rm_rf(l->dir);
	free(l->dir);
	free(l);
	return 0;
}

static struct live *get(void **state)
{
	if (!*state)
		skip();
	return *state;
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
}

static void traffic(struct live *l, bool server_on_ap, json_t **out)
{
	struct wb_throughput_params p;

	wb_throughput_params_init(&p);
	p.duration_s = 3;
	p.omit_s = 1;
	p.port = server_on_ap ? 5711 : 5712;
	p.connect_timeout_ms = 20000;
	p.server_host = server_on_ap ? l->ap : l->local;
	p.client_host = server_on_ap ? l->local : l->ap;
	p.server_addr = env(server_on_ap ? "WBT_AP_IP" : "WBT_STA_IP");
	p.server_netns = server_on_ap ? l->ap_ns : env("WBT_STA_NS");
	p.client_netns = server_on_ap ? env("WBT_STA_NS") : l->ap_ns;
	/* the AP side is the iperf3 binary: by itself over ssh, asked for on this machine */
	if (server_on_ap)
		p.server_impl = WB_THROUGHPUT_IMPL_IPERF3;
	else
		p.client_impl = WB_THROUGHPUT_IMPL_IPERF3;
	assert_int_equal(wb_throughput_run(&p, out), 0);
	assert_ok(*out);
	print_message("# %s: %.1f Mbit/s, server %s %s, client %s %s\n",
		      server_on_ap ? "iperf3 server on the AP side, libiperf client" :
		      "libiperf server on the STA side, iperf3 client",
		      json_number_value(json_object_get(*out, "bits_per_second")) / 1e6,
		      str(json_object_get(json_object_get(*out, "roles"), "server"), "implementation"),
		      str(json_object_get(json_object_get(*out, "roles"), "server"), "iperf_version"),
		      str(json_object_get(json_object_get(*out, "roles"), "client"), "implementation"),
		      str(json_object_get(json_object_get(*out, "roles"), "client"), "iperf_version"));
}

static void test_iperf3_on_ap_side_libiperf_client(void **state)
{
	struct live *l = get(state);
	json_t *r;

	traffic(l, true, &r);
	assert_string_equal(str(json_object_get(json_object_get(r, "roles"), "server"),
				"implementation"), "iperf3");
	assert_true(json_number_value(json_object_get(r, "bits_per_second")) > 1e5);
	json_decref(r);
}

static void test_libiperf_server_iperf3_client_on_ap_side(void **state)
{
	struct live *l = get(state);
	json_t *r;

	traffic(l, false, &r);
	assert_string_equal(str(json_object_get(json_object_get(r, "roles"), "client"),
				"implementation"), "iperf3");
	assert_true(json_number_value(json_object_get(r, "bits_per_second")) > 1e5);
	json_decref(r);
}

/* Some frames across the link, from the STA (BusyBox's ping: Debian's is not installed). */
static void ping_ap(struct live *l, int count)
{
	char n[8];
	char *const argv[] = { "busybox", "ping", "-q", "-A", "-c", n, (char *)env("WBT_AP_IP"),
			       NULL };
	struct wb_host_exec x = { .netns = env("WBT_STA_NS"), .timeout_ms = 60000 };

	snprintf(n, sizeof(n), "%d", count);
	assert_int_equal(wb_host_run(l->local, argv, &x, NULL, NULL), 0);
}

static json_t *only_station(json_t *res)
{
	json_t *st = json_object_get(res, "stations");

	assert_ok(res);
	assert_int_equal(json_array_size(st), 1);
	return json_array_get(st, 0);
}

static void test_iw_station_dumps_match_nl80211(void **state)
{
	struct live *l = get(state);
	struct wb_link_params iw = { .source = WB_LINK_SOURCE_IW };
	struct wb_collector_cfg cfg[3] = {
		{ .label = "ap", .host = l->ap, .netns = l->ap_ns, .ifname = env("WBT_AP_IF"), .priv = &iw },
		{ .label = "sta", .host = l->local, .netns = env("WBT_STA_NS"), .ifname = env("WBT_STA_IF"),
		  .priv = &iw },
		/* the same AP interface through nl80211 (it is this machine's radio in the VM) */
		{ .label = "ap", .netns = env("WBT_AP_NS"), .ifname = env("WBT_AP_IF") },
	};
	struct wb_collector *c[3];
	json_t *r[3], *s[3];
	int64_t t0;
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(wb_link_collector.open(&cfg[i], &c[i]), 0);
	for (i = 0; i < 3; i++) {
		t0 = wb_now_ms();
		assert_int_equal(wb_link_collector.start(c[i]), 0);
		if (i == 0)
			print_message("# iw station dump on %s: %d ms\n", wb_host_name(l->ap),
				      (int)(wb_now_ms() - t0));
	}
	ping_ap(l, 40);
	for (i = 2; i >= 0; i--)
		assert_int_equal(wb_link_collector.stop(c[i]), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(wb_link_collector.result(c[i], &r[i]), 0);
		s[i] = only_station(r[i]);
		wb_link_collector.close(c[i]);
	}
	assert_string_equal(str(r[0], "source"), "iw");
	assert_string_equal(str(r[2], "source"), "nl80211");
	/* the AP's view of the STA and the STA's of the AP: PMF, the pings counted */
	assert_true(json_is_true(json_object_get(json_object_get(s[0], "end"), "mfp")));
	assert_true(json_is_true(json_object_get(json_object_get(s[1], "end"), "mfp")));
	assert_true(json_integer_value(json_object_get(json_object_get(s[0], "delta"), "rx_packets")) >= 40);
	assert_true(json_integer_value(json_object_get(json_object_get(s[1], "delta"), "tx_packets")) >= 40);
	/* iw and nl80211 on one interface: the same station, the same traffic */
	assert_string_equal(str(s[0], "mac"), str(s[2], "mac"));
	assert_in_range(json_integer_value(json_object_get(json_object_get(s[2], "delta"), "rx_packets")),
			json_integer_value(json_object_get(json_object_get(s[0], "delta"), "rx_packets")) - 5,
			json_integer_value(json_object_get(json_object_get(s[0], "delta"), "rx_packets")) + 5);
	for (i = 0; i < 3; i++)
		json_decref(r[i]);
}

/* The STA leaves and associates again: a fresh 4-way handshake in the capture. */
static void reassociate(struct live *l)
{
	char *const dis[] = { "wpa_cli", "-p", (char *)env("WBT_STA_CTRL"), "-i",
			      (char *)env("WBT_STA_IF"), "disconnect", NULL };
	char *const rec[] = { "wpa_cli", "-p", (char *)env("WBT_STA_CTRL"), "-i",
			      (char *)env("WBT_STA_IF"), "reconnect", NULL };
	char *const st[] = { "wpa_cli", "-p", (char *)env("WBT_STA_CTRL"), "-i",
			     (char *)env("WBT_STA_IF"), "status", NULL };
	struct wb_host_exec x = { .netns = env("WBT_STA_NS"), .timeout_ms = 10000 };
	int64_t end;

	assert_int_equal(wb_host_run(l->local, dis, &x, NULL, NULL), 0);
	usleep(500000);
	assert_int_equal(wb_host_run(l->local, rec, &x, NULL, NULL), 0);
	for (end = wb_now_ms() + 60000; wb_now_ms() < end; usleep(200000)) {
		char *out = NULL;
		bool done = wb_host_run(l->local, st, &x, &out, NULL) == 0 && out &&
			    strstr(out, "wpa_state=COMPLETED");

		free(out);
		if (done) {
			ping_ap(l, 5);
			return;
		}
	}
	fail_msg("the STA did not associate again");
}

static json_t *capture_across_reassociation(struct live *l, struct wb_collector_cfg *cfg)
{
	struct wb_collector *c;
	json_t *r = NULL;
	int64_t t0 = wb_now_ms(), end;

	assert_int_equal(wb_capture_ops.open(cfg, &c), 0);
	print_message("# capture on %s (%s): capturing after %d ms\n", cfg->ifname,
		      cfg->host ? wb_host_name(cfg->host) : "local", (int)(wb_now_ms() - t0));
	reassociate(l);
	for (end = wb_now_ms() + 1500; wb_now_ms() < end;) {
		struct pollfd p = { .fd = wb_capture_ops.poll_fd(c), .events = POLLIN };

		if (poll(&p, 1, 100) > 0)
			assert_int_equal(wb_capture_ops.read(c), 0);
	}
	assert_int_equal(wb_capture_ops.stop(c), 0);
	assert_int_equal(wb_capture_ops.result(c, &r), 0);
	wb_capture_ops.close(c);
	print_message("# %s: %lld frames, verdict %s (%s), dropped %lld\n", cfg->ifname,
		      (long long)json_integer_value(json_object_get(r, "frames")),
		      str(json_object_get(r, "pmf"), "verdict"), str(json_object_get(r, "pmf"), "reason"),
		      (long long)json_integer_value(json_object_get(r, "dropped")));
	return r;
}

static void assert_pmf_pass(json_t *r)
{
	json_t *pmf = json_object_get(r, "pmf");

	if (strcmp(str(pmf, "verdict"), "pass") != 0)
		fail_msg("verdict %s: %s", str(pmf, "verdict"), json_dumps(pmf, 0));
	assert_true(json_integer_value(json_object_get(pmf, "protected_unicast")) > 0);
	assert_true(json_is_true(json_object_get(r, "drops_known")));
	assert_int_equal(json_integer_value(json_object_get(r, "dropped")), 0);
}

static void test_tcpdump_stream_pmf_protected(void **state)
{
	struct live *l = get(state);
	struct wb_capture_cfg cc = { .source = WB_CAPTURE_STREAM, .drain_ms = 1000,
				     .start_ms = 30000 };
	struct wb_collector_cfg cfg = { .label = "sniffer", .priv = &cc };
	json_t *r;

	if (l->ssh) {
		/* on the AP host, as on an OpenWrt AP: a monitor interface on its phy */
		cfg.host = l->ap;
		cfg.ifname = "rcmon0";
		cc.monitor_phy = env("WBT_AP_PHY");
		cc.monitor_freq_mhz = 2437;
	} else {
		cfg.host = l->local;
		cfg.ifname = "hwsim0";
	}
	r = capture_across_reassociation(l, &cfg);
	assert_string_equal(str(r, "source"), "tcpdump");
	assert_pmf_pass(r);
	/* the AP's radio works on its channel: the monitor listens there, not retuned */
	if (l->ssh)
		assert_true(json_is_false(json_object_get(json_object_get(r, "monitor"), "tuned")));
	json_decref(r);
	if (l->ssh) {
		/* and it is gone */
		char *const argv[] = { "iw", "dev", NULL };
		struct wb_host_exec x = { .timeout_ms = 15000 };
		char *out = NULL;

		assert_int_equal(wb_host_run(l->ap, argv, &x, &out, NULL), 0);
		assert_null(strstr(out, "rcmon0"));
		free(out);
	}
}

/* The sniffer role on this machine with its own radio: a monitor interface made on it. */
static void test_local_monitor_radio(void **state)
{
	struct live *l = get(state);
	struct wb_capture_cfg cc = { .monitor_phy = env("WBT_SNIFF_PHY"), .monitor_freq_mhz = 2437 };
	struct wb_collector_cfg cfg = { .label = "sniffer", .ifname = "rcmon1", .priv = &cc };
	json_t *r;

	r = capture_across_reassociation(l, &cfg);
	assert_string_equal(str(r, "source"), "libpcap");
	assert_string_equal(str(json_object_get(r, "monitor"), "phy"), env("WBT_SNIFF_PHY"));
	assert_true(json_is_true(json_object_get(json_object_get(r, "monitor"), "tuned")));
	assert_pmf_pass(r);
	json_decref(r);
	assert_int_equal(access("/sys/class/net/rcmon1", F_OK), -1);
}

static void test_cpu_on_ap_side(void **state)
{
	struct live *l = get(state);
	struct wb_cpu_params p;
	struct wb_collector_cfg cfg = { .label = "ap", .host = l->ap, .priv = &p };
	struct wb_collector *c;
	json_t *r, *rd;
	int64_t end, longest = 0;

	wb_cpu_params_init(&p);
	assert_int_equal(wb_cpu_collector.open(&cfg, &c), 0);
	assert_int_equal(wb_cpu_collector.start(c), 0);
	for (end = wb_now_ms() + 6000; wb_now_ms() < end;) {
		struct pollfd pf = { .fd = wb_cpu_collector.poll_fd(c), .events = POLLIN };
		int64_t t0;

		if (poll(&pf, 1, 100) <= 0)
			continue;
		t0 = wb_now_ms();
		assert_int_equal(wb_cpu_collector.read(c), 0);
		longest = wb_now_ms() - t0 > longest ? wb_now_ms() - t0 : longest;
	}
	assert_int_equal(wb_cpu_collector.stop(c), 0);
	assert_int_equal(wb_cpu_collector.result(c, &r), 0);
	wb_cpu_collector.close(c);
	assert_ok(r);
	rd = json_object_get(json_object_get(r, "series"), "readings");
	print_message("# cpu on %s: user_hz %lld (%s); %lld readings, round trip mean %.1f ms, "
		      "max %.1f ms, %lld ticks skipped; start/stop readings %.1f/%.1f ms; "
		      "longest read() %d ms\n", wb_host_name(l->ap),
		      (long long)json_integer_value(json_object_get(r, "user_hz")),
		      str(r, "user_hz_source"), (long long)json_integer_value(json_object_get(rd, "n")),
		      json_real_value(json_object_get(rd, "mean_ms")),
		      json_real_value(json_object_get(rd, "max_ms")),
		      (long long)json_integer_value(json_object_get(rd, "skipped_ticks")),
		      json_real_value(json_object_get(json_object_get(r, "window"), "start_read_ms")),
		      json_real_value(json_object_get(json_object_get(r, "window"), "end_read_ms")),
		      (int)longest);
	assert_int_equal(json_integer_value(json_object_get(r, "user_hz")), 100);
	if (l->ssh)
		assert_non_null(strstr(str(r, "user_hz_source"), "getconf"));
	assert_true(json_integer_value(json_object_get(rd, "n")) >= 3);
	assert_null(json_object_get(rd, "error"));
	assert_true(longest < 100);
	json_decref(r);
}

/* The latency collector's ping on the AP side to the station, over the air: @ping is the
 * binary (NULL: the host's ping, iputils here; a symlink named ping to BusyBox). */
static void latency_from_ap(struct live *l, const char *ping)
{
	const struct wb_collector_ops *ops = &wb_latency_collector;
	struct wb_latency_params p;
	struct wb_collector_cfg cfg = { .label = "latency", .priv = &p };
	struct wb_collector *c;
	json_t *r;
	int64_t end;

	wb_latency_params_init(&p);
	p.host = l->ap;
	p.netns = l->ap_ns;
	p.target = env("WBT_STA_IP");
	p.interval_ms = 50;
	p.count = 20;
	p.ping = ping;
	assert_int_equal(ops->open(&cfg, &c), 0);
	assert_int_equal(ops->start(c), 0);
	for (end = wb_now_ms() + 8000; !wb_latency_done(c) && wb_now_ms() < end;) {
		struct pollfd pf = { .fd = ops->poll_fd(c), .events = POLLIN };

		if (poll(&pf, 1, 100) > 0)
			ops->read(c);
	}
	assert_int_equal(ops->stop(c), 0);
	assert_int_equal(ops->result(c, &r), 0);
	ops->close(c);
	assert_ok(r);
	print_message("# latency from %s (%s): %lld of %lld answered, first %.2f ms\n",
		      wb_host_name(l->ap), ping ? ping : "ping",
		      (long long)json_integer_value(json_object_get(r, "received")),
		      (long long)json_integer_value(json_object_get(r, "sent")),
		      json_number_value(json_array_get(json_object_get(r, "rtt_ms"), 0)));
	assert_int_equal(json_integer_value(json_object_get(r, "sent")), 20);
	assert_true(json_integer_value(json_object_get(r, "received")) >= 18);
	assert_int_equal(json_array_size(json_object_get(r, "rtt_ms")),
			 json_integer_value(json_object_get(r, "received")));
	json_decref(r);
}

static void test_latency_on_ap_side(void **state)
{
	struct live *l = get(state);
	char bb[320];

	latency_from_ap(l, NULL);
	/* BusyBox's applet, as on OpenWrt: it picks the applet by its name */
	snprintf(bb, sizeof(bb), "%s/ping", l->dir);
	assert_int_equal(symlink("/bin/busybox", bb), 0);
	latency_from_ap(l, bb);
	assert_int_equal(unlink(bb), 0);
}

static void test_debugfs_keys(void **state)
{
	struct live *l = get(state);
	struct wb_crypto_keys_opts fx = { .debugfs = env("WBT_KEYS_FIXTURE") };
	const char *phys[] = { env("WBT_AP_PHY"), env("WBT_STA_PHY") };
	struct wb_host *hosts[] = { l->ap, l->local };
	json_t *r;

	for (int i = 0; i < 2; i++) {
		int64_t t0 = wb_now_ms();

		assert_int_equal(wb_crypto_keys_read(hosts[i], phys[i], NULL, &r), 0);
		print_message("# debugfs keys of %s on %s (%d ms): %s%s%s\n", phys[i],
			      wb_host_name(hosts[i]), (int)(wb_now_ms() - t0), str(r, "status"),
			      json_object_get(r, "summary") ? " " : ": ",
			      json_object_get(r, "summary") ? str(r, "summary") : str(r, "reason"));
		if (!strcmp(str(r, "status"), "ok")) {
			/* hwsim has no set_key: every key is mac80211's, in software */
			assert_string_equal(str(r, "summary"), "software");
			assert_true(json_array_size(json_object_get(r, "keys")) >= 2);
		} else {
			/* Debian's kernel: no per-key debugfs, and the reading says so */
			assert_string_equal(str(r, "status"), "unavailable");
			assert_non_null(strstr(str(r, "reason"), "CONFIG_MAC80211_DEBUGFS"));
		}
		json_decref(r);
	}
	/* the reader itself through this host, on mac80211's layout (a fixture tree) */
	assert_int_equal(wb_crypto_keys_read(l->ap, "phy0", &fx, &r), 0);
	if (strcmp(str(r, "summary"), "mixed") != 0)
		fail_msg("the fixture tree through %s: %s", wb_host_name(l->ap), json_dumps(r, 0));
	json_decref(r);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iperf3_on_ap_side_libiperf_client),
		cmocka_unit_test(test_libiperf_server_iperf3_client_on_ap_side),
		cmocka_unit_test(test_iw_station_dumps_match_nl80211),
		cmocka_unit_test(test_tcpdump_stream_pmf_protected),
		cmocka_unit_test(test_local_monitor_radio),
		cmocka_unit_test(test_cpu_on_ap_side),
		cmocka_unit_test(test_latency_on_ap_side),
		cmocka_unit_test(test_debugfs_keys),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
