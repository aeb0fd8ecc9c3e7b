/*
 * The capabilities collector against a real phy. Needs a radio, so it only runs when
 * tests/vm/t_sim_probe.sh (inside the VM) passes one in; elsewhere only the argument
 * check runs.
 *   WBT_PHY     phy name            WBT_IFNAME  an interface of that phy
 *   WBT_NETNS   its namespace       WBT_PROFILE the sim profile it was made with
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "collectors/capabilities.h"
#include "wbench/sys/hwsim.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v)
		fail_msg("%s is not set", name);
	return v;
}

/* Run the collector through its whole life cycle and return its result. */
static json_t *collect(const struct wb_collector_cfg *cfg)
{
	const struct wb_collector_ops *ops = &wb_capabilities_ops;
	struct wb_collector *c = NULL;
	json_t *out = NULL;

	assert_int_equal(ops->open(cfg, &c), 0);
	assert_non_null(c);
	assert_int_equal(ops->poll_fd(c), -1);
	assert_int_equal(ops->start(c), 0);
	assert_int_equal(ops->stop(c), 0);
	assert_int_equal(ops->result(c, &out), 0);
	ops->close(c);
	assert_non_null(out);
	return out;
}

static void check_phy(json_t *j, const char *phy, const char *profile)
{
	const struct wb_hwsim_profile *p = wb_hwsim_profile_find(profile);

	assert_non_null(p);
	assert_string_equal(json_string_value(json_object_get(j, "name")), phy);
	assert_string_equal(json_string_value(json_object_get(j, "driver")), "mac80211_hwsim");
	assert_string_equal(json_string_value(json_object_get(j, "module")), "mac80211_hwsim");
	if (p->ciphers)
		assert_int_equal(json_array_size(json_object_get(j, "ciphers")), p->n_ciphers);
	else
		assert_true(json_is_true(json_object_get(j, "bip_supported")));
}

static void test_by_phy(void **state)
{
	const char *phy = env("WBT_PHY"), *profile = env("WBT_PROFILE");
	struct wb_capabilities_cfg priv = { .phy = phy };
	struct wb_collector_cfg cfg = { .label = "ap", .netns = getenv("WBT_NETNS"),
					.priv = &priv };
	json_t *j;

	(void)state;
	j = collect(&cfg);
	check_phy(j, phy, profile);
	json_decref(j);
}

static void test_by_ifname(void **state)
{
	const char *phy = env("WBT_PHY"), *profile = env("WBT_PROFILE");
	struct wb_collector_cfg cfg = { .label = "ap", .netns = getenv("WBT_NETNS"),
					.ifname = env("WBT_IFNAME") };
	json_t *j;

	(void)state;
	j = collect(&cfg);
	check_phy(j, phy, profile);
	json_decref(j);
}

static void test_missing_phy(void **state)
{
	struct wb_capabilities_cfg priv = { .phy = "wbt-surely-absent" };
	struct wb_collector_cfg cfg = { .netns = getenv("WBT_NETNS"), .priv = &priv };
	struct wb_collector *c = NULL;

	(void)state;
	assert_int_equal(wb_capabilities_ops.open(&cfg, &c), -ENODEV);
	assert_null(c);
}

static void test_needs_phy_or_ifname(void **state)
{
	struct wb_collector_cfg cfg = { .label = "ap" };
	struct wb_capabilities_cfg priv = { .sysfs_root = "/nonexistent" };
	struct wb_collector *c = NULL;

	(void)state;
	assert_int_equal(wb_capabilities_ops.open(&cfg, &c), -EINVAL);
	cfg.priv = &priv;
	assert_int_equal(wb_capabilities_ops.open(&cfg, &c), -EINVAL);
	assert_null(c);
	wb_capabilities_ops.close(NULL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest always[] = {
		cmocka_unit_test(test_needs_phy_or_ifname),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test(test_needs_phy_or_ifname),
		cmocka_unit_test(test_by_phy),
		cmocka_unit_test(test_by_ifname),
		cmocka_unit_test(test_missing_phy),
	};

	/* No radio here (not in the VM test): counted as run, not as skipped failures. */
	if (!getenv("WBT_PHY"))
		return cmocka_run_group_tests(always, NULL, NULL);
	return cmocka_run_group_tests(live, NULL, NULL);
}
