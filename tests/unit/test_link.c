/*
 * Link collector: nl80211 station attribute parsing on hand-built messages (libnl's
 * genlmsg_put / nla_put / nla_nest_start), the start/stop deltas, and the collector's
 * refusal of a missing interface or namespace. The live nl80211 test is test_live_link.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "collectors/link.h"

static const uint8_t MAC1[6] = { 0x02, 0x00, 0x00, 0x00, 0x01, 0x00 };
static const uint8_t MAC2[6] = { 0x02, 0x00, 0x00, 0x00, 0x02, 0x00 };

/* A NEW_STATION reply as the kernel builds it; family id is irrelevant to the parser. */
static struct nl_msg *station_msg(const uint8_t *mac, int mac_len)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 1, 1, 0x1c, 0, NLM_F_MULTI, NL80211_CMD_NEW_STATION, 0));
	assert_int_equal(nla_put_u32(m, NL80211_ATTR_IFINDEX, 7), 0);
	if (mac)
		assert_int_equal(nla_put(m, NL80211_ATTR_MAC, mac_len, mac), 0);
	return m;
}

/* A full modern station: 64-bit bytes, VHT 80 MHz TX rate, HT RX rate, negative signals. */
static struct nl_msg *full_station(void)
{
	struct nl_msg *m = station_msg(MAC1, 6);
	struct nlattr *si, *rate;

	si = nla_nest_start(m, NL80211_ATTR_STA_INFO);
	assert_non_null(si);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_INACTIVE_TIME, 120), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_RX_BYTES, 0xFFFFFFFFu), 0);
	assert_int_equal(nla_put_u64(m, NL80211_STA_INFO_RX_BYTES64, 0x100000005ULL), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_TX_BYTES, 77), 0);
	assert_int_equal(nla_put_u64(m, NL80211_STA_INFO_TX_BYTES64, 5000000000ULL), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_RX_PACKETS, 1000), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_TX_PACKETS, 2000), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_TX_RETRIES, 30), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_TX_FAILED, 4), 0);
	assert_int_equal(nla_put_u8(m, NL80211_STA_INFO_SIGNAL, (uint8_t)-42), 0);
	assert_int_equal(nla_put_u8(m, NL80211_STA_INFO_SIGNAL_AVG, (uint8_t)-45), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_CONNECTED_TIME, 61), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_BEACON_LOSS, 2), 0);
	rate = nla_nest_start(m, NL80211_STA_INFO_TX_BITRATE);
	assert_int_equal(nla_put_u16(m, NL80211_RATE_INFO_BITRATE, 65535), 0);
	assert_int_equal(nla_put_u32(m, NL80211_RATE_INFO_BITRATE32, 8667), 0);
	assert_int_equal(nla_put_u8(m, NL80211_RATE_INFO_VHT_MCS, 9), 0);
	assert_int_equal(nla_put_u8(m, NL80211_RATE_INFO_VHT_NSS, 2), 0);
	assert_int_equal(nla_put_flag(m, NL80211_RATE_INFO_80_MHZ_WIDTH), 0);
	assert_int_equal(nla_put_flag(m, NL80211_RATE_INFO_SHORT_GI), 0);
	nla_nest_end(m, rate);
	rate = nla_nest_start(m, NL80211_STA_INFO_RX_BITRATE);
	assert_int_equal(nla_put_u16(m, NL80211_RATE_INFO_BITRATE, 1300), 0);
	assert_int_equal(nla_put_u8(m, NL80211_RATE_INFO_MCS, 15), 0);
	assert_int_equal(nla_put_flag(m, NL80211_RATE_INFO_40_MHZ_WIDTH), 0);
	nla_nest_end(m, rate);
	nla_nest_end(m, si);
	return m;
}

static void test_parse_full(void **state)
{
	struct nl_msg *m = full_station();
	struct wb_link_station s;
	char err[256] = "";

	(void)state;
	assert_int_equal(wb_link_parse_station(m, &s, err, sizeof(err)), 0);
	assert_memory_equal(s.mac, MAC1, 6);
	/* the 64-bit attributes win over the 32-bit ones */
	assert_true(s.has & WB_LINK_HAS_BYTES64);
	assert_int_equal(s.rx_bytes, 0x100000005ULL);
	assert_int_equal(s.tx_bytes, 5000000000ULL);
	assert_int_equal(s.rx_packets, 1000);
	assert_int_equal(s.tx_packets, 2000);
	assert_int_equal(s.tx_retries, 30);
	assert_int_equal(s.tx_failed, 4);
	assert_int_equal(s.signal_dbm, -42);
	assert_int_equal(s.signal_avg_dbm, -45);
	assert_int_equal(s.connected_time_s, 61);
	assert_int_equal(s.inactive_time_ms, 120);
	assert_int_equal(s.beacon_loss, 2);
	assert_true(s.tx_rate.present);
	/* BITRATE32 wins over the saturated 16-bit BITRATE */
	assert_int_equal(s.tx_rate.bitrate, 8667);
	assert_int_equal(s.tx_rate.vht_mcs, 9);
	assert_int_equal(s.tx_rate.vht_nss, 2);
	assert_int_equal(s.tx_rate.mcs, -1);
	assert_int_equal(s.tx_rate.width_mhz, 80);
	assert_true(s.tx_rate.short_gi);
	assert_int_equal(s.rx_rate.bitrate, 1300);
	assert_int_equal(s.rx_rate.mcs, 15);
	assert_int_equal(s.rx_rate.width_mhz, 40);
	assert_false(s.rx_rate.short_gi);
	nlmsg_free(m);
}

/* An old driver: 32-bit bytes only, no rates, no signal; absent stays absent. */
static void test_parse_minimal(void **state)
{
	struct nl_msg *m = station_msg(MAC2, 6);
	struct nlattr *si = nla_nest_start(m, NL80211_ATTR_STA_INFO);
	struct wb_link_station s;
	char err[256] = "";

	(void)state;
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_RX_BYTES, 1234), 0);
	assert_int_equal(nla_put_u32(m, NL80211_STA_INFO_TX_BYTES, 4321), 0);
	nla_nest_end(m, si);
	assert_int_equal(wb_link_parse_station(m, &s, err, sizeof(err)), 0);
	assert_int_equal(s.has, WB_LINK_HAS_RX_BYTES | WB_LINK_HAS_TX_BYTES);
	assert_int_equal(s.rx_bytes, 1234);
	assert_false(s.tx_rate.present);
	assert_false(s.rx_rate.present);
	nlmsg_free(m);
}

static void expect_bad(struct nl_msg *m, const char *needle)
{
	struct wb_link_station s;
	char err[256] = "";

	assert_int_equal(wb_link_parse_station(m, &s, err, sizeof(err)), -EINVAL);
	if (!strstr(err, needle))
		fail_msg("message '%s' lacks '%s'", err, needle);
	nlmsg_free(m);
}

static void test_parse_malformed(void **state)
{
	struct nl_msg *m;
	struct nlattr *si, *rate;

	(void)state;
	expect_bad(station_msg(NULL, 0), "NL80211_ATTR_MAC");
	m = station_msg(MAC1, 5);  /* a 5-byte MAC */
	expect_bad(m, "NL80211_ATTR_MAC in the message has 5 bytes, expected 6");
	expect_bad(station_msg(MAC1, 6), "no NL80211_ATTR_STA_INFO");
	/* a u32 counter sent as u16 must be refused, naming the attribute */
	m = station_msg(MAC1, 6);
	si = nla_nest_start(m, NL80211_ATTR_STA_INFO);
	assert_int_equal(nla_put_u16(m, NL80211_STA_INFO_TX_RETRIES, 3), 0);
	nla_nest_end(m, si);
	expect_bad(m, "NL80211_STA_INFO_TX_RETRIES in NL80211_ATTR_STA_INFO has 2 bytes, "
		   "expected 4");
	/* ... and so must one sent as u64 */
	m = station_msg(MAC1, 6);
	si = nla_nest_start(m, NL80211_ATTR_STA_INFO);
	assert_int_equal(nla_put_u64(m, NL80211_STA_INFO_TX_FAILED, 3), 0);
	nla_nest_end(m, si);
	expect_bad(m, "NL80211_STA_INFO_TX_FAILED in NL80211_ATTR_STA_INFO has 8 bytes");
	/* a short BITRATE32 inside the TX rate nest */
	m = station_msg(MAC1, 6);
	si = nla_nest_start(m, NL80211_ATTR_STA_INFO);
	rate = nla_nest_start(m, NL80211_STA_INFO_TX_BITRATE);
	assert_int_equal(nla_put_u8(m, NL80211_RATE_INFO_BITRATE32, 1), 0);
	nla_nest_end(m, rate);
	nla_nest_end(m, si);
	expect_bad(m, "NL80211_RATE_INFO_BITRATE32 in NL80211_STA_INFO_TX_BITRATE has 1 bytes");
}

static struct wb_link_station sta(const uint8_t *mac, uint64_t rx, uint64_t tx, uint32_t pk,
				  uint32_t retries, uint32_t conn, bool wide)
{
	struct wb_link_station s = { 0 };

	memcpy(s.mac, mac, 6);
	s.has = WB_LINK_HAS_RX_BYTES | WB_LINK_HAS_TX_BYTES | WB_LINK_HAS_TX_PACKETS |
		WB_LINK_HAS_TX_RETRIES | WB_LINK_HAS_CONNECTED_TIME |
		(wide ? WB_LINK_HAS_BYTES64 : 0);
	s.rx_bytes = rx;
	s.tx_bytes = tx;
	s.tx_packets = pk;
	s.tx_retries = retries;
	s.connected_time_s = conn;
	s.tx_rate.present = true;
	s.tx_rate.bitrate = 540;
	s.tx_rate.mcs = s.tx_rate.vht_mcs = s.tx_rate.vht_nss = -1;
	s.tx_rate.he_mcs = s.tx_rate.he_nss = -1;
	s.tx_rate.width_mhz = 20;
	return s;
}

static json_int_t delta(json_t *st, const char *k)
{
	json_t *v = json_object_get(json_object_get(st, "delta"), k);

	if (!json_is_integer(v))
		fail_msg("delta '%s' is not an integer", k);
	return json_integer_value(v);
}

static void test_deltas(void **state)
{
	/* MAC1: plain deltas, 32-bit packet counter wraps; MAC2 left during the window */
	struct wb_link_station a[2] = {
		sta(MAC1, 1000, 5000000000ULL, 0xFFFFFFF0u, 10, 5, true),
		sta(MAC2, 1, 1, 1, 1, 1, true),
	};
	struct wb_link_station b[1] = { sta(MAC1, 3000, 6000000000ULL, 0x10, 25, 15, true) };
	json_t *j = wb_link_stations_json(a, 2, b, 1), *s0, *s1;

	(void)state;
	assert_int_equal(json_array_size(j), 2);
	s0 = json_array_get(j, 0);
	assert_string_equal(json_string_value(json_object_get(s0, "mac")), "02:00:00:00:01:00");
	assert_true(json_is_true(json_object_get(s0, "present_at_start")));
	assert_null(json_object_get(s0, "reconnected"));
	assert_int_equal(delta(s0, "rx_bytes"), 2000);
	assert_int_equal(delta(s0, "tx_bytes"), 1000000000);
	assert_int_equal(delta(s0, "tx_packets"), 0x20);
	assert_int_equal(delta(s0, "tx_retries"), 15);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(
		s0, "end"), "tx_bitrate"), "bits_per_second")), 54000000);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(s0, "end"),
							    "connected_time_s")), 15);
	s1 = json_array_get(j, 1);
	assert_string_equal(json_string_value(json_object_get(s1, "mac")), "02:00:00:00:02:00");
	assert_true(json_is_false(json_object_get(s1, "present_at_end")));
	assert_null(json_object_get(s1, "delta"));
	json_decref(j);
}

/* Connected time went back: a new association, whose counters restarted at 0. */
static void test_reconnected(void **state)
{
	struct wb_link_station a = sta(MAC1, 900000, 900000, 5000, 100, 300, true);
	struct wb_link_station b = sta(MAC1, 4000, 8000, 40, 2, 3, true);
	json_t *j = wb_link_stations_json(&a, 1, &b, 1), *s0 = json_array_get(j, 0);

	(void)state;
	assert_true(json_is_true(json_object_get(s0, "reconnected")));
	assert_int_equal(delta(s0, "rx_bytes"), 4000);
	assert_int_equal(delta(s0, "tx_packets"), 40);
	assert_int_equal(delta(s0, "tx_retries"), 2);
	json_decref(j);
	/* a station that appeared has no delta */
	j = wb_link_stations_json(NULL, 0, &b, 1);
	assert_true(json_is_false(json_object_get(json_array_get(j, 0), "present_at_start")));
	assert_null(json_object_get(json_array_get(j, 0), "delta"));
	json_decref(j);
}

/* 32-bit byte counters (old kernels) wrap rather than look like a reconnection. */
static void test_bytes32_wrap(void **state)
{
	struct wb_link_station a = sta(MAC1, 0xFFFFFF00u, 10, 0, 0, 5, false);
	struct wb_link_station b = sta(MAC1, 0x100, 20, 0, 0, 9, false);
	json_t *j = wb_link_stations_json(&a, 1, &b, 1), *s0 = json_array_get(j, 0);

	(void)state;
	assert_null(json_object_get(s0, "reconnected"));
	assert_int_equal(delta(s0, "rx_bytes"), 0x200);
	json_decref(j);
}

static void test_open_refusals(void **state)
{
	struct wb_collector_cfg cfg = { .label = "ap" };
	struct wb_collector *c = (struct wb_collector *)&cfg;

	(void)state;
	assert_int_equal(wb_link_collector.open(&cfg, &c), -EINVAL);  /* no ifname */
	assert_null(c);
	cfg.ifname = "wlan0";
	cfg.netns = "/nonexistent/netns";
	assert_true(wb_link_collector.open(&cfg, &c) < 0);
	assert_null(c);
	wb_link_collector.close(NULL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_parse_minimal),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_deltas),
		cmocka_unit_test(test_reconnected),
		cmocka_unit_test(test_bytes32_wrap),
		cmocka_unit_test(test_open_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
