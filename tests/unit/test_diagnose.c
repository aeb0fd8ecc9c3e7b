/* Failure diagnosis on daemon log and event fixtures (tests/fixtures/logs). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "tests/unit/fixture.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/diag/diagnose.h"
#include "wbench/wifi/security.h"

/* The MT7620 / rt2x00 hardware cipher set: no BIP. */
static const uint32_t hw_ciphers[] = { WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP,
				       WB_CIPHER_CCMP_128 };
static const uint32_t sw_ciphers[] = { WB_CIPHER_WEP40, WB_CIPHER_WEP104, WB_CIPHER_TKIP,
				       WB_CIPHER_CCMP_128, WB_CIPHER_BIP_CMAC_128,
				       WB_CIPHER_GCMP_128 };
static const char rt2800_remedy[] =
	"reload rt2800soc with nohwcrypt=1 (software crypto: WPA3 works, throughput drops)";

static void ap_input(struct wb_diag_input *in, const char *profile, const char *log)
{
	wb_diag_input_init(in);
	in->phase = WB_DIAG_PHASE_AP_START;
	in->result = -EIO;
	in->sec = wb_security_find(profile);
	assert_non_null(in->sec);
	in->log = log;
}

static void test_no_bip_seed_case(void **state)
{
	char *log = wbt_fixture_read("logs/hostapd-nobip-default.log");
	char *events = wbt_fixture_read("logs/hostapd-nobip-events.txt");
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	ap_input(&in, "sae-mixed", log);
	in.events = events;
	in.ciphers = hw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(hw_ciphers);
	in.driver_remedy = rt2800_remedy;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_NO_BIP_CIPHER);
	assert_string_equal(wb_diag_code_name(d.code), "no_bip_cipher");
	assert_non_null(strstr(d.message, "BIP-CMAC-128"));
	assert_non_null(strstr(d.message, "WEP-40, WEP-104, TKIP, CCMP-128"));
	assert_non_null(strstr(d.message, "key setting validation failed"));
	assert_non_null(strstr(d.message, "'sae-mixed'"));
	assert_string_equal(d.remedy, rt2800_remedy);
	free(log);
	free(events);
}

static void test_no_bip_variants(void **state)
{
	char *dbg = wbt_fixture_read("logs/hostapd-nobip-debug.log");
	char *log = wbt_fixture_read("logs/hostapd-nobip-default.log");
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	/* debug-level log, BIP-GMAC-256 asked for, no driver knowledge: generic remedy */
	ap_input(&in, "psk2+pmf-required", dbg);
	in.group_mgmt_cipher = WB_CIPHER_BIP_GMAC_256;
	in.ciphers = sw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(sw_ciphers);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_NO_BIP_CIPHER);
	assert_non_null(strstr(d.message, "BIP-GMAC-256"));
	assert_non_null(strstr(d.remedy, "software crypto"));

	/* the cipher list unknown: the log signature alone decides */
	ap_input(&in, "sae", log);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_NO_BIP_CIPHER);
	assert_non_null(strstr(d.message, "unknown"));

	/* the radio has BIP: the same log is some other key problem */
	ap_input(&in, "sae", log);
	in.ciphers = sw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(sw_ciphers);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_START_FAILED);
	assert_non_null(strstr(d.message, "kernel reports: key setting validation failed"));

	/* no PMF in the profile: BIP is not involved */
	ap_input(&in, "psk2", log);
	in.ciphers = hw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(hw_ciphers);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_START_FAILED);

	/* no log at all, PMF and a radio without BIP: the prediction holds */
	ap_input(&in, "psk2+pmf", NULL);
	in.ciphers = hw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(hw_ciphers);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_NO_BIP_CIPHER);
	free(dbg);
	free(log);
}

static void test_ap_generic_quotes_lines(void **state)
{
	char *busy = wbt_fixture_read("logs/hostapd-radio-busy.log");
	char *bad = wbt_fixture_read("logs/hostapd-bad-config.log");
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	/* a radio without BIP, but hostapd failed for another, stated reason */
	ap_input(&in, "sae", busy);
	in.ciphers = hw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(hw_ciphers);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_START_FAILED);
	assert_non_null(strstr(d.message, "'nl80211: kernel reports: Match already configured'"));
	assert_non_null(strstr(d.message, "nl80211 driver initialization failed."));
	assert_null(strstr(d.message, "1795592688")); /* timestamps stripped */
	assert_null(strstr(d.message, "deinit"));     /* noise skipped */

	ap_input(&in, "psk2", bad);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_START_FAILED);
	assert_non_null(strstr(d.message, "WPA-PSK enabled, but PSK or passphrase is not configured."));
	assert_non_null(strstr(d.message, "3 errors found in configuration file"));
	assert_null(strstr(d.message, "not-a-real-secret"));
	assert_null(strstr(d.remedy, "not-a-real-secret"));

	/* a timeout is its own code */
	ap_input(&in, "psk2", busy);
	in.result = -ETIMEDOUT;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_START_TIMEOUT);

	/* only summary lines: they are quoted rather than nothing */
	ap_input(&in, "psk2", "1.5: Interface initialization failed\n1.6: wlan0: AP-DISABLED\n");
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_non_null(strstr(d.message, "'Interface initialization failed'"));
	free(busy);
	free(bad);
}

static void test_sae_unsupported(void **state)
{
	char *log = wbt_fixture_read("logs/hostapd-no-sae.log");
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	ap_input(&in, "sae", log);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_SAE_UNSUPPORTED);
	assert_non_null(strstr(d.message, "invalid key_mgmt 'SAE'"));

	ap_input(&in, "sae-mixed", NULL);
	in.sae_capable = 0;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_SAE_UNSUPPORTED);

	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_STA_START;
	in.sec = wb_security_find("sae");
	in.log = log;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_SAE_UNSUPPORTED);
	in.log = "Failed to read or parse configuration '/x'.\n";
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_STA_START_FAILED);
	free(log);
}

static void sta_input(struct wb_diag_input *in, const char *profile, const char *log,
		      const char *events)
{
	wb_diag_input_init(in);
	in->phase = WB_DIAG_PHASE_STA_CONNECT;
	in->result = -EIO;
	in->sec = wb_security_find(profile);
	in->log = log;
	in->events = events;
}

static void test_sta_failures(void **state)
{
	char *igtk = wbt_fixture_read("logs/wpas-igtk-failed.log");
	char *psk = wbt_fixture_read("logs/wpas-wrong-psk.events");
	char *sae = wbt_fixture_read("logs/wpas-sae-wrong-password.events");
	char *rej = wbt_fixture_read("logs/wpas-pmf-reject.events");
	char *nf = wbt_fixture_read("logs/wpas-not-found.events");
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	sta_input(&in, "psk2+pmf-required", igtk, "CTRL-EVENT-DISCONNECTED bssid=x reason=1\n");
	in.driver_remedy = rt2800_remedy;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_STA_IGTK_FAILED);
	assert_string_equal(wb_diag_code_name(d.code), "sta_igtk_failed");
	assert_string_equal(d.remedy, rt2800_remedy);
	/* without the log line: a PMF profile, a station radio without BIP, disconnects */
	sta_input(&in, "sae", NULL, "CTRL-EVENT-DISCONNECTED bssid=x reason=1\n");
	in.ciphers = hw_ciphers;
	in.n_ciphers = WB_ARRAY_SIZE(hw_ciphers);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_STA_IGTK_FAILED);
	assert_non_null(strstr(d.remedy, "legacy WPA2-PSK"));

	sta_input(&in, "psk2", NULL, psk);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_WRONG_PASSWORD);
	assert_non_null(strstr(d.message, "4-way handshake"));
	assert_non_null(strstr(d.message, "reason=WRONG_KEY"));

	sta_input(&in, "sae", NULL, sae);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_WRONG_PASSWORD);
	assert_non_null(strstr(d.message, "SAE confirm"));

	sta_input(&in, "sae", NULL,
		  "CTRL-EVENT-SAE-UNKNOWN-PASSWORD-IDENTIFIER 02:00:00:00:00:00\n");
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_WRONG_PASSWORD);

	sta_input(&in, "psk2+pmf-required", NULL, rej);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_ASSOC_REJECTED);
	assert_int_equal(d.status_code, 31);
	assert_non_null(strstr(d.message, "status 31 (robust management frame policy violation"));
	assert_non_null(strstr(d.remedy, "PMF"));

	/* an SAE commit rejection is not a password problem */
	sta_input(&in, "sae", NULL,
		  "CTRL-EVENT-AUTH-REJECT 02:00:00:00:00:00 auth_type=3 auth_transaction=1 "
		  "status_code=77\n");
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_ASSOC_REJECTED);
	assert_int_equal(d.status_code, 77);
	assert_non_null(strstr(d.message, "rejected the authentication"));

	sta_input(&in, "psk2", NULL, nf);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_NETWORK_NOT_FOUND);

	sta_input(&in, "sae", NULL, nf);
	in.sae_capable = 0;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_SAE_UNSUPPORTED);

	sta_input(&in, "psk2", NULL, "CTRL-EVENT-SCAN-STARTED\n");
	in.result = -ETIMEDOUT;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_ASSOC_TIMEOUT);
	assert_non_null(strstr(d.message, "in time"));
	free(igtk);
	free(psk);
	free(sae);
	free(rej);
	free(nf);
}

static void test_driver_and_names(void **state)
{
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_DRIVER;
	in.log = "modprobe: FATAL: Module rt2800soc is in use.\n";
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_DRIVER_RELOAD_FAILED);
	assert_non_null(strstr(d.message, "Module rt2800soc is in use."));
	in.driver_remedy = "stop netifd first";
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_string_equal(d.remedy, "stop netifd first");

	in.phase = (enum wb_diag_phase)42;
	assert_int_equal(wb_diagnose(&in, &d), -EINVAL);
	assert_string_equal(wb_diag_code_name(WB_DIAG_NONE), "none");
	assert_string_equal(wb_diag_code_name(WB_DIAG_AP_START_TIMEOUT), "ap_start_timeout");
	assert_string_equal(wb_diag_code_name((enum wb_diag_code)99), "unknown");
	assert_null(wb_diag_status_text(9999));
}

/* After the traffic: which daemon ended and how, or the association lost. */
static void test_measure_phase(void **state)
{
	struct wb_diag_input in;
	struct wb_diagnosis d;

	(void)state;
	wb_diag_input_init(&in);
	assert_int_equal(in.ap_exit, -1);
	assert_int_equal(in.sta_exit, -1);
	in.phase = WB_DIAG_PHASE_MEASURE;
	in.ap_exit = 128 + 9;
	in.sta_exit = 0;  /* the AP is named first: its death takes the station with it */
	in.log = "wlan0: AP-ENABLED\nnl80211: deinit ifname=wbap0\n";
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_DIED);
	assert_string_equal(wb_diag_code_name(d.code), "ap_died");
	assert_non_null(strstr(d.message, "hostapd was killed by signal 9 during the measurement"));
	in.ap_exit = -1;
	in.sta_exit = 1;
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_string_equal(wb_diag_code_name(d.code), "sta_died");
	assert_non_null(strstr(d.message, "wpa_supplicant exited (status 1)"));
	in.sta_exit = -1;
	in.log = NULL;
	in.events = "<3>CTRL-EVENT-CONNECTED - Connection to 02:00:00:00:00:00 completed\n"
		    "<3>CTRL-EVENT-DISCONNECTED bssid=02:00:00:00:00:00 reason=4\n";
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_string_equal(wb_diag_code_name(d.code), "sta_disconnected");
	assert_non_null(strstr(d.message, "lost its association"));
	assert_non_null(strstr(d.message, "reason=4"));
	assert_true(d.remedy[0] != '\0');
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_bip_seed_case),
		cmocka_unit_test(test_no_bip_variants),
		cmocka_unit_test(test_ap_generic_quotes_lines),
		cmocka_unit_test(test_sae_unsupported),
		cmocka_unit_test(test_sta_failures),
		cmocka_unit_test(test_driver_and_names),
		cmocka_unit_test(test_measure_phase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
