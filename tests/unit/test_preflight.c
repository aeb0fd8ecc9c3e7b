/*
 * The per-host preflight against stand-in tools (shell scripts answering -v, --version and
 * hostapd's -vFEATURE probes the way hostapd 2.10+, iw, iperf3 print them), on this
 * machine and through the ssh host backend against tests/lib/fake_ssh.py: what is found,
 * versions, features, what that rules out per role, the JSON and the line.
 */
#include <errno.h>
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
#include "wbench/daemons/preflight.h"
#include "wbench/host/host.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/util.h"

struct fx {
	char *dir;
	char bin[WB_PREFLIGHT_TOOLS][4200];
	struct wb_preflight_opts o;
	struct wb_host *local, *ssh;
};

static void script(struct fx *f, enum wb_preflight_tool t, const char *body)
{
	char text[1024];

	snprintf(text, sizeof(text), "#!/bin/sh\n%s\n", body);
	assert_int_equal(wb_write_file_atomic(f->bin[t], text, strlen(text), 0700), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct wb_host_ssh_cfg cfg = { .target = "root@ap", .ssh = "tests/lib/fake_ssh.py",
				       .connect_timeout_s = 5 };

	if (!f || !(f->dir = wb_mkdtemp_private("wbt-preflight")))
		return -1;
	*state = f;
	wb_preflight_opts_init(&f->o);
	for (int t = 0; t < WB_PREFLIGHT_TOOLS; t++) {
		snprintf(f->bin[t], sizeof(f->bin[t]), "%s/%s", f->dir, wb_preflight_tool_name(t));
		f->o.binaries[t] = f->bin[t];
	}
	/* hostapd with the probes: SAE built in, OWE not; 11w unknown to this build */
	script(f, WB_PREFLIGHT_HOSTAPD,
	       "case $1 in -vsae) exit 0 ;; -vowe) exit 1 ;;\n"
	       "*) echo 'hostapd v2.11-devel' >&2; echo 'User space daemon' >&2; exit 1 ;; esac");
	script(f, WB_PREFLIGHT_WPA_SUPPLICANT, "echo 'wpa_supplicant v2.10'; echo 'Copyright'");
	script(f, WB_PREFLIGHT_IW, "echo 'iw version 6.9'");
	script(f, WB_PREFLIGHT_IPERF3, "echo 'iperf 3.16 (cJSON 1.7.15)'; echo 'Linux x 6.1'");
	/* hostapd_cli, wpa_cli and tcpdump are missing */
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	unsetenv("FAKE_SSH_ARGV_LOG");
	cfg.local_dir = f->dir;
	return wb_host_local_new(&f->local) < 0 || wb_host_ssh_new(&cfg, &f->ssh) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	wb_host_free(f->local);
	wb_host_free(f->ssh);
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static char *json_of(const struct wb_preflight *p)
{
	json_t *j = wb_preflight_to_json(p);
	char *s;

	assert_non_null(j);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	assert_non_null(s);
	return s;
}

static void test_found_versions_and_features(void **state)
{
	struct fx *f = *state;
	struct wb_preflight p;

	assert_int_equal(wb_preflight_run(f->local, &f->o, &p), 0);
	assert_true(p.local);
	assert_string_equal(p.host, "local");
	assert_string_equal(p.tools[WB_PREFLIGHT_HOSTAPD].path, f->bin[WB_PREFLIGHT_HOSTAPD]);
	assert_string_equal(p.tools[WB_PREFLIGHT_HOSTAPD].version, "2.11-devel");
	assert_string_equal(p.tools[WB_PREFLIGHT_WPA_SUPPLICANT].version, "2.10");
	assert_string_equal(p.tools[WB_PREFLIGHT_IW].version, "6.9");
	assert_string_equal(p.tools[WB_PREFLIGHT_IPERF3].version, "3.16");
	assert_string_equal(p.tools[WB_PREFLIGHT_HOSTAPD_CLI].path, "");
	assert_string_equal(p.tools[WB_PREFLIGHT_TCPDUMP].path, "");
	assert_int_equal(p.hostapd[WB_PREFLIGHT_SAE], WB_PREFLIGHT_YES);
	assert_int_equal(p.hostapd[WB_PREFLIGHT_OWE], WB_PREFLIGHT_NO);
	/* it printed its banner instead: this build has no such probe */
	assert_int_equal(p.hostapd[WB_PREFLIGHT_11W], WB_PREFLIGHT_UNKNOWN);
}

/* Here wbench needs only the daemons: the missing clients and tcpdump rule nothing out. */
static void test_local_rules_out_only_what_the_daemons_lack(void **state)
{
	struct fx *f = *state;
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	struct wb_preflight p;
	char line[1024], *json;

	assert_int_equal(wb_preflight_run(f->local, &f->o, &p), 0);
	assert_int_equal(wb_preflight_gaps(&p, g), 1);
	assert_string_equal(g[0].role, "ap");
	assert_string_equal(g[0].profiles, "owe");
	json = json_of(&p);
	assert_non_null(strstr(json, "\"hostapd_features\":{\"11w\":null,\"owe\":false,"
				     "\"sae\":true}"));
	assert_non_null(strstr(json, "\"missing\":[\"hostapd_cli\",\"wpa_cli\",\"tcpdump\"]"));
	assert_non_null(strstr(json, "\"ruled_out\":[{\"profiles\":[\"owe\"],\"reason\":"
				     "\"hostapd built without OWE\",\"role\":\"ap\"}]"));
	assert_non_null(strstr(json, "\"tcpdump\":{\"path\":null,\"version\":null}"));
	free(json);
	wb_preflight_line(&p, line, sizeof(line));
	assert_string_equal(line, "local: missing hostapd_cli, wpa_cli, tcpdump; rules out ap owe "
			    "(hostapd built without OWE); has hostapd 2.11-devel, wpa_supplicant "
			    "2.10, iw 6.9, iperf3 3.16; hostapd's SAE/OWE/PMF support not probed "
			    "(no -vFEATURE)");
}

/* On an ssh host every tool is the host's own: each missing one rules out its role. */
static void test_remote_rules_out_roles(void **state)
{
	struct fx *f = *state;
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	struct wb_preflight p;
	char line[1024], *json;

	assert_int_equal(wb_preflight_run(f->ssh, &f->o, &p), 0);
	assert_false(p.local);
	assert_string_equal(p.tools[WB_PREFLIGHT_HOSTAPD].version, "2.11-devel");
	assert_int_equal(wb_preflight_gaps(&p, g), 4);
	assert_string_equal(g[0].role, "ap");
	assert_null(g[0].profiles);
	assert_string_equal(g[1].role, "ap");
	assert_string_equal(g[1].profiles, "owe");
	assert_string_equal(g[2].role, "sta");
	assert_string_equal(g[3].role, "sniffer");
	json = json_of(&p);
	assert_non_null(strstr(json, "{\"profiles\":null,\"reason\":\"no hostapd_cli: hostapd "
				     "cannot be controlled over ssh\",\"role\":\"ap\"}"));
	free(json);
	wb_preflight_line(&p, line, sizeof(line));
	assert_string_equal(line, "ssh:root@ap: missing hostapd_cli, wpa_cli, tcpdump; rules out "
			    "ap (no hostapd_cli: hostapd cannot be controlled over ssh), ap owe "
			    "(hostapd built without OWE), sta (no wpa_cli: wpa_supplicant cannot be "
			    "controlled over ssh), sniffer (no tcpdump: no capture there); has "
			    "hostapd 2.11-devel, wpa_supplicant 2.10, iw 6.9, iperf3 3.16; hostapd's "
			    "SAE/OWE/PMF support not probed (no -vFEATURE)");
}

static void test_nothing_there(void **state)
{
	struct fx *f = *state;
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	struct wb_preflight_opts o;
	struct wb_preflight p;
	char line[1024];

	wb_preflight_opts_init(&o);
	for (int t = 0; t < WB_PREFLIGHT_TOOLS; t++)
		o.binaries[t] = "/nonexistent/wbt-tool";
	assert_int_equal(wb_preflight_run(f->ssh, &o, &p), 0);
	/* no hostapd, no probe: its features stay unknown and rule nothing out */
	assert_int_equal(p.hostapd[WB_PREFLIGHT_OWE], WB_PREFLIGHT_UNKNOWN);
	assert_int_equal(wb_preflight_gaps(&p, g), 5);
	assert_string_equal(g[0].reason, "no hostapd");
	assert_string_equal(g[1].reason, "no wpa_supplicant");
	assert_string_equal(g[2].role, "peer");
	assert_string_equal(g[4].role, "link");
	wb_preflight_line(&p, line, sizeof(line));
	assert_true(wb_str_has_prefix(line, "ssh:root@ap: missing hostapd, wpa_supplicant, "
				      "hostapd_cli, wpa_cli, iw, iperf3, tcpdump; rules out ap "
				      "(no hostapd), sta (no wpa_supplicant), peer "));
	assert_null(strstr(line, "not probed"));
	/* a name the script's lines could not carry is refused */
	o.binaries[WB_PREFLIGHT_IW] = "iw\nversion 1 x";
	assert_int_equal(wb_preflight_run(f->local, &o, &p), -EINVAL);
}

static void test_everything_there(void **state)
{
	struct fx *f = *state;
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	struct wb_preflight p;
	char line[1024];

	for (int t = WB_PREFLIGHT_HOSTAPD_CLI; t <= WB_PREFLIGHT_TCPDUMP; t++)
		if (t != WB_PREFLIGHT_IW && t != WB_PREFLIGHT_IPERF3)
			script(f, t, "echo \"$(basename \"$0\") v2.10\"");
	script(f, WB_PREFLIGHT_HOSTAPD, "exit 0"); /* every probe: built in */
	assert_int_equal(wb_preflight_run(f->ssh, &f->o, &p), 0);
	assert_int_equal(wb_preflight_gaps(&p, g), 0);
	wb_preflight_line(&p, line, sizeof(line));
	assert_string_equal(line, "ssh:root@ap: ok: hostapd, wpa_supplicant 2.10, hostapd_cli 2.10, "
			    "wpa_cli 2.10, iw 6.9, iperf3 3.16, tcpdump 2.10");
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_found_versions_and_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_rules_out_only_what_the_daemons_lack,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_remote_rules_out_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_there, setup, teardown),
		cmocka_unit_test_setup_teardown(test_everything_there, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
