/*
 * wbench: the Linux WiFi driver table (docs: drivers.md §2) and the hardware/software
 * crypto switch: which module parameter flips it, how the change takes effect (module
 * reload, or a sysfs write plus a re-probe through the bus module), what it does to
 * 802.11w/PMF, and where OpenWrt keeps the module options.
 *
 * A switch is planned here (a list of commands and sysfs writes, testable without
 * hardware) and run by the lab on the radio's host (wbench/lab/crypto_switch.h), which
 * reads the parameter back afterwards, because a module parameter that did not take is the
 * classic silent failure of this procedure.
 */
#ifndef WB_DRIVERS_H
#define WB_DRIVERS_H

#include <stdbool.h>
#include <stddef.h>

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
	WB_DRIVER_STEP_RUN,    /* run argv (rmmod ..., modprobe ...) */
	WB_DRIVER_STEP_WRITE,  /* write value to the sysfs file path, in place */
};

struct wb_driver_step {
	enum wb_driver_step_kind kind;
	int argc;                 /* RUN: number of arguments */
	char argv[WB_DRIVER_STEP_MAX_ARGS][WB_DRIVER_STEP_ARG_LEN];
	char path[256];           /* WRITE: the file */
	char value[8];            /* WRITE: the text written */
};

/*
 * How a host loads modules with options: modprobe (Linux distributions), or insmod on
 * OpenWrt-like hosts whose modprobe takes no options (ubox; real-labs.md §1.9).
 */
enum wb_driver_loader {
	WB_DRIVER_LOADER_MODPROBE = 0,
	WB_DRIVER_LOADER_INSMOD,
};

struct wb_driver_plan {
	const struct wb_driver *driver;
	enum wb_crypto_mode mode;  /* what the value means (UNKNOWN for a value of neither mode) */
	char value[8];             /* the parameter value the plan sets ("1", "0", "Y", ...) */
	size_t n;
	struct wb_driver_step steps[WB_DRIVER_PLAN_MAX];
};

/* Where and how a plan runs; zero-initialise, then set what applies. */
struct wb_driver_plan_opts {
	const char *bus_module;    /* the phy's module for a re-probe (e.g. "ath11k_ahb");
				    * NULL: the row's module */
	const char *sysfs_root;    /* root of the parameter file a re-probe writes; NULL: "/sys" */
	enum wb_driver_loader loader;
};

/**
 * wb_driver_plan_set - the steps that load @d's parameter with @value
 * @value: the parameter's text ("1", "0", "Y", "N": what the kernel takes; at most 7
 *         bytes of [A-Za-z0-9_-]); the plan's mode is what @value means
 * @o: bus module, sysfs root, loader (may be NULL: all defaults)
 * A reload removes the module(s) one `rmmod` each (dependants first; shared libraries stay
 * loaded) and loads the parameter's module with PARAM=VALUE; a re-probe writes the
 * (writable) parameter in place and reloads only the bus module (`rmmod`, so that the core
 * module keeps the value: `modprobe -r` would remove it with the bus module).
 * Returns: 0, -ENOTSUP when @d has no switch, -EINVAL for a bad @value or a pattern row
 *          without a bus module, -ENAMETOOLONG, -E2BIG.
 */
int wb_driver_plan_set(const struct wb_driver *d, const struct wb_driver_plan_opts *o,
		       const char *value, struct wb_driver_plan *plan) WB_MUST_CHECK;

/**
 * wb_driver_plan_switch - the steps that put @d into @mode (modprobe as the loader): the
 * plan of wb_driver_plan_set for wb_driver_param_value(@mode)
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
 * wb_driver_step_format - one line for humans and logs: "rmmod rt2800soc",
 * "write 1 > /sys/module/ath10k_core/parameters/cryptmode"
 * Returns: @buf.
 */
const char *wb_driver_step_format(const struct wb_driver_step *s, char *buf, size_t len);

/**
 * wb_driver_param_path - the parameter file of @d under @sysfs_root (NULL: "/sys"):
 * SYSFS_ROOT/module/PARAM_MODULE/parameters/PARAM
 * Returns: 0, -ENOTSUP when @d has no switch, -ENAMETOOLONG.
 */
int wb_driver_param_path(const struct wb_driver *d, const char *sysfs_root, char *buf,
			 size_t len) WB_MUST_CHECK;

/*
 * Running a plan is the lab's (wbench/lab/crypto_switch.h): on a host, local or remote,
 * with the parameter read back and the radio found again afterwards.
 */

#endif /* WB_DRIVERS_H */
