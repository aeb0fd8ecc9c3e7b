/* wbench probe: what each radio supports and which security profiles will fail. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/capabilities.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/cli/plan_print.h"
#include "wbench/run/run.h"
#include "wbench/scenario/scenario.h"
#include "wbench/lib/log.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"
#include "wbench/diag/probe.h"

static const char probe_help[] =
	"usage: wbench probe [PHY] [--json] [--netns NS]\n"
	"       wbench probe --lab SCENARIO [--json]\n"
	"\n"
	"Show what each wireless phy supports (driver, module, advertised ciphers, BIP/PMF,\n"
	"beacon protection, interface modes, the hardware/software crypto switch and its\n"
	"current value) and predict, for every security profile, whether hostapd can start\n"
	"an AP with it, with a reason and a remedy when it cannot.\n"
	"\n"
	"  PHY         only this phy (default: every phy)\n"
	"  --json      machine-readable output, schema wbench-probe/1 (docs/probe.md)\n"
	"  --netns NS  look at the phys in network namespace NS (/run/netns/NS)\n"
	"  --lab SCENARIO\n"
	"              probe the radios of the scenario's lab where they are (the AP, the\n"
	"              STA and the sniffer, on this machine or over ssh), and run its\n"
	"              preflight; read-only: nothing is moved, loaded, written or started\n"
	"\n";

static int gather(const char *netns, struct wb_capabilities **list, size_t *n)
{
	char err[WB_NETNS_ERR_MAX] = "";
	struct wb_nl nl;
	int r;

	r = wb_netns_nl_open(netns, "nl80211", &nl, err, sizeof(err));
	if (err[0]) {
		wb_err("%s", err);
		return WB_EXIT_INFRA;
	}
	if (r == -ENOENT) {
		wb_err("no nl80211: the kernel has no cfg80211; try 'wbench vm -- wbench probe'");
		return WB_EXIT_INFRA;
	}
	if (r < 0) {
		wb_err("cannot open nl80211: %s", strerror(-r));
		return WB_EXIT_INFRA;
	}
	r = wb_capabilities_dump(&nl, list, n);
	if (r < 0) {
		wb_err("cannot list wireless phys: %s%s%s", strerror(-r),
		       nl.ext_ack[0] ? "; kernel reports: " : "", nl.ext_ack);
		wb_nl_close(&nl);
		return WB_EXIT_INFRA;
	}
	wb_nl_close(&nl);
	return WB_EXIT_OK;
}

static int report(struct wb_capabilities *list, size_t n, const char *phy, const char *netns,
		  bool json)
{
	struct wb_probe_phy *phys;
	size_t i, k = 0;
	int ret = WB_EXIT_OK;

	phys = calloc(n, sizeof(*phys));
	if (!phys) {
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	for (i = 0; i < n; i++) {
		int r;

		if (phy && strcmp(list[i].name, phy) != 0)
			continue;
		r = wb_capabilities_read_sysfs_netns(&list[i], netns);
		if (r < 0 && r != -ENOENT)
			wb_warn("cannot read the driver of '%s' from sysfs: %s", list[i].name,
				strerror(-r));
		wb_probe_phy_init(&phys[k++], &list[i], "/sys");
	}
	if (json) {
		json_t *doc = wb_probe_to_json(phys, k);

		if (!doc || json_dumpf(doc, stdout, JSON_INDENT(2)) < 0) {
			wb_err("cannot write the JSON report");
			ret = WB_EXIT_INFRA;
		} else {
			fputc('\n', stdout);
		}
		json_decref(doc);
	} else {
		for (i = 0; i < k; i++) {
			if (i)
				fputc('\n', stdout);
			wb_probe_phy_print(&phys[i], stdout);
		}
	}
	free(phys);
	return ret;
}

static json_t *lab_json(const struct wb_scenario *sc, const struct wb_lab_probes *p,
			const struct wb_lab_findings *f)
{
	json_t *doc = json_pack("{s:s,s:{s:s?,s:s},s:[],s:[]}", "schema", WB_PROBE_SCHEMA,
				"lab", "scenario", sc->name, "backend",
				wb_scenario_backend_name(sc->lab.backend), "phys", "findings");
	json_t *phys = json_object_get(doc, "phys"), *found = json_object_get(doc, "findings");

	for (size_t i = 0; doc && i < p->n; i++) {
		json_t *o = wb_probe_phy_to_json(&p->v[i].phy);

		const struct wb_probe_phy *ph = &p->v[i].phy;

		if (!o || json_object_set_new(o, "role", json_string(p->v[i].role)) < 0 ||
		    json_object_set_new(o, "host", json_string(p->v[i].host)) < 0 ||
		    json_object_set_new(o, "crypto_mode",
					json_string(wb_crypto_mode_name(ph->mode))) < 0 ||
		    json_object_set_new(o, "switch_value", ph->param_raw[0] ?
					json_string(ph->param_raw) : json_null()) < 0 ||
		    json_array_append_new(phys, o) < 0)
			goto fail;
	}
	for (size_t i = 0; doc && i < f->n; i++)
		if (json_array_append_new(found, json_pack("{s:s,s:b,s:s}", "host", f->v[i].host,
							   "problem", f->v[i].problem, "text",
							   f->v[i].text)) < 0)
			goto fail;
	return doc;
fail:
	json_decref(doc);
	return NULL;
}

static int lab_print(const struct wb_scenario *sc, const struct wb_lab_probes *p,
		     const struct wb_lab_findings *f, bool json)
{
	if (json) {
		json_t *doc = lab_json(sc, p, f);
		int r = doc ? json_dumpf(doc, stdout, JSON_INDENT(2)) : -1;

		json_decref(doc);
		if (r < 0) {
			wb_err("cannot write the JSON report");
			return WB_EXIT_INFRA;
		}
		fputc('\n', stdout);
		return WB_EXIT_OK;
	}
	printf("lab of '%s' (backend %s), read-only\n", sc->name,
	       wb_scenario_backend_name(sc->lab.backend));
	for (size_t i = 0; i < p->n; i++) {
		printf("\n%s on %s:\n", p->v[i].role, p->v[i].host);
		wb_probe_phy_print(&p->v[i].phy, stdout);
		if (p->v[i].phy.param_raw[0])
			printf("  crypto mode now    %s (the switch reads '%s')\n",
			       wb_crypto_mode_name(p->v[i].phy.mode), p->v[i].phy.param_raw);
	}
	printf("\npreflight:\n");
	wb_print_findings(stdout, f);
	return WB_EXIT_OK;
}

/* probe --lab: the scenario's radios where they are, and the preflight, read-only. */
static int probe_lab(const char *path, bool json, struct wb_cancel *cancel)
{
	struct wb_lab_findings found = { 0 };
	struct wb_lab_probes probes = { 0 };
	struct wb_scenario *sc = NULL;
	char err[1024];
	bool have_probe;
	int r, ret = WB_EXIT_OK;

	r = wb_scenario_load(path, &sc, err, sizeof(err));
	if (r < 0) {
		wb_err("%s", err);
		return WB_EXIT_USAGE;
	}
	r = wb_run_probe(sc, cancel, &probes, &found, &have_probe);
	if (r < 0) {
		wb_err("probe: the checks could not run: %s", strerror(-r));
		ret = WB_EXIT_INFRA;
	} else if (!have_probe) {
		wb_err("the '%s' lab makes its radios during a run: nothing to probe before it "
		       "(try 'wbench run --dry-run %s', or 'wbench probe' in the VM while a run "
		       "is under way)", wb_scenario_backend_name(sc->lab.backend), path);
		ret = WB_EXIT_USAGE;
	} else {
		ret = lab_print(sc, &probes, &found, json);
	}
	for (size_t i = 0; ret == WB_EXIT_OK && i < found.n; i++)
		if (found.v[i].problem)
			ret = WB_EXIT_INFRA;
	wb_lab_probes_release(&probes);
	wb_lab_findings_release(&found);
	wb_scenario_free(sc);
	return ret;
}

int wb_cmd_probe(int argc, char *argv[], struct wb_cancel *cancel)
{
	const char *phy = NULL, *netns = NULL, *lab = NULL;
	struct wb_capabilities *list = NULL;
	bool json = false;
	size_t n = 0, j;
	int ret, r, i;

	for (i = 1; i < argc; i++) {
		if (wb_cliarg_is_help(argv[i])) {
			fputs(probe_help, stdout);
			fputs(wb_exit_codes_help, stdout);
			return WB_EXIT_OK;
		}
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
			continue;
		}
		r = wb_cliarg_value(argc, argv, &i, "--netns", &netns);
		if (r < 0)
			return wb_usage_error("probe", "option '--netns' needs a namespace name");
		if (r > 0)
			continue;
		r = wb_cliarg_value(argc, argv, &i, "--lab", &lab);
		if (r < 0)
			return wb_usage_error("probe", "option '--lab' needs a scenario file");
		if (r > 0)
			continue;
		if (argv[i][0] == '-')
			return wb_usage_error("probe", "unknown option '%s'", argv[i]);
		if (phy)
			return wb_usage_error("probe", "more than one phy given ('%s', '%s')", phy,
					      argv[i]);
		phy = argv[i];
	}
	if (lab && (phy || netns))
		return wb_usage_error("probe", "--lab probes the scenario's radios: no PHY or "
				      "--netns with it");
	if (lab)
		return probe_lab(lab, json, cancel);
	if (netns && !wb_netns_exists(netns))
		return wb_usage_error("probe", "no network namespace '%s'", netns);

	ret = gather(netns, &list, &n);
	if (ret != WB_EXIT_OK)
		return ret;
	if (phy) {
		bool found = false;

		for (j = 0; j < n; j++)
			found |= strcmp(list[j].name, phy) == 0;
		if (!found) {
			wb_err("no phy '%s'%s%s (see 'wbench probe' for the list)", phy,
			       netns ? " in network namespace " : "", netns ? netns : "");
			free(list);
			return WB_EXIT_USAGE;
		}
	}
	if (n == 0) {
		wb_err("no wireless phy found%s%s; create a simulated one with 'wbench sim radio "
		       "add NAME'", netns ? " in network namespace " : "", netns ? netns : "");
		free(list);
		return WB_EXIT_INFRA;
	}
	ret = report(list, n, phy, netns, json);
	free(list);
	return ret;
}
