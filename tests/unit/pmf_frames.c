#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "wbench/wifi/ieee80211.h"
#include "collectors/pmf.h"
#include "tests/unit/pmf_frames.h"

const uint8_t pmft_ap[6] = { 0x02, 0, 0, 0, 0, 0 };
const uint8_t pmft_sta[6] = { 0x02, 0, 0, 0, 1, 0 };
const uint8_t pmft_sta2[6] = { 0x02, 0, 0, 0, 2, 0 };
const uint8_t pmft_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void pmft_put(struct pmft_frame *f, const void *p, size_t n)
{
	assert_true(f->len + n <= sizeof(f->d));
	memcpy(f->d + f->len, p, n);
	f->len += n;
}

void pmft_u8(struct pmft_frame *f, uint8_t v)
{
	pmft_put(f, &v, 1);
}

void pmft_le16(struct pmft_frame *f, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	pmft_put(f, b, 2);
}

void pmft_begin(struct pmft_frame *f, uint8_t type, uint8_t subtype, const uint8_t *a1,
		const uint8_t *a2, const uint8_t *a3, bool protected_, uint8_t rt_flags)
{
	/* Radiotap: version 0, length 9, present = Flags; the Flags byte. */
	static const uint8_t rt[] = { 0, 0, 9, 0, 0x02, 0, 0, 0 };
	uint16_t fc = (uint16_t)(type << 2 | subtype << 4);

	if (protected_)
		fc |= WB_80211_FC_PROTECTED;
	f->len = 0;
	pmft_put(f, rt, sizeof(rt));
	pmft_u8(f, rt_flags);
	pmft_le16(f, fc);
	pmft_le16(f, 0);  /* duration */
	pmft_put(f, a1, 6);
	pmft_put(f, a2, 6);
	pmft_put(f, a3, 6);
	pmft_le16(f, 0x10);  /* sequence number 1 */
}

void pmft_mmie(struct pmft_frame *f, uint16_t keyid, uint64_t ipn, size_t mic_len)
{
	pmft_u8(f, WB_80211_EID_MMIE);
	pmft_u8(f, (uint8_t)(8 + mic_len));
	pmft_le16(f, keyid);
	for (int i = 0; i < 6; i++)
		pmft_u8(f, (uint8_t)(ipn >> (8 * i)));
	for (size_t i = 0; i < mic_len; i++)
		pmft_u8(f, 0xaa);
}

void pmft_rsne(struct pmft_frame *f, uint32_t akm, uint16_t caps)
{
	const uint8_t ccmp[4] = { 0x00, 0x0f, 0xac, 0x04 };
	uint8_t a[4] = { (uint8_t)(akm >> 24), (uint8_t)(akm >> 16), (uint8_t)(akm >> 8),
			 (uint8_t)akm };

	pmft_u8(f, WB_80211_EID_RSN);
	pmft_u8(f, 20);
	pmft_le16(f, 1);
	pmft_put(f, ccmp, 4);
	pmft_le16(f, 1);
	pmft_put(f, ccmp, 4);
	pmft_le16(f, 1);
	pmft_put(f, a, 4);
	pmft_le16(f, caps);
}

void pmft_beacon(struct pmft_frame *f, uint16_t rsn_caps, bool beacon_prot, int mme_keyid,
		 uint64_t ipn)
{
	static const uint8_t fixed[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 0x64, 0, 0x11, 0x04 };
	uint8_t ext[11] = { 0 };

	pmft_begin(f, WB_80211_TYPE_MGMT, WB_80211_BEACON, pmft_bcast, pmft_ap, pmft_ap, false, 0);
	pmft_put(f, fixed, sizeof(fixed));
	pmft_u8(f, WB_80211_EID_SSID);
	pmft_u8(f, 4);
	pmft_put(f, "test", 4);
	pmft_rsne(f, WB_80211_AKM_PSK_SHA256, rsn_caps);
	if (beacon_prot) {
		ext[WB_80211_EXT_CAPAB_BEACON_PROT / 8] |= 1u << (WB_80211_EXT_CAPAB_BEACON_PROT % 8);
		pmft_u8(f, WB_80211_EID_EXT_CAPAB);
		pmft_u8(f, sizeof(ext));
		pmft_put(f, ext, sizeof(ext));
	}
	if (mme_keyid >= 0)
		pmft_mmie(f, (uint16_t)mme_keyid, ipn, 8);
}

void pmft_assoc_req(struct pmft_frame *f, const uint8_t *sta, uint16_t rsn_caps)
{
	pmft_begin(f, WB_80211_TYPE_MGMT, WB_80211_ASSOC_REQ, pmft_ap, sta, pmft_ap, false, 0);
	pmft_le16(f, 0x0411);  /* capability */
	pmft_le16(f, 10);      /* listen interval */
	pmft_u8(f, WB_80211_EID_SSID);
	pmft_u8(f, 4);
	pmft_put(f, "test", 4);
	pmft_rsne(f, WB_80211_AKM_PSK_SHA256, rsn_caps);
}

void pmft_deauth(struct pmft_frame *f, const uint8_t *da, const uint8_t *sa, uint16_t reason,
		 int mmie_keyid, uint64_t ipn)
{
	pmft_begin(f, WB_80211_TYPE_MGMT, WB_80211_DEAUTH, da, sa, pmft_ap, false, 0);
	pmft_le16(f, reason);
	if (mmie_keyid >= 0)
		pmft_mmie(f, (uint16_t)mmie_keyid, ipn, 8);
}

void pmft_deauth_protected(struct pmft_frame *f, const uint8_t *da, const uint8_t *sa,
			   bool ext_iv)
{
	const uint8_t ccmp[8] = { 1, 0, 0, (uint8_t)(ext_iv ? 0x20 : 0), 0, 0, 0, 0 };

	pmft_begin(f, WB_80211_TYPE_MGMT, WB_80211_DEAUTH, da, sa, pmft_ap, true, 0);
	pmft_put(f, ccmp, sizeof(ccmp));
	for (int i = 0; i < 10; i++)
		pmft_u8(f, 0x55);  /* encrypted reason + MIC */
}

void pmft_action(struct pmft_frame *f, const uint8_t *da, const uint8_t *sa, uint8_t category)
{
	pmft_begin(f, WB_80211_TYPE_MGMT, WB_80211_ACTION, da, sa, pmft_ap, false, 0);
	pmft_u8(f, category);
	pmft_u8(f, 0);     /* action */
	pmft_le16(f, 0x1234);
}

void pmft_eapol(struct pmft_frame *f, const uint8_t *sta, int n)
{
	static const uint8_t snap[] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x88, 0x8e };
	uint16_t info = WB_EAPOL_KEY_INFO_PAIRWISE | 2;
	bool from_ap = n == 1 || n == 3;
	uint8_t zero[32] = { 0 };

	if (n == 1)
		info |= WB_EAPOL_KEY_INFO_ACK;
	else if (n == 2)
		info |= WB_EAPOL_KEY_INFO_MIC;
	else if (n == 3)
		info |= WB_EAPOL_KEY_INFO_ACK | WB_EAPOL_KEY_INFO_MIC | WB_EAPOL_KEY_INFO_INSTALL |
			WB_EAPOL_KEY_INFO_SECURE;
	else
		info |= WB_EAPOL_KEY_INFO_MIC | WB_EAPOL_KEY_INFO_SECURE;
	pmft_begin(f, WB_80211_TYPE_DATA, 0, from_ap ? sta : pmft_ap, from_ap ? pmft_ap : sta,
		   from_ap ? pmft_ap : pmft_ap, false, 0);
	/* Data frame DS bits: from the AP FromDS (A1 = STA, A2 = BSSID), else ToDS. */
	f->d[9 + 1] |= from_ap ? 0x02 : 0x01;
	pmft_put(f, snap, sizeof(snap));
	pmft_u8(f, 2);         /* EAPOL version */
	pmft_u8(f, 3);         /* Key */
	pmft_u8(f, 0);
	pmft_u8(f, 95);        /* body length: 95 with no key data */
	pmft_u8(f, 2);         /* RSN descriptor */
	pmft_u8(f, (uint8_t)(info >> 8));
	pmft_u8(f, (uint8_t)info);
	pmft_u8(f, 0);
	pmft_u8(f, 16);        /* key length */
	for (int i = 0; i < 7; i++)
		pmft_u8(f, 0);
	pmft_u8(f, (uint8_t)n);  /* replay counter */
	pmft_put(f, zero, 32);   /* nonce */
	pmft_put(f, zero, 16);   /* IV */
	pmft_put(f, zero, 8);    /* RSC */
	pmft_put(f, zero, 8);    /* reserved */
	pmft_put(f, zero, 16);   /* MIC */
	pmft_le16(f, 0);         /* key data length (big endian 0 either way) */
}

void pmft_feed(struct wb_pmf *p, const struct pmft_frame *f, uint64_t t_ms)
{
	assert_int_equal(wb_pmf_feed(p, WB_PMF_DLT_IEEE802_11_RADIO, t_ms * 1000, f->d, f->len,
				     f->len), 0);
}

void pmft_associate(struct wb_pmf *p, const uint8_t *sta, bool mfpc, uint64_t t_ms)
{
	struct pmft_frame f;

	pmft_assoc_req(&f, sta, mfpc ? WB_80211_RSN_MFPC : 0);
	pmft_feed(p, &f, t_ms);
	for (int n = 1; n <= 4; n++) {
		pmft_eapol(&f, sta, n);
		pmft_feed(p, &f, t_ms + (uint64_t)n);
	}
}
