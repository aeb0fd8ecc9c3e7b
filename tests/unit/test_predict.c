/* Predictions on synthetic capabilities: which profiles fail, why, and the remedy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include <linux/nl80211.h>

#include "tests/unit/wbt_caps.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/wifi/drivers.h"
#include "wbench/diag/predict.h"
#include "wbench/wifi/security.h"

static const char rt2800soc_remedy[] =
	"no BIP cipher; reload rt2800soc with nohwcrypt=1, or on OpenWrt put "
	"`rt2800soc nohwcrypt=1` in /etc/modules.d/rt2800-soc";

static void predict(const struct wb_capabilities *c, const struct wb_driver *d,
		    enum wb_crypto_mode mode, const struct wb_hwsim_profile *sim,
		    const char *profile, struct wb_prediction *out)
{
	struct wb_predict_input in = { .caps = c, .driver = d, .mode = mode, .sim = sim };
	const struct wb_security *s = wb_security_find(profile);

	assert_non_null(s);
	wb_predict(&in, s, out);
	assert_ptr_equal(out->profile, s);
}

static void test_rt2800_hw_mode(void **state)
{
	static const char *const fails[] = { "owe", "psk2+pmf", "psk2+pmf-required", "sae",
					     "sae-mixed" };
	static const char *const oks[] = { "none", "psk2" };
	const struct wb_driver *d = wb_driver_find("rt2800soc");
	struct wb_capabilities c;
	struct wb_prediction p;
	size_t i;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "rt2800_wmac", "rt2800soc");
	assert_non_null(d);
	for (i = 0; i < sizeof(fails) / sizeof(fails[0]); i++) {
		predict(&c, d, WB_CRYPTO_HW, NULL, fails[i], &p);
		assert_int_equal(p.verdict, WB_VERDICT_WILL_FAIL);
		assert_string_equal(p.code, WB_PREDICT_NO_BIP);
		assert_non_null(strstr(p.reason, "no BIP cipher (AES-128-CMAC) advertised"));
		assert_string_equal(p.remedy, rt2800soc_remedy);
	}
	for (i = 0; i < sizeof(oks) / sizeof(oks[0]); i++) {
		predict(&c, d, WB_CRYPTO_HW, NULL, oks[i], &p);
		assert_int_equal(p.verdict, WB_VERDICT_OK);
		assert_null(p.code);
		assert_string_equal(p.reason, "");
		assert_string_equal(p.remedy, "");
	}
	/* An unreadable parameter gets the same advice: hardware mode is the default. */
	predict(&c, d, WB_CRYPTO_UNKNOWN, NULL, "sae", &p);
	assert_string_equal(p.remedy, rt2800soc_remedy);
}

static void test_full_set_all_ok(void **state)
{
	struct wb_capabilities c;
	struct wb_prediction p;
	const struct wb_security *all;
	size_t n, i;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_full_ciphers, 11, "rt2800_wmac", "rt2800soc");
	all = wb_security_all(&n);
	for (i = 0; i < n; i++) {
		predict(&c, wb_driver_find("rt2800soc"), WB_CRYPTO_SW, NULL, all[i].name, &p);
		assert_int_equal(p.verdict, WB_VERDICT_OK);
	}
}

static void test_already_software(void **state)
{
	struct wb_capabilities c;
	struct wb_prediction p;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "rt2800_wmac", "rt2800soc");
	predict(&c, wb_driver_find("rt2800soc"), WB_CRYPTO_SW, NULL, "sae", &p);
	assert_string_equal(p.code, WB_PREDICT_NO_BIP);
	assert_non_null(strstr(p.remedy, "already in software crypto mode"));
	assert_null(strstr(p.remedy, "reload rt2800soc"));
}

static void test_switch_removes_pmf_or_none(void **state)
{
	struct wb_capabilities c;
	struct wb_prediction p;
	size_t n, i;
	const struct wb_driver *all = wb_drivers_all(&n), *dvm = NULL;

	(void)state;
	for (i = 0; i < n; i++)
		if (all[i].opmode && strcmp(all[i].opmode, "iwldvm") == 0)
			dvm = &all[i];
	assert_non_null(dvm);
	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "iwlwifi", "iwlwifi");
	predict(&c, dvm, WB_CRYPTO_HW, NULL, "psk2+pmf", &p);
	assert_string_equal(p.code, WB_PREDICT_NO_BIP);
	assert_non_null(strstr(p.remedy, "removes PMF"));
	assert_null(strstr(p.remedy, "reload"));

	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "rt61pci", "rt61pci");
	predict(&c, wb_driver_find("rt61pci"), WB_CRYPTO_HW, NULL, "sae", &p);
	assert_non_null(strstr(p.remedy, "supports no PMF"));

	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "wcn36xx", "wcn36xx");
	predict(&c, wb_driver_find("wcn36xx"), WB_CRYPTO_UNKNOWN, NULL, "sae", &p);
	assert_non_null(strstr(p.remedy, "wcn36xx has no crypto switch"));

	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "foo_wifi", "foo_wifi");
	predict(&c, NULL, WB_CRYPTO_UNKNOWN, NULL, "sae", &p);
	assert_non_null(strstr(p.remedy, "foo_wifi is not in wbench's driver table"));
}

static void test_sim_radio(void **state)
{
	const struct wb_hwsim_profile *rt = wb_hwsim_profile_find("rt2800");
	struct wb_capabilities c;
	struct wb_prediction p;

	(void)state;
	wbt_caps_init(&c, "ap0", wbt_rt2800_ciphers, 4, "mac80211_hwsim", "mac80211_hwsim");
	predict(&c, wb_driver_find("mac80211_hwsim"), WB_CRYPTO_UNKNOWN, rt, "sae-mixed", &p);
	assert_string_equal(p.code, WB_PREDICT_NO_BIP);
	assert_non_null(strstr(p.remedy, "this sim radio models rt2800soc"));
	assert_non_null(strstr(p.remedy, "'wbench sim radio add ap0 --profile full'"));
	/* ... and the advice for the real hardware it stands for */
	assert_non_null(strstr(p.remedy, rt2800soc_remedy + strlen("no BIP cipher; ")));

	/* A hwsim radio with a list no profile matches: only the sim advice. */
	predict(&c, wb_driver_find("mac80211_hwsim"), WB_CRYPTO_UNKNOWN, NULL, "sae", &p);
	assert_non_null(strstr(p.remedy, "--profile full"));
	assert_null(strstr(p.remedy, "rt2800soc"));
}

static void test_fullmac_sae(void **state)
{
	struct wb_capabilities c;
	struct wb_prediction p;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_full_ciphers, 11, "brcmfmac", "brcmfmac");
	c.ap_sme = true;
	predict(&c, wb_driver_find("brcmfmac"), WB_CRYPTO_UNKNOWN, NULL, "sae", &p);
	assert_int_equal(p.verdict, WB_VERDICT_WILL_FAIL);
	assert_string_equal(p.code, WB_PREDICT_SAE_UNSUPPORTED);
	predict(&c, wb_driver_find("brcmfmac"), WB_CRYPTO_UNKNOWN, NULL, "sae-mixed", &p);
	assert_string_equal(p.code, WB_PREDICT_SAE_UNSUPPORTED);
	predict(&c, wb_driver_find("brcmfmac"), WB_CRYPTO_UNKNOWN, NULL, "psk2+pmf", &p);
	assert_int_equal(p.verdict, WB_VERDICT_OK);
	c.sae_offload_ap = true;
	predict(&c, wb_driver_find("brcmfmac"), WB_CRYPTO_UNKNOWN, NULL, "sae", &p);
	assert_int_equal(p.verdict, WB_VERDICT_OK);
}

static void test_no_ap_mode(void **state)
{
	const struct wb_security *all;
	struct wb_capabilities c;
	struct wb_prediction p;
	size_t n, i;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_full_ciphers, 11, "iwl4965", "iwl4965");
	c.iftypes = 1u << NL80211_IFTYPE_STATION | 1u << NL80211_IFTYPE_ADHOC;
	all = wb_security_all(&n);
	for (i = 0; i < n; i++) {
		predict(&c, wb_driver_find("iwl4965"), WB_CRYPTO_HW, NULL, all[i].name, &p);
		assert_int_equal(p.verdict, WB_VERDICT_WILL_FAIL);
		assert_string_equal(p.code, WB_PREDICT_NO_AP_MODE);
		assert_non_null(strstr(p.reason, "ibss, station"));
	}
}

static void test_no_ccmp(void **state)
{
	static const uint32_t tkip_only[] = { WB_CIPHER_TKIP };
	struct wb_capabilities c;
	struct wb_prediction p;

	(void)state;
	wbt_caps_init(&c, "phy0", tkip_only, 1, NULL, NULL);
	predict(&c, NULL, WB_CRYPTO_UNKNOWN, NULL, "psk2", &p);
	assert_string_equal(p.code, WB_PREDICT_NO_CCMP);
	predict(&c, NULL, WB_CRYPTO_UNKNOWN, NULL, "none", &p);
	assert_int_equal(p.verdict, WB_VERDICT_OK);
}

static void test_json(void **state)
{
	struct wb_capabilities c;
	struct wb_prediction p;
	json_t *j;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "rt2800_wmac", "rt2800soc");
	predict(&c, wb_driver_find("rt2800soc"), WB_CRYPTO_HW, NULL, "sae", &p);
	j = wb_prediction_to_json(&p);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "verdict")), "will_fail");
	assert_string_equal(json_string_value(json_object_get(j, "code")), "no_bip_cipher");
	assert_string_equal(json_string_value(json_object_get(j, "remedy")), rt2800soc_remedy);
	json_decref(j);
	predict(&c, wb_driver_find("rt2800soc"), WB_CRYPTO_HW, NULL, "psk2", &p);
	j = wb_prediction_to_json(&p);
	assert_string_equal(json_string_value(json_object_get(j, "verdict")), "ok");
	assert_true(json_is_null(json_object_get(j, "code")));
	assert_true(json_is_null(json_object_get(j, "remedy")));
	json_decref(j);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rt2800_hw_mode),
		cmocka_unit_test(test_full_set_all_ok),
		cmocka_unit_test(test_already_software),
		cmocka_unit_test(test_switch_removes_pmf_or_none),
		cmocka_unit_test(test_sim_radio),
		cmocka_unit_test(test_fullmac_sae),
		cmocka_unit_test(test_no_ap_mode),
		cmocka_unit_test(test_no_ccmp),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
