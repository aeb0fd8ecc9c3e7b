/* wbench sim: simulated radios (mac80211_hwsim) with cipher profiles, in namespaces. */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/capabilities.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/sys/hwsim.h"
#include "wbench/lib/log.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

static const char sim_help[] =
	"usage: wbench sim radio add NAME [--profile PROFILE] [--netns NS] [--ifname IF]\n"
	"       wbench sim radio del NAME\n"
	"       wbench sim radio list\n"
	"       wbench sim profiles\n"
	"\n"
	"Simulated radios (mac80211_hwsim, loaded with radios=0 when missing). A profile\n"
	"restricts the ciphers a radio advertises to those of a real driver in hardware\n"
	"crypto mode, which reproduces failures such as WPA3 on an MT7620 (rt2800soc).\n"
	"Needs root. 'wbench sim COMMAND --help' describes a command.\n"
	"\n";

static const char add_help[] =
	"usage: wbench sim radio add NAME [--profile PROFILE] [--netns NS] [--ifname IF]\n"
	"\n"
	"Create a simulated radio whose phy is called NAME.\n"
	"\n"
	"  NAME               1-31 characters from A-Z a-z 0-9 _ - (not phyN)\n"
	"  --profile PROFILE  cipher profile (default: full; see 'wbench sim profiles')\n"
	"  --netns NS         move the phy into network namespace NS (created if missing,\n"
	"                     iproute2-compatible: 'ip netns exec NS ...' works on it)\n"
	"  --ifname IF        create the radio without the kernel's default interface and\n"
	"                     add a station interface called IF instead\n"
	"\n";

static const char del_help[] =
	"usage: wbench sim radio del NAME\n"
	"\n"
	"Delete the simulated radio NAME, wherever its namespace (the current one or any\n"
	"under /run/netns). Namespaces are left alone: 'ip netns del NS' removes one.\n"
	"\n";

static const char list_help[] =
	"usage: wbench sim radio list\n"
	"\n"
	"List the wireless phys of the current namespace and of every namespace under\n"
	"/run/netns, with their driver, whether they advertise BIP, and for simulated\n"
	"radios the profile their cipher list matches.\n"
	"\n";

static const char profiles_help[] =
	"usage: wbench sim profiles\n"
	"\n"
	"List the cipher profiles a simulated radio can be created with.\n"
	"\n";

static int help(const char *text)
{
	fputs(text, stdout);
	fputs(wb_exit_codes_help, stdout);
	return WB_EXIT_OK;
}

/* A kernel error for humans: strerror plus the extended ack text when there is one. */
static int infra(const struct wb_nl *nl, int r, const char *what, const char *name)
{
	wb_err("cannot %s '%s': %s%s%s", what, name, strerror(-r),
	       nl && nl->ext_ack[0] ? "; kernel reports: " : "", nl ? nl->ext_ack : "");
	return WB_EXIT_INFRA;
}

static int open_hwsim(struct wb_nl *nl, struct wb_cancel *cancel)
{
	int r = wb_hwsim_open(nl, cancel);

	if (r == -ENOENT)
		wb_err("mac80211_hwsim is not available: the kernel has no hwsim module or cannot "
		       "load it; try 'wbench vm -- wbench sim ...'");
	else if (r == -ECANCELED)
		wb_err("interrupted");
	else if (r < 0)
		wb_err("cannot open the hwsim netlink family: %s", strerror(-r));
	return r;
}

static bool ifname_valid(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n < IFNAMSIZ && !strpbrk(s, "/: \t\n") && strcmp(s, ".") != 0 &&
	       strcmp(s, "..") != 0;
}

/* Add a station interface @ifname on @phy inside @netns (NULL: here). */
static int add_iface(const char *netns, const char *phy, const char *ifname)
{
	char err[WB_NETNS_ERR_MAX] = "";
	struct wb_nl nl;
	int r, ret;

	r = wb_netns_nl_open(netns, "nl80211", &nl, err, sizeof(err));
	if (err[0]) {
		wb_err("%s", err);
		return WB_EXIT_INFRA;
	}
	if (r < 0)
		return infra(NULL, r, "open nl80211 for", phy);
	r = wb_nl80211_iface_add(&nl, phy, ifname, NL80211_IFTYPE_STATION, NULL);
	ret = r < 0 ? infra(&nl, r, "create interface", ifname) : WB_EXIT_OK;
	wb_nl_close(&nl);
	return ret;
}

struct add_args {
	const char *name, *profile, *netns, *ifname;
	const struct wb_hwsim_profile *p;
};

/* Options of `sim radio add` into @a. Returns -1 to go on, or the exit code. */
static int add_parse(int argc, char *argv[], struct add_args *a)
{
	const char *v;
	int i, r;

	a->profile = "full";
	for (i = 1; i < argc; i++) {
		if (wb_cliarg_is_help(argv[i]))
			return help(add_help);
		if ((r = wb_cliarg_value(argc, argv, &i, "--profile", &v)) != 0) {
			if (r < 0)
				return wb_usage_error("sim radio add", "option '--profile' needs a value");
			a->profile = v;
		} else if ((r = wb_cliarg_value(argc, argv, &i, "--netns", &v)) != 0) {
			if (r < 0)
				return wb_usage_error("sim radio add", "option '--netns' needs a value");
			a->netns = v;
		} else if ((r = wb_cliarg_value(argc, argv, &i, "--ifname", &v)) != 0) {
			if (r < 0)
				return wb_usage_error("sim radio add", "option '--ifname' needs a value");
			a->ifname = v;
		} else if (argv[i][0] == '-') {
			return wb_usage_error("sim radio add", "unknown option '%s'", argv[i]);
		} else if (a->name) {
			return wb_usage_error("sim radio add", "unexpected argument '%s'", argv[i]);
		} else {
			a->name = argv[i];
		}
	}
	return -1;
}

/* The values of @a checked, the profile looked up. Returns -1 to go on, or the exit code. */
static int add_check(struct add_args *a)
{
	if (!a->name)
		return wb_usage_error("sim radio add", "missing radio NAME");
	if (!wb_hwsim_name_valid(a->name))
		return wb_usage_error("sim radio add", "invalid radio name '%s': use 1-%d of "
				      "A-Z a-z 0-9 _ - (and not phyN)", a->name,
				      WB_NL80211_PHY_NAME_MAX);
	a->p = wb_hwsim_profile_find(a->profile);
	if (!a->p)
		return wb_usage_error("sim radio add", "unknown profile '%s' (see 'wbench sim "
				      "profiles')", a->profile);
	if (a->netns && !wb_netns_name_valid(a->netns))
		return wb_usage_error("sim radio add", "invalid namespace name '%s'", a->netns);
	if (a->ifname && !ifname_valid(a->ifname))
		return wb_usage_error("sim radio add", "invalid interface name '%s'", a->ifname);
	return -1;
}

/* Moves the new radio into the namespace (made when missing). Returns the exit code. */
static int add_move(const struct add_args *a, bool *made_ns, bool *moved)
{
	struct wb_nl nl;
	int r, ret = WB_EXIT_OK;

	if (!wb_netns_exists(a->netns)) {
		r = wb_netns_add(a->netns);
		if (r < 0)
			return infra(NULL, r, "create network namespace", a->netns);
		*made_ns = true;
	}
	r = wb_nl80211_open(&nl);
	if (r < 0)
		return infra(NULL, r, "open nl80211 for", a->name);
	r = wb_netns_move_phy(&nl, a->name, a->netns);
	if (r < 0)
		ret = infra(&nl, r, "move the radio into namespace", a->netns);
	*moved = r == 0;
	wb_nl_close(&nl);
	return ret;
}

static int radio_add(int argc, char *argv[], struct wb_cancel *cancel)
{
	struct add_args a = { 0 };
	bool made_ns = false, moved = false;
	struct wb_nl hw;
	int r, id = -1, ret;

	if ((ret = add_parse(argc, argv, &a)) >= 0 || (ret = add_check(&a)) >= 0)
		return ret;
	if (open_hwsim(&hw, cancel) < 0)
		return WB_EXIT_INFRA;
	r = wb_hwsim_radio_add(&hw, a.name, a.p, a.ifname ? WB_HWSIM_F_NO_VIF : 0, &id);
	if (r == -EEXIST) {
		wb_nl_close(&hw);
		wb_err("a phy named '%s' already exists", a.name);
		return WB_EXIT_USAGE;
	}
	if (r < 0) {
		ret = infra(&hw, r, "create radio", a.name);
		wb_nl_close(&hw);
		return ret;
	}
	ret = a.netns ? add_move(&a, &made_ns, &moved) : WB_EXIT_OK;
	if (ret == WB_EXIT_OK && a.ifname)
		ret = add_iface(a.netns, a.name, a.ifname);
	if (ret == WB_EXIT_OK) {
		wb_nl_close(&hw);
		printf("created radio '%s' (id %d, profile %s)%s%s%s%s\n", a.name, id, a.p->name,
		       a.netns ? " in network namespace " : "", a.netns ? a.netns : "",
		       a.ifname ? " with interface " : "", a.ifname ? a.ifname : "");
		return WB_EXIT_OK;
	}
	/* Leave nothing half-made behind: the radio goes, and the namespace if we made it. */
	r = moved ? wb_hwsim_radio_del_in(a.netns, a.name, hw.ext_ack, sizeof(hw.ext_ack)) :
		wb_hwsim_radio_del(&hw, a.name);
	if (r < 0)
		wb_warn("could not remove radio '%s' again: %s", a.name, strerror(-r));
	if (made_ns && (r = wb_netns_del(a.netns)) < 0)
		wb_warn("could not remove network namespace '%s' again: %s", a.netns, strerror(-r));
	wb_nl_close(&hw);
	return ret;
}

static int radio_del(int argc, char *argv[], struct wb_cancel *cancel)
{
	const char *name = NULL;
	struct wb_nl hw;
	char **spaces = NULL, **s;
	int i, r;

	for (i = 1; i < argc; i++) {
		if (wb_cliarg_is_help(argv[i]))
			return help(del_help);
		if (argv[i][0] == '-')
			return wb_usage_error("sim radio del", "unknown option '%s'", argv[i]);
		if (name)
			return wb_usage_error("sim radio del", "unexpected argument '%s'", argv[i]);
		name = argv[i];
	}
	if (!name)
		return wb_usage_error("sim radio del", "missing radio NAME");
	if (!wb_hwsim_name_valid(name))
		return wb_usage_error("sim radio del", "invalid radio name '%s'", name);
	if (open_hwsim(&hw, cancel) < 0)
		return WB_EXIT_INFRA;
	/* hwsim deletes only radios in the caller's namespace: look in each. */
	r = wb_hwsim_radio_del(&hw, name);
	if (r == -ENODEV) {
		r = wb_netns_list(&spaces);
		if (r == 0)
			r = -ENODEV;
		for (s = spaces; s && *s && r == -ENODEV; s++)
			r = wb_hwsim_radio_del_in(*s, name, hw.ext_ack, sizeof(hw.ext_ack));
		wb_netns_list_free(spaces);
	}
	if (r == -ENODEV) {
		wb_nl_close(&hw);
		wb_err("no simulated radio named '%s'", name);
		return WB_EXIT_USAGE;
	}
	if (r < 0) {
		int ret = infra(&hw, r, "delete radio", name);

		wb_nl_close(&hw);
		return ret;
	}
	wb_nl_close(&hw);
	printf("deleted radio '%s'\n", name);
	return WB_EXIT_OK;
}

/* Print one line per phy of namespace @netns (NULL: the current one). */
static int list_ns(const char *netns)
{
	struct wb_capabilities *list = NULL;
	char err[WB_NETNS_ERR_MAX] = "";
	struct wb_nl nl;
	size_t n = 0, i;
	int r;

	r = wb_netns_nl_open(netns, "nl80211", &nl, err, sizeof(err));
	if (err[0]) {
		wb_err("%s", err);
		return WB_EXIT_INFRA;
	}
	if (r == -ENOENT) {
		wb_err("no nl80211: the kernel has no cfg80211; try 'wbench vm -- wbench sim radio "
		       "list'");
		return WB_EXIT_INFRA;
	}
	if (r < 0)
		return infra(NULL, r, "open nl80211 in", netns ? netns : "current namespace");
	r = wb_capabilities_dump(&nl, &list, &n);
	if (r < 0) {
		r = infra(&nl, r, "list the phys of", netns ? netns : "current namespace");
		wb_nl_close(&nl);
		return r;
	}
	wb_nl_close(&nl);
	for (i = 0; i < n; i++) {
		const struct wb_hwsim_profile *p = NULL;
		struct wb_capabilities *c = &list[i];

		if (wb_capabilities_read_sysfs_netns(c, netns) < 0)
			wb_debug("no sysfs entry for phy '%s'", c->name);
		if (strcmp(c->module, WB_HWSIM_MODULE) == 0 || strcmp(c->driver, WB_HWSIM_MODULE) == 0)
			p = wb_hwsim_profile_guess(c->ciphers, c->n_ciphers);
		printf("%-16s %-16s %-16s %-8s %s\n", c->name, netns ? netns : "-",
		       c->driver[0] ? c->driver : "?", p ? p->name : "-",
		       wb_capabilities_bip(c) ? "yes" : "no");
	}
	free(list);
	return WB_EXIT_OK;
}

static int radio_list(int argc, char *argv[])
{
	char **spaces = NULL, **s;
	int i, ret;

	for (i = 1; i < argc; i++) {
		if (wb_cliarg_is_help(argv[i]))
			return help(list_help);
		return wb_usage_error("sim radio list", "unexpected argument '%s'", argv[i]);
	}
	printf("%-16s %-16s %-16s %-8s %s\n", "PHY", "NETNS", "DRIVER", "PROFILE", "BIP");
	ret = list_ns(NULL);
	if (ret != WB_EXIT_OK)
		return ret;
	if (wb_netns_list(&spaces) < 0) {
		wb_err("cannot read %s", WB_NETNS_DIR);
		return WB_EXIT_INFRA;
	}
	for (s = spaces; *s && ret == WB_EXIT_OK; s++)
		ret = list_ns(*s);
	wb_netns_list_free(spaces);
	return ret;
}

static int profiles(int argc, char *argv[])
{
	const struct wb_hwsim_profile *p;
	size_t n, i, k;
	char buf[24];
	int a;

	for (a = 1; a < argc; a++) {
		if (wb_cliarg_is_help(argv[a]))
			return help(profiles_help);
		return wb_usage_error("sim profiles", "unexpected argument '%s'", argv[a]);
	}
	p = wb_hwsim_profiles(&n);
	for (i = 0; i < n; i++) {
		printf("%s\n  %s\n  models:  %s\n  ciphers:", p[i].name, p[i].description,
		       p[i].models);
		if (!p[i].ciphers)
			printf(" mac80211's default list (no cipher attribute)");
		for (k = 0; k < p[i].n_ciphers; k++)
			printf(" %s", wb_cipher_format(p[i].ciphers[k], buf, sizeof(buf)));
		printf("\n");
	}
	return WB_EXIT_OK;
}

int wb_cmd_sim(int argc, char *argv[], struct wb_cancel *cancel)
{
	if (argc < 2)
		return wb_usage_error("sim", "missing command (radio or profiles)");
	if (wb_cliarg_is_help(argv[1]))
		return help(sim_help);
	if (strcmp(argv[1], "profiles") == 0)
		return profiles(argc - 1, argv + 1);
	if (strcmp(argv[1], "radio") != 0)
		return wb_usage_error("sim", "unknown command '%s'", argv[1]);
	if (argc < 3)
		return wb_usage_error("sim radio", "missing command (add, del or list)");
	if (wb_cliarg_is_help(argv[2]))
		return help(sim_help);
	if (strcmp(argv[2], "add") == 0)
		return radio_add(argc - 2, argv + 2, cancel);
	if (strcmp(argv[2], "del") == 0)
		return radio_del(argc - 2, argv + 2, cancel);
	if (strcmp(argv[2], "list") == 0)
		return radio_list(argc - 2, argv + 2);
	return wb_usage_error("sim radio", "unknown command '%s'", argv[2]);
}
