/*
 * wbench: the throughput collector's result object (see throughput.h): the parameters,
 * where and how each role ran, what iperf measured (throughput_parse.c) and the window.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "collectors/throughput_i.h"
#include "wbench/lib/util.h"

/* One role: its host and implementation; its version and attempts come from its output. */
static json_t *role_json(const struct wb_collector *c, const struct wb_tp_side *s,
			 struct wb_host *h)
{
	json_t *o;

	if (s == &c->srv && c->p.client_only)
		return json_pack("{s:n, s:s}", "host", "implementation", "external");
	o = json_pack("{s:s, s:s}", "host", wb_host_name(h),
		      "implementation", s->binary ? "iperf3" : "libiperf");
	if (o && s->binary && json_object_set_new(o, "attempts", json_integer(s->attempts)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int add_roles(const struct wb_collector *c, json_t *r)
{
	json_t *srv = role_json(c, &c->srv, c->p.server_host);
	json_t *cli = role_json(c, &c->cli, c->p.client_host);
	json_t *o = srv && cli ? json_pack("{s:o, s:o}", "server", srv, "client", cli) : NULL;

	if (!o) {
		json_decref(srv);
		json_decref(cli);
		return -ENOMEM;
	}
	return json_object_set_new(r, "roles", o) < 0 ? -ENOMEM : 0;
}

/* The parser's roles (their versions) into ours, so that update() keeps both. */
static int merge_roles(json_t *r, json_t *data)
{
	json_t *mine = json_object_get(r, "roles"), *theirs = json_object_get(data, "roles");
	const char *k;
	json_t *v;

	json_object_foreach(theirs, k, v)
		if (json_object_update(json_object_get(mine, k), v) < 0)
			return -ENOMEM;
	json_object_del(data, "roles");
	return 0;
}

static int add_params(const struct wb_collector *c, json_t *r)
{
	const struct wb_throughput_params *p = &c->p;

	return json_object_set_new(r, "label", json_string(c->label)) < 0 ||
	       json_object_set_new(r, "proto", json_string(p->proto == WB_THROUGHPUT_UDP ?
							    "udp" : "tcp")) < 0 ||
	       json_object_set_new(r, "direction", json_string(p->dir == WB_THROUGHPUT_UP ?
								"up" : "down")) < 0 ||
	       json_object_set_new(r, "server_addr", json_string(p->server_addr)) < 0 ||
	       json_object_set_new(r, "port", json_integer(p->port)) < 0 ||
	       json_object_set_new(r, "streams", json_integer(p->streams)) < 0 ||
	       json_object_set_new(r, "duration_s", json_integer(p->duration_s)) < 0 ||
	       json_object_set_new(r, "omit_s", json_integer(p->omit_s)) < 0 ||
	       json_object_set_new(r, "blksize", json_integer(wb_throughput_blksize(p))) < 0 ||
	       (p->proto == WB_THROUGHPUT_UDP &&
		json_object_set_new(r, "target_bits_per_second",
				    json_integer((json_int_t)p->udp_bitrate)) < 0) ? -ENOMEM : 0;
}

static int add_window(const struct wb_collector *c, json_t *r)
{
	int64_t begin, end, start;
	double secs = json_number_value(json_object_get(r, "seconds"));
	json_t *w;

	if (!wb_tp_side_json(&c->cli, &begin, &end))
		return 0;
	start = begin + (int64_t)c->p.omit_s * 1000000000LL;
	w = json_pack("{s:I, s:I, s:s}", "start_mono_ns", (json_int_t)start,
		      "end_mono_ns", (json_int_t)(start + (int64_t)(secs * 1e9) < end ?
						  start + (int64_t)(secs * 1e9) : end),
		      "note", c->cli.binary && !wb_host_is_local(c->p.client_host) ?
		      "CLOCK_MONOTONIC of this machine; the start is when the remote iperf3 "
		      "client was started plus omit_s: early by the ssh start-up and the "
		      "connection set-up" :
		      "CLOCK_MONOTONIC; the start is the client's connect time plus "
		      "omit_s, late by the connection set-up (a few round trips)");
	return w && json_object_set_new(r, "window", w) == 0 ? 0 : -ENOMEM;
}

int wb_tp_build_result(struct wb_collector *c)
{
	json_t *r = json_object(), *data = json_object();
	char err[1024] = "";
	int ret;

	if (!r || !data || json_object_set_new(r, "status", json_string("ok")) < 0 ||
	    add_params(c, r) < 0 || add_roles(c, r) < 0)
		goto oom;
	if (!c->failed && !wb_tp_side_json(&c->cli, NULL, NULL))
		wb_tp_explain_silent(c, &c->cli, "client", c->client_netns);
	if (!c->failed) {
		ret = wb_throughput_parse(wb_tp_side_json(&c->cli, NULL, NULL),
					  wb_tp_side_json(&c->srv, NULL, NULL), &c->p, data,
					  err, sizeof(err));
		if (ret == -ENOMEM)
			goto oom;
		if (ret < 0)
			wb_tp_set_failed(c, "%s", err);
	}
	if (c->failed) {
		if (json_object_set_new(r, "status", json_string("traffic_failed")) < 0 ||
		    json_object_set_new(r, "message", json_string(c->msg)) < 0)
			goto oom;
	} else if (merge_roles(r, data) < 0 || json_object_update(r, data) < 0 ||
		   add_window(c, r) < 0) {
		/* update() overwrites "blksize" with the one iperf used */
		goto oom;
	}
	json_decref(data);
	c->result = r;
	return 0;
oom:
	json_decref(r);
	json_decref(data);
	return -ENOMEM;
}

