/*
 * wbench: the results document ("schema": "wbench-result/1", docs/results.md): the
 * status vocabulary, the schema checks and the reader. The run's writer is
 * wbench/run/results_write.h.
 */
#ifndef WB_RESULTS_H
#define WB_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "wbench/lib/wbench.h"

#define WB_RESULTS_SCHEMA "wbench-result/1"

/* Outcome of one cell ("status" in a cell). */
enum wb_results_status {
	WB_RESULTS_OK,
	WB_RESULTS_AP_START_FAILED, /* hostapd did not reach AP-ENABLED */
	WB_RESULTS_ASSOC_FAILED,    /* the STA did not connect */
	WB_RESULTS_TRAFFIC_FAILED,  /* connected, but the traffic run failed */
	WB_RESULTS_UNSUPPORTED,     /* the AP cannot run the cell's profile (a router's hostapd
				     * without SAE, an OpenWrt release without sae_pwe...): not
				     * measured, not failed; the diagnosis says why */
	WB_RESULTS_ERROR,           /* anything else (infrastructure, internal) */
};

/* The "status" names, indexed by enum wb_results_status and NULL-terminated. */
extern const char *const wb_results_status_names[];

/*
 * The traffic vocabulary of a results file, which is the scenario's: "proto" ("tcp",
 * "udp") and "direction" ("up", "down"), in the order of enum wb_scenario_proto and
 * enum wb_scenario_dir, NULL-terminated, as the JSON enum readers take them.
 */
#define WB_RESULTS_PROTOS 2
#define WB_RESULTS_DIRS 2
extern const char *const wb_results_proto_names[WB_RESULTS_PROTOS + 1];
extern const char *const wb_results_dir_names[WB_RESULTS_DIRS + 1];

/** wb_results_status_name - "ok", "ap_start_failed", ... (static). */
const char *wb_results_status_name(enum wb_results_status s);

/**
 * wb_results_status_parse - inverse of wb_results_status_name
 * Returns: 0 or -EINVAL.
 */
int wb_results_status_parse(const char *name, enum wb_results_status *out) WB_MUST_CHECK;

/**
 * wb_results_check_cell - validate one cell against wbench-result/1
 * @name: label for messages, e.g. "cell"
 * @err: receives "NAME: JSON.PATH: problem" (may be NULL)
 * Returns: 0 or -EINVAL.
 */
int wb_results_check_cell(const json_t *cell, const char *name, char *err, size_t errlen);

/**
 * wb_results_validate - validate a whole document against wbench-result/1
 * @name: file name for messages
 * Keys not in the schema are allowed (readers ignore them); missing keys, wrong types
 * and unknown enum values are errors.
 * Returns: 0 or -EINVAL.
 */
int wb_results_validate(const json_t *doc, const char *name, char *err, size_t errlen);

/**
 * wb_results_load - read and validate a results file
 * @out: set to a new reference (caller json_decref()s) on success, else NULL
 * @err: receives "FILE: JSON.PATH: problem", "FILE:LINE:COLUMN: syntax problem" or
 *       "cannot read results 'FILE': reason"
 * Returns: 0, -EINVAL, or a negative errno from reading.
 */
int wb_results_load(const char *path, json_t **out, char *err, size_t errlen) WB_MUST_CHECK;

#endif /* WB_RESULTS_H */
