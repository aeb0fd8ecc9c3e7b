#include <linux/nl80211.h>
#include <string.h>

#include "tests/unit/wbt_caps.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/lib/util.h"

const uint32_t wbt_rt2800_ciphers[4] = {
	WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP, WB_CIPHER_CCMP_128,
};

const uint32_t wbt_full_ciphers[11] = {
	WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP, WB_CIPHER_CCMP_128,
	WB_CIPHER_CCMP_256, WB_CIPHER_GCMP_128, WB_CIPHER_GCMP_256, WB_CIPHER_BIP_CMAC_128,
	WB_CIPHER_BIP_CMAC_256, WB_CIPHER_BIP_GMAC_128, WB_CIPHER_BIP_GMAC_256,
};

void wbt_caps_init(struct wb_capabilities *c, const char *name, const uint32_t *ciphers,
		   size_t n, const char *driver, const char *module)
{
	memset(c, 0, sizeof(*c));
	wb_strlcpy(c->name, name, sizeof(c->name));
	if (n)
		memcpy(c->ciphers, ciphers, n * sizeof(*ciphers));
	c->n_ciphers = n;
	c->iftypes = 1u << NL80211_IFTYPE_STATION | 1u << NL80211_IFTYPE_AP |
		     1u << NL80211_IFTYPE_MONITOR;
	c->beacon_prot = true;
	c->feature_sae = true;
	wb_strlcpy(c->driver, driver ? driver : "", sizeof(c->driver));
	wb_strlcpy(c->module, module ? module : "", sizeof(c->module));
}
