/*
 * The describe hook (wb_lab_ops.describe) and the run's description (wb_run_describe):
 * what `wbench run --dry-run` prints, from the scenario alone. The sim's steps follow the
 * scenario (sniffer, active check, saved captures), every step has a host and a text,
 * undo texts where something is made, and no text holds the passphrase.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/lab/lab.h"
#include "wbench/run/run.h"

#define PASSPHRASE "describe-me-not-42"

/* A sim scenario; @extra is inserted into the top level ("" for none). */
static struct wb_scenario *sim(const char *lab, const char *extra)
{
	struct wb_scenario *sc = NULL;
	char text[2048], err[512];

	snprintf(text, sizeof(text),
		 "{\"name\":\"d\",\"lab\":%s,\"crypto_modes\":[\"hwcrypt\",\"nohwcrypt\"],"
		 "\"security\":[\"psk2\",\"sae\"],\"passphrase\":\"" PASSPHRASE "\","
		 "\"traffic\":{\"proto\":\"tcp\",\"direction\":\"up\",\"duration_s\":4,"
		 "\"omit_s\":1},\"repetitions\":2%s}", lab, extra);
	if (wb_scenario_parse(text, strlen(text), "d.json", NULL, &sc, err, sizeof(err)))
		fail_msg("%s", err);
	return sc;
}

/* The step whose text contains @needle, or NULL. */
static const struct wb_lab_action *find(const struct wb_lab_actions *a, const char *needle)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strstr(a->v[i].what, needle))
			return &a->v[i];
	return NULL;
}

static void check_sane(const struct wb_lab_actions *a)
{
	size_t i;

	assert_true(a->n > 0);
	for (i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].host, "local");
		assert_true(a->v[i].what[0] != '\0');
		assert_null(strstr(a->v[i].what, PASSPHRASE));
		assert_true(!a->v[i].undo || !strstr(a->v[i].undo, PASSPHRASE));
		assert_true((unsigned int)a->v[i].when < WB_LAB_WHENS);
	}
}

static void test_sim_describes_its_steps(void **state)
{
	struct wb_scenario *sc = sim("{\"backend\":\"sim\",\"ap\":{\"profile\":\"rt2800\"}}", "");
	struct wb_lab_actions a = { 0 };
	const struct wb_lab_action *x;

	(void)state;
	assert_non_null(wb_lab_sim_ops.describe);
	assert_int_equal(wb_lab_sim_ops.describe(sc, &a), 0);
	check_sane(&a);
	x = find(&a, "ip netns add wbench-ap-<pid>");
	assert_non_null(x);
	assert_int_equal(x->when, WB_LAB_AT_START);
	assert_string_equal(x->undo, "both deleted at the end");
	x = find(&a, "(hwcrypt: 'rt2800', nohwcrypt: 'full')");
	assert_non_null(x);
	assert_int_equal(x->when, WB_LAB_PER_CELL);
	x = find(&a, "write <run>/cell-<n>/hostapd-wbap0.conf (0600; holds the passphrase");
	assert_non_null(x);
	assert_non_null(x->undo);
	x = find(&a, "iperf client (libiperf) to 10.99.0.1 port <port> in namespace "
		 "wbench-sta-<pid>: the cell's proto and direction, 1 stream, 4 s (the first 1 s "
		 "left out)");
	assert_non_null(x);
	/* a read has nothing to undo */
	x = find(&a, "read /proc/stat");
	assert_non_null(x);
	assert_null(x->undo);
	/* the sniffer is on by default, in memory; no active check */
	assert_non_null(find(&a, "ip link set hwsim0 up"));
	assert_non_null(find(&a, "capture on hwsim0 (libpcap, management frames)"));
	assert_null(find(&a, "inject"));
	wb_lab_actions_release(&a);
	assert_int_equal(a.n, 0);
	wb_scenario_free(sc);
}

static void test_sim_steps_follow_the_scenario(void **state)
{
	struct wb_scenario *sc;
	struct wb_lab_actions a = { 0 };
	const struct wb_lab_action *x;

	(void)state;
	/* no sniffer: no hwsim0, no capture */
	sc = sim("{\"backend\":\"sim\",\"sniffer\":{\"enabled\":false}}", "");
	assert_int_equal(wb_lab_sim_ops.describe(sc, &a), 0);
	assert_null(find(&a, "hwsim0"));
	assert_null(find(&a, "capture on"));
	wb_lab_actions_release(&a);
	wb_scenario_free(sc);
	/* an active check and saved captures of every frame */
	sc = sim("{\"backend\":\"sim\",\"ap\":{\"channel\":11}}",
		 ",\"active_check\":{\"forged_deauth\":true},\"capture\":{\"save\":true,"
		 "\"full\":true}");
	assert_int_equal(wb_lab_sim_ops.describe(sc, &a), 0);
	check_sane(&a);
	x = find(&a, "create the radio wbmon<pid> here, with the monitor interface wbmon0 on "
		 "channel 11");
	assert_non_null(x);
	assert_string_equal(x->undo, "the radio deleted at the end");
	x = find(&a, "capture on hwsim0 (libpcap, every frame)");
	assert_non_null(x);
	assert_string_equal(x->undo, "the pcap file is kept");
	wb_lab_actions_release(&a);
	wb_scenario_free(sc);
}

/* The run's own steps come first; a backend without describe says so. */
static void test_run_describe(void **state)
{
	struct wb_scenario *sc = sim("{\"backend\":\"sim\"}", "");
	struct wb_run_opts o = { .output = "out/r.json", .capture_dir = "out/caps" };
	struct wb_lab_actions a = { 0 };
	bool described = false;
	char *old = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;

	(void)state;
	setenv("TMPDIR", "/var/tmp/x", 1);
	assert_int_equal(wb_run_describe(sc, &o, &a, &described), 0);
	assert_true(described);
	check_sane(&a);
	assert_non_null(strstr(a.v[0].what, "write the results file out/r.json"));
	assert_string_equal(a.v[0].undo, "kept: it is the result");
	assert_non_null(find(&a, "<run> = /var/tmp/x/wbench-run.XXXXXX (0700)"));
	assert_non_null(find(&a, "<captures> = out/caps"));
	assert_non_null(find(&a, "ip netns add")); /* the lab's, after the run's */
	wb_lab_actions_release(&a);
	wb_scenario_free(sc);
	/* a real lab: the run's own steps, then the backend's (lab_real_env.c) */
	sc = sim("{\"backend\":\"local\",\"ap\":{\"phy\":\"phy0\"},\"sta\":{\"phy\":\"phy1\"},"
		 "\"sniffer\":{\"enabled\":false}}", "");
	o.capture_dir = NULL;
	assert_int_equal(wb_run_describe(sc, &o, &a, &described), 0);
	assert_true(described);
	assert_true(a.n > 3);
	assert_non_null(strstr(a.v[0].what, "write the results file out/r.json"));
	assert_non_null(find(&a, "ip netns add wbench-ap-<pid>"));
	assert_null(find(&a, "type monitor")); /* no sniffer */
	wb_lab_actions_release(&a);
	wb_scenario_free(sc);
	if (old)
		setenv("TMPDIR", old, 1);
	else
		unsetenv("TMPDIR");
	free(old);
}

static void test_findings(void **state)
{
	struct wb_lab_findings f = { 0 };

	(void)state;
	assert_int_equal(wb_lab_findings_add(&f, "apbox", true, "no %s: %d profiles out",
					     "hostapd_cli", 3), 0);
	assert_int_equal(wb_lab_findings_add(&f, "local", false, "iw 5.19"), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[0].host, "apbox");
	assert_true(f.v[0].problem);
	assert_string_equal(f.v[0].text, "no hostapd_cli: 3 profiles out");
	assert_false(f.v[1].problem);
	wb_lab_findings_release(&f);
	assert_int_equal(f.n, 0);
	assert_null(f.v);
	wb_lab_findings_release(NULL);
	assert_string_equal(wb_lab_when_name(WB_LAB_AT_CRYPTO), "crypto");
	assert_string_equal(wb_lab_when_name((enum wb_lab_when)9), "?");
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_describes_its_steps),
		cmocka_unit_test(test_sim_steps_follow_the_scenario),
		cmocka_unit_test(test_run_describe),
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
