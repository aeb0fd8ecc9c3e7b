/*
 * wbench: the PMF verifier's frame rules (see pmf.h). Key handling lives in
 * pmf_keys.c, output in pmf_result.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/pmf_i.h"
#include "wbench/wifi/confcheck.h"
#include "wbench/wifi/radiotap.h"
#include "wbench/lib/util.h"

/* Bounds on what hostile input can make us allocate. */
#define PMF_MAX_BSS 1024
#define PMF_MAX_STA 4096
#define PMF_DEFAULT_MAX_FINDINGS 100
/* Largest protected management frame body decrypted (on the stack); longer: unchecked. */
#define PMF_PLAIN_MAX 4096

static const char *const rule_names[PMF_RULE__COUNT] = {
	[PMF_RULE_UNPROTECTED_UNICAST] = "unprotected_unicast_robust",
	[PMF_RULE_BAD_CCMP_HEADER] = "bad_ccmp_header",
	[PMF_RULE_GROUP_MISSING_MMIE] = "group_missing_mmie",
	[PMF_RULE_MMIE_KEYID] = "mmie_bad_keyid",
	[PMF_RULE_MMIE_LENGTH] = "mmie_bad_length",
	[PMF_RULE_REPLAY] = "mmie_replay",
	[PMF_RULE_BEACON_MISSING_MME] = "beacon_missing_mme",
	[PMF_RULE_MIC] = "mic_failure",
	[PMF_RULE_CAPTURE_DROPS] = "capture_drops",
	[PMF_RULE_RSN_CHANGED] = "rsn_changed",
};

const char *pmf_rule_name(enum pmf_rule r)
{
	return (unsigned int)r < PMF_RULE__COUNT ? rule_names[r] : "unknown";
}

static bool addr_eq(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, WB_80211_ADDR_LEN) == 0;
}

int wb_pmf_new(const struct wb_pmf_opts *o, struct wb_pmf **out)
{
	struct wb_pmf *p;

	*out = NULL;
	if (o->passphrase) {
		size_t n = strlen(o->passphrase);

		if (n < WB_PASSPHRASE_MIN_LEN || n > WB_PASSPHRASE_MAX_LEN)
			return -EINVAL;
	}
	if (o->ssid && (strlen(o->ssid) < 1 || strlen(o->ssid) > WB_SSID_MAX_LEN))
		return -EINVAL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	if (o->passphrase) {
		p->passphrase = strdup(o->passphrase);
		if (!p->passphrase) {
			free(p);
			return -ENOMEM;
		}
	}
	if (o->ssid) {
		p->ssid_len = strlen(o->ssid);
		memcpy(p->ssid, o->ssid, p->ssid_len);
	}
	if (o->bssid) {
		p->have_bssid = true;
		memcpy(p->bssid, o->bssid, WB_80211_ADDR_LEN);
	}
	p->record = o->record_frames;
	p->max_findings = o->max_findings ? o->max_findings : PMF_DEFAULT_MAX_FINDINGS;
	*out = p;
	return 0;
}

void wb_pmf_free(struct wb_pmf *p)
{
	if (!p)
		return;
	if (p->passphrase) {
		wb_secure_zero(p->passphrase, strlen(p->passphrase));
		free(p->passphrase);
	}
	for (size_t i = 0; i < p->n_bss; i++) {
		for (size_t j = 0; j < p->bss[i].n_sta; j++)
			pmf_keys_wipe_sta(&p->bss[i].sta[j]);
		pmf_keys_wipe_bss(&p->bss[i]);
		free(p->bss[i].sta);
	}
	free(p->bss);
	free(p->find);
	free(p->rec);
	free(p->forged);
	free(p);
}

/* NULL when absent and @create is false, or on allocation failure / the bound. */
static struct pmf_bss *bss_get(struct wb_pmf *p, const uint8_t *bssid, bool create)
{
	struct pmf_bss *b;

	/* Nearly every frame belongs to the BSS of the frame before. */
	if (p->last_bss < p->n_bss && addr_eq(p->bss[p->last_bss].bssid, bssid))
		return &p->bss[p->last_bss];
	for (size_t i = 0; i < p->n_bss; i++)
		if (addr_eq(p->bss[i].bssid, bssid)) {
			p->last_bss = i;
			return &p->bss[i];
		}
	if (!create || p->n_bss >= PMF_MAX_BSS ||
	    wb_grow((void **)&p->bss, &p->cap_bss, p->n_bss + 1, sizeof(*p->bss)) < 0)
		return NULL;
	p->last_bss = p->n_bss;
	b = &p->bss[p->n_bss++];
	memset(b, 0, sizeof(*b));
	memcpy(b->bssid, bssid, WB_80211_ADDR_LEN);
	return b;
}

static struct pmf_sta *sta_get(struct pmf_bss *b, const uint8_t *addr, bool create)
{
	struct pmf_sta *s;

	for (size_t i = 0; i < b->n_sta; i++)
		if (addr_eq(b->sta[i].addr, addr))
			return &b->sta[i];
	if (!create || wb_80211_addr_is_group(addr) || b->n_sta >= PMF_MAX_STA ||
	    wb_grow((void **)&b->sta, &b->cap_sta, b->n_sta + 1, sizeof(*b->sta)) < 0)
		return NULL;
	s = &b->sta[b->n_sta++];
	memset(s, 0, sizeof(*s));
	memcpy(s->addr, addr, WB_80211_ADDR_LEN);
	return s;
}

/* The association ended (valid deauth/disassoc): keys are gone on both sides. */
static void sta_reset(struct pmf_sta *s)
{
	s->ptk_installed = false;
	s->n_m1 = 0;
	pmf_keys_wipe_sta(s);
}

void pmf_finding_add(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
		     enum pmf_rule rule, int reason, const char *fmt, ...)
{
	struct pmf_finding *f;
	va_list ap;

	p->n_find_total++;
	if (b)
		b->c.findings++;
	if (fr && fr->rec)
		fr->rec->check = PMF_CHECK_FINDING;
	if (p->n_find >= p->max_findings ||
	    wb_grow((void **)&p->find, &p->cap_find, p->n_find + 1, sizeof(*p->find)) < 0)
		return;  /* counted, not detailed */
	f = &p->find[p->n_find++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->reason = reason;
	if (fr) {
		f->frame = fr->no;
		f->ts_us = fr->ts_us;
		f->type = fr->h.type;
		f->subtype = fr->h.subtype;
		memcpy(f->da, fr->h.a1, WB_80211_ADDR_LEN);
		if (fr->h.a2)
			memcpy(f->sa, fr->h.a2, WB_80211_ADDR_LEN);
	}
	if (b)
		memcpy(f->bssid, b->bssid, WB_80211_ADDR_LEN);
	/* Formatted only when kept: a flood of findings must stay cheap. */
	va_start(ap, fmt);
	vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	va_end(ap);
}

int wb_pmf_expect_forged(struct wb_pmf *p, unsigned int subtype, const uint8_t *da,
			 const uint8_t *sa, uint16_t reason, uint16_t seq)
{
	struct pmf_forged *n = realloc(p->forged, (p->n_forged + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	p->forged = n;
	n += p->n_forged++;
	n->subtype = (uint8_t)subtype;
	memcpy(n->da, da, WB_80211_ADDR_LEN);
	memcpy(n->sa, sa, WB_80211_ADDR_LEN);
	n->reason = reason;
	n->seq = seq & 0x0fff;
	return 0;
}

static bool is_forged(const struct wb_pmf *p, const struct pmf_frame *fr, int reason)
{
	for (size_t i = 0; i < p->n_forged; i++) {
		const struct pmf_forged *g = &p->forged[i];

		if (g->subtype == fr->h.subtype && addr_eq(g->da, fr->h.a1) &&
		    addr_eq(g->sa, fr->h.a2) && reason == g->reason &&
		    g->seq == fr->h.seq_ctrl >> 4)
			return true;
	}
	return false;
}

void wb_pmf_note_drops(struct wb_pmf *p, uint64_t dropped)
{
	if (!dropped)
		return;
	p->dropped += dropped;
	pmf_finding_add(p, NULL, NULL, PMF_RULE_CAPTURE_DROPS, -1,
			"the capture dropped %llu frames", (unsigned long long)dropped);
}

static void count_mic(struct pmf_bss *b, const struct pmf_frame *fr, enum pmf_mic m)
{
	if (fr->rec)
		fr->rec->mic = (uint8_t)m;
	if (m == PMF_MIC_OK)
		b->c.mic_verified++;
	else if (m == PMF_MIC_FAIL)
		b->c.mic_failed++;
	else if (m == PMF_MIC_NOKEY)
		b->c.mic_not_checked++;
}

static void set_check(const struct pmf_frame *fr, enum pmf_check c, const char *note)
{
	if (fr->rec && fr->rec->check != PMF_CHECK_FINDING) {
		fr->rec->check = (uint8_t)c;
		if (note)
			fr->rec->note = note;
	}
}

/*
 * The AP moved from the class's other key ID to this one: a group rekey, with a new key
 * whose IPNs start again. A key we hold for this ID from before the other one took over
 * is the replaced one: a frame it verifies is an old frame replayed (a finding); else it
 * is forgotten (the new key travels encrypted in the group key handshake: its MICs are
 * not checked). Without keys a replayed frame of the old key cannot be told from the
 * first frame of a new one. Returns false after a finding.
 */
static bool group_rekey(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
			const struct wb_80211_mmie *m, bool beacon)
{
	const struct pmf_key *k = pmf_keys_group(b, m->keyid);

	if (k->set && k->stored_no < b->cur_last_no[beacon]) {
		if (pmf_keys_check_bip(b, fr, m) == PMF_MIC_OK) {
			pmf_finding_add(p, b, fr, PMF_RULE_REPLAY, -1, "key id %u ipn %llu under "
					"the key that key id %u replaced", m->keyid,
					(unsigned long long)m->ipn, (unsigned int)b->cur_id1[beacon] + 3);
			return false;
		}
		pmf_keys_forget_group(b, m->keyid);
	}
	b->ipn_seen[m->keyid - 4] = false;
	b->rekeyed[m->keyid - 4] = true;  /* no second restart for the join window */
	if (fr->rec)
		fr->rec->note = "group rekey";
	return true;
}

/*
 * Key ID, MIC length, MIC and IPN of an MMIE/MME. Returns true when the element is
 * valid (the frame may then change state, e.g. a group deauth ends associations).
 */
static bool mmie_check(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
		       const struct wb_80211_mmie *m, bool beacon)
{
	unsigned int lo = beacon ? WB_80211_BIGTK_KEYID_MIN : WB_80211_IGTK_KEYID_MIN, idx;
	size_t want = pmf_keys_bip_mic_len(b);
	enum pmf_mic mic;

	if (fr->rec)
		fr->rec->mmie_keyid = (int16_t)(m->keyid & 0x0fff);
	if ((m->keyid & 0xf000) || m->keyid < lo || m->keyid > lo + 1) {
		pmf_finding_add(p, b, fr, PMF_RULE_MMIE_KEYID, -1, "%s key id %u, expected %u or %u",
				beacon ? "MME" : "MMIE", m->keyid, lo, lo + 1);
		return false;
	}
	if (want && m->mic_len != want) {
		pmf_finding_add(p, b, fr, PMF_RULE_MMIE_LENGTH, -1,
				"%zu-octet MIC, the BIP cipher uses %zu", m->mic_len, want);
		return false;
	}
	idx = m->keyid - 4;
	if (b->cur_id1[beacon] && b->cur_id1[beacon] != idx + 1 &&
	    !group_rekey(p, b, fr, m, beacon))
		return false;
	mic = pmf_keys_check_bip(b, fr, m);
	if (b->rekey_window && !b->rekeyed[idx] &&
	    (mic == PMF_MIC_FAIL || (b->ipn_seen[idx] && m->ipn <= b->ipn[idx]))) {
		/* The AP replaced this key while a station joined: start over with it. */
		b->rekeyed[idx] = true;
		b->ipn_seen[idx] = false;
		if (mic == PMF_MIC_FAIL) {
			pmf_keys_forget_group(b, m->keyid);
			mic = PMF_MIC_NOKEY;
		}
		if (fr->rec)
			fr->rec->note = "new group key";
	} else if (b->rekey_window && b->rekey_m4) {
		b->rekeyed[idx] = true;  /* the sequence went on past message 4: no new key */
	}
	count_mic(b, fr, mic);
	if (mic == PMF_MIC_FAIL) {
		pmf_finding_add(p, b, fr, PMF_RULE_MIC, -1,
				"BIP MIC does not verify (key id %u, ipn %llu)", m->keyid,
				(unsigned long long)m->ipn);
		return false;
	}
	if (b->ipn_seen[idx] && m->ipn <= b->ipn[idx]) {
		pmf_finding_add(p, b, fr, PMF_RULE_REPLAY, -1, "key id %u ipn %llu after %llu",
				m->keyid, (unsigned long long)m->ipn,
				(unsigned long long)b->ipn[idx]);
		return false;
	}
	b->ipn_seen[idx] = true;
	b->ipn[idx] = m->ipn;
	b->cur_id1[beacon] = (uint8_t)(idx + 1);
	b->cur_last_no[beacon] = fr->no;
	set_check(fr, PMF_CHECK_OK, NULL);
	return true;
}

static void beacon_check(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr)
{
	struct wb_80211_mmie m;

	b->c.beacons++;
	if (fr->rec)
		fr->rec->cls = PMF_CLASS_BEACON;
	if (fr->truncated || fr->body_len < WB_80211_BEACON_FIXED_LEN) {
		b->c.unchecked++;
		set_check(fr, PMF_CHECK_UNCHECKED, "truncated");
		return;
	}
	if (wb_80211_mmie_find(fr->body + WB_80211_BEACON_FIXED_LEN,
			       fr->body_len - WB_80211_BEACON_FIXED_LEN, &m) == 1) {
		b->c.beacons_with_mme++;
		b->bigtk_in_use = true;
		b->keys_in_use = true;
		mmie_check(p, b, fr, &m, true);
		return;
	}
	b->c.beacons_without_mme++;
	if (b->bigtk_in_use) {
		pmf_finding_add(p, b, fr, PMF_RULE_BEACON_MISSING_MME, -1,
				"beacon without MME after the BIGTK was in use");
	} else if (b->beacon_prot) {
		b->c.exempt_before_keys++;
		set_check(fr, PMF_CHECK_EXEMPT, "before the BIGTK");
	}
}

/*
 * A beacon or probe response that contradicts the BSS's earlier RSN element (none, one
 * that does not parse, other bytes, beacon protection gone) does not change what we
 * know: one odd frame, perhaps forged, must not switch the rules off for what follows.
 * It is a finding of its own, once per BSS.
 */
static void rsn_contradiction(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
			      const char *what)
{
	if (b->rsn_mismatch)
		return;
	b->rsn_mismatch = true;
	pmf_finding_add(p, b, fr, PMF_RULE_RSN_CHANGED, -1, "%s after an RSN element with "
			"MFPC %d, MFPR %d", what, b->mfpc, b->mfpr);
}

/* The RSN element and beacon protection bit of one frame, against what the BSS showed. */
static void bss_rsn(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
		    const uint8_t *rsn, uint8_t rsn_len, bool bp)
{
	struct wb_80211_rsne r;

	if (b->rsn) {
		if (fr->truncated && !rsn)
			return;  /* a truncated frame may have lost its RSNE */
		if (!rsn)
			rsn_contradiction(p, b, fr, "no RSN element");
		else if (rsn_len != b->rsn_raw_len || memcmp(rsn, b->rsn_raw, rsn_len) != 0)
			rsn_contradiction(p, b, fr, "another RSN element");
		else if (b->beacon_prot && !bp && !fr->truncated)
			rsn_contradiction(p, b, fr, "no beacon protection");
		else
			b->beacon_prot = bp;
		return;
	}
	if (!rsn || wb_80211_rsne_parse(rsn, rsn_len, &r) < 0)
		return;
	b->rsne = r;
	memcpy(b->rsn_raw, rsn, rsn_len);
	b->rsn_raw_len = rsn_len;
	b->rsn = true;
	b->mfpc = r.caps & WB_80211_RSN_MFPC;
	b->mfpr = r.caps & WB_80211_RSN_MFPR;
	b->beacon_prot = bp;
}

/*
 * SSID, RSN element and beacon protection from a beacon or probe response. This runs
 * for every beacon, the bulk of a management capture: a flat loop, and the RSNE is
 * compared by its bytes.
 */
static void bss_ies(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr)
{
	const uint8_t *e = fr->body + WB_80211_BEACON_FIXED_LEN, *end = fr->body + fr->body_len;
	const uint8_t *rsn = NULL;
	uint8_t rsn_len = 0;
	bool bp = false;

	if (fr->body_len < WB_80211_BEACON_FIXED_LEN)
		return;
	while (end - e >= 2 && end - e - 2 >= e[1]) {
		uint8_t id = e[0], len = e[1];
		const uint8_t *d = e + 2;

		if (id == WB_80211_EID_SSID && len > 0 && len <= WB_SSID_MAX_LEN && d[0] != 0) {
			if (len != b->ssid_len || memcmp(b->ssid, d, len) != 0) {
				memcpy(b->ssid, d, len);
				b->ssid_len = len;
			}
			b->have_ssid = true;
		} else if (id == WB_80211_EID_RSN && !rsn) {
			rsn = d;
			rsn_len = len;
		} else if (id == WB_80211_EID_EXT_CAPAB) {
			bp = wb_80211_ext_capab_bit(d, len, WB_80211_EXT_CAPAB_BEACON_PROT);
			if (rsn)
				break;  /* nothing after these two matters here */
		}
		e += 2 + (size_t)len;
	}
	bss_rsn(p, b, fr, rsn, rsn_len, bp);
}

static void sta_assoc(struct pmf_bss *b, const struct pmf_frame *fr)
{
	int off = wb_80211_ies_offset(fr->h.subtype);
	struct wb_80211_rsne r;
	struct pmf_sta *s;
	const uint8_t *d;
	uint8_t elen;

	if (!addr_eq(fr->h.a1, b->bssid))
		return;
	s = sta_get(b, fr->h.a2, true);
	if (!s)
		return;
	sta_reset(s);
	b->rekey_window = true;
	b->rekey_m4 = false;
	memset(b->rekeyed, 0, sizeof(b->rekeyed));
	s->pmf = PMF_NO;
	s->akm = 0;
	s->pairwise = 0;
	if (off < 0 || fr->body_len < (size_t)off)
		return;
	d = wb_80211_elem_find(fr->body + off, fr->body_len - (size_t)off, WB_80211_EID_RSN,
			       &elen);
	if (!d || wb_80211_rsne_parse(d, elen, &r) < 0)
		return;
	s->akm = r.n_akm ? r.akm[0] : 0;
	s->pairwise = r.n_pairwise ? r.pairwise[0] : 0;
	if (s->akm == WB_80211_AKM_SAE)
		b->sae = true;
	if (!(r.caps & WB_80211_RSN_MFPC))
		s->pmf = PMF_NO;
	else
		s->pmf = !b->rsn ? PMF_UNKNOWN : b->mfpc ? PMF_YES : PMF_NO;
}

static void robust_unicast(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
			   int reason)
{
	bool from_ap = addr_eq(fr->h.a2, b->bssid);
	const uint8_t *peer = from_ap ? fr->h.a1 : addr_eq(fr->h.a1, b->bssid) ? fr->h.a2 : NULL;
	struct pmf_sta *s = peer ? sta_get(b, peer, true) : NULL;
	bool ends = wb_80211_stype_ends_assoc(fr->h.subtype);
	enum pmf_tri pmf;

	if (fr->h.fc & WB_80211_FC_PROTECTED) {
		struct wb_80211_ccmp c;
		uint8_t plain[PMF_PLAIN_MAX];
		size_t plen = 0;
		enum pmf_mic mic;

		if (wb_80211_ccmp_parse(fr->body, fr->body_len, &c) < 0) {
			pmf_finding_add(p, b, fr, PMF_RULE_BAD_CCMP_HEADER, -1,
					"Protected bit set without a CCMP/GCMP header");
			return;
		}
		b->c.protected_unicast++;
		b->keys_in_use = true;
		if (s) {
			s->ptk_installed = true;
			if (s->pmf == PMF_UNKNOWN)
				s->pmf = PMF_YES;
		}
		mic = s && fr->body_len <= sizeof(plain) ?
		      pmf_keys_check_ccmp(s, fr, plain, &plen) : PMF_MIC_NOKEY;
		count_mic(b, fr, mic);
		if (mic == PMF_MIC_FAIL) {
			pmf_finding_add(p, b, fr, PMF_RULE_MIC, -1,
					"CCMP/GCMP MIC does not verify");
			return;
		}
		if (mic == PMF_MIC_OK && fr->rec && plen >= 2) {
			if (ends)
				fr->rec->reason = (int16_t)wb_80211_le16(plain);
			else
				fr->rec->category = plain[0];
		}
		set_check(fr, PMF_CHECK_OK, NULL);
		if (ends && s)
			sta_reset(s);
		return;
	}

	b->c.unprotected_unicast++;
	if (!s) {
		b->c.unchecked++;
		set_check(fr, PMF_CHECK_UNCHECKED, "not between the AP and a station");
		return;
	}
	pmf = s->pmf != PMF_UNKNOWN ? s->pmf : b->mfpr ? PMF_YES : PMF_UNKNOWN;
	/*
	 * Reason 15 (4-way handshake timeout): the sender never accepted message 4, so it
	 * has no PTK, even if the peer installed one.
	 */
	if (pmf == PMF_YES && s->ptk_installed && reason != WB_80211_REASON_4WAY_TIMEOUT) {
		if (is_forged(p, fr, reason)) {
			b->c.forged_ignored++;
			set_check(fr, PMF_CHECK_FORGED, "injected by wbench");
			return;
		}
		pmf_finding_add(p, b, fr, PMF_RULE_UNPROTECTED_UNICAST, reason,
				"unprotected %s %s a PMF station after key installation",
				wb_80211_stype_name(fr->h.subtype), from_ap ? "to" : "from");
		return;  /* an invalid frame does not end the association */
	}
	if (pmf == PMF_NO || !b->mfpc) {
		b->c.exempt_no_pmf++;
		set_check(fr, PMF_CHECK_EXEMPT, "station without PMF");
	} else if (!s->ptk_installed || reason == WB_80211_REASON_4WAY_TIMEOUT) {
		b->c.exempt_before_keys++;
		set_check(fr, PMF_CHECK_EXEMPT, "before key installation");
	} else {
		b->c.unchecked++;
		set_check(fr, PMF_CHECK_UNCHECKED, "station's PMF negotiation not captured");
	}
	if (ends)
		sta_reset(s);
}

static void robust_group(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr)
{
	bool ends = wb_80211_stype_ends_assoc(fr->h.subtype);
	bool valid = false, protected_ok = false;
	struct wb_80211_mmie m;

	if (fr->h.fc & WB_80211_FC_PROTECTED) {
		b->c.unchecked++;
		set_check(fr, PMF_CHECK_UNCHECKED, "group frame with the Protected bit");
		return;
	}
	if (fr->truncated) {
		b->c.unchecked++;
		set_check(fr, PMF_CHECK_UNCHECKED, "truncated");
		return;
	}
	if (wb_80211_mmie_find(fr->body, fr->body_len, &m) == 1) {
		b->c.group_with_mmie++;
		b->keys_in_use = true;
		valid = protected_ok = mmie_check(p, b, fr, &m, false);
	} else {
		b->c.group_without_mmie++;
		if (b->mfpc && b->keys_in_use) {
			pmf_finding_add(p, b, fr, PMF_RULE_GROUP_MISSING_MMIE, -1,
					"group-addressed robust frame without MMIE");
		} else {
			/* Before the first beacon nothing, keys included, exists yet. */
			bool before = b->mfpc || !b->rsn;

			valid = true;
			if (before)
				b->c.exempt_before_keys++;
			else
				b->c.exempt_no_pmf++;
			set_check(fr, PMF_CHECK_EXEMPT, before ? "before any key" : "BSS without PMF");
		}
	}
	/* A group deauth from the AP ends every association that accepts it. */
	if (ends && addr_eq(fr->h.a2, b->bssid))
		for (size_t i = 0; i < b->n_sta; i++)
			if (protected_ok || (valid && b->sta[i].pmf != PMF_YES) ||
			    b->sta[i].pmf == PMF_NO)
				sta_reset(&b->sta[i]);
}

static void robust(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr)
{
	bool prot = fr->h.fc & WB_80211_FC_PROTECTED;
	uint8_t st = fr->h.subtype;
	int reason = -1;

	if ((st == WB_80211_ACTION || st == WB_80211_ACTION_NOACK) && !prot) {
		if (fr->body_len < 1) {
			set_check(fr, PMF_CHECK_UNCHECKED, "empty action frame");
			return;
		}
		if (fr->rec)
			fr->rec->category = fr->body[0];
		if (!wb_80211_robust_action_category(fr->body[0]))
			return;
	}
	if (wb_80211_stype_ends_assoc(st) && !prot && fr->body_len >= 2) {
		reason = wb_80211_le16(fr->body);
		if (fr->rec)
			fr->rec->reason = (int16_t)reason;
	}
	b->c.robust_frames++;
	if (fr->rec)
		fr->rec->cls = PMF_CLASS_ROBUST;
	if (wb_80211_addr_is_group(fr->h.a1))
		robust_group(p, b, fr);
	else
		robust_unicast(p, b, fr, reason);
}

static int handle_mgmt(struct wb_pmf *p, const struct pmf_frame *fr)
{
	const uint8_t *bssid = fr->h.a3;
	struct pmf_bss *b;

	if (fr->h.subtype == WB_80211_PROBE_REQ || wb_80211_addr_is_group(bssid))
		return 0;
	if (p->have_bssid && !addr_eq(bssid, p->bssid))
		return 0;
	b = bss_get(p, bssid, true);
	if (!b)
		return p->n_bss >= PMF_MAX_BSS ? 0 : -ENOMEM;
	b->c.frames++;
	switch (fr->h.subtype) {
	case WB_80211_BEACON:
		bss_ies(p, b, fr);
		beacon_check(p, b, fr);
		break;
	case WB_80211_PROBE_RESP:
		bss_ies(p, b, fr);
		break;
	case WB_80211_ASSOC_REQ:
	case WB_80211_REASSOC_REQ:
		sta_assoc(b, fr);
		break;
	case WB_80211_DEAUTH:
	case WB_80211_DISASSOC:
	case WB_80211_ACTION:
	case WB_80211_ACTION_NOACK:
		robust(p, b, fr);
		break;
	default:
		break;
	}
	return 0;
}

static int handle_data(struct wb_pmf *p, const struct pmf_frame *fr)
{
	uint16_t ds = fr->h.fc & (WB_80211_FC_TODS | WB_80211_FC_FROMDS);
	const uint8_t *bssid, *peer;
	struct wb_80211_eapol_key k;
	struct pmf_bss *b;
	struct pmf_sta *s;
	bool from_ap;

	if (ds == WB_80211_FC_TODS) {
		bssid = fr->h.a1;
		peer = fr->h.a2;
		from_ap = false;
	} else if (ds == WB_80211_FC_FROMDS) {
		bssid = fr->h.a2;
		peer = fr->h.a1;
		from_ap = true;
	} else {
		return 0;
	}
	if (wb_80211_addr_is_group(peer) || (p->have_bssid && !addr_eq(bssid, p->bssid)))
		return 0;
	if (fr->h.fc & WB_80211_FC_PROTECTED) {
		/* Encrypted unicast data proves the PTK is installed. */
		b = bss_get(p, bssid, false);
		s = b ? sta_get(b, peer, false) : NULL;
		if (s)
			s->ptk_installed = true;
		return 0;
	}
	if (fr->h.subtype & WB_80211_STYPE_DATA_NODATA)
		return 0;  /* (QoS) Null: no body */
	b = bss_get(p, bssid, false);
	s = b ? sta_get(b, peer, false) : NULL;
	if (wb_80211_eapol_key_parse(fr->body, fr->body_len,
				     s && s->akm == WB_80211_AKM_SAE ? 16 : 0, &k) != 1)
		return 0;
	if (!b)
		b = bss_get(p, bssid, true);
	if (!b)
		return p->n_bss >= PMF_MAX_BSS ? 0 : -ENOMEM;
	s = sta_get(b, peer, true);
	if (!s)
		return 0;
	b->c.frames++;
	if (fr->rec)
		fr->rec->cls = PMF_CLASS_EAPOL;
	pmf_keys_eapol(p, b, s, fr, &k, from_ap);
	return 0;
}

static struct pmf_frame_rec *rec_new(struct wb_pmf *p)
{
	struct pmf_frame_rec *r;

	if (wb_grow((void **)&p->rec, &p->cap_rec, p->n_rec + 1, sizeof(*p->rec)) < 0)
		return NULL;
	r = &p->rec[p->n_rec++];
	memset(r, 0, sizeof(*r));
	r->mmie_keyid = -1;
	r->category = -1;
	r->reason = -1;
	return r;
}

static void skip(struct pmf_frame *fr, uint64_t *counter, const char *why)
{
	(*counter)++;
	if (fr->rec) {
		fr->rec->cls = PMF_CLASS_SKIPPED;
		fr->rec->note = why;
	}
}

int wb_pmf_feed(struct wb_pmf *p, int dlt, uint64_t ts_us, const uint8_t *data,
		size_t caplen, size_t len)
{
	struct pmf_frame fr;
	struct wb_radiotap rt = { 0 };
	size_t flen;

	if (dlt != WB_PMF_DLT_IEEE802_11_RADIO && dlt != WB_PMF_DLT_IEEE802_11)
		return -EINVAL;
	fr.no = ++p->frames;
	fr.ts_us = ts_us;
	fr.rec = NULL;
	if (p->record) {
		fr.rec = rec_new(p);
		if (!fr.rec)
			return -ENOMEM;
		fr.rec->ts_us = ts_us;
	}
	if (len < caplen)
		len = caplen;
	if (dlt == WB_PMF_DLT_IEEE802_11_RADIO) {
		if (wb_radiotap_parse(data, caplen, &rt) < 0) {
			skip(&fr, &p->skipped_radiotap, "malformed radiotap header");
			return 0;
		}
		if (rt.bad_fcs) {
			skip(&fr, &p->skipped_bad_fcs, "bad FCS");
			return 0;
		}
	}
	flen = len - rt.len;
	if (rt.fcs) {
		if (flen < 4) {
			skip(&fr, &p->skipped_80211, "shorter than its FCS");
			return 0;
		}
		flen -= 4;
	}
	fr.f = data + rt.len;
	fr.len = caplen - rt.len < flen ? caplen - rt.len : flen;
	fr.truncated = fr.len < flen;
	if (fr.truncated)
		p->truncated++;
	if (wb_80211_hdr_parse(fr.f, fr.len, &fr.h) < 0) {
		skip(&fr, &p->skipped_80211, fr.truncated ? "header cut by the snap length" :
		     "malformed 802.11 header");
		return 0;
	}
	fr.body = fr.f + fr.h.len;
	fr.body_len = fr.len - fr.h.len;
	if (fr.rec) {
		fr.rec->type = fr.h.type;
		fr.rec->subtype = fr.h.subtype;
		fr.rec->protected_ = fr.h.fc & WB_80211_FC_PROTECTED;
		fr.rec->group = wb_80211_addr_is_group(fr.h.a1);
		fr.rec->truncated = fr.truncated;
	}
	if (fr.h.type == WB_80211_TYPE_MGMT)
		return handle_mgmt(p, &fr);
	if (fr.h.type == WB_80211_TYPE_DATA)
		return handle_data(p, &fr);
	return 0;
}
