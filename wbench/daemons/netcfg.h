/*
 * wbench: the network an AP and its station must agree on (profile, SSID, passphrase,
 * channel, PMF options), and the checks shared by the hostapd and wpa_supplicant config
 * generators and the scenario loader.
 */
#ifndef WB_NETCFG_H
#define WB_NETCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/wifi/confcheck.h"
#include "wbench/wifi/security.h"
#include "wbench/lib/wbench.h"

#define WB_NETCFG_SAE_PWE_DEFAULT (-1)

struct wb_netcfg {
	const struct wb_security *sec; /* profile (borrowed, usually from wb_security_find) */
	const uint8_t *ssid;           /* 1..32 bytes, any values (borrowed) */
	size_t ssid_len;
	const char *passphrase;        /* NUL-terminated, borrowed; NULL for "none" and "owe" */
	unsigned int channel;          /* 20 MHz channel (wb_80211_channel_freq): hw_mode g for
					* 1..14, a for 5 GHz; HT20 */
	bool beacon_prot;              /* beacon protection (needs PMF) */
	int sae_pwe;                   /* WB_NETCFG_SAE_PWE_DEFAULT, or 0 (hunting and pecking),
					* 1 (hash-to-element only), 2 (both); SAE profiles only */
	uint32_t group_mgmt_cipher;    /* 0 for the default BIP-CMAC-128, else a BIP suite */
};

/** wb_netcfg_init - defaults: no profile, channel 1, no beacon protection, default sae_pwe. */
void wb_netcfg_init(struct wb_netcfg *n);

/**
 * wb_netcfg_check - check a network description for one side
 * @n: the network
 * @legacy_psk: the station side will be a WPA2-PSK-only station without PMF
 * @kind: set to the passphrase kind when the profile uses one (may be NULL)
 * @why: receives the reason on failure (no subject prefix; never the passphrase)
 * @whylen: size of @why
 *
 * Rejects: a missing profile, a bad SSID, a missing/unexpected/invalid passphrase, a raw
 * 64-hex PSK with an SAE profile (SAE needs the password itself), beacon protection or a
 * group management cipher without PMF, a non-BIP group management cipher, sae_pwe out
 * of range, a channel outside 1..13, @legacy_psk for a profile that offers no WPA-PSK
 * without required PMF.
 * Returns: 0 or -EINVAL.
 */
int wb_netcfg_check(const struct wb_netcfg *n, bool legacy_psk, enum wb_passphrase_kind *kind,
		    char *why, size_t whylen) WB_MUST_CHECK;

/** wb_netcfg_freq - centre frequency in MHz of 2.4 GHz @channel (1..13), or 0. */
unsigned int wb_netcfg_freq(unsigned int channel);

/**
 * wb_netcfg_group_mgmt_name - hostapd/wpa_supplicant name of a BIP suite
 * Returns: "AES-128-CMAC", "BIP-CMAC-256", "BIP-GMAC-128", "BIP-GMAC-256" (static), or NULL
 * when @suite is not a BIP suite.
 */
const char *wb_netcfg_group_mgmt_name(uint32_t suite);

#endif /* WB_NETCFG_H */
