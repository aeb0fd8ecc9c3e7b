/*
 * wbench: the passive PMF (802.11w) verifier. Feed it captured frames in order; it
 * tracks every BSS (RSN element, MFPC/MFPR, beacon protection) and every station
 * (PMF negotiated in its (Re)Association Request, PTK installed after the 4-way
 * handshake) and checks the rules of IEEE 802.11 12.6.19 on robust management frames:
 *
 *   - unicast robust frames between an AP and a PMF station, once the PTK is
 *     installed, carry the Protected bit and a CCMP/GCMP header;
 *   - group-addressed robust frames carry an MMIE (key ID 4/5, increasing IPN) once the
 *     IGTK is in use;
 *   - with beacon protection, beacons carry an MME (key ID 6/7, increasing BIPN) once
 *     the BIGTK is in use.
 *
 * Legitimately unprotected frames are not findings: frames before any key exists (the
 * broadcast deauth hostapd sends at BSS start, beacons before the BIGTK), and frames of
 * stations that did not negotiate PMF. Given the SSID and passphrase of a PSK network,
 * it also derives the keys from the captured 4-way handshake and checks the BIP MICs of
 * group frames and beacons and the CCMP/GCMP MICs of unicast robust frames.
 *
 * Results are JSON objects (jansson): see wb_pmf_result().
 */
#ifndef WB_PMF_H
#define WB_PMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

/* pcap link types accepted by wb_pmf_feed(). */
#define WB_PMF_DLT_IEEE802_11       105  /* bare 802.11 */
#define WB_PMF_DLT_IEEE802_11_RADIO 127  /* radiotap + 802.11 */

enum wb_pmf_verdict {
	WB_PMF_NA = 0,  /* nothing to prove: no PMF in the BSS, or no robust frame seen */
	WB_PMF_PASS,    /* PMF in use and every checked frame conformed */
	WB_PMF_FAIL,    /* at least one finding (or capture drops) */
};

struct wb_pmf_opts {
	const char *ssid;         /* SSID for the PSK (NULL: each BSS's own), borrowed */
	const char *passphrase;   /* PSK passphrase, or NULL for no MIC checks; copied and
				     wiped on free, never reported */
	const uint8_t *bssid;     /* verify only this BSS (6 bytes), or NULL for all */
	bool record_frames;       /* keep a per-frame classification for wb_pmf_frames() */
	size_t max_findings;      /* findings kept in detail (0: 100); all are counted */
};

struct wb_pmf;

/**
 * wb_pmf_new - a new verifier
 * @o: options (borrowed during the call; strings are copied)
 * @out: set to the new verifier (caller frees with wb_pmf_free)
 * Returns: 0, -EINVAL for a passphrase that is not 8..63 characters, -ENOMEM.
 */
int wb_pmf_new(const struct wb_pmf_opts *o, struct wb_pmf **out) WB_MUST_CHECK;

/** wb_pmf_free - free the verifier and wipe its keys; NULL-safe. */
void wb_pmf_free(struct wb_pmf *p);

/**
 * wb_pmf_feed - verify one captured frame (frames must come in capture order)
 * @dlt: pcap link type, WB_PMF_DLT_IEEE802_11_RADIO or WB_PMF_DLT_IEEE802_11
 * @ts_us: capture timestamp in microseconds since the epoch
 * @data: captured bytes (borrowed for the call)
 * @caplen: captured length; @len: original length (caplen < len: truncated by snaplen)
 *
 * Malformed, truncated and bad-FCS frames never fail the call: they are counted as
 * skipped (and shown by wb_pmf_frames()).
 * Returns: 0, -EINVAL for an unsupported @dlt, -ENOMEM.
 */
int wb_pmf_feed(struct wb_pmf *p, int dlt, uint64_t ts_us, const uint8_t *data,
		size_t caplen, size_t len) WB_MUST_CHECK;

/**
 * wb_pmf_expect_forged - declare a frame that wbench itself injected
 * @subtype: WB_80211_DEAUTH or WB_80211_DISASSOC
 * @da, @sa: destination and (spoofed) source, 6 bytes each
 * @reason: reason code; @seq: the sequence number the injector used
 *
 * An unprotected frame that matches is counted as forged_ignored instead of a finding:
 * the active check's own frames are evidence of the attack, not of the device.
 * Returns: 0 or -ENOMEM.
 */
int wb_pmf_expect_forged(struct wb_pmf *p, unsigned int subtype, const uint8_t *da,
			 const uint8_t *sa, uint16_t reason, uint16_t seq) WB_MUST_CHECK;

/**
 * wb_pmf_note_drops - record frames the capture dropped; a capture with drops fails
 * @dropped: pcap_stats ps_drop + ps_ifdrop
 */
void wb_pmf_note_drops(struct wb_pmf *p, uint64_t dropped);

/** wb_pmf_verdict - the overall verdict so far (fail if any BSS fails). */
enum wb_pmf_verdict wb_pmf_verdict(const struct wb_pmf *p);

/** wb_pmf_verdict_name - "pass", "fail" or "n/a" (static). */
const char *wb_pmf_verdict_name(enum wb_pmf_verdict v);

/**
 * wb_pmf_result - the pmf result object
 * { verdict, reason, frames, robust_frames, protected_unicast, unprotected_unicast,
 *   group_with_mmie, group_without_mmie, beacons_with_mme, beacons_without_mme,
 *   mic ("verified" | "failed" | "not_checked"), mic_verified, mic_failed,
 *   skipped {...}, capture_dropped, findings [...], bss [ per-BSS objects ] }
 * The top-level counters sum the BSSes; each finding names its BSS.
 * Returns: 0 or -ENOMEM; *@out is a new reference (caller decrefs).
 */
int wb_pmf_result(const struct wb_pmf *p, json_t **out) WB_MUST_CHECK;

/**
 * wb_pmf_frames - the per-frame classification (needs opts.record_frames)
 * An array of { frame, time_s, type, subtype, protected, group, mmie_keyid, class,
 * check, mic, ... } objects, one per frame fed, in order.
 * Returns: 0, -EINVAL when frames were not recorded, -ENOMEM; *@out is new.
 */
int wb_pmf_frames(const struct wb_pmf *p, json_t **out) WB_MUST_CHECK;

/**
 * wb_pmf_print - human-readable summary per BSS and the findings on @f
 */
void wb_pmf_print(const struct wb_pmf *p, FILE *f);

#endif /* WB_PMF_H */
