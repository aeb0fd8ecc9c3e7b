/*
 * wbench: the PMF verifier's verdicts and output (the pmf JSON object, the per-frame
 * dump for cross-checks, and the human summary). Never prints key material: the
 * state holds keys, the output names only addresses, counters and rules.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "collectors/pmf_i.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/lib/util.h"

static const char *const verdict_names[] = { "n/a", "pass", "fail" };

const char *wb_pmf_verdict_name(enum wb_pmf_verdict v)
{
	return (unsigned int)v < WB_ARRAY_SIZE(verdict_names) ? verdict_names[v] : "n/a";
}

static size_t pmf_stations(const struct pmf_bss *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n_sta; i++)
		n += b->sta[i].pmf == PMF_YES;
	return n;
}

static enum wb_pmf_verdict bss_verdict(const struct wb_pmf *p, const struct pmf_bss *b,
				       const char **reason)
{
	uint64_t checked = b->c.protected_unicast + b->c.group_with_mmie + b->c.beacons_with_mme;

	if (b->c.findings) {
		*reason = "findings";
		return WB_PMF_FAIL;
	}
	if (p->dropped) {
		*reason = "the capture dropped frames";
		return WB_PMF_FAIL;
	}
	if (!b->rsn) {
		*reason = "no RSN element seen (open network, or no beacon captured)";
		return WB_PMF_NA;
	}
	if (!b->mfpc) {
		*reason = "PMF not enabled in the BSS (no MFPC)";
		return WB_PMF_NA;
	}
	if (checked) {
		*reason = "robust frames protected";
		return WB_PMF_PASS;
	}
	if (pmf_stations(b)) {
		*reason = "PMF negotiated; no robust frame captured to check";
		return WB_PMF_PASS;
	}
	*reason = "no station negotiated PMF and no robust frame captured";
	return WB_PMF_NA;
}

enum wb_pmf_verdict wb_pmf_verdict(const struct wb_pmf *p)
{
	enum wb_pmf_verdict v = p->dropped || p->n_find_total ? WB_PMF_FAIL : WB_PMF_NA;
	const char *r;

	for (size_t i = 0; i < p->n_bss && v != WB_PMF_FAIL; i++) {
		enum wb_pmf_verdict bv = bss_verdict(p, &p->bss[i], &r);

		if (bv == WB_PMF_FAIL || (bv == WB_PMF_PASS && v == WB_PMF_NA))
			v = bv;
	}
	return v;
}

static const char *bss_mic(const struct wb_pmf *p, const struct pmf_bss *b, const char **note)
{
	*note = NULL;
	if (b->c.mic_failed)
		return "failed";
	if (b->c.mic_verified) {
		if (b->c.mic_not_checked)
			*note = "some frames had no key";
		return "verified";
	}
	if (!p->passphrase)
		*note = "no passphrase given";
	else if (b->sae)
		*note = "SAE: the PMK is not derivable from a capture";
	for (size_t i = 0; !*note && i < b->n_sta; i++)
		*note = b->sta[i].key_note;
	if (!*note)
		*note = b->handshake_seen ? "no frame to check with the derived keys" :
					    "no 4-way handshake captured";
	return "not_checked";
}

static void addr_str(const uint8_t *a, char *buf)
{
	wb_80211_addr_fmt(a, buf);
}

static int set_new(json_t *o, const char *k, json_t *v)
{
	return json_object_set_new(o, k, v);
}

static int put_counts(json_t *o, const struct pmf_counts *c)
{
	int r = 0;

	r |= set_new(o, "frames", json_integer((json_int_t)c->frames));
	r |= set_new(o, "robust_frames", json_integer((json_int_t)c->robust_frames));
	r |= set_new(o, "protected_unicast", json_integer((json_int_t)c->protected_unicast));
	r |= set_new(o, "unprotected_unicast", json_integer((json_int_t)c->unprotected_unicast));
	r |= set_new(o, "group_with_mmie", json_integer((json_int_t)c->group_with_mmie));
	r |= set_new(o, "group_without_mmie", json_integer((json_int_t)c->group_without_mmie));
	r |= set_new(o, "beacons", json_integer((json_int_t)c->beacons));
	r |= set_new(o, "beacons_with_mme", json_integer((json_int_t)c->beacons_with_mme));
	r |= set_new(o, "beacons_without_mme", json_integer((json_int_t)c->beacons_without_mme));
	r |= set_new(o, "mic_verified", json_integer((json_int_t)c->mic_verified));
	r |= set_new(o, "mic_failed", json_integer((json_int_t)c->mic_failed));
	r |= set_new(o, "mic_not_checked", json_integer((json_int_t)c->mic_not_checked));
	r |= set_new(o, "exempt_before_keys", json_integer((json_int_t)c->exempt_before_keys));
	r |= set_new(o, "exempt_no_pmf", json_integer((json_int_t)c->exempt_no_pmf));
	r |= set_new(o, "unchecked", json_integer((json_int_t)c->unchecked));
	r |= set_new(o, "forged_ignored", json_integer((json_int_t)c->forged_ignored));
	return r ? -ENOMEM : 0;
}

static void add_counts(struct pmf_counts *t, const struct pmf_counts *c)
{
	const uint64_t *s = (const uint64_t *)c;
	uint64_t *d = (uint64_t *)t;

	/* struct pmf_counts is a plain array of uint64_t counters. */
	for (size_t i = 0; i < sizeof(*c) / sizeof(uint64_t); i++)
		d[i] += s[i];
}

/* Findings are on management frames, but for a MIC failure of an EAPOL-Key message. */
static const char *finding_frame_name(const struct pmf_finding *f)
{
	return f->type == WB_80211_TYPE_DATA ? "eapol-key" : wb_80211_stype_name(f->subtype);
}

static json_t *finding_json(const struct pmf_finding *f)
{
	char a[18];
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (f->frame) {
		set_new(o, "frame", json_integer((json_int_t)f->frame));
		set_new(o, "time_s", json_real((double)f->ts_us / 1e6));
		set_new(o, "subtype", json_string(finding_frame_name(f)));
		set_new(o, "da", json_string(wb_80211_addr_fmt(f->da, a)));
		set_new(o, "sa", json_string(wb_80211_addr_fmt(f->sa, a)));
		set_new(o, "bssid", json_string(wb_80211_addr_fmt(f->bssid, a)));
	}
	set_new(o, "rule", json_string(pmf_rule_name(f->rule)));
	if (f->reason >= 0)
		set_new(o, "reason_code", json_integer(f->reason));
	set_new(o, "detail", json_string(f->detail));
	return o;
}

static json_t *suites_json(const uint32_t *s, unsigned int n)
{
	json_t *a = json_array();
	char buf[24];

	for (unsigned int i = 0; a && i < n; i++) {
		const char *name = NULL;

		switch (s[i]) {
		case WB_80211_AKM_PSK: name = "PSK"; break;
		case WB_80211_AKM_PSK_SHA256: name = "PSK-SHA256"; break;
		case WB_80211_AKM_SAE: name = "SAE"; break;
		default:
			snprintf(buf, sizeof(buf), "%02x-%02x-%02x:%u", s[i] >> 24 & 0xff,
				 s[i] >> 16 & 0xff, s[i] >> 8 & 0xff, s[i] & 0xff);
			name = buf;
		}
		json_array_append_new(a, json_string(name));
	}
	return a;
}

static json_t *bss_json(const struct wb_pmf *p, const struct pmf_bss *b)
{
	json_t *o = json_object(), *st = json_array(), *fa = json_array();
	const char *reason, *note, *mic;
	enum wb_pmf_verdict v = bss_verdict(p, b, &reason);
	char a[18], cbuf[16];

	if (!o || !st || !fa)
		goto fail;
	addr_str(b->bssid, a);
	set_new(o, "bssid", json_string(a));
	if (b->have_ssid) {
		json_t *ss = json_stringn((const char *)b->ssid, b->ssid_len);

		if (!ss) {  /* not UTF-8: give it in hex */
			char hex[65];

			wb_hex_encode(b->ssid, b->ssid_len, hex);
			ss = json_sprintf("hex:%s", hex);
		}
		set_new(o, "ssid", ss);
	}
	set_new(o, "verdict", json_string(wb_pmf_verdict_name(v)));
	set_new(o, "reason", json_string(reason));
	set_new(o, "rsn", json_boolean(b->rsn));
	if (b->rsn) {
		set_new(o, "akm", suites_json(b->rsne.akm, b->rsne.n_akm));
		set_new(o, "mfpc", json_boolean(b->mfpc));
		set_new(o, "mfpr", json_boolean(b->mfpr));
		set_new(o, "beacon_protection", json_boolean(b->beacon_prot));
		if (b->mfpc) {
			uint32_t gm = b->rsne.group_mgmt ? b->rsne.group_mgmt :
				      WB_CIPHER_BIP_CMAC_128;
			set_new(o, "group_mgmt_cipher",
				json_string(wb_cipher_format(gm, cbuf, sizeof(cbuf))));
		}
	}
	if (put_counts(o, &b->c) < 0)
		goto fail;
	mic = bss_mic(p, b, &note);
	set_new(o, "mic", json_string(mic));
	if (note)
		set_new(o, "mic_note", json_string(note));
	for (size_t i = 0; i < b->n_sta; i++) {
		const struct pmf_sta *s = &b->sta[i];
		json_t *so = json_object();

		if (!so)
			goto fail;
		set_new(so, "addr", json_string(wb_80211_addr_fmt(s->addr, a)));
		set_new(so, "pmf", s->pmf == PMF_UNKNOWN ? json_null() :
			json_boolean(s->pmf == PMF_YES));
		if (s->akm)
			set_new(so, "akm", suites_json(&s->akm, 1));
		json_array_append_new(st, so);
	}
	set_new(o, "stations", st);
	st = NULL;
	for (size_t i = 0; i < p->n_find; i++)
		if (memcmp(p->find[i].bssid, b->bssid, WB_80211_ADDR_LEN) == 0 && p->find[i].frame)
			json_array_append_new(fa, finding_json(&p->find[i]));
	set_new(o, "findings_total", json_integer((json_int_t)b->c.findings));
	set_new(o, "findings", fa);
	return o;
fail:
	json_decref(o);
	json_decref(st);
	json_decref(fa);
	return NULL;
}

int wb_pmf_result(const struct wb_pmf *p, json_t **out)
{
	json_t *o = json_object(), *ba = json_array(), *fa = json_array(), *sk = json_object();
	struct pmf_counts tot;
	bool any_fail = false, any_ok = false;
	const char *mic = "not_checked", *reason = "no BSS seen";
	enum wb_pmf_verdict v = wb_pmf_verdict(p);

	*out = NULL;
	if (!o || !ba || !fa || !sk)
		goto fail;
	memset(&tot, 0, sizeof(tot));
	for (size_t i = 0; i < p->n_bss; i++) {
		const struct pmf_bss *b = &p->bss[i];
		const char *note, *r;
		json_t *bj = bss_json(p, b);

		if (!bj || json_array_append_new(ba, bj) < 0)
			goto fail;
		add_counts(&tot, &b->c);
		mic = bss_mic(p, b, &note);
		any_fail |= strcmp(mic, "failed") == 0;
		any_ok |= strcmp(mic, "verified") == 0;
		if (bss_verdict(p, b, &r) == v)
			reason = r;
	}
	if (v == WB_PMF_FAIL)
		reason = p->dropped ? "the capture dropped frames" : "findings";
	tot.frames = p->frames;
	set_new(o, "verdict", json_string(wb_pmf_verdict_name(v)));
	set_new(o, "reason", json_string(reason));
	if (put_counts(o, &tot) < 0)
		goto fail;
	set_new(o, "mic", json_string(any_fail ? "failed" : any_ok ? "verified" : "not_checked"));
	set_new(sk, "bad_fcs", json_integer((json_int_t)p->skipped_bad_fcs));
	set_new(sk, "malformed_radiotap", json_integer((json_int_t)p->skipped_radiotap));
	set_new(sk, "malformed_80211", json_integer((json_int_t)p->skipped_80211));
	set_new(o, "skipped", sk);
	sk = NULL;
	set_new(o, "truncated", json_integer((json_int_t)p->truncated));
	set_new(o, "capture_dropped", json_integer((json_int_t)p->dropped));
	for (size_t i = 0; i < p->n_find; i++)
		json_array_append_new(fa, finding_json(&p->find[i]));
	set_new(o, "findings_total", json_integer((json_int_t)p->n_find_total));
	set_new(o, "findings", fa);
	set_new(o, "bss", ba);
	*out = o;
	return 0;
fail:
	json_decref(o);
	json_decref(ba);
	json_decref(fa);
	json_decref(sk);
	return -ENOMEM;
}

static const char *const class_names[] = { "other", "robust", "beacon", "eapol", "skipped" };
static const char *const check_names[] = { "none", "ok", "finding", "exempt", "forged",
					   "unchecked" };
static const char *const mic_names[] = { "n/a", "ok", "failed", "no_key" };

int wb_pmf_frames(const struct wb_pmf *p, json_t **out)
{
	json_t *a;

	*out = NULL;
	if (!p->record)
		return -EINVAL;
	a = json_array();
	if (!a)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_rec; i++) {
		const struct pmf_frame_rec *r = &p->rec[i];
		json_t *o = json_object();

		if (!o || json_array_append_new(a, o) < 0) {
			json_decref(a);
			return -ENOMEM;
		}
		set_new(o, "frame", json_integer((json_int_t)i + 1));
		set_new(o, "time_s", json_real((double)r->ts_us / 1e6));
		set_new(o, "class", json_string(class_names[r->cls]));
		if (r->cls == PMF_CLASS_SKIPPED) {
			set_new(o, "note", json_string(r->note ? r->note : ""));
			continue;
		}
		set_new(o, "type", json_integer(r->type));
		set_new(o, "subtype", json_integer(r->subtype));
		set_new(o, "protected", json_boolean(r->protected_));
		set_new(o, "group", json_boolean(r->group));
		if (r->mmie_keyid >= 0)
			set_new(o, "mmie_keyid", json_integer(r->mmie_keyid));
		if (r->category >= 0)
			set_new(o, "category", json_integer(r->category));
		if (r->reason >= 0)
			set_new(o, "reason_code", json_integer(r->reason));
		if (r->truncated)
			set_new(o, "truncated", json_true());
		set_new(o, "check", json_string(check_names[r->check]));
		if (r->mic != PMF_MIC_NA)
			set_new(o, "mic", json_string(mic_names[r->mic]));
		if (r->note)
			set_new(o, "note", json_string(r->note));
	}
	*out = a;
	return 0;
}

void wb_pmf_print(const struct wb_pmf *p, FILE *f)
{
	char a[18], d[18], s[18];

	fprintf(f, "PMF verdict: %s (%" PRIu64 " frames", wb_pmf_verdict_name(wb_pmf_verdict(p)),
		p->frames);
	if (p->skipped_bad_fcs + p->skipped_radiotap + p->skipped_80211)
		fprintf(f, ", %" PRIu64 " skipped",
			p->skipped_bad_fcs + p->skipped_radiotap + p->skipped_80211);
	if (p->dropped)
		fprintf(f, ", %" PRIu64 " dropped by the capture", p->dropped);
	fprintf(f, ")\n");
	for (size_t i = 0; i < p->n_bss; i++) {
		const struct pmf_bss *b = &p->bss[i];
		const char *reason, *note, *mic = bss_mic(p, b, &note);
		enum wb_pmf_verdict v = bss_verdict(p, b, &reason);

		fprintf(f, "\nBSS %s '%.*s': %s (%s)\n", wb_80211_addr_fmt(b->bssid, a),
			(int)b->ssid_len, (const char *)b->ssid, wb_pmf_verdict_name(v), reason);
		fprintf(f, "  RSN %s, MFPC %s, MFPR %s, beacon protection %s\n",
			b->rsn ? "yes" : "no", b->mfpc ? "yes" : "no", b->mfpr ? "yes" : "no",
			b->beacon_prot ? "yes" : "no");
		fprintf(f, "  robust frames %" PRIu64 ": unicast protected %" PRIu64
			", unprotected %" PRIu64 "; group with MMIE %" PRIu64 ", without %" PRIu64
			"\n", b->c.robust_frames, b->c.protected_unicast, b->c.unprotected_unicast,
			b->c.group_with_mmie, b->c.group_without_mmie);
		fprintf(f, "  beacons %" PRIu64 " (with MME %" PRIu64 ")\n", b->c.beacons,
			b->c.beacons_with_mme);
		fprintf(f, "  MIC: %s (verified %" PRIu64 ", failed %" PRIu64 ")%s%s\n", mic,
			b->c.mic_verified, b->c.mic_failed, note ? ": " : "", note ? note : "");
		for (size_t j = 0; j < b->n_sta; j++)
			fprintf(f, "  station %s: PMF %s\n", wb_80211_addr_fmt(b->sta[j].addr, a),
				b->sta[j].pmf == PMF_YES ? "yes" :
				b->sta[j].pmf == PMF_NO ? "no" : "unknown");
	}
	if (p->n_find_total)
		fprintf(f, "\nFindings (%" PRIu64 "%s):\n", p->n_find_total,
			p->n_find < p->n_find_total ? ", first ones shown" : "");
	for (size_t i = 0; i < p->n_find; i++) {
		const struct pmf_finding *x = &p->find[i];

		if (!x->frame) {
			fprintf(f, "  %s: %s\n", pmf_rule_name(x->rule), x->detail);
			continue;
		}
		fprintf(f, "  frame %" PRIu64 " t=%.6f %s %s -> %s", x->frame,
			(double)x->ts_us / 1e6, finding_frame_name(x),
			wb_80211_addr_fmt(x->sa, s), wb_80211_addr_fmt(x->da, d));
		if (x->reason >= 0)
			fprintf(f, " reason %d", x->reason);
		fprintf(f, ": %s: %s\n", pmf_rule_name(x->rule), x->detail);
	}
}
