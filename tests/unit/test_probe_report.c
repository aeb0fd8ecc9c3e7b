/* The probe report of one phy (JSON and text) from synthetic capabilities and sysfs fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "tests/unit/wbt_caps.h"
#include "wbench/diag/probe.h"

static const char *pred_field(json_t *phy, const char *profile, const char *field)
{
	json_t *v = json_object_get(json_object_get(json_object_get(phy, "predictions"), profile),
				    field);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void test_rt2800soc_hw(void **state)
{
	static const char *const ciphers[] = { "WEP-40", "WEP-104", "TKIP", "CCMP-128" };
	struct wb_capabilities c;
	struct wb_probe_phy p;
	json_t *j, *sw, *arr;
	size_t i;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "rt2800_wmac", "rt2800soc");
	wb_probe_phy_init(&p, &c, WBT_SYSFS);
	assert_string_equal(p.param_raw, "N");
	assert_int_equal(p.mode, WB_CRYPTO_HW);
	assert_null(p.sim);
	assert_int_equal(p.n_predictions, 7);

	j = wb_probe_phy_to_json(&p);
	assert_non_null(j);
	arr = json_object_get(j, "ciphers");
	assert_int_equal(json_array_size(arr), 4);
	for (i = 0; i < 4; i++)
		assert_string_equal(json_string_value(json_array_get(arr, i)), ciphers[i]);
	assert_true(json_is_false(json_object_get(j, "bip_supported")));
	assert_true(json_is_false(json_object_get(j, "beacon_protection")));
	assert_true(json_is_null(json_object_get(j, "sim_profile")));
	sw = json_object_get(j, "crypto_switch");
	assert_string_equal(json_string_value(json_object_get(sw, "module")), "rt2800soc");
	assert_string_equal(json_string_value(json_object_get(sw, "param")), "nohwcrypt");
	assert_string_equal(json_string_value(json_object_get(sw, "value")), "N");
	assert_string_equal(json_string_value(json_object_get(sw, "mode")), "hwcrypt");
	assert_string_equal(json_string_value(json_object_get(sw, "openwrt_modules_d")),
			    "rt2800-soc");
	assert_string_equal(pred_field(j, "sae", "verdict"), "will_fail");
	assert_string_equal(pred_field(j, "sae", "code"), "no_bip_cipher");
	assert_string_equal(pred_field(j, "sae", "remedy"),
			    "no BIP cipher; reload rt2800soc with nohwcrypt=1, or on OpenWrt put "
			    "`rt2800soc nohwcrypt=1` in /etc/modules.d/rt2800-soc");
	assert_string_equal(pred_field(j, "psk2", "verdict"), "ok");
	assert_string_equal(pred_field(j, "none", "verdict"), "ok");
	assert_string_equal(pred_field(j, "sae-mixed", "verdict"), "will_fail");
	json_decref(j);
}

static void test_hwsim_radio(void **state)
{
	struct wb_capabilities c;
	struct wb_probe_phy p[2];
	json_t *doc, *phys;

	(void)state;
	wbt_caps_init(&c, "rt", wbt_rt2800_ciphers, 4, "mac80211_hwsim", "mac80211_hwsim");
	wb_probe_phy_init(&p[0], &c, WBT_SYSFS);
	wbt_caps_init(&c, "fu", wbt_full_ciphers, 11, "mac80211_hwsim", "mac80211_hwsim");
	wb_probe_phy_init(&p[1], &c, WBT_SYSFS);
	assert_string_equal(p[0].sim->name, "rt2800");
	assert_string_equal(p[1].sim->name, "full");

	doc = wb_probe_to_json(p, 2);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")), "wbench-probe/1");
	phys = json_object_get(doc, "phys");
	assert_int_equal(json_array_size(phys), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(phys, 0),
							      "sim_profile")), "rt2800");
	assert_true(json_is_null(json_object_get(json_array_get(phys, 0), "crypto_switch")));
	assert_non_null(strstr(pred_field(json_array_get(phys, 0), "sae", "remedy"),
			       "--profile full"));
	assert_string_equal(pred_field(json_array_get(phys, 1), "sae", "verdict"), "ok");
	assert_true(json_is_true(json_object_get(json_array_get(phys, 1), "bip_supported")));
	assert_true(json_is_true(json_object_get(json_array_get(phys, 1), "beacon_protection")));
	json_decref(doc);
}

static void test_text(void **state)
{
	struct wb_capabilities c;
	struct wb_probe_phy p;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	wbt_caps_init(&c, "phy0", wbt_rt2800_ciphers, 4, "rt2800_wmac", "rt2800soc");
	wb_probe_phy_init(&p, &c, WBT_SYSFS);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	wb_probe_phy_print(&p, f);
	fclose(f);
	assert_non_null(strstr(buf, "driver rt2800_wmac, module rt2800soc"));
	assert_non_null(strstr(buf, "ciphers            WEP-40 WEP-104 TKIP CCMP-128\n"));
	assert_non_null(strstr(buf, "BIP (PMF)          no\n"));
	assert_non_null(strstr(buf, "crypto switch      rt2800soc nohwcrypt=N (hwcrypt)\n"));
	assert_non_null(strstr(buf, "    sae                will_fail  no_bip_cipher\n"));
	assert_non_null(strstr(buf, "    psk2               ok\n"));
	free(buf);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rt2800soc_hw),
		cmocka_unit_test(test_hwsim_radio),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
