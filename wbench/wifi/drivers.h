/*
 * wbench: the Linux WiFi driver table (docs: drivers.md §2) and the hardware/software
 * crypto switch: which module parameter flips it, how the change takes effect (module
 * reload, or a sysfs write plus a re-probe through the bus module), what it does to
 * 802.11w/PMF, and where OpenWrt keeps the module options.
 *
 * A switch is planned first (a list of commands and sysfs writes, testable without
 * hardware) and then run; the parameter is read back afterwards, because a module
 * parameter that did not take is the classic silent failure of this procedure.
 */
#ifndef WB_DRIVERS_H
#define WB_DRIVERS_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"
#include "wbench/wifi/crypto_mode.h"

enum wb_driver_param_type {
	WB_DRIVER_PARAM_NONE = 0,
	WB_DRIVER_PARAM_BOOL,  /* sysfs shows Y/N */
	WB_DRIVER_PARAM_INT,   /* sysfs shows 0/1 */
};

enum wb_driver_method {
	WB_DRIVER_SWITCH_NONE = 0,  /* no crypto switch at all */
	WB_DRIVER_SWITCH_RELOAD,    /* 0444 parameter: unload, load with PARAM=V */
	WB_DRIVER_SWITCH_REPROBE,   /* 0644 parameter read at probe: write sysfs, reload bus module */
};

/* What happens to PMF (MFP_CAPABLE, hence BIP being advertised). */
enum wb_driver_mfp {
	WB_DRIVER_MFP_UNKNOWN = 0,
	WB_DRIVER_MFP_ALWAYS,    /* BIP advertised in both modes */
	WB_DRIVER_MFP_SW_ONLY,   /* only in software mode on some kernels/chips (old rt2800, ath9k) */
	WB_DRIVER_MFP_HW_ONLY,   /* software mode removes PMF (iwldvm swcrypto=1) */
	WB_DRIVER_MFP_NEVER,     /* never (rt61pci, rt73usb, iwlegacy, wcn36xx) */
	WB_DRIVER_MFP_FIRMWARE,  /* FullMAC: the firmware decides */
};

struct wb_driver {
	const char *module;        /* the phy's driver module (sysfs .../driver/module); may be
				    * an fnmatch pattern such as "rtw88_*" */
	const char *drivers;       /* space-separated sysfs driver names, or NULL: same as module */
	const char *opmode;        /* for iwlwifi: the op-mode module this row is about, or NULL */
	const char *param_module;  /* module owning the parameter; NULL: @module */
	const char *param;         /* NULL: no crypto switch */
	enum wb_driver_param_type type;
	enum wb_driver_method method;
	const char *unload;        /* space-separated modules to remove for a reload; NULL: the
				    * parameter's module */
	enum wb_driver_mfp mfp;
	const char *modules_d;     /* OpenWrt /etc/modules.d file name, or NULL when not packaged */
	const char *notes;         /* one or two sentences for humans */
};


/** wb_drivers_all - the static table; @n receives its length. Borrowed. */
const struct wb_driver *wb_drivers_all(size_t *n);

/**
 * wb_driver_find - row for module @module (patterns in the table match too)
 * For iwlwifi this is the op-mode-neutral row; see wb_driver_lookup.
 * Returns: a borrowed static row, or NULL when the module is not in the table.
 */
const struct wb_driver *wb_driver_find(const char *module);

/**
 * wb_driver_find_by_driver - row whose sysfs driver name is @driver (e.g. "rt2800_wmac")
 * Returns: a borrowed static row, or NULL.
 */
const struct wb_driver *wb_driver_find_by_driver(const char *driver);

/**
 * wb_driver_lookup - the row for a phy, from its sysfs driver and module
 * @driver: sysfs driver name, or NULL/""
 * @module: sysfs module name, or NULL/"" (built in, or unknown)
 * @sysfs_root: "/sys" or a test tree; used to tell iwlwifi's op-modes apart by which of
 *              SYSFS_ROOT/module/{iwldvm,iwlmvm,iwlmld} is loaded
 * Returns: a borrowed static row, or NULL.
 */
const struct wb_driver *wb_driver_lookup(const char *driver, const char *module,
					 const char *sysfs_root);

/** wb_driver_has_switch - whether @d has a crypto parameter (NULL-safe: false). */
bool wb_driver_has_switch(const struct wb_driver *d);

/** wb_driver_param_module - the module that owns @d's parameter (borrowed). */
const char *wb_driver_param_module(const struct wb_driver *d);

/** wb_driver_param_value - the PARAM=VALUE value selecting @mode: "1" or "0" (static). */
const char *wb_driver_param_value(enum wb_crypto_mode mode);

/**
 * wb_driver_param_parse - crypto mode from the text of a parameter file ("Y\n", "0\n", ...)
 * Returns: WB_CRYPTO_HW, WB_CRYPTO_SW, or WB_CRYPTO_UNKNOWN for anything else.
 */
enum wb_crypto_mode wb_driver_param_parse(const char *text);

/**
 * wb_driver_param_read - current value of @d's parameter
 * @sysfs_root: "/sys" or a test tree (SYSFS_ROOT/module/MOD/parameters/PARAM)
 * @raw: receives the file's first line without the newline ("Y", "0"); may be NULL
 * @mode: receives the meaning; may be NULL
 * Returns: 0, -ENOTSUP when @d has no switch, -ENOENT when the module is not loaded,
 *          or a negative errno.
 */
int wb_driver_param_read(const struct wb_driver *d, const char *sysfs_root, char *raw,
			 size_t rawlen, enum wb_crypto_mode *mode) WB_MUST_CHECK;

#define WB_DRIVER_STEP_MAX_ARGS 8
#define WB_DRIVER_STEP_ARG_LEN 64
#define WB_DRIVER_PLAN_MAX 6

enum wb_driver_step_kind {
	WB_DRIVER_STEP_RUN,    /* run argv (modprobe ...) */
	WB_DRIVER_STEP_WRITE,  /* write value to the sysfs file path */
};

struct wb_driver_step {
	enum wb_driver_step_kind kind;
	int argc;                 /* RUN: number of arguments */
	char argv[WB_DRIVER_STEP_MAX_ARGS][WB_DRIVER_STEP_ARG_LEN];
	char path[256];           /* WRITE: the file */
	char value[8];            /* WRITE: the text written */
};

struct wb_driver_plan {
	const struct wb_driver *driver;
	enum wb_crypto_mode mode;
	size_t n;
	struct wb_driver_step steps[WB_DRIVER_PLAN_MAX];
};

/**
 * wb_driver_plan_switch - the steps that put @d into @mode
 * @bus_module: the phy's module for a re-probe (e.g. "ath11k_ahb"); NULL: @d->module
 * @sysfs_root: root of the parameter files written by a re-probe plan
 * @plan: filled in
 * Returns: 0, -ENOTSUP when @d has no switch, -EINVAL for @mode UNKNOWN or a pattern
 *          row without @bus_module, -ENAMETOOLONG.
 */
int wb_driver_plan_switch(const struct wb_driver *d, const char *bus_module,
			  enum wb_crypto_mode mode, const char *sysfs_root,
			  struct wb_driver_plan *plan) WB_MUST_CHECK;

/**
 * wb_driver_step_format - one line for humans and logs: "modprobe -r rt2800soc",
 * "write 1 > /sys/module/ath10k_core/parameters/cryptmode"
 * Returns: @buf.
 */
const char *wb_driver_step_format(const struct wb_driver_step *s, char *buf, size_t len);

/**
 * wb_driver_plan_run - run the steps of @plan in order, then read the parameter back
 * @sysfs_root: where to read the parameter back
 * @c: cancel source, may be NULL
 * @err: receives a one-line reason on failure (which step, its status, or the value
 *       read back), "" on success
 * Each command is bounded by a timeout. Stops at the first failing step.
 * Returns: 0; -EIO when a step failed; -ETIMEDOUT; -ECANCELED; -EPROTO when every step
 *          ran but the parameter does not read back as the requested mode.
 */
int wb_driver_plan_run(const struct wb_driver_plan *plan, const char *sysfs_root,
		       struct wb_cancel *c, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_driver_switch - plan and run the switch of @d to @mode, then verify it
 * @bus_module, @sysfs_root: as for wb_driver_plan_switch (the parameter is read back
 *                           under @sysfs_root too)
 * @c: cancel source, may be NULL
 * @err: receives a one-line reason on failure ("" on success)
 * The radio disappears and comes back (maybe under another phy name) during a reload;
 * the caller finds it again afterwards.
 * Returns: 0, or the errors of wb_driver_plan_switch and wb_driver_plan_run.
 */
int wb_driver_switch(const struct wb_driver *d, const char *bus_module, enum wb_crypto_mode mode,
		     const char *sysfs_root, struct wb_cancel *c, char *err,
		     size_t errlen) WB_MUST_CHECK;

#endif /* WB_DRIVERS_H */
