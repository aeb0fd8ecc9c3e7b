/* wbench: internals shared by cell.c, cell_traffic.c, cell_active.c and cell_reconnect.c. */
#ifndef WB_CELL_I_H
#define WB_CELL_I_H

#include <jansson.h>

#include "collectors/collector.h"
#include "collectors/throughput.h"
#include "wbench/run/cell.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/daemons/wpas.h"

/** wb_cell_ms - @ms when set (> 0), else @dflt: a cell's timeouts default when 0. */
static inline int64_t wb_cell_ms(int64_t ms, int64_t dflt)
{
	return ms > 0 ? ms : dflt;
}

/** wb_cell_netns - the namespace file of end @e, NULL for the current namespace (borrowed). */
static inline const char *wb_cell_netns(const struct wb_lab_end *e)
{
	return e->netns_path[0] ? e->netns_path : NULL;
}

/**
 * wb_cell_measure - traffic (libiperf) with CPU and link collectors over the measured
 * window (after the warm-up); fills cell.throughput, cell.cpu, cell.link
 * Returns: 0 (cell status set to "ok" or "traffic_failed"), -ECANCELED, or -ENOMEM.
 */
int wb_cell_measure(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, json_t *cell,
		    struct wb_collector *cap);

/**
 * wb_cell_traffic_params - the cell's iperf parameters: the scenario's traffic between
 * the peer (server) and the station (client), the warm-up included
 */
void wb_cell_traffic_params(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
			    struct wb_throughput_params *tp);

/**
 * wb_cell_soak - the scenario's soak (none when stability.soak_s is 0): the cell's traffic
 * for soak_s more seconds in segments, the station's events watched; fills cell.soak
 * (docs/results.md)
 * @cap: the cell's running capture (may be NULL), drained meanwhile
 * @connected: out: whether the station is associated at the end
 * Returns: 0, -ECANCELED, or -ENOMEM.
 */
int wb_cell_soak(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
		 struct wb_wpas *w, struct wb_collector *cap, json_t *cell, bool *connected);

/**
 * wb_cell_forge - the active check: forged unprotected deauth (reason 7) and disassoc
 * (reason 3) from the lab's injector to the station, spoofing the AP
 * @cap: the running capture (may be NULL): its verifier is told about the forged frames,
 *       and its protected-frame count shows whether the station started an SA Query
 * @ap_mac, @sta_mac: "aa:bb:cc:dd:ee:ff"
 * Returns: a new object for cell.active_check, or NULL when it could not run (reported).
 */
json_t *wb_cell_forge(const struct wb_cell_ctx *x, struct wb_wpas *w, struct wb_collector *cap,
		      const char *ap_mac, const char *sta_mac);

/**
 * wb_cell_reconnect - the scenario's reconnect cycles (none when 0): DISCONNECT and
 * RECONNECT of the station, each waited for; fills cell.reconnect (docs/results.md)
 * @connected: in: the station is associated; out: whether it is at the end
 * Returns: 0, -ECANCELED, or -ENOMEM.
 */
int wb_cell_reconnect(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
		      struct wb_wpas *w, json_t *cell, bool *connected);

#endif /* WB_CELL_I_H */
