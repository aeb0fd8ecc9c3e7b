/* wb_netns_call and its named/netlink forms, without root: here, and a namespace that is not there. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "wbench/sys/netns.h"
#include "tests/unit/main.h"

static int count_runs(void *arg)
{
	int *runs = arg;

	return ++*runs;
}

static void test_call_here_runs_fn(void **state)
{
	char err[WB_NETNS_ERR_MAX] = "";
	int runs = 0;

	(void)state;
	assert_int_equal(wb_netns_call(NULL, count_runs, &runs, err, sizeof(err)), 1);
	assert_int_equal(wb_netns_call("", count_runs, &runs, NULL, 0), 2);
	assert_int_equal(wb_netns_call_named(NULL, count_runs, &runs, err, sizeof(err)), 3);
	assert_string_equal(err, "");
}

static void test_call_absent_namespace(void **state)
{
	char err[WB_NETNS_ERR_MAX] = "";
	int runs = 0;

	(void)state;
	assert_int_equal(wb_netns_call("/nonexistent/wbt-ns", count_runs, &runs, err, sizeof(err)),
			 -ENOENT);
	assert_int_equal(runs, 0);
	assert_string_equal(err, "cannot enter network namespace '/nonexistent/wbt-ns': "
			    "No such file or directory");
	assert_int_equal(wb_netns_call("/nonexistent/wbt-ns", count_runs, &runs, NULL, 0), -ENOENT);
}

/* The named forms say the name the user gave, not its path. */
static void test_named_forms_name_the_name(void **state)
{
	char err[WB_NETNS_ERR_MAX] = "";
	struct wb_nl nl;
	int runs = 0;

	(void)state;
	assert_int_equal(wb_netns_call_named("a/b", count_runs, &runs, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "cannot enter network namespace 'a/b': Invalid argument");
	assert_int_equal(wb_netns_nl_open("wbt-surely-absent", "nl80211", &nl, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err, "cannot enter network namespace 'wbt-surely-absent': "
			    "No such file or directory");
	assert_int_equal(wb_netns_nl_open_path("/nonexistent/wbt-ns", "nl80211", &nl, NULL, 0),
			 -ENOENT);
	assert_int_equal(runs, 0);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_here_runs_fn),
		cmocka_unit_test(test_call_absent_namespace),
		cmocka_unit_test(test_named_forms_name_the_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
