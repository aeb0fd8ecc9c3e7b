/*
 * The active PMF check, as the WFA tests do it: forge unprotected frames spoofing the AP
 * and see whether the station falls for them. With PMF the station drops them (for
 * reasons 6 and 7 it starts an SA Query, visible in the capture); without PMF it
 * disconnects, and the results say so plainly.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wbench/wifi/ieee80211.h"
#include "collectors/capture.h"
#include "collectors/pmf.h"
#include "wbench/run/cell_i.h"
#include "wbench/sys/inject.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

/* How long the station gets to react to one forged frame (it acts within milliseconds;
 * the emulated VM can stall for a second or two). */
#define REACT_MS 4000
#define RECONNECT_MS 60000

/* Protected unicast robust frames the capture has verified so far (after draining it). */
static long protected_unicast(struct wb_collector *cap)
{
	json_t *r = NULL;
	long n = -1;

	if (!cap)
		return -1;
	wb_capture_ops.read(cap);
	if (wb_pmf_result(wb_capture_pmf(cap), &r) == 0) {
		n = (long)json_integer_value(json_object_get(r, "protected_unicast"));
		json_decref(r);
	}
	return n;
}

/* Tells the capture's verifier the frame is ours (not a finding of the AP's), sends it.
 * Returns 0 or a negative errno. */
static int send_forged(struct wb_collector *cap, int fd, const struct wb_inject_frame *f)
{
	if (cap)
		(void)!wb_pmf_expect_forged(wb_capture_pmf(cap), f->subtype, f->da, f->sa, f->reason,
					    f->seq);
	return wb_inject_send(fd, f);
}

/* Whether the station reports a disconnection within @ms. */
static bool disconnected_within(const struct wb_cell_ctx *x, struct wb_wpas *w, int64_t ms)
{
	static const char *const disc[] = { "CTRL-EVENT-DISCONNECTED", NULL };
	char line[256];

	return wb_ctrl_wait_event(w->d.ev, disc, ms, x->cancel, wb_daemon_peer(&w->d), line,
				  sizeof(line)) == 0;
}

/* Sends one forged frame and waits for a disconnection. Returns 1 disconnected, 0 not. */
static int forge_one(const struct wb_cell_ctx *x, struct wb_wpas *w, struct wb_collector *cap,
		     int fd, struct wb_inject_frame *f, json_t *list)
{
	const char *name = f->subtype == 12 ? "deauth" : "disassoc";
	long before = protected_unicast(cap), after;
	json_t *o;
	bool gone;

	if (send_forged(cap, fd, f) < 0) {
		json_array_append_new(list, json_pack("{s:s, s:i, s:s}", "frame", name,
						      "reason", f->reason, "outcome", "not_sent"));
		return 0;
	}
	gone = disconnected_within(x, w, REACT_MS);
	after = protected_unicast(cap);
	o = json_pack("{s:s, s:i, s:s}", "frame", name, "reason", f->reason,
		      "outcome", gone ? "disconnected" : "ignored");
	/*
	 * A PMF station answers reason 6/7 with an SA Query: a protected request and the AP's
	 * protected response are the only protected robust frames expected in the window.
	 */
	if (o && before >= 0 && after >= 0)
		json_object_set_new(o, "protected_robust_frames_after", json_integer(after - before));
	json_array_append_new(list, o);
	return gone;
}

/* After a disconnection: the station reconnects by itself; wait for it (bounded). */
static void await_reconnect(const struct wb_cell_ctx *x, struct wb_wpas *w)
{
	static const char *const conn[] = { "CTRL-EVENT-CONNECTED", NULL };
	char line[256];

	(void)wb_ctrl_wait_event(w->d.ev, conn, RECONNECT_MS, x->cancel, wb_daemon_peer(&w->d),
				 line, sizeof(line));
}

/*
 * active_check.burst: N forged deauths (reason 7) @interval apart. A PMF station stays
 * associated and answers with an SA Query only now and then (wpa_supplicant starts at
 * most one per 10 s for unprotected disconnects): far fewer protected robust frames than
 * two per forged frame. A station without PMF is disconnected; each disconnection counts.
 */
static json_t *burst(const struct wb_cell_ctx *x, struct wb_wpas *w, struct wb_collector *cap,
		     int fd, struct wb_inject_frame *f)
{
	unsigned int n = x->sc->deauth_burst, sent = 0, disconnects = 0;
	long before = protected_unicast(cap), after;
	json_t *o;

	f->subtype = 12;
	f->reason = 7;
	for (unsigned int i = 0; i < n && !wb_cancel_check(x->cancel); i++) {
		f->seq = (uint16_t)(1002 + i);
		sent += send_forged(cap, fd, f) == 0;
		/* the interval is also the time a disconnection has to show */
		if (disconnected_within(x, w, x->sc->burst_interval_ms)) {
			disconnects++;
			await_reconnect(x, w);
		}
	}
	/* the last frame's SA Query, if any, before counting */
	if (disconnected_within(x, w, REACT_MS)) {
		disconnects++;
		await_reconnect(x, w);
	}
	after = protected_unicast(cap);
	o = json_pack("{s:I, s:I, s:I, s:I}", "frames", (json_int_t)n, "sent", (json_int_t)sent,
		      "interval_ms", (json_int_t)x->sc->burst_interval_ms, "disconnects",
		      (json_int_t)disconnects);
	if (o && before >= 0 && after >= 0) {
		json_object_set_new(o, "protected_robust_frames", json_integer(after - before));
		json_object_set_new(o, "sa_query", json_string(
			after == before ? "none" : after - before < 2 * (long)sent ?
			"rate_limited" : "not_limited"));
	} else if (o) {
		json_object_set_new(o, "sa_query", json_string("unknown"));
	}
	return o;
}

json_t *wb_cell_forge(const struct wb_cell_ctx *x, struct wb_wpas *w, struct wb_collector *cap,
		      const char *ap_mac, const char *sta_mac)
{
	struct wb_inject_frame f = { 0 };
	const char *mon = x->ops->injector(x->lab);
	json_t *list, *first, *burst_o;
	long sa_query;
	int fd = -1, r, disconnected = 0;

	if (!mon)
		return json_pack("{s:s, s:s}", "forged_deauth", "not_run",
				 "reason", "this lab has no injector");
	if (wb_80211_addr_parse(sta_mac, f.da) < 0 || wb_80211_addr_parse(ap_mac, f.sa) < 0)
		return json_pack("{s:s, s:s}", "forged_deauth", "not_run",
				 "reason", "station or AP address unknown");
	memcpy(f.bssid, f.sa, 6);
	r = wb_inject_open(mon, NULL, &fd);
	if (r < 0)
		return json_pack("{s:s, s:s}", "forged_deauth", "not_run", "reason", strerror(-r));
	list = json_array();
	/* reason 7 (class 3 frame from a non-associated STA) is an SA Query trigger; reason 3
	 * (leaving) is not. */
	f.subtype = 12;
	f.reason = 7;
	f.seq = 1000;
	disconnected = forge_one(x, w, cap, fd, &f, list);
	/* let it reconnect so the second frame meets a connected station too */
	if (disconnected)
		await_reconnect(x, w);
	f.subtype = 10;
	f.reason = 3;
	f.seq = 1001;
	if (forge_one(x, w, cap, fd, &f, list)) {
		disconnected++;
		if (x->sc->deauth_burst)
			await_reconnect(x, w);
	}
	burst_o = x->sc->deauth_burst ? burst(x, w, cap, fd, &f) : NULL;
	wb_inject_close(fd);
	first = json_array_get(list, 0);
	sa_query = json_integer_value(json_object_get(first, "protected_robust_frames_after"));
	return json_pack("{s:s, s:s, s:o, s:s, s:o*}", "forged_deauth",
			 disconnected ? "disconnected" : "ignored",
			 "sa_query", !json_object_get(first, "protected_robust_frames_after") ?
			 "unknown" : sa_query >= 2 ? "seen" : "not_seen",
			 "frames", list, "injector", mon, "burst", burst_o);
}
