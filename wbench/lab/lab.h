/*
 * wbench: lab backends. A lab provides an AP end and a STA end (each a network namespace,
 * a phy, an interface and an IPv4 address), a sniffer interface, optionally an injector
 * (a monitor interface for forged frames), and the crypto-mode switch of the AP.
 *
 * Backends: "sim" (mac80211_hwsim radios in namespaces; crypto mode = the AP radio's
 * cipher set), and, by design of this interface, "local" (real radios on this host, each
 * moved into its own namespace; crypto mode = the driver's module parameter, reloaded and
 * read back, see wbench/wifi/drivers.h) and "ssh" (the AP on a remote Linux/OpenWrt host).
 * Only "sim" is implemented; the others are refused by the scenario loader.
 */
#ifndef WB_LAB_H
#define WB_LAB_H

#include <stdbool.h>

#include <jansson.h>

#include "collectors/capabilities.h"
#include "wbench/host/host.h"
#include "wbench/wifi/drivers.h"
#include "wbench/sys/hwsim.h"
#include "wbench/sys/netns.h"
#include "wbench/lib/proc.h"
#include "wbench/scenario/scenario.h"

enum wb_lab_role { WB_LAB_AP = 0, WB_LAB_STA = 1 };

struct wb_lab_end {
	struct wb_host *host;               /* where the end's daemons and collectors run (borrowed) */
	char netns[WB_NETNS_NAME_MAX + 1];  /* namespace name, "" for the current one */
	char netns_path[WB_NETNS_NAME_MAX + 16]; /* /run/netns/NAME, "" for the current one */
	char phy[64];
	char ifname[16];
	char ip[16];                        /* IPv4 address, no prefix */
	char cidr[20];                      /* with prefix, e.g. "10.99.0.1/24" */
};

/* What the AP radio offers in the current crypto mode, for predictions and diagnosis. */
struct wb_lab_ap_info {
	struct wb_capabilities caps;
	const struct wb_driver *driver;       /* driver-table row (of the modelled driver in the sim) */
	enum wb_crypto_mode mode;
	const struct wb_hwsim_profile *sim;   /* sim only: the radio's profile, else NULL */
};

struct wb_lab;

struct wb_lab_ops {
	const char *name;
	/*
	 * simulated - no real radios: both crypto modes run mac80211's software crypto, so
	 * throughput and CPU cannot show the cost of nohwcrypt (results and the table say so).
	 */
	bool simulated;
	/** open - prepare the lab (namespaces, the STA end, the sniffer); *out is new. */
	int (*open)(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab **out);
	/**
	 * set_crypto - put the AP into @mode (WB_CRYPTO_HW or WB_CRYPTO_SW) and verify it
	 * took effect
	 * @evidence: receives a new object saying how it was set and what was read back
	 * @err: on failure, one line naming what failed (driver_reload_failed)
	 */
	int (*set_crypto)(struct wb_lab *l, enum wb_crypto_mode mode, json_t **evidence,
			  char *err, size_t errlen);
	/** end - the AP or STA end (borrowed, valid until the next set_crypto or close). */
	const struct wb_lab_end *(*end)(const struct wb_lab *l, enum wb_lab_role r);
	/** ap_info - capabilities of the AP radio as it is now. */
	int (*ap_info)(struct wb_lab *l, struct wb_lab_ap_info *out);
	/** sniffer - capture interface in wbench's own namespace, or NULL (borrowed). */
	const char *(*sniffer)(const struct wb_lab *l);
	/** injector - a monitor interface for forged frames (created on first use), or NULL. */
	const char *(*injector)(struct wb_lab *l);
	/** environment - a new object describing the lab for the results. */
	int (*environment)(struct wb_lab *l, json_t **out);
	/** close - restore the original crypto setting, remove radios and namespaces; NULL-safe. */
	void (*close)(struct wb_lab *l);
};

/** wb_lab_ops_for - the backend of @b, or NULL when it is not implemented (borrowed). */
const struct wb_lab_ops *wb_lab_ops_for(enum wb_scenario_backend b);

extern const struct wb_lab_ops wb_lab_sim_ops;

#endif /* WB_LAB_H */
