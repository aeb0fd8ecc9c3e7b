/*
 * wbench: internal interface of the capture collector: capture.c (the collector, libpcap
 * live on this machine), capture_stream.c (tcpdump on a host, its pcap stream read by
 * libpcap here) and capture_monitor.c (the sniffer's monitor interface). Not for other
 * modules.
 */
#ifndef WB_CAPTURE_I_H
#define WB_CAPTURE_I_H

#include <stdbool.h>
#include <stdint.h>

#include <pcap/pcap.h>

#include "collectors/capture.h"
#include "collectors/pmf.h"

struct wb_capture_stream;

struct wb_collector {
	pcap_t *pc;                /* live here, or offline over the stream */
	pcap_dumper_t *dump;
	struct wb_pmf *pmf;
	struct wb_capture_stream *stream;  /* tcpdump on a host, or NULL (ours) */
	struct wb_host *host;      /* borrowed; NULL: this machine */
	char ifname[64];
	char *netns;
	char *filter;
	char *save_path;
	char *save_tmp;
	char *monitor_phy;         /* the phy of the monitor interface we made, or NULL */
	unsigned int monitor_freq_mhz;
	bool monitor_tuned;        /* it listens on monitor_freq_mhz (else where its radio is) */
	int snaplen;
	int dlt;
	int drain_ms;
	bool stopped;
	int error;                 /* first feed/dump error, reported by stop() */
	uint64_t frames, bytes;
	uint64_t dropped, if_dropped;
	bool drops_known;          /* the counters above were read (pcap_stats, tcpdump's) */
};

/** wb_capture_on_frame - the pcap_handler feeding the verifier and the dump (capture.c). */
void wb_capture_on_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *d);

/* --- capture_stream.c --- */

/**
 * wb_capture_stream_open - start `tcpdump -i IF -U -s SNAPLEN -w - -- FILTER` on c->host
 * (in c->netns), wait until it is capturing (its pcap header arrived, bounded by
 * @start_ms and @cancel), and open c->pc offline over the stream
 * @err: PCAP_ERRBUF_SIZE bytes for why it failed (tcpdump's own last words if it said any)
 * Returns: 0 or a negative errno.
 */
int wb_capture_stream_open(struct wb_collector *c, const char *tcpdump, int start_ms,
			   struct wb_cancel *cancel, char *err) WB_MUST_CHECK;

/** wb_capture_stream_fd - the pipe tcpdump writes to (poll it), or -1. */
int wb_capture_stream_fd(const struct wb_capture_stream *s);

/**
 * wb_capture_stream_read - take what arrived (never blocks) and hand every complete
 * frame to libpcap (wb_capture_on_frame)
 * Returns: 0 or a negative errno (a stream that is not pcap, an error from libpcap).
 */
int wb_capture_stream_read(struct wb_collector *c) WB_MUST_CHECK;

/**
 * wb_capture_stream_stop - read until tcpdump has been quiet for a moment (bounded by
 * c->drain_ms), stop it (its last frames and statistics come out then), read to the
 * end of the stream and the drop counters from its log
 * Returns: 0 or a negative errno.
 */
int wb_capture_stream_stop(struct wb_collector *c) WB_MUST_CHECK;

/** wb_capture_stream_json - the result's "stream" object (tcpdump, host, bytes, ...). */
json_t *wb_capture_stream_json(const struct wb_capture_stream *s);

/**
 * wb_capture_stream_replay - @data (a pcap stream) as if it arrived in pieces of @chunk
 * bytes, through the record finder and libpcap into a verifier (no process, no pipe):
 * for the fuzz target tests/fuzz/fuzz_capture_stream.c
 * @pmf: the verifier's result (new), on success
 * Returns: 0 or a negative errno.
 */
int wb_capture_stream_replay(const uint8_t *data, size_t len, size_t chunk,
			     json_t **pmf) WB_MUST_CHECK;

/** wb_capture_stream_free - stop tcpdump if it runs, remove its directory; NULL-safe. */
void wb_capture_stream_free(struct wb_capture_stream *s);

/* --- capture_monitor.c --- */

/**
 * wb_capture_monitor_add - create the monitor interface c->ifname on @phy tuned to
 * @freq_mhz (0: leave it) and bring it up: nl80211 on this machine, `iw`/`ip` on a
 * remote host. Returns: 0 or a negative errno (reported).
 */
int wb_capture_monitor_add(struct wb_collector *c, const char *phy,
			   unsigned int freq_mhz) WB_MUST_CHECK;

/** wb_capture_monitor_del - remove the monitor interface made by _add (if any). */
void wb_capture_monitor_del(struct wb_collector *c);

#endif /* WB_CAPTURE_I_H */
