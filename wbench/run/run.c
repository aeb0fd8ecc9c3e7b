/* The cell loop of `wbench run`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdint.h>
#include <iperf_api.h>

#include "wbench/run/results_write.h"
#include "wbench/run/cell.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/lab/lab.h"
#include "wbench/lib/log.h"
#include "wbench/scenario/plan.h"
#include "wbench/run/progress.h"
#include "wbench/run/run.h"
#include "wbench/lib/util.h"
#include "wbench/daemons/wpas.h"

/* One run: what wb_run sets up, uses and tears down. */
struct run {
	const struct wb_scenario *sc;   /* borrowed */
	const struct wb_run_opts *o;    /* borrowed */
	const struct wb_lab_ops *ops;
	struct wb_plan *plan;           /* ours */
	struct wb_results *res;         /* ours */
	struct wb_lab *lab;             /* ours */
	char *dir;                      /* ours: the private run directory, removed at the end */
	struct wb_cell_ctx x;           /* what every cell gets */
};

/* Versions of what measured, for the results' environment. */
static void add_versions(json_t *environment, const struct wb_lab_ops *ops, struct wb_lab *lab)
{
	char v[64];
	json_t *tools = json_object();

	if (wb_hostapd_version(ops->end(lab, WB_LAB_AP)->host, NULL, v, sizeof(v)) == 0)
		json_object_set_new(tools, "hostapd", json_string(v));
	if (wb_wpas_version(ops->end(lab, WB_LAB_STA)->host, NULL, v, sizeof(v)) == 0)
		json_object_set_new(tools, "wpa_supplicant", json_string(v));
	json_object_set_new(tools, "libiperf", json_string(iperf_get_iperf_version()));
	json_object_set_new(environment, "tools", tools);
}

static void outcome_text(const json_t *cell, char *buf, size_t len)
{
	const char *st = json_string_value(json_object_get(cell, "status"));
	const json_t *d = json_object_get(cell, "diagnosis");
	const json_t *bps = json_object_get(json_object_get(cell, "throughput"), "bits_per_second");
	const char *pmf = json_string_value(json_object_get(json_object_get(cell, "pmf"), "verdict"));

	if (st && !strcmp(st, "ok"))
		snprintf(buf, len, "ok %.1f Mbit/s%s%s", json_number_value(bps) / 1e6,
			 pmf ? " pmf:" : "", pmf ? pmf : "");
	else
		snprintf(buf, len, "%s%s%s", st ? st : "?", json_is_object(d) ? ": " : "",
			 json_is_object(d) ? json_string_value(json_object_get(d, "code")) : "");
}

/* The plan, the results file (it exists, and is writable, before anything is set up),
 * the private directory and the lab with its environment. Returns 0 or -errno (reported). */
static int run_open(struct run *run)
{
	const struct wb_run_opts *o = run->o;
	json_t *environment = NULL;
	int r;

	r = wb_plan_new(run->sc, &run->plan);
	if (r < 0)
		return r;
	r = wb_results_new(o->output, run->sc, NULL, run->plan->n_cells, time(NULL), &run->res);
	if (r < 0) {
		wb_err("run: cannot write '%s': %s", o->output, strerror(-r));
		return r;
	}
	run->dir = wb_mkdtemp_private("wbench-run");
	if (!run->dir) {
		r = -errno;
		wb_err("run: cannot create a private directory: %s", strerror(errno));
		return r;
	}
	r = run->ops->open(run->sc, run->x.cancel, &run->lab);
	if (r < 0) {
		if (r != -ECANCELED)
			wb_err("run: cannot set up the %s lab", run->ops->name);
		return r;
	}
	if (run->ops->environment(run->lab, &environment) == 0) {
		add_versions(environment, run->ops, run->lab);
		if (wb_results_set_environment(run->res, environment) < 0)
			wb_warn("run: cannot rewrite '%s'", o->output);
	}
	run->x.lab = run->lab;
	run->x.dir = run->dir;
	run->x.capture_dir = o->capture_dir;
	run->x.port = o->port ? o->port : WB_RUN_PORT_DEFAULT;
	return 0;
}

/* Cell @i: run it, show its outcome, append it to the results.
 * Returns: 0, 1 when the run was interrupted (the cell is dropped), or -errno (reported). */
static int run_cell(struct run *run, struct wb_progress *prog, size_t i)
{
	const struct wb_plan_cell *pc = wb_plan_at(run->plan, i);
	json_t *cell = wb_results_cell_new(pc);
	char mode[128], text[160];
	int r;

	if (!cell)
		return -ENOMEM;
	wb_plan_mode_key(pc, mode, sizeof(mode));
	snprintf(mode + strlen(mode), sizeof(mode) - strlen(mode), " #%u", pc->repetition + 1);
	wb_progress_start(prog, i, mode);
	r = wb_cell_run(&run->x, pc, cell);
	if (r == -ECANCELED || wb_cancel_check(run->x.cancel)) {
		json_decref(cell);
		return 1;
	}
	if (r < 0) {
		json_decref(cell);
		return r;
	}
	outcome_text(cell, text, sizeof(text));
	wb_progress_done(prog, i, mode, text);
	r = wb_results_append(run->res, cell);
	if (r < 0)
		wb_err("run: cannot write '%s': %s", run->o->output, strerror(-r));
	return r;
}

/* Every cell in the plan's order. Returns 0 (see @outcome) or -errno (reported). */
static int run_cells(struct run *run, enum wb_run_outcome *outcome)
{
	struct wb_progress prog;
	size_t i;
	int r = 0;

	wb_progress_init(&prog, run->o->out, run->o->tty, run->plan->n_cells);
	for (i = 0; i < run->plan->n_cells && r == 0; i++)
		r = run_cell(run, &prog, i);
	wb_progress_end(&prog);
	if (r == 1) {
		*outcome = WB_RUN_INTERRUPTED;
		wb_progress_note(&prog, "interrupted: cleaning up; finished cells are saved");
		r = 0;
	}
	return r;
}

/*
 * Teardown first (restores the driver), then the final write of the results: both happen
 * on every path. Hands the final document to @end. Returns @r, or the write's error.
 */
static int run_close(struct run *run, int r, struct wb_run_end *end)
{
	int w;

	run->ops->close(run->lab);
	if (run->res) {
		w = wb_results_finish(run->res, end->outcome == WB_RUN_INTERRUPTED ?
				      WB_RESULTS_END_INTERRUPTED :
				      r == 0 ? WB_RESULTS_END_COMPLETE : WB_RESULTS_END_ABORTED,
				      time(NULL));
		if (w < 0) {
			wb_err("run: cannot write '%s': %s", run->o->output, strerror(-w));
			if (r == 0)
				r = w;
		}
		end->doc = json_deep_copy(wb_results_doc(run->res));
		if (!end->doc) {
			wb_err("run: out of memory");
			if (r == 0)
				r = -ENOMEM;
		}
	}
	wb_results_free(run->res);
	wb_plan_free(run->plan);
	if (run->dir) {
		wb_rm_rf(run->dir);
		free(run->dir);
	}
	return r;
}

int wb_run(const struct wb_scenario *sc, const struct wb_run_opts *o, struct wb_cancel *c,
	   struct wb_run_end *end)
{
	struct run run = { .sc = sc, .o = o, .ops = wb_lab_ops_for(sc->lab.backend) };
	int r;

	*end = (struct wb_run_end){ .outcome = WB_RUN_DONE };
	if (!run.ops) {
		wb_err("run: the '%s' lab backend is not implemented yet",
		       wb_scenario_backend_name(sc->lab.backend));
		return -EOPNOTSUPP;
	}
	end->simulated = run.ops->simulated;
	run.x = (struct wb_cell_ctx){ .sc = sc, .ops = run.ops, .cancel = c };
	r = run_open(&run);
	if (r < 0 && (r == -ECANCELED || wb_cancel_check(c))) {
		/* interrupted while the lab was set up: the same end as between cells */
		end->outcome = WB_RUN_INTERRUPTED;
		r = 0;
	}
	if (r == 0 && end->outcome != WB_RUN_INTERRUPTED)
		r = run_cells(&run, &end->outcome);
	return run_close(&run, r, end);
}
