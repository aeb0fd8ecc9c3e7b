/*
 * The real lab backends (wbench/lab/lab_real*.c) where no radio is needed: a remote AP's
 * capabilities from `iw phy PHY info` (recordings of mac80211_hwsim radios with the full and
 * the rt2800 cipher sets, tests/fixtures/iw/phy-info-hwsim-*.txt, made in the VM with iw
 * 5.19; a stand-in `iw` in PATH prints them through a real local host), the dry run's
 * description of a local and an ssh lab (namespaces, moves, interfaces, the crypto switch
 * with its undo, the ssh hosts; never the passphrase), and the refusal to set a crypto mode
 * without a switch. Radios, namespaces and modules for real: tests/vm/t_lab_local.sh.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/lab/lab_real_i.h"
#include "wbench/lib/util.h"
#include "wbench/sys/nl80211.h"
#include "wbench/wifi/ciphers.h"

#define FULL "tests/fixtures/iw/phy-info-hwsim-full.txt"
#define RT2800 "tests/fixtures/iw/phy-info-hwsim-rt2800.txt"
#define PASSPHRASE "describe-me-not-42"

static void test_iw_cipher_lists(void **state)
{
	uint32_t s[32];
	char *text = NULL;
	size_t n;

	(void)state;
	assert_int_equal(wb_read_file(FULL, 1 << 20, &text, NULL), 0);
	n = real_iw_ciphers(text, s, 32);
	assert_int_equal(n, 11);
	assert_int_equal(s[0], 0x000fac01);      /* WEP40 */
	assert_int_equal(s[7], 0x000fac06);      /* CMAC: BIP */
	assert_int_equal(s[10], 0x000fac0c);     /* GMAC-256 */
	assert_int_equal(real_iw_ciphers(text, s, 3), 3); /* never more than asked for */
	free(text);
	assert_int_equal(wb_read_file(RT2800, 1 << 20, &text, NULL), 0);
	n = real_iw_ciphers(text, s, 32);
	assert_int_equal(n, 4);
	assert_int_equal(s[3], 0x000fac04);      /* CCMP-128, and no BIP after it */
	free(text);
	assert_int_equal(real_iw_ciphers("Wiphy phy0\n\tSupported Ciphers:\n", s, 32), 0);
	assert_int_equal(real_iw_ciphers("no such heading", s, 32), 0);
	assert_int_equal(real_iw_ciphers("\tSupported Ciphers:\n\t\t* X (zz-0f-ac:1)\n", s, 32), 0);
}

/* A lab whose AP is on "apbox": a local host, with iw standing for the remote one. */
struct fx {
	char *dir;
	struct wb_lab l;
	struct real_host h;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char cwd[PATH_MAX], script[PATH_MAX * 2], path[PATH_MAX * 3];

	if (!f || !(f->dir = wb_mkdtemp_private("wbench-test-real")) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(script, sizeof(script), "%s/iw", f->dir);
	snprintf(path, sizeof(path), "#!/bin/sh\n# stands for iw on the AP host\n"
		 "[ \"$1 $3\" = \"phy info\" ] && [ \"$2\" = phy7 ] && exec cat \"%s/$FAKE_IW_INFO\"\n"
		 "echo \"command failed: No such device (-19)\" >&2; exit 237\n", cwd);
	if (wb_write_file_atomic(script, path, strlen(path), 0700) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s:%s", f->dir, getenv("PATH"));
	setenv("PATH", path, 1);
	if (wb_host_local_new(&f->h.h) < 0)
		return -1;
	f->h.name = "apbox";
	f->l.ap.host = &f->h;
	f->l.ap.role = "ap";
	wb_strlcpy(f->l.ap.radio.phy, "phy7", sizeof(f->l.ap.radio.phy));
	wb_strlcpy(f->l.ap.radio.driver, "rt2800_wmac", sizeof(f->l.ap.radio.driver));
	wb_strlcpy(f->l.ap.radio.module, "rt2800soc", sizeof(f->l.ap.radio.module));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	wb_host_free(f->h.h);
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void test_remote_ap_capabilities_from_iw(void **state)
{
	struct fx *f = *state;
	struct wb_capabilities c;
	char err[256];

	setenv("FAKE_IW_INFO", FULL, 1);
	assert_int_equal(real_ap_caps_remote(&f->l, &c, err, sizeof(err)), 0);
	assert_int_equal(c.n_ciphers, 11);
	assert_true(wb_capabilities_bip(&c));
	assert_true(c.beacon_prot);
	assert_true(c.feature_sae);
	assert_true(wb_capabilities_iftype(&c, NL80211_IFTYPE_AP));
	assert_true(wb_capabilities_iftype(&c, NL80211_IFTYPE_STATION));
	assert_true(wb_capabilities_iftype(&c, NL80211_IFTYPE_MONITOR));
	assert_string_equal(c.name, "phy7");
	assert_string_equal(c.module, "rt2800soc");
	/* the MT7620 case: no BIP, so no PMF, no WPA3 */
	setenv("FAKE_IW_INFO", RT2800, 1);
	assert_int_equal(real_ap_caps_remote(&f->l, &c, err, sizeof(err)), 0);
	assert_int_equal(c.n_ciphers, 4);
	assert_false(wb_capabilities_bip(&c));
	/* a phy iw does not know: its own words */
	wb_strlcpy(f->l.ap.radio.phy, "phy8", sizeof(f->l.ap.radio.phy));
	assert_int_equal(real_ap_caps_remote(&f->l, &c, err, sizeof(err)), -EIO);
	assert_string_equal(err, "'iw phy phy8 info' on apbox: failed");
}

static void test_no_switch_no_crypto_mode(void **state)
{
	struct fx *f = *state;
	json_t *ev = (json_t *)1;
	char err[512];

	f->l.driver = wb_driver_find("mt7915e");
	wb_strlcpy(f->l.ap.radio.driver, "mt7915e", sizeof(f->l.ap.radio.driver));
	wb_strlcpy(f->l.ap.radio.module, "mt7915e", sizeof(f->l.ap.radio.module));
	assert_int_equal(wb_lab_local_ops.set_crypto(&f->l, WB_CRYPTO_SW, &ev, err, sizeof(err)),
			 -ENOTSUP);
	assert_null(ev);
	assert_non_null(strstr(err, "the AP's driver mt7915e (module mt7915e) has no crypto "
				    "switch: no crypto module parameter in any mt76 driver"));
	assert_non_null(strstr(err, "and the scenario gives no lab.ap.crypto_switch: wbench "
				    "cannot put it in nohwcrypt"));
}

static struct wb_scenario *load(const char *path)
{
	struct wb_scenario *sc = NULL;
	char err[512];

	if (wb_scenario_load(path, &sc, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	return sc;
}

static const struct wb_lab_action *find(const struct wb_lab_actions *a, const char *host,
					const char *needle)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i].host, host) && strstr(a->v[i].what, needle))
			return &a->v[i];
	return NULL;
}

static void no_secret(const struct wb_lab_actions *a, const char *secret)
{
	for (size_t i = 0; i < a->n; i++) {
		assert_null(strstr(a->v[i].what, secret));
		assert_true(!a->v[i].undo || !strstr(a->v[i].undo, secret));
	}
}

static void test_describe_local_lab(void **state)
{
	struct wb_scenario *sc = load("scenarios/lab-two-radios.json");
	struct wb_lab_actions a = { 0 };
	const struct wb_lab_action *s;

	(void)state;
	assert_ptr_equal(wb_lab_ops_for(sc->lab.backend), &wb_lab_local_ops);
	assert_int_equal(wb_lab_local_ops.describe(sc, &a), 0);
	s = find(&a, "local", "ip netns add wbench-ap-<pid>; iw phy <phy> set netns name "
		 "wbench-ap-<pid>; there: interface wbap0 (station) with 10.99.0.1/24");
	assert_non_null(s);
	assert_int_equal(s->when, WB_LAB_AT_START);
	assert_non_null(strstr(s->undo, "the radio moved back to the initial namespace"));
	assert_non_null(find(&a, "local", "find the sta's radio (device pci0000:00/0000:00:14.0/"
			     "usb1/1-2/1-2:1.0)"));
	assert_non_null(find(&a, "local", "interface add wbmon<pid> type monitor, up, on channel 6"));
	s = find(&a, "local", "the crypto switch of the AP's driver");
	assert_non_null(s);
	assert_int_equal(s->when, WB_LAB_AT_CRYPTO);
	assert_non_null(strstr(s->undo, "state record"));
	assert_non_null(find(&a, "local", "write this run's, "));
	assert_non_null(find(&a, "local", "iperf server (libiperf) on 10.99.0.1"));
	no_secret(&a, sc->passphrase);
	wb_lab_actions_release(&a);
	wb_scenario_free(sc);
}

static void test_describe_ssh_lab(void **state)
{
	struct wb_scenario *sc = load("tests/fixtures/scenarios/ssh.json");
	struct wb_lab_actions a = { 0 };
	const struct wb_lab_action *s;

	(void)state;
	assert_ptr_equal(wb_lab_ops_for(sc->lab.backend), &wb_lab_ssh_ops);
	assert_int_equal(wb_lab_ssh_ops.describe(sc, &a), 0);
	assert_non_null(find(&a, "apbox", "ssh root@192.168.1.1: one master connection"));
	s = find(&a, "apbox", "iw phy <phy> interface add wbap0 type managed (hostapd adds it to "
		 "the bridge br-lan)");
	assert_non_null(s);
	assert_string_equal(s->undo, "iw dev wbap0 del at the end (its address goes with it)");
	s = find(&a, "apbox", "the scenario's crypto switch: run 'cat /sys/module/rt2800soc/"
		 "parameters/nohwcrypt'");
	assert_non_null(s);
	assert_non_null(strstr(s->what, "run 'sh -c rmmod rt2800soc; insmod rt2800soc' (hwcrypt)"));
	/* the STA here, in a namespace of its own; the peer on the LAN */
	assert_non_null(find(&a, "local", "wbench-sta-<pid>; there: interface wbsta0 (station) "
			     "with 192.168.1.250/24"));
	assert_non_null(find(&a, "local", "iperf server (libiperf) on 192.168.1.10"));
	assert_null(find(&a, "local", "type monitor")); /* the sniffer is disabled */
	no_secret(&a, sc->passphrase);
	wb_lab_actions_release(&a);
	wb_scenario_free(sc);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iw_cipher_lists),
		cmocka_unit_test_setup_teardown(test_remote_ap_capabilities_from_iw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_switch_no_crypto_mode, setup, teardown),
		cmocka_unit_test(test_describe_local_lab),
		cmocka_unit_test(test_describe_ssh_lab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
