/*
 * Named namespaces, rtnetlink helpers and nl80211 interface/netns operations for real.
 * They change system state (/run/netns, a phy), so they run only when the VM test
 * passes WBT_PHY (a hwsim radio in the current namespace); elsewhere only the checks
 * that need no privileges run.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "wbench/sys/iplink.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl80211.h"

static ino_t netns_inode(void)
{
	struct stat st;

	assert_int_equal(stat("/proc/thread-self/ns/net", &st), 0);
	return st.st_ino;
}

/* Run a shell command (iproute2 as the independent witness); true if it succeeded. */
static bool sh(const char *fmt, const char *a, const char *b)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), fmt, a, b);
	return system(cmd) == 0;
}

static void test_lifecycle(void **state)
{
	char name[32], path[64], **list = NULL, **p;
	struct wb_netns_saved saved;
	ino_t home = netns_inode();
	bool listed = false;

	(void)state;
	snprintf(name, sizeof(name), "wbt-live-%d", (int)getpid());
	assert_int_equal(wb_netns_add(name), 0);
	assert_true(wb_netns_exists(name));
	assert_int_equal(wb_netns_add(name), -EEXIST);
	assert_true(sh("ip netns list | grep -q '^%s'%s", name, ""));
	assert_int_equal(wb_netns_list(&list), 0);
	for (p = list; *p; p++)
		listed |= strcmp(*p, name) == 0;
	wb_netns_list_free(list);
	assert_true(listed);

	/* enter and leave */
	assert_int_equal(wb_netns_enter(name, &saved), 0);
	assert_true(netns_inode() != home);
	assert_int_equal(wb_netns_leave(&saved), 0);
	assert_true(netns_inode() == home);
	assert_int_equal(wb_netns_leave(&saved), 0);  /* idempotent */
	assert_int_equal(wb_netns_enter(NULL, &saved), 0);  /* a no-op */
	assert_true(netns_inode() == home);
	assert_int_equal(wb_netns_leave(&saved), 0);
	assert_int_equal(wb_netns_enter("wbt-surely-absent", &saved), -ENOENT);
	assert_true(netns_inode() == home);

	/* links and addresses inside it, seen by iproute2 */
	assert_int_equal(wb_iplink_up(name, "lo"), 0);
	assert_true(sh("ip -n %s link show lo | grep -q 'UP'%s", name, ""));
	assert_int_equal(wb_iplink_addr_add(name, "lo", "10.99.0.1/8"), 0);
	assert_int_equal(wb_iplink_addr_add(name, "lo", "10.99.0.1/8"), 0);
	assert_true(sh("ip -n %s -4 addr show lo | grep -q 'inet 10.99.0.1/8'%s", name, ""));
	assert_false(sh("ip -4 addr show lo | grep -q 'inet 10.99.0.1/8'%s%s", "", ""));
	assert_int_equal(wb_iplink_addr_add(name, "lo", "10.99.0.1"), -EINVAL);
	assert_int_equal(wb_iplink_addr_add(name, "lo", "banana/8"), -EINVAL);
	assert_int_equal(wb_iplink_up(name, "wbt-nolink"), -ENODEV);
	assert_true(netns_inode() == home);

	assert_int_equal(wb_netns_path(name, path, sizeof(path)), 0);
	assert_int_equal(wb_netns_del(name), 0);
	assert_false(wb_netns_exists(name));
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(wb_netns_del(name), -ENOENT);
}

static void test_phy_move_and_iface(void **state)
{
	const char *phy = getenv("WBT_PHY");
	struct wb_netns_saved saved;
	struct wb_nl nl, in;
	uint32_t idx, ifindex = 0;
	char name[32], names[4][WB_NL80211_PHY_NAME_MAX + 1];
	size_t n;
	int home;

	(void)state;
	snprintf(name, sizeof(name), "wbt-mv-%d", (int)getpid());
	assert_int_equal(wb_netns_add(name), 0);
	assert_int_equal(wb_nl80211_open(&nl), 0);
	assert_int_equal(wb_nl80211_phy_lookup(&nl, phy, &idx), 0);
	assert_int_equal(wb_nl80211_phy_lookup(&nl, "wbt-nophy", &idx), -ENODEV);

	/* an interface with a chosen name and type, then gone again */
	assert_int_equal(wb_nl80211_iface_add(&nl, phy, "wbtmon0", NL80211_IFTYPE_MONITOR,
					      &ifindex), 0);
	assert_true(ifindex > 0);
	assert_true(sh("ip link show wbtmon0 >/dev/null 2>&1%s%s", "", ""));
	assert_int_equal(wb_nl80211_iface_del(&nl, ifindex), 0);
	assert_false(sh("ip link show wbtmon0 >/dev/null 2>&1%s%s", "", ""));

	/* into the namespace: visible there, gone here */
	assert_int_equal(wb_netns_move_phy(&nl, phy, name), 0);
	assert_int_equal(wb_nl80211_phy_lookup(&nl, phy, &idx), -ENODEV);
	assert_int_equal(wb_netns_move_phy(&nl, phy, "wbt-surely-absent"), -ENOENT);
	assert_int_equal(wb_netns_enter(name, &saved), 0);
	assert_int_equal(wb_nl80211_open(&in), 0);
	assert_int_equal(wb_netns_leave(&saved), 0);
	assert_int_equal(wb_nl80211_phy_lookup(&in, phy, &idx), 0);

	/* listed there, with an interface found by name from outside the namespace */
	assert_int_equal(wb_nl80211_phy_names(&in, names, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], phy);
	assert_int_equal(wb_nl80211_iface_add(&in, phy, "wbtns0", NL80211_IFTYPE_STATION,
					      &ifindex), 0);
	assert_int_equal(wb_nl80211_iface_index(&in, "wbtns0", &idx), 0);
	assert_int_equal(idx, ifindex);
	assert_int_equal(wb_nl80211_iface_index(&nl, "wbtns0", &idx), -ENODEV);
	assert_int_equal(wb_nl80211_iface_del(&in, ifindex), 0);
	assert_int_equal(wb_nl80211_iface_index(&in, "wbtns0", &idx), -ENODEV);

	/* and back home, moved from inside */
	home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(home >= 0);
	assert_int_equal(wb_nl80211_phy_set_netns(&in, phy, home), 0);
	close(home);
	assert_int_equal(wb_nl80211_phy_lookup(&nl, phy, &idx), 0);
	/* once more, back by path (what cleanup does) */
	assert_int_equal(wb_netns_move_phy(&nl, phy, name), 0);
	assert_int_equal(wb_netns_move_phy_path(&in, phy, "/proc/self/ns/net"), 0);
	assert_int_equal(wb_nl80211_phy_lookup(&nl, phy, &idx), 0);
	assert_int_equal(wb_netns_move_phy_path(&in, phy, "/proc/self/ns/net"), -ENODEV);
	assert_int_equal(wb_nl80211_phy_names(&in, names, 4, &n), 0);
	assert_int_equal(n, 0);
	wb_nl_close(&in);
	wb_nl_close(&nl);
	assert_int_equal(wb_netns_del(name), 0);
}

static void test_names_refused(void **state)
{
	struct wb_netns_saved saved;

	(void)state;
	assert_int_equal(wb_netns_add("../etc"), -EINVAL);
	assert_int_equal(wb_netns_del("a/b"), -EINVAL);
	assert_int_equal(wb_netns_enter("..", &saved), -EINVAL);
	assert_int_equal(wb_iplink_addr_add(NULL, "lo", "10.0.0.1"), -EINVAL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest always[] = {
		cmocka_unit_test(test_names_refused),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test(test_names_refused),
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_phy_move_and_iface),
	};

	if (!getenv("WBT_PHY"))
		return cmocka_run_group_tests(always, NULL, NULL);
	return cmocka_run_group_tests(live, NULL, NULL);
}
