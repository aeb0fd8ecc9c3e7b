/*
 * wbench: a cell's soak (scenario stability.soak_s): after the measured traffic, the same
 * traffic for the soak's length, with the station's events watched all along.
 *
 * The traffic runs as back-to-back iperf tests of stability.soak_segment_s each: iperf
 * keeps every interval of a test in memory until its end, so one test of hours would grow
 * without bound; a segment bounds it. Each segment's per-second intervals go into the
 * soak's series (reports/soak.h, itself bounded). The station's events come timestamped
 * here, on this machine's monotonic clock, like the intervals' windows:
 * CTRL-EVENT-DISCONNECTED is a disconnect, "WPA: Group rekeying completed" a group
 * rekey, "WPA: Key negotiation completed" a pairwise rekey unless it completes a
 * reconnection. A segment that fails is an outage until the next one runs; after one, the
 * station is given its association timeout to come back, and the soak ends early when it
 * does not or when SOAK_FAILS_MAX segments fail in a row.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/capture.h"
#include "collectors/throughput.h"
#include "reports/soak.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"
#include "wbench/run/cell_i.h"

#define SOAK_FAILS_MAX 3
#define SOAK_ROUND_MAX_MS 1000
/* Group key completions closer than this are one rekey (stability.wpa_group_rekey >= 5 s). */
#define GROUP_REPEAT_S 2.0

struct soak_run {
	const struct wb_cell_ctx *x;
	struct wb_wpas *w;
	struct wb_collector *cap;   /* borrowed, may be NULL: drained */
	struct wb_soak s;
	int64_t t0;                 /* wb_now_ms() at the soak's start */
	double last_end;            /* where the series ends, soak seconds */
	double last_group;          /* the last group key completion, soak seconds */
	bool reconnecting;          /* a disconnect was seen: the next key negotiation is not a rekey */
	bool connected;
	bool sta_gone;              /* wpa_supplicant exited */
};

static const char *const soak_events[] = {
	"CTRL-EVENT-DISCONNECTED", "CTRL-EVENT-CONNECTED", "WPA: Group rekeying completed",
	"WPA: Key negotiation completed", NULL
};

static double soak_now(const struct soak_run *r)
{
	return (double)(wb_now_ms() - r->t0) / 1000.0;
}

static int reason_of(const char *line)
{
	const char *p = strstr(line, " reason=");
	char *end;
	long v;

	if (!p)
		return -1;
	v = strtol(p + 8, &end, 10);
	return end != p + 8 && v >= 0 && v < 65536 ? (int)v : -1;
}

/* One event, as wb_ctrl_wait_event matched it (@k: the index in soak_events). */
static void on_event(struct soak_run *r, int k, const char *line)
{
	double t = soak_now(r);

	switch (k) {
	case 0:
		r->connected = false;
		r->reconnecting = true;
		(void)wb_soak_event(&r->s, WB_SOAK_DISCONNECT, t, reason_of(line));
		break;
	case 1:
		r->connected = true;
		break;
	case 2:
		/* A second completion this close is the same rekey: the AP resent message 1
		 * of the group key handshake and the station answered both. */
		if (t - r->last_group >= GROUP_REPEAT_S)
			(void)wb_soak_event(&r->s, WB_SOAK_REKEY_GROUP, t, -1);
		r->last_group = t;
		break;
	case 3:
		if (!r->reconnecting)
			(void)wb_soak_event(&r->s, WB_SOAK_REKEY_PTK, t, -1);
		r->reconnecting = false;
		break;
	}
}

/* Reads the station's events for up to @ms (0: those queued). Returns 0 or -ECANCELED. */
static int pump(struct soak_run *r, int64_t ms)
{
	int64_t until = wb_now_ms() + ms;
	char line[512];

	for (;;) {
		int64_t left = until - wb_now_ms();
		int k = wb_ctrl_wait_event(r->w->d.ev, soak_events, left > 0 ? left : 0, r->x->cancel,
					   wb_daemon_peer(&r->w->d), line, sizeof(line));

		if (k >= 0) {
			on_event(r, k, line);
			continue;
		}
		if (k == -ECANCELED)
			return k;
		if (k != -ETIMEDOUT)
			r->sta_gone = true; /* -ESRCH: it exited; else its socket is gone */
		return 0;
	}
}

/* A segment's intervals into the series; the time since the last sample, if a second or
 * more, is an outage. */
static void add_intervals(struct soak_run *r, const json_t *tp, double seg_start)
{
	const json_t *w = json_object_get(tp, "window"), *iv;
	double base = seg_start;
	size_t i;

	if (json_is_integer(json_object_get(w, "start_mono_ns")))
		base = ((double)json_integer_value(json_object_get(w, "start_mono_ns")) / 1e6 -
			(double)r->t0) / 1000.0;
	json_array_foreach(json_object_get(tp, "intervals"), i, iv) {
		double st = base + json_number_value(json_object_get(iv, "start"));
		double secs = json_number_value(json_object_get(iv, "seconds"));

		if (json_is_true(json_object_get(iv, "omitted")))
			continue;
		if (st < r->last_end)
			st = r->last_end; /* the window's start is late by the connection set-up */
		if (st - r->last_end >= 1.0)
			(void)wb_soak_add(&r->s, r->last_end, st - r->last_end, 0, true);
		else
			r->s.gap_s += st - r->last_end;
		if (wb_soak_add(&r->s, st, secs, json_number_value(json_object_get(iv,
				"bits_per_second")), false) == 0)
			r->last_end = st + secs;
	}
}

/* Runs one segment of @secs, drains the capture and reads the events meanwhile.
 * Returns 0 (the segment's result in *@out, or NULL if it could not start) or -ECANCELED. */
static int segment(struct soak_run *r, const struct wb_throughput_params *tp, json_t **out)
{
	const struct wb_collector_ops *ops = &wb_throughput_collector;
	const struct wb_collector_cfg cfg = { .label = "soak", .priv = tp };
	struct wb_collector *c = NULL;
	int64_t deadline = wb_now_ms() + wb_throughput_deadline_ms(tp);
	int ret = 0;

	*out = NULL;
	if (ops->open(&cfg, &c) < 0)
		return 0;
	if (ops->start(c) == 0) {
		while (!wb_throughput_done(c) && wb_now_ms() < deadline) {
			struct pollfd fds[3];
			int n = 0, fd;
			struct wb_wait wt;

			fds[n++] = (struct pollfd){ .fd = ops->poll_fd(c), .events = POLLIN };
			if ((fd = wb_ctrl_fd(r->w->d.ev)) >= 0)
				fds[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
			if (r->cap && (fd = wb_capture_ops.poll_fd(r->cap)) >= 0)
				fds[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
			wb_wait_init(&wt, SOAK_ROUND_MAX_MS, r->x->cancel);
			if ((ret = wb_wait_round(&wt, fds, (size_t)n)) == -ECANCELED)
				break;
			ret = 0;
			if (fds[0].revents)
				ops->read(c);
			if (n > 1 && fds[1].revents && (ret = pump(r, 0)) < 0)
				break;
			if (n > 2 && fds[2].revents)
				wb_capture_ops.read(r->cap);
		}
	}
	(void)ops->stop(c);
	if (ret == 0 && ops->result(c, out) < 0)
		*out = NULL;
	ops->close(c);
	return ret;
}

/* After a failed segment: the station comes back by itself within its association
 * timeout, or the soak ends. Returns 0 or -ECANCELED. */
static int await_station(struct soak_run *r)
{
	int64_t until = wb_now_ms() + wb_cell_ms(r->x->timeouts.sta_connect_ms,
						 WB_CELL_STA_CONNECT_TIMEOUT_MS);
	struct wb_wpas_status st;

	if (wb_wpas_status(r->w, &st) == 0 && !strcmp(st.wpa_state, "COMPLETED"))
		r->connected = true;
	else
		r->connected = false;
	while (!r->connected && !r->sta_gone && wb_now_ms() < until)
		if (pump(r, until - wb_now_ms()) < 0)
			return -ECANCELED;
	return 0;
}

/* The soak's segments until its end. Returns 0, -ECANCELED or -ENOMEM. */
static int soak_loop(struct soak_run *r, struct wb_throughput_params *tp)
{
	unsigned int soak_s = r->x->sc->soak_s, fails = 0;

	while (soak_now(r) < soak_s - 1.0) {
		double start = soak_now(r), left = soak_s - start;
		const char *why = NULL;
		json_t *res = NULL;
		const char *status;

		tp->duration_s = left < r->x->sc->soak_segment_s ? (unsigned int)left :
			r->x->sc->soak_segment_s;
		if (segment(r, tp, &res) < 0) {
			json_decref(res);
			return -ECANCELED;
		}
		status = json_string_value(json_object_get(res, "status"));
		if (status && !strcmp(status, "ok")) {
			add_intervals(r, res, start);
			fails = 0;
		} else {
			why = json_string_value(json_object_get(res, "message"));
			why = why ? why : "the traffic did not start";
			fails++;
		}
		if (wb_soak_segment(&r->s, why) < 0) {
			json_decref(res);
			return -ENOMEM;
		}
		json_decref(res);
		if (pump(r, 0) < 0 || (why && await_station(r) < 0))
			return -ECANCELED;
		if (why) {
			double now = soak_now(r);

			(void)wb_soak_add(&r->s, r->last_end, now - r->last_end, 0, true);
			r->last_end = now;
		}
		if (r->sta_gone || (why && !r->connected) || fails >= SOAK_FAILS_MAX) {
			if (json_array_size(r->s.failures) < WB_SOAK_LIST_MAX)
				json_array_append_new(r->s.failures, json_string(r->sta_gone ?
				"wpa_supplicant exited: the soak ended early" : !r->connected ?
				"the station did not reconnect: the soak ended early" :
				"segments failed in a row: the soak ended early"));
			break;
		}
	}
	return 0;
}

int wb_cell_soak(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
		 struct wb_wpas *w, struct wb_collector *cap, json_t *cell, bool *connected)
{
	struct soak_run r = { .x = x, .w = w, .cap = cap, .connected = true,
			      .last_group = -GROUP_REPEAT_S };
	struct wb_throughput_params tp;
	json_t *o;
	int ret;

	if (!x->sc->soak_s)
		return 0;
	if (wb_soak_init(&r.s, x->sc->stall_pct / 100.0) < 0)
		return -ENOMEM;
	wb_cell_traffic_params(x, pc, &tp);
	tp.omit_s = 0; /* the measured traffic before it was the warm-up */
	r.t0 = wb_now_ms();
	ret = soak_loop(&r, &tp);
	*connected = r.connected && !r.sta_gone;
	if (ret == 0) {
		o = wb_soak_result(&r.s, x->sc->soak_s, x->sc->soak_segment_s);
		if (!o || json_object_set_new(cell, "soak", o) < 0)
			ret = -ENOMEM;
		wb_debug("soak: %u segments, %zu samples", r.s.segments, r.s.n);
	}
	wb_soak_release(&r.s);
	return ret;
}
