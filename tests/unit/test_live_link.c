/*
 * Live collectors on mac80211_hwsim (root only; in CI inside `wbench vm`):
 * two new radios, each moved into its own network namespace; hostapd runs an open
 * network on one, the other joins with `iw connect`. Then the link collector (AP side and
 * STA side) brackets a throughput collector run across the simulated air, and both must
 * show the peer with a bitrate and the traffic in the byte deltas.
 * Skips cleanly when not root or when mac80211_hwsim is not loaded.
 */
#include <errno.h>
#include <fcntl.h>
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

#include <netlink/attr.h>

#include "collectors/link.h"
#include "collectors/throughput.h"
#include "wbench/host/host.h"
#include "wbench/sys/nl.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"

/* include/uapi-less constants of drivers/net/wireless/virtual/mac80211_hwsim.h */
#define HWSIM_CMD_NEW_RADIO 4
#define HWSIM_CMD_DEL_RADIO 5
#define HWSIM_ATTR_RADIO_NAME 17

/* TCG emulation is slow: generous bounds, each only a hang guard. */
#define LIVE_WAIT_MS 60000

struct lab {
	char phy[2][32];        /* [0] AP, [1] STA */
	char ifname[2][32];
	char mac[2][18];
	bool radio[2];
	char ns[2][48];
	char ns_path[2][80];
	bool ns_made[2];
	char *dir;
	struct wb_proc hostapd;
	int hostapd_fd;
	char out[65536];        /* hostapd's output so far */
	size_t out_len, seen;   /* seen: where the next wait starts looking */
};

static int run(const char *fmt, ...) WB_PRINTF(1, 2);

/* Run a shell command line, output to our stderr; returns its exit code. */
static int run(const char *fmt, ...)
{
	char cmd[1024];
	char *argv[] = { (char *)"sh", (char *)"-c", cmd, NULL };
	struct wb_proc_opts o;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	wb_proc_opts_init(&o);
	o.stdout_fd = 2;
	return wb_proc_run(argv, &o, LIVE_WAIT_MS, NULL);
}

static int hwsim_radio(int cmd, const char *name)
{
	struct wb_nl nl;
	struct nl_msg *m;
	int r = wb_nl_open(&nl, "MAC80211_HWSIM");

	if (r < 0)
		return r;
	m = wb_nl_msg(&nl, 0, (uint8_t)cmd);
	if (!m || nla_put_string(m, HWSIM_ATTR_RADIO_NAME, name) < 0) {
		nlmsg_free(m);
		wb_nl_close(&nl);
		return -ENOMEM;
	}
	r = wb_nl_send_recv(&nl, m, NULL, NULL);
	wb_nl_close(&nl);
	return r;
}

static void read_sys(const char *fmt, const char *arg, char *out, size_t len)
{
	char path[256], *text = NULL;

	snprintf(path, sizeof(path), fmt, arg);
	assert_int_equal(wb_read_file(path, 4096, &text, NULL), 0);
	wb_strlcpy(out, text, len);
	out[strcspn(out, "\n")] = '\0';
	free(text);
}

/* The one netdev of a fresh hwsim phy, read before the phy leaves this namespace. */
static void phy_netdev(const char *phy, char *out, size_t len)
{
	char cmd[256];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ls /sys/class/ieee80211/%s/device/net/", phy);
	f = popen(cmd, "r");
	assert_non_null(f);
	assert_non_null(fgets(out, (int)len, f));
	out[strcspn(out, "\n")] = '\0';
	pclose(f);
}

/* Wait until hostapd printed @needle after what earlier waits consumed. */
static void wait_hostapd(struct lab *l, const char *needle)
{
	int64_t deadline = wb_now_ms() + LIVE_WAIT_MS;

	for (;;) {
		struct pollfd p = { .fd = l->hostapd_fd, .events = POLLIN };
		char *hit;
		ssize_t n;
		int64_t left;

		hit = strstr(l->out + l->seen, needle);
		if (hit) {
			l->seen = (size_t)(hit - l->out) + strlen(needle);
			return;
		}
		left = deadline - wb_now_ms();
		if (left <= 0 || l->out_len + 1 >= sizeof(l->out))
			fail_msg("hostapd never printed '%s'; its output:\n%s", needle, l->out);
		if (poll(&p, 1, (int)left) < 0)
			continue;
		n = read(l->hostapd_fd, l->out + l->out_len, sizeof(l->out) - 1 - l->out_len);
		if (n == 0)
			fail_msg("hostapd exited before '%s'; its output:\n%s", needle, l->out);
		if (n > 0) {
			l->out_len += (size_t)n;
			l->out[l->out_len] = '\0';
		}
	}
}

static int teardown(void **state)
{
	struct lab *l = *state;
	int i;

	if (!l)
		return 0;
	wb_proc_stop(&l->hostapd, 2000);
	if (l->hostapd_fd >= 0)
		close(l->hostapd_fd);
	for (i = 0; i < 2; i++) {
		/* hwsim deletes a radio only from its own namespace: bring it home first */
		if (l->ns_made[i]) {
			run("ip netns exec %s iw phy %s set netns 1", l->ns[i], l->phy[i]);
			run("ip netns del %s", l->ns[i]);
		}
		if (l->radio[i])
			hwsim_radio(HWSIM_CMD_DEL_RADIO, l->phy[i]);
	}
	if (l->dir) {
		wb_rm_rf(l->dir);
		free(l->dir);
	}
	free(l);
	return 0;
}

static int setup(void **state)
{
	struct lab *l;
	int i;

	*state = NULL;
	if (getuid() != 0 || access("/sys/module/mac80211_hwsim", F_OK) != 0)
		return 0;  /* the test skips */
	l = calloc(1, sizeof(*l));
	if (!l)
		return -1;
	l->hostapd_fd = -1;
	wb_proc_init(&l->hostapd, "hostapd");
	*state = l;
	for (i = 0; i < 2; i++) {
		snprintf(l->phy[i], sizeof(l->phy[i]), "wbl%d%c", (int)getpid() % 100000, "as"[i]);
		snprintf(l->ns[i], sizeof(l->ns[i]), "wbl%d-%s", (int)getpid(), i ? "sta" : "ap");
		snprintf(l->ns_path[i], sizeof(l->ns_path[i]), "/run/netns/%s", l->ns[i]);
	}
	return 0;
}

static void bring_up(struct lab *l)
{
	char conf[512], path[4096];
	int pfd[2], i, n;
	struct wb_proc_opts o;
	char *argv[] = { (char *)"hostapd", path, NULL };

	for (i = 0; i < 2; i++) {
		char sys[128];
		int r = hwsim_radio(HWSIM_CMD_NEW_RADIO, l->phy[i]);

		/*
		 * hwsim acks NEW_RADIO with the new radio id as a positive "error"; for
		 * ids > 0 wb_nl_send_recv currently turns that into -EPERM (libnl maps the
		 * value after err_cb's NL_STOP). Judge by the radio's existence instead.
		 */
		snprintf(sys, sizeof(sys), "/sys/class/ieee80211/%s", l->phy[i]);
		if (r < 0 && access(sys, F_OK) == 0)
			r = 0;
		if (r < 0)
			fail_msg("cannot create hwsim radio '%s': %s", l->phy[i], strerror(-r));
		l->radio[i] = true;
		phy_netdev(l->phy[i], l->ifname[i], sizeof(l->ifname[i]));
		read_sys("/sys/class/ieee80211/%s/macaddress", l->phy[i], l->mac[i],
			 sizeof(l->mac[i]));
		assert_int_equal(run("ip netns add %s", l->ns[i]), 0);
		l->ns_made[i] = true;
		assert_int_equal(run("iw phy %s set netns name %s && ip -n %s link set lo up",
				     l->phy[i], l->ns[i], l->ns[i]), 0);
	}
	l->dir = wb_mkdtemp_private("wbench-live");
	assert_non_null(l->dir);
	n = snprintf(conf, sizeof(conf), "interface=%s\ndriver=nl80211\nssid=wbench-live-%d\n"
		     "hw_mode=g\nchannel=6\n", l->ifname[0], (int)getpid());
	snprintf(path, sizeof(path), "%s/hostapd.conf", l->dir);
	assert_int_equal(wb_write_file_atomic(path, conf, (size_t)n, 0600), 0);
	assert_int_equal(pipe2(pfd, O_CLOEXEC), 0);
	wb_proc_opts_init(&o);
	o.netns = l->ns_path[0];
	o.stdout_fd = pfd[1];
	o.stderr_fd = pfd[1];
	assert_int_equal(wb_proc_spawn(&l->hostapd, argv, &o), 0);
	close(pfd[1]);
	l->hostapd_fd = pfd[0];
	wait_hostapd(l, "AP-ENABLED");
	assert_int_equal(run("ip -n %s link set %s up && ip netns exec %s iw dev %s connect "
			     "wbench-live-%d", l->ns[1], l->ifname[1], l->ns[1], l->ifname[1],
			     (int)getpid()), 0);
	wait_hostapd(l, "AP-STA-CONNECTED");
	assert_int_equal(run("ip -n %s addr add 10.233.0.1/24 dev %s && "
			     "ip -n %s addr add 10.233.0.2/24 dev %s", l->ns[0], l->ifname[0],
			     l->ns[1], l->ifname[1]), 0);
}

static json_t *station(json_t *res, const char *mac)
{
	json_t *st = json_object_get(res, "stations"), *s;
	size_t i;

	json_array_foreach(st, i, s)
		if (strcmp(json_string_value(json_object_get(s, "mac")), mac) == 0)
			return s;
	fail_msg("station '%s' not in the dump: %s", mac, json_dumps(res, 0));
	return NULL;
}

static double path_num(json_t *o, const char *a, const char *b, const char *c)
{
	json_t *v = json_object_get(json_object_get(o, a), b);

	if (c)
		v = json_object_get(v, c);
	if (!json_is_number(v))
		fail_msg("'%s.%s%s%s' is not a number", a, b, c ? "." : "", c ? c : "");
	return json_number_value(v);
}

static void test_link_and_traffic_over_hwsim(void **state)
{
	struct lab *l = *state;
	struct wb_collector_cfg ap = { .label = "ap" }, sta = { .label = "sta" };
	struct wb_collector *cap, *csta;
	struct wb_throughput_params p;
	struct wb_host *local;
	json_t *tr, *rap, *rsta, *s;

	if (!l) {
		printf("# skipped: needs root and mac80211_hwsim (run it in 'wbench vm')\n");
		skip();
	}
	bring_up(l);
	ap.netns = l->ns_path[0];
	ap.ifname = l->ifname[0];
	sta.netns = l->ns_path[1];
	sta.ifname = l->ifname[1];
	assert_int_equal(wb_link_collector.open(&ap, &cap), 0);
	assert_int_equal(wb_link_collector.open(&sta, &csta), 0);
	assert_int_equal(wb_link_collector.start(cap), 0);
	assert_int_equal(wb_link_collector.start(csta), 0);

	assert_int_equal(wb_host_local_new(&local), 0);
	wb_throughput_params_init(&p);
	p.server_host = p.client_host = local; /* both iperf roles on this machine */
	p.server_addr = "10.233.0.1";
	p.server_netns = l->ns_path[0];
	p.client_netns = l->ns_path[1];
	p.duration_s = 2;
	p.omit_s = 1;
	p.connect_timeout_ms = 20000;
	assert_int_equal(wb_throughput_run(&p, &tr), 0);
	wb_host_free(local);
	if (strcmp(json_string_value(json_object_get(tr, "status")), "ok") != 0)
		fail_msg("traffic over hwsim failed: %s",
			 json_string_value(json_object_get(tr, "message")));
	assert_true(json_number_value(json_object_get(tr, "bits_per_second")) > 0);
	printf("# hwsim TCP up: %.1f Mbit/s\n",
	       json_number_value(json_object_get(tr, "bits_per_second")) / 1e6);

	assert_int_equal(wb_link_collector.stop(cap), 0);
	assert_int_equal(wb_link_collector.stop(csta), 0);
	assert_int_equal(wb_link_collector.result(cap, &rap), 0);
	assert_int_equal(wb_link_collector.result(csta, &rsta), 0);
	assert_string_equal(json_string_value(json_object_get(rap, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(rsta, "status")), "ok");

	if (getenv("WBENCH_DEBUG")) {
		char *t = json_dumps(rap, JSON_COMPACT);

		printf("# link ap: %s\n", t);
		free(t);
		t = json_dumps(rsta, JSON_COMPACT);
		printf("# link sta: %s\n", t);
		free(t);
	}
	/* AP side: the STA is a station with a TX bitrate, and the upload arrived */
	s = station(rap, l->mac[1]);
	assert_true(json_is_true(json_object_get(s, "present_at_start")));
	assert_true(json_is_true(json_object_get(s, "present_at_end")));
	assert_true(path_num(s, "end", "tx_bitrate", "bits_per_second") > 0);
	assert_true(path_num(s, "delta", "rx_bytes", NULL) > 0);
	assert_true(path_num(s, "end", "connected_time_s", NULL) >= 0);
	/* STA side: the AP, with a signal and the upload in its TX counters */
	s = station(rsta, l->mac[0]);
	assert_true(path_num(s, "end", "tx_bitrate", "bits_per_second") > 0);
	assert_true(path_num(s, "end", "signal_dbm", NULL) < 0);
	assert_true(path_num(s, "delta", "tx_bytes", NULL) > 0);
	assert_true(path_num(s, "delta", "tx_packets", NULL) > 0);

	json_decref(tr);
	json_decref(rap);
	json_decref(rsta);
	wb_link_collector.close(cap);
	wb_link_collector.close(csta);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_link_and_traffic_over_hwsim, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
