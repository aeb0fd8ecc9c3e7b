/*
 * wbench: the throughput collector's roles as the iperf3 binary on a host (a remote one,
 * where our libiperf code cannot run, or this machine when asked): the command lines,
 * with the libiperf roles' semantics, and the test for a refused connection. The parent
 * side (throughput.c) spawns them through the host with their stdout piped to it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "collectors/throughput_i.h"

static void add(struct wb_tp_argv *a, const char *w)
{
	if (a->n < WB_ARRAY_SIZE(a->argv) - 1)
		a->argv[a->n++] = (char *)w;
	a->argv[a->n] = NULL;
}

/* A number, formatted into the argv's own storage. */
static void add_num(struct wb_tp_argv *a, uint64_t v)
{
	char *slot = a->num[a->nnum < WB_ARRAY_SIZE(a->num) ? a->nnum++ : a->nnum - 1];

	snprintf(slot, sizeof(a->num[0]), "%" PRIu64, v);
	add(a, slot);
}

void wb_throughput_iperf3_argv(const struct wb_throughput_params *p, bool server,
			       struct wb_tp_argv *a)
{
	memset(a, 0, sizeof(*a));
	add(a, p->iperf3 ? p->iperf3 : "iperf3");
	if (server) {
		/* one test, JSON at its end, on the test address only */
		add(a, "-s");
		add(a, "-1");
		add(a, "-J");
		add(a, "-B");
		add(a, p->server_addr);
		add(a, "-p");
		add_num(a, p->port);
		return;
	}
	add(a, "-c");
	add(a, p->server_addr);
	add(a, "-p");
	add_num(a, p->port);
	add(a, "-J");
	add(a, "-t");
	add_num(a, p->duration_s);
	add(a, "-O");
	add_num(a, p->omit_s);
	add(a, "-P");
	add_num(a, p->streams);
	if (p->dir == WB_THROUGHPUT_DOWN)
		add(a, "-R");
	if (p->proto == WB_THROUGHPUT_UDP) {
		add(a, "-u");
		add(a, "-b");
		add_num(a, p->udp_bitrate);
	}
	if (wb_throughput_blksize(p)) {
		add(a, "-l");
		add_num(a, wb_throughput_blksize(p));
	}
	add(a, "--connect-timeout");
	add_num(a, p->connect_timeout_ms);
	/* the receiver's view comes back with ours, as for the libiperf client */
	add(a, "--get-server-output");
}

bool wb_throughput_refused(const char *json)
{
	json_t *doc = json ? json_loads(json, 0, NULL) : NULL;
	const char *e = json_string_value(json_object_get(doc, "error"));
	/* 3.12: "unable to connect to server: Connection refused"; 3.7: "error - " before it */
	bool r = e && strstr(e, "unable to connect to server") && strstr(e, "Connection refused");

	json_decref(doc);
	return r;
}

int wb_throughput_iperf3_spawn(struct wb_host *host, const char *netns,
			       const struct wb_throughput_params *p, bool server,
			       struct wb_host_proc **out)
{
	/* JSON on the pipe; iperf3's stderr (warnings) to /dev/null */
	struct wb_host_exec x = { .netns = netns, .pipe_stdout = true };
	struct wb_tp_argv a;

	wb_throughput_iperf3_argv(p, server, &a);
	return wb_host_spawn(host, a.argv, &x, out);
}
