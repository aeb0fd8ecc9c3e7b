#include <errno.h>
#include <stdio.h>
#include <strings.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/lib/wbench.h"

static const struct {
	uint32_t suite;
	const char *name;
} ciphers[] = {
	{ WB_CIPHER_WEP40, "WEP-40" },
	{ WB_CIPHER_WEP104, "WEP-104" },
	{ WB_CIPHER_TKIP, "TKIP" },
	{ WB_CIPHER_CCMP_128, "CCMP-128" },
	{ WB_CIPHER_CCMP_256, "CCMP-256" },
	{ WB_CIPHER_GCMP_128, "GCMP-128" },
	{ WB_CIPHER_GCMP_256, "GCMP-256" },
	{ WB_CIPHER_BIP_CMAC_128, "BIP-CMAC-128" },
	{ WB_CIPHER_BIP_CMAC_256, "BIP-CMAC-256" },
	{ WB_CIPHER_BIP_GMAC_128, "BIP-GMAC-128" },
	{ WB_CIPHER_BIP_GMAC_256, "BIP-GMAC-256" },
};

const char *wb_cipher_name(uint32_t suite)
{
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(ciphers); i++)
		if (ciphers[i].suite == suite)
			return ciphers[i].name;
	return NULL;
}

const char *wb_cipher_format(uint32_t suite, char *buf, size_t len)
{
	const char *n = wb_cipher_name(suite);

	if (n)
		return n;
	snprintf(buf, len, "%02x-%02x-%02x:%u", (suite >> 24) & 0xff, (suite >> 16) & 0xff,
		 (suite >> 8) & 0xff, suite & 0xff);
	return buf;
}

int wb_cipher_from_name(const char *name, uint32_t *suite)
{
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(ciphers); i++) {
		if (strcasecmp(ciphers[i].name, name) == 0) {
			*suite = ciphers[i].suite;
			return 0;
		}
	}
	return -EINVAL;
}

bool wb_cipher_is_bip(uint32_t suite)
{
	return suite == WB_CIPHER_BIP_CMAC_128 || suite == WB_CIPHER_BIP_CMAC_256 ||
	       suite == WB_CIPHER_BIP_GMAC_128 || suite == WB_CIPHER_BIP_GMAC_256;
}
