/*
 * The measured part of a cell: libiperf traffic between the ends, and the CPU and link
 * collectors over the measured window only. libiperf 3.12 gives no callback when the
 * test really starts, so the window is timed from the start of the traffic: it opens
 * omit_s after it and lasts the measured seconds (duration_s - omit_s); the skew is the
 * connection set-up, recorded next to the window.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "collectors/capture.h"
#include "collectors/cpu.h"
#include "collectors/link.h"
#include "collectors/throughput.h"
#include "wbench/run/cell_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

struct measure {
	struct wb_collector *tp, *cpu, *link_ap, *link_sta;
	bool window_open, window_closed;
};

static double num(const json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

/* The results' cpu.<end> object from a CPU collector result; NULL without a measurement. */
static json_t *cpu_summary(const json_t *full)
{
	const json_t *all = json_object_get(full, "all"), *busiest = json_object_get(full, "busiest");
	const json_t *maxsi = json_object_get(full, "max_softirq"), *cores = json_object_get(full, "cores");
	json_t *out, *per = json_array(), *c;
	size_t i;

	if (!per)
		return NULL;
	if (!json_is_object(all)) {
		json_decref(per);
		return NULL;
	}
	json_array_foreach(cores, i, c) {
		json_array_append_new(per, json_pack("{s:O?, s:f, s:f, s:f, s:f, s:f}",
						     "cpu", json_object_get(c, "cpu"),
						     "busy_pct", num(c, "busy_pct"),
						     "softirq_pct", num(c, "softirq_pct"),
						     "irq_pct", num(c, "irq_pct"),
						     "user_pct", num(c, "user_pct"),
						     "system_pct", num(c, "system_pct")));
	}
	out = json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:O?, s:f, s:O?, s:o, s:O?, s:O?, s:O?, s:O?}",
			"busy_pct", num(all, "busy_pct"),
			"softirq_pct", num(all, "softirq_pct"),
			"irq_pct", num(all, "irq_pct"),
			"user_pct", num(all, "user_pct"),
			"system_pct", num(all, "system_pct"),
			"max_core_busy_pct", num(busiest, "busy_pct"),
			"max_core", json_object_get(busiest, "cpu"),
			"max_core_softirq_pct", num(maxsi, "softirq_pct"),
			"max_softirq_core", json_object_get(maxsi, "cpu"),
			"per_core", per,
			"definition", json_object_get(full, "definition"),
			"window", json_object_get(full, "window"),
			"resolution_pct", json_object_get(full, "resolution_pct"),
			"series", json_object_get(full, "series"));
	return out;
}

static int open_collectors(const struct wb_cell_ctx *x, struct measure *m,
			   const struct wb_throughput_params *tp)
{
	const struct wb_lab_end *ap = x->ops->end(x->lab, WB_LAB_AP);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	struct wb_collector_cfg cfg = { .label = "traffic", .priv = tp };
	struct wb_cpu_params cp;
	int r;

	r = wb_throughput_collector.open(&cfg, &m->tp);
	if (r < 0)
		return r;
	wb_cpu_params_init(&cp);
	cfg = (struct wb_collector_cfg){ .label = "ap", .host = ap->host, .priv = &cp };
	if (wb_cpu_collector.open(&cfg, &m->cpu) < 0)
		m->cpu = NULL;
	cfg = (struct wb_collector_cfg){ .label = "ap", .netns = ap->netns_path[0] ?
					 ap->netns_path : NULL, .ifname = ap->ifname };
	if (wb_link_collector.open(&cfg, &m->link_ap) < 0)
		m->link_ap = NULL;
	cfg = (struct wb_collector_cfg){ .label = "sta", .netns = sta->netns_path[0] ?
					 sta->netns_path : NULL, .ifname = sta->ifname };
	if (wb_link_collector.open(&cfg, &m->link_sta) < 0)
		m->link_sta = NULL;
	return 0;
}

static void window_open(struct measure *m)
{
	if (m->cpu && wb_cpu_collector.start(m->cpu) < 0)
		wb_warn("cpu collector: start failed");
	if (m->link_ap && wb_link_collector.start(m->link_ap) < 0)
		wb_warn("link collector (ap): start failed");
	if (m->link_sta && wb_link_collector.start(m->link_sta) < 0)
		wb_warn("link collector (sta): start failed");
	m->window_open = true;
}

static void window_close(struct measure *m)
{
	if (!m->window_open || m->window_closed)
		return;
	if (m->cpu && wb_cpu_collector.stop(m->cpu) < 0)
		wb_warn("cpu collector: stop failed");
	if (m->link_ap && wb_link_collector.stop(m->link_ap) < 0)
		wb_warn("link collector (ap): stop failed");
	if (m->link_sta && wb_link_collector.stop(m->link_sta) < 0)
		wb_warn("link collector (sta): stop failed");
	m->window_closed = true;
}

static json_t *result_of(const struct wb_collector_ops *ops, struct wb_collector *c)
{
	json_t *r = NULL;

	if (!c || ops->result(c, &r) < 0)
		return NULL;
	return r;
}

static void fill_cell(struct measure *m, json_t *cell, int64_t traffic_ms)
{
	json_t *tp = result_of(&wb_throughput_collector, m->tp), *cpu = NULL, *sum;
	json_t *t = json_object_get(cell, "throughput");
	const char *status;

	if (tp) {
		json_object_update(t, tp);
		status = json_string_value(json_object_get(tp, "status"));
		json_object_set_new(cell, "status", json_string(status && !strcmp(status, "ok") ?
								"ok" : "traffic_failed"));
		if (!status || strcmp(status, "ok"))
			json_object_set_new(cell, "diagnosis",
					    json_pack("{s:s, s:O?, s:s}", "code", "traffic_failed",
						      "message", json_object_get(tp, "message"),
						      "remedy", "check the link: the station was "
						      "associated but iperf could not run over it"));
		json_decref(tp);
	} else {
		json_object_set_new(cell, "status", json_string("traffic_failed"));
	}
	json_object_set_new(cell, "traffic_s", json_real(traffic_ms / 1000.0));
	if (m->window_closed)
		cpu = result_of(&wb_cpu_collector, m->cpu);
	sum = cpu ? cpu_summary(cpu) : NULL;
	if (sum) {
		json_t *c = json_object_get(cell, "cpu");
		json_t *sta = json_deep_copy(sum);

		/* Both ends of the sim share one kernel: one measurement, said so. */
		json_object_set_new(sta, "same_host_as", json_string("ap"));
		json_object_set_new(c, "ap", sum);
		json_object_set_new(c, "sta", sta);
	}
	json_decref(cpu);
	if (m->window_closed && (m->link_ap || m->link_sta))
		json_object_set_new(cell, "link", json_pack("{s:o?, s:o?}",
			"ap", result_of(&wb_link_collector, m->link_ap),
			"sta", result_of(&wb_link_collector, m->link_sta)));
}

int wb_cell_measure(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell,
		    struct wb_collector *cap)
{
	const struct wb_scenario_traffic *tr = &x->sc->traffic;
	const struct wb_lab_end *ap = x->ops->end(x->lab, WB_LAB_AP);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	struct wb_throughput_params tp;
	struct measure m = { 0 };
	int64_t t0, open_at, close_at, deadline;
	int r, ret = 0;

	wb_throughput_params_init(&tp);
	tp.server_host = ap->host;
	tp.client_host = sta->host;
	tp.server_addr = ap->ip;
	tp.port = x->port;
	tp.server_netns = ap->netns_path[0] ? ap->netns_path : NULL;
	tp.client_netns = sta->netns_path[0] ? sta->netns_path : NULL;
	tp.proto = pc->proto == WB_SCENARIO_PROTO_UDP ? WB_THROUGHPUT_UDP : WB_THROUGHPUT_TCP;
	tp.dir = pc->direction == WB_SCENARIO_DIR_DOWN ? WB_THROUGHPUT_DOWN : WB_THROUGHPUT_UP;
	tp.streams = tr->streams;
	tp.omit_s = tr->omit_s;
	tp.duration_s = tr->duration_s - tr->omit_s; /* iperf -t counts the measured seconds */
	tp.udp_bitrate = tr->bitrate_bps;
	tp.blksize = wb_scenario_blksize(x->sc, pc->proto);
	tp.connect_timeout_ms = 20000;
	tp.cancel = x->cancel;
	r = open_collectors(x, &m, &tp);
	if (r < 0) {
		json_object_set_new(cell, "status", json_string("traffic_failed"));
		json_object_set_new(cell, "diagnosis", json_pack("{s:s, s:s, s:s}", "code",
			"traffic_failed", "message", strerror(-r), "remedy", ""));
		return 0;
	}
	t0 = wb_now_ms();
	r = wb_throughput_collector.start(m.tp);
	open_at = t0 + (int64_t)tr->omit_s * 1000;
	close_at = open_at + (int64_t)tp.duration_s * 1000;
	deadline = t0 + wb_throughput_deadline_ms(&tp);
	while (r == 0 && !wb_throughput_done(m.tp)) {
		struct pollfd fds[4];
		int64_t now = wb_now_ms(), next = deadline;
		int n = 0, fd;

		if (wb_cancel_check(x->cancel)) {
			ret = -ECANCELED;
			break;
		}
		if (now >= deadline)
			break; /* the collector's stop() enforces its own hard deadline */
		if (!m.window_open && now >= open_at)
			window_open(&m);
		if (m.window_open && !m.window_closed && now >= close_at)
			window_close(&m);
		if (!m.window_open && open_at < next)
			next = open_at;
		else if (!m.window_closed && close_at < next)
			next = close_at;
		if ((fd = wb_throughput_collector.poll_fd(m.tp)) >= 0)
			fds[n++] = (struct pollfd){ fd, POLLIN, 0 };
		if (m.cpu && m.window_open && !m.window_closed &&
		    (fd = wb_cpu_collector.poll_fd(m.cpu)) >= 0)
			fds[n++] = (struct pollfd){ fd, POLLIN, 0 };
		/* the sniffer's buffer is drained as frames come: a full capture fills it fast */
		if (cap && (fd = wb_capture_ops.poll_fd(cap)) >= 0)
			fds[n++] = (struct pollfd){ fd, POLLIN, 0 };
		if (wb_cancel_fd(x->cancel) >= 0)
			fds[n++] = (struct pollfd){ wb_cancel_fd(x->cancel), POLLIN, 0 };
		if (poll(fds, (nfds_t)n, (int)(next - now > 1000 ? 1000 : next - now)) <= 0)
			continue;
		for (int i = 0; i < n; i++) {
			if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (fds[i].fd == wb_throughput_collector.poll_fd(m.tp))
				wb_throughput_collector.read(m.tp);
			else if (m.cpu && fds[i].fd == wb_cpu_collector.poll_fd(m.cpu))
				wb_cpu_collector.read(m.cpu);
			else if (cap && fds[i].fd == wb_capture_ops.poll_fd(cap))
				wb_capture_ops.read(cap);
		}
	}
	/* Traffic that ended early (a failure) closes the window where it is. */
	window_close(&m);
	if (m.tp && wb_throughput_collector.stop(m.tp) < 0 && ret == 0)
		wb_debug("throughput collector: stop reported an error");
	if (ret == 0)
		fill_cell(&m, cell, wb_now_ms() - t0);
	wb_throughput_collector.close(m.tp);
	if (m.cpu)
		wb_cpu_collector.close(m.cpu);
	if (m.link_ap)
		wb_link_collector.close(m.link_ap);
	if (m.link_sta)
		wb_link_collector.close(m.link_sta);
	return ret;
}
