/*
 * wbench: internal interface between the throughput collector's parent side
 * (throughput.c), its libiperf roles (throughput_iperf.c) and its iperf3-binary roles
 * (throughput_remote.c). Not for other modules.
 */
#ifndef WB_THROUGHPUT_I_H
#define WB_THROUGHPUT_I_H

#include <stdarg.h>

#include "collectors/throughput.h"

/* First line a role writes to its pipe: "wbench-iperf 1 BEGIN_NS END_NS ATTEMPTS". */
#define WB_TP_HEADER "wbench-iperf 1"

/* What a forked role needs; it lives in the parent's memory, which the child copies. */
struct wb_throughput_child {
	const struct wb_throughput_params *p;
	int out_fd;            /* write end of the result pipe */
	int ready_fd;          /* server: write end; client: read end; -1: no local server */
	int close_fd[2];       /* inherited descriptors the child must not keep, or -1 */
	int64_t connect_deadline_ms;
};

/**
 * wb_throughput_blksize - the block size the test uses: @p->blksize, or 1460 for UDP
 * when it is 0 (3.12 would keep the 128 KiB TCP default and fail with EMSGSIZE)
 */
unsigned int wb_throughput_blksize(const struct wb_throughput_params *p);

/**
 * wb_throughput_server_main - the one-off iperf server (a wb_proc_fork function)
 * @arg: struct wb_throughput_child
 * Returns: the child's exit status (0 when its output was written).
 */
int wb_throughput_server_main(void *arg);

/**
 * wb_throughput_client_main - the iperf client, retrying refused connections until the
 * connect deadline (a wb_proc_fork function)
 * @arg: struct wb_throughput_child
 * Returns: the child's exit status (0 when its output was written).
 */
int wb_throughput_client_main(void *arg);

/* One role as the parent sees it. */
struct wb_tp_side {
	const char *name;           /* "iperf-server", "iperf-client" */
	struct wb_host_proc *proc;  /* the role's process, NULL before start (ours) */
	bool binary;                /* the iperf3 binary: fd is its stdout (the proc's), its
				     * output JSON alone; else libiperf: our pipe, our header */
	int fd;                     /* where its output comes from; -1 after EOF */
	char *buf;                  /* everything it wrote */
	size_t len, cap;
	bool eof;
	int64_t begin_ns, end_ns;   /* binary: spawned, output ended (CLOCK_MONOTONIC) */
	unsigned int attempts;      /* binary client: how often it was started */
};

/* The collector (collectors/collector.h), shared by throughput.c and throughput_result.c. */
struct wb_collector {
	struct wb_throughput_params p;  /* strings point at the copies below */
	char *label, *addr, *server_netns, *client_netns, *iperf3;
	struct wb_tp_side srv, cli;
	int epfd;                       /* the sides' descriptors and retry_tfd */
	int retry_tfd;                  /* restarts a refused binary client, or -1 */
	int64_t start_ms, deadline_ms, srv_grace_ms;  /* srv_grace_ms: 0 until the client ended */
	int64_t connect_deadline_ms;
	unsigned int backoff_ms;        /* before the next restart of a refused binary client */
	bool started, stopped, failed;
	char msg[1024];                 /* why the traffic failed */
	json_t *result;
};

/**
 * wb_tp_side_json - the JSON text a role wrote (after our header for libiperf), or NULL
 * @begin, @end: the role's start and end (CLOCK_MONOTONIC ns), may be NULL
 */
const char *wb_tp_side_json(const struct wb_tp_side *s, int64_t *begin, int64_t *end);

/** wb_tp_set_failed - the traffic failed; the first cause is kept. */
void wb_tp_set_failed(struct wb_collector *c, const char *fmt, ...) WB_PRINTF(2, 3);

/** wb_tp_explain_silent - a role that gave no output: say how it ended. */
void wb_tp_explain_silent(struct wb_collector *c, struct wb_tp_side *s, const char *role,
			  const char *netns);

/** wb_tp_build_result - c->result from both roles' output (throughput_result.c). */
int wb_tp_build_result(struct wb_collector *c) WB_MUST_CHECK;

/* An iperf3 command line with the storage of its numbers. */
struct wb_tp_argv {
	char *argv[40];
	char num[10][24];
	size_t n, nnum;
};

/**
 * wb_throughput_iperf3_argv - the iperf3 command line of a role, with the libiperf
 * role's semantics: server `-s -1 -J -B ADDR -p PORT`; client `-c ADDR -p PORT -J -t -O -P
 * [-R] [-u -b RATE] [-l BLKSIZE] --connect-timeout MS --get-server-output`. Options that
 * iperf3 3.7 (OpenWrt 19.07) already has.
 * @a: filled; a->argv is NULL-terminated and points into @p and @a
 */
void wb_throughput_iperf3_argv(const struct wb_throughput_params *p, bool server,
			       struct wb_tp_argv *a);

/**
 * wb_throughput_iperf3_spawn - start a role as iperf3 on @host (in @netns there, or
 * NULL), its JSON on a pipe (wb_host_proc_stdout)
 * Returns: 0 or a negative errno.
 */
int wb_throughput_iperf3_spawn(struct wb_host *host, const char *netns,
			       const struct wb_throughput_params *p, bool server,
			       struct wb_host_proc **out) WB_MUST_CHECK;

/**
 * wb_throughput_refused - true when @json is an iperf client's output whose error is a
 * refused connection (the server is not listening yet: try again)
 */
bool wb_throughput_refused(const char *json);

#endif /* WB_THROUGHPUT_I_H */
