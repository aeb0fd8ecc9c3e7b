/*
 * wbench pmf-inject: the active PMF check by hand. Sends forged, unprotected
 * deauthentication (or disassociation) frames that spoof the AP towards a station.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "wbench/wifi/ieee80211.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/sys/inject.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

static const char help[] =
	"usage: wbench pmf-inject -i MONIF [--netns PATH] [--create-on PHY [--freq MHZ]] [--remove]\n"
	"                         --bssid AP --sta STA [--reason N]... [--disassoc]\n\n"
	"Send forged, unprotected deauthentication frames from monitor interface MONIF,\n"
	"spoofing the AP towards the station (one per --reason, default 7). A station\n"
	"with PMF drops them (reason 6/7 starts an SA Query); without PMF it disconnects.\n"
	"Prints one JSON object per frame sent (subtype, da, sa, reason, seq).\n\n"
	"  --create-on PHY   first create MONIF as a monitor interface on wiphy PHY\n"
	"  --freq MHZ        tune the created MONIF to the AP's frequency (e.g. 2437 for\n"
	"                    channel 6); frames reach only radios on the same channel\n"
	"  --remove          delete MONIF afterwards\n"
	"  --disassoc        send disassociation frames instead\n\n"
	"Exit status: 0 every frame sent, 2 usage error, 3 the monitor interface could not\n"
	"be created, tuned or used (a frame not sent).\n";

int wb_cmd_pmf_inject(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "create-on", required_argument, NULL, 'c' },
		{ "freq", required_argument, NULL, 'f' },
		{ "remove", no_argument, NULL, 'r' },
		{ "bssid", required_argument, NULL, 'b' },
		{ "sta", required_argument, NULL, 's' },
		{ "reason", required_argument, NULL, 'R' },
		{ "disassoc", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wb_inject_frame f = { .subtype = 12 };
	const char *ifname = NULL, *netns = NULL, *phy = NULL;
	unsigned long reasons[16], v, freq = 0;
	size_t n_reasons = 0;
	bool have_ap = false, have_sta = false, del = false;
	int opt, fd = -1, ret;
	char a[18], b[18];

	(void)cancel;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":i:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'n': netns = optarg; break;
		case 'c': phy = optarg; break;
		case 'r': del = true; break;
		case 'f':
			if (wb_parse_uint(optarg, 2412, 7125, &freq) < 0)
				return wb_usage_error("pmf-inject", "--freq: expected MHz in 2412..7125, "
						      "got '%s'", optarg);
			break;
		case 'd': f.subtype = 10; break;
		case 'b':
			if (wb_80211_addr_parse(optarg, f.bssid) < 0)
				return wb_usage_error("pmf-inject", "bad --bssid '%s'", optarg);
			memcpy(f.sa, f.bssid, 6);
			have_ap = true;
			break;
		case 's':
			if (wb_80211_addr_parse(optarg, f.da) < 0)
				return wb_usage_error("pmf-inject", "bad --sta '%s'", optarg);
			have_sta = true;
			break;
		case 'R':
			if (wb_parse_uint(optarg, 1, 65535, &v) < 0 ||
			    n_reasons >= WB_ARRAY_SIZE(reasons))
				return wb_usage_error("pmf-inject", "bad --reason '%s'", optarg);
			reasons[n_reasons++] = v;
			break;
		case 'h':
			fputs(help, stdout);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("pmf-inject", opt, argv);
		}
	}
	if (!ifname || !have_ap || !have_sta || optind != argc)
		return wb_usage_error("pmf-inject", "expected -i MONIF, --bssid and --sta");
	if (!n_reasons)
		reasons[n_reasons++] = 7;
	if (phy) {
		ret = wb_inject_monitor_new(phy, ifname, netns, (unsigned int)freq);
		if (ret < 0 && ret != -EEXIST && ret != -ENFILE)
			return WB_EXIT_INFRA;
	}
	ret = wb_inject_open(ifname, netns, &fd);
	if (ret < 0) {
		wb_err("cannot open monitor interface '%s': %s", ifname, strerror(-ret));
		ret = WB_EXIT_INFRA;
		goto out;
	}
	/* A sequence number of our own, so the verifier can tell our frames apart. */
	f.seq = (uint16_t)((wb_now_ns() / 1000) & 0x0fff);
	for (size_t i = 0; i < n_reasons; i++, f.seq = (f.seq + 1) & 0x0fff) {
		f.reason = (uint16_t)reasons[i];
		ret = wb_inject_send(fd, &f);
		if (ret < 0) {
			wb_err("cannot send on '%s': %s", ifname, strerror(-ret));
			ret = WB_EXIT_INFRA;
			goto out;
		}
		printf("{\"subtype\": \"%s\", \"da\": \"%s\", \"sa\": \"%s\", \"reason\": %u, "
		       "\"seq\": %u}\n", f.subtype == 12 ? "deauth" : "disassoc",
		       wb_80211_addr_fmt(f.da, a), wb_80211_addr_fmt(f.sa, b), f.reason, f.seq);
	}
	ret = WB_EXIT_OK;
out:
	wb_inject_close(fd);
	if (del)
		wb_inject_monitor_del(ifname, netns);
	return ret;
}
