/*
 * wbench: the report behind `wbench probe` for one phy: capabilities, driver-table row,
 * the crypto switch and its current value, the sim profile of a hwsim radio, and a
 * prediction per security profile. Built from data only (no netlink), so the text and
 * JSON forms are unit-tested on fixtures; cmd_probe.c does the gathering.
 */
#ifndef WB_PROBE_H
#define WB_PROBE_H

#include <stdio.h>

#include <jansson.h>

#include "collectors/capabilities.h"
#include "wbench/wifi/drivers.h"
#include "wbench/sys/hwsim.h"
#include "wbench/diag/predict.h"

#define WB_PROBE_SCHEMA "wbench-probe/1"
#define WB_PROBE_MAX_PROFILES 16

struct wb_probe_phy {
	struct wb_capabilities caps;
	const struct wb_driver *driver;       /* NULL: not in the driver table */
	char param_raw[32];                   /* the parameter's text, "" when not read */
	enum wb_crypto_mode mode;             /* meaning of param_raw */
	const struct wb_hwsim_profile *sim;   /* for hwsim radios: the matching profile */
	size_t n_predictions;
	struct wb_prediction predictions[WB_PROBE_MAX_PROFILES];  /* security-table order */
};

/**
 * wb_probe_phy_init - build the report for @caps (driver and module already filled in)
 * @sysfs_root: where module parameters and loaded op-modes are read ("/sys" or a test tree)
 */
void wb_probe_phy_init(struct wb_probe_phy *p, const struct wb_capabilities *caps,
		       const char *sysfs_root);

/**
 * wb_probe_phy_set - build the report from values read elsewhere (a remote host's radio):
 * @driver: its driver-table row, or NULL; @param_raw: the switch's text ("" unread)
 */
void wb_probe_phy_set(struct wb_probe_phy *p, const struct wb_capabilities *caps,
		      const struct wb_driver *driver, const char *param_raw,
		      enum wb_crypto_mode mode);

/**
 * wb_probe_phy_to_json - one entry of the "phys" array (docs/probe.md)
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_probe_phy_to_json(const struct wb_probe_phy *p);

/**
 * wb_probe_to_json - the whole document {"schema": "wbench-probe/1", "phys": [...]}
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_probe_to_json(const struct wb_probe_phy *phys, size_t n);

/** wb_probe_phy_print - the human-readable report of @p on @f (not a stable format). */
void wb_probe_phy_print(const struct wb_probe_phy *p, FILE *f);

#endif /* WB_PROBE_H */
