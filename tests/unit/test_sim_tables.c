/* hwsim profiles, name validation, interface type names and option parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "tests/unit/wbt_caps.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/cli/cliarg.h"
#include "wbench/wifi/drivers.h"
#include "wbench/sys/hwsim.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

static void test_profiles(void **state)
{
	const struct wb_hwsim_profile *p, *all;
	size_t n, i, k;

	(void)state;
	all = wb_hwsim_profiles(&n);
	assert_int_equal(n, 4);
	p = wb_hwsim_profile_find("full");
	assert_non_null(p);
	assert_null(p->ciphers);  /* no attribute: mac80211's own list */
	p = wb_hwsim_profile_find("rt2800");
	assert_non_null(p);
	assert_int_equal(p->n_ciphers, 4);
	assert_memory_equal(p->ciphers, wbt_rt2800_ciphers, sizeof(wbt_rt2800_ciphers));
	assert_string_equal(p->real_module, "rt2800soc");
	p = wb_hwsim_profile_find("mt7915");
	assert_non_null(p);
	for (k = 0, i = 0; i < p->n_ciphers; i++)
		k += p->ciphers[i] == WB_CIPHER_BIP_CMAC_128;
	assert_int_equal(k, 1);
	assert_null(wb_hwsim_profile_find("RT2800"));
	assert_null(wb_hwsim_profile_find(NULL));
	/* every profile that names real hardware names a row of the driver table */
	for (i = 0; i < n; i++)
		if (all[i].real_module)
			assert_non_null(wb_driver_find(all[i].real_module));
}

static void test_profile_guess(void **state)
{
	static const uint32_t reordered[] = { WB_CIPHER_CCMP_128, WB_CIPHER_TKIP,
					      WB_CIPHER_WEP104, WB_CIPHER_WEP40 };
	static const uint32_t custom[] = { WB_CIPHER_CCMP_128 };
	const struct wb_hwsim_profile *mt = wb_hwsim_profile_find("mt7915");

	(void)state;
	assert_string_equal(wb_hwsim_profile_guess(wbt_rt2800_ciphers, 4)->name, "rt2800");
	assert_string_equal(wb_hwsim_profile_guess(reordered, 4)->name, "rt2800");
	assert_string_equal(wb_hwsim_profile_guess(wbt_full_ciphers, 11)->name, "full");
	assert_string_equal(wb_hwsim_profile_guess(mt->ciphers, mt->n_ciphers)->name, "mt7915");
	assert_null(wb_hwsim_profile_guess(custom, 1));
	assert_null(wb_hwsim_profile_guess(wbt_full_ciphers, 10));
}

static void test_names(void **state)
{
	(void)state;
	assert_true(wb_hwsim_name_valid("ap0"));
	assert_true(wb_hwsim_name_valid("rt2800_ap-1"));
	assert_true(wb_hwsim_name_valid("phy"));
	assert_true(wb_hwsim_name_valid("phyX"));
	assert_false(wb_hwsim_name_valid("phy7"));   /* cfg80211's own naming */
	assert_false(wb_hwsim_name_valid(""));
	assert_false(wb_hwsim_name_valid("-x"));
	assert_false(wb_hwsim_name_valid("a/b"));
	assert_false(wb_hwsim_name_valid("a b"));
	assert_false(wb_hwsim_name_valid("0123456789012345678901234567890123"));
	assert_false(wb_hwsim_name_valid(NULL));

	assert_true(wb_netns_name_valid("ap"));
	assert_true(wb_netns_name_valid("wbench.ap-1"));
	assert_false(wb_netns_name_valid(".."));
	assert_false(wb_netns_name_valid("a/b"));
	assert_false(wb_netns_name_valid(""));
}

static void test_netns_path(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(wb_netns_path("ap", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "/run/netns/ap");
	assert_int_equal(wb_netns_path("../etc", buf, sizeof(buf)), -EINVAL);
	assert_int_equal(wb_netns_path("abcdefghijklmnopqrstuvwxyz", buf, sizeof(buf)),
			 -ENAMETOOLONG);
	assert_false(wb_netns_exists("wbench-test-surely-absent"));
}

static void test_iftypes(void **state)
{
	enum nl80211_iftype t;

	(void)state;
	assert_string_equal(wb_nl80211_iftype_name(NL80211_IFTYPE_AP), "ap");
	assert_string_equal(wb_nl80211_iftype_name(NL80211_IFTYPE_STATION), "station");
	assert_null(wb_nl80211_iftype_name(31));
	assert_int_equal(wb_nl80211_iftype_parse("managed", &t), 0);
	assert_int_equal(t, NL80211_IFTYPE_STATION);
	assert_int_equal(wb_nl80211_iftype_parse("AP", &t), 0);
	assert_int_equal(t, NL80211_IFTYPE_AP);
	assert_int_equal(wb_nl80211_iftype_parse("bridge", &t), -EINVAL);
}

static void test_cliarg(void **state)
{
	char *argv[] = { (char *)"x", (char *)"--netns", (char *)"ap", (char *)"--netns=sta",
			 (char *)"--netnsx", (char *)"--netns=", (char *)"--netns" };
	const char *v = NULL;
	int i;

	(void)state;
	i = 1;
	assert_int_equal(wb_cliarg_value(7, argv, &i, "--netns", &v), 1);
	assert_string_equal(v, "ap");
	assert_int_equal(i, 2);
	i = 3;
	assert_int_equal(wb_cliarg_value(7, argv, &i, "--netns", &v), 1);
	assert_string_equal(v, "sta");
	assert_int_equal(i, 3);
	i = 4;
	assert_int_equal(wb_cliarg_value(7, argv, &i, "--netns", &v), 0);
	i = 5;
	assert_int_equal(wb_cliarg_value(7, argv, &i, "--netns", &v), -EINVAL);
	i = 6;
	assert_int_equal(wb_cliarg_value(7, argv, &i, "--netns", &v), -EINVAL);
	assert_true(wb_cliarg_is_help("-h"));
	assert_true(wb_cliarg_is_help("--help"));
	assert_false(wb_cliarg_is_help("help"));
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_profile_guess),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_netns_path),
		cmocka_unit_test(test_iftypes),
		cmocka_unit_test(test_cliarg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
