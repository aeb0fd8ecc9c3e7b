/* nl80211 wiphy parsing (synthetic split-dump messages) and sysfs fixture reading. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include <linux/nl80211.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "collectors/capabilities.h"
#include "tests/unit/wbt_caps.h"
#include "wbench/wifi/ciphers.h"

/* A NEW_WIPHY message as the kernel sends it, starting with index and name. */
static struct nl_msg *wiphy_msg(uint32_t index, const char *name)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 0, 0x1c, 0, 0, NL80211_CMD_NEW_WIPHY, 1));
	assert_int_equal(nla_put_u32(m, NL80211_ATTR_WIPHY, index), 0);
	if (name)
		assert_int_equal(nla_put_string(m, NL80211_ATTR_WIPHY_NAME, name), 0);
	return m;
}

static void merge(struct nl_msg *m, struct wb_capabilities **list, size_t *n)
{
	assert_int_equal(wb_capabilities_merge_msg(m, list, n), 0);
	nlmsg_free(m);
}

static void test_split_dump_merge(void **state)
{
	static const uint32_t suites[] = { WB_CIPHER_WEP40, WB_CIPHER_CCMP_128,
					   WB_CIPHER_BIP_CMAC_128, 0x000FAC0Eu };
	struct wb_capabilities *list = NULL;
	uint8_t ext[16] = { 0 };
	struct nlattr *nest;
	struct nl_msg *m;
	size_t n = 0;

	(void)state;
	/* part 1: interface types and feature flags */
	m = wiphy_msg(3, "rt");
	nest = nla_nest_start(m, NL80211_ATTR_SUPPORTED_IFTYPES);
	assert_int_equal(nla_put_flag(m, NL80211_IFTYPE_AP), 0);
	assert_int_equal(nla_put_flag(m, NL80211_IFTYPE_STATION), 0);
	nla_nest_end(m, nest);
	assert_int_equal(nla_put_u32(m, NL80211_ATTR_FEATURE_FLAGS, NL80211_FEATURE_SAE), 0);
	merge(m, &list, &n);
	/* part 2 (another wiphy in between must not mix with it) */
	m = wiphy_msg(5, "phy5");
	assert_int_equal(nla_put_u32(m, NL80211_ATTR_DEVICE_AP_SME, 0), 0);
	merge(m, &list, &n);
	/* part 3: ciphers */
	m = wiphy_msg(3, "rt");
	assert_int_equal(nla_put(m, NL80211_ATTR_CIPHER_SUITES, sizeof(suites), suites), 0);
	merge(m, &list, &n);
	/* part 4: extended features, beacon protection only */
	ext[NL80211_EXT_FEATURE_BEACON_PROTECTION / 8] |=
		(uint8_t)(1u << (NL80211_EXT_FEATURE_BEACON_PROTECTION % 8));
	m = wiphy_msg(3, "rt");
	assert_int_equal(nla_put(m, NL80211_ATTR_EXT_FEATURES, sizeof(ext), ext), 0);
	merge(m, &list, &n);

	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "rt");
	assert_int_equal(list[0].index, 3);
	assert_int_equal(list[0].n_ciphers, 4);
	assert_true(wb_capabilities_iftype(&list[0], NL80211_IFTYPE_AP));
	assert_true(wb_capabilities_iftype(&list[0], NL80211_IFTYPE_STATION));
	assert_false(wb_capabilities_iftype(&list[0], NL80211_IFTYPE_MONITOR));
	assert_true(list[0].feature_sae);
	assert_true(list[0].beacon_prot);
	assert_false(list[0].beacon_prot_client);
	assert_false(list[0].sae_offload_ap);
	assert_false(list[0].ap_sme);
	assert_true(wb_capabilities_bip(&list[0]));
	assert_true(wb_capabilities_beacon_protection(&list[0]));
	assert_string_equal(list[1].name, "phy5");
	assert_true(list[1].ap_sme);
	assert_int_equal(list[1].n_ciphers, 0);
	assert_false(wb_capabilities_bip(&list[1]));
	free(list);
}

static void test_malformed_ignored(void **state)
{
	static const uint8_t six[6] = { 1, 2, 3, 4, 5, 6 };
	struct wb_capabilities *list = NULL;
	struct nl_msg *m;
	size_t n = 0;

	(void)state;
	/* a cipher list that is not a whole number of u32 */
	m = wiphy_msg(1, "bad");
	assert_int_equal(nla_put(m, NL80211_ATTR_CIPHER_SUITES, sizeof(six), six), 0);
	merge(m, &list, &n);
	/* an index of the wrong size */
	m = nlmsg_alloc();
	assert_non_null(genlmsg_put(m, 0, 0, 0x1c, 0, 0, NL80211_CMD_NEW_WIPHY, 1));
	assert_int_equal(nla_put_u16(m, NL80211_ATTR_WIPHY, 2), 0);
	merge(m, &list, &n);
	/* no index at all */
	m = nlmsg_alloc();
	assert_non_null(genlmsg_put(m, 0, 0, 0x1c, 0, 0, NL80211_CMD_NEW_WIPHY, 1));
	assert_int_equal(nla_put_string(m, NL80211_ATTR_WIPHY_NAME, "anon"), 0);
	merge(m, &list, &n);
	/* a name that is not NUL-terminated */
	m = wiphy_msg(4, NULL);
	assert_int_equal(nla_put(m, NL80211_ATTR_WIPHY_NAME, 3, "abc"), 0);
	merge(m, &list, &n);
	assert_int_equal(n, 0);
	assert_null(list);
}

static void test_json_cipher_names(void **state)
{
	static const uint32_t suites[] = { WB_CIPHER_WEP104, WB_CIPHER_GCMP_256,
					   WB_CIPHER_BIP_GMAC_128, 0x000FAC0Eu };
	struct wb_capabilities c;
	json_t *j, *ciphers, *iftypes;

	(void)state;
	wbt_caps_init(&c, "phy0", suites, 4, "rt2800_wmac", "");
	j = wb_capabilities_to_json(&c);
	assert_non_null(j);
	ciphers = json_object_get(j, "ciphers");
	assert_int_equal(json_array_size(ciphers), 4);
	assert_string_equal(json_string_value(json_array_get(ciphers, 0)), "WEP-104");
	assert_string_equal(json_string_value(json_array_get(ciphers, 1)), "GCMP-256");
	assert_string_equal(json_string_value(json_array_get(ciphers, 2)), "BIP-GMAC-128");
	assert_string_equal(json_string_value(json_array_get(ciphers, 3)), "00-0f-ac:14");
	/* BIP-GMAC alone is not hostapd's default group management cipher */
	assert_true(json_is_false(json_object_get(j, "bip_supported")));
	assert_true(json_is_false(json_object_get(j, "beacon_protection")));
	assert_string_equal(json_string_value(json_object_get(j, "driver")), "rt2800_wmac");
	assert_true(json_is_null(json_object_get(j, "module")));
	iftypes = json_object_get(j, "iftypes");
	assert_int_equal(json_array_size(iftypes), 3);
	assert_string_equal(json_string_value(json_array_get(iftypes, 0)), "station");
	assert_string_equal(json_string_value(json_array_get(iftypes, 1)), "ap");
	assert_string_equal(json_string_value(json_array_get(iftypes, 2)), "monitor");
	json_decref(j);
}

static void test_sysfs_fixture(void **state)
{
	struct wb_capabilities c;

	(void)state;
	wbt_caps_init(&c, "phy0", NULL, 0, "stale", "stale");
	assert_int_equal(wb_capabilities_read_sysfs(&c, WBT_SYSFS), 0);
	assert_string_equal(c.driver, "rt2800_wmac");
	assert_string_equal(c.module, "rt2800soc");

	wbt_caps_init(&c, "rt", NULL, 0, NULL, NULL);
	assert_int_equal(wb_capabilities_read_sysfs(&c, WBT_SYSFS), 0);
	assert_string_equal(c.driver, "mac80211_hwsim");
	assert_string_equal(c.module, "mac80211_hwsim");

	/* a built-in driver has no module link */
	wbt_caps_init(&c, "phy3", NULL, 0, NULL, NULL);
	assert_int_equal(wb_capabilities_read_sysfs(&c, WBT_SYSFS), 0);
	assert_string_equal(c.driver, "brcmfmac");
	assert_string_equal(c.module, "");

	wbt_caps_init(&c, "phy9", NULL, 0, "stale", "stale");
	assert_int_equal(wb_capabilities_read_sysfs(&c, WBT_SYSFS), -ENOENT);
	assert_string_equal(c.driver, "");
	assert_string_equal(c.module, "");
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_dump_merge),
		cmocka_unit_test(test_malformed_ignored),
		cmocka_unit_test(test_json_cipher_names),
		cmocka_unit_test(test_sysfs_fixture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
