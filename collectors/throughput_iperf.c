/*
 * wbench: the libiperf roles of the throughput collector, run in forked children
 * (libiperf keeps process-global state). Everything here runs in a child only.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stdint.h>
#include <iperf_api.h>

#include "collectors/throughput_i.h"
#include "wbench/lib/util.h"

unsigned int wb_throughput_blksize(const struct wb_throughput_params *p)
{
	/* 3.12 keeps the 128 KiB TCP default for UDP set up through the API: EMSGSIZE. */
	if (p->proto == WB_THROUGHPUT_UDP && !p->blksize)
		return 1460;
	return p->blksize;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Header line (timings for the window), then iperf's JSON text. */
static int send_output(int fd, int64_t begin_ns, int64_t end_ns, unsigned int attempts,
		       const char *json)
{
	char hdr[128];
	int n = snprintf(hdr, sizeof(hdr), WB_TP_HEADER " %" PRId64 " %" PRId64 " %u\n",
			 begin_ns, end_ns, attempts);

	if (write_all(fd, hdr, (size_t)n) < 0)
		return 1;
	if (json && write_all(fd, json, strlen(json)) < 0)
		return 1;
	return 0;
}

static void child_common(const struct wb_throughput_child *a)
{
	/* libiperf does not ignore SIGPIPE (its main() does); wb_proc resets it to default. */
	signal(SIGPIPE, SIG_IGN);
	if (a->close_fd[0] >= 0)
		close(a->close_fd[0]);
	if (a->close_fd[1] >= 0)
		close(a->close_fd[1]);
}

static struct iperf_test *new_test(char role)
{
	struct iperf_test *t = iperf_new_test();

	if (!t)
		return NULL;
	iperf_defaults(t);
	iperf_set_test_role(t, role);
	iperf_set_test_json_output(t, 1);
	/* Otherwise iperf_json_finish() also prints the whole JSON on stdout. */
	iperf_set_test_logfile(t, "/dev/null");
	return t;
}

static bool has_error_key(const char *text)
{
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	bool r = json_is_string(json_object_get(doc, "error"));

	json_decref(doc);
	return r;
}

int wb_throughput_server_main(void *arg)
{
	const struct wb_throughput_child *a = arg;
	const struct wb_throughput_params *p = a->p;
	struct iperf_test *t;
	int64_t begin;
	int r;

	child_common(a);
	t = new_test('s');
	if (!t)
		return 1;
	iperf_set_test_server_port(t, (int)p->port);
	iperf_set_test_bind_address(t, p->server_addr);
	iperf_set_test_one_off(t, 1);
	/* listen() follows within microseconds; the client retries that tiny gap. */
	(void)!write(a->ready_fd, "r", 1);
	close(a->ready_fd);
	begin = wb_now_ns();
	if (iperf_run_server(t) < 0 && !has_error_key(iperf_get_test_json_output_string(t))) {
		/* A listen failure returns before any JSON is built: make the error JSON. */
		json_t *e = json_pack("{s:s}", "error", iperf_strerror(i_errno));
		char *text = e ? json_dumps(e, 0) : NULL;

		r = send_output(a->out_fd, begin, wb_now_ns(), 1, text);
		free(text);
		json_decref(e);
	} else {
		r = send_output(a->out_fd, begin, wb_now_ns(), 1,
				iperf_get_test_json_output_string(t));
	}
	iperf_free_test(t);
	return r;
}

static void configure_client(struct iperf_test *t, const struct wb_throughput_params *p)
{
	iperf_set_test_server_hostname(t, p->server_addr);
	iperf_set_test_server_port(t, (int)p->port);
	iperf_set_test_duration(t, (int)p->duration_s);
	iperf_set_test_omit(t, (int)p->omit_s);
	iperf_set_test_num_streams(t, (int)p->streams);
	iperf_set_test_reverse(t, p->dir == WB_THROUGHPUT_DOWN);
	/* The other end's JSON (the receiver's view when sending) comes back with ours. */
	iperf_set_test_get_server_output(t, 1);
	if (p->proto == WB_THROUGHPUT_UDP) {
		set_protocol(t, Pudp);
		iperf_set_test_rate(t, p->udp_bitrate);
	}
	if (wb_throughput_blksize(p))
		iperf_set_test_blksize(t, (int)wb_throughput_blksize(p));
}

int wb_throughput_client_main(void *arg)
{
	const struct wb_throughput_child *a = arg;
	struct iperf_test *t;
	struct pollfd pfd = { .fd = a->ready_fd, .events = POLLIN };
	int64_t begin, left;
	unsigned int attempts = 0, backoff_ms = 1;
	int r;

	child_common(a);
	left = a->connect_deadline_ms - wb_now_ms();
	/* Readable (the byte) or hung up (server gone): either way, try. */
	if (a->ready_fd >= 0 && left > 0)
		(void)poll(&pfd, 1, (int)left);
	if (a->ready_fd >= 0)
		close(a->ready_fd);
	for (;;) {
		bool refused;
		int e;

		t = new_test('c');
		if (!t)
			return 1;
		configure_client(t, a->p);
		left = a->connect_deadline_ms - wb_now_ms();
		iperf_set_test_connect_timeout(t, left > 1 ? (int)left : 1);
		i_errno = IENONE;  /* global, and never reset by libiperf itself */
		errno = 0;
		attempts++;
		begin = wb_now_ns();
		iperf_run_client(t);  /* 3.12 returns 0 on failure in JSON mode: see "error" */
		e = errno;
		refused = i_errno == IECONNECT && e == ECONNREFUSED;
		if (!refused || wb_now_ms() + (int64_t)backoff_ms >= a->connect_deadline_ms)
			break;
		iperf_free_test(t);
		/* A bounded backoff on refusal, the one wait not driven by an event. */
		(void)poll(NULL, 0, (int)backoff_ms);
		backoff_ms = backoff_ms < 64 ? backoff_ms * 2 : 100;
	}
	r = send_output(a->out_fd, begin, wb_now_ns(), attempts,
			iperf_get_test_json_output_string(t));
	iperf_free_test(t);
	return r;
}
