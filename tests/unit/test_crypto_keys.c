/*
 * The effective crypto path per key (collectors/crypto_keys.c): the reader script run for
 * real through a local host and through the ssh host backend (tests/lib/fake_ssh.py
 * standing for the OpenSSH client; the script then runs in dash, bash and BusyBox sh)
 * over fixture debugfs trees (tests/fixtures/debugfs/: mac80211's layout, with a `key`
 * file that must never be read), the unavailable cases, and the parser on the reader's
 * outputs (old kernels' algorithm names, unreadable files, malformed lines).
 */
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

#include "collectors/crypto_keys.h"
#include "tests/unit/fixture.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

#define FIX "tests/fixtures/debugfs/"

static json_t *read_keys(struct wb_host *h, const char *root, const char *phy)
{
	struct wb_crypto_keys_opts o = { .debugfs = root };
	json_t *r = NULL;
	char *dump;

	assert_int_equal(wb_crypto_keys_read(h, phy, &o, &r), 0);
	assert_non_null(r);
	dump = json_dumps(r, 0);
	/* the key material sits next to the files read: never in the result */
	assert_null(strstr(dump, "SECRET"));
	free(dump);
	return r;
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "(absent)";
}

static void check_phy0_mixed(json_t *r)
{
	json_t *keys = json_object_get(r, "keys"), *k;

	assert_string_equal(str(r, "status"), "ok");
	assert_string_equal(str(r, "summary"), "mixed");
	assert_int_equal(json_array_size(keys), 3);
	k = json_array_get(keys, 0);
	assert_int_equal(json_integer_value(json_object_get(k, "id")), 1);
	assert_string_equal(str(k, "algorithm"), "CCMP-128");
	assert_string_equal(str(k, "flags"), "0x1");
	assert_true(json_is_true(json_object_get(k, "hw")));
	assert_string_equal(str(k, "interface"), "wlan0");
	assert_null(json_object_get(k, "station"));
	k = json_array_get(keys, 1);
	assert_string_equal(str(k, "algorithm"), "BIP-CMAC-128");
	assert_int_equal(json_integer_value(json_object_get(k, "keyidx")), 4);
	assert_true(json_is_false(json_object_get(k, "hw")));
	k = json_array_get(keys, 2);
	assert_string_equal(str(k, "station"), "02:00:00:00:02:00");
	assert_true(json_is_false(json_object_get(k, "hw")));
}

static void test_local_tree_mixed_and_software(void **state)
{
	struct wb_host *h;
	json_t *r;

	(void)state;
	assert_int_equal(wb_host_local_new(&h), 0);
	r = read_keys(h, FIX "tree", "phy0");
	check_phy0_mixed(r);
	assert_non_null(strstr(str(r, "source"), "tree/ieee80211/phy0/keys"));
	json_decref(r);
	r = read_keys(h, FIX "tree", "phy1");
	assert_string_equal(str(r, "summary"), "software");
	assert_int_equal(json_array_size(json_object_get(r, "keys")), 2);
	json_decref(r);
	wb_host_free(h);
}

static void expect_unavailable(struct wb_host *h, const char *root, const char *phy,
			       const char *needle)
{
	json_t *r = read_keys(h, root, phy);

	assert_string_equal(str(r, "status"), "unavailable");
	if (!strstr(str(r, "reason"), needle))
		fail_msg("%s/%s: '%s' not in '%s'", root, phy, needle, str(r, "reason"));
	assert_null(json_object_get(r, "keys"));
	json_decref(r);
}

static void test_local_unavailable_said_why(void **state)
{
	struct wb_host *h;
	char *empty = wb_mkdtemp_private("wbt-debugfs");

	(void)state;
	assert_non_null(empty);
	assert_int_equal(wb_host_local_new(&h), 0);
	expect_unavailable(h, empty, "phy0", "not mounted");           /* an empty mount point */
	expect_unavailable(h, FIX "no-such-dir", "phy0", "not mounted");
	expect_unavailable(h, FIX "tree-noieee80211", "phy0", "no ieee80211");
	expect_unavailable(h, FIX "tree", "phy9", "no directory for this phy");
	expect_unavailable(h, FIX "tree-nokeys", "phy0", "CONFIG_MAC80211_DEBUGFS");
	wb_host_free(h);
	rmdir(empty);
	free(empty);
}

static void test_bad_phy_names_refused(void **state)
{
	static const char *const bad[] = { "", ".", "..", "../phy0", "phy0/..", "a b", "phy0;id",
					   "$(id)", "phy0\n", "-phy0:x" };
	struct wb_host *h;
	json_t *r = NULL;

	(void)state;
	assert_int_equal(wb_host_local_new(&h), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(wb_crypto_keys_read(h, bad[i], NULL, &r), -EINVAL);
		assert_null(r);
	}
	wb_host_free(h);
}

/* The same reading through the ssh backend, the remote shell being each of @shell. */
static void test_over_ssh_in_each_shell(void **state)
{
	static const char *const shells[] = { "/bin/sh", "/bin/bash", "busybox sh" };
	char *dir = wb_mkdtemp_private("wbt-keys-ssh"), cwd[512], root[700];

	(void)state;
	assert_non_null(dir);
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(root, sizeof(root), "%s/" FIX "tree", cwd);
	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++) {
		struct wb_host_ssh_cfg cfg = { .target = "root@ap", .ssh = "tests/lib/fake_ssh.py",
					       .local_dir = dir, .connect_timeout_s = 5 };
		struct wb_host *h;
		json_t *r;

		setenv("FAKE_SSH_SHELL", shells[i], 1);
		assert_int_equal(wb_host_ssh_new(&cfg, &h), 0);
		r = read_keys(h, root, "phy0");
		check_phy0_mixed(r);
		assert_non_null(strstr(str(r, "source"), "ssh:root@ap:"));
		json_decref(r);
		wb_host_free(h);
	}
	unsetenv("FAKE_SSH_SHELL");
	wb_rm_rf(dir);
	free(dir);
}

/* A host where `sh` fails (a stand-in on PATH): the reading says so, it is no error. */
static void test_host_failure_is_a_result(void **state)
{
	char *dir = wb_mkdtemp_private("wbt-keys-sh"), path[600], *oldpath, *newpath = NULL;
	struct wb_host *h;
	json_t *r = NULL;
	FILE *f;

	(void)state;
	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/sh", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("#!/bin/dash\n# stand-in for a broken remote shell\nexit 3\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0700), 0);
	oldpath = strdup(getenv("PATH"));
	assert_true(asprintf(&newpath, "%s:%s", dir, oldpath) > 0);
	setenv("PATH", newpath, 1);
	assert_int_equal(wb_host_local_new(&h), 0);
	assert_int_equal(wb_crypto_keys_read(h, "phy0", NULL, &r), 0);
	setenv("PATH", oldpath, 1);
	assert_string_equal(str(r, "status"), "failed");
	assert_non_null(strstr(str(r, "message"), "exited 3"));
	json_decref(r);
	wb_host_free(h);
	wb_rm_rf(dir);
	free(dir);
	free(oldpath);
	free(newpath);
}

static json_t *parse_fixture(const char *name, int expect)
{
	char *text = wbt_fixture_read(name), err[256] = "";
	json_t *r = NULL;
	int ret = wb_crypto_keys_parse(text, "phy0", "test", &r, err, sizeof(err));

	if (ret != expect)
		fail_msg("%s: %d (%s), expected %d", name, ret, err, expect);
	if (expect < 0) {
		assert_null(r);
		assert_non_null(strstr(err, "line"));
	}
	free(text);
	return r;
}

static void test_parse_old_kernel_names(void **state)
{
	json_t *r = parse_fixture("debugfs/out_old_kernel_names.txt", 0), *k;

	(void)state;
	assert_string_equal(str(r, "summary"), "mixed");
	k = json_array_get(json_object_get(r, "keys"), 0);
	assert_string_equal(str(k, "algorithm"), "CCMP");
	assert_string_equal(str(k, "interface"), "5");
	assert_int_equal(json_integer_value(json_object_get(k, "hw_key_idx")), 3);
	k = json_array_get(json_object_get(r, "keys"), 1);
	assert_string_equal(str(k, "algorithm"), "AES-128-CMAC");
	json_decref(r);
}

static void test_parse_unreadable_and_empty(void **state)
{
	json_t *r = parse_fixture("debugfs/out_unreadable_values.txt", 0), *k;

	(void)state;
	k = json_array_get(json_object_get(r, "keys"), 0);
	assert_null(json_object_get(k, "algorithm"));
	assert_null(json_object_get(k, "hw"));
	/* a key whose flags could not be read: the path is unknown, not software */
	assert_string_equal(str(r, "summary"), "unknown");
	json_decref(r);
	r = parse_fixture("debugfs/out_no_keys.txt", 0);
	assert_string_equal(str(r, "summary"), "none");
	json_decref(r);
	r = parse_fixture("debugfs/out_no_keys_dir.txt", 0);
	assert_string_equal(str(r, "status"), "unavailable");
	json_decref(r);
}

static void test_parse_malformed(void **state)
{
	(void)state;
	parse_fixture("debugfs/bad_flags.txt", -EINVAL);
	parse_fixture("debugfs/bad_key_before_state.txt", -EINVAL);
	parse_fixture("debugfs/bad_unknown_line.txt", -EINVAL);
	parse_fixture("debugfs/bad_no_header.txt", -EINVAL);
	parse_fixture("debugfs/bad_key_after_unavailable.txt", -EINVAL);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_local_tree_mixed_and_software),
		cmocka_unit_test(test_local_unavailable_said_why),
		cmocka_unit_test(test_bad_phy_names_refused),
		cmocka_unit_test(test_over_ssh_in_each_shell),
		cmocka_unit_test(test_host_failure_is_a_result),
		cmocka_unit_test(test_parse_old_kernel_names),
		cmocka_unit_test(test_parse_unreadable_and_empty),
		cmocka_unit_test(test_parse_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
