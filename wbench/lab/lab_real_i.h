/*
 * wbench: internals of the real lab backends "local" and "ssh" (lab_real.c: the ops;
 * lab_real_end.c: a role's radio on its host; lab_real_env.c: environment, ap_info of a
 * remote AP, describe, preflight). Not for other modules.
 */
#ifndef WB_LAB_REAL_I_H
#define WB_LAB_REAL_I_H

#include <stdbool.h>

#include "wbench/lab/crypto_switch.h"
#include "wbench/lab/lab.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lab/radio.h"

/* Interface names the lab makes: in a namespace of their own, or on a remote host. */
#define REAL_AP_IFNAME "wbap0"
#define REAL_STA_IFNAME "wbsta0"
/* The sniffer's monitor shares wbench's own namespace: its name carries the pid. */
#define REAL_MON_PREFIX "wbmon"
/* Bound on the lab's own commands on a host (iw, ip, uname). */
#define REAL_CMD_TIMEOUT_MS 15000

/* A machine of the lab: this one, or one of lab.hosts over ssh. */
struct real_host {
	const char *name;            /* "local" or its lab.hosts name (borrowed) */
	struct wb_host *h;           /* ours */
	bool local;
	unsigned int rec_dir;        /* the record's change for its remote directory, or 0 */
};

/* A role with a radio (ap, sta, sniffer) on its host. */
struct real_end {
	struct wb_lab_end e;         /* what the cells see */
	const char *role;            /* "ap", "sta", "sniffer" */
	const struct wb_scenario_end *sc;
	struct real_host *host;
	struct wb_radio radio;       /* as found; phy updated when the radio came back */
	bool own_ns;                 /* a local ap/sta: its radio goes into e.netns */
	bool monitor;                /* the sniffer: e.ifname is a monitor on the radio */
	unsigned int rec_ns, rec_phy, rec_iface;  /* the record's changes, 0: none */
	bool ns_made, moved, iface_made;
	long wiphy;                  /* a remote radio's wiphy index when set up, -1 unknown */
};

struct wb_lab {
	const struct wb_scenario *sc;
	struct wb_cancel *cancel;
	struct wb_lab_record *rec;
	char *ssh_dir;               /* private local directory of the ssh control sockets */
	struct real_host hosts[WB_SCENARIO_HOSTS_MAX + 1];
	size_t n_hosts;
	struct real_end ap, sta, sniffer;
	bool have_sniffer;
	struct wb_lab_end peer;      /* the iperf server's end */
	struct wb_crypto_cmds cmds;  /* the scenario's crypto_switch, when it has one */
	const struct wb_driver *driver;  /* the AP's driver-table row, or NULL */
	struct wb_crypto_switch *cs; /* NULL: the AP has no crypto switch */
	enum wb_crypto_mode mode;    /* the AP's mode as last set (UNKNOWN before) */
	json_t *last_switch;         /* the last switch's evidence (ours), for environment */
	bool radios_ok;              /* every radio found after the last switch that ran */
	bool ap_caps_ok;             /* ap_caps is the AP radio's as it is now */
	struct wb_capabilities ap_caps;  /* a remote AP radio's, read once per radio */
	struct owrt *ow;             /* lab.ap.kind "openwrt" (lab_owrt.c), else NULL */
};

/**
 * real_run - run @argv on @h for the lab (bounded by REAL_CMD_TIMEOUT_MS, not cancelled:
 * set-up and teardown commands are short and must finish); stdout into @out (may be NULL)
 * @err: on failure "'iw ...' on HOST: <last output line or errno>"
 * Returns: 0, -EIO (it failed), or a negative errno.
 */
int real_run(struct real_host *h, char *const argv[], char **out, char *err, size_t errlen);

/**
 * real_hosts_open - this machine and each lab.hosts machine (ssh: connected, its private
 * remote directory recorded); real_hosts_close removes the remote directories and closes
 * Returns: 0 or a negative errno with @err set.
 */
int real_hosts_open(struct wb_lab *l, char *err, size_t errlen);
void real_hosts_close(struct wb_lab *l);

/** real_radio_by - the radio lookup for a scenario's way of naming a radio. */
enum wb_radio_by real_radio_by(enum wb_scenario_radio_by by);

/**
 * real_end_find - the role's host, its radio found there (by phy, interface or device),
 * its interface name @ifname, address and namespace names (a local ap or sta gets
 * wbench-ROLE-PID); set x->monitor first for the sniffer. Changes nothing.
 * Returns: 0 or a negative errno with @err set ("lab.ROLE: ...").
 */
int real_end_find(struct wb_lab *l, struct real_end *x, const char *role,
		  const struct wb_scenario_end *se, const char *ifname, char *err,
		  size_t errlen);

/**
 * real_switch_new - the AP's crypto switch (l->cs, NULL when it has none) and driver row
 * Returns: 0 or a negative errno with @err set.
 */
int real_switch_new(struct wb_lab *l, char *err, size_t errlen);

/**
 * real_end_up - make the role's radio ready: a local ap/sta moved into its namespace
 * (made first), with its interface and address there; a remote one with its interface
 * (and address) on its host; the sniffer with its monitor on the AP's channel. Every
 * change is recorded before it is made.
 * Returns: 0 or a negative errno with @err set.
 */
int real_end_up(struct wb_lab *l, struct real_end *x, char *err, size_t errlen);

/**
 * real_end_refresh - after a driver reload on @x's host: if @x's radio went away, find it
 * again (bounded: by its device, or by the scenario's phy or interface name) and make it
 * ready again (real_end_up)
 * @gone: set when the radio had gone (and came back)
 * Returns: 0 or a negative errno with @err set.
 */
int real_end_refresh(struct wb_lab *l, struct real_end *x, bool *gone, char *err,
		     size_t errlen);

/**
 * real_end_down - undo real_end_up: the interface deleted, the radio moved back to
 * wbench's namespace, the namespace deleted; each change leaves the record once undone
 * (what fails stays there for `wbench cleanup`, and is reported). Idempotent.
 */
void real_end_down(struct wb_lab *l, struct real_end *x);

/**
 * real_caps_iw - the capabilities of radio @phy on host @h from `iw phy PHY info`
 * (ciphers, interface modes, beacon protection, SAE offload; no driver or module)
 * Returns: 0 or a negative errno with @err set.
 */
int real_caps_iw(struct real_host *h, const char *phy, struct wb_capabilities *caps,
		 char *err, size_t errlen);

/** real_ap_caps_remote - the AP's capabilities on a remote host, from `iw phy PHY info`. */
int real_ap_caps_remote(struct wb_lab *l, struct wb_capabilities *caps, char *err,
			size_t errlen);

/** real_iw_ciphers - the cipher suites of `iw phy PHY info` output, at most @max stored. */
size_t real_iw_ciphers(const char *text, uint32_t *out, size_t max);

/** real_environment - the lab's environment object (lab ops environment). */
int real_environment(struct wb_lab *l, json_t **out);

/** real_describe - the ops' describe: what a run does on each host, from the scenario. */
int real_describe(const struct wb_scenario *sc, struct wb_lab_actions *out);

/** real_preflight - the ops' preflight: read-only checks of each host. */
int real_preflight(const struct wb_scenario *sc, struct wb_cancel *c,
		   struct wb_lab_findings *out);

/**
 * real_preflight_lab - the preflight on @l (its scenario and cancel set, nothing open yet):
 * hosts opened, each role's radio found (the AP's switch made and read), findings added;
 * real_preflight_close closes and frees @l (NULL-safe). Changes nothing.
 * Returns: 0 or -ENOMEM.
 */
int real_preflight_lab(struct wb_lab *l, struct wb_lab_findings *out);
void real_preflight_close(struct wb_lab *l);

/**
 * real_probe - the ops' probe (lab_real_probe.c): each role's radio as `wbench probe`
 * reports it, appended to @out; what stops a role from being probed into @found.
 * Returns: 0 or -ENOMEM.
 */
int real_probe(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab_probes *out,
	       struct wb_lab_findings *found);

/* ---- lab.ap.kind "openwrt" (lab_owrt.c) ------------------------------------------- */

/**
 * owrt_open - after the AP's radio was found: its UCI wifi-device, the router's release
 * and hostapd features; /etc/config/wireless read and recorded (change "uci") before any
 * change, and copied into the remote private directory
 * Returns: 0 or a negative errno with @err set.
 */
int owrt_open(struct wb_lab *l, char *err, size_t errlen);

/** owrt_close - the original /etc/config/wireless back, the radio up as it was; NULL-safe. */
void owrt_close(struct wb_lab *l);

/** owrt_ap_start, owrt_ap_stop, owrt_ap_station - the lab ops of the same names. */
int owrt_ap_start(struct wb_lab *l, const struct wb_lab_ap_conf *c, struct wb_cancel *cancel,
		  struct wb_lab_ap_outcome *out);
void owrt_ap_stop(struct wb_lab *l);
json_t *owrt_ap_station(struct wb_lab *l, const char *mac);

/**
 * owrt_switch_pre - what runs before a module reload: `wifi down RADIO` (borrowed: lives
 * as long as the lab's OpenWrt state)
 */
char *const *owrt_switch_pre(struct wb_lab *l);

/**
 * owrt_step_run, owrt_plan_run - run a step (its output into @out, may be NULL) or a plan
 * (each command line, never its stdin, appended to @steps, may be NULL) on @h, a failure
 * of a step that may not fail stopping it with @err set ("'wifi up ...' on HOST: ...")
 * Returns: 0, -EIO, or a negative errno.
 */
struct wb_owrt_step;
struct wb_owrt_plan;
int owrt_step_run(struct wb_host *h, const char *hname, const struct wb_owrt_step *s,
		  char **out, char *err, size_t errlen);
int owrt_plan_run(struct wb_host *h, const char *hname, const struct wb_owrt_plan *p,
		  json_t *steps, char *err, size_t errlen);

/** owrt_features - `hostapd -vsae/-vowe/-v11w` exit codes as WB_OWRT_FEAT_* bits. */
uint32_t owrt_features(struct wb_host *h);

/** owrt_release - DISTRIB_RELEASE of the host's /etc/openwrt_release ("" unknown). */
void owrt_release(struct wb_host *h, char *out, size_t len);

/** owrt_describe - the router's steps for --dry-run, each with its undo. */
int owrt_describe(const struct wb_scenario *sc, struct wb_lab_actions *out);

/** owrt_environment - a new object: release, hostapd features, the UCI radio. */
json_t *owrt_environment(const struct wb_lab *l);

#endif /* WB_LAB_REAL_I_H */
