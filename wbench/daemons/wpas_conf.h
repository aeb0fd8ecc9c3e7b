/*
 * wbench: wpa_supplicant configuration files (one network block), generated from a
 * security profile and options. The SSID is written as hex; a passphrase is quoted only
 * after validation (printable ASCII, no '"' handling needed: wpa_supplicant takes the
 * text up to the last quote), so no input can add a line.
 */
#ifndef WB_WPAS_CONF_H
#define WB_WPAS_CONF_H

#include <stdbool.h>

#include "wbench/daemons/netcfg.h"
#include "wbench/host/host.h"
#include "wbench/lib/strbuf.h"
#include "wbench/lib/wbench.h"

struct wb_wpas_conf {
	struct wb_netcfg net;  /* the network (borrowed strings) */
	const char *ctrl_dir;  /* ctrl_interface directory (absolute) */
	bool legacy_psk;       /* join as a WPA2-PSK-only station without PMF (e.g. in
				* sae-mixed); default: the profile's own station */
	bool disabled;         /* network starts disabled, to be enabled over the control
				* socket (so association time is measured from that moment) */
};

/** wb_wpas_conf_init - defaults (see wb_netcfg_init); network starts disabled. */
void wb_wpas_conf_init(struct wb_wpas_conf *c);

/**
 * wb_wpas_conf_build - validate @c and append the config text to @out
 * @out: receives the text; it contains the passphrase: release with wb_strbuf_release
 *
 * Station per profile: the profile's key_mgmt and ieee80211w, except sae-mixed, which
 * connects with "SAE WPA-PSK" and ieee80211w=1, and @legacy_psk, which uses WPA-PSK with
 * ieee80211w=0. scan_freq is the channel's frequency. sae_pwe is global in wpa_supplicant
 * 2.10 and written before the network block.
 * Returns: 0, -EINVAL (bad input, reported with wb_err) or -ENOMEM.
 */
int wb_wpas_conf_build(const struct wb_wpas_conf *c, struct wb_strbuf *out) WB_MUST_CHECK;

/**
 * wb_wpas_conf_write - build the config and write it 0600 to @path
 * @path: in a private (0700, ours) directory, else -EPERM
 * Returns: 0 or a negative errno (reported with wb_err).
 */
int wb_wpas_conf_write(const struct wb_wpas_conf *c, struct wb_host *host,
		       const char *path) WB_MUST_CHECK;

#endif /* WB_WPAS_CONF_H */
