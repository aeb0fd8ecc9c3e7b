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
#include "collectors/latency.h"
#include "collectors/link.h"
#include "collectors/throughput.h"
#include "reports/latency_stats.h"
#include "wbench/run/cell_i.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

/* Bounds one round of the measurement loop, so that the traffic's end (its children's
 * pipes closing, the server's grace after the client) is noticed within this time. */
#define MEASURE_ROUND_MAX_MS 1000

/*
 * The collectors of a cell, driven alike through their ops. The traffic runs around the
 * measured window; CPU and link measure the window only; the capture is the cell's
 * (borrowed): here it is only drained, as frames come, since a full capture fills the
 * sniffer's buffer fast.
 */
enum { M_TRAFFIC, M_CPU, M_LINK_AP, M_LINK_STA, M_LATENCY, M_CAPTURE, M_COUNT };
#define M_WINDOW_FIRST M_CPU      /* M_WINDOW_FIRST..M_WINDOW_LAST measure the window */
#define M_WINDOW_LAST M_LATENCY   /* last: its stop waits for ping's last reply */
#define M_OWNED_LAST M_LATENCY    /* M_TRAFFIC..M_OWNED_LAST are opened and closed here */

struct slot {
	const struct wb_collector_ops *ops;
	struct wb_collector *c;   /* NULL when it could not be opened */
	const char *what;         /* for messages */
};

struct measure {
	struct slot s[M_COUNT];
	json_t *lat_idle;         /* the idle baseline's phase object, or NULL */
	int64_t open_at, close_at, deadline;  /* the window, the traffic's hard end (wb_now_ms) */
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

/* Probes from the station's end to the iperf peer: @rate per second for @secs. */
static void latency_params(const struct wb_cell_ctx *x, struct wb_latency_params *lp,
			   unsigned int rate, unsigned int secs)
{
	const struct wb_lab_end *peer = x->ops->end(x->lab, WB_LAB_PEER);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	uint64_t n = (uint64_t)rate * secs;

	wb_latency_params_init(lp);
	lp->host = sta->host;
	lp->netns = wb_cell_netns(sta);
	lp->target = peer->ip;
	lp->interval_ms = 1000 / rate;
	lp->count = n < 1 ? 1 : n > WB_LATENCY_COUNT_MAX ? WB_LATENCY_COUNT_MAX : (unsigned int)n;
	lp->size = x->sc->latency_size;
	lp->cancel = x->cancel;
}

/*
 * The idle baseline (scenario latency.idle_s): probes on the quiet link just before the
 * traffic, run to their end. Returns the phase object, NULL when off or on failure to
 * start (the loaded phase still runs); *@cancelled when the wait was interrupted.
 */
static json_t *latency_idle(const struct wb_cell_ctx *x, bool *cancelled)
{
	const struct wb_collector_ops *ops = &wb_latency_collector;
	struct wb_latency_params lp;
	struct wb_collector_cfg cfg = { .label = "latency", .priv = &lp };
	struct wb_collector *c;
	json_t *res = NULL, *phase = NULL;

	*cancelled = false;
	if (!x->sc->latency_rate || !x->sc->latency_idle_s)
		return NULL;
	latency_params(x, &lp, WB_SCENARIO_LATENCY_IDLE_RATE, x->sc->latency_idle_s);
	if (ops->open(&cfg, &c) < 0)
		return NULL;
	if (ops->start(c) == 0) {
		struct wb_wait w;

		/* ping ends by itself: its probes, then 1 s for the last reply (-W 1) */
		wb_wait_init(&w, (int64_t)lp.count * lp.interval_ms + 3000, x->cancel);
		while (!wb_latency_done(c)) {
			struct pollfd p = { .fd = ops->poll_fd(c), .events = POLLIN };
			int r = wb_wait_round(&w, &p, 1);

			if (r < 0) {
				*cancelled = r == -ECANCELED;
				break;
			}
			ops->read(c);
		}
	}
	(void)ops->stop(c);
	if (!*cancelled && ops->result(c, &res) == 0)
		phase = wb_latency_phase(res, WB_SCENARIO_LATENCY_IDLE_RATE, 0);
	json_decref(res);
	ops->close(c);
	return phase;
}

/* Opens the collectors; only the traffic is required. Returns 0 or its -errno. */
static int open_collectors(const struct wb_cell_ctx *x, struct measure *m,
			   const struct wb_throughput_params *tp)
{
	const struct wb_lab_end *ap = x->ops->end(x->lab, WB_LAB_AP);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);
	struct wb_cpu_params cp;
	struct wb_latency_params lp;
	const struct wb_collector_cfg cfg[M_OWNED_LAST + 1] = {
		[M_TRAFFIC] = { .label = "traffic", .priv = tp },
		[M_CPU] = { .label = "ap", .host = ap->host, .priv = &cp },
		[M_LINK_AP] = { .label = "ap", .host = ap->host, .netns = wb_cell_netns(ap),
				.ifname = ap->ifname },
		[M_LINK_STA] = { .label = "sta", .host = sta->host, .netns = wb_cell_netns(sta),
				 .ifname = sta->ifname },
		[M_LATENCY] = { .label = "latency", .priv = &lp },
	};
	int r;

	wb_cpu_params_init(&cp);
	if (x->sc->latency_rate)
		latency_params(x, &lp, x->sc->latency_rate, tp->duration_s);
	for (int i = M_TRAFFIC; i <= M_OWNED_LAST; i++) {
		if (i == M_LATENCY && !x->sc->latency_rate) {
			m->s[i].c = NULL;
			continue;
		}
		r = m->s[i].ops->open(&cfg[i], &m->s[i].c);
		if (r < 0) {
			m->s[i].c = NULL;
			if (i == M_TRAFFIC)
				return r;
		}
	}
	return 0;
}

static void close_collectors(struct measure *m)
{
	for (int i = M_TRAFFIC; i <= M_OWNED_LAST; i++) {
		if (m->s[i].c)
			m->s[i].ops->close(m->s[i].c);
		m->s[i].c = NULL;
	}
}

static void window_open(struct measure *m)
{
	for (int i = M_WINDOW_FIRST; i <= M_WINDOW_LAST; i++)
		if (m->s[i].c && m->s[i].ops->start(m->s[i].c) < 0)
			wb_warn("%s: start failed", m->s[i].what);
	m->window_open = true;
}

static void window_close(struct measure *m)
{
	if (!m->window_open || m->window_closed)
		return;
	for (int i = M_WINDOW_FIRST; i <= M_WINDOW_LAST; i++)
		if (m->s[i].c && m->s[i].ops->stop(m->s[i].c) < 0)
			wb_warn("%s: stop failed", m->s[i].what);
	m->window_closed = true;
}

static json_t *result_of(const struct slot *s)
{
	json_t *r = NULL;

	if (!s->c || s->ops->result(s->c, &r) < 0)
		return NULL;
	return r;
}

/* cell.latency from the idle baseline (stolen from @m) and the window's probes. */
static void fill_latency(const struct wb_cell_ctx *x, struct measure *m, json_t *cell)
{
	json_t *res = m->window_closed ? result_of(&m->s[M_LATENCY]) : NULL, *loaded = NULL;

	if (!x->sc->latency_rate)
		return;
	if (res)
		loaded = wb_latency_phase(res, x->sc->latency_rate, 1);
	json_decref(res);
	json_object_set_new(cell, "latency", wb_latency_cell(m->lat_idle, loaded,
		x->ops->end(x->lab, WB_LAB_PEER)->ip, x->sc->latency_size));
	m->lat_idle = NULL;
}

static void fill_cell(struct measure *m, json_t *cell, int64_t traffic_ms)
{
	json_t *tp = result_of(&m->s[M_TRAFFIC]), *cpu = NULL, *sum;
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
		cpu = result_of(&m->s[M_CPU]);
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
	if (m->window_closed && (m->s[M_LINK_AP].c || m->s[M_LINK_STA].c))
		json_object_set_new(cell, "link", json_pack("{s:o?, s:o?}",
			"ap", result_of(&m->s[M_LINK_AP]),
			"sta", result_of(&m->s[M_LINK_STA])));
}

void wb_cell_traffic_params(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
			    struct wb_throughput_params *tp)
{
	const struct wb_scenario_traffic *tr = &x->sc->traffic;
	/* the iperf server: the AP end, or a wired host on the AP's LAN (lab.peer) */
	const struct wb_lab_end *peer = x->ops->end(x->lab, WB_LAB_PEER);
	const struct wb_lab_end *sta = x->ops->end(x->lab, WB_LAB_STA);

	wb_throughput_params_init(tp);
	tp->server_host = peer->host;
	tp->client_host = sta->host;
	tp->server_addr = peer->ip;
	tp->port = x->port;
	tp->server_netns = wb_cell_netns(peer);
	tp->client_netns = wb_cell_netns(sta);
	tp->proto = pc->proto == WB_SCENARIO_PROTO_UDP ? WB_THROUGHPUT_UDP : WB_THROUGHPUT_TCP;
	tp->dir = pc->direction == WB_SCENARIO_DIR_DOWN ? WB_THROUGHPUT_DOWN : WB_THROUGHPUT_UP;
	tp->streams = tr->streams;
	tp->omit_s = tr->omit_s;
	tp->duration_s = tr->duration_s - tr->omit_s; /* iperf -t counts the measured seconds */
	tp->udp_bitrate = tr->bitrate_bps;
	tp->blksize = wb_scenario_blksize(x->sc, pc->proto);
	tp->connect_timeout_ms = (unsigned int)wb_cell_ms(x->timeouts.traffic_connect_ms,
							  WB_CELL_TRAFFIC_CONNECT_TIMEOUT_MS);
	tp->cancel = x->cancel;
}

/* Opens and closes the window on time until the traffic ends (or its hard deadline),
 * draining every collector that has data. Returns 0 or -ECANCELED. */
static int measure_loop(struct measure *m, struct wb_cancel *cancel)
{
	for (;;) {
		struct pollfd fds[M_COUNT];
		int who[M_COUNT], n = 0, fd, r;
		int64_t now = wb_now_ms(), next = m->deadline;
		struct wb_wait w;

		if (wb_throughput_done(m->s[M_TRAFFIC].c))
			return 0;
		if (wb_cancel_check(cancel))
			return -ECANCELED;
		if (now >= m->deadline)
			return 0; /* the collector's stop() enforces its own hard deadline */
		if (!m->window_open && now >= m->open_at)
			window_open(m);
		if (m->window_open && !m->window_closed && now >= m->close_at)
			window_close(m);
		if (!m->window_open && m->open_at < next)
			next = m->open_at;
		else if (!m->window_closed && m->close_at < next)
			next = m->close_at;
		for (int i = 0; i < M_COUNT; i++) {
			if (m->s[i].c && (fd = m->s[i].ops->poll_fd(m->s[i].c)) >= 0) {
				fds[n] = (struct pollfd){ .fd = fd, .events = POLLIN };
				who[n++] = i;
			}
		}
		wb_wait_init(&w, next - now < MEASURE_ROUND_MAX_MS ? next - now : MEASURE_ROUND_MAX_MS,
			     cancel);
		r = wb_wait_round(&w, fds, (size_t)n);
		if (r == -ECANCELED)
			return r;
		if (r < 0 && r != -ETIMEDOUT) {
			/* stop() still waits for the traffic, within its hard deadline */
			wb_debug("measurement: wait failed: %s", strerror(-r));
			return 0;
		}
		for (int k = 0; k < n; k++)
			if (fds[k].revents & (POLLIN | POLLHUP | POLLERR))
				m->s[who[k]].ops->read(m->s[who[k]].c);
	}
}

int wb_cell_measure(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell,
		    struct wb_collector *cap)
{
	struct measure m = { .s = {
		[M_TRAFFIC] = { &wb_throughput_collector, NULL, "throughput collector" },
		[M_CPU] = { &wb_cpu_collector, NULL, "cpu collector" },
		[M_LINK_AP] = { &wb_link_collector, NULL, "link collector (ap)" },
		[M_LINK_STA] = { &wb_link_collector, NULL, "link collector (sta)" },
		[M_LATENCY] = { &wb_latency_collector, NULL, "latency collector" },
		[M_CAPTURE] = { &wb_capture_ops, cap, "capture" },
	} };
	struct wb_throughput_params tp;
	struct slot *traffic = &m.s[M_TRAFFIC];
	bool cancelled;
	int64_t t0;
	int r, ret = 0;

	m.lat_idle = latency_idle(x, &cancelled); /* before the traffic: the quiet link */
	if (cancelled)
		return -ECANCELED;
	wb_cell_traffic_params(x, pc, &tp);
	r = open_collectors(x, &m, &tp);
	if (r < 0) {
		json_object_set_new(cell, "status", json_string("traffic_failed"));
		json_object_set_new(cell, "diagnosis", json_pack("{s:s, s:s, s:s}", "code",
			"traffic_failed", "message", strerror(-r), "remedy", ""));
		json_decref(m.lat_idle);
		return 0;
	}
	t0 = wb_now_ms();
	r = traffic->ops->start(traffic->c);
	m.open_at = t0 + (int64_t)tp.omit_s * 1000;
	m.close_at = m.open_at + (int64_t)tp.duration_s * 1000;
	m.deadline = t0 + wb_throughput_deadline_ms(&tp);
	/* a traffic that did not start has its failure in its result */
	if (r == 0)
		ret = measure_loop(&m, x->cancel);
	/* Traffic that ended early (a failure) closes the window where it is. */
	window_close(&m);
	if (traffic->ops->stop(traffic->c) < 0 && ret == 0)
		wb_debug("throughput collector: stop reported an error");
	if (ret == 0) {
		fill_cell(&m, cell, wb_now_ms() - t0);
		fill_latency(x, &m, cell);
	}
	json_decref(m.lat_idle);
	close_collectors(&m);
	return ret;
}
