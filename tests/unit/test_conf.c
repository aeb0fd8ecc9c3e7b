/* Config generation for hostapd and wpa_supplicant: golden outputs and input rejection. */
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

#include "tests/unit/fixture.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/wifi/confcheck.h"
#include "wbench/daemons/hostapd_conf.h"
#include "wbench/host/host.h"
#include "wbench/daemons/netcfg.h"
#include "wbench/lib/util.h"
#include "wbench/daemons/wpas_conf.h"

#define CTRL "/run/wbench-test/ctrl"
#define PASS "correct horse battery"
#define HEXPSK "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF"

static const uint8_t ssid_test[] = "wbench-lab";

static void net_init(struct wb_netcfg *n, const char *profile, const char *pass)
{
	wb_netcfg_init(n);
	n->sec = wb_security_find(profile);
	assert_non_null(n->sec);
	n->ssid = ssid_test;
	n->ssid_len = sizeof(ssid_test) - 1;
	n->passphrase = pass;
	n->channel = 6;
}

static int ap_build(const struct wb_netcfg *n, struct wb_strbuf *b)
{
	struct wb_hostapd_conf c;

	wb_hostapd_conf_init(&c);
	c.net = *n;
	c.ifname = "wlan0";
	c.ctrl_dir = CTRL;
	return wb_hostapd_conf_build(&c, b);
}

static int sta_build(const struct wb_netcfg *n, bool legacy, struct wb_strbuf *b)
{
	struct wb_wpas_conf c;

	wb_wpas_conf_init(&c);
	c.net = *n;
	c.ctrl_dir = CTRL;
	c.legacy_psk = legacy;
	return wb_wpas_conf_build(&c, b);
}

/* One golden pair per profile: the AP and the station written for the same network. */
static void golden_profile(const char *profile, const char *pass)
{
	struct wb_netcfg n;
	struct wb_strbuf b;
	char name[128];

	net_init(&n, profile, pass);
	wb_strbuf_init(&b);
	assert_int_equal(ap_build(&n, &b), 0);
	snprintf(name, sizeof(name), "conf/hostapd-%s.conf", profile);
	wbt_golden_check(name, wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	assert_int_equal(sta_build(&n, false, &b), 0);
	snprintf(name, sizeof(name), "conf/wpas-%s.conf", profile);
	wbt_golden_check(name, wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
}

static void test_golden_profiles(void **state)
{
	(void)state;
	golden_profile("none", NULL);
	golden_profile("owe", NULL);
	golden_profile("psk2", PASS);
	golden_profile("psk2+pmf", PASS);
	golden_profile("psk2+pmf-required", PASS);
	golden_profile("sae", PASS);
	golden_profile("sae-mixed", PASS);
}

static void test_golden_options(void **state)
{
	struct wb_netcfg n;
	struct wb_strbuf b;

	(void)state;
	net_init(&n, "sae", PASS);
	n.beacon_prot = true;
	n.sae_pwe = 2;
	n.group_mgmt_cipher = WB_CIPHER_BIP_GMAC_256;
	wb_strbuf_init(&b);
	assert_int_equal(ap_build(&n, &b), 0);
	wbt_golden_check("conf/hostapd-sae-options.conf", wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
	assert_int_equal(sta_build(&n, false, &b), 0);
	wbt_golden_check("conf/wpas-sae-options.conf", wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);

	/* sae-mixed with a legacy WPA2-PSK station: no SAE, no PMF, no beacon protection */
	net_init(&n, "sae-mixed", PASS);
	n.beacon_prot = true;
	assert_int_equal(sta_build(&n, true, &b), 0);
	wbt_golden_check("conf/wpas-sae-mixed-legacy.conf", wb_strbuf_cstr(&b));
	wb_strbuf_release(&b);
}

static void test_hex_psk(void **state)
{
	struct wb_netcfg n;
	struct wb_strbuf b;

	(void)state;
	net_init(&n, "psk2", HEXPSK);
	wb_strbuf_init(&b);
	assert_int_equal(ap_build(&n, &b), 0);
	assert_non_null(strstr(wb_strbuf_cstr(&b), "\nwpa_psk=" HEXPSK "\n"));
	assert_null(strstr(wb_strbuf_cstr(&b), "wpa_passphrase"));
	wb_strbuf_release(&b);
	assert_int_equal(sta_build(&n, false, &b), 0);
	/* a raw PSK is unquoted: quoted it would be taken as a 64-character passphrase */
	assert_non_null(strstr(wb_strbuf_cstr(&b), "\tpsk=" HEXPSK "\n"));
	wb_strbuf_release(&b);

	/* SAE needs the password itself */
	net_init(&n, "sae", HEXPSK);
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	assert_int_equal(sta_build(&n, false, &b), -EINVAL);
	net_init(&n, "sae-mixed", HEXPSK);
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	assert_int_equal(sta_build(&n, false, &b), -EINVAL);
	/* ... but a legacy PSK-only station in sae-mixed may use one */
	assert_int_equal(sta_build(&n, true, &b), 0);
	assert_null(b.s ? strstr(b.s, "SAE") : NULL);
	wb_strbuf_release(&b);
}

/* A bridged AP (lab.ap.bridge) says bridge=; a 5 GHz channel is hw_mode=a; a bridge name
 * that cannot be an interface (a newline would add a config line) is refused. */
static void test_bridge_and_band(void **state)
{
	struct wb_hostapd_conf c;
	struct wb_strbuf b;

	(void)state;
	wb_hostapd_conf_init(&c);
	net_init(&c.net, "psk2", "wbench-demo-passphrase");
	c.ifname = "wlan0";
	c.ctrl_dir = CTRL;
	wb_strbuf_init(&b);
	assert_int_equal(wb_hostapd_conf_build(&c, &b), 0);
	assert_null(strstr(wb_strbuf_cstr(&b), "bridge="));
	assert_non_null(strstr(wb_strbuf_cstr(&b), "\nhw_mode=g\n"));
	wb_strbuf_release(&b);
	c.bridge = "br-lan";
	c.net.channel = 36;
	assert_int_equal(wb_hostapd_conf_build(&c, &b), 0);
	assert_non_null(strstr(wb_strbuf_cstr(&b), "\nbridge=br-lan\n"));
	assert_non_null(strstr(wb_strbuf_cstr(&b), "\nhw_mode=a\nchannel=36\n"));
	wb_strbuf_release(&b);
	c.bridge = "br0\nwpa=0";
	assert_int_equal(wb_hostapd_conf_build(&c, &b), -EINVAL);
	wb_strbuf_release(&b);
}

/* stability.wpa_group_rekey / wpa_ptk_rekey: the lines only when set, only with keys. */
static void test_rekey_intervals(void **state)
{
	struct wb_hostapd_conf c;
	struct wb_strbuf b;

	(void)state;
	wb_hostapd_conf_init(&c);
	net_init(&c.net, "sae", "wbench-demo-passphrase");
	c.ifname = "wlan0";
	c.ctrl_dir = CTRL;
	wb_strbuf_init(&b);
	assert_int_equal(wb_hostapd_conf_build(&c, &b), 0);
	assert_null(strstr(wb_strbuf_cstr(&b), "rekey"));
	wb_strbuf_release(&b);
	c.group_rekey_s = 30;
	c.ptk_rekey_s = 600;
	assert_int_equal(wb_hostapd_conf_build(&c, &b), 0);
	assert_non_null(strstr(wb_strbuf_cstr(&b), "\nwpa_group_rekey=30\nwpa_ptk_rekey=600\n"));
	wb_strbuf_release(&b);
	net_init(&c.net, "none", NULL);
	assert_int_equal(wb_hostapd_conf_build(&c, &b), 0);
	assert_null(strstr(wb_strbuf_cstr(&b), "rekey"));
	wb_strbuf_release(&b);
}

/* Counts lines that start with @key (after an optional tab). */
static int count_key(const char *text, const char *key)
{
	int n = 0;
	const char *p = text;

	while (*p) {
		const char *q = *p == '\t' ? p + 1 : p;

		if (strncmp(q, key, strlen(key)) == 0)
			n++;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return n;
}

static void test_hostile_ssid_is_hex(void **state)
{
	static const uint8_t evil[] = { 'a', '\n', 'w', 'p', 'a', '=', '0', '\0', '"', '#', '\r' };
	struct wb_netcfg n;
	struct wb_strbuf b;
	const char *t;

	(void)state;
	net_init(&n, "psk2", PASS);
	n.ssid = evil;
	n.ssid_len = sizeof(evil);
	wb_strbuf_init(&b);
	assert_int_equal(ap_build(&n, &b), 0);
	t = wb_strbuf_cstr(&b);
	assert_non_null(strstr(t, "\nssid2=610a7770613d300022230d\n"));
	assert_int_equal(count_key(t, "wpa="), 1);
	assert_int_equal(strlen(t), b.len); /* no NUL byte inside */
	wb_strbuf_release(&b);
	assert_int_equal(sta_build(&n, false, &b), 0);
	t = wb_strbuf_cstr(&b);
	assert_non_null(strstr(t, "\tssid=610a7770613d300022230d\n"));
	assert_int_equal(count_key(t, "ssid="), 1);
	assert_int_equal(strlen(t), b.len);
	wb_strbuf_release(&b);

	/* 33 bytes is too long, 0 too short */
	n.ssid = (const uint8_t *)"123456789012345678901234567890123";
	n.ssid_len = 33;
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	n.ssid_len = 0;
	assert_int_equal(sta_build(&n, false, &b), -EINVAL);
	assert_null(b.s);
}

static void test_passphrase_check(void **state)
{
	static const char *const good[] = { "12345678", PASS, "with \"quotes\" and # hash",
					    "~!@#$%^&*()_+|}{:?><",
					    "123456789012345678901234567890123456789012345678901234567890123" };
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
		{ "1234567", 7 },
		{ "123456789012345678901234567890123456789012345678901234567890123g", 64 },
		{ "12345678901234567890123456789012345678901234567890123456789012345", 65 },
		{ "secret\npassword", 15 },
		{ "secret\rpassword", 15 },
		{ "secret\tpassword", 15 },
		{ "secret\x7fpassword", 15 },
		{ "secret\xc3\xa9password", 16 },
		{ "secret\0password", 15 },
		{ "", 0 },
	};
	enum wb_passphrase_kind kind;
	char why[256];
	size_t i;

	(void)state;
	for (i = 0; i < WB_ARRAY_SIZE(good); i++) {
		assert_int_equal(wb_passphrase_check(good[i], strlen(good[i]), &kind, why,
						     sizeof(why)), 0);
		assert_int_equal(kind, WB_PASSPHRASE_ASCII);
	}
	assert_int_equal(wb_passphrase_check(HEXPSK, 64, &kind, NULL, 0), 0);
	assert_int_equal(kind, WB_PASSPHRASE_PSK_HEX);
	for (i = 0; i < WB_ARRAY_SIZE(bad); i++) {
		why[0] = '\0';
		assert_int_equal(wb_passphrase_check(bad[i].s, bad[i].len, &kind, why, sizeof(why)),
				 -EINVAL);
		assert_true(why[0] != '\0');
		/* the message names a position, never the secret */
		assert_null(strstr(why, "secret"));
		assert_null(strstr(why, "1234567"));
	}
	assert_int_equal(wb_passphrase_check("secret\npassword", 15, NULL, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "offset 6"));
}

static void test_ssid_check(void **state)
{
	static const uint8_t b32[32] = { 0 };
	char why[128];

	(void)state;
	assert_int_equal(wb_ssid_check(b32, 1, why, sizeof(why)), 0);
	assert_int_equal(wb_ssid_check(b32, 32, why, sizeof(why)), 0);
	assert_int_equal(wb_ssid_check(b32, 33, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "33 bytes"));
	assert_int_equal(wb_ssid_check(b32, 0, why, sizeof(why)), -EINVAL);
	assert_int_equal(wb_ssid_check(NULL, 3, NULL, 0), -EINVAL);
}

static void test_rejections(void **state)
{
	struct wb_hostapd_conf ap;
	struct wb_netcfg n;
	struct wb_strbuf b;

	(void)state;
	wb_strbuf_init(&b);
	net_init(&n, "psk2", "bad\npassphrase");
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	assert_int_equal(sta_build(&n, false, &b), -EINVAL);
	net_init(&n, "psk2", NULL); /* needs one */
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	net_init(&n, "owe", PASS); /* takes none */
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	net_init(&n, "psk2", PASS);
	n.beacon_prot = true; /* needs PMF */
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	assert_int_equal(sta_build(&n, false, &b), -EINVAL);
	net_init(&n, "psk2", PASS);
	n.group_mgmt_cipher = WB_CIPHER_BIP_CMAC_256; /* needs PMF */
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	net_init(&n, "sae", PASS);
	n.group_mgmt_cipher = WB_CIPHER_CCMP_128; /* not a BIP suite */
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	net_init(&n, "sae", PASS);
	n.sae_pwe = 3;
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	net_init(&n, "sae", PASS);
	n.channel = 15;
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	n.channel = 38; /* a 40 MHz centre, not a 20 MHz channel */
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	n.channel = 0;
	assert_int_equal(sta_build(&n, false, &b), -EINVAL);
	net_init(&n, "sae", PASS); /* no WPA-PSK to fall back to */
	assert_int_equal(sta_build(&n, true, &b), -EINVAL);
	net_init(&n, "psk2+pmf-required", PASS); /* PMF required: a legacy station cannot join */
	assert_int_equal(sta_build(&n, true, &b), -EINVAL);
	n.sec = NULL;
	assert_int_equal(ap_build(&n, &b), -EINVAL);
	assert_null(b.s);

	/* interface names and the control directory cannot carry a line either */
	net_init(&n, "psk2", PASS);
	wb_hostapd_conf_init(&ap);
	ap.net = n;
	ap.ctrl_dir = CTRL;
	ap.ifname = "wlan0\nwpa=0";
	assert_int_equal(wb_hostapd_conf_build(&ap, &b), -EINVAL);
	ap.ifname = "a-very-long-interface-name";
	assert_int_equal(wb_hostapd_conf_build(&ap, &b), -EINVAL);
	ap.ifname = "..";
	assert_int_equal(wb_hostapd_conf_build(&ap, &b), -EINVAL);
	ap.ifname = "wlan0";
	ap.ctrl_dir = "/tmp/x\nwpa=0";
	assert_int_equal(wb_hostapd_conf_build(&ap, &b), -EINVAL);
	ap.ctrl_dir = "relative/dir";
	assert_int_equal(wb_hostapd_conf_build(&ap, &b), -EINVAL);
	ap.ctrl_dir = "/tmp/DIR=x GROUP=0";
	assert_int_equal(wb_hostapd_conf_build(&ap, &b), -EINVAL);
	assert_null(b.s);
}

static void test_write_private(void **state)
{
	struct wb_hostapd_conf ap;
	struct wb_wpas_conf sta;
	char *dir = wb_mkdtemp_private("wbench-test-conf");
	char path[4200], open_dir[4096], *text = NULL;
	struct wb_host *host = NULL;
	struct stat st;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(wb_host_local_new(&host), 0);
	wb_hostapd_conf_init(&ap);
	net_init(&ap.net, "sae-mixed", PASS);
	ap.ifname = "wlan0";
	ap.ctrl_dir = CTRL;
	snprintf(path, sizeof(path), "%s/hostapd.conf", dir);
	assert_int_equal(wb_hostapd_conf_write(&ap, host, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(wb_read_file(path, 1 << 16, &text, NULL), 0);
	assert_non_null(strstr(text, "wpa_passphrase=" PASS "\n"));
	free(text);

	wb_wpas_conf_init(&sta);
	net_init(&sta.net, "sae-mixed", PASS);
	sta.ctrl_dir = CTRL;
	snprintf(path, sizeof(path), "%s/wpas.conf", dir);
	assert_int_equal(wb_wpas_conf_write(&sta, host, path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	/* a bad passphrase writes nothing */
	snprintf(path, sizeof(path), "%s/bad.conf", dir);
	sta.net.passphrase = "bad\npass phrase";
	assert_int_equal(wb_wpas_conf_write(&sta, host, path), -EINVAL);
	assert_int_not_equal(stat(path, &st), 0);

	/* a directory others can read is refused */
	snprintf(open_dir, sizeof(open_dir), "%s/open", dir);
	assert_int_equal(mkdir(open_dir, 0755), 0);
	assert_int_equal(chmod(open_dir, 0755), 0);
	snprintf(path, sizeof(path), "%s/hostapd.conf", open_dir);
	assert_int_equal(wb_hostapd_conf_write(&ap, host, path), -EPERM);
	assert_int_not_equal(stat(path, &st), 0);

	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	wb_host_free(host);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_profiles),
		cmocka_unit_test(test_golden_options),
		cmocka_unit_test(test_hex_psk),
		cmocka_unit_test(test_bridge_and_band),
		cmocka_unit_test(test_rekey_intervals),
		cmocka_unit_test(test_hostile_ssid_is_hex),
		cmocka_unit_test(test_passphrase_check),
		cmocka_unit_test(test_ssid_check),
		cmocka_unit_test(test_rejections),
		cmocka_unit_test(test_write_private),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
