/*
 * hostapd and wpa_supplicant for real, on two mac80211_hwsim radios in two network
 * namespaces. Needs root and mac80211_hwsim (the VM: tests/vm/t_live_daemons.sh); skips
 * elsewhere. The radio and namespace setup here is test scaffolding with modprobe, iw and
 * ip; the product's own code for that lives in wbench/sys/hwsim.c and wbench/sys/netns.c.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
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

#include "wbench/wifi/ciphers.h"
#include "wbench/diag/diagnose.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/host/host.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/util.h"
#include "wbench/daemons/wpas.h"

#define PASS "wbench live passphrase"

struct live {
	bool ready;             /* radios and namespaces are set up */
	bool loaded_module;     /* we loaded mac80211_hwsim: unload it at the end */
	bool reloaded_module;   /* it was loaded with no radios: restore that at the end */
	char ns_ap[32], ns_sta[32];
	char ns_ap_path[64], ns_sta_path[64];
	char if_ap[16], if_sta[16];
	char *dir;              /* private run directory */
	struct wb_host *host;   /* this machine: both ends run here */
	/* The current test's daemons, here so that a failed assertion still stops them. */
	struct wb_hostapd h;
	struct wb_wpas w;
};

static int run(const char *const argv[], bool quiet)
{
	struct wb_proc_opts o;

	wb_proc_opts_init(&o);
	if (quiet) {
		o.stdout_fd = WB_PROC_DEVNULL;
		o.stderr_fd = WB_PROC_DEVNULL;
	}
	return wb_proc_run((char *const *)argv, &o, 60000, NULL);
}

/* hwsim phys in our namespace, with their interface: up to @max. */
static size_t hwsim_phys(char phys[][16], char ifs[][16], size_t max)
{
	DIR *d = opendir("/sys/class/ieee80211");
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char path[PATH_MAX], real[PATH_MAX];
		struct dirent *ne;
		DIR *nd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/ieee80211/%s/device", e->d_name);
		if (!realpath(path, real) || !strstr(real, "mac80211_hwsim"))
			continue;
		snprintf(path, sizeof(path), "/sys/class/ieee80211/%s/device/net", e->d_name);
		nd = opendir(path);
		if (!nd)
			continue;
		while ((ne = readdir(nd)))
			if (ne->d_name[0] != '.')
				break;
		if (ne && strlen(ne->d_name) < 16 && strlen(e->d_name) < 16) {
			wb_strlcpy(phys[n], e->d_name, 16);
			wb_strlcpy(ifs[n], ne->d_name, 16);
			n++;
		}
		closedir(nd);
	}
	closedir(d);
	return n;
}

static bool any_phy(void)
{
	DIR *d = opendir("/sys/class/ieee80211");
	struct dirent *e;
	bool found = false;

	while (d && !found && (e = readdir(d)))
		found = e->d_name[0] != '.';
	if (d)
		closedir(d);
	return found;
}

static int our_processes(const char *dir);
static int leftovers(const char *dir);

static int setup(void **state)
{
	static const char *const load[] = { "modprobe", "mac80211_hwsim", "radios=2", NULL };
	static const char *const unload[] = { "modprobe", "-r", "mac80211_hwsim", NULL };
	char phys[2][16], ifs[2][16];
	struct live *L;
	struct stat st;

	/* cmocka cannot skip from a group setup: the tests skip when !ready */
	L = calloc(1, sizeof(*L));
	assert_non_null(L);
	*state = L;
	if (wb_host_local_new(&L->host) < 0)
		return -1;
	if (geteuid() != 0)
		return 0;
	if (stat("/sys/module/mac80211_hwsim", &st) < 0) {
		if (run(load, true) != 0)
			return 0; /* no hwsim here (the host): the VM runs this test */
		L->loaded_module = true;
	} else if (hwsim_phys(phys, ifs, 2) < 2 && !any_phy()) {
		/* loaded with radios=0 (the VM's default) and nothing using it: reload */
		assert_int_equal(run(unload, false), 0);
		assert_int_equal(run(load, false), 0);
		L->reloaded_module = true;
	}
	if (hwsim_phys(phys, ifs, 2) < 2) {
		print_message("fewer than two free hwsim radios\n");
		return 0;
	}
	snprintf(L->ns_ap, sizeof(L->ns_ap), "wbt-ap-%d", (int)getpid());
	snprintf(L->ns_sta, sizeof(L->ns_sta), "wbt-sta-%d", (int)getpid());
	snprintf(L->ns_ap_path, sizeof(L->ns_ap_path), "/run/netns/%s", L->ns_ap);
	snprintf(L->ns_sta_path, sizeof(L->ns_sta_path), "/run/netns/%s", L->ns_sta);
	wb_strlcpy(L->if_ap, ifs[0], sizeof(L->if_ap));
	wb_strlcpy(L->if_sta, ifs[1], sizeof(L->if_sta));
	{
		const char *const add_ap[] = { "ip", "netns", "add", L->ns_ap, NULL };
		const char *const add_sta[] = { "ip", "netns", "add", L->ns_sta, NULL };
		const char *const mv_ap[] = { "iw", "phy", phys[0], "set", "netns", "name", L->ns_ap, NULL };
		const char *const mv_sta[] = { "iw", "phy", phys[1], "set", "netns", "name", L->ns_sta, NULL };

		assert_int_equal(run(add_ap, false), 0);
		assert_int_equal(run(add_sta, false), 0);
		assert_int_equal(run(mv_ap, false), 0);
		assert_int_equal(run(mv_sta, false), 0);
	}
	L->dir = wb_mkdtemp_private("wbench-live");
	assert_non_null(L->dir);
	L->ready = true;
	return 0;
}

static int test_setup(void **state)
{
	struct live *L = *state;

	wb_hostapd_init(&L->h);
	wb_wpas_init(&L->w);
	return 0;
}

/* print_message cuts at 1 KiB: logs go out line by line. */
static void dump_text(const char *title, const char *text)
{
	const char *p = text;

	print_message("%s:\n", title);
	while (p && *p) {
		size_t n = strcspn(p, "\n");

		print_message("  %.*s\n", (int)(n > 900 ? 900 : n), p);
		p += n;
		if (*p)
			p++;
	}
}

static void dump_logs(struct live *L)
{
	char *log = NULL;

	if (wb_hostapd_log(&L->h, &log) == 0)
		dump_text("hostapd log", log);
	free(log);
	dump_text("hostapd events", wb_hostapd_events(&L->h));
	log = NULL;
	if (wb_wpas_log(&L->w, &log) == 0)
		dump_text("wpa_supplicant log", log);
	free(log);
	dump_text("wpa_supplicant events", wb_wpas_events(&L->w));
}

/* Runs after every test, passed or failed: nothing may outlive it. */
static int test_teardown(void **state)
{
	struct live *L = *state;
	int leftover;

	wb_wpas_release(&L->w);
	wb_hostapd_release(&L->h);
	if (!L->ready)
		return 0;
	leftover = our_processes(L->dir) + leftovers(L->dir);
	return leftover ? -1 : 0;
}

/* The shared state, or a skip when this machine cannot run the live tests. */
static struct live *live(void **state)
{
	struct live *L = *state;

	if (!L->ready)
		skip();
	return L;
}

/* Processes whose command line mentions our run directory (daemons we started). */
static int our_processes(const char *dir)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[300], *cmd = NULL;
		size_t len, i;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if (wb_read_file(path, 1 << 16, &cmd, &len) < 0)
			continue;
		for (i = 0; i < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		if (strstr(cmd, dir)) {
			print_message("leftover process %s: %s\n", e->d_name, cmd);
			n++;
		}
		free(cmd);
	}
	closedir(d);
	return n;
}

/* Sockets or directories left in the run directory (logs and configs may stay). */
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
		print_message("leftover file: %s\n", e->d_name);
		n++;
	}
	closedir(d);
	return n;
}

static int teardown(void **state)
{
	static const char *const unload[] = { "modprobe", "-r", "mac80211_hwsim", NULL };
	static const char *const load0[] = { "modprobe", "mac80211_hwsim", "radios=0", NULL };
	struct live *L = *state;
	const char *const del_ap[] = { "ip", "netns", "del", L->ns_ap, NULL };
	const char *const del_sta[] = { "ip", "netns", "del", L->ns_sta, NULL };

	if (!L->ready) {
		wb_host_free(L->host);
	free(L);
		return 0;
	}
	assert_int_equal(our_processes(L->dir), 0);
	assert_int_equal(leftovers(L->dir), 0);
	assert_int_equal(wb_rm_rf(L->dir), 0);
	free(L->dir);
	assert_int_equal(run(del_ap, false), 0);
	assert_int_equal(run(del_sta, false), 0);
	/* The namespaces' radios return to us asynchronously; modprobe -r waits for them. */
	if (L->loaded_module || L->reloaded_module)
		assert_int_equal(run(unload, false), 0);
	if (L->reloaded_module)
		assert_int_equal(run(load0, false), 0);
	wb_host_free(L->host);
	free(L);
	return 0;
}

struct cell {
	const char *profile;
	const uint8_t *ssid;
	size_t ssid_len;
	const char *ap_pass, *sta_pass;
	bool legacy_sta, beacon_prot;
	int sae_pwe;
	uint32_t gmc;
};

static void cell_init(struct cell *c, const char *profile)
{
	static const uint8_t ssid[] = "wbench-live";

	memset(c, 0, sizeof(*c));
	c->profile = profile;
	c->ssid = ssid;
	c->ssid_len = sizeof(ssid) - 1;
	c->sae_pwe = WB_NETCFG_SAE_PWE_DEFAULT;
	if (wb_security_find(profile)->passphrase)
		c->ap_pass = c->sta_pass = PASS;
}

static void net_of(const struct cell *c, struct wb_netcfg *n, const char *pass)
{
	wb_netcfg_init(n);
	n->sec = wb_security_find(c->profile);
	n->ssid = c->ssid;
	n->ssid_len = c->ssid_len;
	n->passphrase = pass;
	n->channel = 1;
	n->beacon_prot = c->beacon_prot;
	n->sae_pwe = c->sae_pwe;
	n->group_mgmt_cipher = c->gmc;
}

static void ap_up(struct live *L, const struct cell *c)
{
	struct wb_hostapd_opts o;
	int r;

	wb_hostapd_opts_init(&o);
	o.host = L->host;
	o.netns = L->ns_ap_path;
	o.dir = L->dir;
	o.conf.ifname = L->if_ap;
	net_of(c, &o.conf.net, c->ap_pass);
	wb_hostapd_release(&L->h);
	wb_hostapd_init(&L->h);
	r = wb_hostapd_start(&L->h, &o, NULL);
	if (r != 0)
		dump_logs(L);
	assert_int_equal(r, 0);
	assert_true(L->h.enable_ms >= 0);
}

/* Starts the station and connects; returns wb_wpas_connect's result. */
static int sta_connect(struct live *L, const struct cell *c)
{
	struct wb_wpas_opts o;
	int r;

	wb_wpas_opts_init(&o);
	o.host = L->host;
	o.netns = L->ns_sta_path;
	o.dir = L->dir;
	o.ifname = L->if_sta;
	net_of(c, &o.conf.net, c->sta_pass);
	o.conf.legacy_psk = c->legacy_sta;
	wb_wpas_release(&L->w);
	wb_wpas_init(&L->w);
	r = wb_wpas_start(&L->w, &o, NULL);
	if (r != 0)
		dump_logs(L);
	assert_int_equal(r, 0);
	return wb_wpas_connect(&L->w, 0, NULL);
}

/* Connects, checks STATUS and hostapd's view, disconnects and stops both daemons. */
static void connect_and_check(struct live *L, const struct cell *c, const char *key_mgmt,
			      int pmf, const char *mgmt_cipher)
{
	struct wb_wpas_status st;
	struct wb_ap_sta sta, all[4];
	size_t n;
	int r;

	ap_up(L, c);
	r = sta_connect(L, c);
	if (r != 0) {
		print_message("fail event: %s\n", L->w.fail_event);
		dump_logs(L);
	}
	assert_int_equal(r, 0);
	assert_true(L->w.assoc_ms >= 0);
	print_message("%s%s: AP up in %lld ms, associated in %lld ms\n", c->profile,
		      c->legacy_sta ? " (legacy station)" : "", (long long)L->h.enable_ms,
		      (long long)L->w.assoc_ms);

	assert_int_equal(wb_wpas_status(&L->w, &st), 0);
	if (strcmp(st.wpa_state, "COMPLETED") != 0)
		dump_logs(L);
	assert_string_equal(st.wpa_state, "COMPLETED");
	assert_string_equal(st.key_mgmt, key_mgmt);
	assert_int_equal(st.pmf, pmf);
	assert_string_equal(st.mgmt_group_cipher, mgmt_cipher);
	assert_int_equal(st.freq, 2412);
	assert_int_equal(st.ssid_len, c->ssid_len);
	assert_memory_equal(st.ssid, c->ssid, c->ssid_len);

	/* hostapd's view of the same station: [MFP] exactly when PMF is in use */
	assert_int_equal(wb_hostapd_sta(&L->h, st.address, &sta), 0);
	assert_true(sta.authorized);
	assert_int_equal(sta.mfp, pmf > 0);
	assert_int_equal(wb_hostapd_all_sta(&L->h, all, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(all[0].addr, st.address);

	assert_int_equal(wb_wpas_disconnect(&L->w, 10000, NULL), 0);
	assert_int_equal(wb_wpas_stop(&L->w), 0);
	assert_int_equal(wb_hostapd_stop(&L->h), 0);
	assert_false(wb_daemon_running(&L->w.d));
	assert_false(wb_daemon_running(&L->h.d));
	wb_wpas_release(&L->w);
	wb_hostapd_release(&L->h);
	assert_int_equal(our_processes(L->dir), 0);
	assert_int_equal(leftovers(L->dir), 0);
}

static void test_psk2(void **state)
{
	struct cell c;

	cell_init(&c, "psk2");
	connect_and_check(live(state), &c, "WPA2-PSK", 0, "");
}

static void test_sae(void **state)
{
	struct cell c;

	cell_init(&c, "sae");
	connect_and_check(live(state), &c, "SAE", 2, "BIP");
}

static void test_sae_mixed(void **state)
{
	struct cell c;

	cell_init(&c, "sae-mixed");
	connect_and_check(live(state), &c, "SAE", 1, "BIP");
	c.legacy_sta = true; /* the WPA2 station of a transition-mode network: no PMF */
	connect_and_check(live(state), &c, "WPA2-PSK", 0, "");
}

/*
 * No OWE here: under TCG a retransmitted Association Request makes hostapd redo the OWE
 * Diffie-Hellman, the two sides end with different PMKs and the handshake stalls in about
 * half the runs. OWE configs are covered by the golden tests.
 */
static void test_pmf_required(void **state)
{
	struct cell c;

	cell_init(&c, "psk2+pmf-required");
	connect_and_check(live(state), &c, "WPA2-PSK-SHA256", 2, "BIP");
}

/* Options end to end: beacon protection, H2E, BIP-GMAC-256, and an SSID of hostile bytes. */
static void test_sae_options_hostile_ssid(void **state)
{
	static const uint8_t ssid[] = { 'w', 'b', '\n', 'w', 'p', 'a', '=', '0', '"', 0x00, 0xff };
	struct cell c;

	cell_init(&c, "sae");
	c.ssid = ssid;
	c.ssid_len = sizeof(ssid);
	c.beacon_prot = true;
	c.sae_pwe = 2;
	c.gmc = WB_CIPHER_BIP_GMAC_256;
	connect_and_check(live(state), &c, "SAE", 2, "BIP-GMAC-256");
}

/* The AP deauthenticates the station: the station sees it as not locally generated. */
static void test_ap_deauth(void **state)
{
	static const char *const evs[] = { WB_EV_DISCONNECTED, NULL };
	struct live *L = live(state);
	struct wb_wpas_status st;
	char line[256];
	struct cell c;

	cell_init(&c, "psk2+pmf");
	ap_up(L, &c);
	assert_int_equal(sta_connect(L, &c), 0);
	assert_int_equal(wb_wpas_status(&L->w, &st), 0);
	assert_int_equal(wb_hostapd_deauth(&L->h, st.address), 0);
	assert_int_equal(wb_ctrl_wait_event(L->w.d.ev, evs, 10000, NULL, wb_daemon_peer(&L->w.d), line,
					    sizeof(line)), 0);
	assert_null(strstr(line, "locally_generated=1"));
	assert_int_equal(wb_hostapd_deauth(&L->h, "02:00:00:00:0x:00"), -EINVAL);
	wb_wpas_release(&L->w);
	wb_hostapd_release(&L->h);
}

static void wrong_password(struct live *L, const char *profile)
{
	struct wb_diag_input in;
	struct wb_diagnosis d;
	struct cell c;
	char *log = NULL;
	int r;

	cell_init(&c, profile);
	c.sta_pass = "not the passphrase";
	ap_up(L, &c);
	r = sta_connect(L, &c);
	if (r != -EIO)
		dump_logs(L);
	assert_int_equal(r, -EIO);
	print_message("%s wrong password: %s\n", profile, L->w.fail_event);

	assert_int_equal(wb_wpas_log(&L->w, &log), 0);
	assert_null(strstr(log, "not the passphrase"));
	assert_null(strstr(log, PASS));
	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_STA_CONNECT;
	in.result = r;
	in.sec = wb_security_find(profile);
	in.log = log;
	in.events = wb_wpas_events(&L->w);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	print_message("diagnosis: %s: %s\n", wb_diag_code_name(d.code), d.message);
	free(log);
	assert_int_equal(d.code, WB_DIAG_WRONG_PASSWORD);
	assert_null(strstr(d.message, "not the passphrase"));
	assert_int_equal(wb_hostapd_log(&L->h, &log), 0);
	assert_null(strstr(log, PASS));
	free(log);
	wb_wpas_release(&L->w);
	wb_hostapd_release(&L->h);
}

static void test_wrong_password_psk2(void **state)
{
	wrong_password(live(state), "psk2");
}

static void test_wrong_password_sae(void **state)
{
	wrong_password(live(state), "sae");
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
#define LIVE(t) cmocka_unit_test_setup_teardown(t, test_setup, test_teardown)
		LIVE(test_psk2),
		LIVE(test_sae),
		LIVE(test_sae_mixed),
		LIVE(test_pmf_required),
		LIVE(test_sae_options_hostile_ssid),
		LIVE(test_ap_deauth),
		LIVE(test_wrong_password_psk2),
		LIVE(test_wrong_password_sae),
	};

	/* Whole lines even when stdout is a pipe shared with stderr (tests/vm/t_*.sh). */
	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, setup, teardown);
}
