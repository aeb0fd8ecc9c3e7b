/*
 * wbench: running hostapd for one cell: write the config, start it in the AP's network
 * namespace, wait for AP-ENABLED (or the failure), query stations, stop it.
 */
#ifndef WB_HOSTAPD_H
#define WB_HOSTAPD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/daemons/daemon.h"
#include "wbench/daemons/hostapd_conf.h"
#include "wbench/lib/wbench.h"

/*
 * The one AP start timeout: under TCG emulation hostapd takes seconds to bring a radio
 * up, and a run's cells have needed more than 30 s there.
 */
#define WB_HOSTAPD_START_TIMEOUT_MS 60000

struct wb_hostapd_opts {
	const char *binary;        /* NULL: "hostapd" from PATH */
	const char *cli;           /* its control client on a remote host, NULL: "hostapd_cli" */
	struct wb_host *host;      /* where it runs (required, borrowed) */
	const char *netns;         /* /run/netns/NAME on the host, or NULL for its own namespace */
	const char *dir;           /* private run directory (0700, ours) */
	int64_t start_timeout_ms;  /* 0: WB_HOSTAPD_START_TIMEOUT_MS */
	struct wb_hostapd_conf conf; /* the network; conf.ctrl_dir is ignored (set by start) */
};

struct wb_hostapd {
	struct wb_daemon d;
	int64_t enable_ms;     /* spawn to AP-ENABLED, monotonic */
	char fail_event[256];  /* the event that ended a failed start, or "" */
	int exit_code;         /* hostapd's exit status after a failed start, or -1 */
};

/* One station as hostapd's "STA <addr>" reports it. */
struct wb_ap_sta {
	char addr[18];
	char flags[160];   /* e.g. "[AUTH][ASSOC][AUTHORIZED][MFP]" */
	char akm[24];      /* AKMSuiteSelector, e.g. "00-0f-ac-8" (SAE); "" if absent */
	bool authorized;
	bool mfp;          /* the station uses PMF */
};

/**
 * wb_hostapd_opts_init - defaults: hostapd (and hostapd_cli) from PATH, no host (set one), no
 * netns, default timeout.
 */
void wb_hostapd_opts_init(struct wb_hostapd_opts *o);

/** wb_hostapd_init - an idle instance (safe to release). */
void wb_hostapd_init(struct wb_hostapd *h);

/**
 * wb_hostapd_start - write the config, start hostapd with -t, wait until the AP is up
 * @h: an initialised instance; it may be started again once stopped
 * @o: options (borrowed for the call)
 * @c: cancel source (may be NULL)
 *
 * Success is AP-ENABLED, or STATUS state=ENABLED (the AP may come up before we can
 * attach). On failure the daemon's log (wb_hostapd_log) and events stay available for
 * wb_diagnose; the process is reaped either way.
 * Returns: 0; -EINVAL (bad config, reported); -EIO (AP-DISABLED, or hostapd exited;
 * see fail_event and exit_code); -ETIMEDOUT; -ECANCELED; or another negative errno.
 */
int wb_hostapd_start(struct wb_hostapd *h, const struct wb_hostapd_opts *o,
		     struct wb_cancel *c) WB_MUST_CHECK;

/** wb_hostapd_log - hostapd's output so far: see wb_daemon_log (new string, caller frees). */
int wb_hostapd_log(const struct wb_hostapd *h, char **text) WB_MUST_CHECK;

/** wb_hostapd_events - events seen (borrowed, see wb_daemon_events). */
const char *wb_hostapd_events(const struct wb_hostapd *h);

/**
 * wb_hostapd_sta - query one station ("STA <addr>")
 * Returns: 0, -ENOENT (unknown station), or a negative errno.
 */
int wb_hostapd_sta(struct wb_hostapd *h, const char *addr, struct wb_ap_sta *out) WB_MUST_CHECK;

/**
 * wb_hostapd_all_sta - every associated station (STA-FIRST / STA-NEXT)
 * @out: array of @max entries
 * @n: receives the count (at most @max; more stations are not reported)
 * Returns: 0 or a negative errno.
 */
int wb_hostapd_all_sta(struct wb_hostapd *h, struct wb_ap_sta *out, size_t max,
		       size_t *n) WB_MUST_CHECK;

/**
 * wb_hostapd_sta_parse - parse a "STA" reply (the address line, then key=value lines)
 * Returns: 0, -ENOENT for an empty or "FAIL" reply, -EINVAL when malformed.
 */
int wb_hostapd_sta_parse(const char *text, struct wb_ap_sta *out) WB_MUST_CHECK;

/**
 * wb_hostapd_deauth - deauthenticate a station ("DEAUTHENTICATE <addr>"), protected when it
 * uses PMF. Returns: 0 or a negative errno (-EPROTO when hostapd refused).
 */
int wb_hostapd_deauth(struct wb_hostapd *h, const char *addr) WB_MUST_CHECK;

/** wb_hostapd_stop - TERMINATE, reap, remove sockets. Idempotent. Returns 0 or -errno. */
int wb_hostapd_stop(struct wb_hostapd *h);

/** wb_hostapd_release - stop and free. NULL-safe. */
void wb_hostapd_release(struct wb_hostapd *h);

/** wb_hostapd_version - "2.10" from `hostapd -v` (see wb_daemon_version). */
int wb_hostapd_version(struct wb_host *host, const char *binary, char *out,
		       size_t len) WB_MUST_CHECK;

#endif /* WB_HOSTAPD_H */
