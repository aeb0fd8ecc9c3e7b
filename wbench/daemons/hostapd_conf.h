/*
 * wbench: hostapd configuration files, generated from a security profile and options.
 * Every user string is validated first; the SSID always goes out as hex (ssid2=), so
 * no input can add a line.
 */
#ifndef WB_HOSTAPD_CONF_H
#define WB_HOSTAPD_CONF_H

#include "wbench/daemons/netcfg.h"
#include "wbench/host/host.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/wbench.h"

struct wb_hostapd_conf {
	struct wb_netcfg net;   /* the network (borrowed strings) */
	const char *ifname;     /* the AP interface, e.g. "wlan0" */
	const char *ctrl_dir;   /* ctrl_interface directory (absolute) */
	const char *bridge;     /* bridge= (the AP's interface joins it), or NULL */
	unsigned int group_rekey_s; /* wpa_group_rekey=; 0: hostapd's default (86400 s) */
	unsigned int ptk_rekey_s;   /* wpa_ptk_rekey=; 0: none (hostapd's default) */
};

/** wb_hostapd_conf_init - defaults (see wb_netcfg_init); ifname and ctrl_dir unset. */
void wb_hostapd_conf_init(struct wb_hostapd_conf *c);

/**
 * wb_hostapd_conf_build - validate @c and append the config text to @out
 * @c: the configuration
 * @out: receives the text; it contains the passphrase, so release it with
 *       wb_strbuf_release (which wipes)
 *
 * A bad option is reported with wb_err naming the option and what was expected.
 * Returns: 0, -EINVAL (bad input) or -ENOMEM.
 */
int wb_hostapd_conf_build(const struct wb_hostapd_conf *c, struct wb_strbuf *out) WB_MUST_CHECK;

/**
 * wb_hostapd_conf_write - build the config and write it 0600 to @path
 * @path: in a private (0700, ours) directory, else -EPERM
 * Returns: 0 or a negative errno (reported with wb_err).
 */
int wb_hostapd_conf_write(const struct wb_hostapd_conf *c, struct wb_host *host,
			  const char *path) WB_MUST_CHECK;

#endif /* WB_HOSTAPD_CONF_H */
