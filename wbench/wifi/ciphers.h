/* wbench: IEEE 802.11 cipher suite selectors and their names. */
#ifndef WB_CIPHERS_H
#define WB_CIPHERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Suite selectors as nl80211 reports them (OUI << 8 | type), host endian. */
#define WB_CIPHER_WEP40        0x000FAC01u
#define WB_CIPHER_TKIP         0x000FAC02u
#define WB_CIPHER_CCMP_128     0x000FAC04u
#define WB_CIPHER_WEP104       0x000FAC05u
#define WB_CIPHER_BIP_CMAC_128 0x000FAC06u
#define WB_CIPHER_GCMP_128     0x000FAC08u
#define WB_CIPHER_GCMP_256     0x000FAC09u
#define WB_CIPHER_CCMP_256     0x000FAC0Au
#define WB_CIPHER_BIP_GMAC_128 0x000FAC0Bu
#define WB_CIPHER_BIP_GMAC_256 0x000FAC0Cu
#define WB_CIPHER_BIP_CMAC_256 0x000FAC0Du

/**
 * wb_cipher_name - stable name of a suite ("CCMP-128", "BIP-CMAC-128", ...)
 * Returns: a static string, or NULL for a suite not in the table.
 */
const char *wb_cipher_name(uint32_t suite);

/**
 * wb_cipher_format - like wb_cipher_name, but unknown suites become "00-0f-ac:14"
 * @buf: at least 16 bytes. Returns @buf or the static name (borrowed either way).
 */
const char *wb_cipher_format(uint32_t suite, char *buf, size_t len);

/** wb_cipher_from_name - parse a name from the table (case-insensitive). Returns 0 or -EINVAL. */
int wb_cipher_from_name(const char *name, uint32_t *suite);

/** wb_cipher_is_bip - true for the four group management (BIP) suites. */
bool wb_cipher_is_bip(uint32_t suite);

#endif /* WB_CIPHERS_H */
