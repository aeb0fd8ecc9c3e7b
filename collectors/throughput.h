/*
 * wbench: the throughput collector (libiperf 3.12, or the iperf3 binary on a host).
 *
 * libiperf keeps process-global state, so each role runs in its own forked process
 * (wb_host_spawn_fn on the role's host), each possibly in its own network namespace: the
 * server on the AP side, the client on the STA side. A role on a remote host (our code
 * does not run there) is the iperf3 binary of that host instead, spawned through it with
 * its JSON on a pipe (throughput_remote.c), with the same options; it can be asked for
 * on this machine too (struct wb_throughput_params.server_impl/client_impl). A binary
 * client whose connection is refused (the server not listening yet) is started again
 * until the connect deadline, as the libiperf client retries; a binary client of a local
 * libiperf server starts once that server is about to listen. A one-off server signals through a pipe just before it
 * listens; the client waits for that, then retries refused connections (the server's
 * listen() may still be a few microseconds away) until the connect deadline. Each child
 * sends its JSON text back through a pipe; the parent parses it (jansson, which tolerates
 * the duplicate keys of 3.12's UDP "start" object) and stops and reaps both children on
 * completion, failure, the hard deadline or cancellation.
 *
 * Result object:
 *   status "ok" | "traffic_failed" (+ message), proto, direction, streams, duration_s,
 *   omit_s, blksize, target_bits_per_second (UDP), iperf_version (the client's),
 *   roles{server, client: {host, implementation "libiperf" | "iperf3" | "external",
 *   iperf_version?, attempts?}}, goodput_note? (iperf < 3.11 UDP: see throughput_parse.c),
 *   bits_per_second (receiver goodput: end.sum_received), bytes, seconds,
 *   sender_bits_per_second, sender_bytes, retransmits (TCP sender, when the kernel gives it),
 *   jitter_ms, lost_packets, packets, lost_percent (UDP, receiver),
 *   intervals_view "receiver" | "sender", intervals[{start, end, seconds, bytes,
 *   bits_per_second, omitted, retransmits?, jitter_ms?, lost_packets?}],
 *   iperf_cpu_utilization_percent{scope, host_total, ...} (the iperf processes only),
 *   window{start_mono_ns, end_mono_ns, note} (CLOCK_MONOTONIC, to align the CPU window).
 */
#ifndef WB_THROUGHPUT_H
#define WB_THROUGHPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collectors/collector.h"
#include "wbench/host/host.h"
#include "wbench/lib/proc.h"

enum wb_throughput_proto { WB_THROUGHPUT_TCP, WB_THROUGHPUT_UDP };

enum wb_throughput_dir {
	WB_THROUGHPUT_UP,    /* STA -> AP: the client sends */
	WB_THROUGHPUT_DOWN,  /* AP -> STA: the server sends (iperf reverse mode) */
};

/* How a role runs. */
enum wb_throughput_impl {
	WB_THROUGHPUT_IMPL_AUTO = 0, /* libiperf on this machine, the iperf3 binary on a remote host */
	WB_THROUGHPUT_IMPL_LIBIPERF, /* libiperf in a forked process (this machine only) */
	WB_THROUGHPUT_IMPL_IPERF3,   /* the iperf3 binary on the role's host */
};

struct wb_throughput_params {
	const char *server_addr;     /* the server binds it, the client connects to it */
	unsigned int port;           /* TCP/UDP port, 1..65535 */
	struct wb_host *server_host; /* where the server runs (borrowed; required unless client_only) */
	struct wb_host *client_host; /* where the client runs (borrowed; required) */
	const char *server_netns;    /* namespace file (/run/netns/ap), NULL: cfg->netns or current */
	const char *client_netns;    /* likewise for the client */
	enum wb_throughput_proto proto;
	enum wb_throughput_dir dir;
	unsigned int streams;        /* parallel streams, 1..128 */
	unsigned int duration_s;     /* measured seconds, 1..86400 */
	unsigned int omit_s;         /* warm-up seconds left out of the sums, 0..600 */
	uint64_t udp_bitrate;        /* UDP target per stream, bits/s (0: unlimited: overruns buffers) */
	unsigned int blksize;        /* bytes per write; 0: UDP 1460, TCP iperf's 128 KiB */
	unsigned int connect_timeout_ms; /* how long the client keeps trying to reach the server */
	unsigned int slack_ms;       /* added to the hard deadline (results exchange, teardown) */
	bool client_only;            /* the server runs elsewhere (another host, an iperf3 -s) */
	enum wb_throughput_impl server_impl, client_impl;  /* default AUTO */
	const char *iperf3;          /* the binary on the hosts, NULL: "iperf3" from PATH */
	struct wb_cancel *cancel;    /* borrowed; may be NULL */
};

/**
 * wb_throughput_params_init - defaults: no hosts (set them), 127.0.0.1 port 5201, current
 * namespaces, TCP up,
 * 1 stream, 10 s measured after 2 s omitted, UDP 100 Mbit/s, blksize 0, connect 5000 ms,
 * slack 10000 ms.
 */
void wb_throughput_params_init(struct wb_throughput_params *p);

/**
 * wb_throughput_params_check - validate @p
 * @err: receives "what is wrong" in git style (may be NULL)
 * Returns: 0 or -EINVAL.
 */
int wb_throughput_params_check(const struct wb_throughput_params *p, char *err, size_t errlen);

/**
 * wb_throughput_deadline_ms - the hard limit from start to both children reaped:
 * connect timeout + omit + duration + slack + a quarter of (omit + duration).
 */
int64_t wb_throughput_deadline_ms(const struct wb_throughput_params *p);

/**
 * wb_throughput_parse - build the result from iperf's JSON texts
 * @client_json: the client's JSON (with server_output_json), borrowed
 * @server_json: the server's own JSON, or NULL; used when the client has no server output
 * @p: the parameters the test ran with (proto and direction pick the views)
 * @result: object the keys are added to (status and params are the caller's)
 * @err: on failure, iperf's own error text or what was malformed
 * Returns: 0, -EIO (iperf reported an error), -EINVAL (malformed JSON), -ENOMEM.
 */
int wb_throughput_parse(const char *client_json, const char *server_json,
			const struct wb_throughput_params *p, json_t *result,
			char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_throughput_done - true once both iperf processes ended (or were stopped): the cell
 * loop can call stop() without waiting. NULL-safe (true).
 */
bool wb_throughput_done(const struct wb_collector *c);

/**
 * wb_throughput_run - open, start, wait (bounded by the hard deadline and p->cancel),
 * stop, and return the result object
 * @out: new reference (caller decrefs); set whenever the return value is 0, also when the
 *       traffic failed (status "traffic_failed")
 * Returns: 0, -EINVAL (bad parameters), -ENOMEM, or a negative errno from fork/pipe.
 */
int wb_throughput_run(const struct wb_throughput_params *p, json_t **out) WB_MUST_CHECK;

/*
 * The ops. cfg->priv points to a struct wb_throughput_params (required), copied by open.
 * start forks both roles; poll_fd is readable while iperf output arrives (read drains
 * it); stop waits for the test to end (bounded by the hard deadline and the cancel
 * source) and stops and reaps both processes; close stops them too.
 */
extern const struct wb_collector_ops wb_throughput_collector;

#endif /* WB_THROUGHPUT_H */
