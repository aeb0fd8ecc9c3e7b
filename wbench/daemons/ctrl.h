/*
 * wbench: a small client for the hostapd/wpa_supplicant control interface (our own; we do
 * not link hostap's wpa_ctrl). Use one connection for requests and a second, attached one
 * for events (as wpa_cli does), so a reply never has to be told apart from an event that
 * arrived in between. Two transports behind the same calls:
 *
 *   - this machine (wb_ctrl_open): AF_UNIX datagrams; we bind a client socket in our
 *     private directory and connect it to the daemon's socket;
 *   - another host (wb_ctrl_open_cli): the daemon's socket is a datagram socket that ssh
 *     cannot forward, so the host's own hostapd_cli/wpa_cli talks to it. A request is one
 *     run of `CLI -p DIR -i IF -s PRIVATE -- raw WORD...`, whose output is exactly the
 *     reply; events come from one interactive CLI per attached connection, started once
 *     the daemon's socket is there, which attaches by itself and prints each event as a
 *     line "<N>TEXT" between its prompts. hostapd_cli flushes that output only when it
 *     reads a line, so while waiting for an event we send it an empty line every
 *     WB_CTRL_CLI_POKE_MS. Every run is a child on the host (host.h): bounded, ended by
 *     the daemon's exit and the cancel source, reaped.
 *
 * Replies, events, history, timeouts and the daemon's exit (the peer) mean the same for
 * both, so the daemons and the diagnosis do not know which one they use.
 */
#ifndef WB_CTRL_H
#define WB_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/host/host.h"
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

/* cli transport: how often an event wait makes hostapd_cli flush its output. */
#define WB_CTRL_CLI_POKE_MS 100
/* cli transport: after the daemon exits, how long its last events may take to arrive
 * (they travel on another ssh channel than the daemon's exit). */
#define WB_CTRL_CLI_DRAIN_MS 500
/*
 * cli transport: what a request's bound gains for the client's own run on the host (an ssh
 * session, a process start there): tens of milliseconds on a LAN, seconds on a slow AP
 * CPU or in an emulated VM.
 */
#define WB_CTRL_CLI_LINK_MS 30000

struct wb_ctrl;

/* A daemon on another host, reached through its control client there (wb_ctrl_open_cli). */
struct wb_ctrl_cli {
	struct wb_host *host;      /* where the daemon runs (borrowed: outlives the connection) */
	const char *cli;           /* its control client there: "hostapd_cli", "wpa_cli", a path */
	const char *ctrl_dir;      /* the daemon's ctrl_interface directory on @host */
	const char *ifname;        /* its interface: the socket is <ctrl_dir>/<ifname> */
	const char *client_dir;    /* a private directory on @host (ours, 0700): the client's own
				    * sockets (-s) and its HOME (wpa_cli keeps a history file) */
};

/**
 * wb_ctrl_open - connect to a daemon's control socket
 * @daemon_path: the daemon's socket, e.g. <ctrl_dir>/wlan0
 * @client_dir: private directory for our own socket (bound as <client_dir>/wbc-<random>)
 * @out: receives a new connection (caller closes with wb_ctrl_close)
 * Returns: 0 or a negative errno (-ENAMETOOLONG when a path does not fit sun_path,
 * -ECONNREFUSED/-ENOENT when the daemon is not there).
 */
int wb_ctrl_open(const char *daemon_path, const char *client_dir, struct wb_ctrl **out) WB_MUST_CHECK;

/**
 * wb_ctrl_open_cli - a connection to a daemon on another host, through its control client
 * @cfg: where and how (strings copied)
 * @out: receives a new connection (caller closes with wb_ctrl_close)
 *
 * Nothing runs yet: each request is one run of the client, and wb_ctrl_attach starts the
 * interactive one that carries the events.
 * Returns: 0, -EINVAL (a missing field, or an interface name the client could misread), or
 * -ENOMEM.
 */
int wb_ctrl_open_cli(const struct wb_ctrl_cli *cfg, struct wb_ctrl **out) WB_MUST_CHECK;

/**
 * wb_ctrl_close - close and unlink our client socket; on the cli transport, end the event
 * client (end of its input, then stopped if it lingers). NULL-safe.
 */
void wb_ctrl_close(struct wb_ctrl *c);

/**
 * wb_ctrl_set_peer - the daemon process behind @c (borrowed, may be NULL): requests then
 * end with -ESRCH as soon as it exits instead of waiting out their timeout
 */
void wb_ctrl_set_peer(struct wb_ctrl *c, struct wb_proc *peer);

/**
 * wb_ctrl_set_cancel - the cancel source (borrowed, may be NULL) that ends the cli
 * transport's requests and attach, which cross a link (they end with -ECANCELED); the
 * local transport's requests are quick and only bounded
 */
void wb_ctrl_set_cancel(struct wb_ctrl *c, struct wb_cancel *cancel);

/** wb_ctrl_fd - the socket (cli: the event client's output, or -1), for a poll set (borrowed). */
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
 * discarded before sending. On the cli transport @cmd is sent as the words between its
 * single spaces (the client joins them back), a reply is at most 4095 bytes (the clients'
 * buffer), and the bound is @timeout_ms + WB_CTRL_CLI_LINK_MS.
 * Returns: the reply length (>= 0), -ETIMEDOUT, -ESRCH (the peer exited first),
 * -ECONNREFUSED (nobody at the daemon's socket), -EHOSTUNREACH (the host cannot be
 * reached), or another negative errno.
 */
int wb_ctrl_request(struct wb_ctrl *c, const char *cmd, char *reply, size_t len,
		    int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_ctrl_request_ok - wb_ctrl_request for commands that answer "OK"
 * Returns: 0 on "OK", -EPROTO on "FAIL" or anything else, or a negative errno.
 */
int wb_ctrl_request_ok(struct wb_ctrl *c, const char *cmd, int64_t timeout_ms) WB_MUST_CHECK;

/**
 * wb_ctrl_attach - make this connection the event connection ("ATTACH", expect "OK"); on
 * the cli transport, start the interactive client once the daemon's socket is there and
 * wait until it answers a PING, so that no event after the return is missed (one ssh
 * session for both). The peer (wb_ctrl_set_peer) and the cancel source
 * (wb_ctrl_set_cancel) end the wait.
 * Returns: 0, -EPROTO (the daemon refused), -ENOENT (no such client on the host), -ESRCH,
 * -ETIMEDOUT, -ECANCELED, or a negative errno.
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
 * Every event read (matched or not) is added to the connection's history. On the cli
 * transport the events still in flight when the peer exits are read for up to
 * WB_CTRL_CLI_DRAIN_MS before -ESRCH.
 * Returns: the index of the matched prefix (>= 0), -ETIMEDOUT, -ECANCELED, -ESRCH, or
 * another negative errno (-ECONNREFUSED when the daemon's socket went away, -ECONNRESET
 * when the event client ended).
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
