/*
 * wbench: internal interface between the throughput collector's parent side
 * (throughput.c) and its libiperf roles (throughput_iperf.c). Not for other modules.
 */
#ifndef WB_THROUGHPUT_I_H
#define WB_THROUGHPUT_I_H

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

#endif /* WB_THROUGHPUT_I_H */
