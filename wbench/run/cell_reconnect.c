/*
 * wbench: a cell's reconnect cycles (scenario stability.reconnect_cycles). After the
 * traffic the station disconnects and reconnects N times; each association time is kept
 * and each failure classified with the association codes. A mode that is fast but loses
 * its clients shows here, not in the throughput.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reports/summary.h"
#include "wbench/diag/diagnose.h"
#include "wbench/lib/log.h"
#include "wbench/run/cell_i.h"

/* Failures kept in detail per cell; beyond, they are counted only. */
#define RECONNECT_FAILURES_MAX 20

struct cycles {
	unsigned int n, ok;
	double *ms;            /* association times of the cycles that succeeded */
	json_t *failures;
};

/* Cycle @i's failure: the connect call's result @r classified like a first association. */
static void failed(struct cycles *cy, const struct wb_plan_cell *pc, struct wb_wpas *w,
		   unsigned int i, int r, const char *step)
{
	struct wb_diag_input di;
	struct wb_diagnosis d;
	char *log = NULL;

	if (json_array_size(cy->failures) >= RECONNECT_FAILURES_MAX)
		return;
	wb_diag_input_init(&di);
	di.phase = WB_DIAG_PHASE_STA_CONNECT;
	di.result = r;
	di.sec = pc->security->profile;
	/* the event that ended this attempt, not the cell's whole history of disconnects */
	di.events = w->fail_event;
	if (wb_wpas_log(w, &log) == 0)
		di.log = log;
	if (wb_diagnose(&di, &d) == 0)
		json_array_append_new(cy->failures, json_pack("{s:I, s:s, s:s, s:s}", "cycle",
							      (json_int_t)i + 1, "step", step,
							      "code", wb_diag_code_name(d.code),
							      "message", d.message));
	free(log);
}

/* One disconnect and reconnect. Returns 0, or -ECANCELED. */
static int cycle(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc, struct wb_wpas *w,
		 struct cycles *cy, unsigned int i, bool *connected)
{
	int64_t disc = wb_cell_ms(x->timeouts.disconnect_ms, WB_CELL_DISCONNECT_TIMEOUT_MS);
	int64_t conn = wb_cell_ms(x->timeouts.sta_connect_ms, WB_CELL_STA_CONNECT_TIMEOUT_MS);
	int r;

	if (*connected) {
		r = wb_wpas_disconnect(w, disc, x->cancel);
		if (r == -ECANCELED)
			return r;
		if (r < 0) {
			/* still associated: RECONNECT would not be seen to do anything */
			failed(cy, pc, w, i, r, "disconnect");
			return 0;
		}
		*connected = false;
	}
	r = wb_wpas_reconnect(w, conn, x->cancel);
	if (r == -ECANCELED)
		return r;
	if (r < 0) {
		failed(cy, pc, w, i, r, "reconnect");
		return 0;
	}
	*connected = true;
	cy->ms[cy->ok++] = (double)w->assoc_ms;
	return 0;
}

int wb_cell_reconnect(const struct wb_cell_ctx *x, const struct wb_plan_cell *pc,
		      struct wb_wpas *w, json_t *cell, bool *connected)
{
	struct cycles cy = { .n = x->sc->reconnect_cycles };
	json_t *samples, *rc;
	unsigned int i;
	int r = 0;

	if (!cy.n)
		return 0;
	cy.ms = calloc(cy.n, sizeof(*cy.ms));
	cy.failures = json_array();
	samples = json_array();
	if (!cy.ms || !cy.failures || !samples) {
		r = -ENOMEM;
		goto out;
	}
	for (i = 0; i < cy.n && r == 0; i++)
		r = cycle(x, pc, w, &cy, i, connected);
	if (r < 0)
		goto out;
	for (i = 0; i < cy.ok; i++)
		json_array_append_new(samples, json_real(cy.ms[i]));
	/* "o" steals samples and failures, also when packing fails */
	rc = json_pack("{s:I, s:I, s:f, s:o, s:o, s:o}", "cycles", (json_int_t)cy.n,
		       "succeeded", (json_int_t)cy.ok, "success_rate", (double)cy.ok / cy.n,
		       "samples_ms", samples, "assoc_ms", wb_summary_dist(cy.ms, cy.ok),
		       "failures", cy.failures);
	samples = cy.failures = NULL;
	if (!rc || json_object_set_new(cell, "reconnect", rc) < 0)
		r = -ENOMEM;
	wb_debug("reconnect: %u of %u cycles", cy.ok, cy.n);
out:
	json_decref(samples);
	json_decref(cy.failures);
	free(cy.ms);
	return r;
}
