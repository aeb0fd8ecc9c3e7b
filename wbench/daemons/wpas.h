/*
 * wbench: running wpa_supplicant for one cell: write the config (network disabled),
 * start it in the STA's network namespace, enable the network and wait for the
 * connection or a failure, read STATUS, disconnect, stop.
 */
#ifndef WB_WPAS_H
#define WB_WPAS_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/daemons/daemon.h"
#include "wbench/lib/wbench.h"
#include "wbench/daemons/wpas_conf.h"

#define WB_WPAS_START_TIMEOUT_MS 30000
#define WB_WPAS_CONNECT_TIMEOUT_MS 60000
/* Failures that wpa_supplicant retries on its own end the wait after this many. */
#define WB_WPAS_RETRY_LIMIT 3

struct wb_wpas_opts {
	const char *binary;        /* NULL: "wpa_supplicant" from PATH */
	const char *cli;           /* its control client on a remote host, NULL: "wpa_cli" */
	struct wb_host *host;      /* where it runs (required, borrowed) */
	const char *netns;         /* /run/netns/NAME on the host, or NULL */
	const char *dir;           /* private run directory (0700, ours) */
	const char *ifname;        /* the station interface */
	int64_t start_timeout_ms;  /* 0: WB_WPAS_START_TIMEOUT_MS */
	struct wb_wpas_conf conf;  /* conf.ctrl_dir is ignored (set by start) */
};

struct wb_wpas {
	struct wb_daemon d;
	int64_t assoc_ms;       /* ENABLE_NETWORK to CTRL-EVENT-CONNECTED, monotonic; -1 before */
	char fail_event[512];   /* the event that ended a failed connect, or "" */
};

/* wpa_supplicant's STATUS, the fields wbench records. Strings are "" when absent. */
struct wb_wpas_status {
	char wpa_state[24];          /* "COMPLETED", ... */
	char bssid[18];
	unsigned int freq;           /* MHz, 0 if absent */
	uint8_t ssid[32];            /* decoded from STATUS's escaped text */
	size_t ssid_len;
	char key_mgmt[32];           /* "SAE", "WPA2-PSK", "WPA2-PSK-SHA256", "OWE", "NONE" */
	char pairwise_cipher[24];
	char group_cipher[24];
	char mgmt_group_cipher[24];  /* "BIP", "BIP-GMAC-256", ... when PMF is in use */
	int pmf;                     /* 0 (absent: no PMF), 1 or 2 (the AP's MFPR) */
	char address[18];            /* our own MAC */
};

/**
 * wb_wpas_opts_init - defaults: wpa_supplicant (and wpa_cli) from PATH, no host (set one),
 * network starts disabled.
 */
void wb_wpas_opts_init(struct wb_wpas_opts *o);

/** wb_wpas_init - an idle instance (safe to release). */
void wb_wpas_init(struct wb_wpas *w);

/**
 * wb_wpas_start - write the config and start wpa_supplicant -Dnl80211 -i IF -c CONF -t
 * @w: an initialised instance; it may be started again once stopped
 * @o: options (borrowed for the call)
 * @c: cancel source (may be NULL)
 *
 * The network stays disabled until wb_wpas_connect.
 * Returns: 0, -EINVAL (bad config, reported), -EIO (wpa_supplicant exited: see its log),
 * -ETIMEDOUT, -ECANCELED, or another negative errno.
 */
int wb_wpas_start(struct wb_wpas *w, const struct wb_wpas_opts *o,
		  struct wb_cancel *c) WB_MUST_CHECK;

/**
 * wb_wpas_connect - enable the network and wait for CTRL-EVENT-CONNECTED
 * @timeout_ms: 0 for WB_WPAS_CONNECT_TIMEOUT_MS
 *
 * Sets assoc_ms on success. Ends early on a terminal failure: SSID-TEMP-DISABLED (wrong
 * key, or repeated connection failures), ASSOC-REJECT (other than status 30, "try again
 * later"), an unknown SAE password identifier, the daemon exiting, or
 * WB_WPAS_RETRY_LIMIT disconnections or network-not-found scans.
 * Returns: 0; -EIO (failure event in fail_event; all events in wb_wpas_events);
 * -ETIMEDOUT; -ECANCELED; or another negative errno.
 */
int wb_wpas_connect(struct wb_wpas *w, int64_t timeout_ms, struct wb_cancel *c) WB_MUST_CHECK;

/**
 * wb_wpas_reconnect - after wb_wpas_disconnect, RECONNECT and wait as wb_wpas_connect does
 * (same returns; assoc_ms is the time from RECONNECT to the connection)
 */
int wb_wpas_reconnect(struct wb_wpas *w, int64_t timeout_ms, struct wb_cancel *c) WB_MUST_CHECK;

/** wb_wpas_status - STATUS into @st. Returns 0 or a negative errno. */
int wb_wpas_status(struct wb_wpas *w, struct wb_wpas_status *st) WB_MUST_CHECK;

/**
 * wb_wpas_status_parse - parse a STATUS reply (key=value lines; unknown keys ignored)
 * Returns: 0, or -EINVAL when a known field is malformed (e.g. a bad ssid escape).
 */
int wb_wpas_status_parse(const char *text, struct wb_wpas_status *st) WB_MUST_CHECK;

/**
 * wb_wpas_disconnect - DISCONNECT and wait for CTRL-EVENT-DISCONNECTED (the deauth it sends
 * is protected under PMF and so part of the PMF evidence)
 * Returns: 0, -ETIMEDOUT, or a negative errno.
 */
int wb_wpas_disconnect(struct wb_wpas *w, int64_t timeout_ms, struct wb_cancel *c) WB_MUST_CHECK;

/** wb_wpas_log - wpa_supplicant's output so far (new string, caller frees). */
int wb_wpas_log(const struct wb_wpas *w, char **text) WB_MUST_CHECK;

/** wb_wpas_events - events seen (borrowed, see wb_daemon_events). */
const char *wb_wpas_events(const struct wb_wpas *w);

/** wb_wpas_stop - TERMINATE, reap, remove sockets. Idempotent. Returns 0 or -errno. */
int wb_wpas_stop(struct wb_wpas *w);

/** wb_wpas_release - stop and free. NULL-safe. */
void wb_wpas_release(struct wb_wpas *w);

/** wb_wpas_version - "2.10" from `wpa_supplicant -v` (see wb_daemon_version). */
int wb_wpas_version(struct wb_host *host, const char *binary, char *out,
		    size_t len) WB_MUST_CHECK;

#endif /* WB_WPAS_H */
