/*
 * wbench: the AP's crypto switch, run for real on the radio's host (this machine or one
 * over ssh, through wbench/host/host.h): either the driver table's (wbench/wifi/drivers.h
 * plans it: `rmmod` then `modprobe MOD PARAM=V`, or `insmod` on OpenWrt-like hosts whose
 * modprobe takes no options; or an in-place sysfs write and a re-probe of the bus module),
 * or the scenario's own commands (lab.ap.crypto_switch: an argv per mode, an argv that
 * prints the value, the value of each mode).
 *
 * Every switch is verified: the value is read back afterwards (a module parameter that did
 * not take is the classic silent failure), and the radio is found again by its device path
 * (after a reload the phy comes back under a new index). The value found before the first
 * change is the original: it is written into the state record (lab_record.h) with the
 * steps that restore it *before* anything changes, and wb_crypto_switch_restore puts it
 * back, on every exit path of a run.
 *
 * A switch in progress is not cut short by an interrupt: a module half reloaded would
 * leave the radio gone. Its steps are bounded by a timeout each; the cancel source is
 * looked at before and after them, and ends the wait for the radio to come back.
 */
#ifndef WB_CRYPTO_SWITCH_H
#define WB_CRYPTO_SWITCH_H

#include <jansson.h>

#include "wbench/host/host.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lib/proc.h"
#include "wbench/wifi/crypto_mode.h"
#include "wbench/wifi/drivers.h"

/* Bound on each command of a switch: a driver may wait for firmware; longer is stuck. */
#define WB_CRYPTO_SWITCH_TIMEOUT_MS 60000
/* Longest value a switch reads back that wbench keeps (first line, trimmed). */
#define WB_CRYPTO_SWITCH_VALUE_MAX 64

/* The scenario's switch as argv (lab.ap.crypto_switch); all borrowed. */
struct wb_crypto_cmds {
	char *const *set[WB_CRYPTO_MODES];   /* NULL-terminated argv per mode */
	char *const *read;                   /* NULL-terminated argv printing the value */
	const char *value[WB_CRYPTO_MODES];  /* what read prints (first line, trimmed) per mode */
};

/* What a switch drives; everything borrowed and outliving the switch. */
struct wb_crypto_switch_cfg {
	struct wb_host *host;             /* where the radio is (required) */
	const char *host_name;            /* "local" or a lab.hosts name (records, messages);
					   * NULL: "local" */
	const char *sysfs_root;           /* NULL: "/sys"; an absolute test tree locally */
	const struct wb_driver *driver;   /* the table's row, or NULL with @cmds */
	const char *bus_module;           /* the phy's module for a re-probe; NULL: the row's */
	const struct wb_crypto_cmds *cmds; /* the scenario's switch: wins over @driver */
	const char *device;               /* the radio's device path below SYSFS/devices, to
					   * find its phy after a switch; NULL: no radio (a
					   * module loaded alone, in tests) */
	struct wb_lab_record *record;     /* the original and its undo, before the first
					   * change; NULL: not recorded */
	struct wb_cancel *cancel;         /* may be NULL */
	int64_t timeout_ms;               /* per command; 0: WB_CRYPTO_SWITCH_TIMEOUT_MS */
	int64_t radio_timeout_ms;         /* for the phy to come back; 0: the radio default */
	char *const *pre;                 /* run before the steps of every switch and restore,
					   * and first in the recorded undo (an OpenWrt radio:
					   * `wifi down RADIO`, so that netifd lets go of it);
					   * NULL: none (borrowed) */
};

struct wb_crypto_switch;

/**
 * wb_crypto_switch_new - a switch for @cfg; looks at the host only to choose the loader
 * (insmod where /etc/openwrt_release exists, else modprobe)
 * @out: receives the switch (free with wb_crypto_switch_free)
 * Returns: 0, -ENOTSUP when neither @cfg->cmds nor a driver row with a parameter is
 *          given, -EINVAL for incomplete commands, -ENOMEM.
 */
int wb_crypto_switch_new(const struct wb_crypto_switch_cfg *cfg,
			 struct wb_crypto_switch **out) WB_MUST_CHECK;

/**
 * wb_crypto_switch_read - the value now (the parameter file, or the read command's first
 * line) and what it means
 * @raw: receives the text (may be NULL); @mode: its meaning, WB_CRYPTO_UNKNOWN when it is
 *       neither mode's (may be NULL)
 * Returns: 0, -ENOENT (the parameter file is not there: the module is not loaded), -EIO
 *          (the read command failed; @err says how), or a negative errno.
 */
int wb_crypto_switch_read(struct wb_crypto_switch *s, char *raw, size_t rawlen,
			  enum wb_crypto_mode *mode, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_crypto_switch_set - put the radio into @mode and verify it
 * The first call reads the original value and records it with its undo before changing
 * anything; a value that already means @mode is left as it is (no reload).
 * @evidence: receives a new object: mechanism, module and parameter (or the commands), the
 *            value requested and read back, the steps, how long they took, the phy before
 *            and after; NULL on failure
 * @err: one line naming what failed (which step, its status and last output line, or the
 *       value read back)
 * Returns: 0, -EIO (a step failed), -EPROTO (every step ran but the value reads wrong,
 *          or the original cannot be restored by this switch), -ETIMEDOUT, -ECANCELED
 *          (before or after the steps, or while waiting for the radio), -ENODEV (the
 *          radio did not come back), or a negative errno.
 */
int wb_crypto_switch_set(struct wb_crypto_switch *s, enum wb_crypto_mode mode,
			 json_t **evidence, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_crypto_switch_restore - put the original value back if a set changed it, read it back,
 * find the radio again; then the record no longer lists the switch. Ignores the cancel
 * source (it runs after an interrupt); each step is bounded. Without a change: nothing.
 * An unload step that fails is passed over (the module may be gone already, e.g. after an
 * interrupt in a reload): the value read back at the end decides.
 * Returns: 0, or a negative errno with @err saying what failed (the record keeps it).
 */
int wb_crypto_switch_restore(struct wb_crypto_switch *s, char *err, size_t errlen) WB_MUST_CHECK;

/** wb_crypto_switch_phy - the radio's phy as last found ("" before a set, or without a device). */
const char *wb_crypto_switch_phy(const struct wb_crypto_switch *s);

/** wb_crypto_switch_changed - whether the value may differ from the original now. */
bool wb_crypto_switch_changed(const struct wb_crypto_switch *s);

/**
 * wb_crypto_switch_describe - a new object for the environment and --dry-run: the
 * mechanism, the module and parameter (or the commands), the loader, the steps of each mode
 * and of the restore. Reads nothing. NULL without memory.
 */
json_t *wb_crypto_switch_describe(const struct wb_crypto_switch *s);

/**
 * wb_crypto_switch_undo - put back the original of a recorded crypto change (the object
 * wb_crypto_switch_set wrote into the state record), for `wbench cleanup`: read the value
 * on @h; unless it is the original, run the recorded restore steps (unload failures passed
 * over) and read it back
 * @dry_run: only say what would run
 * @msg: one line saying what was found and done, or what failed
 * Returns: 0 (restored, or nothing to do), -EPROTO (a record that is not one, or a value
 *          that does not read back as the original), -EIO, or a negative errno.
 */
int wb_crypto_switch_undo(struct wb_host *h, const json_t *change, bool dry_run, char *msg,
			  size_t len) WB_MUST_CHECK;

/** wb_crypto_switch_free - free (does not restore: call wb_crypto_switch_restore). NULL-safe. */
void wb_crypto_switch_free(struct wb_crypto_switch *s);

#endif /* WB_CRYPTO_SWITCH_H */
