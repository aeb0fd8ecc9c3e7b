/* The driver table: lookups, parameter reading (sysfs fixtures), and switch planning. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "tests/unit/wbt_caps.h"
#include "wbench/wifi/drivers.h"

static void test_lookup(void **state)
{
	const struct wb_driver *d;

	(void)state;
	d = wb_driver_find("rt2800soc");
	assert_non_null(d);
	assert_string_equal(d->param, "nohwcrypt");
	assert_int_equal(d->type, WB_DRIVER_PARAM_BOOL);
	assert_int_equal(d->method, WB_DRIVER_SWITCH_RELOAD);
	assert_string_equal(d->modules_d, "rt2800-soc");
	/* the SoC's platform driver is called rt2800_wmac */
	assert_ptr_equal(wb_driver_find_by_driver("rt2800_wmac"), d);
	assert_null(wb_driver_find("rt2800_wmac"));

	d = wb_driver_find("ath10k_pci");
	assert_non_null(d);
	assert_string_equal(wb_driver_param_module(d), "ath10k_core");
	assert_int_equal(d->method, WB_DRIVER_SWITCH_REPROBE);
	assert_int_equal(wb_driver_find("ath9k")->type, WB_DRIVER_PARAM_INT);

	/* no switch: mt76, rtw88 (a pattern row), FullMAC, hwsim */
	assert_false(wb_driver_has_switch(wb_driver_find("mt7915e")));
	d = wb_driver_find("rtw88_8822ce");
	assert_non_null(d);
	assert_false(wb_driver_has_switch(d));
	assert_ptr_equal(wb_driver_find_by_driver("rtw_8822ce"), d);
	assert_false(wb_driver_has_switch(wb_driver_find("brcmfmac")));
	assert_false(wb_driver_has_switch(wb_driver_find("mac80211_hwsim")));
	assert_false(wb_driver_has_switch(NULL));
	assert_null(wb_driver_find("nosuchdriver"));
	assert_null(wb_driver_find(""));
	assert_null(wb_driver_find(NULL));
}

static void test_lookup_iwlwifi_opmode(void **state)
{
	const struct wb_driver *d;

	(void)state;
	/* the fixture has iwldvm loaded */
	d = wb_driver_lookup("iwlwifi", "iwlwifi", WBT_SYSFS);
	assert_non_null(d);
	assert_string_equal(d->opmode, "iwldvm");
	assert_int_equal(d->mfp, WB_DRIVER_MFP_HW_ONLY);
	/* with no op-mode loaded: the neutral row */
	d = wb_driver_lookup("iwlwifi", "iwlwifi", "/nonexistent");
	assert_non_null(d);
	assert_null(d->opmode);
	/* a driver name alone is enough when the module is unknown (built in) */
	d = wb_driver_lookup("rt2800_wmac", "", WBT_SYSFS);
	assert_non_null(d);
	assert_string_equal(d->module, "rt2800soc");
}

static void test_param_parse_and_read(void **state)
{
	enum wb_crypto_mode m;
	char raw[8];

	(void)state;
	assert_int_equal(wb_driver_param_parse("Y\n"), WB_CRYPTO_SW);
	assert_int_equal(wb_driver_param_parse("N"), WB_CRYPTO_HW);
	assert_int_equal(wb_driver_param_parse("1\n"), WB_CRYPTO_SW);
	assert_int_equal(wb_driver_param_parse("0"), WB_CRYPTO_HW);
	assert_int_equal(wb_driver_param_parse("2"), WB_CRYPTO_UNKNOWN);
	assert_int_equal(wb_driver_param_parse("10"), WB_CRYPTO_UNKNOWN);
	assert_int_equal(wb_driver_param_parse(""), WB_CRYPTO_UNKNOWN);

	assert_int_equal(wb_driver_param_read(wb_driver_find("rt2800soc"), WBT_SYSFS, raw,
					      sizeof(raw), &m), 0);
	assert_string_equal(raw, "N");
	assert_int_equal(m, WB_CRYPTO_HW);
	/* the parameter lives in the core module */
	assert_int_equal(wb_driver_param_read(wb_driver_find("ath10k_pci"), WBT_SYSFS, raw,
					      sizeof(raw), &m), 0);
	assert_string_equal(raw, "1");
	assert_int_equal(m, WB_CRYPTO_SW);
	/* module not loaded */
	assert_int_equal(wb_driver_param_read(wb_driver_find("ath9k"), WBT_SYSFS, raw,
					      sizeof(raw), &m), -ENOENT);
	assert_int_equal(wb_driver_param_read(wb_driver_find("mt7915e"), WBT_SYSFS, raw,
					      sizeof(raw), &m), -ENOTSUP);
	assert_string_equal(wb_crypto_mode_name(WB_CRYPTO_HW), "hwcrypt");
	assert_string_equal(wb_crypto_mode_name(WB_CRYPTO_SW), "nohwcrypt");
}

static void assert_plan(const struct wb_driver_plan *p, const char *const *lines, size_t n)
{
	char buf[512];
	size_t i;

	assert_int_equal(p->n, n);
	for (i = 0; i < n; i++)
		assert_string_equal(wb_driver_step_format(&p->steps[i], buf, sizeof(buf)), lines[i]);
}

static void test_plan_reload(void **state)
{
	static const char *const to_sw[] = { "rmmod rt2800soc",
					     "modprobe rt2800soc nohwcrypt=1" };
	static const char *const to_hw[] = { "rmmod rt2800soc",
					     "modprobe rt2800soc nohwcrypt=0" };
	struct wb_driver_plan p;

	(void)state;
	assert_int_equal(wb_driver_plan_switch(wb_driver_find("rt2800soc"), "rt2800soc",
					       WB_CRYPTO_SW, "/sys", &p), 0);
	assert_plan(&p, to_sw, 2);
	/* the argv is what runs, word by word */
	assert_int_equal(p.steps[1].kind, WB_DRIVER_STEP_RUN);
	assert_int_equal(p.steps[1].argc, 3);
	assert_string_equal(p.steps[1].argv[0], "modprobe");
	assert_string_equal(p.steps[1].argv[1], "rt2800soc");
	assert_string_equal(p.steps[1].argv[2], "nohwcrypt=1");
	assert_int_equal(wb_driver_plan_switch(wb_driver_find("rt2800soc"), NULL, WB_CRYPTO_HW,
					       "/sys", &p), 0);
	assert_plan(&p, to_hw, 2);
}

static void test_plan_iwldvm(void **state)
{
	/* dependants first, one rmmod each (ubox's rmmod takes one module) */
	static const char *const lines[] = { "rmmod iwldvm", "rmmod iwlwifi",
					     "modprobe iwlwifi swcrypto=1" };
	const struct wb_driver *d = wb_driver_lookup("iwlwifi", "iwlwifi", WBT_SYSFS);
	struct wb_driver_plan p;

	(void)state;
	assert_int_equal(wb_driver_plan_switch(d, "iwlwifi", WB_CRYPTO_SW, "/sys", &p), 0);
	assert_plan(&p, lines, 3);
	assert_int_equal(p.steps[0].argc, 2);
}

static void test_plan_insmod_and_a_value_to_restore(void **state)
{
	/* OpenWrt: modprobe takes no options (real-labs.md §1.9) */
	static const char *const restore[] = { "rmmod rt2800soc", "insmod rt2800soc nohwcrypt=N" };
	static const char *const reprobe[] = {
		"write 2 > /sys/module/ath10k_core/parameters/cryptmode",
		"rmmod ath10k_pci", "insmod ath10k_pci" };
	const struct wb_driver_plan_opts o = { .loader = WB_DRIVER_LOADER_INSMOD };
	struct wb_driver_plan p;

	(void)state;
	assert_int_equal(wb_driver_plan_set(wb_driver_find("rt2800soc"), &o, "N", &p), 0);
	assert_plan(&p, restore, 2);
	assert_int_equal(p.mode, WB_CRYPTO_HW);
	assert_string_equal(p.value, "N");
	/* a value of neither mode is still restorable */
	assert_int_equal(wb_driver_plan_set(wb_driver_find("ath10k_pci"), &o, "2", &p), 0);
	assert_plan(&p, reprobe, 3);
	assert_int_equal(p.mode, WB_CRYPTO_UNKNOWN);
	/* nothing a command line could read as more than a value */
	assert_int_equal(wb_driver_plan_set(wb_driver_find("rt2800soc"), &o, "1 x", &p), -EINVAL);
	assert_int_equal(wb_driver_plan_set(wb_driver_find("rt2800soc"), &o, "-1", &p), -EINVAL);
	assert_int_equal(wb_driver_plan_set(wb_driver_find("rt2800soc"), &o, "", &p), -EINVAL);
	assert_int_equal(wb_driver_plan_set(wb_driver_find("rt2800soc"), NULL, "12345678", &p),
			 -EINVAL);
	assert_int_equal(wb_driver_plan_set(wb_driver_find("mt7915e"), NULL, "1", &p), -ENOTSUP);
}

static void test_plan_reprobe(void **state)
{
	static const char *const lines[] = {
		"write 1 > /sys/module/ath11k/parameters/crypto_mode",
		"rmmod ath11k_ahb", "modprobe ath11k_ahb" };
	struct wb_driver_plan p;

	(void)state;
	assert_int_equal(wb_driver_plan_switch(wb_driver_find("ath11k_ahb"), "ath11k_ahb",
					       WB_CRYPTO_SW, "/sys", &p), 0);
	assert_plan(&p, lines, 3);
	assert_int_equal(p.steps[0].kind, WB_DRIVER_STEP_WRITE);
	assert_string_equal(p.steps[0].path, "/sys/module/ath11k/parameters/crypto_mode");
	assert_string_equal(p.steps[0].value, "1");
}

static void test_plan_refused(void **state)
{
	struct wb_driver_plan p;

	(void)state;
	assert_int_equal(wb_driver_plan_switch(wb_driver_find("mt7915e"), NULL, WB_CRYPTO_SW,
					       "/sys", &p), -ENOTSUP);
	assert_int_equal(wb_driver_plan_switch(NULL, NULL, WB_CRYPTO_SW, "/sys", &p), -ENOTSUP);
	assert_int_equal(wb_driver_plan_switch(wb_driver_find("rt2800soc"), NULL,
					       WB_CRYPTO_UNKNOWN, "/sys", &p), -EINVAL);
	assert_int_equal(p.n, 0);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_lookup_iwlwifi_opmode),
		cmocka_unit_test(test_param_parse_and_read),
		cmocka_unit_test(test_plan_reload),
		cmocka_unit_test(test_plan_iwldvm),
		cmocka_unit_test(test_plan_insmod_and_a_value_to_restore),
		cmocka_unit_test(test_plan_reprobe),
		cmocka_unit_test(test_plan_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
