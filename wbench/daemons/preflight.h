/*
 * wbench: what a host has of the tools a lab role needs, asked before any cell runs.
 * Read-only: `command -v`, `TOOL -v`/`--version` and hostapd's `-vFEATURE` probes,
 * through the host (wbench/host/host.h), nothing written or started for long. The
 * answer says what is missing and what that rules out (a role, or some security
 * profiles in a role), as JSON for results and `probe --lab`, and as one line of text.
 *
 * On this machine wbench talks to the daemons' sockets itself and runs iperf and the
 * capture from its own libraries, so only hostapd and wpa_supplicant matter there; on a
 * remote host every tool is the host's own.
 */
#ifndef WB_PREFLIGHT_H
#define WB_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "wbench/host/host.h"
#include "wbench/lib/wbench.h"

enum wb_preflight_tool {
	WB_PREFLIGHT_HOSTAPD = 0,
	WB_PREFLIGHT_WPA_SUPPLICANT,
	WB_PREFLIGHT_HOSTAPD_CLI,
	WB_PREFLIGHT_WPA_CLI,
	WB_PREFLIGHT_IW,
	WB_PREFLIGHT_IPERF3,
	WB_PREFLIGHT_TCPDUMP,
	WB_PREFLIGHT_TOOLS,     /* how many */
};

/* hostapd's build features, probed with `hostapd -vFEATURE` where it supports that. */
enum wb_preflight_feature {
	WB_PREFLIGHT_SAE = 0,
	WB_PREFLIGHT_OWE,
	WB_PREFLIGHT_11W,
	WB_PREFLIGHT_FEATURES,  /* how many */
};

/* A probe's answer: built in, not built in, or not known (no probe in this hostapd). */
enum wb_preflight_answer {
	WB_PREFLIGHT_UNKNOWN = -1,
	WB_PREFLIGHT_NO = 0,
	WB_PREFLIGHT_YES = 1,
};

/* Bound on each command of the preflight. */
#define WB_PREFLIGHT_TIMEOUT_MS 10000
/* The most rule-outs one host can have (a role, or a role's profiles, per reason). */
#define WB_PREFLIGHT_GAPS_MAX 12

struct wb_preflight_opts {
	const char *binaries[WB_PREFLIGHT_TOOLS]; /* a name or path per tool; NULL: its name */
	int64_t timeout_ms;                       /* per command; 0: WB_PREFLIGHT_TIMEOUT_MS */
	struct wb_cancel *cancel;                 /* may be NULL */
};

struct wb_preflight_tool_info {
	char path[256];     /* where `command -v` found it; "" when missing */
	char version[32];   /* "2.10"; "" when it did not say */
};

struct wb_preflight {
	char host[128];                 /* wb_host_name */
	bool local;                     /* the host is this machine */
	struct wb_preflight_tool_info tools[WB_PREFLIGHT_TOOLS];
	enum wb_preflight_answer hostapd[WB_PREFLIGHT_FEATURES];
};

/* What a missing tool or feature rules out on that host. */
struct wb_preflight_gap {
	const char *role;     /* "ap", "sta", "peer", "sniffer", "link" (static) */
	const char *profiles; /* "sae, sae-mixed": the profiles it rules out in the role, or
			       * NULL for the whole role (static) */
	const char *reason;   /* why, for people (static) */
};

/** wb_preflight_opts_init - the tools' own names, the default timeout, no cancel source. */
void wb_preflight_opts_init(struct wb_preflight_opts *o);

/** wb_preflight_tool_name - "hostapd", "wpa_supplicant", ... (static), or "?". */
const char *wb_preflight_tool_name(enum wb_preflight_tool t);

/** wb_preflight_feature_name - "sae", "owe", "11w" (static), or "?". */
const char *wb_preflight_feature_name(enum wb_preflight_feature f);

/**
 * wb_preflight_run - ask @h what it has (read-only)
 * @out: filled in; a tool that is absent has path ""
 * Returns: 0, -EHOSTUNREACH (the host could not be asked), -ECANCELED, -ETIMEDOUT, or a
 *          negative errno.
 */
int wb_preflight_run(struct wb_host *h, const struct wb_preflight_opts *o,
		     struct wb_preflight *out) WB_MUST_CHECK;

/**
 * wb_preflight_gaps - what @p rules out
 * @out: up to WB_PREFLIGHT_GAPS_MAX entries
 * Returns: how many.
 */
size_t wb_preflight_gaps(const struct wb_preflight *p, struct wb_preflight_gap *out);

/**
 * wb_preflight_to_json - {"host", "local", "tools": {NAME: {"path", "version"}},
 * "hostapd_features": {"sae", "owe", "11w": true|false|null}, "missing": [NAME...],
 * "ruled_out": [{"role", "profiles": [NAME...]|null, "reason"}]}
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_preflight_to_json(const struct wb_preflight *p);

/**
 * wb_preflight_line - one line: "HOST: ok (hostapd 2.10, ...)" or
 * "HOST: missing A, B; rules out ROLE[ PROFILES] (REASON); ..."
 */
void wb_preflight_line(const struct wb_preflight *p, char *buf, size_t len);

#endif /* WB_PREFLIGHT_H */
