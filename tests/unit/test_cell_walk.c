/*
 * The cell walk: the real wb_cell_run against a fake lab (fake_lab.c) and a fake host
 * (fake_host.c) whose hostapd and wpa_supplicant are scripted fake daemons on real
 * control sockets, and whose iperf roles fail, hang or write a canned result. Every way a
 * cell can end is walked: the driver switch fails; the AP fails (no BIP, AP-DISABLED,
 * hostapd exits on its config, start timeout); the STA cannot start; the association fails
 * (wrong passphrase, network not found, timeout); the traffic fails; and an interrupt at
 * each phase. Each case checks the return value, the cell's status and diagnosis (code,
 * remedy, what it quotes), what the conductor did on the host, in order (the children it
 * started; the requests that start the association, disconnect the station and stop the
 * daemons), and that everything was released: no child left on the host or in this
 * process, the cell directory gone (with the daemons' configs, logs and sockets), no
 * descriptor left open.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "tests/unit/fake_host.h"
#include "tests/unit/fake_lab.h"
#include "wbench/host/host_i.h"
#include "wbench/lib/util.h"
#include "wbench/run/cell_i.h"
#include "wbench/run/results_write.h"

#define LOGS "tests/fixtures/logs/"

/* Bounds for the paths that must not wait; the timeout cases shorten one of them. */
#define WALK_WAIT_MS 5000
#define WALK_SHORT_MS 100

/* Expected value of the diagnosis's "predicted" (AP failures only). */
enum predicted { PRED_ABSENT = 0, PRED_FALSE, PRED_TRUE };

struct walk_case {
	/* the cell */
	const char *crypto;            /* "hwcrypt" or "nohwcrypt" */
	const char *security;          /* the profile */
	bool forged_deauth;
	bool cancel_before;            /* the signal arrived before the cell started */
	struct fake_lab_script lab;
	struct fake_host_script host;
	struct wb_cell_timeouts timeouts;  /* 0: WALK_WAIT_MS */
	/* what must come out */
	int ret;
	const char *status;            /* NULL: not checked (an interrupted cell is dropped) */
	const char *code;              /* diagnosis code, NULL: diagnosis null */
	const char *remedy;            /* a part of the remedy, or NULL */
	const char *message;           /* a part of the message, or NULL */
	enum predicted predicted;
	bool pmf;                      /* the cell has "pmf" (it reached the AP) */
	unsigned int crypto_calls;     /* the lab's set_crypto */
	const char *trace;             /* the host's trace, filtered by conductor_steps */
	const char *trace_alt;         /* another trace that is right too, or NULL */
	void (*more)(const json_t *cell);  /* further checks of the cell, or NULL */
};

/* Pieces of the expected traces. */
#define T_AP "spawn hostapd\n"
#define T_STA "spawn wpa_supplicant\nwpa_supplicant ENABLE_NETWORK 0\n"
#define T_AP_VIEW "hostapd STA " FAKE_HOST_STA_MAC "\n"
/* the latency probes' idle baseline (ping), then the traffic */
#define T_IPERF "spawn ping\nspawn iperf-server\nspawn iperf-client\n"
#define T_BYE "wpa_supplicant DISCONNECT\n"
#define T_STOP_STA "wpa_supplicant TERMINATE\n"
#define T_STOP_AP "hostapd TERMINATE\n"

struct walk {
	const struct walk_case *k;
	struct wb_cancel cancel;
	int cancel_wfd;
	char *run_dir;
	struct wb_host *host;
	struct wb_lab *lab;
	struct wb_scenario *sc;
	struct wb_plan *plan;
	json_t *cell;
};

/* The case's scenario, lab, host and cancel source; *state becomes the struct walk. */
static int walk_setup(void **state)
{
	const struct walk_case *k = *state;
	struct walk *w = calloc(1, sizeof(*w));
	char text[1024], err[512];
	int n;

	assert_non_null(w);
	w->k = k;
	w->cancel.fd = w->cancel_wfd = -1;
	*state = w;
	assert_int_equal(fake_cancel_open(&w->cancel, &w->cancel_wfd), 0);
	w->run_dir = wb_mkdtemp_private("wbench-walk");
	assert_non_null(w->run_dir);
	assert_int_equal(fake_host_new(&k->host, w->cancel_wfd, &w->host), 0);
	assert_int_equal(fake_lab_new(&k->lab, w->host, w->cancel_wfd, &w->lab), 0);
	/* tcp down, 1 s omitted + 2 s: the canned iperf result's parameters */
	n = snprintf(text, sizeof(text),
		     "{\"name\": \"walk\", \"lab\": {\"backend\": \"sim\", "
		     "\"ap\": {\"profile\": \"rt2800\"}, \"sta\": {\"profile\": \"full\"}}, "
		     "\"crypto_modes\": [\"%s\"], \"security\": [\"%s\"], "
		     "\"ssid\": \"wbench-walk\", \"passphrase\": \"walk-passphrase\", "
		     "\"traffic\": {\"proto\": \"tcp\", \"direction\": \"down\", "
		     "\"duration_s\": 3, \"omit_s\": 1}, \"repetitions\": 1, "
		     "\"active_check\": {\"forged_deauth\": %s}}",
		     k->crypto ? k->crypto : "hwcrypt", k->security,
		     k->forged_deauth ? "true" : "false");
	assert_true(n > 0 && n < (int)sizeof(text));
	if (wb_scenario_parse(text, (size_t)n, "walk.json", NULL, &w->sc, err, sizeof(err)) < 0)
		fail_msg("%s", err);
	assert_int_equal(wb_plan_new(w->sc, &w->plan), 0);
	assert_int_equal(w->plan->n_cells, 1);
	w->cell = wb_results_cell_new(wb_plan_at(w->plan, 0));
	assert_non_null(w->cell);
	return 0;
}

/* After a failed case: children it left are killed, so that the next case starts clean. */
static void kill_children(void)
{
	char path[64], pids[4096];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	f = fopen(path, "r");
	if (!f)
		return;
	if (fgets(pids, sizeof(pids), f)) {
		for (char *p = strtok(pids, " \n"); p; p = strtok(NULL, " \n"))
			kill((pid_t)atoi(p), SIGKILL);
	}
	fclose(f);
	while (waitpid(-1, NULL, 0) > 0)
		;
}

static int walk_teardown(void **state)
{
	struct walk *w = *state;

	kill_children();
	if (!w)
		return 0;
	json_decref(w->cell);
	wb_plan_free(w->plan);
	wb_scenario_free(w->sc);
	fake_lab_ops.close(w->lab);
	wb_host_free(w->host);
	if (w->run_dir)
		(void)wb_rm_rf(w->run_dir);
	free(w->run_dir);
	fake_cancel_close(&w->cancel, w->cancel_wfd);
	free(w);
	return 0;
}

/* Descriptors this process has open. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1; /* the directory's own */
}

/* Entries of @dir (the run directory: the cell's directory must be gone). */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void assert_contains(const char *text, const char *part)
{
	if (!text || !strstr(text, part))
		fail_msg("'%s' does not contain '%s'", text ? text : "(null)", part);
}

/* Every child, file and descriptor of the cell is gone. */
static void assert_released(const struct walk *w, int fds_before)
{
	assert_int_equal(wb_host_children(w->host), 0);
	/* nothing left to reap either: every child of this process was waited for */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_int_equal(entries(w->run_dir), 0);
	assert_int_equal(open_fds(), fds_before);
}

/*
 * The steps of the host's trace that are the conductor's: the children it starts, the
 * association, the AP's view of the station, the disconnection, the daemons' stop. (The
 * daemon layer's own requests, ATTACH and STATUS, are left out.)
 */
static char *conductor_steps(const struct wb_host *h)
{
	static const char *const keep[] = { "spawn ", "wpa_supplicant ENABLE_NETWORK",
					    "hostapd STA ", " DISCONNECT", " TERMINATE" };
	char *trace = fake_host_trace(h), *out, *o, *line, *save = NULL;

	assert_non_null(trace);
	out = o = calloc(1, strlen(trace) + 1);
	assert_non_null(out);
	for (line = strtok_r(trace, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		for (size_t i = 0; i < WB_ARRAY_SIZE(keep); i++) {
			if (strstr(line, keep[i])) {
				o += sprintf(o, "%s\n", line);
				break;
			}
		}
	}
	free(trace);
	return out;
}

static void assert_outcome(const struct walk_case *k, const json_t *cell)
{
	const json_t *d = json_object_get(cell, "diagnosis");

	assert_string_equal(str(cell, "status"), k->status);
	if (!k->code) {
		assert_true(json_is_null(d));
	} else {
		assert_string_equal(str(d, "code"), k->code);
		if (k->remedy)
			assert_contains(str(d, "remedy"), k->remedy);
		if (k->message)
			assert_contains(str(d, "message"), k->message);
	}
	if (k->predicted == PRED_ABSENT)
		assert_null(json_object_get(d, "predicted"));
	else
		assert_true(json_is_true(json_object_get(d, "predicted")) == (k->predicted == PRED_TRUE));
	assert_int_equal(json_object_get(cell, "pmf") != NULL, k->pmf);
	assert_true(json_is_real(json_object_get(cell, "wall_s")));
}

static void walk(void **state)
{
	struct walk *w = *state;
	const struct walk_case *k = w->k;
	struct wb_cell_ctx x;
	char *trace;
	int fds, r;

	x = (struct wb_cell_ctx){ .sc = w->sc, .ops = &fake_lab_ops, .lab = w->lab,
				  .dir = w->run_dir, .cancel = &w->cancel, .port = 5201,
				  .timeouts = {
					.ap_start_ms = wb_cell_ms(k->timeouts.ap_start_ms, WALK_WAIT_MS),
					.sta_connect_ms = wb_cell_ms(k->timeouts.sta_connect_ms,
								     WALK_WAIT_MS),
					.disconnect_ms = WALK_WAIT_MS,
					.traffic_connect_ms = WALK_WAIT_MS,
				  } };
	if (k->cancel_before)
		fake_cancel_fire(w->cancel_wfd);
	fds = open_fds();

	r = wb_cell_run(&x, wb_plan_at(w->plan, 0), w->cell);

	assert_int_equal(r, k->ret);
	assert_released(w, fds);
	if (k->status)
		assert_outcome(k, w->cell);
	if (k->more)
		k->more(w->cell);
	assert_int_equal(fake_lab_crypto_calls(w->lab), k->crypto_calls);
	trace = conductor_steps(w->host);
	if (!k->trace_alt || strcmp(trace, k->trace_alt))
		assert_string_equal(trace, k->trace);
	free(trace);
}

/* The ok cell in detail: what both daemons said, the canned traffic, the prediction. */
static void ok_content(const json_t *cell)
{
	const json_t *a = json_object_get(cell, "association");

	assert_string_equal(str(a, "key_mgmt"), "WPA2-PSK");
	assert_string_equal(str(a, "bssid"), FAKE_HOST_AP_MAC);
	assert_string_equal(str(json_object_get(a, "ap_view"), "flags"),
			    "[AUTH][ASSOC][AUTHORIZED][WMM]");
	assert_true(json_number_value(json_object_get(json_object_get(cell, "throughput"),
						      "bits_per_second")) > 0);
	assert_string_equal(str(json_object_get(cell, "crypto_state"), "method"), "fake");
	assert_string_equal(str(json_object_get(cell, "prediction"), "verdict"), "ok");
	assert_string_equal(str(json_object_get(cell, "pmf"), "verdict"), "n/a");
	assert_null(json_object_get(cell, "active_check"));
}

static void not_run_content(const json_t *cell)
{
	assert_string_equal(str(json_object_get(cell, "active_check"), "forged_deauth"),
			    "not_run");
}

/* --- the cases --- */

static struct walk_case ok = {
	.security = "psk2",
	.status = "ok", .pmf = true, .crypto_calls = 1, .more = ok_content,
	/* the station's own deauth (PMF evidence) before the daemons stop, the AP last */
	.trace = T_AP T_STA T_AP_VIEW T_IPERF T_BYE T_STOP_STA T_STOP_AP,
};

static struct walk_case driver_switch_fails = {
	.security = "psk2",
	.lab = { .crypto_result = -EIO, .crypto_err = "modprobe: FATAL: Module rt2800soc is in use." },
	.status = "error", .code = "driver_reload_failed",
	.remedy = "check that no other process holds the driver",
	.message = "Module rt2800soc is in use", .crypto_calls = 1,
	.trace = "",
};

static struct walk_case ap_no_bip = {
	.security = "sae",
	.host = { .ap = FAKE_AP_FAILS, .ap_log = LOGS "hostapd-nobip-default.log",
		  .ap_events = LOGS "hostapd-nobip-events.txt" },
	.status = "ap_start_failed", .code = "no_bip_cipher", .remedy = "rt2800soc nohwcrypt=1",
	.message = "could not install the IGTK", .predicted = PRED_TRUE, .pmf = true,
	.crypto_calls = 1,
	.trace = T_AP, /* hostapd exits by itself */
};

static struct walk_case ap_disabled = {
	.security = "psk2",
	.host = { .ap = FAKE_AP_FAILS, .ap_log = LOGS "hostapd-radio-busy.log",
		  .ap_events = LOGS "hostapd-nobip-events.txt" },
	.status = "ap_start_failed", .code = "ap_start_failed",
	.remedy = "read the quoted hostapd lines", .message = "Could not configure driver mode",
	.predicted = PRED_FALSE, .pmf = true, .crypto_calls = 1,
	.trace = T_AP,
};

static struct walk_case ap_exits_on_config = {
	.crypto = "nohwcrypt", .security = "sae",
	.host = { .ap = FAKE_AP_EXITS, .ap_log = LOGS "hostapd-no-sae.log" },
	.status = "ap_start_failed", .code = "sae_unsupported",
	.remedy = "use a hostapd built with SAE", .message = "invalid key_mgmt 'SAE'",
	.predicted = PRED_FALSE, .pmf = true, .crypto_calls = 1,
	.trace = T_AP,
};

static struct walk_case ap_start_timeout = {
	.security = "psk2",
	.host = { .ap = FAKE_AP_SILENT },
	.timeouts = { .ap_start_ms = WALK_SHORT_MS },
	.status = "ap_start_failed", .code = "ap_start_timeout",
	.remedy = "raise the start timeout", .message = "did not report AP-ENABLED in time",
	.predicted = PRED_FALSE, .pmf = true, .crypto_calls = 1,
	.trace = T_AP T_STOP_AP,
	/* hostapd not even reachable when the deadline passed (a loaded machine): signalled */
	.trace_alt = T_AP,
};

static struct walk_case sta_cannot_start = {
	.security = "psk2",
	.host = { .sta = FAKE_STA_EXITS, .sta_log = LOGS "wpas-no-device.log" },
	.status = "assoc_failed", .code = "sta_start_failed",
	.remedy = "read the quoted wpa_supplicant lines", .message = "No such device",
	.pmf = true, .crypto_calls = 1,
	.trace = T_AP "spawn wpa_supplicant\n" T_STOP_AP,
};

static struct walk_case assoc_wrong_password = {
	.security = "psk2",
	.host = { .sta = FAKE_STA_FAILS, .sta_events = LOGS "wpas-wrong-psk.events" },
	.status = "assoc_failed", .code = "wrong_password",
	.remedy = "use the same passphrase", .message = "reason=WRONG_KEY",
	.pmf = true, .crypto_calls = 1,
	.trace = T_AP T_STA T_STOP_STA T_STOP_AP,
};

static struct walk_case assoc_not_found = {
	.security = "psk2",
	.host = { .sta = FAKE_STA_FAILS, .sta_events = LOGS "wpas-not-found.events" },
	.status = "assoc_failed", .code = "network_not_found",
	.remedy = "same SSID on the same channel",
	.pmf = true, .crypto_calls = 1,
	.trace = T_AP T_STA T_STOP_STA T_STOP_AP,
};

static struct walk_case assoc_timeout = {
	.security = "psk2",
	.host = { .sta = FAKE_STA_SILENT },
	.timeouts = { .sta_connect_ms = WALK_SHORT_MS },
	.status = "assoc_failed", .code = "assoc_timeout",
	.remedy = "raise the connect timeout", .message = "did not connect in time",
	.pmf = true, .crypto_calls = 1,
	.trace = T_AP T_STA T_STOP_STA T_STOP_AP,
};

static struct walk_case traffic_cannot_start = {
	.security = "psk2",
	.host = { .iperf = FAKE_IPERF_CANNOT_START },
	.status = "traffic_failed", .code = "traffic_failed", .remedy = "check the link",
	.message = "cannot start the iperf processes", .pmf = true, .crypto_calls = 1,
	.trace = T_AP T_STA T_AP_VIEW "spawn ping\nspawn iperf-server\n" T_BYE T_STOP_STA T_STOP_AP,
};

static struct walk_case traffic_no_output = {
	.security = "psk2",
	.host = { .iperf = FAKE_IPERF_EXIT },
	.status = "traffic_failed", .code = "traffic_failed", .remedy = "check the link",
	.message = "ended without output", .pmf = true, .crypto_calls = 1,
	.trace = T_AP T_STA T_AP_VIEW T_IPERF T_BYE T_STOP_STA T_STOP_AP,
};

static struct walk_case active_check_no_injector = {
	.security = "psk2", .forged_deauth = true,
	.status = "ok", .pmf = true, .crypto_calls = 1, .more = not_run_content,
	.trace = T_AP T_STA T_AP_VIEW T_IPERF T_BYE T_STOP_STA T_STOP_AP,
};

/* An interrupted cell is dropped: nothing more is started, nothing waited for (no
 * DISCONNECT), and what runs is stopped. */

static struct walk_case cancel_before_crypto = {
	.security = "psk2", .cancel_before = true,
	.ret = -ECANCELED, .crypto_calls = 0,
	.trace = "",
};

static struct walk_case cancel_in_crypto = {
	.security = "psk2",
	.lab = { .cancel_in_crypto = true },
	.ret = -ECANCELED, .crypto_calls = 1,
	.trace = "",
};

static struct walk_case cancel_in_ap_start = {
	.security = "psk2",
	.host = { .ap = FAKE_AP_SILENT, .cancel_at = FAKE_CANCEL_AP_STATUS },
	.ret = -ECANCELED, .crypto_calls = 1,
	.trace = T_AP T_STOP_AP,
};

static struct walk_case cancel_in_sta_connect = {
	.security = "psk2",
	.host = { .sta = FAKE_STA_SILENT, .cancel_at = FAKE_CANCEL_STA_ENABLE },
	.ret = -ECANCELED, .crypto_calls = 1,
	.trace = T_AP T_STA T_STOP_STA T_STOP_AP,
};

static struct walk_case cancel_in_traffic = {
	.security = "psk2",
	.host = { .iperf = FAKE_IPERF_HANG, .cancel_at = FAKE_CANCEL_IPERF_CLIENT },
	.ret = -ECANCELED, .crypto_calls = 1,
	.trace = T_AP T_STA T_AP_VIEW T_IPERF T_STOP_STA T_STOP_AP,
};

static struct walk_case cancel_in_active_check = {
	.security = "psk2", .forged_deauth = true,
	.lab = { .cancel_in_injector = true },
	.ret = -ECANCELED, .crypto_calls = 1,
	.trace = T_AP T_STA T_AP_VIEW T_IPERF T_STOP_STA T_STOP_AP,
};

#define WALK(c) { #c, walk, walk_setup, walk_teardown, &c }

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		WALK(ok),
		WALK(driver_switch_fails),
		WALK(ap_no_bip),
		WALK(ap_disabled),
		WALK(ap_exits_on_config),
		WALK(ap_start_timeout),
		WALK(sta_cannot_start),
		WALK(assoc_wrong_password),
		WALK(assoc_not_found),
		WALK(assoc_timeout),
		WALK(traffic_cannot_start),
		WALK(traffic_no_output),
		WALK(active_check_no_injector),
		WALK(cancel_before_crypto),
		WALK(cancel_in_crypto),
		WALK(cancel_in_ap_start),
		WALK(cancel_in_sta_connect),
		WALK(cancel_in_traffic),
		WALK(cancel_in_active_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
