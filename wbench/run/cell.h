/*
 * wbench: one cell of a run (crypto mode x security x proto x direction x repetition):
 * set the crypto mode, start the AP and the STA, measure traffic, CPU and link, verify
 * PMF from the capture, optionally forge a deauth, tear down. Every outcome, failures
 * included, is written into the cell object; only an interrupt aborts a cell.
 */
#ifndef WB_CELL_H
#define WB_CELL_H

#include <stdint.h>

#include <jansson.h>

#include "wbench/lab/lab.h"
#include "wbench/scenario/plan.h"
#include "wbench/lib/proc.h"
#include "wbench/scenario/scenario.h"

/* Bounded waits of a cell; the VM runs under software emulation, so they are generous. */
#define WB_CELL_STA_CONNECT_TIMEOUT_MS 90000
#define WB_CELL_DISCONNECT_TIMEOUT_MS 10000
#define WB_CELL_TRAFFIC_CONNECT_TIMEOUT_MS 20000

/* A cell's waits in ms; 0 takes the default (a test shortens them). */
struct wb_cell_timeouts {
	int64_t ap_start_ms;              /* AP-ENABLED: WB_HOSTAPD_START_TIMEOUT_MS */
	int64_t sta_connect_ms;           /* CTRL-EVENT-CONNECTED: WB_CELL_STA_CONNECT_TIMEOUT_MS */
	int64_t disconnect_ms;            /* at teardown: WB_CELL_DISCONNECT_TIMEOUT_MS */
	unsigned int traffic_connect_ms;  /* iperf client to server: WB_CELL_TRAFFIC_CONNECT_TIMEOUT_MS */
};

struct wb_cell_ctx {
	const struct wb_scenario *sc;    /* borrowed */
	const struct wb_lab_ops *ops;
	struct wb_lab *lab;
	const char *dir;                 /* private 0700 run directory (configs, logs) */
	const char *capture_dir;         /* save each cell's capture here, or NULL */
	struct wb_cancel *cancel;        /* may be NULL */
	unsigned int port;               /* iperf port */
	struct wb_cell_timeouts timeouts;
};

/**
 * wb_cell_run - run cell @pc, filling @cell (a skeleton from wb_results_cell_new)
 * Returns: 0 when the cell has an outcome (its "status" says which), -ECANCELED when
 * interrupted (the cell is incomplete and must not be recorded), or -ENOMEM.
 */
int wb_cell_run(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell);

#endif /* WB_CELL_H */
