/* The PMF verifier's rules, one crafted frame sequence per rule. */
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
#include "tests/unit/pmf_frames.h"

#define MFP (WB_80211_RSN_MFPC | WB_80211_RSN_MFPR)

static struct wb_pmf *new_pmf(void)
{
	struct wb_pmf_opts o = { .record_frames = true };
	struct wb_pmf *p;

	assert_int_equal(wb_pmf_new(&o, &p), 0);
	return p;
}

static json_t *result(struct wb_pmf *p)
{
	json_t *r;

	assert_int_equal(wb_pmf_result(p, &r), 0);
	return r;
}

static json_int_t num(json_t *r, const char *k)
{
	json_t *v = json_object_get(r, k);

	assert_non_null(v);
	return json_integer_value(v);
}

static const char *str(json_t *r, const char *k)
{
	json_t *v = json_object_get(r, k);

	assert_non_null(v);
	return json_string_value(v);
}

/* The rule of the only finding; asserts there is exactly one. */
static const char *only_rule(json_t *r)
{
	json_t *f = json_object_get(r, "findings");

	assert_int_equal(json_array_size(f), 1);
	return str(json_array_get(f, 0), "rule");
}

/* The result has exactly one finding, of @rule. */
static void expect_only(struct wb_pmf *p, const char *rule)
{
	json_t *r = result(p);

	assert_string_equal(only_rule(r), rule);
	json_decref(r);
}

/* A PMF BSS with one beacon and one associated PMF station with keys installed. */
static struct wb_pmf *pmf_bss_with_sta(void)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;

	pmft_beacon(&f, MFP, false, -1, 0);
	pmft_feed(p, &f, 0);
	pmft_associate(p, pmft_sta, true, 10);
	return p;
}

static void test_bss_start_deauth_exempt(void **state)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	/* hostapd's broadcast deauth before any key exists, then beacons. */
	pmft_deauth(&f, pmft_bcast, pmft_ap, 2, -1, 0);
	pmft_feed(p, &f, 0);
	pmft_beacon(&f, MFP, false, -1, 0);
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "n/a");
	assert_int_equal(num(r, "group_without_mmie"), 1);
	assert_int_equal(num(r, "exempt_before_keys"), 1);
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 0);
	json_decref(r);
	wb_pmf_free(p);
}

static void test_group_mmie_ok_then_missing(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r, *fi;

	(void)state;
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 1);
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_int_equal(num(r, "group_with_mmie"), 1);
	json_decref(r);
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, -1, 0);
	pmft_feed(p, &f, 200);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "fail");
	assert_string_equal(only_rule(r), "group_missing_mmie");
	fi = json_array_get(json_object_get(r, "findings"), 0);
	assert_string_equal(str(fi, "subtype"), "deauth");
	assert_int_equal(num(fi, "frame"), 8);
	assert_string_equal(str(fi, "da"), "ff:ff:ff:ff:ff:ff");
	assert_string_equal(str(fi, "sa"), "02:00:00:00:00:00");
	assert_true(json_real_value(json_object_get(fi, "time_s")) > 0.19);
	json_decref(r);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_FAIL);
	wb_pmf_free(p);
}

static void test_mmie_keyid_and_length(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 6, 1);  /* a BIGTK key id on a deauth */
	pmft_feed(p, &f, 100);
	expect_only(p, "mmie_bad_keyid");
	wb_pmf_free(p);

	p = pmf_bss_with_sta();
	pmft_begin(&f, WB_80211_TYPE_MGMT, WB_80211_DEAUTH, pmft_bcast, pmft_ap, pmft_ap, false, 0);
	pmft_le16(&f, 3);
	pmft_mmie(&f, 4, 1, 16);  /* 16-octet MIC in a BIP-CMAC-128 BSS */
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_string_equal(only_rule(r), "mmie_bad_length");
	json_decref(r);
	wb_pmf_free(p);

	p = pmf_bss_with_sta();
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 0x1004, 1);  /* reserved bits set */
	pmft_feed(p, &f, 100);
	expect_only(p, "mmie_bad_keyid");
	wb_pmf_free(p);
}

static void test_ipn_replay(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 5);
	pmft_feed(p, &f, 100);
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 6);
	pmft_feed(p, &f, 110);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	json_decref(r);
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 6);  /* repeated */
	pmft_feed(p, &f, 120);
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 2);  /* lower */
	pmft_feed(p, &f, 130);
	r = result(p);
	assert_int_equal(num(r, "findings_total"), 2);
	assert_string_equal(str(json_array_get(json_object_get(r, "findings"), 0), "rule"),
			    "mmie_replay");
	assert_string_equal(str(json_array_get(json_object_get(r, "findings"), 1), "rule"),
			    "mmie_replay");
	json_decref(r);
	/* Key id 5 has its own IPN sequence. */
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 5, 1);
	pmft_feed(p, &f, 140);
	r = result(p);
	assert_int_equal(num(r, "findings_total"), 2);
	json_decref(r);
	wb_pmf_free(p);
}

static void test_ipn_restart_while_first_sta_joins(void **state)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	/* BIGTK beacons, then hostapd re-keys on the first station: BIPN restarts. */
	pmft_beacon(&f, MFP, true, 6, 20);
	pmft_feed(p, &f, 0);
	pmft_assoc_req(&f, pmft_sta, MFP);
	pmft_feed(p, &f, 10);
	pmft_beacon(&f, MFP, true, 6, 1);
	pmft_feed(p, &f, 20);
	for (int n = 1; n <= 4; n++) {
		pmft_eapol(&f, pmft_sta, n);
		pmft_feed(p, &f, 30 + (uint64_t)n);
	}
	pmft_beacon(&f, MFP, true, 6, 2);
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	json_decref(r);
	/* Outside a handshake, a restart is a replay. */
	pmft_beacon(&f, MFP, true, 6, 1);
	pmft_feed(p, &f, 200);
	expect_only(p, "mmie_replay");
	wb_pmf_free(p);
}

/*
 * Group rekeys (wpa_group_rekey): the AP moves between IGTK key IDs 4 and 5 with a new key
 * each time, IPNs starting again; the verifier follows (today a second rekey, back to key
 * ID 4, was taken for a replay). Within one key the IPN must still grow.
 */
static void test_group_rekeys(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r, *frames, *fr;
	const uint16_t ids[] = { 4, 4, 5, 5, 4, 4, 5 };
	const uint64_t ipns[] = { 30, 31, 1, 2, 1, 2, 1 };

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		pmft_deauth(&f, pmft_bcast, pmft_ap, 3, ids[i], ipns[i]);
		pmft_feed(p, &f, 100 + 10 * i);
	}
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_int_equal(num(r, "findings_total"), 0);
	json_decref(r);
	assert_int_equal(wb_pmf_frames(p, &frames), 0);
	fr = json_array_get(frames, json_array_size(frames) - 3);  /* back to key ID 4 */
	assert_string_equal(str(fr, "note"), "group rekey");
	json_decref(frames);
	/* the key now in use (ID 5) repeats an IPN: a replay */
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 5, 1);
	pmft_feed(p, &f, 200);
	expect_only(p, "mmie_replay");
	wb_pmf_free(p);
}

/* A beacon-protected BSS (BIPN 20) that a station joins: association, 4-way handshake. */
static void bigtk_bss_joined(struct wb_pmf *p)
{
	struct pmft_frame f;

	pmft_beacon(&f, MFP, true, 6, 20);
	pmft_feed(p, &f, 0);
	pmft_assoc_req(&f, pmft_sta, MFP);
	pmft_feed(p, &f, 10);
	for (int n = 1; n <= 4; n++) {
		pmft_eapol(&f, pmft_sta, n);
		pmft_feed(p, &f, 30 + (uint64_t)n);
	}
}

/* A capture that keeps one beacon in several sees the AP's new BIGTK only after
 * message 4: its first frame after message 4 may still restart the IPN, once. */
static void test_ipn_restart_after_message4(void **state)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	bigtk_bss_joined(p);
	pmft_beacon(&f, MFP, true, 6, 3);
	pmft_feed(p, &f, 100);
	pmft_beacon(&f, MFP, true, 6, 4);
	pmft_feed(p, &f, 200);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	json_decref(r);
	pmft_beacon(&f, MFP, true, 6, 2);  /* the window is over */
	pmft_feed(p, &f, 300);
	expect_only(p, "mmie_replay");
	wb_pmf_free(p);

	/* The sequence went on past message 4: no new key, a later restart is a replay. */
	p = new_pmf();
	bigtk_bss_joined(p);
	pmft_beacon(&f, MFP, true, 6, 21);
	pmft_feed(p, &f, 100);
	pmft_beacon(&f, MFP, true, 6, 1);
	pmft_feed(p, &f, 200);
	expect_only(p, "mmie_replay");
	wb_pmf_free(p);
}

/* A beacon with the fixed fields and an SSID only: no RSN element. */
static void beacon_without_rsn(struct pmft_frame *f)
{
	static const uint8_t fixed[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 0x64, 0, 0x01, 0x04 };

	pmft_begin(f, WB_80211_TYPE_MGMT, WB_80211_BEACON, pmft_bcast, pmft_ap, pmft_ap, false, 0);
	pmft_put(f, fixed, sizeof(fixed));
	pmft_u8(f, WB_80211_EID_SSID);
	pmft_u8(f, 4);
	pmft_put(f, "test", 4);
}

/*
 * One beacon without an RSN element (or with another one) after the BSS showed PMF must
 * not switch the rules off: a forged broadcast deauth without MMIE after it is still a
 * finding, and the odd beacon is one itself.
 */
static void test_rsn_contradiction(void **state)
{
	struct wb_pmf *p;
	struct pmft_frame f;
	json_t *r, *fs;

	(void)state;
	for (int odd = 0; odd < 3; odd++) {
		p = pmf_bss_with_sta();
		if (odd == 0)
			beacon_without_rsn(&f);
		else if (odd == 1)
			pmft_beacon(&f, 0, false, -1, 0);  /* RSN without MFPC/MFPR */
		else
			pmft_beacon(&f, MFP, false, -1, 0), f.d[f.len - 14] = 0xff;  /* no RSNE */
		pmft_feed(p, &f, 50);
		pmft_feed(p, &f, 60);  /* one finding per BSS, however many odd beacons */
		pmft_deauth(&f, pmft_bcast, pmft_ap, 7, -1, 0);
		pmft_feed(p, &f, 100);
		r = result(p);
		assert_string_equal(str(r, "verdict"), "fail");
		fs = json_object_get(r, "findings");
		assert_int_equal(json_array_size(fs), 2);
		assert_string_equal(str(json_array_get(fs, 0), "rule"), "rsn_changed");
		assert_string_equal(str(json_array_get(fs, 1), "rule"), "group_missing_mmie");
		assert_true(json_is_true(json_object_get(json_array_get(json_object_get(r, "bss"), 0),
							 "mfpc")));
		json_decref(r);
		wb_pmf_free(p);
	}
	/* Beacon protection advertised, then a beacon without it: a finding. */
	p = new_pmf();
	pmft_beacon(&f, MFP, true, -1, 0);
	pmft_feed(p, &f, 0);
	pmft_beacon(&f, MFP, false, -1, 0);
	pmft_feed(p, &f, 10);
	expect_only(p, "rsn_changed");
	wb_pmf_free(p);
	/* An open BSS that starts showing an RSN element is no contradiction. */
	p = new_pmf();
	beacon_without_rsn(&f);
	pmft_feed(p, &f, 0);
	pmft_beacon(&f, MFP, false, -1, 0);
	pmft_feed(p, &f, 10);
	r = result(p);
	assert_int_equal(num(r, "findings_total"), 0);
	json_decref(r);
	wb_pmf_free(p);
}

static void test_beacon_protection(void **state)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	pmft_beacon(&f, MFP, true, -1, 0);  /* before the BIGTK: fine */
	pmft_feed(p, &f, 0);
	pmft_beacon(&f, MFP, true, 6, 1);
	pmft_feed(p, &f, 100);
	pmft_beacon(&f, MFP, true, 6, 2);
	pmft_feed(p, &f, 200);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_int_equal(num(r, "beacons_with_mme"), 2);
	assert_int_equal(num(r, "beacons_without_mme"), 1);
	json_decref(r);
	pmft_beacon(&f, MFP, true, -1, 0);  /* after: a finding */
	pmft_feed(p, &f, 300);
	expect_only(p, "beacon_missing_mme");
	wb_pmf_free(p);

	p = new_pmf();
	pmft_beacon(&f, MFP, true, 4, 1);  /* an IGTK key id in a beacon */
	pmft_feed(p, &f, 0);
	expect_only(p, "mmie_bad_keyid");
	wb_pmf_free(p);

	/* Beacon protection advertised: msg 3 puts the BIGTK in use. */
	p = new_pmf();
	pmft_beacon(&f, MFP, true, -1, 0);
	pmft_feed(p, &f, 0);
	pmft_associate(p, pmft_sta, true, 10);
	pmft_beacon(&f, MFP, true, -1, 0);
	pmft_feed(p, &f, 100);
	expect_only(p, "beacon_missing_mme");
	wb_pmf_free(p);
}

static void test_unicast_unprotected_after_keys(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r, *fi;

	(void)state;
	pmft_deauth(&f, pmft_sta, pmft_ap, 7, -1, 0);
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "fail");
	assert_string_equal(only_rule(r), "unprotected_unicast_robust");
	assert_int_equal(num(r, "unprotected_unicast"), 1);
	fi = json_array_get(json_object_get(r, "findings"), 0);
	assert_int_equal(num(fi, "reason_code"), 7);
	assert_string_equal(str(fi, "da"), "02:00:00:00:01:00");
	assert_string_equal(str(fi, "bssid"), "02:00:00:00:00:00");
	json_decref(r);
	/* The invalid deauth did not end the association: a second one is flagged too. */
	pmft_deauth(&f, pmft_ap, pmft_sta, 3, -1, 0);
	pmft_feed(p, &f, 110);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_FAIL);
	r = result(p);
	assert_int_equal(num(r, "findings_total"), 2);
	json_decref(r);
	wb_pmf_free(p);
}

static void test_unicast_exemptions(void **state)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	pmft_beacon(&f, WB_80211_RSN_MFPC, false, -1, 0);
	pmft_feed(p, &f, 0);
	/* Before key installation (only messages 1-3). */
	pmft_assoc_req(&f, pmft_sta, WB_80211_RSN_MFPC);
	pmft_feed(p, &f, 10);
	for (int n = 1; n <= 3; n++) {
		pmft_eapol(&f, pmft_sta, n);
		pmft_feed(p, &f, 10 + (uint64_t)n);
	}
	pmft_deauth(&f, pmft_sta, pmft_ap, 15, -1, 0);
	pmft_feed(p, &f, 20);
	/* A station without PMF (no MFPC), keys installed: not a finding. */
	pmft_associate(p, pmft_sta2, false, 30);
	pmft_deauth(&f, pmft_sta2, pmft_ap, 3, -1, 0);
	pmft_feed(p, &f, 40);
	/* Reason 15 after message 4: the AP never accepted message 4. */
	pmft_associate(p, pmft_sta, true, 50);
	pmft_deauth(&f, pmft_sta, pmft_ap, 15, -1, 0);
	pmft_feed(p, &f, 60);
	r = result(p);
	assert_int_equal(json_array_size(json_object_get(r, "findings")), 0);
	assert_int_equal(num(r, "exempt_before_keys"), 2);
	assert_int_equal(num(r, "exempt_no_pmf"), 1);
	json_decref(r);
	/* A message 3 after message 4 means the AP did not take message 4. */
	pmft_associate(p, pmft_sta, true, 70);
	pmft_eapol(&f, pmft_sta, 3);
	pmft_feed(p, &f, 80);
	pmft_deauth(&f, pmft_sta, pmft_ap, 2, -1, 0);
	pmft_feed(p, &f, 90);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_PASS);
	wb_pmf_free(p);
}

static void test_unicast_protected(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	pmft_deauth_protected(&f, pmft_ap, pmft_sta, true);
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_int_equal(num(r, "protected_unicast"), 1);
	assert_string_equal(str(r, "mic"), "not_checked");
	json_decref(r);
	/* The protected deauth ended the association: an unprotected one now is fine. */
	pmft_deauth(&f, pmft_sta, pmft_ap, 7, -1, 0);
	pmft_feed(p, &f, 110);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_PASS);
	/* Protected bit without ExtIV: no valid CCMP/GCMP header. */
	pmft_deauth_protected(&f, pmft_ap, pmft_sta, false);
	pmft_feed(p, &f, 120);
	r = result(p);
	assert_string_equal(only_rule(r), "bad_ccmp_header");
	json_decref(r);
	wb_pmf_free(p);
}

static void test_robust_action(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	pmft_action(&f, pmft_sta, pmft_ap, 4);   /* Public: not robust */
	pmft_feed(p, &f, 100);
	pmft_action(&f, pmft_sta, pmft_ap, 15);  /* Self-protected: not robust */
	pmft_feed(p, &f, 110);
	r = result(p);
	assert_int_equal(num(r, "robust_frames"), 0);
	json_decref(r);
	pmft_action(&f, pmft_sta, pmft_ap, 8);   /* SA Query, unprotected */
	pmft_feed(p, &f, 120);
	r = result(p);
	assert_int_equal(num(r, "robust_frames"), 1);
	assert_string_equal(only_rule(r), "unprotected_unicast_robust");
	assert_string_equal(str(json_array_get(json_object_get(r, "findings"), 0), "subtype"),
			    "action");
	json_decref(r);
	wb_pmf_free(p);
}

static void test_forged_expected(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r;

	(void)state;
	assert_int_equal(wb_pmf_expect_forged(p, WB_80211_DEAUTH, pmft_sta, pmft_ap, 7, 1), 0);
	pmft_deauth(&f, pmft_sta, pmft_ap, 7, -1, 0);  /* sequence number 1 */
	pmft_feed(p, &f, 100);
	r = result(p);
	assert_int_equal(num(r, "forged_ignored"), 1);
	assert_string_equal(str(r, "verdict"), "pass");
	json_decref(r);
	pmft_deauth(&f, pmft_sta, pmft_ap, 3, -1, 0);  /* not the one we injected */
	pmft_feed(p, &f, 110);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_FAIL);
	wb_pmf_free(p);
}

static void test_non_pmf_bss(void **state)
{
	struct wb_pmf *p = new_pmf();
	struct pmft_frame f;
	json_t *r, *b;

	(void)state;
	pmft_beacon(&f, 0, false, -1, 0);
	pmft_feed(p, &f, 0);
	pmft_associate(p, pmft_sta, false, 10);
	pmft_deauth(&f, pmft_sta, pmft_ap, 3, -1, 0);
	pmft_feed(p, &f, 20);
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, -1, 0);
	pmft_feed(p, &f, 30);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "n/a");
	assert_int_equal(num(r, "robust_frames"), 2);
	b = json_array_get(json_object_get(r, "bss"), 0);
	assert_false(json_is_true(json_object_get(b, "mfpc")));
	assert_string_equal(str(b, "ssid"), "test");
	json_decref(r);
	wb_pmf_free(p);
}

static void test_drops_fail(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	json_t *r;

	(void)state;
	wb_pmf_note_drops(p, 0);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_PASS);
	wb_pmf_note_drops(p, 3);
	assert_int_equal(wb_pmf_verdict(p), WB_PMF_FAIL);
	r = result(p);
	assert_int_equal(num(r, "capture_dropped"), 3);
	assert_string_equal(only_rule(r), "capture_drops");
	json_decref(r);
	wb_pmf_free(p);
}

static void test_bssid_filter(void **state)
{
	const uint8_t other[6] = { 0x02, 0, 0, 0, 9, 0 };
	struct wb_pmf_opts o = { .bssid = other };
	struct wb_pmf *p;
	struct pmft_frame f;
	json_t *r;

	(void)state;
	assert_int_equal(wb_pmf_new(&o, &p), 0);
	pmft_beacon(&f, MFP, false, -1, 0);
	pmft_feed(p, &f, 0);
	r = result(p);
	assert_int_equal(json_array_size(json_object_get(r, "bss")), 0);
	json_decref(r);
	wb_pmf_free(p);
}

static void test_malformed_frames(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	json_t *r, *sk, *fl;

	(void)state;
	/* Bad FCS: skipped, even though it would be a finding. */
	pmft_deauth(&f, pmft_sta, pmft_ap, 7, -1, 0);
	f.d[8] = 0x40;
	pmft_feed(p, &f, 100);
	/* Broken radiotap (version 5). */
	pmft_deauth(&f, pmft_sta, pmft_ap, 7, -1, 0);
	f.d[0] = 5;
	pmft_feed(p, &f, 110);
	/* 802.11 header cut short, and an empty frame after radiotap. */
	pmft_deauth(&f, pmft_sta, pmft_ap, 7, -1, 0);
	pmft_feed(p, &(struct pmft_frame){ .len = 20 }, 120);
	f.len = 9 + 15;
	pmft_feed(p, &f, 130);
	/* FCS flag on a frame shorter than the FCS. */
	pmft_begin(&f, WB_80211_TYPE_MGMT, WB_80211_DEAUTH, pmft_sta, pmft_ap, pmft_ap, false, 0x10);
	f.len = 9 + 2;
	pmft_feed(p, &f, 140);
	/* Snap length cut a group frame: its MMIE cannot be judged, so no finding. */
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 9);
	assert_int_equal(wb_pmf_feed(p, WB_PMF_DLT_IEEE802_11_RADIO, 150000, f.d, f.len - 10,
				     f.len), 0);
	/* An empty action frame. */
	pmft_begin(&f, WB_80211_TYPE_MGMT, WB_80211_ACTION, pmft_sta, pmft_ap, pmft_ap, false, 0);
	pmft_feed(p, &f, 160);
	/* Unknown link type. */
	assert_int_equal(wb_pmf_feed(p, 1, 0, f.d, f.len, f.len), -EINVAL);
	r = result(p);
	assert_string_equal(str(r, "verdict"), "pass");
	sk = json_object_get(r, "skipped");
	assert_int_equal(num(sk, "bad_fcs"), 1);
	assert_int_equal(num(sk, "malformed_radiotap"), 2);
	assert_int_equal(num(sk, "malformed_80211"), 2);
	assert_int_equal(num(r, "truncated"), 1);
	json_decref(r);
	assert_int_equal(wb_pmf_frames(p, &fl), 0);
	assert_string_equal(str(json_array_get(fl, 6), "class"), "skipped");
	assert_string_equal(str(json_array_get(fl, 6), "note"), "bad FCS");
	assert_string_equal(str(json_array_get(fl, 11), "check"), "unchecked");
	json_decref(fl);
	wb_pmf_free(p);
}

static void test_bare_80211_and_fcs(void **state)
{
	struct wb_pmf *p = pmf_bss_with_sta();
	struct pmft_frame f;
	uint8_t buf[1100];
	json_t *r;

	(void)state;
	/* With an FCS (radiotap flag 0x10): the 4 trailing bytes are not the body. */
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 1);
	f.d[8] = 0x10;
	memcpy(buf, f.d, f.len);
	memset(buf + f.len, 0xee, 4);
	assert_int_equal(wb_pmf_feed(p, WB_PMF_DLT_IEEE802_11_RADIO, 100000, buf, f.len + 4,
				     f.len + 4), 0);
	/* Link type 105: no radiotap. */
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 4, 2);
	assert_int_equal(wb_pmf_feed(p, WB_PMF_DLT_IEEE802_11, 110000, f.d + 9, f.len - 9,
				     f.len - 9), 0);
	r = result(p);
	assert_int_equal(num(r, "group_with_mmie"), 2);
	assert_string_equal(str(r, "verdict"), "pass");
	json_decref(r);
	wb_pmf_free(p);
}

static void test_new_rejects_bad_options(void **state)
{
	struct wb_pmf_opts o = { .passphrase = "short" };
	struct wb_pmf *p = (struct wb_pmf *)&o;
	json_t *fl;

	(void)state;
	assert_int_equal(wb_pmf_new(&o, &p), -EINVAL);
	assert_null(p);
	o.passphrase = NULL;
	o.ssid = "";
	assert_int_equal(wb_pmf_new(&o, &p), -EINVAL);
	o.ssid = NULL;
	assert_int_equal(wb_pmf_new(&o, &p), 0);
	assert_int_equal(wb_pmf_frames(p, &fl), -EINVAL);  /* not recorded */
	wb_pmf_free(p);
	wb_pmf_free(NULL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bss_start_deauth_exempt),
		cmocka_unit_test(test_group_mmie_ok_then_missing),
		cmocka_unit_test(test_mmie_keyid_and_length),
		cmocka_unit_test(test_ipn_replay),
		cmocka_unit_test(test_ipn_restart_while_first_sta_joins),
		cmocka_unit_test(test_ipn_restart_after_message4),
		cmocka_unit_test(test_group_rekeys),
		cmocka_unit_test(test_rsn_contradiction),
		cmocka_unit_test(test_beacon_protection),
		cmocka_unit_test(test_unicast_unprotected_after_keys),
		cmocka_unit_test(test_unicast_exemptions),
		cmocka_unit_test(test_unicast_protected),
		cmocka_unit_test(test_robust_action),
		cmocka_unit_test(test_forged_expected),
		cmocka_unit_test(test_non_pmf_bss),
		cmocka_unit_test(test_drops_fail),
		cmocka_unit_test(test_bssid_filter),
		cmocka_unit_test(test_malformed_frames),
		cmocka_unit_test(test_bare_80211_and_fcs),
		cmocka_unit_test(test_new_rejects_bad_options),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
