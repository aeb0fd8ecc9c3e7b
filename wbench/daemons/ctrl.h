/*
 * wbench: a small client for the hostapd/wpa_supplicant control interface (our own; we do
 * not link hostap's wpa_ctrl). AF_UNIX datagrams: we bind a client socket in our private
 * directory and connect it to the daemon's socket. Use one connection for requests and a
 * second, attached one for events (as wpa_cli does), so a reply never has to be told
 * apart from an event that arrived in between.
 */
#ifndef WB_CTRL_H
#define WB_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

/* Largest datagram we accept (hostapd's STA and ALL_STA replies are the largest). */
#define WB_CTRL_MSG_MAX 16384
/* How many bytes of recent events each connection keeps for diagnosis. */
#define WB_CTRL_HISTORY_MAX 8192

/* Event names we wait for (hostap's wpa_ctrl.h spells them the same). */
#define WB_EV_AP_ENABLED        "AP-ENABLED"
#define WB_EV_AP_DISABLED       "AP-DISABLED"
#define WB_EV_CONNECTED         "CTRL-EVENT-CONNECTED"
#define WB_EV_DISCONNECTED      "CTRL-EVENT-DISCONNECTED"
#define WB_EV_TEMP_DISABLED     "CTRL-EVENT-SSID-TEMP-DISABLED"
#define WB_EV_ASSOC_REJECT      "CTRL-EVENT-ASSOC-REJECT"
#define WB_EV_AUTH_REJECT       "CTRL-EVENT-AUTH-REJECT"
#define WB_EV_NETWORK_NOT_FOUND "CTRL-EVENT-NETWORK-NOT-FOUND"
#define WB_EV_SAE_UNKNOWN_PWID  "CTRL-EVENT-SAE-UNKNOWN-PASSWORD-IDENTIFIER"
#define WB_EV_TERMINATING       "CTRL-EVENT-TERMINATING"

struct wb_ctrl;

/**
 * wb_ctrl_open - connect to a daemon's control socket
 * @daemon_path: the daemon's socket, e.g. <ctrl_dir>/wlan0
 * @client_dir: private directory for our own socket (bound as <client_dir>/wbc-<random>)
 * @out: receives a new connection (caller closes with wb_ctrl_close)
 * Returns: 0 or a negative errno (-ENAMETOOLONG when a path does not fit sun_path,
 * -ECONNREFUSED/-ENOENT when the daemon is not there).
 */
int wb_ctrl_open(const char *daemon_path, const char *client_dir, struct wb_ctrl **out) WB_MUST_CHECK;

/** wb_ctrl_close - close and unlink our client socket. NULL-safe. */
void wb_ctrl_close(struct wb_ctrl *c);

/**
 * wb_ctrl_set_peer - the daemon process behind @c (borrowed, may be NULL): requests then
 * end with -ESRCH as soon as it exits instead of waiting out their timeout
 */
void wb_ctrl_set_peer(struct wb_ctrl *c, struct wb_proc *peer);

/** wb_ctrl_fd - the socket, for a caller's poll set (borrowed). */
int wb_ctrl_fd(const struct wb_ctrl *c);

/**
 * wb_ctrl_request - send @cmd and wait for its reply
 * @c: a connection (not used for events; unsolicited "<N>..." and "IFNAME=..." datagrams are
 *     skipped)
 * @cmd: the command text, e.g. "PING", "STATUS"
 * @reply: receives the reply, always NUL-terminated (one byte is reserved for the NUL;
 *         a longer reply is truncated)
 * @len: size of @reply (at least 1)
 * @timeout_ms: one total deadline for sending and receiving (monotonic)
 *
 * Stale datagrams (e.g. the late reply to an earlier request that timed out) are
 * discarded before sending.
 * Returns: the reply length (>= 0), -ETIMEDOUT, or another negative errno.
 */
int wb_ctrl_request(struct wb_ctrl *c, const char *cmd, char *reply, size_t len,
		    int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_ctrl_request_ok - wb_ctrl_request for commands that answer "OK"
 * Returns: 0 on "OK", -EPROTO on "FAIL" or anything else, or a negative errno.
 */
int wb_ctrl_request_ok(struct wb_ctrl *c, const char *cmd, int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_ctrl_attach - make this connection the event connection ("ATTACH", expect "OK")
 * Returns: 0, -EPROTO (the daemon refused), or a negative errno.
 */
int wb_ctrl_attach(struct wb_ctrl *c, int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_ctrl_wait_event - wait for the first event that starts with one of @prefixes
 * @c: an attached connection
 * @prefixes: NULL-terminated list, matched against the event text after the "<N>" level and
 *            "IFNAME=<if> " prefixes are stripped; a prefix matches whole words: it must
 *            be followed by the end or a space ("AP-ENABLED" does not match
 *            "AP-ENABLED-X"), unless it ends with a space itself; "" matches any event
 * @timeout_ms: total wait (monotonic)
 * @cancel: cancel source (may be NULL)
 * @peer: the daemon's process (may be NULL): when it exits and no event is left to read,
 *        the wait ends with -ESRCH
 * @line: receives the matched event text, stripped and NUL-terminated (may be NULL)
 * @len: size of @line
 *
 * Every event read (matched or not) is added to the connection's history.
 * Returns: the index of the matched prefix (>= 0), -ETIMEDOUT, -ECANCELED, -ESRCH, or
 * another negative errno (-ECONNREFUSED when the daemon's socket went away).
 */
int wb_ctrl_wait_event(struct wb_ctrl *c, const char *const prefixes[], int64_t timeout_ms,
		       struct wb_cancel *cancel, struct wb_proc *peer, char *line, size_t len);

/**
 * wb_ctrl_history - the most recent events read on @c, stripped, one per line
 * Returns: a borrowed string valid until the next call on @c ("" when none).
 */
const char *wb_ctrl_history(const struct wb_ctrl *c);

/**
 * wb_ctrl_event_strip - the event text of a raw datagram: skips "IFNAME=<if> " and "<N>"
 * Returns: a pointer into @msg (borrowed).
 */
const char *wb_ctrl_event_strip(const char *msg);

/**
 * wb_ctrl_is_event - true if the raw datagram @msg is an unsolicited event ("<N>..." or
 * "IFNAME=...")
 */
bool wb_ctrl_is_event(const char *msg);

/**
 * wb_ctrl_wait_socket - wait until the daemon's control socket @path exists
 * @path: socket path; its directory must exist (watched with inotify)
 * @timeout_ms: total wait (monotonic)
 * @proc: the daemon (may be NULL): if it exits first, the wait ends with -ESRCH
 * @cancel: cancel source (may be NULL)
 * Returns: 0, -ETIMEDOUT, -ESRCH, -ECANCELED, or another negative errno.
 */
int wb_ctrl_wait_socket(const char *path, int64_t timeout_ms, struct wb_proc *proc,
			struct wb_cancel *cancel) WB_MUST_CHECK;

#endif /* WB_CTRL_H */
