/*
 * wbench: the effective crypto path, per key. A driver's crypto switch says what it was
 * asked to do; mac80211 decides per key (drivers.md 1.1): a key the driver accepted in
 * set_key is "uploaded to hardware" (KEY_FLAG_UPLOADED_TO_HARDWARE, bit 0 of the key's
 * debugfs `flags`), every other key is done in software (always on mac80211_hwsim, which
 * has no set_key; PMF stations' keys on rt2800 since 5.8; BIP keys on most chips).
 *
 * The reader lists mac80211's debugfs keys of a phy, /sys/kernel/debug/ieee80211/PHY/keys/N/
 * (`algorithm`, `keyidx`, `flags`, `hw_key_idx`, `ifindex`, the `station` link), through a
 * host: one fixed POSIX sh script, run with the debugfs root and the phy as its
 * arguments (never part of the script), one round trip over ssh. The key material file
 * (`key`) is never read. Read it after association (keys exist then), on the AP's phy
 * and on the STA's. debugfs is read only: nothing is mounted.
 *
 * Result object:
 *   status "ok" | "unavailable" (+ reason, a sentence: debugfs not mounted, not readable,
 *   a kernel without CONFIG_MAC80211_DEBUGFS, no such phy) | "failed" (+ message: the
 *   host could not run the script), phy, source (the keys directory),
 *   keys[{id, algorithm (e.g. "CCMP-128", "BIP-CMAC-128"), keyidx, flags ("0x1"), hw (bool),
 *   hw_key_idx?, interface?, station? (the peer's MAC: a pairwise key)}],
 *   summary "hardware" | "software" | "mixed" | "none" (no key), note.
 * An unavailable reading is not an error: the results say why the path is unknown.
 */
#ifndef WB_CRYPTO_KEYS_H
#define WB_CRYPTO_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "wbench/host/host.h"
#include "wbench/lib/wbench.h"

/* Where debugfs is mounted on Linux. */
#define WB_CRYPTO_KEYS_DEBUGFS "/sys/kernel/debug"
/* Bound on one reading through a host. */
#define WB_CRYPTO_KEYS_TIMEOUT_MS 15000
/* Most keys one phy may list (a benchmark link has a handful). */
#define WB_CRYPTO_KEYS_MAX 256

struct wb_crypto_keys_opts {
	const char *debugfs;        /* NULL: WB_CRYPTO_KEYS_DEBUGFS (a fixture tree in tests) */
	int64_t timeout_ms;         /* 0: WB_CRYPTO_KEYS_TIMEOUT_MS */
	struct wb_cancel *cancel;   /* may be NULL */
};

/**
 * wb_crypto_keys_read - the keys of @phy on @host and the path each takes
 * @phy: the wiphy name ("phy0"): letters, digits, '-', '_' and '.' only, else -EINVAL
 * @o: NULL for the defaults
 * @out: receives a new object (see above; caller decrefs), also when the status is
 *       "unavailable" or "failed"
 * Returns: 0, -EINVAL (a bad phy name), -ECANCELED, -ENOMEM. Everything else (debugfs
 *          missing, the host unreachable, output that does not parse) is in the object.
 */
int wb_crypto_keys_read(struct wb_host *host, const char *phy,
			const struct wb_crypto_keys_opts *o, json_t **out) WB_MUST_CHECK;

/**
 * wb_crypto_keys_parse - the object from the reader script's output (for tests and fuzzing)
 * @text: NUL-terminated output, borrowed; hostile input is fine
 * @phy, @source: copied into the object
 * @out: receives a new object
 * @err: what was malformed, on -EINVAL
 * Returns: 0, -EINVAL (not the script's output, a malformed line, too many keys), -ENOMEM.
 */
int wb_crypto_keys_parse(const char *text, const char *phy, const char *source, json_t **out,
			 char *err, size_t errlen) WB_MUST_CHECK;

#endif /* WB_CRYPTO_KEYS_H */
