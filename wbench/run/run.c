/* The cell loop of `wbench run`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <stdint.h>
#include <iperf_api.h>

#include "reports/report.h"
#include "wbench/run/results_write.h"
#include "reports/table.h"
#include "wbench/run/cell.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/lab/lab.h"
#include "wbench/lib/log.h"
#include "wbench/scenario/plan.h"
#include "wbench/run/progress.h"
#include "wbench/run/run.h"
#include "wbench/lib/util.h"
#include "wbench/daemons/wpas.h"

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

/* The report of the results as they are now (complete or not): HTML and/or Markdown. */
static int write_report(const struct wb_run_opts *o, const json_t *doc, struct wb_cancel *c)
{
	struct wb_report_input in = { .file = o->output, .doc = doc };
	char err[512];
	int r;

	/* After Ctrl-C the report of the partial results is still written, without charts. */
	r = wb_report_write(&in, 1, NULL, o->report_html, o->report_md, c, err, sizeof(err));
	if (r < 0) {
		wb_err("run: report: %s", err);
		return r;
	}
	if (o->report_html)
		fprintf(o->out, "report: %s\n", o->report_html);
	if (o->report_md)
		fprintf(o->out, "markdown: %s\n", o->report_md);
	return 0;
}

int wb_run(const struct wb_scenario *sc, const struct wb_run_opts *o, struct wb_cancel *c,
	   enum wb_run_outcome *outcome)
{
	const struct wb_lab_ops *ops = wb_lab_ops_for(sc->lab.backend);
	struct wb_cell_ctx x = { .sc = sc, .ops = ops, .cancel = c };
	struct wb_results *res = NULL;
	struct wb_plan *plan = NULL;
	struct wb_progress prog;
	struct wb_lab *lab = NULL;
	json_t *environment = NULL;
	char *dir = NULL, *table;
	size_t i;
	int r;

	*outcome = WB_RUN_DONE;
	if (!ops) {
		wb_err("run: the '%s' lab backend is not implemented yet",
		       wb_scenario_backend_name(sc->lab.backend));
		return -EOPNOTSUPP;
	}
	r = wb_plan_new(sc, &plan);
	if (r < 0)
		return r;
	/* The results file exists (and is writable) before anything is set up. */
	r = wb_results_new(o->output, sc, NULL, plan->n_cells, time(NULL), &res);
	if (r < 0) {
		wb_err("run: cannot write '%s': %s", o->output, strerror(-r));
		goto out;
	}
	dir = wb_mkdtemp_private("wbench-run");
	if (!dir) {
		r = -errno;
		wb_err("run: cannot create a private directory: %s", strerror(errno));
		goto out;
	}
	r = ops->open(sc, c, &lab);
	if (r < 0) {
		if (r != -ECANCELED)
			wb_err("run: cannot set up the %s lab", ops->name);
		goto out;
	}
	if (ops->environment(lab, &environment) == 0) {
		add_versions(environment, ops, lab);
		if (wb_results_set_environment(res, environment) < 0)
			wb_warn("run: cannot rewrite '%s'", o->output);
	}
	x.lab = lab;
	x.dir = dir;
	x.capture_dir = o->capture_dir;
	x.port = o->port ? o->port : 5201;

	wb_progress_init(&prog, o->out, o->tty, plan->n_cells);
	for (i = 0; i < plan->n_cells; i++) {
		const struct wb_plan_cell *pc = wb_plan_at(plan, i);
		json_t *cell = wb_results_cell_new(pc);
		char mode[128], text[160];

		if (!cell) {
			r = -ENOMEM;
			break;
		}
		wb_plan_mode_key(pc, mode, sizeof(mode));
		snprintf(mode + strlen(mode), sizeof(mode) - strlen(mode), " #%u", pc->repetition + 1);
		wb_progress_start(&prog, i, mode);
		r = wb_cell_run(&x, pc, cell);
		if (r == -ECANCELED || wb_cancel_check(c)) {
			json_decref(cell);
			*outcome = WB_RUN_INTERRUPTED;
			r = 0;
			break;
		}
		if (r < 0) {
			json_decref(cell);
			break;
		}
		outcome_text(cell, text, sizeof(text));
		wb_progress_done(&prog, i, mode, text);
		r = wb_results_append(res, cell);
		if (r < 0) {
			wb_err("run: cannot write '%s': %s", o->output, strerror(-r));
			break;
		}
	}
	wb_progress_end(&prog);
	if (*outcome == WB_RUN_INTERRUPTED)
		wb_progress_note(&prog, "interrupted: cleaning up; finished cells are saved");
out:
	/* Teardown first (restores the driver), then the final write: both always happen. */
	ops->close(lab);
	if (res) {
		int w = wb_results_finish(res, *outcome == WB_RUN_INTERRUPTED ?
					  WB_RESULTS_END_INTERRUPTED :
					  r == 0 ? WB_RESULTS_END_COMPLETE : WB_RESULTS_END_ABORTED,
					  time(NULL));

		if (w < 0) {
			wb_err("run: cannot write '%s': %s", o->output, strerror(-w));
			if (r == 0)
				r = w;
		}
		table = wb_table_render(json_object_get(wb_results_doc(res), "summary"), 0);
		if (table && r == 0) {
			fprintf(o->out, "\n%s", table);
			if (!strcmp(ops->name, "sim"))
				fprintf(o->out, "\nnote: the sim has no hardware crypto; both modes run "
					"mac80211's software crypto, so throughput and CPU do not show "
					"the cost of nohwcrypt here (what it shows is which modes start).\n");
			fprintf(o->out, "results: %s\n", o->output);
		}
		free(table);
		if (o->report_html || o->report_md) {
			int rep = write_report(o, wb_results_doc(res), c);

			if (rep < 0 && r == 0)
				r = rep;
		}
	}
	wb_results_free(res);
	wb_plan_free(plan);
	if (dir) {
		wb_rm_rf(dir);
		free(dir);
	}
	return r;
}
