/*
 * wbench: lab backends. A lab provides an AP end and a STA end (each a network namespace,
 * a phy, an interface and an IPv4 address), a sniffer interface, optionally an injector
 * (a monitor interface for forged frames), and the crypto-mode switch of the AP.
 *
 * Backends: "sim" (lab_sim.c: mac80211_hwsim radios in namespaces; crypto mode = the AP
 * radio's cipher set), "local" (real radios on this host, each moved into its own
 * namespace; crypto mode = the driver's module parameter, reloaded and read back, see
 * crypto_switch.h) and "ssh" (roles on remote Linux hosts over ssh, the others here):
 * both lab_real.c, which records every change it makes (lab_record.h) for `wbench cleanup`.
 */
#ifndef WB_LAB_H
#define WB_LAB_H

#include <stdarg.h>
#include <stdbool.h>

#include <jansson.h>

#include "collectors/capabilities.h"
#include "wbench/diag/probe.h"
#include "wbench/host/host.h"
#include "wbench/wifi/drivers.h"
#include "wbench/sys/hwsim.h"
#include "wbench/sys/netns.h"
#include "wbench/lib/proc.h"
#include "wbench/scenario/scenario.h"

/*
 * The ends of a lab: AP and STA (each with a radio), the iperf peer (the AP end itself, or
 * a wired host on the AP's LAN: no radio, no interface of ours) and the sniffer (the
 * capture interface, in the sniffer host's own namespace).
 */
enum wb_lab_role { WB_LAB_AP = 0, WB_LAB_STA = 1, WB_LAB_PEER = 2, WB_LAB_SNIFFER = 3 };

struct wb_lab_end {
	struct wb_host *host;               /* where the end's daemons and collectors run (borrowed) */
	char netns[WB_NETNS_NAME_MAX + 1];  /* namespace name, "" for the current one */
	char netns_path[WB_NETNS_NAME_MAX + 16]; /* /run/netns/NAME, "" for the current one */
	char phy[64];
	char ifname[16];
	char ip[16];                        /* IPv4 address, no prefix */
	char cidr[20];                      /* with prefix, e.g. "10.99.0.1/24" */
	const char *bridge;                 /* AP: hostapd's bridge= (lab.ap.bridge), or NULL */
};

/* What the AP radio offers in the current crypto mode, for predictions and diagnosis. */
struct wb_lab_ap_info {
	struct wb_capabilities caps;
	const struct wb_driver *driver;       /* driver-table row (of the modelled driver in the sim) */
	enum wb_crypto_mode mode;
	const struct wb_hwsim_profile *sim;   /* sim only: the radio's profile, else NULL */
};

struct wb_lab;

/* A cell's AP as a lab starts it itself (lab ops ap_start), instead of wbench's hostapd. */
struct wb_lab_ap_conf {
	const struct wb_scenario_security *sec; /* the cell's security entry (borrowed) */
	size_t cell;                            /* the cell's order, for markers */
	int64_t timeout_ms;                     /* bound on the start; <= 0: the lab's own */
};

/* What came of it; the caller frees @evidence and @log (also on failure). */
struct wb_lab_ap_outcome {
	int64_t enable_ms;     /* from the start until the BSS was enabled */
	json_t *evidence;      /* new object for the cell (the steps without their stdin, the
				* status seen, the log marker): never a secret */
	char *log;             /* the AP's log lines since the start, secret-free (for the
				* classifier and the cell's evidence), or NULL */
	char reason[256];      /* -EOPNOTSUPP: why the AP cannot run this profile */
};

/* ap_start's answer when the lab does not provide the AP: the cell starts hostapd. Not 1,
 * which a cell's step returns when the cell has ended (an "unsupported" cell started its
 * own hostapd on the router when they were the same). */
#define WB_LAB_AP_OWN 2

/* When a described step happens in a run (for `wbench run --dry-run`). */
enum wb_lab_when {
	WB_LAB_AT_START = 0, /* once, when the lab is set up */
	WB_LAB_AT_CRYPTO,    /* at each switch of the crypto mode */
	WB_LAB_PER_CELL,     /* in every cell */
	WB_LAB_AT_END,       /* once, at the end, on every exit path */
};
#define WB_LAB_WHENS 4 /* how many */

/*
 * One step a run takes on a host, and how it is undone: what --dry-run prints, before
 * anything is set up. Texts name things as the run will (a namespace "wbench-ap-<pid>"),
 * and never hold a secret.
 */
struct wb_lab_action {
	char *host;            /* "local" or a lab.hosts name */
	enum wb_lab_when when;
	char *what;            /* the command or file edit, e.g. "ip netns add wbench-ap-<pid>" */
	char *undo;            /* how and when it is undone; NULL: nothing to undo (a read) */
};

/* The steps of a run in the order they are added (lab_actions.c). */
struct wb_lab_actions {
	struct wb_lab_action *v;
	size_t n, cap;
};

/* What a read-only preflight found (`wbench run --dry-run --preflight`). */
struct wb_lab_finding {
	char *host;            /* "local" or a lab.hosts name */
	bool problem;          /* it rules something out (the text says what) */
	char *text;            /* e.g. "hostapd v2.10: sae, owe, 11w" */
};

struct wb_lab_findings {
	struct wb_lab_finding *v;
	size_t n, cap;
};

/* A role's radio as `wbench probe --lab` shows it. */
struct wb_lab_probe {
	char role[16];          /* "ap", "sta", "sniffer" */
	char host[64];          /* "local" or a lab.hosts name */
	struct wb_probe_phy phy;
};

struct wb_lab_probes {
	struct wb_lab_probe *v;
	size_t n, cap;
};

/** wb_lab_probes_add - a new zeroed entry at the end (borrowed), or NULL (no memory). */
struct wb_lab_probe *wb_lab_probes_add(struct wb_lab_probes *p);

/** wb_lab_probes_release - free the entries; @p is empty again. NULL-safe. */
void wb_lab_probes_release(struct wb_lab_probes *p);

struct wb_lab_ops {
	const char *name;
	/*
	 * simulated - no real radios: both crypto modes run mac80211's software crypto, so
	 * throughput and CPU cannot show the cost of nohwcrypt (results and the table say so).
	 */
	bool simulated;
	/** open - prepare the lab (namespaces, the STA end, the sniffer); *out is new. */
	int (*open)(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab **out);
	/**
	 * set_crypto - put the AP into @mode (WB_CRYPTO_HW or WB_CRYPTO_SW) and verify it
	 * took effect
	 * @evidence: receives a new object saying how it was set and what was read back
	 * @err: on failure, one line naming what failed (driver_reload_failed)
	 */
	int (*set_crypto)(struct wb_lab *l, enum wb_crypto_mode mode, json_t **evidence,
			  char *err, size_t errlen);
	/**
	 * end - the AP, STA, peer or sniffer end (borrowed, valid until the next set_crypto
	 * or close); the sniffer's is NULL without a sniffer
	 */
	const struct wb_lab_end *(*end)(const struct wb_lab *l, enum wb_lab_role r);
	/** ap_info - capabilities of the AP radio as it is now. */
	int (*ap_info)(struct wb_lab *l, struct wb_lab_ap_info *out);
	/** sniffer - capture interface in wbench's own namespace, or NULL (borrowed). */
	const char *(*sniffer)(const struct wb_lab *l);
	/** injector - a monitor interface for forged frames (created on first use), or NULL. */
	const char *(*injector)(struct wb_lab *l);
	/** environment - a new object describing the lab for the results. */
	int (*environment)(struct wb_lab *l, json_t **out);
	/** close - restore the original crypto setting, remove radios and namespaces; NULL-safe. */
	void (*close)(struct wb_lab *l);
	/**
	 * describe - what a run of @sc does on each host and how each step is undone, for
	 * `wbench run --dry-run`: from the scenario alone, touching nothing (no namespace,
	 * radio, file, process or connection). Optional: NULL when the backend cannot say.
	 * Returns: 0 or -ENOMEM.
	 */
	int (*describe)(const struct wb_scenario *sc, struct wb_lab_actions *out);
	/**
	 * preflight - read-only checks of the hosts of @sc (`--dry-run --preflight`): what
	 * is there, what is missing and what that rules out. Connections and reads are
	 * allowed, changes are not. Optional: NULL when the backend has none.
	 * Returns: 0, or a negative errno when the checks could not run (reported).
	 */
	int (*preflight)(const struct wb_scenario *sc, struct wb_cancel *c,
			 struct wb_lab_findings *out);
	/**
	 * probe - read-only, as preflight: each role's radio on its host as `wbench probe`
	 * reports a radio (docs/probe.md), appended to @out; what kept a role from being
	 * probed into @found. Optional: NULL when the backend has no radios before a run
	 * (the sim makes its own).
	 * Returns: 0 or -ENOMEM.
	 */
	int (*probe)(const struct wb_scenario *sc, struct wb_cancel *c,
		     struct wb_lab_probes *out, struct wb_lab_findings *found);
	/**
	 * ap_start - the cell's AP, when the lab provides it (an OpenWrt router's netifd);
	 * bounded by @conf->timeout_ms, cancellable. Optional: NULL means WB_LAB_AP_OWN.
	 * Returns: 0 (the BSS is enabled), WB_LAB_AP_OWN (not the lab's: start wbench's
	 *          hostapd), -EOPNOTSUPP (the AP cannot run the profile: @out->reason says
	 *          why; the cell is "unsupported"), -ECANCELED, or another negative errno
	 *          (the AP did not start: @out->log for the diagnosis).
	 */
	int (*ap_start)(struct wb_lab *l, const struct wb_lab_ap_conf *conf, struct wb_cancel *c,
			struct wb_lab_ap_outcome *out);
	/** ap_stop - stop what ap_start started (also after it failed); idempotent. */
	void (*ap_stop)(struct wb_lab *l);
	/**
	 * ap_station - the lab-provided AP's view of station @mac: a new object (e.g.
	 * {"get_clients": {"mfp": true, ...}, "iw_mfp": true}), or NULL. Optional.
	 */
	json_t *(*ap_station)(struct wb_lab *l, const char *mac);
};

/** wb_lab_when_name - "start", "crypto", "cell" or "end" (static). */
const char *wb_lab_when_name(enum wb_lab_when w);

/**
 * wb_lab_actions_add - append a step (the strings are copied)
 * @undo: NULL when there is nothing to undo
 * Returns: 0 or -ENOMEM.
 */
int wb_lab_actions_add(struct wb_lab_actions *a, const char *host, enum wb_lab_when when,
		       const char *what, const char *undo) WB_MUST_CHECK;

/** wb_lab_actions_release - free the steps; @a is empty again. NULL-safe. */
void wb_lab_actions_release(struct wb_lab_actions *a);

/**
 * wb_lab_actions_addf - wb_lab_actions_add with the step's text printf-formatted (at most
 * WB_LAB_ACTION_MAX bytes)
 * Returns: 0 or -ENOMEM.
 */
int wb_lab_actions_addf(struct wb_lab_actions *a, const char *host, enum wb_lab_when when,
			const char *undo, const char *fmt, ...) WB_PRINTF(5, 6) WB_MUST_CHECK;
/** wb_lab_actions_vaddf - wb_lab_actions_addf with a va_list. */
int wb_lab_actions_vaddf(struct wb_lab_actions *a, const char *host, enum wb_lab_when when,
			 const char *undo, const char *fmt, va_list ap) WB_PRINTF(5, 0) WB_MUST_CHECK;
#define WB_LAB_ACTION_MAX 1024

/**
 * wb_lab_fail - format a reason into @err (may be NULL) and return @r: the one error line of
 * a lab operation, as `return wb_lab_fail(-ENODEV, err, errlen, "...", ...)`
 */
int wb_lab_fail(int r, char *err, size_t errlen, const char *fmt, ...) WB_PRINTF(4, 5);

/** wb_lab_findings_add - append a finding, printf-formatted. Returns: 0 or -ENOMEM. */
int wb_lab_findings_add(struct wb_lab_findings *f, const char *host, bool problem,
			const char *fmt, ...) WB_PRINTF(4, 5) WB_MUST_CHECK;

/** wb_lab_findings_release - free the findings; @f is empty again. NULL-safe. */
void wb_lab_findings_release(struct wb_lab_findings *f);

/*
 * Where a lab's ends are, as a description names them (labels, not live objects): for
 * wb_lab_describe_cells, which backends share.
 */
struct wb_lab_describe_end {
	const char *host;    /* "local" or a lab.hosts name */
	const char *netns;   /* its namespace, e.g. "wbench-ap-<pid>"; NULL: the host's own */
	const char *ifname;  /* its interface, e.g. "wbap0" */
	const char *ip;      /* its address without prefix (the iperf server's, on the peer) */
	bool lab_ap;         /* the AP: the lab starts it (ops ap_start), not wbench's hostapd */
};

/**
 * wb_lab_describe_cells - the steps every cell takes on the lab's ends (run/cell.c and
 * the daemons): the hostapd and wpa_supplicant configs and daemons in the cell's private
 * directory @cell_dir (e.g. "<run>/cell-<n>"), the iperf roles (server on @peer, client
 * on @sta), the CPU and link readings, the capture on @sniffer (its ifname; NULL: none).
 * The lab's own facilities (radios, the crypto switch, the injector) are the backend's
 * to describe.
 * Returns: 0 or -ENOMEM.
 */
int wb_lab_describe_cells(const struct wb_scenario *sc, const struct wb_lab_describe_end *ap,
			  const struct wb_lab_describe_end *sta,
			  const struct wb_lab_describe_end *peer,
			  const struct wb_lab_describe_end *sniffer, const char *cell_dir,
			  struct wb_lab_actions *out) WB_MUST_CHECK;

/** wb_lab_ops_for - the backend of @b, or NULL when it is not implemented (borrowed). */
const struct wb_lab_ops *wb_lab_ops_for(enum wb_scenario_backend b);

extern const struct wb_lab_ops wb_lab_sim_ops;
extern const struct wb_lab_ops wb_lab_local_ops;
extern const struct wb_lab_ops wb_lab_ssh_ops;

#endif /* WB_LAB_H */
