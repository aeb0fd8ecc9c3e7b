/*
 * Test helper: builders for crafted 802.11 frames (radiotap + management/data frames)
 * to drive the PMF verifier rule by rule. Prefix pmft_.
 */
#ifndef WB_TEST_PMF_FRAMES_H
#define WB_TEST_PMF_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wb_pmf;

struct pmft_frame {
	uint8_t d[1024];
	size_t len;
};

extern const uint8_t pmft_ap[6], pmft_sta[6], pmft_sta2[6], pmft_bcast[6];

/* Start a frame: radiotap header (Flags field with @rt_flags) and a 24-byte MAC header. */
void pmft_begin(struct pmft_frame *f, uint8_t type, uint8_t subtype, const uint8_t *a1,
		const uint8_t *a2, const uint8_t *a3, bool protected_, uint8_t rt_flags);
void pmft_put(struct pmft_frame *f, const void *p, size_t n);
void pmft_u8(struct pmft_frame *f, uint8_t v);
void pmft_le16(struct pmft_frame *f, uint16_t v);
/* An MMIE: ID 76, length 8 + @mic_len, key id, 48-bit IPN, MIC bytes 0xaa. */
void pmft_mmie(struct pmft_frame *f, uint16_t keyid, uint64_t ipn, size_t mic_len);
/* RSN element: PSK (or @akm), CCMP, RSN capabilities @caps. */
void pmft_rsne(struct pmft_frame *f, uint32_t akm, uint16_t caps);

/* Whole frames. */
void pmft_beacon(struct pmft_frame *f, uint16_t rsn_caps, bool beacon_prot, int mme_keyid,
		 uint64_t ipn);
void pmft_assoc_req(struct pmft_frame *f, const uint8_t *sta, uint16_t rsn_caps);
/* Deauth from @sa to @da (BSSID pmft_ap); @mmie_keyid < 0 for none. */
void pmft_deauth(struct pmft_frame *f, const uint8_t *da, const uint8_t *sa, uint16_t reason,
		 int mmie_keyid, uint64_t ipn);
/* Protected unicast deauth: CCMP header (PN 1, ExtIV = @ext_iv) and 10 opaque bytes. */
void pmft_deauth_protected(struct pmft_frame *f, const uint8_t *da, const uint8_t *sa,
			   bool ext_iv);
void pmft_action(struct pmft_frame *f, const uint8_t *da, const uint8_t *sa, uint8_t category);
/* EAPOL-Key message @n (1..4) of the 4-way handshake between pmft_ap and @sta. */
void pmft_eapol(struct pmft_frame *f, const uint8_t *sta, int n);

/* Feed one frame with a timestamp of @t_ms; asserts wb_pmf_feed() returns 0. */
void pmft_feed(struct wb_pmf *p, const struct pmft_frame *f, uint64_t t_ms);
/* Association of @sta with PMF (@mfpc) and a complete handshake (messages 1-4). */
void pmft_associate(struct wb_pmf *p, const uint8_t *sta, bool mfpc, uint64_t t_ms);

#endif
