#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/wifi/ieee80211.h"
#include "wbench/daemons/netcfg.h"
#include "wbench/lib/util.h"

void wb_netcfg_init(struct wb_netcfg *n)
{
	memset(n, 0, sizeof(*n));
	n->channel = 1;
	n->sae_pwe = WB_NETCFG_SAE_PWE_DEFAULT;
}

unsigned int wb_netcfg_freq(unsigned int channel)
{
	return wb_80211_channel_freq(channel);
}

const char *wb_netcfg_group_mgmt_name(uint32_t suite)
{
	switch (suite) {
	case WB_CIPHER_BIP_CMAC_128:
		return "AES-128-CMAC";
	case WB_CIPHER_BIP_CMAC_256:
		return "BIP-CMAC-256";
	case WB_CIPHER_BIP_GMAC_128:
		return "BIP-GMAC-128";
	case WB_CIPHER_BIP_GMAC_256:
		return "BIP-GMAC-256";
	default:
		return NULL;
	}
}

static bool offers_psk(const struct wb_security *s)
{
	return s->key_mgmt && strstr(s->key_mgmt, "WPA-PSK") != NULL;
}

int wb_netcfg_check(const struct wb_netcfg *n, bool legacy_psk, enum wb_passphrase_kind *kind,
		    char *why, size_t whylen)
{
	const struct wb_security *s = n->sec;
	enum wb_passphrase_kind k = WB_PASSPHRASE_ASCII;
	int r;

	if (!s)
		return wb_errbuf_set(why, whylen, "no security profile given");
	r = wb_ssid_check(n->ssid, n->ssid_len, why, whylen);
	if (r < 0)
		return r;
	if (!wb_netcfg_freq(n->channel))
		return wb_errbuf_set(why, whylen, "channel %u is not a 20 MHz channel; expected "
				     "1..14, 36..64 or 100..144 in steps of 4, 149..165",
				     n->channel);
	if (s->passphrase) {
		if (!n->passphrase)
			return wb_errbuf_set(why, whylen, "profile '%s' needs a passphrase",
					     s->name);
		r = wb_passphrase_check(n->passphrase, strlen(n->passphrase), &k, why, whylen);
		if (r < 0)
			return r;
		if (k == WB_PASSPHRASE_PSK_HEX && s->sae && !legacy_psk)
			return wb_errbuf_set(why, whylen, "profile '%s' uses SAE, which needs the "
					     "password itself; a raw PSK of 64 hex digits cannot "
					     "be used: give an 8..63 character passphrase",
					     s->name);
	} else if (n->passphrase) {
		return wb_errbuf_set(why, whylen, "profile '%s' takes no passphrase", s->name);
	}
	if (n->beacon_prot && s->ieee80211w < 1)
		return wb_errbuf_set(why, whylen, "beacon protection needs PMF, but profile '%s' "
				     "has ieee80211w=0", s->name);
	if (n->group_mgmt_cipher) {
		if (!wb_netcfg_group_mgmt_name(n->group_mgmt_cipher))
			return wb_errbuf_set(why, whylen, "group management cipher must be a BIP "
					     "suite (BIP-CMAC-128, BIP-CMAC-256, BIP-GMAC-128 or "
					     "BIP-GMAC-256)");
		if (s->ieee80211w < 1)
			return wb_errbuf_set(why, whylen, "a group management cipher needs PMF, "
					     "but profile '%s' has ieee80211w=0", s->name);
	}
	if (n->sae_pwe != WB_NETCFG_SAE_PWE_DEFAULT && (n->sae_pwe < 0 || n->sae_pwe > 2))
		return wb_errbuf_set(why, whylen, "sae_pwe %d is out of range; expected 0, 1 or 2",
				     n->sae_pwe);
	if (legacy_psk && (!offers_psk(s) || s->ieee80211w > 1))
		return wb_errbuf_set(why, whylen, "a legacy WPA2-PSK station cannot join profile "
				     "'%s' (it needs WPA-PSK with PMF optional or off)", s->name);
	if (kind)
		*kind = k;
	return 0;
}
