#include <string.h>

#include "wbench/wifi/security.h"
#include "wbench/lib/wbench.h"

/*
 * PSK profiles with PMF also offer WPA-PSK-SHA256 (as OpenWrt does), so a PMF station
 * negotiates the SHA256 AKM. sae-mixed requires PMF from SAE stations only.
 */
static const struct wb_security profiles[] = {
	{ "none", NULL, 0, false, false, false, "open network, no encryption" },
	{ "owe", "OWE", 2, false, false, false, "Opportunistic Wireless Encryption, PMF required" },
	{ "psk2", "WPA-PSK", 0, true, false, false, "WPA2-Personal, no PMF" },
	{ "psk2+pmf", "WPA-PSK WPA-PSK-SHA256", 1, true, false, false,
	  "WPA2-Personal, PMF optional" },
	{ "psk2+pmf-required", "WPA-PSK WPA-PSK-SHA256", 2, true, false, false,
	  "WPA2-Personal, PMF required" },
	{ "sae", "SAE", 2, true, true, false, "WPA3-Personal (SAE), PMF required" },
	{ "sae-mixed", "WPA-PSK SAE", 1, true, true, true,
	  "WPA2/WPA3 transition mode, PMF optional (required for SAE)" },
};

const struct wb_security *wb_security_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < WB_ARRAY_SIZE(profiles); i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

const struct wb_security *wb_security_all(size_t *n)
{
	*n = WB_ARRAY_SIZE(profiles);
	return profiles;
}

bool wb_security_needs_bip(const struct wb_security *s)
{
	return s && s->ieee80211w >= 1;
}
