/*
 * wbench: the sniffer's monitor interface, made on a phy for the capture and removed at
 * its end: on this machine through nl80211 (wbench/sys/inject.h, the same helper the
 * active check's injector uses), on a remote host with `iw` and `ip` through the host
 * (an OpenWrt AP: `iw phy PHY interface add mon0 type monitor`, real-labs.md 8.7). It is
 * tuned to the AP's frequency at 20 MHz: management frames go out on the primary channel.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/capture_i.h"
#include "wbench/lib/log.h"
#include "wbench/sys/inject.h"

#define MONITOR_CMD_MS 15000

static int run(struct wb_collector *c, char *const argv[])
{
	struct wb_host_exec x = { .netns = c->netns, .timeout_ms = MONITOR_CMD_MS,
				  .err = WB_HOST_STDERR_MERGE };
	char *out = NULL;
	int r = wb_host_run(c->host, argv, &x, &out, NULL);

	if (r != 0)
		wb_err("capture: '%s %s %s ...' on %s: %s%s", argv[0], argv[1], argv[2],
		       wb_host_name(c->host), r < 0 ? strerror(-r) : "failed: ",
		       r < 0 ? "" : out ? out : "");
	free(out);
	return r < 0 ? r : r > 0 ? -EIO : 0;
}

static bool remote(const struct wb_collector *c)
{
	return c->host && !wb_host_is_local(c->host);
}

int wb_capture_monitor_add(struct wb_collector *c, const char *phy, unsigned int freq_mhz)
{
	char freq[16];
	char *const add[] = { "iw", "phy", (char *)phy, "interface", "add", c->ifname, "type",
			      "monitor", NULL };
	char *const up[] = { "ip", "link", "set", c->ifname, "up", NULL };
	char *const tune[] = { "iw", "dev", c->ifname, "set", "freq", freq, NULL };
	int r;

	char *name = strdup(phy);

	if (!name)
		return -ENOMEM;
	c->monitor_freq_mhz = freq_mhz;
	if (!remote(c)) {
		r = wb_inject_monitor_new(phy, c->ifname, c->netns, freq_mhz);
		/* an interface of that name that was there, or no such phy: not ours to remove */
		if (r != -EEXIST && r != -ENOENT)
			c->monitor_phy = name;
		else
			free(name);
		return r;
	}
	snprintf(freq, sizeof(freq), "%u", freq_mhz);
	r = run(c, add);
	if (r == 0)
		c->monitor_phy = name;
	else
		free(name);
	if (r == 0)
		r = run(c, up);
	if (r == 0 && freq_mhz)
		r = run(c, tune);
	return r;
}

void wb_capture_monitor_del(struct wb_collector *c)
{
	char *const del[] = { "iw", "dev", c->ifname, "del", NULL };

	if (!c->monitor_phy)
		return;
	if (remote(c))
		(void)run(c, del);
	else
		(void)wb_inject_monitor_del(c->ifname, c->netns);
	free(c->monitor_phy);
	c->monitor_phy = NULL;
}
