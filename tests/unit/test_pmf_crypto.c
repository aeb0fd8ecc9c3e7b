/* Known-answer tests for the PMF verifier's crypto (IEEE 802.11 Annexes J and M, RFCs). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "collectors/pmf_crypto.h"
#include "wbench/lib/util.h"

static void hex(const char *s, uint8_t *out, size_t len)
{
	assert_int_equal(wb_hex_decode(s, out, len), 0);
}

/* IEEE 802.11-2020 J.4.2: PSK from passphrase and SSID. */
static void test_psk_pmk(void **state)
{
	uint8_t pmk[32], want[32];

	(void)state;
	assert_int_equal(wb_pmf_crypto_psk_pmk("password", (const uint8_t *)"IEEE", 4, pmk), 0);
	hex("f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e", want, 32);
	assert_memory_equal(pmk, want, 32);
	assert_int_equal(wb_pmf_crypto_psk_pmk("ThisIsAPassword", (const uint8_t *)"ThisIsASSID",
					       11, pmk), 0);
	hex("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af", want, 32);
	assert_memory_equal(pmk, want, 32);
	assert_int_equal(wb_pmf_crypto_psk_pmk("short", (const uint8_t *)"IEEE", 4, pmk), -EINVAL);
	assert_int_equal(wb_pmf_crypto_psk_pmk("password", (const uint8_t *)"", 0, pmk), -EINVAL);
}

/* IEEE 802.11 J.3.2 PRF test vector 1 (HMAC-SHA1 based PRF-512). */
static void test_prf_sha1(void **state)
{
	uint8_t key[20], out[64], want[64];

	(void)state;
	memset(key, 0x0b, sizeof(key));
	assert_int_equal(wb_pmf_crypto_prf_sha1(key, 20, "prefix", (const uint8_t *)"Hi There",
						8, out, 64), 0);
	hex("bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee"
	    "75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a", want, 64);
	assert_memory_equal(out, want, 64);
}

/*
 * KDF-SHA256 (12.7.1.6.2) against an independent implementation of the definition
 * (Python hmac), key 00..1f, context 00..4b, 384 bits.
 */
static void test_kdf_sha256(void **state)
{
	uint8_t key[32], ctx[76], out[48], want[48];

	(void)state;
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 76; i++)
		ctx[i] = (uint8_t)i;
	assert_int_equal(wb_pmf_crypto_kdf_sha256(key, 32, "Pairwise key expansion", ctx, 76,
						  out, 48), 0);
	hex("ca5d2b63205753bc5b26c31a135d1fb964f1ce5d87062246c4da6433d5422ca1"
	    "9065f6c58c3da70e0756992606528f4d", want, 48);
	assert_memory_equal(out, want, 48);
}

/* RFC 3394 4.1 and 4.6. */
static void test_aes_unwrap(void **state)
{
	uint8_t kek[32], in[40], out[32], want[32];

	(void)state;
	hex("000102030405060708090a0b0c0d0e0f", kek, 16);
	hex("1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5", in, 24);
	hex("00112233445566778899aabbccddeeff", want, 16);
	assert_int_equal(wb_pmf_crypto_aes_unwrap(kek, 16, in, 24, out), 0);
	assert_memory_equal(out, want, 16);
	in[5] ^= 1;  /* integrity check must catch a flipped bit */
	assert_int_equal(wb_pmf_crypto_aes_unwrap(kek, 16, in, 24, out), -EBADMSG);
	assert_int_equal(wb_pmf_crypto_aes_unwrap(kek, 16, in, 20, out), -EINVAL);
	assert_int_equal(wb_pmf_crypto_aes_unwrap(kek, 16, in, 16, out), -EINVAL);
	assert_int_equal(wb_pmf_crypto_aes_unwrap(kek, 24, in, 24, out), -EINVAL);

	hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", kek, 32);
	hex("28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43b"
	    "fb988b9b7a02dd21", in, 40);
	hex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f", want, 32);
	assert_int_equal(wb_pmf_crypto_aes_unwrap(kek, 32, in, 40, out), 0);
	assert_memory_equal(out, want, 32);
}

/* RFC 4493 examples 1 and 2. */
static void test_cmac(void **state)
{
	uint8_t key[16], msg[16], mac[16], want[16];

	(void)state;
	hex("2b7e151628aed2a6abf7158809cf4f3c", key, 16);
	assert_int_equal(wb_pmf_crypto_cmac(key, 16, NULL, 0, NULL, 0, mac), 0);
	hex("bb1d6929e95937287fa37d129b756746", want, 16);
	assert_memory_equal(mac, want, 16);
	hex("6bc1bee22e409f96e93d7e117393172a", msg, 16);
	/* Split across the two input buffers: the result must not depend on the split. */
	assert_int_equal(wb_pmf_crypto_cmac(key, 16, msg, 5, msg + 5, 11, mac), 0);
	hex("070a16b46b4d4144f79bdd9dd04a287c", want, 16);
	assert_memory_equal(mac, want, 16);
	assert_int_equal(wb_pmf_crypto_cmac(key, 15, msg, 16, NULL, 0, mac), -EINVAL);
}

/* IEEE 802.11-2012 M.9.1: BIP (AES-128-CMAC) over a broadcast deauthentication frame. */
static void test_bip_cmac_vector(void **state)
{
	uint8_t igtk[16], frame[44], mac[16], want[8];

	(void)state;
	hex("4ea9543e09cf2b1eca66ffc58bdecbcf", igtk, 16);
	/* Header, reason 2, MMIE key id 4, IPN 4, MIC zeroed. */
	hex("c0000000ffffffffffff020000000000020000000000090002004c100400"
	    "0400000000000000000000000000", frame, 44);
	/* AAD: FC (Retry/PwrMgt/MoreData masked) || A1 || A2 || A3. */
	uint8_t aad[20];
	memcpy(aad, frame, 2);
	memcpy(aad + 2, frame + 4, 18);
	assert_int_equal(wb_pmf_crypto_cmac(igtk, 16, aad, 20, frame + 24, 20, mac), 0);
	hex("48dfbfa7b8278872", want, 8);
	assert_memory_equal(mac, want, 8);
}

/* IEEE 802.11-2012 M.6.4: CCMP test vector (nonce and AAD as the annex lists them). */
static void test_ccmp_vector(void **state)
{
	uint8_t tk[16], aad[22], nonce[13], ct[28], pt[20], want[20];

	(void)state;
	hex("c97c1f67ce371185514a8a19f2bdd52f", tk, 16);
	hex("08400fd2e128a57c5030f1844408abaea5b8fcba0000", aad, 22);
	hex("005030f1844408b5039776e70c", nonce, 13);
	hex("f3d0a2fe9a3dbf2342a643e43246e80c3c04d0197845ce0b16f97623", ct, 28);
	hex("f8ba1a55d02f85ae967bb62fb6cda8eb7e78a050", want, 20);
	assert_int_equal(wb_pmf_crypto_aead_decrypt(WB_PMF_AEAD_CCM, tk, 16, nonce, aad, 22, ct,
						    20, ct + 20, 8, pt), 0);
	assert_memory_equal(pt, want, 20);
	ct[27] ^= 0x80;  /* a MIC bit */
	assert_int_equal(wb_pmf_crypto_aead_decrypt(WB_PMF_AEAD_CCM, tk, 16, nonce, aad, 22, ct,
						    20, ct + 20, 8, pt), -EBADMSG);
	ct[27] ^= 0x80;
	aad[4] ^= 1;     /* a header (AAD) bit */
	assert_int_equal(wb_pmf_crypto_aead_decrypt(WB_PMF_AEAD_CCM, tk, 16, nonce, aad, 22, ct,
						    20, ct + 20, 8, pt), -EBADMSG);
	assert_int_equal(wb_pmf_crypto_aead_decrypt(WB_PMF_AEAD_GCM, tk, 16, nonce, aad, 22, ct,
						    20, ct + 20, 8, pt), -EINVAL);
}

/* NIST GCM test case 3 (AES-128): exercises the GCMP path of the AEAD helper. */
static void test_gcm_vector(void **state)
{
	uint8_t key[16], iv[12], ct[64], tag[16], pt[64], want[64];

	(void)state;
	hex("feffe9928665731c6d6a8f9467308308", key, 16);
	hex("cafebabefacedbaddecaf888", iv, 12);
	hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
	    "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985", ct, 64);
	hex("4d5c2af327cd64a62cf35abd2ba6fab4", tag, 16);
	hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255", want, 64);
	assert_int_equal(wb_pmf_crypto_aead_decrypt(WB_PMF_AEAD_GCM, key, 16, iv, NULL, 0, ct,
						    64, tag, 16, pt), 0);
	assert_memory_equal(pt, want, 64);
	tag[0] ^= 1;
	assert_int_equal(wb_pmf_crypto_aead_decrypt(WB_PMF_AEAD_GCM, key, 16, iv, NULL, 0, ct,
						    64, tag, 16, pt), -EBADMSG);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psk_pmk),
		cmocka_unit_test(test_prf_sha1),
		cmocka_unit_test(test_kdf_sha256),
		cmocka_unit_test(test_aes_unwrap),
		cmocka_unit_test(test_cmac),
		cmocka_unit_test(test_bip_cmac_vector),
		cmocka_unit_test(test_ccmp_vector),
		cmocka_unit_test(test_gcm_vector),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
