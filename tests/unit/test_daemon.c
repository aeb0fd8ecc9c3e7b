/*
 * hostapd/wpa_supplicant runners without radios: reply parsers on captured replies, the
 * real binaries' versions, and a real start failure (an interface that does not exist)
 * ending in a reaped process, a kept log, a diagnosis, and no leftover sockets.
 * Radios and connections are covered by test_live_daemons in the VM.
 */
#include <dirent.h>
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
#include "wbench/diag/diagnose.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"
#include "wbench/daemons/wpas.h"

static void test_sta_parse(void **state)
{
	char *text = wbt_fixture_read("ctrl/hostapd-sta.txt");
	struct wb_ap_sta st;

	(void)state;
	assert_int_equal(wb_hostapd_sta_parse(text, &st), 0);
	assert_string_equal(st.addr, "02:00:00:00:01:00");
	assert_true(st.mfp);
	assert_true(st.authorized);
	assert_string_equal(st.akm, "00-0f-ac-8");
	assert_string_equal(st.flags, "[AUTH][ASSOC][AUTHORIZED][SHORT_PREAMBLE][WMM][MFP][HT]");
	assert_int_equal(wb_hostapd_sta_parse("02:00:00:00:01:00\nflags=[AUTH][ASSOC]\n", &st), 0);
	assert_false(st.mfp);
	assert_false(st.authorized);
	assert_string_equal(st.akm, "");
	assert_int_equal(wb_hostapd_sta_parse("FAIL\n", &st), -ENOENT);
	assert_int_equal(wb_hostapd_sta_parse("", &st), -ENOENT);
	assert_int_equal(wb_hostapd_sta_parse("02:00:00:00:01\nflags=[MFP]\n", &st), -EINVAL);
	assert_int_equal(wb_hostapd_sta_parse("flags=[MFP]\n", &st), -EINVAL);
	free(text);
}

static void test_status_parse(void **state)
{
	static const uint8_t ssid[] = { 't', 'e', '"', 's', 't', '\\', 'x', 0x00, '\n', 0xff };
	char *text = wbt_fixture_read("ctrl/wpas-status.txt");
	struct wb_wpas_status st;

	(void)state;
	assert_int_equal(wb_wpas_status_parse(text, &st), 0);
	assert_string_equal(st.wpa_state, "COMPLETED");
	assert_string_equal(st.key_mgmt, "SAE");
	assert_int_equal(st.pmf, 2);
	assert_string_equal(st.mgmt_group_cipher, "BIP");
	assert_string_equal(st.pairwise_cipher, "CCMP");
	assert_string_equal(st.group_cipher, "CCMP");
	assert_string_equal(st.bssid, "02:00:00:00:00:00");
	assert_string_equal(st.address, "02:00:00:00:01:00");
	assert_int_equal(st.freq, 2412);
	assert_int_equal(st.ssid_len, sizeof(ssid));
	assert_memory_equal(st.ssid, ssid, sizeof(ssid));
	free(text);

	/* not connected: no PMF line, no ssid */
	assert_int_equal(wb_wpas_status_parse("wpa_state=SCANNING\naddress=02:00:00:00:01:00\n",
					      &st), 0);
	assert_int_equal(st.pmf, 0);
	assert_int_equal(st.ssid_len, 0);
	assert_string_equal(st.key_mgmt, "");
	assert_int_equal(wb_wpas_status_parse("ssid=bad\\q\n", &st), -EINVAL);
	assert_int_equal(wb_wpas_status_parse("ssid=bad\\x4\n", &st), -EINVAL);
	assert_int_equal(wb_wpas_status_parse("ssid=123456789012345678901234567890123\n", &st),
			 -EINVAL);
	assert_int_equal(wb_wpas_status_parse("pmf=3\n", &st), -EINVAL);
	assert_int_equal(wb_wpas_status_parse("freq=abc\n", &st), -EINVAL);
}

/* The daemons run on this machine (created by the group setup). */
static struct wb_host *local;

static int group_setup(void **state)
{
	(void)state;
	return wb_host_local_new(&local);
}

static int group_teardown(void **state)
{
	(void)state;
	wb_host_free(local);
	return 0;
}

static bool have(const char *prog)
{
	return access(prog, X_OK) == 0;
}

static void test_versions(void **state)
{
	char v[32];

	(void)state;
	if (!have("/usr/sbin/hostapd") || !have("/usr/sbin/wpa_supplicant"))
		skip();
	assert_int_equal(wb_hostapd_version(local, NULL, v, sizeof(v)), 0);
	assert_true(v[0] >= '0' && v[0] <= '9' && strchr(v, '.'));
	assert_int_equal(wb_wpas_version(local, NULL, v, sizeof(v)), 0);
	assert_true(v[0] >= '0' && v[0] <= '9' && strchr(v, '.'));
	assert_int_equal(wb_hostapd_version(local, "/nonexistent/hostapd", v, sizeof(v)), -ENOENT);
	/* `true -v` prints nothing: no version word */
	assert_int_equal(wb_daemon_version(local, "true", v, sizeof(v), 5000), -EPROTO);
}

/* Entries left in @dir other than logs and configs. */
static int leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		const char *dot = strrchr(e->d_name, '.');

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (dot && (strcmp(dot, ".log") == 0 || strcmp(dot, ".conf") == 0))
			continue;
		print_message("leftover: %s\n", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

static const uint8_t ssid[] = "wbench";

static void test_hostapd_start_failure(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-daemon"), *log = NULL;
	struct wb_hostapd_opts o;
	struct wb_diag_input in;
	struct wb_diagnosis d;
	struct wb_hostapd h;
	struct stat st;

	(void)state;
	if (!have("/usr/sbin/hostapd"))
		skip();
	assert_non_null(dir);
	wb_hostapd_opts_init(&o);
	o.host = local;
	o.dir = dir;
	o.conf.ifname = "wbnosuch0";
	o.conf.net.sec = wb_security_find("sae");
	o.conf.net.ssid = ssid;
	o.conf.net.ssid_len = sizeof(ssid) - 1;
	o.conf.net.passphrase = "not the real one";
	wb_hostapd_init(&h);
	assert_int_equal(wb_hostapd_start(&h, &o, NULL), -EIO);
	assert_false(wb_daemon_running(&h.d));
	assert_int_equal(h.exit_code, 1);
	assert_true(h.fail_event[0] != '\0');
	/* the config holds the passphrase: 0600 */
	assert_int_equal(stat(h.d.conf_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(h.d.log_path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(wb_hostapd_log(&h, &log), 0);
	assert_non_null(strstr(log, "wbnosuch0"));
	assert_null(strstr(log, "not the real one"));

	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_AP_START;
	in.result = -EIO;
	in.sec = o.conf.net.sec;
	in.log = log;
	in.events = wb_hostapd_events(&h);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	assert_int_equal(d.code, WB_DIAG_AP_START_FAILED);
	assert_null(strstr(d.message, "not the real one"));
	free(log);

	wb_hostapd_release(&h);
	assert_int_equal(leftovers(dir), 0);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
}

static void test_wpas_start_failure(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-daemon"), *log = NULL;
	struct wb_wpas_opts o;
	struct wb_wpas w;

	(void)state;
	if (!have("/usr/sbin/wpa_supplicant"))
		skip();
	assert_non_null(dir);
	wb_wpas_opts_init(&o);
	o.host = local;
	o.dir = dir;
	o.ifname = "wbnosuch0";
	o.conf.net.sec = wb_security_find("psk2");
	o.conf.net.ssid = ssid;
	o.conf.net.ssid_len = sizeof(ssid) - 1;
	o.conf.net.passphrase = "not the real one";
	wb_wpas_init(&w);
	assert_int_equal(wb_wpas_start(&w, &o, NULL), -EIO);
	assert_false(wb_daemon_running(&w.d));
	assert_non_null(strstr(w.fail_event, "exited with status"));
	assert_int_equal(wb_wpas_log(&w, &log), 0);
	assert_non_null(strstr(log, "wbnosuch0"));
	free(log);
	/* not started: every query says so instead of touching a socket */
	assert_int_equal(wb_wpas_connect(&w, 1000, NULL), -ENOTCONN);
	wb_wpas_release(&w);
	wb_wpas_release(&w); /* idempotent */
	assert_int_equal(leftovers(dir), 0);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
}

static void test_bad_config_not_started(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-daemon");
	struct wb_hostapd_opts o;
	struct wb_hostapd h;

	(void)state;
	assert_non_null(dir);
	wb_hostapd_opts_init(&o);
	o.host = local;
	o.dir = dir;
	o.conf.ifname = "wlan0";
	o.conf.net.sec = wb_security_find("sae");
	o.conf.net.ssid = ssid;
	o.conf.net.ssid_len = sizeof(ssid) - 1;
	o.conf.net.passphrase = "line\nbreak";
	wb_hostapd_init(&h);
	assert_int_equal(wb_hostapd_start(&h, &o, NULL), -EINVAL);
	assert_false(wb_daemon_started(&h.d)); /* nothing was started */
	wb_hostapd_release(&h);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
}

/* hostapd on @host failing to start (no such interface): its diagnosis and log. */
static void hostapd_fails_on(struct wb_host *host, const char *dir, struct wb_diagnosis *d,
			     char **log)
{
	struct wb_hostapd_opts o;
	struct wb_diag_input in;
	struct wb_hostapd h;

	wb_hostapd_opts_init(&o);
	o.host = host;
	o.dir = dir;
	o.conf.ifname = "wbnosuch0";
	o.conf.net.sec = wb_security_find("psk2");
	o.conf.net.ssid = ssid;
	o.conf.net.ssid_len = sizeof(ssid) - 1;
	o.conf.net.passphrase = "not the real one";
	wb_hostapd_init(&h);
	assert_int_equal(wb_hostapd_start(&h, &o, NULL), -EIO);
	assert_false(wb_daemon_running(&h.d));
	assert_int_equal(h.exit_code, 1);
	assert_int_equal(wb_hostapd_log(&h, log), 0);
	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_AP_START;
	in.result = -EIO;
	in.sec = o.conf.net.sec;
	in.log = *log;
	in.events = wb_hostapd_events(&h);
	assert_int_equal(wb_diagnose(&in, d), 0);
	wb_hostapd_release(&h);
	assert_int_equal(wb_host_children(host), 0);
}

/*
 * The same failure through the ssh backend (tests/lib/fake_ssh.py runs the "remote"
 * commands here with the real hostapd and hostapd_cli): the daemon's exit ends the start
 * as promptly, and the diagnosis is the local one, word for word.
 */
static void test_remote_start_failure_diagnosed_like_local(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-daemon"), *llog = NULL, *rlog = NULL;
	struct wb_host_ssh_cfg cfg = { .target = "root@ap", .ssh = "tests/lib/fake_ssh.py",
				       .connect_timeout_s = 5 };
	struct wb_diagnosis dl, dr;
	struct wb_host *remote = NULL;
	int64_t t0;

	(void)state;
	if (!have("/usr/sbin/hostapd") || !have("/usr/sbin/hostapd_cli"))
		skip();
	assert_non_null(dir);
	hostapd_fails_on(local, dir, &dl, &llog);
	cfg.local_dir = dir;
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	assert_int_equal(wb_host_ssh_new(&cfg, &remote), 0);
	t0 = wb_now_ms();
	hostapd_fails_on(remote, wb_host_ssh_remote_dir(remote), &dr, &rlog);
	assert_true(wb_now_ms() - t0 < WB_HOSTAPD_START_TIMEOUT_MS / 4);
	assert_int_equal(dr.code, WB_DIAG_AP_START_FAILED);
	assert_int_equal(dl.code, dr.code);
	assert_string_equal(dl.message, dr.message);
	assert_string_equal(dl.remedy, dr.remedy);
	assert_non_null(strstr(rlog, "wbnosuch0"));
	assert_null(strstr(rlog, "not the real one"));
	free(llog);
	free(rlog);
	wb_host_free(remote);
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sta_parse),
		cmocka_unit_test(test_status_parse),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_hostapd_start_failure),
		cmocka_unit_test(test_wpas_start_failure),
		cmocka_unit_test(test_bad_config_not_started),
		cmocka_unit_test(test_remote_start_failure_diagnosed_like_local),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
