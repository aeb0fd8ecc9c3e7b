/*
 * wbench: the crypto mode of a radio, the one vocabulary for it: where the keys of a
 * link are used, in the radio's hardware or in mac80211's software. Scenarios, results,
 * the comparison gate, reports, the driver switch and the labs all speak it.
 */
#ifndef WB_CRYPTO_MODE_H
#define WB_CRYPTO_MODE_H

#include "wbench/lib/wbench.h"

enum wb_crypto_mode {
	WB_CRYPTO_UNKNOWN = -1,
	WB_CRYPTO_HW = 0,   /* "hwcrypt": keys offloaded to the hardware */
	WB_CRYPTO_SW = 1,   /* "nohwcrypt": mac80211 software crypto */
};

/* How many known modes there are: WB_CRYPTO_HW .. WB_CRYPTO_SW. */
#define WB_CRYPTO_MODES 2

/*
 * The names of the known modes, indexed by mode and NULL-terminated, as the JSON enum
 * readers (wb_jsonv_enum) take them: "hwcrypt", "nohwcrypt".
 */
extern const char *const wb_crypto_mode_names[WB_CRYPTO_MODES + 1];

/** wb_crypto_mode_name - "hwcrypt", "nohwcrypt", or "unknown" for anything else (static). */
const char *wb_crypto_mode_name(enum wb_crypto_mode m);

/**
 * wb_crypto_mode_parse - the mode named @s (exactly, case-sensitive)
 * Returns: 0 with *@out set, or -EINVAL (*@out untouched).
 */
int wb_crypto_mode_parse(const char *s, enum wb_crypto_mode *out) WB_MUST_CHECK;

#endif /* WB_CRYPTO_MODE_H */
