/*
 * wbench: will a security profile start on this AP radio, and if not, what to do.
 * Pure functions of a phy's capabilities, its driver-table row and crypto mode, and
 * (for simulated radios) the hwsim profile it was made with: no I/O, so every rule is
 * unit-tested on synthetic capabilities, and the run code reuses the same rules to
 * explain a failure that did happen.
 */
#ifndef WB_PREDICT_H
#define WB_PREDICT_H

#include <jansson.h>

#include "collectors/capabilities.h"
#include "wbench/wifi/drivers.h"
#include "wbench/sys/hwsim.h"
#include "wbench/wifi/security.h"

enum wb_verdict {
	WB_VERDICT_OK = 0,
	WB_VERDICT_WILL_FAIL,
};

/* Stable reason codes (also in JSON and docs/probe.md). */
#define WB_PREDICT_NO_AP_MODE "no_ap_mode"
#define WB_PREDICT_NO_CCMP "no_ccmp"
#define WB_PREDICT_NO_BIP "no_bip_cipher"
#define WB_PREDICT_SAE_UNSUPPORTED "sae_unsupported"

struct wb_predict_input {
	const struct wb_capabilities *caps;  /* required */
	const struct wb_driver *driver;      /* driver-table row, or NULL when unknown */
	enum wb_crypto_mode mode;            /* current crypto mode, WB_CRYPTO_UNKNOWN if none */
	const struct wb_hwsim_profile *sim;  /* hwsim profile the radio matches, or NULL */
};

struct wb_prediction {
	const struct wb_security *profile;
	enum wb_verdict verdict;
	const char *code;   /* static; NULL when ok */
	char reason[320];   /* "" when ok */
	char remedy[768];   /* "" when ok or when nothing can be done */
};

/** wb_verdict_name - "ok" or "will_fail" (static). */
const char *wb_verdict_name(enum wb_verdict v);

/**
 * wb_predict - whether hostapd can start @s as an AP on the radio described by @in
 * Rules, first match wins: no AP interface type (no_ap_mode); an encrypted profile
 * without CCMP-128 (no_ccmp); ieee80211w >= 1 without BIP-CMAC-128 (no_bip_cipher);
 * SAE on a FullMAC (AP SME) device without SAE offload for AP (sae_unsupported).
 * The remedy comes from the driver table (or the sim profile) and says so plainly
 * when no switch can help.
 */
void wb_predict(const struct wb_predict_input *in, const struct wb_security *s,
		struct wb_prediction *out);

/**
 * wb_prediction_to_json - {"verdict", "code", "reason", "remedy"}; the last three are
 * null when they do not apply
 * Returns: a new reference, or NULL on allocation failure.
 */
json_t *wb_prediction_to_json(const struct wb_prediction *p);

#endif /* WB_PREDICT_H */
