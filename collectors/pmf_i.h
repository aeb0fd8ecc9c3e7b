/*
 * wbench: the PMF verifier's internal state, shared by pmf.c (frame rules), pmf_keys.c
 * (4-way handshake, key derivation, MIC checks) and pmf_result.c (JSON and text
 * output). Not a public interface: names use the private prefix pmf_.
 */
#ifndef WB_PMF_I_H
#define WB_PMF_I_H

#include <stdbool.h>
#include <stdint.h>

#include "wbench/wifi/ieee80211.h"
#include "collectors/pmf.h"

enum pmf_tri { PMF_UNKNOWN = 0, PMF_NO, PMF_YES };

/* Rules a finding can break; names in pmf_rule_name(). */
enum pmf_rule {
	PMF_RULE_UNPROTECTED_UNICAST = 0,  /* robust unicast frame without Protected bit */
	PMF_RULE_BAD_CCMP_HEADER,          /* Protected bit but no valid CCMP/GCMP header */
	PMF_RULE_GROUP_MISSING_MMIE,       /* group robust frame without MMIE */
	PMF_RULE_MMIE_KEYID,               /* MMIE key ID not 4/5 (group) or 6/7 (beacon) */
	PMF_RULE_MMIE_LENGTH,              /* MIC length does not fit the BIP cipher */
	PMF_RULE_REPLAY,                   /* IPN/BIPN not greater than the last one */
	PMF_RULE_BEACON_MISSING_MME,       /* beacon without MME once the BIGTK is in use */
	PMF_RULE_MIC,                      /* BIP or CCMP/GCMP MIC does not verify */
	PMF_RULE_CAPTURE_DROPS,            /* the capture lost frames */
	PMF_RULE_RSN_CHANGED,              /* a beacon contradicts the BSS's earlier RSN */
	PMF_RULE__COUNT
};

/* Per-frame classification, for wb_pmf_frames(). */
enum pmf_class {
	PMF_CLASS_OTHER = 0,   /* not relevant to PMF */
	PMF_CLASS_ROBUST,      /* robust management frame */
	PMF_CLASS_BEACON,
	PMF_CLASS_EAPOL,
	PMF_CLASS_SKIPPED,     /* malformed, truncated header, bad FCS */
};

enum pmf_check {
	PMF_CHECK_NONE = 0,    /* nothing to check */
	PMF_CHECK_OK,          /* conforms */
	PMF_CHECK_FINDING,     /* broke a rule (see findings) */
	PMF_CHECK_EXEMPT,      /* unprotected but legitimately so */
	PMF_CHECK_FORGED,      /* our own injected frame */
	PMF_CHECK_UNCHECKED,   /* could not be judged (truncated, unknown station) */
};

enum pmf_mic { PMF_MIC_NA = 0, PMF_MIC_OK, PMF_MIC_FAIL, PMF_MIC_NOKEY };

struct pmf_counts {
	uint64_t frames;
	uint64_t robust_frames;
	uint64_t protected_unicast;
	uint64_t unprotected_unicast;
	uint64_t group_with_mmie;
	uint64_t group_without_mmie;
	uint64_t beacons;
	uint64_t beacons_with_mme;
	uint64_t beacons_without_mme;
	uint64_t mic_verified;
	uint64_t mic_failed;
	uint64_t mic_not_checked;
	uint64_t exempt_before_keys;
	uint64_t exempt_no_pmf;
	uint64_t unchecked;
	uint64_t forged_ignored;
	uint64_t findings;
};

struct pmf_key {
	bool set;
	size_t len;
	uint8_t key[32];
	uint64_t stored_no;      /* the message 3 (frame number) that gave it */
};

struct pmf_sta {
	uint8_t addr[WB_80211_ADDR_LEN];
	enum pmf_tri pmf;        /* negotiated PMF (AssocReq RSNE MFPC and the AP's MFPC) */
	bool ptk_installed;      /* message 4 seen, or a protected frame */
	uint32_t akm;            /* from the (Re)Association Request RSNE, 0 unknown */
	uint32_t pairwise;
	/* 4-way handshake state (pmf_keys.c). */
	/* The last message 1s (ANonce, replay counter): hostapd retransmits message 1 with a
	 * new ANonce, and a message 2 answers the one with its replay counter. */
	struct {
		uint64_t replay;
		uint8_t nonce[32];
	} m1[4];
	unsigned int n_m1;       /* message 1s seen since the association (m1[n_m1 % 4] next) */
	bool ptk_valid;          /* derived and proven by the message 2 MIC */
	uint8_t kck[16], kek[16], tk[32];
	size_t tk_len;
	const char *key_note;    /* why no PTK (static string), or NULL */
};

struct pmf_bss {
	uint8_t bssid[WB_80211_ADDR_LEN];
	uint8_t ssid[32];
	size_t ssid_len;
	bool have_ssid;
	bool rsn;                /* an RSN element was seen in a beacon/probe response */
	struct wb_80211_rsne rsne;
	uint8_t rsn_raw[255];    /* the RSNE body last parsed */
	uint8_t rsn_raw_len;
	bool mfpc, mfpr;
	bool beacon_prot;        /* Extended Capabilities bit 84 */
	bool keys_in_use;        /* IGTK evidence: msg 3, an MMIE, a protected frame */
	bool bigtk_in_use;       /* an MME beacon seen, or msg 3 with beacon protection */
	bool ipn_seen[4];        /* key IDs 4..7 */
	uint64_t ipn[4];
	/*
	 * hostapd replaces the GTK/IGTK/BIGTK when the first station arrives ("Re-initialize
	 * GMK/Counter on first station"), before message 1: the IPN then restarts with the
	 * same key ID. From a (Re)Association Request, each key ID may therefore restart
	 * once, up to its first frame after message 4 (a capture that keeps one beacon in
	 * several sees the new key only then). A key learnt from message 3 ends its window:
	 * its MIC is checked from then on.
	 */
	bool rekey_window;
	bool rekey_m4;           /* message 4 seen since the window opened */
	bool rekeyed[4];         /* this key ID's window is over */
	bool rsn_mismatch;       /* a finding already says the RSNE changed */
	/*
	 * Group rekeys (wpa_group_rekey): the AP moves its IGTK (BIGTK) between key IDs 4
	 * and 5 (6 and 7), each time with a new key, and IPNs start again. Per class (0
	 * IGTK, 1 BIGTK): the key ID in use + 1 (0: none yet) and the frame that last used it.
	 */
	uint8_t cur_id1[2];
	uint64_t cur_last_no[2];
	struct pmf_key igtk[2];  /* key IDs 4, 5 */
	struct pmf_key bigtk[2]; /* key IDs 6, 7 */
	uint32_t group_mgmt_seen;/* BIP suite learned from a msg 3 / RSNE, 0 unknown */
	bool pmk_tried, pmk_valid;
	bool pmk_proven;         /* a message 2 MIC verified with the PMK */
	/* Message 2 MIC mismatches before the PMK was proven: the first one, and how many
	 * (a wrong passphrase, or changed frames once another message 2 verifies). */
	struct {
		uint64_t no, ts_us;
		size_t rec;      /* index + 1 into wb_pmf.rec, 0 none */
		uint8_t da[WB_80211_ADDR_LEN], sa[WB_80211_ADDR_LEN];
	} m2_bad;
	unsigned int m2_bad_n;
	uint8_t pmk[32];
	bool sae;                /* some station used SAE: no PMK from the capture */
	bool handshake_seen;
	struct pmf_counts c;
	struct pmf_sta *sta;
	size_t n_sta, cap_sta;
};

struct pmf_finding {
	uint64_t frame;
	uint64_t ts_us;
	enum pmf_rule rule;
	uint8_t type, subtype;
	int reason;              /* reason code, -1 when none or encrypted */
	uint8_t da[WB_80211_ADDR_LEN], sa[WB_80211_ADDR_LEN], bssid[WB_80211_ADDR_LEN];
	char detail[96];
};

struct pmf_frame_rec {
	uint64_t ts_us;
	uint8_t type, subtype;
	bool protected_;
	bool group;
	bool truncated;
	int16_t mmie_keyid;      /* -1 none */
	int16_t category;        /* action category, -1 unknown (encrypted) */
	int16_t reason;          /* -1 none/encrypted */
	uint8_t cls;             /* enum pmf_class */
	uint8_t check;           /* enum pmf_check */
	uint8_t mic;             /* enum pmf_mic */
	const char *note;        /* static */
};

struct pmf_forged {
	uint8_t subtype;
	uint8_t da[WB_80211_ADDR_LEN], sa[WB_80211_ADDR_LEN];
	uint16_t reason, seq;
};

struct wb_pmf {
	char *passphrase;        /* wiped on free */
	uint8_t ssid[32];
	size_t ssid_len;         /* 0: use each BSS's SSID */
	bool have_bssid;
	uint8_t bssid[WB_80211_ADDR_LEN];
	bool record;
	size_t max_findings;

	uint64_t frames;
	uint64_t skipped_bad_fcs, skipped_radiotap, skipped_80211, truncated;
	uint64_t dropped;

	struct pmf_bss *bss;
	size_t n_bss, cap_bss;
	size_t last_bss;         /* index of the last BSS looked up (a cache) */
	struct pmf_finding *find;
	size_t n_find, cap_find;
	uint64_t n_find_total;
	struct pmf_frame_rec *rec;
	size_t n_rec, cap_rec;
	struct pmf_forged *forged;
	size_t n_forged;
};

/* The frame being processed, as pmf.c hands it to the helpers. */
struct pmf_frame {
	uint64_t no;             /* 1-based frame number */
	uint64_t ts_us;
	const uint8_t *f;        /* 802.11 frame */
	size_t len;              /* captured bytes of it (FCS removed) */
	bool truncated;          /* caplen < original length */
	struct wb_80211_hdr h;
	const uint8_t *body;
	size_t body_len;
	struct pmf_frame_rec *rec;  /* NULL unless recording */
};

/* pmf.c */
/* Count a finding; keep its details (printf-style @fmt) while under max_findings. */
void pmf_finding_add(struct wb_pmf *p, struct pmf_bss *b, const struct pmf_frame *fr,
		     enum pmf_rule rule, int reason, const char *fmt, ...) WB_PRINTF(6, 7);
const char *pmf_rule_name(enum pmf_rule r);

/* pmf_keys.c: 4-way handshake on an unprotected data frame carrying EAPOL-Key. */
void pmf_keys_eapol(struct wb_pmf *p, struct pmf_bss *b, struct pmf_sta *s,
		    const struct pmf_frame *fr, const struct wb_80211_eapol_key *k,
		    bool from_ap);
/* BIP MIC of a group robust frame or beacon with an MMIE: enum pmf_mic. */
enum pmf_mic pmf_keys_check_bip(struct pmf_bss *b, const struct pmf_frame *fr,
				const struct wb_80211_mmie *m);
/*
 * CCMP/GCMP MIC of a protected unicast management frame; on success the plaintext
 * body (without header and MIC) goes to @plain (at least fr->body_len bytes) and its
 * length to *@plain_len.
 */
enum pmf_mic pmf_keys_check_ccmp(struct pmf_sta *s, const struct pmf_frame *fr,
				 uint8_t *plain, size_t *plain_len);
/* MIC length of the BSS's BIP cipher (8 or 16), or 0 if unknown. */
size_t pmf_keys_bip_mic_len(const struct pmf_bss *b);
/* Forget the IGTK/BIGTK of @keyid (4..7): the AP replaced it. */
void pmf_keys_forget_group(struct pmf_bss *b, unsigned int keyid);
/* The IGTK/BIGTK slot of @keyid (4..7), borrowed. */
const struct pmf_key *pmf_keys_group(const struct pmf_bss *b, unsigned int keyid);
/* Wipe every key of a station / of a BSS. */
void pmf_keys_wipe_sta(struct pmf_sta *s);
void pmf_keys_wipe_bss(struct pmf_bss *b);

#endif /* WB_PMF_I_H */
