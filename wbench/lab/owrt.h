/*
 * wbench: an OpenWrt router as the AP (lab.ap.kind "openwrt"). The router's own stack
 * runs the AP: wbench writes a wifi-iface section of its own ("wbench") on the radio under
 * test through `uci batch` (stdin: the passphrase is never on a command line), disables
 * the radio's other wifi-ifaces for the run, commits, and lets netifd start hostapd with
 * `wifi up RADIO`; it waits on `ubus call network.wireless status`, `iw dev` and logread.
 * /etc/config/wireless is read before the first change, kept in the state record
 * (lab_record.h, change "uci") and written back byte for byte at the end.
 *
 * This file: the commands of each phase as data (a plan: argv and stdin per step), so that
 * tests assert them and --dry-run prints them, and the parsers of what the router says
 * (status JSON, get_clients JSON, `uci show`, `iw dev`, logread). Only the 19.07 command
 * subset of docs/labs.md is used, through BusyBox ash, POSIX only. lab_owrt.c runs them.
 */
#ifndef WB_OWRT_H
#define WB_OWRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"
#include "wbench/wifi/security.h"

#define WB_OWRT_SECTION "wbench"                 /* the wifi-iface section wbench owns */
#define WB_OWRT_WIRELESS "/etc/config/wireless"
#define WB_OWRT_TMP "/etc/config/.wireless.wbench" /* the atomic rewrite's temporary file */
#define WB_OWRT_UCI_NAME_MAX 64
#define WB_OWRT_OTHERS_MAX 16                    /* other wifi-ifaces on one radio */
#define WB_OWRT_STEP_ARGS 8

/* One command of a plan. */
struct wb_owrt_step {
	char *argv[WB_OWRT_STEP_ARGS];  /* owned, NULL-terminated */
	char *input;                    /* stdin (owned; may hold the passphrase or the saved
					 * config: never logged, never described), or NULL */
	size_t input_len;
	bool may_fail;                  /* a failure is passed over */
};

/* The steps of one phase, in order. */
struct wb_owrt_plan {
	struct wb_owrt_step *v;
	size_t n, cap;
};

/** wb_owrt_plan_release - free the steps (wipes their stdin); @p is empty again. */
void wb_owrt_plan_release(struct wb_owrt_plan *p);

/**
 * wb_owrt_plan_line - step @i as one line for humans and tests: its argv joined by spaces,
 * then " <<STDIN" and the stdin text when @show_input (tests), else " <stdin: N bytes>"
 * Returns: a new string (caller frees), or NULL.
 */
char *wb_owrt_plan_line(const struct wb_owrt_plan *p, size_t i, bool show_input);

/* What the AP of one cell is, in UCI terms. All borrowed. */
struct wb_owrt_iface {
	const char *radio;                 /* the wifi-device, "radio0" */
	const char *network;               /* "lan" */
	const uint8_t *ssid;
	size_t ssid_len;
	const char *passphrase;            /* NULL for none/owe */
	const struct wb_security *sec;
	unsigned int channel;              /* 0: leave the radio's */
	bool beacon_prot;
	int sae_pwe;                       /* -1: the default */
	unsigned int group_rekey_s;        /* wpa_group_rekey; 0: leave it out */
	unsigned int pair_rekey_s;         /* wpa_pair_rekey (hostapd's wpa_ptk_rekey); 0: out */
	const char *const *others;         /* the radio's other wifi-iface sections */
	size_t n_others;
};

/**
 * wb_owrt_encryption - the UCI `encryption` value of a profile ("psk2+ccmp", "sae", ...)
 * and its `ieee80211w` (-1: leave it out, the encryption's default applies)
 * Returns: 0, or -EOPNOTSUPP for a profile OpenWrt has no value for.
 */
int wb_owrt_encryption(const struct wb_security *sec, const char **enc, int *ieee80211w);

/**
 * wb_owrt_unsupported - why @f cannot be set up through UCI on a router of @release
 * ("19.07.7", NULL: unknown) with hostapd features @feat (WB_OWRT_FEAT_*, or
 * WB_OWRT_FEAT_UNKNOWN): into @why, a line naming what is missing
 * Returns: true when it cannot (the cell is "unsupported").
 */
#define WB_OWRT_FEAT_SAE 0x1u
#define WB_OWRT_FEAT_OWE 0x2u
#define WB_OWRT_FEAT_11W 0x4u
#define WB_OWRT_FEAT_UNKNOWN 0x80000000u
bool wb_owrt_unsupported(const struct wb_owrt_iface *f, const char *release, uint32_t feat,
			 char *why, size_t len);

/** wb_owrt_release_old - 19.07 or older: no sae_pwe, beacon_prot, ocv in UCI/hostapd. */
bool wb_owrt_release_old(const char *release);

/**
 * wb_owrt_plan_apply - a cell's AP: `uci batch` (stdin: the section, its values, the
 * radio's other wifi-ifaces disabled), `uci commit wireless`, `logger -t wbench MARKER`,
 * `wifi up RADIO`
 * Returns: 0, -EINVAL (an SSID uci's batch syntax cannot carry: newline, NUL), -ENOMEM.
 */
int wb_owrt_plan_apply(const struct wb_owrt_iface *f, const char *marker,
		       struct wb_owrt_plan *out) WB_MUST_CHECK;

/** wb_owrt_plan_stop - the end of a cell's AP: `wifi down RADIO`. Returns: 0 or -ENOMEM. */
int wb_owrt_plan_stop(const char *radio, struct wb_owrt_plan *out) WB_MUST_CHECK;

/**
 * wb_owrt_plan_backup - at lab open, after the original was read: a copy of
 * /etc/config/wireless into the remote private directory @remote_dir (`cp`)
 * Returns: 0 or -ENOMEM.
 */
int wb_owrt_plan_backup(const char *remote_dir, struct wb_owrt_plan *out) WB_MUST_CHECK;

/**
 * wb_owrt_plan_restore - put the original back: `uci revert wireless` (anything staged),
 * the saved bytes written over stdin into a temporary file next to /etc/config/wireless
 * (its mode kept) and renamed over it, `uci revert wireless` again, then `wifi up RADIO`
 * when the radio was up before (else `wifi down RADIO`)
 * @content, @len: the saved file
 * Returns: 0 or -ENOMEM.
 */
int wb_owrt_plan_restore(const char *radio, const char *content, size_t len, bool was_up,
			 struct wb_owrt_plan *out) WB_MUST_CHECK;

/* ---- parsers ------------------------------------------------------------------------- */

/* A radio in `ubus call network.wireless status`. */
struct wb_owrt_status {
	bool found;                 /* the radio is in the answer */
	bool up, pending, retry_setup_failed, disabled;
	char ifname[16];            /* the interface of section "wbench", "" when none */
};

/**
 * wb_owrt_status_parse - the radio @radio in a status answer (netifd 19.07 repeats the
 * "mode" key: duplicates are accepted, the last wins)
 * Returns: 0 (st->found says whether the radio is there), -EPROTO (not JSON, not an object).
 */
int wb_owrt_status_parse(const char *text, const char *radio, struct wb_owrt_status *st);

/**
 * wb_owrt_clients_parse - `ubus call hostapd.IF get_clients`: a new object
 * {MAC: {"auth", "assoc", "authorized", "mfp"}} (booleans only: nothing else is kept)
 * Returns: the object, or NULL when the text is not such an answer.
 */
json_t *wb_owrt_clients_parse(const char *text);

/** wb_owrt_station_mfp - `iw dev IF station dump`: the "MFP:" of station @mac, 1, 0, -1. */
int wb_owrt_station_mfp(const char *text, const char *mac);

/* The wireless config as `uci show wireless` prints it. */
struct wb_owrt_uci {
	char radio[WB_OWRT_UCI_NAME_MAX];       /* the wifi-device found ("" none) */
	char path[256];                         /* its option path */
	char *others[WB_OWRT_OTHERS_MAX];       /* its wifi-ifaces other than "wbench" (ours) */
	size_t n_others;
	bool have_ours;                         /* a "wbench" section already exists */
};

/**
 * wb_owrt_uci_parse - find the wifi-device: @radio when given, else the one whose
 * `path` is @device; and its wifi-ifaces
 * Returns: 0, -ENOENT (no such wifi-device), -E2BIG (too many ifaces), -ENOMEM.
 */
int wb_owrt_uci_parse(const char *text, const char *radio, const char *device,
		      struct wb_owrt_uci *out) WB_MUST_CHECK;

/** wb_owrt_uci_release - free what wb_owrt_uci_parse kept. */
void wb_owrt_uci_release(struct wb_owrt_uci *u);

/**
 * wb_owrt_iw_ap - from `iw dev`: the interface of phy @phy ("phy0") that is type AP with
 * SSID @ssid, into @ifname
 * Returns: true when there is one.
 */
bool wb_owrt_iw_ap(const char *text, const char *phy, const char *ssid, char *ifname,
		   size_t len);

/* What logread says since a marker. */
struct wb_owrt_log {
	bool marker_seen;
	bool ap_enabled;            /* "IF: AP-ENABLED" (of @ifname when known) */
	bool failed;                /* AP-DISABLED, "Interface initialization failed",
				     * "Device setup failed", CTRL-EVENT-TERMINATING */
	char setup_failed[64];      /* the X of "Device setup failed: X", or "" */
};

/**
 * wb_owrt_log_since - the lines of logread output @text after the last line holding
 * @marker (borrowed pointer into @text), or NULL when the marker is not there
 */
const char *wb_owrt_log_since(const char *text, const char *marker);

/** wb_owrt_log_scan - read @since (wb_owrt_log_since's) for the AP's fate. */
void wb_owrt_log_scan(const char *since, const char *ifname, struct wb_owrt_log *out);

/**
 * wb_owrt_log_evidence - the lines of @since from hostapd and netifd, without any that
 * could hold a secret (key=, passphrase, psk, password), at most @max of the last ones
 * Returns: a new string (caller frees; "" when none), or NULL without memory.
 */
char *wb_owrt_log_evidence(const char *since, size_t max);

/** wb_owrt_release_parse - DISTRIB_RELEASE of /etc/openwrt_release into @out ("" none). */
void wb_owrt_release_parse(const char *text, char *out, size_t len);

/**
 * wb_owrt_undo - `wbench cleanup` of a recorded "uci" change (lab_record.h
 * wb_lab_change_uci) on @h (named @hname): wb_owrt_plan_restore's steps
 * @dry_run: only say what would run
 * @msg: one line saying what was done, or what failed
 * Returns: 0, -EPROTO (not such a change), -EIO, or a negative errno.
 */
struct wb_host;
struct wb_scenario;
struct wb_lab_findings;

/* What the preflight read on the router. */
struct wb_owrt_caps {
	char release[32];     /* DISTRIB_RELEASE, "" unknown */
	uint32_t feat;        /* WB_OWRT_FEAT_* */
	bool bip;             /* the radio advertises BIP-CMAC-128 now */
	size_t n_ciphers;
};

/**
 * wb_lab_openwrt_preflight - read-only checks of an OpenWrt router @h (named @hname):
 * /etc/openwrt_release, `hostapd -vsae/-vowe/-v11w`, the tools a run uses (`command -v`),
 * the radio @phy's ciphers (`iw phy PHY info`; NULL: skipped), and each security entry of
 * @sc (may be NULL) the router cannot run (19.07: no sae_pwe, beacon_prot). For
 * `wbench run --dry-run --preflight` and `wbench probe --lab`.
 * @caps: what was read
 * Returns: 0 or -ENOMEM.
 */
int wb_lab_openwrt_preflight(struct wb_host *h, const char *hname, const struct wb_scenario *sc,
			     const char *phy, struct wb_lab_findings *out,
			     struct wb_owrt_caps *caps) WB_MUST_CHECK;

int wb_owrt_undo(struct wb_host *h, const char *hname, const json_t *c, bool dry_run,
		 char *msg, size_t len) WB_MUST_CHECK;

#endif /* WB_OWRT_H */
