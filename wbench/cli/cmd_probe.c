/* wbench probe: what each radio supports and which security profiles will fail. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/capabilities.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"
#include "wbench/diag/probe.h"

static const char probe_help[] =
	"usage: wbench probe [PHY] [--json] [--netns NS]\n"
	"\n"
	"Show what each wireless phy supports (driver, module, advertised ciphers, BIP/PMF,\n"
	"beacon protection, interface modes, the hardware/software crypto switch and its\n"
	"current value) and predict, for every security profile, whether hostapd can start\n"
	"an AP with it, with a reason and a remedy when it cannot.\n"
	"\n"
	"  PHY         only this phy (default: every phy)\n"
	"  --json      machine-readable output, schema wbench-probe/1 (docs/probe.md)\n"
	"  --netns NS  look at the phys in network namespace NS (/run/netns/NS)\n"
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

int wb_cmd_probe(int argc, char *argv[], struct wb_cancel *cancel)
{
	const char *phy = NULL, *netns = NULL;
	struct wb_capabilities *list = NULL;
	bool json = false;
	size_t n = 0, j;
	int ret, r, i;

	(void)cancel;
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
		if (argv[i][0] == '-')
			return wb_usage_error("probe", "unknown option '%s'", argv[i]);
		if (phy)
			return wb_usage_error("probe", "more than one phy given ('%s', '%s')", phy,
					      argv[i]);
		phy = argv[i];
	}
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
