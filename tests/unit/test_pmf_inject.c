/* Forged-frame builder, and the verifier's view of what it builds. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/wifi/ieee80211.h"
#include "collectors/pmf.h"
#include "wbench/wifi/radiotap.h"
#include "tests/unit/pmf_frames.h"
#include "wbench/sys/inject.h"

static void test_build(void **state)
{
	struct wb_inject_frame f = { .subtype = WB_80211_DEAUTH, .reason = 7, .seq = 0x123 };
	struct wb_80211_hdr h;
	struct wb_radiotap rt;
	uint8_t buf[64];
	size_t n;

	(void)state;
	memcpy(f.da, pmft_sta, 6);
	memcpy(f.sa, pmft_ap, 6);
	memcpy(f.bssid, pmft_ap, 6);
	n = wb_inject_build(&f, buf, sizeof(buf));
	assert_int_equal(n, 8 + 26);
	assert_int_equal(wb_radiotap_parse(buf, n, &rt), 0);
	assert_int_equal(rt.len, 8);
	assert_int_equal(wb_80211_hdr_parse(buf + 8, n - 8, &h), 0);
	assert_int_equal(h.subtype, WB_80211_DEAUTH);
	assert_false(h.fc & WB_80211_FC_PROTECTED);
	assert_memory_equal(h.a1, pmft_sta, 6);
	assert_memory_equal(h.a2, pmft_ap, 6);
	assert_int_equal(h.seq_ctrl >> 4, 0x123);
	assert_int_equal(buf[8 + 24], 7);
	{
		/* the exact bytes: no radiotap fields, FC, 314 us, addresses, seq 0x123, reason */
		static const uint8_t head[] = { 0, 0, 8, 0, 0, 0, 0, 0, 0xc0, 0x00, 0x3a, 0x01 };
		static const uint8_t tail[] = { 0x30, 0x12, 7, 0 };

		assert_memory_equal(buf, head, sizeof(head));
		assert_memory_equal(buf + 12, pmft_sta, 6);
		assert_memory_equal(buf + 18, pmft_ap, 6);
		assert_memory_equal(buf + 24, pmft_ap, 6);
		assert_memory_equal(buf + 30, tail, sizeof(tail));
	}
	f.subtype = WB_80211_DISASSOC;
	assert_int_equal(wb_inject_build(&f, buf, sizeof(buf)), 34);
	assert_int_equal(buf[8] >> 4, WB_80211_DISASSOC);
	f.subtype = WB_80211_ACTION;
	assert_int_equal(wb_inject_build(&f, buf, sizeof(buf)), 0);
	f.subtype = WB_80211_DEAUTH;
	assert_int_equal(wb_inject_build(&f, buf, 33), 0);
}

/* The verifier flags our forged frame unless told that wbench sent it. */
static void test_verifier_sees_forgery(void **state)
{
	struct wb_inject_frame f = { .subtype = WB_80211_DEAUTH, .reason = 7, .seq = 77 };
	struct wb_pmf_opts o = { 0 };
	struct pmft_frame b;
	struct wb_pmf *p;
	uint8_t buf[64];
	size_t n;

	(void)state;
	memcpy(f.da, pmft_sta, 6);
	memcpy(f.sa, pmft_ap, 6);
	memcpy(f.bssid, pmft_ap, 6);
	n = wb_inject_build(&f, buf, sizeof(buf));
	for (int expect = 0; expect < 2; expect++) {
		assert_int_equal(wb_pmf_new(&o, &p), 0);
		pmft_beacon(&b, WB_80211_RSN_MFPC | WB_80211_RSN_MFPR, false, -1, 0);
		pmft_feed(p, &b, 0);
		pmft_associate(p, pmft_sta, true, 10);
		if (expect)
			assert_int_equal(wb_pmf_expect_forged(p, f.subtype, f.da, f.sa, f.reason,
							      f.seq), 0);
		assert_int_equal(wb_pmf_feed(p, WB_PMF_DLT_IEEE802_11_RADIO, 100000, buf, n, n), 0);
		assert_int_equal(wb_pmf_verdict(p), expect ? WB_PMF_PASS : WB_PMF_FAIL);
		wb_pmf_free(p);
	}
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_verifier_sees_forgery),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
