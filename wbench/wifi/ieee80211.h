/*
 * wbench: IEEE 802.11 frame parsing for the PMF verifier: the MAC header, information
 * elements, the RSN element, the MMIE, the CCMP/GCMP header and EAPOL-Key frames.
 * Every parser takes a pointer and a length, never reads past them, and reports
 * truncation or malformation as a negative errno; captured bytes are always untrusted.
 */
#ifndef WB_IEEE80211_H
#define WB_IEEE80211_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"

#define WB_80211_TYPE_MGMT 0
#define WB_80211_TYPE_CTRL 1
#define WB_80211_TYPE_DATA 2

/* Management subtypes. */
enum wb_80211_stype {
	WB_80211_ASSOC_REQ = 0,
	WB_80211_ASSOC_RESP = 1,
	WB_80211_REASSOC_REQ = 2,
	WB_80211_REASSOC_RESP = 3,
	WB_80211_PROBE_REQ = 4,
	WB_80211_PROBE_RESP = 5,
	WB_80211_BEACON = 8,
	WB_80211_ATIM = 9,
	WB_80211_DISASSOC = 10,
	WB_80211_AUTH = 11,
	WB_80211_DEAUTH = 12,
	WB_80211_ACTION = 13,
	WB_80211_ACTION_NOACK = 14,
};

#define WB_80211_FC_TODS      0x0100
#define WB_80211_FC_FROMDS    0x0200
#define WB_80211_FC_RETRY     0x0800
#define WB_80211_FC_PWRMGT    0x1000
#define WB_80211_FC_MOREDATA  0x2000
#define WB_80211_FC_PROTECTED 0x4000
#define WB_80211_FC_ORDER     0x8000

#define WB_80211_EID_SSID      0
#define WB_80211_EID_RSN       48
#define WB_80211_EID_MMIE      76
#define WB_80211_EID_EXT_CAPAB 127
#define WB_80211_EXT_CAPAB_BEACON_PROT 84  /* "Beacon Protection Enabled" bit */

/* RSN capabilities bits. */
#define WB_80211_RSN_MFPR 0x0040
#define WB_80211_RSN_MFPC 0x0080

/* AKM suite selectors (00-0F-AC:n) as host-endian OUI << 8 | type. */
#define WB_80211_AKM_PSK        0x000FAC02u
#define WB_80211_AKM_PSK_SHA256 0x000FAC06u
#define WB_80211_AKM_SAE        0x000FAC08u

#define WB_80211_HDR_LEN 24
#define WB_80211_CCMP_HDR_LEN 8
#define WB_80211_ADDR_LEN 6

/* Data subtypes with this bit carry no data: (QoS) Null, CF-Ack, CF-Poll. */
#define WB_80211_STYPE_DATA_NODATA 0x04

/* Timestamp, beacon interval, capability: the fixed fields of a beacon or probe response. */
#define WB_80211_BEACON_FIXED_LEN 12

/* Reason code 15, "4-way handshake timeout". */
#define WB_80211_REASON_4WAY_TIMEOUT 15

/* Key IDs of the group management keys: IGTK 4 or 5, BIGTK 6 or 7. */
#define WB_80211_IGTK_KEYID_MIN 4
#define WB_80211_BIGTK_KEYID_MIN 6

/** wb_80211_le16 - the little-endian 16-bit field at @p (802.11 and radiotap order). */
static inline uint16_t wb_80211_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/** wb_80211_put_le16 - store @v little-endian at @p. */
static inline void wb_80211_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/** wb_80211_stype_ends_assoc - true for the management subtypes that end an association. */
static inline bool wb_80211_stype_ends_assoc(unsigned int subtype)
{
	return subtype == WB_80211_DEAUTH || subtype == WB_80211_DISASSOC;
}

struct wb_80211_hdr {
	uint16_t fc;
	uint8_t type;       /* WB_80211_TYPE_* */
	uint8_t subtype;    /* enum wb_80211_stype for management frames */
	const uint8_t *a1;  /* receiver / destination */
	const uint8_t *a2;  /* transmitter / source; NULL for CTS/ACK */
	const uint8_t *a3;  /* BSSID for management frames; NULL for control frames */
	uint16_t seq_ctrl;
	uint8_t qos_tid;    /* 0 unless a QoS data frame */
	bool qos;
	size_t len;         /* header length; the body starts here */
};

/**
 * wb_80211_hdr_parse - parse the MAC header of a management or data frame
 * @f: frame (borrowed), without radiotap and without FCS
 * @len: frame length
 * @h: filled in on success; its address pointers point into @f
 * Control frames are recognised (type set, a1 only) but have no body.
 * Returns: 0, -EMSGSIZE if @len is shorter than the header, -EINVAL for protocol
 *          version != 0 or the reserved type 3.
 */
int wb_80211_hdr_parse(const uint8_t *f, size_t len, struct wb_80211_hdr *h) WB_MUST_CHECK;

/** wb_80211_addr_is_group - true for a group (multicast or broadcast) address. */
static inline bool wb_80211_addr_is_group(const uint8_t *addr)
{
	return addr[0] & 0x01;
}

/**
 * wb_80211_addr_parse - "aa:bb:cc:dd:ee:ff" (hex digits, either case) into @addr
 * Returns: 0, or -EINVAL for anything else (trailing characters included).
 */
int wb_80211_addr_parse(const char *s, uint8_t addr[WB_80211_ADDR_LEN]);

/** wb_80211_addr_fmt - "aa:bb:cc:dd:ee:ff" into @buf (at least 18 bytes); returns @buf. */
char *wb_80211_addr_fmt(const uint8_t *addr, char *buf);

/** wb_80211_stype_name - "deauth", "beacon", ... for a management subtype (static). */
const char *wb_80211_stype_name(unsigned int subtype);

/**
 * wb_80211_robust_action_category - true if Action frames of @category are robust
 * The non-robust ones are Public, HT, Unprotected WNM, Self-Protected,
 * Unprotected DMG, VHT, Unprotected S1G, HE, EHT and Vendor Specific.
 */
bool wb_80211_robust_action_category(uint8_t category);

/**
 * wb_80211_ies_offset - length of the fixed fields before the elements of a
 * management frame body of @subtype
 * Returns: the length, or -1 for subtypes whose body has no elements to parse here.
 */
int wb_80211_ies_offset(unsigned int subtype);

struct wb_80211_elem_iter {
	const uint8_t *p;
	size_t left;
};

/** wb_80211_elem_iter_init - iterate over the elements in @ies[0..@len). */
void wb_80211_elem_iter_init(struct wb_80211_elem_iter *it, const uint8_t *ies, size_t len);

/**
 * wb_80211_elem_next - the next element
 * @id, @data, @elen: the element's ID, body (borrowed, points into the input) and length
 * Returns: 1 with an element, 0 at the clean end, -EMSGSIZE when the last element
 *          runs past the end (then iteration stops).
 */
int wb_80211_elem_next(struct wb_80211_elem_iter *it, uint8_t *id, const uint8_t **data,
		       uint8_t *elen);

/**
 * wb_80211_elem_find - first element @id in @ies[0..@len)
 * Returns: a borrowed pointer to its body (length in *@elen), or NULL if absent
 *          (elements after a truncated one are not searched).
 */
const uint8_t *wb_80211_elem_find(const uint8_t *ies, size_t len, uint8_t id, uint8_t *elen);

/** wb_80211_ext_capab_bit - true if extended capabilities element body @d has @bit set. */
bool wb_80211_ext_capab_bit(const uint8_t *d, size_t len, unsigned int bit);

#define WB_80211_RSNE_MAX_SUITES 8

struct wb_80211_rsne {
	uint32_t group;                  /* group data cipher suite */
	uint32_t pairwise[WB_80211_RSNE_MAX_SUITES];
	unsigned int n_pairwise;         /* stored (at most the maximum) */
	uint32_t akm[WB_80211_RSNE_MAX_SUITES];
	unsigned int n_akm;
	uint16_t caps;                   /* RSN capabilities, 0 when absent */
	uint32_t group_mgmt;             /* group management cipher; 0 when absent */
};

/**
 * wb_80211_rsne_parse - parse the body of an RSN element (ID 48)
 * Optional trailing fields may be absent (the standard allows truncation after any
 * complete field); absent suites default to CCMP-128 / PSK as the standard says.
 * Returns: 0, -EINVAL for a version != 1, -EMSGSIZE for a field cut in half or
 *          a count that runs past the element.
 */
int wb_80211_rsne_parse(const uint8_t *d, size_t len, struct wb_80211_rsne *r) WB_MUST_CHECK;

struct wb_80211_mmie {
	uint16_t keyid;      /* full 16-bit field (reserved bits included) */
	uint64_t ipn;        /* 48-bit IPN / BIPN */
	const uint8_t *mic;  /* borrowed, into the frame */
	size_t mic_len;      /* 8 or 16 */
	size_t offset;       /* offset of the element ID within the body */
};

/**
 * wb_80211_mmie_find - the MMIE (element 76) as the last element of @body
 * Checks the 16-byte (8-octet MIC) and 24-byte (16-octet MIC) layouts at the end of
 * the body, as receivers do (wlantest's check_bip()); anything else counts as absent.
 * Returns: 1 found, 0 absent.
 */
int wb_80211_mmie_find(const uint8_t *body, size_t len, struct wb_80211_mmie *m);

struct wb_80211_ccmp {
	uint64_t pn;      /* 48-bit packet number */
	uint8_t keyid;    /* 0..3 */
	bool ext_iv;      /* must be set for CCMP/GCMP */
};

/**
 * wb_80211_ccmp_parse - the 8-byte CCMP/GCMP header at the start of a protected body
 * Returns: 0, -EMSGSIZE if @len < 8, -EINVAL if the ExtIV bit is clear.
 */
int wb_80211_ccmp_parse(const uint8_t *body, size_t len, struct wb_80211_ccmp *c);

/* EAPOL-Key Key Information bits. */
#define WB_EAPOL_KEY_INFO_VERSION   0x0007
#define WB_EAPOL_KEY_INFO_PAIRWISE  0x0008
#define WB_EAPOL_KEY_INFO_INSTALL   0x0040
#define WB_EAPOL_KEY_INFO_ACK       0x0080
#define WB_EAPOL_KEY_INFO_MIC       0x0100
#define WB_EAPOL_KEY_INFO_SECURE    0x0200
#define WB_EAPOL_KEY_INFO_ENCR_DATA 0x1000

struct wb_80211_eapol_key {
	const uint8_t *eapol;     /* the whole EAPOL frame (header included), borrowed */
	size_t eapol_len;         /* from the EAPOL header length field, <= captured */
	uint16_t info;            /* Key Information */
	uint64_t replay;          /* replay counter */
	const uint8_t *nonce;     /* 32 bytes */
	const uint8_t *mic;       /* mic_len bytes */
	size_t mic_len;           /* 16, 24 or 32 */
	size_t mic_off;           /* offset of the MIC within eapol */
	const uint8_t *key_data;
	size_t key_data_len;
};

/**
 * wb_80211_eapol_key_parse - find an RSN EAPOL-Key frame in a data frame body
 * @body: the data frame body after the MAC header (LLC/SNAP first)
 * @mic_len: MIC length for the AKM, or 0 to infer it (16, 24 or 32, from the key
 *           data length field)
 * Returns: 1 with a parsed key frame, 0 if the body is not an RSN EAPOL-Key frame,
 *          -EMSGSIZE / -EINVAL if it is one but is truncated or inconsistent.
 */
int wb_80211_eapol_key_parse(const uint8_t *body, size_t len, size_t mic_len,
			     struct wb_80211_eapol_key *k);

/**
 * wb_80211_channel_freq - the centre frequency in MHz of a 20 MHz channel an AP can use:
 * 2.4 GHz 1..14, 5 GHz 36..64 and 100..144 in steps of 4, 149..165 (UNII-1 to -3)
 * Returns: the frequency, or 0 for anything else.
 */
unsigned int wb_80211_channel_freq(unsigned int channel);

#endif /* WB_IEEE80211_H */
