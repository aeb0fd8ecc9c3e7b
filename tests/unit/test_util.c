#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/wifi/ciphers.h"
#include "wbench/wifi/crypto_mode.h"
#include "wbench/wifi/security.h"
#include "wbench/lib/util.h"

static void test_parse_uint(void **state)
{
	unsigned long v;

	(void)state;
	assert_int_equal(wb_parse_uint("42", 1, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(wb_parse_uint("0", 1, 100, &v), -ERANGE);
	assert_int_equal(wb_parse_uint("101", 1, 100, &v), -ERANGE);
	assert_int_equal(wb_parse_uint("4x", 1, 100, &v), -EINVAL);
	assert_int_equal(wb_parse_uint("-4", 0, 100, &v), -EINVAL);
	assert_int_equal(wb_parse_uint("", 0, 100, &v), -EINVAL);
	assert_int_equal(wb_parse_uint("99999999999999999999999", 0, ~0UL, &v), -ERANGE);
}

static void test_hex(void **state)
{
	uint8_t b[3] = { 0x00, 0xab, 0xff }, o[3];
	char s[7];

	(void)state;
	wb_hex_encode(b, 3, s);
	assert_string_equal(s, "00abff");
	assert_int_equal(wb_hex_decode("00ABff", o, 3), 0);
	assert_memory_equal(o, b, 3);
	assert_int_equal(wb_hex_decode("00abf", o, 3), -EINVAL);
	assert_int_equal(wb_hex_decode("00abfg", o, 3), -EINVAL);
}

static void test_atomic_write(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test");
	char path[4096], *data = NULL;
	struct stat st;
	size_t len;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/f.json", dir);
	assert_int_equal(wb_write_file_atomic(path, "{}", 2, 0600), 0);
	assert_int_equal(wb_write_file_atomic(path, "{\"a\":1}", 7, 0600), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(wb_read_file(path, 1024, &data, &len), 0);
	assert_int_equal(len, 7);
	assert_string_equal(data, "{\"a\":1}");
	free(data);
	assert_int_equal(wb_read_file(path, 3, &data, &len), -EFBIG);
	assert_null(data);
	assert_int_equal(wb_rm_rf(dir), 0);
	assert_int_not_equal(stat(dir, &st), 0);
	free(dir);
}

static void test_ciphers(void **state)
{
	char buf[32];
	uint32_t s;

	(void)state;
	assert_string_equal(wb_cipher_name(WB_CIPHER_CCMP_128), "CCMP-128");
	assert_string_equal(wb_cipher_name(WB_CIPHER_BIP_CMAC_128), "BIP-CMAC-128");
	assert_null(wb_cipher_name(0x000FAC0Eu));
	assert_string_equal(wb_cipher_format(0x000FAC0Eu, buf, sizeof(buf)), "00-0f-ac:14");
	assert_int_equal(wb_cipher_from_name("bip-gmac-256", &s), 0);
	assert_int_equal(s, WB_CIPHER_BIP_GMAC_256);
	assert_int_equal(wb_cipher_from_name("CMAC", &s), -EINVAL);
	assert_true(wb_cipher_is_bip(WB_CIPHER_BIP_CMAC_256));
	assert_false(wb_cipher_is_bip(WB_CIPHER_CCMP_256));
}

static void test_security(void **state)
{
	const struct wb_security *s;
	size_t n;

	(void)state;
	wb_security_all(&n);
	assert_int_equal(n, 7);
	s = wb_security_find("sae");
	assert_non_null(s);
	assert_int_equal(s->ieee80211w, 2);
	assert_true(wb_security_needs_bip(s));
	assert_false(wb_security_needs_bip(wb_security_find("psk2")));
	assert_true(wb_security_needs_bip(wb_security_find("sae-mixed")));
	assert_null(wb_security_find("wpa3"));
}

/* One name table: indexed by the enum, NULL-terminated, and parse is its inverse. */
static void test_crypto_mode_names(void **state)
{
	enum wb_crypto_mode m = WB_CRYPTO_UNKNOWN;

	(void)state;
	assert_string_equal(wb_crypto_mode_name(WB_CRYPTO_HW), "hwcrypt");
	assert_string_equal(wb_crypto_mode_name(WB_CRYPTO_SW), "nohwcrypt");
	assert_string_equal(wb_crypto_mode_name(WB_CRYPTO_UNKNOWN), "unknown");
	assert_string_equal(wb_crypto_mode_name((enum wb_crypto_mode)WB_CRYPTO_MODES), "unknown");
	assert_null(wb_crypto_mode_names[WB_CRYPTO_MODES]);
	assert_int_equal(wb_crypto_mode_parse("nohwcrypt", &m), 0);
	assert_int_equal(m, WB_CRYPTO_SW);
	assert_int_equal(wb_crypto_mode_parse("hwcrypt", &m), 0);
	assert_int_equal(m, WB_CRYPTO_HW);
	assert_int_equal(wb_crypto_mode_parse("HWCRYPT", &m), -EINVAL);
	assert_int_equal(wb_crypto_mode_parse("unknown", &m), -EINVAL);
	assert_int_equal(wb_crypto_mode_parse(NULL, &m), -EINVAL);
	assert_int_equal(m, WB_CRYPTO_HW);
}

static void test_errbuf_set(void **state)
{
	char b[8] = "x";

	(void)state;
	assert_int_equal(wb_errbuf_set(b, sizeof(b), "%s %d", "abc", 12345), -EINVAL);
	assert_string_equal(b, "abc 123");
	assert_int_equal(wb_errbuf_set(NULL, 0, "%s", "nothing"), -EINVAL);
	assert_int_equal(wb_errbuf_set(b, 0, "%s", "nothing"), -EINVAL);
	assert_string_equal(b, "abc 123");
}

static void test_path_dir(void **state)
{
	char d[16];

	(void)state;
	assert_int_equal(wb_path_dir("/run/ctrl/wlan0", d, sizeof(d)), 0);
	assert_string_equal(d, "/run/ctrl");
	assert_int_equal(wb_path_dir("/a/b", d, sizeof(d)), 0);
	assert_string_equal(d, "/a");
	assert_int_equal(wb_path_dir("/sock", d, sizeof(d)), 0);
	assert_string_equal(d, "/");
	assert_int_equal(wb_path_dir("sock", d, sizeof(d)), 0);
	assert_string_equal(d, ".");
	assert_int_equal(wb_path_dir("/a/very/long/path/x", d, sizeof(d)), -ENAMETOOLONG);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_crypto_mode_names),
		cmocka_unit_test(test_errbuf_set),
		cmocka_unit_test(test_path_dir),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_ciphers),
		cmocka_unit_test(test_security),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
