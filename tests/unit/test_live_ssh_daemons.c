/*
 * hostapd on a remote host over ssh, for real: OpenSSH's sshd in a network namespace ("AP
 * host", tests/lib/aphost.sh) with an rt2800-profile hwsim radio, wbench's ssh host
 * backend verifying its host key, hostapd driven through the host's hostapd_cli; the
 * station is a local wpa_supplicant on another radio. A second rt2800 radio in a local
 * namespace runs the same AP locally, for "the same diagnosis as locally", and the AP host
 * has a second radio for a remote wpa_supplicant (through its wpa_cli) to a local AP.
 *
 * Run by tests/vm/t_ssh_daemons.sh, which builds the AP host and the radios and passes
 * them in WBT_AP_* / WBT_LAP_* / WBT_STA_*; without them (not in the VM) every case skips.
 * Both AP radios have the interface name ap0, so hostapd's log lines (which the diagnosis
 * quotes) are the same on both sides.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
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

#include "collectors/capabilities.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/daemons/preflight.h"
#include "wbench/daemons/wpas.h"
#include "wbench/diag/diagnose.h"
#include "wbench/diag/predict.h"
#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"
#include "wbench/sys/hwsim.h"
#include "wbench/wifi/drivers.h"

#define PASS "wbench remote passphrase"
#define AP_IF "ap0"

struct live {
	bool ready;
	const char *target, *key, *known_hosts, *ap_ns, *ap_phy, *lap_ns, *lap_phy;
	const char *sta_ns, *sta_if, *ap_sta_if;
	char lap_ns_path[64], sta_ns_path[64];
	char opt_known[PATH_MAX + 32];
	char *ldir;               /* local private run directory */
	char *sshdir;             /* local private directory for ssh's control socket */
	struct wb_host *local, *remote;
	char *rdir;               /* the current test's remote run directory (ours) */
	struct wb_hostapd h;      /* on the AP host */
	struct wb_hostapd lh;     /* on this machine, for comparison */
	struct wb_wpas w;         /* the station, on this machine */
};

static int ssh_connect(struct live *L, const char *known_hosts, struct wb_host **out)
{
	char *opts[] = { L->opt_known, "GlobalKnownHostsFile=/dev/null",
			 "StrictHostKeyChecking=yes", "IdentitiesOnly=yes", NULL };
	struct wb_host_ssh_cfg cfg = { .target = L->target, .identity = L->key, .options = opts,
				       .local_dir = L->sshdir, .connect_timeout_s = 20 };

	snprintf(L->opt_known, sizeof(L->opt_known), "UserKnownHostsFile=%s", known_hosts);
	return wb_host_ssh_new(&cfg, out);
}

static int setup(void **state)
{
	struct live *L = calloc(1, sizeof(*L));

	assert_non_null(L);
	*state = L;
	L->target = getenv("WBT_AP_TARGET");
	L->key = getenv("WBT_AP_KEY");
	L->known_hosts = getenv("WBT_AP_KNOWN_HOSTS");
	L->ap_ns = getenv("WBT_AP_NS");
	L->ap_phy = getenv("WBT_AP_PHY");
	L->lap_ns = getenv("WBT_LAP_NS");
	L->lap_phy = getenv("WBT_LAP_PHY");
	L->sta_ns = getenv("WBT_STA_NS");
	L->sta_if = getenv("WBT_STA_IF");
	L->ap_sta_if = getenv("WBT_AP_STA_IF");
	if (!L->target || !L->key || !L->known_hosts || !L->ap_ns || !L->ap_phy || !L->lap_ns ||
	    !L->lap_phy || !L->sta_ns || !L->sta_if || !L->ap_sta_if || geteuid() != 0)
		return 0; /* not in the VM: tests/vm/t_ssh_daemons.sh sets these */
	snprintf(L->lap_ns_path, sizeof(L->lap_ns_path), "/run/netns/%s", L->lap_ns);
	snprintf(L->sta_ns_path, sizeof(L->sta_ns_path), "/run/netns/%s", L->sta_ns);
	L->ldir = wb_mkdtemp_private("wbt-live-ssh");
	L->sshdir = wb_mkdtemp_private("wbt-ssh");
	assert_non_null(L->ldir);
	assert_non_null(L->sshdir);
	assert_int_equal(wb_host_local_new(&L->local), 0);
	assert_int_equal(ssh_connect(L, L->known_hosts, &L->remote), 0);
	L->ready = true;
	return 0;
}

static struct live *live(void **state)
{
	struct live *L = *state;

	if (!L->ready)
		skip();
	return L;
}

static int test_setup(void **state)
{
	struct live *L = *state;
	char path[PATH_MAX];

	wb_hostapd_init(&L->h);
	wb_hostapd_init(&L->lh);
	wb_wpas_init(&L->w);
	if (!L->ready)
		return 0;
	/* a cell's directory: private, under the host's own private directory */
	snprintf(path, sizeof(path), "%s/cell", wb_host_ssh_remote_dir(L->remote));
	L->rdir = strdup(path);
	return L->rdir && wb_host_mkdir(L->remote, L->rdir, 0700) == 0 ? 0 : -1;
}

/* print_message cuts at 1 KiB: text goes out line by line. */
static void dump_text(const char *title, const char *text)
{
	const char *p = text;

	print_message("%s:\n", title);
	while (p && *p) {
		size_t n = strcspn(p, "\n");

		print_message("  %.*s\n", (int)(n > 900 ? 900 : n), p);
		p += n + (p[n] != '\0');
	}
}

static void dump_logs(struct live *L)
{
	char *log = NULL;

	if (wb_hostapd_log(&L->h, &log) == 0)
		dump_text("remote hostapd log", log);
	free(log);
	dump_text("remote hostapd events", wb_hostapd_events(&L->h));
	log = NULL;
	if (wb_wpas_log(&L->w, &log) == 0)
		dump_text("wpa_supplicant log", log);
	free(log);
	dump_text("wpa_supplicant events", wb_wpas_events(&L->w));
}

static int test_teardown(void **state)
{
	struct live *L = *state;
	int r = 0;

	wb_wpas_release(&L->w);
	wb_hostapd_release(&L->h);
	wb_hostapd_release(&L->lh);
	if (L->ready) {
		r = wb_host_remove(L->remote, L->rdir);
		if (wb_host_children(L->remote) || wb_host_children(L->local))
			r = -1;
	}
	free(L->rdir);
	L->rdir = NULL;
	return r;
}

/* Processes in network namespace @ns (by its inode), other than sshd: what ps would show. */
/*
 * The host's persistent remote shell (`exec /bin/sh` on its own channel): it lives until
 * the host is closed, which teardown checks; a daemon's wrapper is never a bare /bin/sh.
 */
static bool persistent_shell(const char *pid)
{
	char path[300], *cmd = NULL;
	size_t len = 0;
	bool yes;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	if (wb_read_file(path, 4096, &cmd, &len) < 0)
		return false;
	yes = len == sizeof("/bin/sh") && memcmp(cmd, "/bin/sh", sizeof("/bin/sh")) == 0;
	free(cmd);
	return yes;
}

static int processes_in(const char *ns, char *list, size_t len)
{
	char path[PATH_MAX];
	struct stat want, st;
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	list[0] = '\0';
	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	assert_non_null(d);
	assert_int_equal(stat(path, &want), 0);
	while ((e = readdir(d))) {
		char *comm = NULL;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", e->d_name);
		if (stat(path, &st) < 0 || st.st_ino != want.st_ino || st.st_dev != want.st_dev)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		if (wb_read_file(path, 256, &comm, NULL) < 0)
			continue;
		comm[strcspn(comm, "\n")] = '\0';
		if (strcmp(comm, "sshd") != 0 && !persistent_shell(e->d_name)) {
			size_t k = strlen(list);

			snprintf(list + k, len - k, "%s%s(%s)", k ? " " : "", comm, e->d_name);
			n++;
		}
		free(comm);
	}
	closedir(d);
	return n;
}

/* Processes (here or on the AP host: one kernel) whose command line contains @text. */
static int cmdlines_with(const char *text)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[300], *cmd = NULL;
		size_t len;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if (wb_read_file(path, 1 << 16, &cmd, &len) < 0)
			continue;
		for (size_t i = 0; i < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		n += strstr(cmd, text) != NULL;
		free(cmd);
	}
	closedir(d);
	return n;
}

/* Our ssh clients: processes whose command line names our control socket directory. */
static int ssh_clients(const char *sshdir)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[300], *cmd = NULL;
		size_t len;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/cmdline", e->d_name);
		if (wb_read_file(path, 1 << 16, &cmd, &len) < 0)
			continue;
		for (size_t i = 0; i < len; i++)
			if (cmd[i] == '\0')
				cmd[i] = ' ';
		if (strstr(cmd, sshdir))
			n++;
		free(cmd);
	}
	closedir(d);
	return n;
}

static int teardown(void **state)
{
	struct live *L = *state;
	char *rroot = NULL, list[1024];
	struct stat st;
	int left = -1;

	if (L->ready) {
		rroot = strdup(wb_host_ssh_remote_dir(L->remote));
		assert_non_null(rroot);
	}
	wb_host_free(L->remote);
	wb_host_free(L->local);
	if (L->ready) {
		/* the AP host's sessions end with the master: give them a moment */
		for (int i = 0; i < 50 && (left = processes_in(L->ap_ns, list, sizeof(list))); i++)
			usleep(100000);
		print_message("after the host is closed: %d process(es) left in %s other than "
			      "sshd%s%s; remote directory %s; %d ssh client(s)\n", left, L->ap_ns,
			      left ? ": " : "", list,
			      stat(rroot, &st) == 0 ? "still there" : "gone", ssh_clients(L->sshdir));
		assert_int_equal(left, 0);
		/* the "remote" file system is this VM's: the directory can be looked at here */
		assert_int_not_equal(stat(rroot, &st), 0);
		assert_int_equal(ssh_clients(L->sshdir), 0);
		assert_int_equal(wb_rm_rf(L->ldir), 0);
		assert_int_equal(wb_rm_rf(L->sshdir), 0);
	}
	free(rroot);
	free(L->ldir);
	free(L->sshdir);
	free(L);
	return 0;
}

static void net_of(struct wb_netcfg *n, const char *profile, const char *pass)
{
	static const uint8_t ssid[] = "wbench-remote";

	wb_netcfg_init(n);
	n->sec = wb_security_find(profile);
	n->ssid = ssid;
	n->ssid_len = sizeof(ssid) - 1;
	n->passphrase = n->sec->passphrase ? pass : NULL;
	n->channel = 1;
}

/* Starts hostapd with @profile on the AP host (@remote) or on the local rt2800 radio. */
static int ap_start(struct live *L, bool remote, const char *profile)
{
	struct wb_hostapd_opts o;

	wb_hostapd_opts_init(&o);
	o.host = remote ? L->remote : L->local;
	o.netns = remote ? NULL : L->lap_ns_path; /* remote: sshd's namespace, the radio's */
	o.dir = remote ? L->rdir : L->ldir;
	o.conf.ifname = AP_IF;
	net_of(&o.conf.net, profile, PASS);
	return wb_hostapd_start(remote ? &L->h : &L->lh, &o, NULL);
}

/* Starts the station here, or with @remote on the AP host's second radio, and connects. */
static int sta_connect_on(struct live *L, bool remote, const char *profile, const char *pass)
{
	struct wb_wpas_opts o;
	int r;

	wb_wpas_opts_init(&o);
	o.host = remote ? L->remote : L->local;
	o.netns = remote ? NULL : L->sta_ns_path;
	o.dir = remote ? L->rdir : L->ldir;
	o.ifname = remote ? L->ap_sta_if : L->sta_if;
	net_of(&o.conf.net, profile, pass);
	r = wb_wpas_start(&L->w, &o, NULL);
	if (r != 0)
		dump_logs(L);
	assert_int_equal(r, 0);
	return wb_wpas_connect(&L->w, 0, NULL);
}

static int sta_connect(struct live *L, const char *profile, const char *pass)
{
	return sta_connect_on(L, false, profile, pass);
}

/* @s with every @from replaced by @to (same length), in a static buffer. */
static const char *replace_all(const char *s, const char *from, const char *to)
{
	static char buf[1024];
	char *p = buf;

	assert_int_equal(strlen(from), strlen(to));
	wb_strlcpy(buf, s, sizeof(buf));
	while ((p = strstr(p, from))) {
		memcpy(p, to, strlen(to));
		p += strlen(to);
	}
	return buf;
}

/* The diagnosis of a failed AP start, with the radio's prediction as the cell makes it. */
static void ap_diagnosis(struct wb_hostapd *h, int result, const char *ns, const char *phy,
			 const char *profile, struct wb_diagnosis *d)
{
	const struct wb_hwsim_profile *rt = wb_hwsim_profile_find("rt2800");
	struct wb_capabilities caps;
	struct wb_predict_input pi = { .caps = &caps, .mode = WB_CRYPTO_HW, .sim = rt };
	struct wb_prediction pred;
	struct wb_diag_input in;
	char *log = NULL;

	assert_int_equal(wb_capabilities_get(ns, phy, NULL, &caps), 0);
	pi.driver = wb_driver_find(rt->real_module);
	wb_predict(&pi, wb_security_find(profile), &pred);
	assert_int_equal(wb_hostapd_log(h, &log), 0);
	assert_null(strstr(log, PASS));
	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_AP_START;
	in.result = result;
	in.sec = wb_security_find(profile);
	in.log = log;
	in.events = wb_hostapd_events(h);
	in.ciphers = caps.ciphers;
	in.n_ciphers = caps.n_ciphers;
	in.driver_remedy = pred.remedy[0] ? pred.remedy : NULL;
	assert_int_equal(wb_diagnose(&in, d), 0);
	free(log);
}

/* PMF on the rt2800 radio: the remote start fails, diagnosed exactly as the local one. */
static void test_remote_pmf_on_rt2800_diagnosed_like_local(void **state)
{
	struct live *L = live(state);
	struct wb_diagnosis dl, dr;
	int64_t t0, local_ms, remote_ms;
	int rl, rr;

	t0 = wb_now_ms();
	rl = ap_start(L, false, "psk2+pmf");
	local_ms = wb_now_ms() - t0;
	t0 = wb_now_ms();
	rr = ap_start(L, true, "psk2+pmf");
	remote_ms = wb_now_ms() - t0;
	if (rr != -EIO)
		dump_logs(L);
	assert_int_equal(rl, -EIO);
	assert_int_equal(rr, -EIO);
	ap_diagnosis(&L->lh, rl, L->lap_ns, L->lap_phy, "psk2+pmf", &dl);
	ap_diagnosis(&L->h, rr, L->ap_ns, L->ap_phy, "psk2+pmf", &dr);
	/* print_message cuts at 1 KiB: one part at a time */
	print_message("psk2+pmf on rt2800: failed locally in %lld ms, over ssh in %lld ms "
		      "(hostapd exit %d / %d)\n", (long long)local_ms, (long long)remote_ms,
		      L->lh.exit_code, L->h.exit_code);
	print_message("  local:  %s: %s\n", wb_diag_code_name(dl.code), dl.message);
	print_message("  remote: %s: %s\n", wb_diag_code_name(dr.code), dr.message);
	print_message("  remedy: %s\n", dr.remedy);
	assert_int_equal(dr.code, WB_DIAG_NO_BIP_CIPHER);
	assert_int_equal(dl.code, dr.code);
	assert_string_equal(dl.message, dr.message);
	/* the remedy names the radio: the same words around each one's name */
	assert_string_equal(replace_all(dl.remedy, L->lap_phy, L->ap_phy), dr.remedy);
	assert_non_null(strstr(dr.remedy, "nohwcrypt"));
	/* the daemon's exit ended the waits: no start timeout was waited out */
	assert_true(remote_ms < WB_HOSTAPD_START_TIMEOUT_MS / 2);
	assert_int_equal(L->h.exit_code, L->lh.exit_code);
	assert_false(wb_daemon_running(&L->h.d));
}

/* A wrong passphrase against the remote AP: wrong_password; the AP saw the mismatch. */
static void test_remote_wrong_password(void **state)
{
	static const char *const mismatch[] = { "AP-STA-POSSIBLE-PSK-MISMATCH", NULL };
	struct live *L = live(state);
	struct wb_diag_input in;
	struct wb_diagnosis d;
	char *log = NULL, line[256];
	int r;

	assert_int_equal(ap_start(L, true, "psk2"), 0);
	r = sta_connect(L, "psk2", "not the passphrase");
	if (r != -EIO)
		dump_logs(L);
	assert_int_equal(r, -EIO);
	assert_int_equal(wb_wpas_log(&L->w, &log), 0);
	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_STA_CONNECT;
	in.result = r;
	in.sec = wb_security_find("psk2");
	in.log = log;
	in.events = wb_wpas_events(&L->w);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	print_message("wrong passphrase: %s: %s\n", wb_diag_code_name(d.code), d.message);
	assert_int_equal(d.code, WB_DIAG_WRONG_PASSWORD);
	free(log);
	/* hostapd's events, printed while nobody read them, come through the remote client */
	assert_int_equal(wb_ctrl_wait_event(L->h.d.ev, mismatch, 20000, NULL,
					    wb_daemon_peer(&L->h.d), line, sizeof(line)), 0);
	print_message("remote hostapd said: %s\n", line);
	assert_int_equal(wb_hostapd_log(&L->h, &log), 0);
	assert_null(strstr(log, PASS));
	free(log);
}

/* psk2 on the remote AP: STATUS, hostapd's view over ssh, deauth, and a clean stop. */
static void test_remote_psk2_associates(void **state)
{
	static const char *const disc[] = { WB_EV_DISCONNECTED, NULL };
	struct live *L = live(state);
	struct wb_wpas_status st;
	struct wb_ap_sta sta, all[4];
	char list[1024], line[256];
	size_t n;
	int r;
	int64_t t0 = wb_now_ms(), local_ms, remote_ms;

	assert_int_equal(ap_start(L, false, "psk2"), 0);
	local_ms = wb_now_ms() - t0;
	t0 = wb_now_ms();
	assert_int_equal(ap_start(L, true, "psk2"), 0);
	remote_ms = wb_now_ms() - t0;
	print_message("psk2: wb_hostapd_start took %lld ms locally, %lld ms over ssh (spawn to "
		      "AP-ENABLED: %lld ms, %lld ms)\n", (long long)local_ms, (long long)remote_ms,
		      (long long)L->lh.enable_ms, (long long)L->h.enable_ms);
	assert_int_equal(wb_hostapd_stop(&L->lh), 0);
	r = sta_connect(L, "psk2", PASS);
	if (r != 0)
		dump_logs(L);
	assert_int_equal(r, 0);
	assert_int_equal(wb_wpas_status(&L->w, &st), 0);
	print_message("associated in %lld ms: %s %s pairwise %s pmf %d freq %u\n",
		      (long long)L->w.assoc_ms, st.wpa_state, st.key_mgmt, st.pairwise_cipher,
		      st.pmf, st.freq);
	assert_string_equal(st.wpa_state, "COMPLETED");
	assert_string_equal(st.key_mgmt, "WPA2-PSK");
	assert_string_equal(st.pairwise_cipher, "CCMP");
	assert_int_equal(st.pmf, 0);
	assert_int_equal(st.freq, 2412);
	assert_memory_equal(st.ssid, "wbench-remote", st.ssid_len);
	/* the AP's view, through hostapd_cli on the AP host */
	assert_int_equal(wb_hostapd_sta(&L->h, st.address, &sta), 0);
	print_message("remote hostapd: STA %s flags %s akm %s\n", sta.addr, sta.flags, sta.akm);
	assert_true(sta.authorized);
	assert_false(sta.mfp);
	assert_string_equal(sta.akm, "00-0f-ac-2");
	assert_int_equal(wb_hostapd_all_sta(&L->h, all, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(all[0].addr, st.address);
	assert_int_equal(wb_hostapd_sta(&L->h, "02:00:00:00:7f:7f", &sta), -ENOENT);
	/* the passphrase is in the config files only: no command line here or there has it */
	assert_int_equal(cmdlines_with(PASS), 0);
	assert_int_equal(wb_hostapd_deauth(&L->h, st.address), 0);
	assert_int_equal(wb_ctrl_wait_event(L->w.d.ev, disc, 10000, NULL, wb_daemon_peer(&L->w.d),
					    line, sizeof(line)), 0);
	assert_null(strstr(line, "locally_generated=1"));
	/* stop: TERMINATE over ssh, nothing of the daemon's left there */
	assert_int_equal(wb_wpas_stop(&L->w), 0);
	assert_int_equal(wb_hostapd_stop(&L->h), 0);
	assert_false(wb_daemon_running(&L->h.d));
	assert_int_equal(wb_daemon_exit_code(&L->h.d), 0);
	/* a session's shell may still be on its way out when the client has its status */
	for (int i = 0; i < 20 && processes_in(L->ap_ns, list, sizeof(list)); i++)
		usleep(100000);
	if (*list)
		print_message("left in %s after the stop: %s\n", L->ap_ns, list);
	assert_string_equal(list, "");
	/* the only child of the host left is the stopped daemon's record, freed by release */
	assert_int_equal(wb_host_children(L->remote), 1);
	wb_hostapd_release(&L->h);
	assert_int_equal(wb_host_children(L->remote), 0);
}

/* wpa_supplicant on the ssh host (through wpa_cli there), hostapd here: both ways work. */
static void test_remote_station(void **state)
{
	struct live *L = live(state);
	struct wb_wpas_status st;
	struct wb_diag_input in;
	struct wb_diagnosis d;
	struct wb_ap_sta sta;
	char *log = NULL;
	int r;

	assert_int_equal(ap_start(L, false, "psk2+pmf-required"), -EIO); /* rt2800: no BIP */
	wb_hostapd_release(&L->lh);
	wb_hostapd_init(&L->lh);
	assert_int_equal(ap_start(L, false, "psk2"), 0);
	r = sta_connect_on(L, true, "psk2", "not the passphrase");
	assert_int_equal(r, -EIO);
	assert_int_equal(wb_wpas_log(&L->w, &log), 0);
	wb_diag_input_init(&in);
	in.phase = WB_DIAG_PHASE_STA_CONNECT;
	in.result = r;
	in.sec = wb_security_find("psk2");
	in.log = log;
	in.events = wb_wpas_events(&L->w);
	assert_int_equal(wb_diagnose(&in, &d), 0);
	print_message("remote station, wrong passphrase: %s: %s\n", wb_diag_code_name(d.code),
		      d.message);
	assert_int_equal(d.code, WB_DIAG_WRONG_PASSWORD);
	free(log);
	assert_int_equal(wb_wpas_stop(&L->w), 0);
	wb_wpas_release(&L->w);
	wb_wpas_init(&L->w);
	r = sta_connect_on(L, true, "psk2", PASS);
	if (r != 0)
		dump_logs(L);
	assert_int_equal(r, 0);
	assert_int_equal(wb_wpas_status(&L->w, &st), 0);
	print_message("remote station associated in %lld ms: %s %s pmf %d\n",
		      (long long)L->w.assoc_ms, st.wpa_state, st.key_mgmt, st.pmf);
	assert_string_equal(st.wpa_state, "COMPLETED");
	assert_string_equal(st.key_mgmt, "WPA2-PSK");
	assert_int_equal(wb_hostapd_sta(&L->lh, st.address, &sta), 0);
	assert_true(sta.authorized);
	assert_int_equal(wb_wpas_disconnect(&L->w, 20000, NULL), 0);
	assert_int_equal(wb_wpas_stop(&L->w), 0);
	assert_int_equal(wb_daemon_exit_code(&L->w.d), 0);
}

/* The preflight of the AP host: everything there (it is this VM's root), versions read. */
static void test_remote_preflight(void **state)
{
	struct live *L = live(state);
	struct wb_preflight_opts o;
	struct wb_preflight p;
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	char line[1024], *json, version[32];

	/* the daemons' own version query, through the host */
	assert_int_equal(wb_hostapd_version(L->remote, NULL, version, sizeof(version)), 0);
	assert_string_equal(version, "2.10");
	assert_int_equal(wb_wpas_version(L->remote, NULL, version, sizeof(version)), 0);
	assert_string_equal(version, "2.10");
	wb_preflight_opts_init(&o);
	o.binaries[WB_PREFLIGHT_HOSTAPD_CLI] = "wbt-no-such-cli";
	assert_int_equal(wb_preflight_run(L->remote, &o, &p), 0);
	wb_preflight_line(&p, line, sizeof(line));
	json = json_dumps(wb_preflight_to_json(&p), JSON_COMPACT);
	print_message("%s\n", line);
	print_message("%.900s\n", json);
	free(json);
	assert_string_equal(p.tools[WB_PREFLIGHT_HOSTAPD].version, "2.10");
	assert_string_equal(p.tools[WB_PREFLIGHT_HOSTAPD_CLI].path, "");
	assert_int_equal(wb_preflight_gaps(&p, g), 1);
	assert_string_equal(g[0].role, "ap");
	assert_null(g[0].profiles);
}

/* The host key is checked: a known_hosts without it refuses the connection. */
static void test_unknown_host_key_refused(void **state)
{
	struct live *L = live(state);
	char empty[PATH_MAX];
	struct wb_host *h = NULL;

	snprintf(empty, sizeof(empty), "%s/empty_known_hosts", L->ldir);
	assert_int_equal(wb_write_file_atomic(empty, "", 0, 0600), 0);
	assert_int_equal(ssh_connect(L, empty, &h), -EHOSTUNREACH);
	assert_null(h);
	snprintf(L->opt_known, sizeof(L->opt_known), "UserKnownHostsFile=%s", L->known_hosts);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
#define LIVE(t) cmocka_unit_test_setup_teardown(t, test_setup, test_teardown)
		LIVE(test_unknown_host_key_refused),
		LIVE(test_remote_preflight),
		LIVE(test_remote_pmf_on_rt2800_diagnosed_like_local),
		LIVE(test_remote_wrong_password),
		LIVE(test_remote_psk2_associates),
		LIVE(test_remote_station),
	};

	/* a poke to an event client that just ended is EPIPE, as under wbench's main */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	return cmocka_run_group_tests(tests, setup, teardown);
}
