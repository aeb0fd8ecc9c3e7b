#include <errno.h>
#include <string.h>

#include "wbench/wifi/crypto_mode.h"

const char *const wb_crypto_mode_names[WB_CRYPTO_MODES + 1] = {
	[WB_CRYPTO_HW] = "hwcrypt",
	[WB_CRYPTO_SW] = "nohwcrypt",
	[WB_CRYPTO_MODES] = NULL,
};

const char *wb_crypto_mode_name(enum wb_crypto_mode m)
{
	return m >= 0 && m < WB_CRYPTO_MODES ? wb_crypto_mode_names[m] : "unknown";
}

int wb_crypto_mode_parse(const char *s, enum wb_crypto_mode *out)
{
	for (int m = 0; s && m < WB_CRYPTO_MODES; m++) {
		if (strcmp(s, wb_crypto_mode_names[m]) == 0) {
			*out = (enum wb_crypto_mode)m;
			return 0;
		}
	}
	return -EINVAL;
}
