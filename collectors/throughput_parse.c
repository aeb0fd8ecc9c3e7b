/*
 * wbench: iperf JSON -> the throughput result object (see throughput.h). libiperf 3.12
 * locally; the iperf3 binary of a host may be another version: 3.7 (OpenWrt 19.07) is
 * read too. Before 3.11 a UDP test has no end.sum_sent/sum_received, only end.sum (the
 * sender's bytes and rate with the receiver's jitter and loss): the goodput is then the
 * sender's bytes less the lost share, and the result says so (goodput_note).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "collectors/throughput.h"
#include "wbench/lib/util.h"

static int put(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

/* A number at @key of @o, or an error naming the JSON path. */
static int need_num(json_t *o, const char *path, const char *key, double *v,
		    char *err, size_t errlen)
{
	json_t *x = json_object_get(o, key);

	if (!json_is_number(x)) {
		wb_errbuf_set(err, errlen, "iperf JSON: '%s.%s' is missing or not a number", path,
			      key);
		return -EINVAL;
	}
	*v = json_number_value(x);
	return 0;
}

/* Copy the number at @key of @from to @to (optional keys: absent stays absent). */
static int copy_num(json_t *to, const char *tokey, json_t *from, const char *key)
{
	json_t *x = json_object_get(from, key);

	if (!json_is_number(x))
		return 0;
	return json_object_set(to, tokey, x);
}

static json_t *obj_at(json_t *o, const char *k1, const char *k2)
{
	o = json_object_get(o, k1);
	return k2 ? json_object_get(o, k2) : o;
}

/* "error" of an iperf document, or NULL. */
static const char *iperf_error(json_t *doc)
{
	return json_string_value(json_object_get(doc, "error"));
}

static json_t *load(const char *text, const char *who, char *err, size_t errlen)
{
	json_error_t je;
	/* No JSON_REJECT_DUPLICATES: 3.12 repeats "target_bitrate" in UDP "start". */
	json_t *doc = json_loads(text, 0, &je);

	if (!doc)
		wb_errbuf_set(err, errlen, "cannot parse the %s's iperf JSON at line %d column "
			      "%d: %s", who, je.line, je.column, je.text);
	else if (!json_is_object(doc)) {
		wb_errbuf_set(err, errlen, "the %s's iperf JSON is not an object", who);
		json_decref(doc);
		doc = NULL;
	}
	return doc;
}

/*
 * One interval from the receiver's "sum" (goodput, UDP loss) joined with the sender's
 * interval of the same index (TCP retransmits live only there).
 */
static json_t *interval_json(json_t *rsum, json_t *ssum)
{
	static const char *const keys[] = { "start", "end", "seconds", "bytes", "bits_per_second" };
	json_t *o = json_object();
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < WB_ARRAY_SIZE(keys); i++)
		if (copy_num(o, keys[i], rsum, keys[i]) < 0)
			goto fail;
	if (put(o, "omitted", json_boolean(json_is_true(json_object_get(rsum, "omitted")))) < 0 ||
	    copy_num(o, "retransmits", ssum, "retransmits") < 0 ||
	    copy_num(o, "jitter_ms", rsum, "jitter_ms") < 0 ||
	    copy_num(o, "lost_packets", rsum, "lost_packets") < 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int add_intervals(json_t *result, json_t *recv_iv, json_t *send_iv, const char *view,
			 char *err, size_t errlen)
{
	json_t *a = json_array(), *iv;
	size_t i;

	if (put(result, "intervals_view", json_string(view)) < 0 || put(result, "intervals", a) < 0)
		return -ENOMEM;
	json_array_foreach(recv_iv, i, iv) {
		json_t *rsum = json_object_get(iv, "sum");
		json_t *ssum = json_object_get(json_array_get(send_iv, i), "sum");

		if (!json_is_object(rsum)) {
			wb_errbuf_set(err, errlen, "iperf JSON: 'intervals[%zu].sum' is missing",
				      i);
			return -EINVAL;
		}
		if (json_array_append_new(a, interval_json(rsum, ssum)) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int add_cpu(json_t *result, json_t *end)
{
	json_t *cpu = json_object_get(end, "cpu_utilization_percent"), *o;

	if (!json_is_object(cpu))
		return 0;
	o = json_deep_copy(cpu);
	if (!o || json_object_set_new(o, "scope", json_string(
		"iperf processes only (getrusage of the iperf client as host_*, the server as "
		"remote_*; not system CPU, no softirq: see the cpu collector)")) < 0) {
		json_decref(o);
		return -ENOMEM;
	}
	return put(result, "iperf_cpu_utilization_percent", o);
}

/* iperf before 3.11, UDP: end.sum only. */
static int add_old_udp_sums(json_t *result, json_t *sum, char *err, size_t errlen)
{
	double bps, bytes, packets = json_number_value(json_object_get(sum, "packets"));
	double lost = json_number_value(json_object_get(sum, "lost_packets")), share = 1.0;
	int r = need_num(sum, "end.sum", "bits_per_second", &bps, err, errlen);

	if (r == 0)
		r = need_num(sum, "end.sum", "bytes", &bytes, err, errlen);
	if (r < 0)
		return r;
	if (packets > 0 && lost >= 0 && lost <= packets)
		share = (packets - lost) / packets;
	return put(result, "bits_per_second", json_real(bps * share)) < 0 ||
	       put(result, "bytes", json_integer((json_int_t)(bytes * share))) < 0 ||
	       copy_num(result, "seconds", sum, "seconds") < 0 ||
	       copy_num(result, "sender_bits_per_second", sum, "bits_per_second") < 0 ||
	       copy_num(result, "sender_bytes", sum, "bytes") < 0 ||
	       copy_num(result, "jitter_ms", sum, "jitter_ms") < 0 ||
	       copy_num(result, "lost_packets", sum, "lost_packets") < 0 ||
	       copy_num(result, "packets", sum, "packets") < 0 ||
	       copy_num(result, "lost_percent", sum, "lost_percent") < 0 ||
	       put(result, "goodput_note", json_string("iperf before 3.11 reports no UDP "
		   "receiver sum: goodput = the sender's end.sum less the lost share "
		   "((packets - lost_packets) / packets)")) < 0 ? -ENOMEM : 0;
}

/* The receiver's goodput and the sender's view, from end.sum_received and end.sum_sent. */
static int add_sums(json_t *result, json_t *end, const struct wb_throughput_params *p,
		    char *err, size_t errlen)
{
	json_t *recv = json_object_get(end, "sum_received"), *sent = json_object_get(end, "sum_sent");
	double v;
	int r;

	if ((!json_is_object(recv) || !json_is_object(sent)) && p->proto == WB_THROUGHPUT_UDP &&
	    json_is_object(json_object_get(end, "sum")))
		return add_old_udp_sums(result, json_object_get(end, "sum"), err, errlen);
	if (!json_is_object(recv) || !json_is_object(sent)) {
		wb_errbuf_set(err, errlen, "iperf JSON: 'end.sum_received' or 'end.sum_sent' is "
			      "missing");
		return -EINVAL;
	}
	r = need_num(recv, "end.sum_received", "bits_per_second", &v, err, errlen);
	if (r < 0)
		return r;
	if (put(result, "bits_per_second", json_real(v)) < 0 ||
	    copy_num(result, "bytes", recv, "bytes") < 0 ||
	    copy_num(result, "seconds", recv, "seconds") < 0 ||
	    copy_num(result, "sender_bits_per_second", sent, "bits_per_second") < 0 ||
	    copy_num(result, "sender_bytes", sent, "bytes") < 0 ||
	    copy_num(result, "retransmits", sent, "retransmits") < 0)
		return -ENOMEM;
	if (p->proto == WB_THROUGHPUT_UDP &&
	    (copy_num(result, "jitter_ms", recv, "jitter_ms") < 0 ||
	     copy_num(result, "lost_packets", recv, "lost_packets") < 0 ||
	     copy_num(result, "packets", recv, "packets") < 0 ||
	     copy_num(result, "lost_percent", recv, "lost_percent") < 0))
		return -ENOMEM;
	return 0;
}

/* Each end's iperf version ("iperf 3.7"): roles.{client,server}.iperf_version. */
static int add_versions(json_t *result, json_t *cli, json_t *srv_view)
{
	json_t *roles = json_object(), *cv = obj_at(cli, "start", "version");
	json_t *sv = obj_at(srv_view, "start", "version");

	if (put(result, "roles", roles) < 0 ||
	    (json_is_string(cv) && json_object_set(result, "iperf_version", cv) < 0) ||
	    (json_is_string(cv) && put(roles, "client", json_pack("{s:O}", "iperf_version", cv)) < 0) ||
	    (json_is_string(sv) && put(roles, "server", json_pack("{s:O}", "iperf_version", sv)) < 0))
		return -ENOMEM;
	return 0;
}

int wb_throughput_parse(const char *client_json, const char *server_json,
			const struct wb_throughput_params *p, json_t *result,
			char *err, size_t errlen)
{
	json_t *cli = NULL, *srv = NULL, *end, *srv_view, *x;
	json_t *recv_iv, *send_iv;
	const char *view = "receiver";
	int r;

	if (!client_json) {
		wb_errbuf_set(err, errlen, "the iperf client sent no output");
		return -EIO;
	}
	cli = load(client_json, "client", err, errlen);
	if (!cli)
		return -EINVAL;
	if (iperf_error(cli)) {
		wb_errbuf_set(err, errlen, "iperf client: %s", iperf_error(cli));
		r = -EIO;
		goto out;
	}
	srv_view = json_object_get(cli, "server_output_json");
	if (!json_is_object(srv_view) && server_json) {
		srv = load(server_json, "server", err, errlen);
		if (!srv) {
			r = -EINVAL;
			goto out;
		}
		srv_view = srv;
	}
	end = json_object_get(cli, "end");
	r = add_sums(result, end, p, err, errlen);
	if (r < 0)
		goto out;
	r = -ENOMEM;
	/* The block size iperf really used (its TCP default when we left it 0). */
	x = obj_at(obj_at(cli, "start", "test_start"), "blksize", NULL);
	if ((json_is_integer(x) && json_object_set(result, "blksize", x) < 0) ||
	    add_versions(result, cli, srv_view) < 0)
		goto out;
	/* The receiver's intervals carry goodput: the server's when the client sends. */
	if (p->dir == WB_THROUGHPUT_UP) {
		recv_iv = json_object_get(srv_view, "intervals");
		send_iv = json_object_get(cli, "intervals");
	} else {
		recv_iv = json_object_get(cli, "intervals");
		send_iv = json_object_get(srv_view, "intervals");
	}
	if (!json_is_array(recv_iv)) {
		/* No server output: the client's own view is all there is (sender when up). */
		recv_iv = json_object_get(cli, "intervals");
		send_iv = recv_iv;
		view = p->dir == WB_THROUGHPUT_UP ? "sender" : "receiver";
	}
	r = add_intervals(result, recv_iv, send_iv, view, err, errlen);
	if (r < 0)
		goto out;
	r = add_cpu(result, end);
out:
	if (r == -ENOMEM)
		wb_errbuf_set(err, errlen, "out of memory");
	json_decref(cli);
	json_decref(srv);
	return r;
}
