#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wbench/wifi/ieee80211.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t suite(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int wb_80211_hdr_parse(const uint8_t *f, size_t len, struct wb_80211_hdr *h)
{
	uint16_t fc;

	memset(h, 0, sizeof(*h));
	if (len < 10)
		return -EMSGSIZE;
	fc = wb_80211_le16(f);
	if (fc & 0x0003)
		return -EINVAL;  /* protocol version must be 0 */
	h->fc = fc;
	h->type = (fc >> 2) & 3;
	h->subtype = (fc >> 4) & 0xf;
	h->a1 = f + 4;
	switch (h->type) {
	case WB_80211_TYPE_CTRL:
		h->len = 10;
		return 0;
	case WB_80211_TYPE_MGMT:
		h->len = WB_80211_HDR_LEN;
		/* +HTC: the Order bit announces a 4-byte HT Control field. */
		if (fc & WB_80211_FC_ORDER)
			h->len += 4;
		break;
	case WB_80211_TYPE_DATA:
		h->len = WB_80211_HDR_LEN;
		if ((fc & (WB_80211_FC_TODS | WB_80211_FC_FROMDS)) ==
		    (WB_80211_FC_TODS | WB_80211_FC_FROMDS))
			h->len += 6;
		if (h->subtype & 0x08) {
			h->qos = true;
			h->len += 2;
			if (fc & WB_80211_FC_ORDER)
				h->len += 4;
		}
		break;
	default:
		return -EINVAL;
	}
	if (len < h->len)
		return -EMSGSIZE;
	h->a2 = f + 10;
	h->a3 = f + 16;
	h->seq_ctrl = wb_80211_le16(f + 22);
	if (h->qos)
		h->qos_tid = f[h->len - ((fc & WB_80211_FC_ORDER) ? 6 : 2)] & 0x0f;
	return 0;
}

int wb_80211_addr_parse(const char *s, uint8_t addr[6])
{
	unsigned int v[6];
	char end;
	int i;

	if (!s || sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
			 &v[5], &end) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++)
		addr[i] = (uint8_t)v[i];
	return 0;
}

char *wb_80211_addr_fmt(const uint8_t *a, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
	return buf;
}

const char *wb_80211_stype_name(unsigned int subtype)
{
	static const char *const names[16] = {
		"assoc-req", "assoc-resp", "reassoc-req", "reassoc-resp", "probe-req",
		"probe-resp", "timing-adv", "reserved-7", "beacon", "atim", "disassoc",
		"auth", "deauth", "action", "action-noack", "reserved-15",
	};

	return names[subtype & 0xf];
}

bool wb_80211_robust_action_category(uint8_t category)
{
	switch (category) {
	case 4:    /* Public */
	case 7:    /* HT */
	case 11:   /* Unprotected WNM */
	case 15:   /* Self-Protected */
	case 20:   /* Unprotected DMG */
	case 21:   /* VHT */
	case 22:   /* Unprotected S1G */
	case 30:   /* HE */
	case 36:   /* EHT */
	case 127:  /* Vendor Specific */
		return false;
	default:
		return true;
	}
}

int wb_80211_ies_offset(unsigned int subtype)
{
	switch (subtype) {
	case WB_80211_ASSOC_REQ:
		return 4;   /* capability, listen interval */
	case WB_80211_ASSOC_RESP:
	case WB_80211_REASSOC_RESP:
		return 6;   /* capability, status, AID */
	case WB_80211_REASSOC_REQ:
		return 10;  /* capability, listen interval, current AP */
	case WB_80211_PROBE_REQ:
		return 0;
	case WB_80211_PROBE_RESP:
	case WB_80211_BEACON:
		return WB_80211_BEACON_FIXED_LEN;
	default:
		return -1;
	}
}

void wb_80211_elem_iter_init(struct wb_80211_elem_iter *it, const uint8_t *ies, size_t len)
{
	it->p = ies;
	it->left = len;
}

int wb_80211_elem_next(struct wb_80211_elem_iter *it, uint8_t *id, const uint8_t **data,
		       uint8_t *elen)
{
	if (it->left == 0)
		return 0;
	if (it->left < 2 || (size_t)it->p[1] + 2 > it->left) {
		it->left = 0;
		return -EMSGSIZE;
	}
	*id = it->p[0];
	*elen = it->p[1];
	*data = it->p + 2;
	it->left -= (size_t)*elen + 2;
	it->p += (size_t)*elen + 2;
	return 1;
}

const uint8_t *wb_80211_elem_find(const uint8_t *ies, size_t len, uint8_t id, uint8_t *elen)
{
	struct wb_80211_elem_iter it;
	const uint8_t *d;
	uint8_t eid;

	wb_80211_elem_iter_init(&it, ies, len);
	while (wb_80211_elem_next(&it, &eid, &d, elen) == 1)
		if (eid == id)
			return d;
	return NULL;
}

bool wb_80211_ext_capab_bit(const uint8_t *d, size_t len, unsigned int bit)
{
	return bit / 8 < len && (d[bit / 8] & (1u << (bit % 8)));
}

/* Reads a suite count and up to WB_80211_RSNE_MAX_SUITES suites. */
static int rsne_suites(const uint8_t *d, size_t len, size_t *off, uint32_t *out,
		       unsigned int *n)
{
	uint16_t cnt;

	if (*off + 2 > len)
		return -EMSGSIZE;
	cnt = wb_80211_le16(d + *off);
	*off += 2;
	if (*off + (size_t)cnt * 4 > len)
		return -EMSGSIZE;
	*n = 0;
	for (uint16_t i = 0; i < cnt; i++)
		if (*n < WB_80211_RSNE_MAX_SUITES)
			out[(*n)++] = suite(d + *off + 4 * (size_t)i);
	*off += (size_t)cnt * 4;
	return 0;
}

int wb_80211_rsne_parse(const uint8_t *d, size_t len, struct wb_80211_rsne *r)
{
	size_t off = 2;
	uint16_t pmkids;
	int ret;

	memset(r, 0, sizeof(*r));
	/* Defaults for the optional fields (IEEE 802.11-2020 9.4.2.24.1). */
	r->group = 0x000FAC04u;
	r->pairwise[0] = 0x000FAC04u;
	r->n_pairwise = 1;
	r->akm[0] = WB_80211_AKM_PSK - 1;  /* 802.1X: 00-0F-AC:1 */
	r->n_akm = 1;
	if (len < 2)
		return -EMSGSIZE;
	if (wb_80211_le16(d) != 1)
		return -EINVAL;
	if (len == off)
		return 0;
	if (off + 4 > len)
		return -EMSGSIZE;
	r->group = suite(d + off);
	off += 4;
	if (len == off)
		return 0;
	ret = rsne_suites(d, len, &off, r->pairwise, &r->n_pairwise);
	if (ret < 0)
		return ret;
	if (len == off)
		return 0;
	ret = rsne_suites(d, len, &off, r->akm, &r->n_akm);
	if (ret < 0)
		return ret;
	if (len == off)
		return 0;
	if (off + 2 > len)
		return -EMSGSIZE;
	r->caps = wb_80211_le16(d + off);
	off += 2;
	if (len == off)
		return 0;
	if (off + 2 > len)
		return -EMSGSIZE;
	pmkids = wb_80211_le16(d + off);
	off += 2 + (size_t)pmkids * 16;
	if (off > len)
		return -EMSGSIZE;
	if (len == off)
		return 0;
	if (off + 4 > len)
		return -EMSGSIZE;
	r->group_mgmt = suite(d + off);
	return 0;
}

int wb_80211_mmie_find(const uint8_t *body, size_t len, struct wb_80211_mmie *m)
{
	static const size_t mics[] = { 8, 16 };

	for (size_t i = 0; i < WB_ARRAY_SIZE(mics); i++) {
		size_t elen = 8 + mics[i];  /* key id 2, IPN 6, MIC */
		const uint8_t *e;

		if (len < elen + 2)
			continue;
		e = body + len - elen - 2;
		if (e[0] != WB_80211_EID_MMIE || e[1] != elen)
			continue;
		m->offset = (size_t)(e - body);
		m->keyid = wb_80211_le16(e + 2);
		m->ipn = 0;
		for (int b = 5; b >= 0; b--)
			m->ipn = m->ipn << 8 | e[4 + b];
		m->mic = e + 10;  /* after ID, length, key id, IPN */
		m->mic_len = mics[i];
		return 1;
	}
	return 0;
}

int wb_80211_ccmp_parse(const uint8_t *body, size_t len, struct wb_80211_ccmp *c)
{
	if (len < WB_80211_CCMP_HDR_LEN)
		return -EMSGSIZE;
	c->ext_iv = body[3] & 0x20;
	c->keyid = body[3] >> 6;
	c->pn = (uint64_t)body[0] | (uint64_t)body[1] << 8 | (uint64_t)body[4] << 16 |
		(uint64_t)body[5] << 24 | (uint64_t)body[6] << 32 | (uint64_t)body[7] << 40;
	return c->ext_iv ? 0 : -EINVAL;
}

int wb_80211_eapol_key_parse(const uint8_t *body, size_t len, size_t mic_len,
			     struct wb_80211_eapol_key *k)
{
	static const uint8_t snap[] = { 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e };
	static const size_t try_mics[] = { 16, 24, 32 };
	const uint8_t *e;
	size_t elen, plen;

	if (len < sizeof(snap) || memcmp(body, snap, sizeof(snap)) != 0)
		return 0;
	e = body + sizeof(snap);
	elen = len - sizeof(snap);
	/* EAPOL header: version, type (3 = Key), body length; then descriptor type 2 (RSN). */
	if (elen < 5 || e[1] != 3)
		return 0;
	if (e[4] != 2)
		return 0;
	plen = be16(e + 2);
	if (4 + plen > elen)
		return -EMSGSIZE;
	elen = 4 + plen;
	/* Fixed part up to the MIC: 4 + 1 + 2 + 2 + 8 + 32 + 16 + 8 + 8 = 81. */
	if (elen < 81 + 16 + 2)
		return -EMSGSIZE;
	memset(k, 0, sizeof(*k));
	k->eapol = e;
	k->eapol_len = elen;
	k->info = be16(e + 5);
	k->replay = 0;
	for (int i = 0; i < 8; i++)
		k->replay = k->replay << 8 | e[9 + i];
	k->nonce = e + 17;
	for (size_t i = 0; i < WB_ARRAY_SIZE(try_mics); i++) {
		size_t m = try_mics[i], kd;

		if (mic_len && m != mic_len)
			continue;
		if (81 + m + 2 > elen)
			continue;
		kd = be16(e + 81 + m);
		if (81 + m + 2 + kd != elen)
			continue;
		k->mic = e + 81;
		k->mic_len = m;
		k->mic_off = 81;
		k->key_data = e + 81 + m + 2;
		k->key_data_len = kd;
		return 1;
	}
	return -EINVAL;
}

unsigned int wb_80211_channel_freq(unsigned int c)
{
	if (c >= 1 && c <= 13)
		return 2407 + 5 * c;
	if (c == 14)
		return 2484;
	if (c % 4 == 0 && ((c >= 36 && c <= 64) || (c >= 100 && c <= 144)))
		return 5000 + 5 * c;
	if (c >= 149 && c <= 165 && c % 4 == 1)
		return 5000 + 5 * c;
	return 0;
}
