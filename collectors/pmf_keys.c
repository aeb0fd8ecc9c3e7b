/*
 * wbench: PMF verifier keys. Tracks the 4-way handshake of each station, derives the
 * PTK from the PSK (PBKDF2 -> PMK -> PRF-SHA1 or KDF-SHA256 per AKM), proves it with the
 * message 2 MIC, unwraps message 3's key data for the IGTK and BIGTK, and checks BIP and
 * CCMP/GCMP MICs of management frames. SAE's PMK cannot come from a capture: such
 * stations are reported as not checked, never guessed.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "collectors/pmf_crypto.h"
#include "collectors/pmf_i.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/lib/util.h"

#define KDE_GTK   1
#define KDE_IGTK  9
#define KDE_BIGTK 14

void pmf_keys_wipe_sta(struct pmf_sta *s)
{
	/* Keys exist only after a proven message 2 (tk_len set); skip the byte loop else. */
	if (!s->ptk_valid && !s->tk_len)
		return;
	s->ptk_valid = false;
	wb_secure_zero(s->kck, sizeof(s->kck));
	wb_secure_zero(s->kek, sizeof(s->kek));
	wb_secure_zero(s->tk, sizeof(s->tk));
	s->tk_len = 0;
}

void pmf_keys_wipe_bss(struct pmf_bss *b)
{
	wb_secure_zero(b->igtk, sizeof(b->igtk));
	wb_secure_zero(b->bigtk, sizeof(b->bigtk));
	wb_secure_zero(b->pmk, sizeof(b->pmk));
	b->pmk_valid = false;
}

/* The IGTK (key IDs 4, 5) or BIGTK (6, 7) slot of @keyid. */
static struct pmf_key *group_slot(struct pmf_bss *b, unsigned int keyid)
{
	return keyid < 6 ? &b->igtk[keyid - 4] : &b->bigtk[keyid - 6];
}

const struct pmf_key *pmf_keys_group(const struct pmf_bss *b, unsigned int keyid)
{
	return group_slot((struct pmf_bss *)b, keyid);
}

void pmf_keys_forget_group(struct pmf_bss *b, unsigned int keyid)
{
	struct pmf_key *k = group_slot(b, keyid);

	wb_secure_zero(k, sizeof(*k));
}

static uint32_t bss_group_mgmt(const struct pmf_bss *b)
{
	if (!b->rsn || !b->mfpc)
		return 0;
	return b->rsne.group_mgmt ? b->rsne.group_mgmt : WB_CIPHER_BIP_CMAC_128;
}

size_t pmf_keys_bip_mic_len(const struct pmf_bss *b)
{
	switch (bss_group_mgmt(b)) {
	case WB_CIPHER_BIP_CMAC_128:
		return 8;
	case WB_CIPHER_BIP_CMAC_256:
	case WB_CIPHER_BIP_GMAC_128:
	case WB_CIPHER_BIP_GMAC_256:
		return 16;
	default:
		return 0;
	}
}

static size_t tk_len_of(uint32_t cipher)
{
	switch (cipher) {
	case WB_CIPHER_CCMP_128:
	case WB_CIPHER_GCMP_128:
		return 16;
	case WB_CIPHER_CCMP_256:
	case WB_CIPHER_GCMP_256:
		return 32;
	default:
		return 0;
	}
}

static bool bss_pmk(const struct wb_pmf *p, struct pmf_bss *b)
{
	const uint8_t *ssid = p->ssid_len ? p->ssid : b->ssid;
	size_t ssid_len = p->ssid_len ? p->ssid_len : b->ssid_len;

	if (b->pmk_tried)
		return b->pmk_valid;
	if (!ssid_len)
		return false;  /* try again once a beacon names the SSID */
	b->pmk_tried = true;
	b->pmk_valid = wb_pmf_crypto_psk_pmk(p->passphrase, ssid, ssid_len, b->pmk) == 0;
	return b->pmk_valid;
}

/* EAPOL-Key MIC with the KCK for key descriptor version 2 (HMAC-SHA1) or 3 (CMAC). */
static int eapol_mic(unsigned int ver, const uint8_t *kck, const struct wb_80211_eapol_key *k,
		     uint8_t mic[16])
{
	uint8_t buf[2048], out[64];
	size_t olen;
	int ret;

	if (k->eapol_len > sizeof(buf) || k->mic_len != 16)
		return -EINVAL;
	memcpy(buf, k->eapol, k->eapol_len);
	memset(buf + k->mic_off, 0, k->mic_len);
	if (ver == 2)
		ret = wb_pmf_crypto_hmac("SHA1", kck, 16, buf, k->eapol_len, out, &olen);
	else if (ver == 3)
		ret = wb_pmf_crypto_cmac(kck, 16, buf, k->eapol_len, NULL, 0, out);
	else
		return -EINVAL;
	if (ret == 0)
		memcpy(mic, out, 16);
	return ret;
}

/*
 * A message 2 whose MIC does not verify. Its keys are never used. While no message 2 of
 * the BSS has verified with this passphrase it may be the wrong passphrase (a note); once
 * one has, the frame was changed: a MIC failure, counted and reported.
 */
static void m2_failed(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
		      unsigned int n)
{
	b->c.mic_failed += n;
	if (fr->rec) {
		fr->rec->mic = PMF_MIC_FAIL;
		fr->rec->note = "message 2 MIC does not verify";
	}
	pmf_finding_add(p, b, fr, PMF_RULE_MIC, -1, "message 2 MIC does not verify (%u), "
			"another does: its keys are not used", n);
}

static void m2_mismatch(struct wb_pmf *p, struct pmf_bss *b, struct pmf_sta *s,
			const struct pmf_frame *fr)
{
	s->key_note = "message 2 MIC mismatch: wrong passphrase or SSID";
	if (b->pmk_proven) {
		m2_failed(p, b, fr, 1);
		return;
	}
	if (b->m2_bad_n++ > 0)
		return;
	b->m2_bad.no = fr->no;
	b->m2_bad.ts_us = fr->ts_us;
	b->m2_bad.rec = fr->rec ? (size_t)(fr->rec - p->rec) + 1 : 0;
	memcpy(b->m2_bad.da, fr->h.a1, WB_80211_ADDR_LEN);
	memcpy(b->m2_bad.sa, fr->h.a2, WB_80211_ADDR_LEN);
}

/* The PMK is right: the mismatches before were changed frames, reported at the first. */
static void m2_proven(struct wb_pmf *p, struct pmf_bss *b)
{
	struct pmf_frame bad = { .no = b->m2_bad.no, .ts_us = b->m2_bad.ts_us };

	b->pmk_proven = true;
	if (!b->m2_bad_n)
		return;
	bad.h.type = WB_80211_TYPE_DATA;
	bad.h.a1 = b->m2_bad.da;
	bad.h.a2 = b->m2_bad.sa;
	bad.rec = b->m2_bad.rec && b->m2_bad.rec <= p->n_rec ? &p->rec[b->m2_bad.rec - 1] : NULL;
	m2_failed(p, b, &bad, b->m2_bad_n);
	b->m2_bad_n = 0;
}

/* The ANonce of the message 1 that a message 2 with @replay answers (the newest one
 * with that replay counter, else the newest), borrowed; NULL when none was captured. */
static const uint8_t *m1_answered(const struct pmf_sta *s, uint64_t replay)
{
	unsigned int n = s->n_m1 < 4 ? s->n_m1 : 4;

	for (unsigned int i = 1; i <= n; i++)
		if (s->m1[(s->n_m1 - i) % 4].replay == replay)
			return s->m1[(s->n_m1 - i) % 4].nonce;
	return n ? s->m1[(s->n_m1 - 1) % 4].nonce : NULL;
}

static void derive_ptk(struct wb_pmf *p, struct pmf_bss *b, struct pmf_sta *s,
		       const struct pmf_frame *fr, const struct wb_80211_eapol_key *k)
{
	const uint8_t *anonce;
	unsigned int ver = k->info & WB_EAPOL_KEY_INFO_VERSION;
	uint32_t akm = s->akm, cipher;
	uint8_t data[76], ptk[64], mic[16];
	const uint8_t *aa = b->bssid, *spa = s->addr;
	size_t tk_len;
	int c, ret;

	if (akm == WB_80211_AKM_SAE) {
		b->sae = true;
		s->key_note = "SAE: the PMK is not derivable from a capture";
		return;
	}
	if (!p->passphrase) {
		s->key_note = "no passphrase given";
		return;
	}
	anonce = m1_answered(s, k->replay);
	if (!anonce) {
		s->key_note = "message 1 of the 4-way handshake not captured";
		return;
	}
	if (!akm)
		akm = ver == 2 ? WB_80211_AKM_PSK : ver == 3 ? WB_80211_AKM_PSK_SHA256 : 0;
	if ((akm != WB_80211_AKM_PSK && akm != WB_80211_AKM_PSK_SHA256) || (ver != 2 && ver != 3)) {
		s->key_note = "AKM or key descriptor version not supported for MIC checks";
		return;
	}
	cipher = s->pairwise ? s->pairwise : b->rsne.n_pairwise ? b->rsne.pairwise[0] : 0;
	tk_len = tk_len_of(cipher);
	if (!tk_len) {
		s->key_note = "pairwise cipher not supported for MIC checks";
		return;
	}
	if (!bss_pmk(p, b)) {
		s->key_note = "no SSID known to derive the PMK";
		return;
	}
	c = memcmp(aa, spa, 6);
	memcpy(data, c < 0 ? aa : spa, 6);
	memcpy(data + 6, c < 0 ? spa : aa, 6);
	c = memcmp(anonce, k->nonce, 32);
	memcpy(data + 12, c < 0 ? anonce : k->nonce, 32);
	memcpy(data + 44, c < 0 ? k->nonce : anonce, 32);
	if (akm == WB_80211_AKM_PSK)
		ret = wb_pmf_crypto_prf_sha1(b->pmk, 32, "Pairwise key expansion", data,
					     sizeof(data), ptk, 32 + tk_len);
	else
		ret = wb_pmf_crypto_kdf_sha256(b->pmk, 32, "Pairwise key expansion", data,
					       sizeof(data), ptk, 32 + tk_len);
	if (ret == 0 && eapol_mic(ver, ptk, k, mic) == 0 &&
	    CRYPTO_memcmp(mic, k->mic, 16) == 0) {
		memcpy(s->kck, ptk, 16);
		memcpy(s->kek, ptk + 16, 16);
		memcpy(s->tk, ptk + 32, tk_len);
		s->tk_len = tk_len;
		s->pairwise = cipher;
		s->ptk_valid = true;
		s->key_note = NULL;
		m2_proven(p, b);
	} else if (ret == 0) {
		m2_mismatch(p, b, s, fr);
	}
	wb_secure_zero(ptk, sizeof(ptk));
	wb_secure_zero(data, sizeof(data));
}

/* A key that is new to us starts its own IPN sequence. */
static void store_key(struct pmf_bss *b, unsigned int keyid, const uint8_t *key, size_t len,
		      uint64_t no)
{
	struct pmf_key *dst = group_slot(b, keyid);

	if (len != 16 && len != 32)
		return;
	if (!dst->set || dst->len != len || CRYPTO_memcmp(dst->key, key, len) != 0)
		b->ipn_seen[keyid - 4] = false;
	b->rekeyed[keyid - 4] = true;  /* known now: a MIC failure is one */
	memcpy(dst->key, key, len);
	dst->len = len;
	dst->set = true;
	dst->stored_no = no;
}

/* KDEs of message 3's unwrapped key data: the IGTK and the BIGTK. */
static void parse_kdes(struct pmf_bss *b, const uint8_t *d, size_t len, uint64_t no)
{
	struct wb_80211_elem_iter it;
	const uint8_t *e;
	uint8_t id, elen;

	wb_80211_elem_iter_init(&it, d, len);
	while (wb_80211_elem_next(&it, &id, &e, &elen) == 1) {
		unsigned int keyid;

		if (id != 0xdd)
			continue;
		if (elen == 0)
			break;  /* padding: 0xdd followed by zeros */
		if (elen < 4 + 8 || e[0] != 0x00 || e[1] != 0x0f || e[2] != 0xac)
			continue;
		/* IGTK / BIGTK KDE: Key ID (2), IPN (6), key. */
		keyid = (unsigned int)(e[4] | e[5] << 8);
		if (e[3] == KDE_IGTK && (keyid == 4 || keyid == 5))
			store_key(b, keyid, e + 12, (size_t)elen - 12, no);
		else if (e[3] == KDE_BIGTK && (keyid == 6 || keyid == 7))
			store_key(b, keyid, e + 12, (size_t)elen - 12, no);
	}
}

static void msg3(struct wb_pmf *p, struct pmf_bss *b, struct pmf_sta *s,
		 const struct pmf_frame *fr, const struct wb_80211_eapol_key *k)
{
	unsigned int ver = k->info & WB_EAPOL_KEY_INFO_VERSION;
	uint8_t mic[16], plain[1024];

	if (!s->ptk_valid)
		return;
	if (eapol_mic(ver, s->kck, k, mic) < 0)
		return;
	if (CRYPTO_memcmp(mic, k->mic, 16) != 0) {
		pmf_finding_add(p, b, fr, PMF_RULE_MIC, -1,
				"EAPOL-Key message 3 MIC does not verify with the derived PTK");
		return;
	}
	if (!(k->info & WB_EAPOL_KEY_INFO_ENCR_DATA) || k->key_data_len > sizeof(plain) + 8)
		return;
	if (wb_pmf_crypto_aes_unwrap(s->kek, 16, k->key_data, k->key_data_len, plain) < 0) {
		s->key_note = "message 3 key data does not unwrap";
		return;
	}
	parse_kdes(b, plain, k->key_data_len - 8, fr->no);
	wb_secure_zero(plain, sizeof(plain));
}

void pmf_keys_eapol(struct wb_pmf *p, struct pmf_bss *b, struct pmf_sta *s,
		    const struct pmf_frame *fr, const struct wb_80211_eapol_key *k, bool from_ap)
{
	uint16_t info = k->info;
	bool ack = info & WB_EAPOL_KEY_INFO_ACK, mic = info & WB_EAPOL_KEY_INFO_MIC;

	b->handshake_seen = true;
	if (!(info & WB_EAPOL_KEY_INFO_PAIRWISE))
		return;  /* group key handshake: travels encrypted after the PTK */
	if (from_ap && ack && !mic) {               /* message 1 */
		s->m1[s->n_m1 % 4].replay = k->replay;
		memcpy(s->m1[s->n_m1 % 4].nonce, k->nonce, 32);
		s->n_m1++;
		pmf_keys_wipe_sta(s);
	} else if (!from_ap && !ack && mic && !(info & WB_EAPOL_KEY_INFO_SECURE)) {
		derive_ptk(p, b, s, fr, k);         /* message 2 */
	} else if (from_ap && ack && mic && (info & WB_EAPOL_KEY_INFO_INSTALL)) {
		/* Message 3 delivers the IGTK (and BIGTK): the AP has them in use. */
		b->keys_in_use = true;
		if (b->beacon_prot)
			b->bigtk_in_use = true;
		/* A message 3 after message 4: the AP did not take message 4. */
		s->ptk_installed = false;
		msg3(p, b, s, fr, k);
	} else if (!from_ap && !ack && mic) {      /* message 4 */
		s->ptk_installed = true;
		b->rekey_m4 = true;
	}
}

enum pmf_mic pmf_keys_check_bip(struct pmf_bss *b, const struct pmf_frame *fr,
				const struct wb_80211_mmie *m)
{
	const struct pmf_key *key = pmf_keys_group(b, m->keyid);
	uint32_t cipher = bss_group_mgmt(b);
	uint8_t aad[20], body[4096], out[16], iv[12];
	uint16_t fc = fr->h.fc & ~(WB_80211_FC_RETRY | WB_80211_FC_PWRMGT | WB_80211_FC_MOREDATA);
	size_t mic_off, klen = cipher == WB_CIPHER_BIP_CMAC_256 ||
			       cipher == WB_CIPHER_BIP_GMAC_256 ? 32 : 16;
	int ret;

	if (!key->set || !cipher || key->len != klen || fr->body_len > sizeof(body) ||
	    fr->h.len != WB_80211_HDR_LEN)
		return PMF_MIC_NOKEY;
	aad[0] = (uint8_t)fc;
	aad[1] = (uint8_t)(fc >> 8);
	memcpy(aad + 2, fr->f + 4, 18);  /* A1, A2, A3 */
	memcpy(body, fr->body, fr->body_len);
	mic_off = (size_t)(m->mic - fr->body);
	memset(body + mic_off, 0, m->mic_len);
	if (fr->h.subtype == WB_80211_BEACON)
		memset(body, 0, 8);  /* the TSF changes between MIC and transmission */
	if (cipher == WB_CIPHER_BIP_GMAC_128 || cipher == WB_CIPHER_BIP_GMAC_256) {
		memcpy(iv, fr->h.a2, 6);
		for (int i = 0; i < 6; i++)
			iv[6 + i] = (uint8_t)(m->ipn >> (8 * (5 - i)));
		ret = wb_pmf_crypto_gmac(key->key, klen, iv, aad, sizeof(aad), body,
					 fr->body_len, out);
	} else {
		ret = wb_pmf_crypto_cmac(key->key, klen, aad, sizeof(aad), body, fr->body_len, out);
	}
	if (ret < 0)
		return PMF_MIC_NOKEY;
	return CRYPTO_memcmp(out, m->mic, m->mic_len) == 0 ? PMF_MIC_OK : PMF_MIC_FAIL;
}

enum pmf_mic pmf_keys_check_ccmp(struct pmf_sta *s, const struct pmf_frame *fr,
				 uint8_t *plain, size_t *plain_len)
{
	bool gcm = s->pairwise == WB_CIPHER_GCMP_128 || s->pairwise == WB_CIPHER_GCMP_256;
	size_t mic_len = s->pairwise == WB_CIPHER_CCMP_128 ? 8 : 16, ct_len;
	uint16_t fc = fr->h.fc & ~(WB_80211_FC_RETRY | WB_80211_FC_PWRMGT | WB_80211_FC_MOREDATA);
	const uint8_t *b = fr->body;
	uint8_t aad[22], nonce[13], pn[6];
	int ret;

	if (!s->ptk_valid || fr->h.len != WB_80211_HDR_LEN || fr->truncated)
		return PMF_MIC_NOKEY;
	if (fr->body_len < WB_80211_CCMP_HDR_LEN + mic_len)
		return PMF_MIC_FAIL;
	ct_len = fr->body_len - WB_80211_CCMP_HDR_LEN - mic_len;
	/* PN5..PN0, most significant first. */
	pn[0] = b[7];
	pn[1] = b[6];
	pn[2] = b[5];
	pn[3] = b[4];
	pn[4] = b[1];
	pn[5] = b[0];
	aad[0] = (uint8_t)fc;
	aad[1] = (uint8_t)(fc >> 8);
	memcpy(aad + 2, fr->f + 4, 18);
	aad[20] = fr->f[22] & 0x0f;  /* sequence number masked, fragment number kept */
	aad[21] = 0;
	if (gcm) {
		memcpy(nonce, fr->h.a2, 6);
		memcpy(nonce + 6, pn, 6);
	} else {
		nonce[0] = 0x10;  /* priority 0, Management flag */
		memcpy(nonce + 1, fr->h.a2, 6);
		memcpy(nonce + 7, pn, 6);
	}
	ret = wb_pmf_crypto_aead_decrypt(gcm ? WB_PMF_AEAD_GCM : WB_PMF_AEAD_CCM, s->tk,
					 s->tk_len, nonce, aad, sizeof(aad),
					 b + WB_80211_CCMP_HDR_LEN, ct_len,
					 b + WB_80211_CCMP_HDR_LEN + ct_len, mic_len, plain);
	if (ret == -EBADMSG)
		return PMF_MIC_FAIL;
	if (ret < 0)
		return PMF_MIC_NOKEY;
	*plain_len = ct_len;
	return PMF_MIC_OK;
}
