/* Test helper: synthetic phy capabilities (linked into every unit test). */
#ifndef WBT_CAPS_H
#define WBT_CAPS_H

#include <stddef.h>
#include <stdint.h>

#include "collectors/capabilities.h"

/* The fixture tree of tests/fixtures/sysfs, relative to the repository root. */
#define WBT_SYSFS "tests/fixtures/sysfs"

extern const uint32_t wbt_rt2800_ciphers[4];
extern const uint32_t wbt_full_ciphers[11];

/**
 * wbt_caps_init - an AP-capable mac80211 phy (station, AP, monitor; beacon protection
 * feature; SAE feature) advertising @ciphers, with the given sysfs driver and module
 */
void wbt_caps_init(struct wb_capabilities *c, const char *name, const uint32_t *ciphers,
		   size_t n, const char *driver, const char *module);

#endif /* WBT_CAPS_H */
