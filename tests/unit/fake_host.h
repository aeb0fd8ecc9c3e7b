/*
 * Test helper: a scripted host (a struct wb_host_ops backend) for the cell walk
 * (test_cell_walk.c). Files are this machine's: they go through a real local host into
 * the test's private directory. "hostapd" and "wpa_supplicant" are forked fake daemons:
 * each binds its control socket where the daemon layer expects it (ctrl_interface of the
 * config written through the host, and the interface name), answers with the framing of
 * the real ones (replies, "<3>" events to the attached connection) and acts out its part
 * of the script: come up, fail with a fixture's log lines and events, stay silent, exit.
 * The libiperf roles (wb_host_spawn_fn) fail to start, exit without output, hang, or
 * write a canned iperf result. The script can fire the cancel source at a chosen moment,
 * from the parent or from inside a fake daemon, as a signal would.
 */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <stdbool.h>

#include "wbench/host/host_i.h"
#include "wbench/lib/proc.h"

/* Addresses the fake daemons report. */
#define FAKE_HOST_AP_MAC "02:00:00:00:01:00"
#define FAKE_HOST_STA_MAC "02:00:00:00:02:00"

enum fake_ap {
	FAKE_AP_UP = 0,     /* STATUS says ENABLED */
	FAKE_AP_FAILS,      /* log lines, then on STATUS: its events (AP-DISABLED...) and exit 1 */
	FAKE_AP_EXITS,      /* log lines and exit 1 before the control socket exists */
	FAKE_AP_SILENT,     /* never enabled, never fails: only TERMINATE ends it */
};

enum fake_sta {
	FAKE_STA_UP = 0,    /* ENABLE_NETWORK: CTRL-EVENT-CONNECTED; DISCONNECT: DISCONNECTED */
	FAKE_STA_EXITS,     /* log lines and exit 255 before the control socket exists */
	FAKE_STA_FAILS,     /* ENABLE_NETWORK: the fixture's events (wrong key, not found...) */
	FAKE_STA_SILENT,    /* ENABLE_NETWORK: OK, then nothing */
};

enum fake_iperf {
	FAKE_IPERF_OK = 0,       /* both roles write a canned result (tcp, down, 1 s omitted + 2 s) */
	FAKE_IPERF_CANNOT_START, /* spawning a role fails with -EAGAIN */
	FAKE_IPERF_EXIT,         /* both roles exit 1 without output */
	FAKE_IPERF_HANG,         /* both roles wait until they are stopped */
};

enum fake_cancel_at {
	FAKE_CANCEL_NEVER = 0,
	FAKE_CANCEL_AP_STATUS,     /* hostapd, answering the first STATUS (AP start) */
	FAKE_CANCEL_STA_ENABLE,    /* wpa_supplicant, answering ENABLE_NETWORK (STA connect) */
	FAKE_CANCEL_IPERF_CLIENT,  /* the parent, spawning the iperf client (traffic) */
};

struct fake_host_script {
	enum fake_ap ap;
	const char *ap_log;        /* fixture file replayed into hostapd's log, or NULL */
	const char *ap_events;     /* fixture file of events FAKE_AP_FAILS sends, or NULL */
	enum fake_sta sta;
	const char *sta_log;       /* fixture file replayed into wpa_supplicant's log, or NULL */
	const char *sta_events;    /* fixture file of events FAKE_STA_FAILS sends, or NULL */
	enum fake_iperf iperf;
	enum fake_cancel_at cancel_at;
};

/**
 * fake_host_new - a fake host acting out @s (copied)
 * @cancel_wfd: the write end fake_cancel_open gave, for FAKE_CANCEL_*
 * @out: receives the new host (free with wb_host_free)
 * Returns: 0 or a negative errno.
 */
int fake_host_new(const struct fake_host_script *s, int cancel_wfd, struct wb_host **out);

/**
 * fake_host_trace - what happened on the host, one line each in order: "spawn NAME" for
 * every child, "hostapd CMD" / "wpa_supplicant CMD" for every request a fake daemon got
 * Returns: a new string (caller frees), or NULL.
 */
char *fake_host_trace(const struct wb_host *h);

/**
 * fake_cancel_open - a cancel source the test controls: its fd is the read end of a pipe
 * that fake_cancel_fire writes one signalfd record into, so wb_cancel_check and every
 * wait see it exactly as they see SIGINT
 * @wfd: receives the write end
 * Returns: 0 or a negative errno. Close both with fake_cancel_close.
 */
int fake_cancel_open(struct wb_cancel *c, int *wfd);

/** fake_cancel_fire - "SIGINT arrives" (async-signal-safe: fake daemons call it too). */
void fake_cancel_fire(int wfd);

/** fake_cancel_close - close both ends. */
void fake_cancel_close(struct wb_cancel *c, int wfd);

#endif /* FAKE_HOST_H */
