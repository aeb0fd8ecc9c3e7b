/*
 * wbench: what a wireless phy can do, from nl80211 (a split NL80211_CMD_GET_WIPHY dump)
 * and sysfs (driver and module). The probe, the predictions and the results'
 * `environment` all read this one structure.
 *
 * Also the "capabilities" collector: a snapshot of one phy taken at open(), whose
 * result is wb_capabilities_to_json() of that phy.
 */
#ifndef WB_CAPABILITIES_H
#define WB_CAPABILITIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <netlink/msg.h>

#include "collectors/collector.h"
#include "wbench/sys/nl.h"
#include "wbench/lib/wbench.h"

#define WB_CAPABILITIES_MAX_CIPHERS 32
#define WB_CAPABILITIES_NAME_LEN 64

struct wb_capabilities {
	char name[WB_CAPABILITIES_NAME_LEN];    /* phy name, e.g. "phy0" */
	uint32_t index;                         /* wiphy index */
	uint32_t ciphers[WB_CAPABILITIES_MAX_CIPHERS];  /* advertised suites, kernel order */
	size_t n_ciphers;
	uint32_t iftypes;            /* bit (1u << NL80211_IFTYPE_*) per supported type */
	bool beacon_prot;            /* NL80211_EXT_FEATURE_BEACON_PROTECTION */
	bool beacon_prot_client;     /* NL80211_EXT_FEATURE_BEACON_PROTECTION_CLIENT */
	bool sae_offload;            /* NL80211_EXT_FEATURE_SAE_OFFLOAD (station) */
	bool sae_offload_ap;         /* NL80211_EXT_FEATURE_SAE_OFFLOAD_AP */
	bool feature_sae;            /* NL80211_FEATURE_SAE (SAE with a userspace/kernel SME) */
	bool ap_sme;                 /* NL80211_ATTR_DEVICE_AP_SME: the device does the AP
				      * MLME itself (FullMAC), hostapd does not */
	char driver[WB_CAPABILITIES_NAME_LEN];  /* sysfs driver name, "" if unknown */
	char module[WB_CAPABILITIES_NAME_LEN];  /* module of that driver, "" if unknown/built in */
};

/* Parameters of the collector (wb_collector_cfg.priv); all fields may be NULL. */
struct wb_capabilities_cfg {
	const char *phy;         /* which phy; NULL: the phy of wb_collector_cfg.ifname */
	const char *sysfs_root;  /* NULL: "/sys" */
};

extern const struct wb_collector_ops wb_capabilities_ops;

/**
 * wb_capabilities_has_cipher - whether @c advertises @suite
 */
bool wb_capabilities_has_cipher(const struct wb_capabilities *c, uint32_t suite);

/**
 * wb_capabilities_bip - whether BIP-CMAC-128 (AES-128-CMAC, hostapd's default group
 * management cipher, needed for any ieee80211w >= 1) is advertised
 */
bool wb_capabilities_bip(const struct wb_capabilities *c);

/**
 * wb_capabilities_beacon_protection - whether hostapd's beacon_prot=1 can work:
 * the driver has the beacon-protection feature and a BIP cipher
 */
bool wb_capabilities_beacon_protection(const struct wb_capabilities *c);

/** wb_capabilities_iftype - whether interface type @type (NL80211_IFTYPE_*) is supported. */
bool wb_capabilities_iftype(const struct wb_capabilities *c, unsigned int type);

/**
 * wb_capabilities_merge_msg - fold one NL80211_CMD_NEW_WIPHY message into a list
 * @msg: a reply of a (split) GET_WIPHY dump; borrowed
 * @list: array of @n entries; grows (realloc) when the message is about a new wiphy
 * Parts of one wiphy are merged by wiphy index. A message without an index, or with
 * an attribute of the wrong type or size, is ignored as a whole.
 * Returns: 0, or -ENOMEM (the list is unchanged then).
 */
int wb_capabilities_merge_msg(struct nl_msg *msg, struct wb_capabilities **list,
			      size_t *n) WB_MUST_CHECK;

/**
 * wb_capabilities_dump - every phy visible to @nl (its network namespace)
 * @nl: an nl80211 socket (wb_nl80211_open)
 * @list: receives a new array (caller frees with free()), NULL when @n is 0
 * Driver and module are not filled in: see wb_capabilities_read_sysfs.
 * Returns: 0 or a negative errno (the kernel's text, if any, in nl->ext_ack).
 */
int wb_capabilities_dump(struct wb_nl *nl, struct wb_capabilities **list,
			 size_t *n) WB_MUST_CHECK;

/**
 * wb_capabilities_read_sysfs - fill driver and module of @c from
 * SYSFS_ROOT/class/ieee80211/NAME/device/driver and .../driver/module
 * @sysfs_root: "/sys", or a test tree
 * Missing links leave the fields empty (a built-in driver has no module link).
 * Returns: 0, -ENOENT when the phy is not in sysfs at all, or a negative errno.
 */
int wb_capabilities_read_sysfs(struct wb_capabilities *c, const char *sysfs_root) WB_MUST_CHECK;

/**
 * wb_capabilities_read_sysfs_netns - wb_capabilities_read_sysfs for a phy in namespace
 * @netns (NULL: the current one, read from /sys)
 * sysfs only shows the phys of the namespace it was mounted in, so for another
 * namespace a short-lived child enters it and mounts a private sysfs to read the links
 * (as `ip netns exec` does). Needs CAP_SYS_ADMIN.
 * Returns: 0, -ENOENT when the phy is not in that namespace's sysfs, or a negative errno.
 */
int wb_capabilities_read_sysfs_netns(struct wb_capabilities *c, const char *netns) WB_MUST_CHECK;

/**
 * wb_capabilities_get - capabilities of one phy, including driver and module
 * @netns: namespace name to look in (NULL: the current one)
 * @phy: phy name
 * @sysfs_root: NULL for the real sysfs (of @netns), or a test tree
 * Returns: 0, -ENODEV when there is no such phy there, -ENOENT when the kernel has no
 *          nl80211, or a negative errno.
 */
int wb_capabilities_get(const char *netns, const char *phy, const char *sysfs_root,
			struct wb_capabilities *out) WB_MUST_CHECK;

/**
 * wb_capabilities_to_json - the JSON object describing @c
 * Keys: name, index, driver, module (null when unknown), ciphers (names), bip_supported,
 * beacon_protection, iftypes (names), ap_sme, sae_offload_ap, features (object).
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_capabilities_to_json(const struct wb_capabilities *c);

#endif /* WB_CAPABILITIES_H */
