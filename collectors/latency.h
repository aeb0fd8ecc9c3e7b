/*
 * wbench: the latency collector. Small ICMP echo probes from the station's end to the
 * iperf peer, at a fixed rate, by the `ping` of the station's host (iputils on Debian,
 * BusyBox on OpenWrt: the options used, -i -c -W -s, mean the same to both), spawned
 * through the host layer in the station's namespace with its output on a pipe, each line
 * parsed as it comes. The same code runs on this machine and over ssh.
 *
 * A run sends a fixed count (ping -c), so ping itself says how many it sent; replies
 * arriving after ping's last wait (-W 1) count as lost, like ping counts them.
 *
 * Result object:
 *   status "ok" | "failed" (+ message), target, interval_ms, size_bytes, sent, received,
 *   duplicates, loss_pct, rtt_ms[] (every reply's round trip, in arrival order; at most
 *   WB_LATENCY_COUNT_MAX), lost_at_s[] (the sequence numbers never answered, as seconds
 *   from the start: where a cut fell; at most WB_LATENCY_LIST_MAX)
 */
#ifndef WB_LATENCY_H
#define WB_LATENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "collectors/collector.h"
#include "wbench/lib/wbench.h"

#define WB_LATENCY_COUNT_MAX 100000u  /* probes per run: a day at 1/s, or 10 000 s at 10/s */
#define WB_LATENCY_LIST_MAX 1000u

struct wb_latency_params {
	struct wb_host *host;       /* where ping runs (borrowed; required) */
	const char *netns;          /* its namespace file, NULL: the current one */
	const char *target;         /* IPv4 or IPv6 address literal */
	unsigned int interval_ms;   /* 10..1000 */
	unsigned int count;         /* probes, 1..WB_LATENCY_COUNT_MAX */
	unsigned int size;          /* payload bytes, 16..1400 (ping -s) */
	const char *ping;           /* the binary, NULL: "ping" from PATH */
	struct wb_cancel *cancel;   /* borrowed; may be NULL */
};

/** wb_latency_params_init - 10 probes/s (100 ms), 56 bytes, count 10; no host or target. */
void wb_latency_params_init(struct wb_latency_params *p);

enum wb_ping_kind { WB_PING_OTHER, WB_PING_REPLY, WB_PING_SUMMARY };

struct wb_ping_line {
	enum wb_ping_kind kind;
	unsigned long seq;          /* REPLY: from 0 (iputils' icmp_seq counts from 1, BusyBox's
				     * seq from 0) */
	double rtt_ms;              /* REPLY: time= */
	bool dup;                   /* REPLY: "(DUP!)" */
	unsigned long transmitted;  /* SUMMARY */
	unsigned long received;     /* SUMMARY */
};

/**
 * wb_latency_parse_line - one line of ping's output (without its newline), iputils or
 * BusyBox: "64 bytes from A: icmp_seq=N ttl=T time=X ms [(DUP!)]", "N packets transmitted,
 * M [packets] received, ..."; anything else is WB_PING_OTHER
 * Returns: 0, or -EINVAL for a line that starts like a reply or a summary but does not
 * parse (a number out of range, no time).
 */
int wb_latency_parse_line(const char *line, struct wb_ping_line *out) WB_MUST_CHECK;

/*
 * The ops. cfg->priv points to a struct wb_latency_params (copied by open; cfg->host and
 * cfg->netns are not used). start spawns ping; poll_fd is its output; stop waits for ping
 * to end (at most interval + 2 s after its last probe is due) and stops it otherwise.
 */
extern const struct wb_collector_ops wb_latency_collector;

/** wb_latency_done - true once ping has ended. NULL-safe (true). */
bool wb_latency_done(const struct wb_collector *c);

#endif /* WB_LATENCY_H */
