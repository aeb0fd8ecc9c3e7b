/*
 * wbench: the capture collector. libpcap on the sniffer interface (in the sim: hwsim0
 * in the initial namespace; in a real lab: a monitor-mode radio), radiotap link type; or,
 * for a sniffer on a remote host, `tcpdump -U -w -` there streamed over a pipe into
 * libpcap here (capture_stream.c). Either can first make a monitor interface on a phy
 * at the AP's frequency and remove it at the end (capture_monitor.c).
 * Every frame goes live into the PMF verifier (collectors/pmf.h) and, when asked, into
 * a pcap file. pcap_stats drops are recorded; a capture with drops fails the verdict.
 *
 * Lifecycle (collectors/collector.h): capturing begins in open(), not in start(),
 * because PMF evidence is the BSS start, the association and the 4-way handshake, which
 * come before the measured window: open the collector before hostapd starts, and stop
 * it after the final disconnect (whose deauth is part of the evidence). stop() drains
 * what the kernel still holds (bounded wait), records the drops and closes the handle;
 * result() then gives { interface, filter, snaplen, frames, bytes, dropped, if_dropped,
 * drops_known, source ("libpcap" | "tcpdump"), host, stream? { tool, host, bytes,
 * records, truncated_bytes, drops_from }, monitor? { phy, freq_mhz }, file, pmf { ... } }.
 */
#ifndef WB_CAPTURE_H
#define WB_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "collectors/collector.h"
#include "wbench/lib/wbench.h"

/*
 * Management frames plus EAPOL-Key frames: the verifier needs the 4-way handshake to
 * know when keys are installed and, for PSK, to derive them.
 */
#define WB_CAPTURE_FILTER_DEFAULT "type mgt or (type data and ether proto 0x888e)"

/*
 * 1024 bytes: radiotap (up to ~64 on real radios) plus any management frame seen in
 * practice, beacons with HE/EHT and vendor elements included. The MME is a beacon's
 * last element, so a beacon cut short loses it (it is then counted as unchecked, never
 * as a finding); raise the snap length or ask for a full capture for APs whose beacons
 * are longer.
 */
#define WB_CAPTURE_SNAPLEN_DEFAULT 1024
#define WB_CAPTURE_SNAPLEN_FULL 65535
#define WB_CAPTURE_DRAIN_MS_DEFAULT 1000

/* Where the frames come from (the lab decides). */
enum wb_capture_source {
	WB_CAPTURE_LOCAL = 0,  /* libpcap live on cfg->ifname on this machine (cfg->netns) */
	WB_CAPTURE_STREAM,     /* tcpdump on cfg->host (in cfg->netns there), streamed here */
};

struct wb_capture_cfg {
	enum wb_capture_source source;
	const char *monitor_phy;  /* create cfg->ifname as a monitor interface on this phy
				     first (removed by close), or NULL: it exists */
	unsigned int monitor_freq_mhz; /* tune that monitor (the AP's frequency), 0: leave it */
	const char *tcpdump;      /* stream: the binary on the host, NULL: "tcpdump" */
	int start_ms;             /* stream: how long tcpdump may take to start capturing
				     (0: 15000; an ssh round trip or two) */
	struct wb_cancel *cancel; /* stream: ends that wait (may be NULL) */
	const char *filter;       /* BPF filter; NULL: WB_CAPTURE_FILTER_DEFAULT */
	bool full;                /* everything, full frames (no filter, 65535 bytes) */
	int snaplen;              /* 0: WB_CAPTURE_SNAPLEN_DEFAULT (or FULL if @full) */
	const char *save_path;    /* write the capture here (0600, atomically), or NULL */
	const char *ssid;         /* for PSK MIC checks, or NULL */
	const char *passphrase;   /* PSK passphrase for MIC checks, or NULL (copied) */
	const uint8_t *bssid;     /* verify only this BSS (6 bytes), or NULL */
	int drain_ms;             /* stop(): wait at most this long for the last frames;
				     0: WB_CAPTURE_DRAIN_MS_DEFAULT */
};

/* The ops; wb_collector_cfg.priv points to a struct wb_capture_cfg (may be NULL),
 * .ifname names the sniffer, .netns the namespace file it lives in (or NULL), .host the
 * machine of a stream (NULL or local for libpcap here). */
extern const struct wb_collector_ops wb_capture_ops;

struct wb_pmf;

/**
 * wb_capture_pmf - the collector's PMF verifier, e.g. for wb_pmf_expect_forged()
 * @c: an open capture collector (from wb_capture_ops.open)
 * Returns: a borrowed pointer, valid until wb_capture_ops.close(@c).
 */
struct wb_pmf *wb_capture_pmf(struct wb_collector *c);

#endif /* WB_CAPTURE_H */
