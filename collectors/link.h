/*
 * wbench: the link collector. A station dump of the interface at start and at stop. Per
 * station (MAC): the end values and the deltas over the window. Two sources, one result:
 *   - nl80211 (this machine): NL80211_CMD_GET_STATION through a netlink socket opened
 *     inside the interface's network namespace;
 *   - iw (a remote host, where our code does not run): `iw dev IF station dump` through
 *     the host (wb_host_run), its text parsed by wb_link_iw_parse (link_iw.c).
 *
 * Result object:
 *   status "ok" | "failed" (+ message), label, ifname, netns, source ("nl80211" | "iw"),
 *   stations[{mac, present_at_start, present_at_end, reconnected?,
 *             start{...}, end{...}, delta{rx_bytes, tx_bytes, rx_packets, tx_packets,
 *             tx_retries, tx_failed, beacon_loss}}]
 *   where start/end hold: signal_dbm, signal_avg_dbm, tx_bitrate{bits_per_second, mcs,
 *   vht_mcs, vht_nss, he_mcs, he_nss, width_mhz, short_gi}, rx_bitrate{...}, rx_bytes,
 *   tx_bytes, rx_packets, tx_packets, tx_retries, tx_failed, connected_time_s,
 *   inactive_time_ms, beacon_loss, mfp. A key is absent when the driver (or iw) did not
 *   report it.
 */
#ifndef WB_LINK_H
#define WB_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collectors/collector.h"
#include "wbench/sys/nl.h"

/* Which optional fields a station reported (struct wb_link_station.has). */
enum wb_link_has {
	WB_LINK_HAS_RX_BYTES = 1u << 0,
	WB_LINK_HAS_TX_BYTES = 1u << 1,
	WB_LINK_HAS_RX_PACKETS = 1u << 2,
	WB_LINK_HAS_TX_PACKETS = 1u << 3,
	WB_LINK_HAS_TX_RETRIES = 1u << 4,
	WB_LINK_HAS_TX_FAILED = 1u << 5,
	WB_LINK_HAS_SIGNAL = 1u << 6,
	WB_LINK_HAS_SIGNAL_AVG = 1u << 7,
	WB_LINK_HAS_CONNECTED_TIME = 1u << 8,
	WB_LINK_HAS_BEACON_LOSS = 1u << 9,
	WB_LINK_HAS_INACTIVE_TIME = 1u << 10,
	WB_LINK_HAS_BYTES64 = 1u << 11,  /* rx/tx_bytes came from the 64-bit attributes */
	WB_LINK_HAS_MFP = 1u << 12,      /* the station's MFP flag (PMF negotiated) is known */
};

/* NL80211_STA_INFO_{TX,RX}_BITRATE. Index fields are -1 when absent. */
struct wb_link_rate {
	bool present;
	uint32_t bitrate;   /* in 100 kbit/s (BITRATE32, or the 16-bit BITRATE); 0: unknown */
	int mcs;            /* HT */
	int vht_mcs, vht_nss;
	int he_mcs, he_nss;
	unsigned int width_mhz;  /* 20 unless a width flag says otherwise (5, 10, 40, ... 320) */
	bool short_gi;
};

struct wb_link_station {
	uint8_t mac[6];
	uint32_t has;                /* enum wb_link_has bits */
	uint64_t rx_bytes, tx_bytes;
	uint32_t rx_packets, tx_packets, tx_retries, tx_failed;
	uint32_t connected_time_s, inactive_time_ms, beacon_loss;
	int8_t signal_dbm, signal_avg_dbm;
	bool mfp;                    /* NL80211_STA_FLAG_MFP / iw's "MFP: yes" */
	struct wb_link_rate tx_rate, rx_rate;
};

/**
 * wb_link_parse_station - decode one NL80211_CMD_NEW_STATION message (a dump reply)
 * Every attribute is length-checked by an nla_policy before it is read.
 * @err: receives what was wrong (missing MAC or STA_INFO, a bad attribute length)
 * Returns: 0 or -EINVAL.
 */
int wb_link_parse_station(struct nl_msg *msg, struct wb_link_station *out,
			  char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_link_dump - dump the stations of @ifindex over @nl (an nl80211 socket)
 * @out: new array (caller frees), *n entries; NULL with *n == 0 when there is none
 * Returns: 0 or a negative errno (the text in @err).
 */
int wb_link_dump(struct wb_nl *nl, unsigned int ifindex, struct wb_link_station **out,
		 size_t *n, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_link_stations_json - the "stations" array from the dumps at start and at stop
 * Stations are matched by MAC; a station whose connected time went back (or whose
 * counters did) reassociated: its deltas are its end values and it says reconnected.
 * 32-bit counters wrap modulo 2^32.
 * Returns: a new array (caller decrefs) or NULL (out of memory).
 */
json_t *wb_link_stations_json(const struct wb_link_station *a, size_t na,
			      const struct wb_link_station *b, size_t nb);

/* Most stations one dump may hold: more is not a benchmark link (-E2BIG). */
#define WB_LINK_MAX_STATIONS 1024

/**
 * wb_link_iw_parse - the stations of `iw dev IF station dump` text (iw 3.x to 6.x)
 * @text: NUL-terminated, borrowed; hostile input is fine (fuzzed: tests/fuzz/fuzz_iw.c)
 * @out: new array (caller frees), *n entries; NULL with *n == 0 when there is none
 * Fields iw does not print (older versions, other drivers) stay absent; unknown lines are
 * skipped, as are the per-link sections of an MLO station ("Link N:"), whose station
 * lines come first. Byte counters are taken as 64-bit (iw prints the 64-bit attributes
 * whenever the kernel gives them, which every kernel since 3.x does).
 * @err: receives the line and what was wrong in it
 * Returns: 0, -EINVAL (a known field with a malformed value, text that is not a station
 *          dump), -E2BIG (more than WB_LINK_MAX_STATIONS), -ENOMEM.
 */
int wb_link_iw_parse(const char *text, struct wb_link_station **out, size_t *n,
		     char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_link_iw_dump - run `iw dev @ifname station dump` on @host (in @netns, a namespace
 * file there, or NULL) and parse it
 * @timeout_ms: bound on the command (one round trip over ssh)
 * @out, @n: as for wb_link_iw_parse
 * Returns: 0 or a negative errno (the text, with iw's own message, in @err).
 */
int wb_link_iw_dump(struct wb_host *host, const char *netns, const char *ifname,
		    int64_t timeout_ms, struct wb_cancel *cancel, struct wb_link_station **out,
		    size_t *n, char *err, size_t errlen) WB_MUST_CHECK;

/* Bound on one `iw ... station dump` through a host. */
#define WB_LINK_IW_TIMEOUT_MS 15000

/* Where the station dumps come from (struct wb_link_params). */
enum wb_link_source {
	WB_LINK_SOURCE_AUTO = 0,  /* nl80211 on this machine (cfg->host NULL or local), else iw */
	WB_LINK_SOURCE_NL80211,   /* nl80211 here (the host must be local) */
	WB_LINK_SOURCE_IW,        /* `iw` on cfg->host, also when it is this machine */
};

struct wb_link_params {
	enum wb_link_source source;
	struct wb_cancel *cancel; /* ends a running iw (may be NULL) */
};

/*
 * The ops. cfg->ifname is required; cfg->netns (a namespace file on the host) is where
 * that interface lives (NULL: the current namespace); cfg->host is the machine (NULL: this
 * one); cfg->priv points to a struct wb_link_params or is NULL (automatic source).
 */
extern const struct wb_collector_ops wb_link_collector;

#endif /* WB_LINK_H */
