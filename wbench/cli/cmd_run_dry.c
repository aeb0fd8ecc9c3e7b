/*
 * wbench run --dry-run [--preflight]: what a run would do, before it does anything. The
 * scenario is validated, the plan computed, and the run's and the lab's descriptions
 * printed; nothing is set up, started, written or connected (the preflight may read and
 * connect, never change).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wbench/cli/cmd_run.h"
#include "wbench/cli/plan_print.h"
#include "wbench/lib/log.h"
#include "wbench/scenario/plan.h"

static int print_steps(FILE *out, const struct wb_scenario *sc, const struct wb_run_opts *ro,
		       bool relay)
{
	struct wb_lab_actions steps = { 0 };
	bool described;

	if (wb_run_describe(sc, ro, &steps, &described) < 0) {
		wb_lab_actions_release(&steps);
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	fprintf(out, "\nsteps per host, and how each is undone (<pid>: the run's process id, "
		"<run>: its private directory, <n>: a cell's position in the run order, <port>: "
		"%u):\n", ro->port ? ro->port : WB_RUN_PORT_DEFAULT);
	wb_print_actions(out, &steps);
	wb_lab_actions_release(&steps);
	if (!described)
		fprintf(out, "note: the '%s' lab backend does not describe its steps yet: these "
			"are the run's own only\n", wb_scenario_backend_name(sc->lab.backend));
	if (relay)
		fprintf(out, "note: this host has no mac80211_hwsim: a run relays itself into "
			"the simulated-lab VM (wbench vm) and takes these steps there\n");
	return WB_EXIT_OK;
}

static int print_preflight(FILE *out, const struct wb_scenario *sc, struct wb_cancel *cancel)
{
	struct wb_lab_findings found = { 0 };
	bool available;
	size_t i;
	int r, ret = WB_EXIT_OK;

	fprintf(out, "\npreflight (read-only):\n");
	r = wb_run_preflight(sc, cancel, &found, &available);
	if (r < 0) {
		wb_err("preflight: the checks could not run: %s", strerror(-r));
		ret = WB_EXIT_INFRA;
	} else if (!available) {
		fprintf(out, "  the '%s' lab backend has no preflight yet\n",
			wb_scenario_backend_name(sc->lab.backend));
	}
	wb_print_findings(out, &found);
	for (i = 0; i < found.n && ret == WB_EXIT_OK; i++)
		if (found.v[i].problem)
			ret = WB_EXIT_FAIL;
	wb_lab_findings_release(&found);
	return ret;
}

int wb_cmd_run_dry(const struct wb_scenario *sc, const struct wb_run_opts *ro, bool preflight,
		   bool relay, struct wb_cancel *cancel)
{
	FILE *out = ro->out;
	struct wb_plan *plan;
	int ret;

	if (wb_plan_new(sc, &plan) < 0) {
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	fprintf(out, "dry run: nothing is set up, started, written or connected\n");
	wb_print_scenario(out, sc);
	fprintf(out, "\ncells in run order:\n");
	wb_print_cells(out, plan);
	wb_print_flips(out, plan);
	wb_plan_free(plan);
	ret = print_steps(out, sc, ro, relay);
	if (ret == WB_EXIT_OK && preflight)
		ret = print_preflight(out, sc, cancel);
	return ret;
}
