/*
 * wbench: the cryptographic primitives the PMF verifier needs to check MICs, all on
 * OpenSSL's libcrypto (EVP and EVP_MAC): PSK to PMK (PBKDF2-SHA1), the 802.11 PRF
 * (SHA1) and KDF (SHA256), AES key unwrap (RFC 3394), HMAC/CMAC/GMAC and CCM/GCM
 * decryption. Callers own every buffer; nothing here keeps state or logs key bytes.
 */
#ifndef WB_PMF_CRYPTO_H
#define WB_PMF_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"

/**
 * wb_pmf_crypto_psk_pmk - PMK = PBKDF2-SHA1(passphrase, ssid, 4096, 32)
 * @passphrase: 8..63 ASCII characters (as WPA requires)
 * @ssid: 1..32 bytes
 * @pmk: 32 bytes out (secret: the caller wipes it)
 * Returns: 0, -EINVAL for a passphrase or SSID of the wrong length, -EIO on a
 *          libcrypto failure.
 */
int wb_pmf_crypto_psk_pmk(const char *passphrase, const uint8_t *ssid, size_t ssid_len,
			  uint8_t pmk[32]) WB_MUST_CHECK;

/**
 * wb_pmf_crypto_prf_sha1 - IEEE 802.11 PRF-n with HMAC-SHA1 (12.7.1.2)
 * Output = HMAC-SHA1(K, label || 0 || data || i) for i = 0, 1, ... truncated to @out_len.
 * Returns: 0 or -EIO.
 */
int wb_pmf_crypto_prf_sha1(const uint8_t *key, size_t key_len, const char *label,
			   const uint8_t *data, size_t data_len, uint8_t *out,
			   size_t out_len) WB_MUST_CHECK;

/**
 * wb_pmf_crypto_kdf_sha256 - IEEE 802.11 KDF-Hash-Length with HMAC-SHA256 (12.7.1.6.2)
 * Output = HMAC-SHA256(K, i16 || label || data || bits16) for i = 1, 2, ...
 * Returns: 0 or -EIO.
 */
int wb_pmf_crypto_kdf_sha256(const uint8_t *key, size_t key_len, const char *label,
			     const uint8_t *data, size_t data_len, uint8_t *out,
			     size_t out_len) WB_MUST_CHECK;

/**
 * wb_pmf_crypto_aes_unwrap - RFC 3394 AES key unwrap
 * @kek: 16 or 32 bytes
 * @in: wrapped data, a multiple of 8 bytes and at least 24
 * @out: @in_len - 8 bytes
 * Returns: 0, -EINVAL for bad lengths, -EBADMSG when the integrity check fails.
 */
int wb_pmf_crypto_aes_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			     size_t in_len, uint8_t *out) WB_MUST_CHECK;

/**
 * wb_pmf_crypto_hmac - HMAC with digest @md ("SHA1", "SHA256", "SHA384")
 * @out: at least the digest size; *@out_len receives it
 * Returns: 0 or -EIO.
 */
int wb_pmf_crypto_hmac(const char *md, const uint8_t *key, size_t key_len,
		       const uint8_t *data, size_t data_len, uint8_t *out,
		       size_t *out_len) WB_MUST_CHECK;

/**
 * wb_pmf_crypto_cmac - AES-CMAC over the concatenation of two buffers
 * @key_len: 16 (AES-128-CMAC) or 32 (AES-256-CMAC)
 * @d2: may be NULL with @l2 = 0
 * @mac: 16 bytes out
 * Returns: 0, -EINVAL for a bad key length, -EIO.
 */
int wb_pmf_crypto_cmac(const uint8_t *key, size_t key_len, const uint8_t *d1, size_t l1,
		       const uint8_t *d2, size_t l2, uint8_t mac[16]) WB_MUST_CHECK;

/**
 * wb_pmf_crypto_gmac - AES-GMAC (GCM with no plaintext) over @aad1 || @aad2
 * @key_len: 16 or 32; @iv: 12 bytes; @tag: 16 bytes out
 * Returns: 0, -EINVAL, -EIO.
 */
int wb_pmf_crypto_gmac(const uint8_t *key, size_t key_len, const uint8_t iv[12],
		       const uint8_t *aad1, size_t l1, const uint8_t *aad2, size_t l2,
		       uint8_t tag[16]) WB_MUST_CHECK;

enum wb_pmf_aead {
	WB_PMF_AEAD_CCM,  /* CCMP: 13-byte nonce, 8- or 16-byte tag */
	WB_PMF_AEAD_GCM,  /* GCMP: 12-byte nonce, 16-byte tag */
};

/**
 * wb_pmf_crypto_aead_decrypt - decrypt and authenticate one MPDU body
 * @key_len: 16 or 32
 * @nonce: 13 bytes (CCM) or 12 bytes (GCM)
 * @out: @ct_len bytes of plaintext (unspecified content on failure)
 * Returns: 0 when the MIC verifies, -EBADMSG when it does not, -EINVAL, -EIO.
 */
int wb_pmf_crypto_aead_decrypt(enum wb_pmf_aead mode, const uint8_t *key, size_t key_len,
			       const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
			       const uint8_t *ct, size_t ct_len, const uint8_t *tag,
			       size_t tag_len, uint8_t *out) WB_MUST_CHECK;

#endif /* WB_PMF_CRYPTO_H */
