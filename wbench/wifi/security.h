/*
 * wbench: security profiles (names follow OpenWrt's `encryption` values) and what each
 * needs from the AP's driver. One table; hostapd/wpa_supplicant config generation,
 * probe predictions and failure diagnosis all read it.
 */
#ifndef WB_SECURITY_H
#define WB_SECURITY_H

#include <stdbool.h>
#include <stddef.h>

struct wb_security {
	const char *name;        /* "none", "owe", "psk2", "psk2+pmf", ... */
	const char *key_mgmt;    /* hostapd wpa_key_mgmt / wpa_supplicant key_mgmt; NULL for open */
	int ieee80211w;          /* 0 disabled, 1 optional, 2 required */
	bool passphrase;         /* needs a passphrase (PSK or SAE password) */
	bool sae;                /* uses SAE */
	bool sae_require_mfp;    /* transition mode: SAE stations must use PMF */
	const char *description; /* one line for humans */
};

/** wb_security_find - profile by name. Returns a borrowed static entry or NULL. */
const struct wb_security *wb_security_find(const char *name);

/** wb_security_all - the table; *n receives its length. Borrowed, static. */
const struct wb_security *wb_security_all(size_t *n);

/** wb_security_needs_bip - true when the AP must install an IGTK (ieee80211w >= 1). */
bool wb_security_needs_bip(const struct wb_security *s);

#endif /* WB_SECURITY_H */
