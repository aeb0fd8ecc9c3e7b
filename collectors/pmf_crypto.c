#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "collectors/pmf_crypto.h"
#include "wbench/lib/util.h"

int wb_pmf_crypto_psk_pmk(const char *passphrase, const uint8_t *ssid, size_t ssid_len,
			  uint8_t pmk[32])
{
	size_t n = strlen(passphrase);

	if (n < 8 || n > 63 || ssid_len < 1 || ssid_len > 32)
		return -EINVAL;
	if (PKCS5_PBKDF2_HMAC(passphrase, (int)n, ssid, (int)ssid_len, 4096, EVP_sha1(),
			      32, pmk) != 1)
		return -EIO;
	return 0;
}

int wb_pmf_crypto_hmac(const char *md, const uint8_t *key, size_t key_len,
		       const uint8_t *data, size_t data_len, uint8_t *out, size_t *out_len)
{
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	int ret = -EIO;

	if (!mac)
		return -EIO;
	ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)md, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (ctx && EVP_MAC_init(ctx, key, key_len, params) == 1 &&
	    EVP_MAC_update(ctx, data, data_len) == 1 &&
	    EVP_MAC_final(ctx, out, out_len, EVP_MAX_MD_SIZE) == 1)
		ret = 0;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ret;
}

int wb_pmf_crypto_prf_sha1(const uint8_t *key, size_t key_len, const char *label,
			   const uint8_t *data, size_t data_len, uint8_t *out, size_t out_len)
{
	size_t llen = strlen(label), pos = 0;
	uint8_t buf[512], hash[EVP_MAX_MD_SIZE];
	int ret = 0;

	if (llen + 1 + data_len + 1 > sizeof(buf))
		return -EINVAL;
	memcpy(buf, label, llen);
	buf[llen] = 0;
	memcpy(buf + llen + 1, data, data_len);
	for (uint8_t i = 0; pos < out_len; i++) {
		size_t hlen;

		buf[llen + 1 + data_len] = i;
		ret = wb_pmf_crypto_hmac("SHA1", key, key_len, buf, llen + data_len + 2, hash,
					 &hlen);
		if (ret < 0)
			break;
		if (hlen > out_len - pos)
			hlen = out_len - pos;
		memcpy(out + pos, hash, hlen);
		pos += hlen;
	}
	wb_secure_zero(hash, sizeof(hash));
	return ret;
}

int wb_pmf_crypto_kdf_sha256(const uint8_t *key, size_t key_len, const char *label,
			     const uint8_t *data, size_t data_len, uint8_t *out, size_t out_len)
{
	size_t llen = strlen(label), pos = 0, bits = out_len * 8;
	uint8_t buf[512], hash[EVP_MAX_MD_SIZE];
	int ret = 0;

	if (2 + llen + data_len + 2 > sizeof(buf) || bits > 0xffff)
		return -EINVAL;
	memcpy(buf + 2, label, llen);
	memcpy(buf + 2 + llen, data, data_len);
	buf[2 + llen + data_len] = (uint8_t)bits;
	buf[2 + llen + data_len + 1] = (uint8_t)(bits >> 8);
	for (uint16_t i = 1; pos < out_len; i++) {
		size_t hlen;

		buf[0] = (uint8_t)i;
		buf[1] = (uint8_t)(i >> 8);
		ret = wb_pmf_crypto_hmac("SHA256", key, key_len, buf, llen + data_len + 4, hash,
					 &hlen);
		if (ret < 0)
			break;
		if (hlen > out_len - pos)
			hlen = out_len - pos;
		memcpy(out + pos, hash, hlen);
		pos += hlen;
	}
	wb_secure_zero(hash, sizeof(hash));
	return ret;
}

int wb_pmf_crypto_aes_unwrap(const uint8_t *kek, size_t kek_len, const uint8_t *in,
			     size_t in_len, uint8_t *out)
{
	const EVP_CIPHER *c = kek_len == 16 ? EVP_aes_128_wrap() :
			      kek_len == 32 ? EVP_aes_256_wrap() : NULL;
	EVP_CIPHER_CTX *ctx;
	int n = 0, fin = 0, ret = -EBADMSG;

	if (!c || in_len < 24 || in_len % 8 || in_len > 4096)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -EIO;
	EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
	if (EVP_DecryptInit_ex(ctx, c, NULL, kek, NULL) != 1) {
		ret = -EIO;
		goto out;
	}
	/* The default IV A6A6A6A6A6A6A6A6 is checked by libcrypto: failure = bad KEK or data. */
	if (EVP_DecryptUpdate(ctx, out, &n, in, (int)in_len) == 1 &&
	    EVP_DecryptFinal_ex(ctx, out + n, &fin) == 1 && (size_t)(n + fin) == in_len - 8)
		ret = 0;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

int wb_pmf_crypto_cmac(const uint8_t *key, size_t key_len, const uint8_t *d1, size_t l1,
		       const uint8_t *d2, size_t l2, uint8_t mac_out[16])
{
	const char *cipher = key_len == 16 ? "AES-128-CBC" : key_len == 32 ? "AES-256-CBC" : NULL;
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	size_t olen = 0;
	int ret = -EIO;

	if (!cipher)
		return -EINVAL;
	mac = EVP_MAC_fetch(NULL, "CMAC", NULL);
	if (!mac)
		return -EIO;
	ctx = EVP_MAC_CTX_new(mac);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, (char *)cipher, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (ctx && EVP_MAC_init(ctx, key, key_len, params) == 1 &&
	    EVP_MAC_update(ctx, d1, l1) == 1 && (l2 == 0 || EVP_MAC_update(ctx, d2, l2) == 1) &&
	    EVP_MAC_final(ctx, mac_out, &olen, 16) == 1 && olen == 16)
		ret = 0;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(mac);
	return ret;
}

static const EVP_CIPHER *gcm_cipher(size_t key_len)
{
	return key_len == 16 ? EVP_aes_128_gcm() : key_len == 32 ? EVP_aes_256_gcm() : NULL;
}

int wb_pmf_crypto_gmac(const uint8_t *key, size_t key_len, const uint8_t iv[12],
		       const uint8_t *aad1, size_t l1, const uint8_t *aad2, size_t l2,
		       uint8_t tag[16])
{
	const EVP_CIPHER *c = gcm_cipher(key_len);
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EIO;

	if (!c)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -EIO;
	if (EVP_EncryptInit_ex(ctx, c, NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) == 1 &&
	    EVP_EncryptInit_ex(ctx, NULL, NULL, key, iv) == 1 &&
	    EVP_EncryptUpdate(ctx, NULL, &n, aad1, (int)l1) == 1 &&
	    (l2 == 0 || EVP_EncryptUpdate(ctx, NULL, &n, aad2, (int)l2) == 1) &&
	    EVP_EncryptFinal_ex(ctx, tag, &n) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1)
		ret = 0;
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

static int ccm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *nonce,
		       const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t ct_len,
		       const uint8_t *tag, size_t tag_len, uint8_t *out)
{
	const EVP_CIPHER *c = key_len == 16 ? EVP_aes_128_ccm() :
			      key_len == 32 ? EVP_aes_256_ccm() : NULL;
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EIO;

	if (!c || (tag_len != 8 && tag_len != 16))
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -EIO;
	if (EVP_DecryptInit_ex(ctx, c, NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_CCM_SET_IVLEN, 13, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_CCM_SET_TAG, (int)tag_len, (void *)tag) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, nonce) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, NULL, (int)ct_len) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1)
		goto out;
	/* With CCM the tag is checked inside this single update. */
	ret = EVP_DecryptUpdate(ctx, out, &n, ct, (int)ct_len) == 1 ? 0 : -EBADMSG;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

static int gcm_decrypt(const uint8_t *key, size_t key_len, const uint8_t *nonce,
		       const uint8_t *aad, size_t aad_len, const uint8_t *ct, size_t ct_len,
		       const uint8_t *tag, size_t tag_len, uint8_t *out)
{
	const EVP_CIPHER *c = gcm_cipher(key_len);
	EVP_CIPHER_CTX *ctx;
	int n, ret = -EIO;

	if (!c || tag_len != 16)
		return -EINVAL;
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -EIO;
	if (EVP_DecryptInit_ex(ctx, c, NULL, NULL, NULL) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, NULL) != 1 ||
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, nonce) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1 ||
	    (ct_len && EVP_DecryptUpdate(ctx, out, &n, ct, (int)ct_len) != 1) ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *)tag) != 1)
		goto out;
	ret = EVP_DecryptFinal_ex(ctx, out + ct_len, &n) == 1 ? 0 : -EBADMSG;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

int wb_pmf_crypto_aead_decrypt(enum wb_pmf_aead mode, const uint8_t *key, size_t key_len,
			       const uint8_t *nonce, const uint8_t *aad, size_t aad_len,
			       const uint8_t *ct, size_t ct_len, const uint8_t *tag,
			       size_t tag_len, uint8_t *out)
{
	if (ct_len > 8192 || aad_len > 64)
		return -EINVAL;
	if (mode == WB_PMF_AEAD_CCM)
		return ccm_decrypt(key, key_len, nonce, aad, aad_len, ct, ct_len, tag, tag_len,
				   out);
	return gcm_decrypt(key, key_len, nonce, aad, aad_len, ct, ct_len, tag, tag_len, out);
}
