/*
 * Link collector, remote source: the parser of `iw dev IF station dump` on recorded
 * outputs (tests/fixtures/iw/: hwsim in the VM with iw 5.19) and on outputs built from
 * the print formats of older and newer iw (README.md there says which is which); the
 * same station through nl80211 and through iw gives the same JSON; and the collector with
 * the iw source on a local host whose PATH has a stand-in `iw` (this machine has no
 * wireless: the stand-in prints fixtures, as iw would, and says so in its first line).
 */
#include <errno.h>
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

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "collectors/link.h"
#include "tests/unit/fixture.h"
#include "wbench/lib/util.h"

static void parse_fixture(const char *name, struct wb_link_station **st, size_t *n)
{
	char *text = wbt_fixture_read(name), err[256] = "";

	if (wb_link_iw_parse(text, st, n, err, sizeof(err)) != 0)
		fail_msg("%s: %s", name, err);
	free(text);
}

static void test_hwsim_ap_side_every_field(void **state)
{
	struct wb_link_station *st;
	size_t n;
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x01, 0 };

	(void)state;
	parse_fixture("iw/hwsim_ap_iw5.19.txt", &st, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(st[0].mac, mac, 6);
	assert_int_equal(st[0].inactive_time_ms, 1316);
	assert_int_equal(st[0].rx_bytes, 5055941);
	assert_int_equal(st[0].rx_packets, 3304);
	assert_int_equal(st[0].tx_bytes, 83214);
	assert_int_equal(st[0].tx_packets, 963);
	assert_int_equal(st[0].tx_retries, 0);
	assert_int_equal(st[0].tx_failed, 0);
	assert_int_equal(st[0].signal_dbm, -30);
	assert_int_equal(st[0].signal_avg_dbm, -30);
	assert_true(st[0].tx_rate.present);
	assert_int_equal(st[0].tx_rate.bitrate, 130);
	assert_int_equal(st[0].tx_rate.mcs, 8);
	assert_int_equal(st[0].rx_rate.mcs, 1);
	assert_int_equal(st[0].rx_rate.width_mhz, 20);
	assert_int_equal(st[0].connected_time_s, 7);
	assert_true(st[0].mfp);
	/* an AP does not count beacon loss of its stations: absent, not 0 */
	assert_int_equal(st[0].has & WB_LINK_HAS_BEACON_LOSS, 0);
	assert_int_equal(st[0].has & (WB_LINK_HAS_MFP | WB_LINK_HAS_BYTES64 |
				      WB_LINK_HAS_CONNECTED_TIME | WB_LINK_HAS_SIGNAL_AVG),
			 WB_LINK_HAS_MFP | WB_LINK_HAS_BYTES64 | WB_LINK_HAS_CONNECTED_TIME |
			 WB_LINK_HAS_SIGNAL_AVG);
	free(st);
}

static void test_hwsim_sta_side_has_beacon_loss(void **state)
{
	struct wb_link_station *st;
	size_t n;

	(void)state;
	parse_fixture("iw/hwsim_sta_iw5.19.txt", &st, &n);
	assert_int_equal(n, 1);
	assert_true(st[0].has & WB_LINK_HAS_BEACON_LOSS);
	assert_int_equal(st[0].beacon_loss, 0);
	assert_int_equal(st[0].tx_bytes, 5003203);
	free(st);
}

static void test_empty_dump_no_station(void **state)
{
	struct wb_link_station *st = (void *)1;
	size_t n = 7;

	(void)state;
	parse_fixture("iw/hwsim_ap_empty_iw5.19.txt", &st, &n);
	assert_null(st);
	assert_int_equal(n, 0);
}

static void test_iw501_vht_chains_and_two_stations(void **state)
{
	struct wb_link_station *st;
	size_t n;

	(void)state;
	parse_fixture("iw/constructed_openwrt19_iw5.0.1_two_stations.txt", &st, &n);
	assert_int_equal(n, 2);
	assert_int_equal(st[0].rx_bytes, 6873210458ULL);  /* past 2^32: 64-bit */
	assert_int_equal(st[0].signal_dbm, -45);
	assert_int_equal(st[0].signal_avg_dbm, -46);
	assert_int_equal(st[0].tx_rate.bitrate, 8667);
	assert_int_equal(st[0].tx_rate.vht_mcs, 9);
	assert_int_equal(st[0].tx_rate.vht_nss, 2);
	assert_int_equal(st[0].tx_rate.width_mhz, 80);
	assert_true(st[0].tx_rate.short_gi);
	assert_int_equal(st[0].tx_rate.mcs, -1);
	assert_false(st[0].rx_rate.short_gi);
	assert_int_equal(st[0].connected_time_s, 3611);
	assert_true(st[0].mfp);
	assert_int_equal(st[1].tx_rate.bitrate, 10);
	assert_int_equal(st[1].rx_rate.mcs, 7);
	assert_true(st[1].rx_rate.short_gi);
	assert_true(st[1].has & WB_LINK_HAS_MFP);
	assert_false(st[1].mfp);
	free(st);
}

static void test_legacy_iw_missing_fields_absent(void **state)
{
	struct wb_link_station *st;
	size_t n;

	(void)state;
	parse_fixture("iw/constructed_iw3.4_legacy.txt", &st, &n);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].has & (WB_LINK_HAS_CONNECTED_TIME | WB_LINK_HAS_BEACON_LOSS), 0);
	assert_int_equal(st[0].rx_bytes, 4294967290ULL);
	assert_int_equal(st[0].tx_rate.bitrate, 540);
	assert_int_equal(st[0].tx_rate.mcs, -1);
	assert_false(st[0].mfp);
	free(st);
}

static void test_mlo_station_values_not_links(void **state)
{
	struct wb_link_station *st;
	size_t n;

	(void)state;
	parse_fixture("iw/constructed_iw6.9_mlo.txt", &st, &n);
	assert_int_equal(n, 1);
	assert_int_equal(st[0].rx_bytes, 1000000);
	assert_int_equal(st[0].signal_dbm, -40);
	assert_int_equal(st[0].tx_rate.bitrate, 28823);
	assert_int_equal(st[0].tx_rate.width_mhz, 160);
	assert_int_equal(st[0].tx_rate.he_mcs, 11);
	assert_int_equal(st[0].tx_rate.he_nss, 2);
	assert_true(st[0].rx_rate.present);
	assert_int_equal(st[0].rx_rate.bitrate, 0);  /* "(unknown)" */
	free(st);
}

static void expect_malformed(const char *text, const char *needle)
{
	struct wb_link_station *st = (void *)1;
	size_t n = 3;
	char err[256] = "";

	assert_int_equal(wb_link_iw_parse(text, &st, &n, err, sizeof(err)), -EINVAL);
	assert_null(st);
	assert_int_equal(n, 0);
	if (!strstr(err, needle))
		fail_msg("'%s' not in '%s'", needle, err);
}

static void test_malformed_named_by_line(void **state)
{
	char *t;
	char longline[1024];

	(void)state;
	t = wbt_fixture_read("iw/bad_rx_bytes.txt");
	expect_malformed(t, "line 2");
	free(t);
	t = wbt_fixture_read("iw/bad_not_a_dump.txt");
	expect_malformed(t, "line 1");
	free(t);
	expect_malformed("Station 02:00:00:zz:01:00 (on x)\n", "line 1");
	expect_malformed("Station\n", "line 1");
	expect_malformed("Station 02:00:00:00:01:00 (on x)\n\tsignal:  \t-300 dBm\n", "line 2");
	expect_malformed("Station 02:00:00:00:01:00 (on x)\n\ttx packets:\t4294967296\n", "line 2");
	expect_malformed("Station 02:00:00:00:01:00 (on x)\n\ttx bitrate:\t1.x MBit/s\n", "line 2");
	expect_malformed("Station 02:00:00:00:01:00 (on x)\n\tconnected time:\t5 minutes\n",
			 "line 2");
	expect_malformed("Station 02:00:00:00:01:00 (on x)\n\tMFP:\t\tperhaps\n", "line 2");
	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	memcpy(longline, "Station 02:00:00:00:01:00 ", 26);
	expect_malformed(longline, "line 1");
}

static void test_too_many_stations(void **state)
{
	size_t per = strlen("Station 02:00:00:00:00:00 (on x)\n"), i;
	char *text = malloc(per * (WB_LINK_MAX_STATIONS + 1) + 1), *p = text, err[128];
	struct wb_link_station *st;
	size_t n;

	(void)state;
	assert_non_null(text);
	for (i = 0; i <= WB_LINK_MAX_STATIONS; i++)
		p += sprintf(p, "Station 02:00:00:00:%02zx:%02zx (on x)\n", i >> 8, i & 0xff);
	assert_int_equal(wb_link_iw_parse(text, &st, &n, err, sizeof(err)), -E2BIG);
	free(text);
}

/* The hwsim AP fixture's station as the kernel would send it over nl80211. */
static struct nl_msg *hwsim_station_msg(void)
{
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x01, 0 };
	struct nl80211_sta_flag_update fl = { .mask = 1u << NL80211_STA_FLAG_MFP,
					      .set = 1u << NL80211_STA_FLAG_MFP };
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *si, *r;

	assert_non_null(genlmsg_put(m, 1, 1, 0x1c, 0, NLM_F_MULTI, NL80211_CMD_NEW_STATION, 0));
	assert_int_equal(nla_put(m, NL80211_ATTR_MAC, 6, mac), 0);
	si = nla_nest_start(m, NL80211_ATTR_STA_INFO);
	nla_put_u32(m, NL80211_STA_INFO_INACTIVE_TIME, 1316);
	nla_put_u64(m, NL80211_STA_INFO_RX_BYTES64, 5055941);
	nla_put_u64(m, NL80211_STA_INFO_TX_BYTES64, 83214);
	nla_put_u32(m, NL80211_STA_INFO_RX_PACKETS, 3304);
	nla_put_u32(m, NL80211_STA_INFO_TX_PACKETS, 963);
	nla_put_u32(m, NL80211_STA_INFO_TX_RETRIES, 0);
	nla_put_u32(m, NL80211_STA_INFO_TX_FAILED, 0);
	nla_put_u8(m, NL80211_STA_INFO_SIGNAL, (uint8_t)-30);
	nla_put_u8(m, NL80211_STA_INFO_SIGNAL_AVG, (uint8_t)-30);
	nla_put_u32(m, NL80211_STA_INFO_CONNECTED_TIME, 7);
	nla_put(m, NL80211_STA_INFO_STA_FLAGS, sizeof(fl), &fl);
	r = nla_nest_start(m, NL80211_STA_INFO_TX_BITRATE);
	nla_put_u32(m, NL80211_RATE_INFO_BITRATE32, 130);
	nla_put_u8(m, NL80211_RATE_INFO_MCS, 8);
	nla_nest_end(m, r);
	r = nla_nest_start(m, NL80211_STA_INFO_RX_BITRATE);
	nla_put_u16(m, NL80211_RATE_INFO_BITRATE, 130);
	nla_put_u8(m, NL80211_RATE_INFO_MCS, 1);
	nla_nest_end(m, r);
	nla_nest_end(m, si);
	return m;
}

static void test_iw_and_nl80211_same_json(void **state)
{
	struct wb_link_station *iw, nl;
	struct nl_msg *m = hwsim_station_msg();
	json_t *a, *b;
	char err[256] = "", *sa, *sb;
	size_t n;

	(void)state;
	parse_fixture("iw/hwsim_ap_iw5.19.txt", &iw, &n);
	assert_int_equal(wb_link_parse_station(m, &nl, err, sizeof(err)), 0);
	a = wb_link_stations_json(iw, n, iw, n);
	b = wb_link_stations_json(&nl, 1, &nl, 1);
	sa = json_dumps(a, JSON_SORT_KEYS);
	sb = json_dumps(b, JSON_SORT_KEYS);
	assert_string_equal(sa, sb);
	assert_non_null(strstr(sa, "\"mfp\": true"));
	free(sa);
	free(sb);
	json_decref(a);
	json_decref(b);
	nlmsg_free(m);
	free(iw);
}

/* A directory whose "iw" prints fixture A, then B (the stand-in for a remote iw). */
static char *fake_iw_dir(const char *a, const char *b, int fail_code)
{
	char *dir = wb_mkdtemp_private("wbt-iw"), path[512], script[2048], cwd[400];
	FILE *f;

	assert_non_null(dir);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(path, sizeof(path), "%s/iw", dir);
	snprintf(script, sizeof(script),
		 "#!/bin/sh\n# stand-in for iw (this machine has no wireless): prints fixtures\n"
		 "[ \"$1 $3 $4\" = \"dev station dump\" ] || exit 2\n"
		 "[ %d = 0 ] || { echo 'command failed: No such device (-19)'; exit %d; }\n"
		 "if [ -e '%s/n' ]; then cat '%s/tests/fixtures/%s'; else : > '%s/n'; "
		 "cat '%s/tests/fixtures/%s'; fi\n",
		 fail_code, fail_code, dir, cwd, b, dir, cwd, a);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(script, f);
	fclose(f);
	assert_int_equal(chmod(path, 0700), 0);
	return dir;
}

static json_t *run_collector(const char *dir, struct wb_host *h)
{
	const char *old = getenv("PATH");
	char *path = NULL;
	struct wb_link_params lp = { .source = WB_LINK_SOURCE_IW };
	struct wb_collector_cfg cfg = { .label = "ap", .host = h, .ifname = "wlan0", .priv = &lp };
	struct wb_collector *c;
	json_t *r = NULL;

	assert_true(asprintf(&path, "%s:%s", dir, old ? old : "/usr/bin:/bin") > 0);
	setenv("PATH", path, 1);
	assert_int_equal(wb_link_collector.open(&cfg, &c), 0);
	(void)wb_link_collector.start(c);
	(void)wb_link_collector.stop(c);
	assert_int_equal(wb_link_collector.result(c, &r), 0);
	wb_link_collector.close(c);
	setenv("PATH", old, 1);
	free(path);
	return r;
}

static void test_collector_iw_source_deltas(void **state)
{
	struct wb_host *h;
	char *dir = fake_iw_dir("iw/hwsim_sta_iw5.19.txt", "iw/hwsim_ap_iw5.19.txt", 0);
	json_t *r, *st;

	(void)state;
	assert_int_equal(wb_host_local_new(&h), 0);
	r = run_collector(dir, h);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(r, "source")), "iw");
	/* the two fixtures hold different stations: one left, one came */
	st = json_object_get(r, "stations");
	assert_int_equal(json_array_size(st), 2);
	assert_true(json_is_false(json_object_get(json_array_get(st, 0), "present_at_start")));
	json_decref(r);
	wb_rm_rf(dir);
	free(dir);
	wb_host_free(h);
}

static void test_collector_iw_failure_in_message(void **state)
{
	struct wb_host *h;
	char *dir = fake_iw_dir("iw/hwsim_ap_iw5.19.txt", "iw/hwsim_ap_iw5.19.txt", 237);
	json_t *r;
	const char *msg;

	(void)state;
	assert_int_equal(wb_host_local_new(&h), 0);
	r = run_collector(dir, h);
	assert_string_equal(json_string_value(json_object_get(r, "status")), "failed");
	msg = json_string_value(json_object_get(r, "message"));
	if (!strstr(msg, "exited 237: command failed: No such device (-19)"))
		fail_msg("message: %s", msg);
	json_decref(r);
	wb_rm_rf(dir);
	free(dir);
	wb_host_free(h);
}

static void test_source_refusals(void **state)
{
	struct wb_link_params lp = { .source = WB_LINK_SOURCE_IW };
	struct wb_collector_cfg cfg = { .ifname = "wlan0", .priv = &lp };
	struct wb_collector *c = (void *)1;

	(void)state;
	/* iw needs a host to run on */
	assert_int_equal(wb_link_collector.open(&cfg, &c), -EINVAL);
	assert_null(c);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hwsim_ap_side_every_field),
		cmocka_unit_test(test_hwsim_sta_side_has_beacon_loss),
		cmocka_unit_test(test_empty_dump_no_station),
		cmocka_unit_test(test_iw501_vht_chains_and_two_stations),
		cmocka_unit_test(test_legacy_iw_missing_fields_absent),
		cmocka_unit_test(test_mlo_station_values_not_links),
		cmocka_unit_test(test_malformed_named_by_line),
		cmocka_unit_test(test_too_many_stations),
		cmocka_unit_test(test_iw_and_nl80211_same_json),
		cmocka_unit_test(test_collector_iw_source_deltas),
		cmocka_unit_test(test_collector_iw_failure_in_message),
		cmocka_unit_test(test_source_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
