/*
 * wbench: the sniffer's monitor interface, made on a phy for the capture and removed at
 * its end: on this machine through nl80211 (wbench/sys/inject.h, the same helper the
 * active check's injector uses), on a remote host with `iw` and `ip` through the host
 * (an OpenWrt AP: `iw phy PHY interface add mon0 type monitor`, real-labs.md 8.7). It is
 * tuned to the AP's frequency at 20 MHz (management frames go out on the primary
 * channel); on a radio that already works on a channel (the AP's own) the kernel refuses
 * to retune (EBUSY) and the monitor listens where the radio is: not an error, said in
 * the result (monitor.tuned false).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/capture_i.h"
#include "wbench/lib/log.h"
#include "wbench/sys/inject.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

#define MONITOR_CMD_MS 15000

static bool remote(const struct wb_collector *c)
{
	return c->host && !wb_host_is_local(c->host);
}

/* Runs @argv on the host; -EBUSY when the tool said the device is busy (EBUSY, -16). */
static int run(struct wb_collector *c, char *const argv[], bool busy_ok)
{
	struct wb_host_exec x = { .netns = c->netns, .timeout_ms = MONITOR_CMD_MS,
				  .err = WB_HOST_STDERR_MERGE };
	char *out = NULL;
	int r = wb_host_run(c->host, argv, &x, &out, NULL);

	if (r > 0 && busy_ok && out && strstr(out, "(-16)")) {
		free(out);
		return -EBUSY;
	}
	if (r != 0)
		wb_err("capture: '%s %s %s ...' on %s: %s%s", argv[0], argv[1], argv[2],
		       wb_host_name(c->host), r < 0 ? strerror(-r) : "failed: ",
		       r < 0 ? "" : out ? out : "");
	free(out);
	return r < 0 ? r : r > 0 ? -EIO : 0;
}

struct tune_args {
	const char *ifname;
	unsigned int freq_mhz;
};

/* In the monitor's namespace: NL80211 set the frequency of the interface. */
static int tune_here(void *arg)
{
	const struct tune_args *a = arg;
	unsigned int idx = if_nametoindex(a->ifname);
	struct wb_nl nl;
	int r;

	if (!idx)
		return -ENODEV;
	r = wb_nl80211_open(&nl);
	if (r < 0)
		return r;
	r = wb_nl80211_set_freq(&nl, idx, a->freq_mhz);
	wb_nl_close(&nl);
	return r;
}

/* The monitor's frequency; -EBUSY (the radio works on a channel already) is no error. */
static int tune(struct wb_collector *c, unsigned int freq_mhz)
{
	struct tune_args a = { .ifname = c->ifname, .freq_mhz = freq_mhz };
	char freq[16], err[WB_NETNS_ERR_MAX] = "";
	char *const argv[] = { "iw", "dev", c->ifname, "set", "freq", freq, NULL };
	int r;

	snprintf(freq, sizeof(freq), "%u", freq_mhz);
	r = remote(c) ? run(c, argv, true) : wb_netns_call(c->netns, tune_here, &a, err, sizeof(err));
	c->monitor_tuned = r == 0;
	if (r == -EBUSY) {
		wb_info("capture: %s is busy on its own channel: the monitor %s listens there, "
			"not retuned to %u MHz", c->monitor_phy, c->ifname, freq_mhz);
		return 0;
	}
	if (r < 0)
		wb_err("capture: cannot tune '%s' to %u MHz: %s %s", c->ifname, freq_mhz,
		       strerror(-r), err);
	return r;
}

int wb_capture_monitor_add(struct wb_collector *c, const char *phy, unsigned int freq_mhz)
{
	char *const add[] = { "iw", "phy", (char *)phy, "interface", "add", c->ifname, "type",
			      "monitor", NULL };
	char *const up[] = { "ip", "link", "set", c->ifname, "up", NULL };
	char *name = strdup(phy);
	int r;

	if (!name)
		return -ENOMEM;
	c->monitor_freq_mhz = freq_mhz;
	if (remote(c))
		r = run(c, add, false);
	else
		r = wb_inject_monitor_new(phy, c->ifname, c->netns, 0);
	/* an interface of that name that was there, or no such phy: not ours to remove */
	if (r == 0 || (!remote(c) && r != -EEXIST && r != -ENOENT))
		c->monitor_phy = name;
	else
		free(name);
	if (r == 0 && remote(c))
		r = run(c, up, false);
	if (r == 0 && freq_mhz)
		r = tune(c, freq_mhz);
	return r;
}

void wb_capture_monitor_del(struct wb_collector *c)
{
	char *const del[] = { "iw", "dev", c->ifname, "del", NULL };

	if (!c->monitor_phy)
		return;
	if (remote(c))
		(void)run(c, del, false);
	else
		(void)wb_inject_monitor_del(c->ifname, c->netns);
	free(c->monitor_phy);
	c->monitor_phy = NULL;
}
