/* Radiotap and 802.11 parsers on valid, truncated and malformed input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/wifi/ieee80211.h"
#include "wbench/wifi/radiotap.h"

static void test_radiotap(void **state)
{
	/* present: TSFT, Flags; TSFT 8-aligned at 8; Flags = FCS | bad FCS. */
	const uint8_t tsft[] = { 0, 0, 17, 0, 0x03, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0x50 };
	/* present: Flags, with one extended bitmap (bit 31): Flags after both words. */
	const uint8_t ext[] = { 0, 0, 13, 0, 0x02, 0, 0, 0x80, 0, 0, 0, 0, 0x10 };
	/* no Flags at all */
	const uint8_t bare[] = { 0, 0, 8, 0, 0, 0, 0, 0 };
	struct wb_radiotap rt;

	(void)state;
	assert_int_equal(wb_radiotap_parse(tsft, sizeof(tsft), &rt), 0);
	assert_int_equal(rt.len, 17);
	assert_true(rt.fcs);
	assert_true(rt.bad_fcs);
	assert_int_equal(wb_radiotap_parse(ext, sizeof(ext), &rt), 0);
	assert_int_equal(rt.len, 13);
	assert_true(rt.fcs);
	assert_false(rt.bad_fcs);
	assert_int_equal(wb_radiotap_parse(bare, sizeof(bare), &rt), 0);
	assert_false(rt.fcs);

	/* Truncated: shorter than 8, shorter than the length field. */
	assert_int_equal(wb_radiotap_parse(tsft, 7, &rt), -EMSGSIZE);
	assert_int_equal(wb_radiotap_parse(tsft, 16, &rt), -EMSGSIZE);
	/* Malformed: version 1; length below 8; Flags announced beyond the length. */
	uint8_t bad[17];
	memcpy(bad, tsft, sizeof(bad));
	bad[0] = 1;
	assert_int_equal(wb_radiotap_parse(bad, sizeof(bad), &rt), -EINVAL);
	memcpy(bad, tsft, sizeof(bad));
	bad[2] = 4;
	assert_int_equal(wb_radiotap_parse(bad, sizeof(bad), &rt), -EINVAL);
	memcpy(bad, tsft, sizeof(bad));
	bad[2] = 16;  /* TSFT fits, Flags does not */
	assert_int_equal(wb_radiotap_parse(bad, sizeof(bad), &rt), -EINVAL);
	/* Extended bitmaps that never end within the header. */
	const uint8_t endless[] = { 0, 0, 12, 0, 0x02, 0, 0, 0x80, 0, 0, 0, 0x80 };
	assert_int_equal(wb_radiotap_parse(endless, sizeof(endless), &rt), -EINVAL);
}

static void test_hdr(void **state)
{
	uint8_t f[40] = { 0 };
	struct wb_80211_hdr h;

	(void)state;
	f[0] = 0xc0;  /* deauth */
	f[23] = 0x12;
	assert_int_equal(wb_80211_hdr_parse(f, 26, &h), 0);
	assert_int_equal(h.type, WB_80211_TYPE_MGMT);
	assert_int_equal(h.subtype, WB_80211_DEAUTH);
	assert_int_equal(h.len, 24);
	assert_int_equal(h.seq_ctrl, 0x1200);
	assert_int_equal(wb_80211_hdr_parse(f, 23, &h), -EMSGSIZE);
	f[1] = 0x80;  /* +HTC: 4 more bytes */
	assert_int_equal(wb_80211_hdr_parse(f, 28, &h), 0);
	assert_int_equal(h.len, 28);
	assert_int_equal(wb_80211_hdr_parse(f, 27, &h), -EMSGSIZE);
	f[1] = 0;
	f[0] = 0x88;  /* QoS data */
	f[1] = 0x03;  /* ToDS | FromDS: four addresses */
	f[30] = 0x05; /* TID 5 */
	assert_int_equal(wb_80211_hdr_parse(f, 40, &h), 0);
	assert_int_equal(h.len, 32);
	assert_true(h.qos);
	assert_int_equal(h.qos_tid, 5);
	f[0] = 0xd4;  /* ACK: control, 10 bytes */
	f[1] = 0;
	assert_int_equal(wb_80211_hdr_parse(f, 10, &h), 0);
	assert_int_equal(h.type, WB_80211_TYPE_CTRL);
	assert_null(h.a2);
	assert_int_equal(wb_80211_hdr_parse(f, 9, &h), -EMSGSIZE);
	f[0] = 0x01;  /* protocol version 1 */
	assert_int_equal(wb_80211_hdr_parse(f, 24, &h), -EINVAL);
	f[0] = 0x0c;  /* type 3 (reserved) */
	assert_int_equal(wb_80211_hdr_parse(f, 24, &h), -EINVAL);
}

static void test_robust_categories(void **state)
{
	(void)state;
	assert_true(wb_80211_robust_action_category(0));    /* spectrum mgmt */
	assert_true(wb_80211_robust_action_category(3));    /* block ack */
	assert_true(wb_80211_robust_action_category(8));    /* SA Query */
	assert_true(wb_80211_robust_action_category(10));   /* WNM */
	assert_true(wb_80211_robust_action_category(126));  /* vendor protected */
	assert_false(wb_80211_robust_action_category(4));   /* public */
	assert_false(wb_80211_robust_action_category(7));   /* HT */
	assert_false(wb_80211_robust_action_category(11));  /* unprotected WNM */
	assert_false(wb_80211_robust_action_category(15));  /* self-protected */
	assert_false(wb_80211_robust_action_category(20));
	assert_false(wb_80211_robust_action_category(21));  /* VHT */
	assert_false(wb_80211_robust_action_category(22));
	assert_false(wb_80211_robust_action_category(30));  /* HE */
	assert_false(wb_80211_robust_action_category(36));  /* EHT */
	assert_false(wb_80211_robust_action_category(127)); /* vendor */
}

static void test_elements(void **state)
{
	const uint8_t ies[] = { 0, 2, 'a', 'b', 48, 0, 221, 5, 1, 2 };  /* last one truncated */
	struct wb_80211_elem_iter it;
	const uint8_t *d;
	uint8_t id, len;

	(void)state;
	wb_80211_elem_iter_init(&it, ies, sizeof(ies));
	assert_int_equal(wb_80211_elem_next(&it, &id, &d, &len), 1);
	assert_int_equal(id, 0);
	assert_int_equal(len, 2);
	assert_int_equal(wb_80211_elem_next(&it, &id, &d, &len), 1);
	assert_int_equal(id, 48);
	assert_int_equal(len, 0);
	assert_int_equal(wb_80211_elem_next(&it, &id, &d, &len), -EMSGSIZE);
	assert_int_equal(wb_80211_elem_next(&it, &id, &d, &len), 0);
	assert_non_null(wb_80211_elem_find(ies, sizeof(ies), 48, &len));
	assert_null(wb_80211_elem_find(ies, sizeof(ies), 221, &len));
	assert_null(wb_80211_elem_find(ies, 1, 0, &len));  /* one lone byte */

	const uint8_t ext[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 };
	assert_true(wb_80211_ext_capab_bit(ext, sizeof(ext), 84));
	assert_false(wb_80211_ext_capab_bit(ext, sizeof(ext), 83));
	assert_false(wb_80211_ext_capab_bit(ext, 10, 84));  /* element too short */
}

static void test_rsne(void **state)
{
	/* v1, group CCMP, 1 pairwise GCMP-256, 2 AKMs (PSK-SHA256, SAE), caps MFPC|MFPR,
	 * 0 PMKIDs, group mgmt BIP-GMAC-256. */
	const uint8_t full[] = { 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 9,
				 2, 0, 0x00, 0x0f, 0xac, 6, 0x00, 0x0f, 0xac, 8, 0xc0, 0x00,
				 0, 0, 0x00, 0x0f, 0xac, 12 };
	struct wb_80211_rsne r;

	(void)state;
	assert_int_equal(wb_80211_rsne_parse(full, sizeof(full), &r), 0);
	assert_int_equal(r.group, 0x000fac04);
	assert_int_equal(r.n_pairwise, 1);
	assert_int_equal(r.pairwise[0], 0x000fac09);
	assert_int_equal(r.n_akm, 2);
	assert_int_equal(r.akm[1], WB_80211_AKM_SAE);
	assert_int_equal(r.caps, WB_80211_RSN_MFPC | WB_80211_RSN_MFPR);
	assert_int_equal(r.group_mgmt, 0x000fac0c);
	/* Truncation at a field boundary is allowed; inside a field it is not. */
	assert_int_equal(wb_80211_rsne_parse(full, 24, &r), 0);
	assert_int_equal(r.group_mgmt, 0);
	assert_int_equal(wb_80211_rsne_parse(full, 22, &r), 0);
	assert_int_equal(r.caps, 0);
	assert_int_equal(wb_80211_rsne_parse(full, 2, &r), 0);
	assert_int_equal(wb_80211_rsne_parse(full, 23, &r), -EMSGSIZE);
	assert_int_equal(wb_80211_rsne_parse(full, 27, &r), -EMSGSIZE);
	assert_int_equal(wb_80211_rsne_parse(full, 1, &r), -EMSGSIZE);
	assert_int_equal(wb_80211_rsne_parse(full, 4, &r), -EMSGSIZE);
	/* A suite count that runs past the element. */
	uint8_t bad[sizeof(full)];
	memcpy(bad, full, sizeof(full));
	bad[12] = 200;
	assert_int_equal(wb_80211_rsne_parse(bad, sizeof(bad), &r), -EMSGSIZE);
	memcpy(bad, full, sizeof(full));
	bad[24] = 0xff;  /* PMKID count */
	bad[25] = 0xff;
	assert_int_equal(wb_80211_rsne_parse(bad, sizeof(bad), &r), -EMSGSIZE);
	memcpy(bad, full, sizeof(full));
	bad[0] = 2;
	assert_int_equal(wb_80211_rsne_parse(bad, sizeof(bad), &r), -EINVAL);
	/* More suites than we store: counted, the rest parsed correctly. */
	uint8_t many[2 + 4 + 2 + 10 * 4 + 2 + 4 + 2];
	size_t o = 0;
	many[o++] = 1; many[o++] = 0;
	many[o++] = 0; many[o++] = 0x0f; many[o++] = 0xac; many[o++] = 4;
	many[o++] = 10; many[o++] = 0;
	for (int i = 0; i < 10; i++) {
		many[o++] = 0; many[o++] = 0x0f; many[o++] = 0xac; many[o++] = 4;
	}
	many[o++] = 1; many[o++] = 0;
	many[o++] = 0; many[o++] = 0x0f; many[o++] = 0xac; many[o++] = 2;
	many[o++] = 0x80; many[o++] = 0;
	assert_int_equal(wb_80211_rsne_parse(many, o, &r), 0);
	assert_int_equal(r.n_pairwise, WB_80211_RSNE_MAX_SUITES);
	assert_int_equal(r.akm[0], WB_80211_AKM_PSK);
	assert_int_equal(r.caps, WB_80211_RSN_MFPC);
}

static void test_mmie(void **state)
{
	uint8_t body[2 + 26] = { 2, 0 };
	struct wb_80211_mmie m;

	(void)state;
	/* 16-byte MMIE (8-octet MIC), key id 4, IPN 0x0102030405 06. */
	const uint8_t e16[] = { 76, 16, 4, 0, 6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8 };
	memcpy(body + 2, e16, sizeof(e16));
	assert_int_equal(wb_80211_mmie_find(body, 2 + sizeof(e16), &m), 1);
	assert_int_equal(m.keyid, 4);
	assert_int_equal(m.ipn, 0x010203040506ull);
	assert_int_equal(m.mic_len, 8);
	assert_int_equal(m.offset, 2);
	assert_int_equal(m.mic[0], 1);
	/* 24-byte MMIE (16-octet MIC). */
	body[2] = 76;
	body[3] = 24;
	assert_int_equal(wb_80211_mmie_find(body, sizeof(body), &m), 1);
	assert_int_equal(m.mic_len, 16);
	/* Wrong length, or not the last element: absent. */
	body[3] = 20;
	assert_int_equal(wb_80211_mmie_find(body, sizeof(body), &m), 0);
	assert_int_equal(wb_80211_mmie_find(body, 5, &m), 0);
	assert_int_equal(wb_80211_mmie_find(body, 0, &m), 0);
}

static void test_ccmp_hdr(void **state)
{
	const uint8_t h[8] = { 0x01, 0x02, 0, 0x60, 0x03, 0x04, 0x05, 0x06 };
	struct wb_80211_ccmp c;

	(void)state;
	assert_int_equal(wb_80211_ccmp_parse(h, 8, &c), 0);
	assert_int_equal(c.pn, 0x060504030201ull);
	assert_int_equal(c.keyid, 1);
	assert_int_equal(wb_80211_ccmp_parse(h, 7, &c), -EMSGSIZE);
	uint8_t noext[8];
	memcpy(noext, h, 8);
	noext[3] = 0;
	assert_int_equal(wb_80211_ccmp_parse(noext, 8, &c), -EINVAL);
}

static void test_eapol_key(void **state)
{
	uint8_t b[8 + 4 + 95 + 6] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x88, 0x8e, 2, 3, 0, 101, 2,
				      0x01, 0x0a };
	struct wb_80211_eapol_key k;

	(void)state;
	b[8 + 4 + 93] = 0;  /* key data length 6 (big endian) */
	b[8 + 4 + 94] = 6;
	assert_int_equal(wb_80211_eapol_key_parse(b, sizeof(b), 0, &k), 1);
	assert_int_equal(k.info, 0x010a);
	assert_int_equal(k.mic_len, 16);
	assert_int_equal(k.key_data_len, 6);
	assert_int_equal(k.eapol_len, 4 + 101);
	/* Truncated body, wrong MIC length, not EAPOL, not a key frame. */
	assert_int_equal(wb_80211_eapol_key_parse(b, sizeof(b) - 1, 0, &k), -EMSGSIZE);
	assert_int_equal(wb_80211_eapol_key_parse(b, sizeof(b), 24, &k), -EINVAL);
	assert_int_equal(wb_80211_eapol_key_parse(b, 7, 0, &k), 0);
	b[9] = 1;  /* EAPOL-Start */
	assert_int_equal(wb_80211_eapol_key_parse(b, sizeof(b), 0, &k), 0);
	b[9] = 3;
	b[7] = 0x8f;
	assert_int_equal(wb_80211_eapol_key_parse(b, sizeof(b), 0, &k), 0);
	b[7] = 0x8e;
	b[11] = 20;  /* a body too short for a key frame */
	assert_int_equal(wb_80211_eapol_key_parse(b, sizeof(b), 0, &k), -EMSGSIZE);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_radiotap),
		cmocka_unit_test(test_hdr),
		cmocka_unit_test(test_robust_categories),
		cmocka_unit_test(test_elements),
		cmocka_unit_test(test_rsne),
		cmocka_unit_test(test_mmie),
		cmocka_unit_test(test_ccmp_hdr),
		cmocka_unit_test(test_eapol_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
