/* What a run would do, for `wbench run --dry-run`: the run's own steps and the lab's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbench/run/run.h"

int wb_run_describe(const struct wb_scenario *sc, const struct wb_run_opts *o,
		    struct wb_lab_actions *out, bool *described)
{
	const struct wb_lab_ops *ops = wb_lab_ops_for(sc->lab.backend);
	const char *tmp = getenv("TMPDIR"), *host = WB_SCENARIO_LOCAL;
	char what[1024];

	*described = ops && ops->describe;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(what, sizeof(what), "write the results file %s (created first, rewritten "
		 "atomically after every cell)", o->output);
	if (wb_lab_actions_add(out, host, WB_LAB_AT_START, what, "kept: it is the result") < 0)
		return -ENOMEM;
	snprintf(what, sizeof(what), "make the private run directory <run> = "
		 "%s/wbench-run.XXXXXX (0700)", tmp);
	if (wb_lab_actions_add(out, host, WB_LAB_AT_START, what, "removed with its content at "
			       "the end") < 0)
		return -ENOMEM;
	if (o->capture_dir) {
		snprintf(what, sizeof(what), "make the directory <captures> = %s for the cells' "
			 "pcap files", o->capture_dir);
		if (wb_lab_actions_add(out, host, WB_LAB_AT_START, what, "kept, with the "
				       "captures") < 0)
			return -ENOMEM;
	}
	if (wb_lab_actions_add(out, host, WB_LAB_PER_CELL, "make the cell's directory "
			       "<run>/cell-<n> (0700) for its configs, logs and control sockets",
			       "removed when the cell ends") < 0)
		return -ENOMEM;
	return *described ? ops->describe(sc, out) : 0;
}

int wb_run_preflight(const struct wb_scenario *sc, struct wb_cancel *c,
		     struct wb_lab_findings *out, bool *available)
{
	const struct wb_lab_ops *ops = wb_lab_ops_for(sc->lab.backend);

	*available = ops && ops->preflight;
	return *available ? ops->preflight(sc, c, out) : 0;
}

int wb_run_probe(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab_probes *out,
		 struct wb_lab_findings *found, bool *available)
{
	const struct wb_lab_ops *ops = wb_lab_ops_for(sc->lab.backend);

	*available = ops && ops->probe;
	return *available ? ops->probe(sc, c, out, found) : 0;
}
