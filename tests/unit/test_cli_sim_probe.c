/*
 * Argument handling of 'wbench sim', 'wbench probe' and the option parsing every command
 * shares: every bad argument is refused with exit 2 and exactly one line on stderr,
 * before any netlink or root access; text from the command line reaches the terminal
 * without control characters.
 */
#include <fcntl.h>
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

#include "wbench/cli/commands.h"
#include "wbench/lib/util.h"

struct run {
	int ret;
	char *out;
	char *err;
};

static char *slurp_fd(int fd)
{
	char *buf = calloc(1, 8192);
	ssize_t n;

	assert_non_null(buf);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	n = read(fd, buf, 8191);
	assert_true(n >= 0);
	close(fd);
	return buf;
}

/* Run @fn with argv = the NULL-terminated strings after @fn, capturing stdout/stderr. */
static struct run run_cmd(int (*fn)(int, char **, struct wb_cancel *), ...)
{
	char tmpl_o[] = "/tmp/wbt-out.XXXXXX", tmpl_e[] = "/tmp/wbt-err.XXXXXX";
	char *argv[16];
	int argc = 0, fo, fe, so, se;
	struct run r;
	va_list ap;

	va_start(ap, fn);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	fo = mkstemp(tmpl_o);
	fe = mkstemp(tmpl_e);
	assert_true(fo >= 0 && fe >= 0);
	unlink(tmpl_o);
	unlink(tmpl_e);
	fflush(stdout);
	so = dup(1);
	se = dup(2);
	dup2(fo, 1);
	dup2(fe, 2);
	r.ret = fn(argc, argv, NULL);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	r.out = slurp_fd(fo);
	r.err = slurp_fd(fe);
	return r;
}

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void expect_usage(struct run r, const char *needle)
{
	assert_int_equal(r.ret, 2);
	assert_string_equal(r.out, "");
	assert_int_equal(lines(r.err), 1);
	if (!strstr(r.err, needle))
		fail_msg("stderr '%s' lacks '%s'", r.err, needle);
	free(r.out);
	free(r.err);
}

static void expect_help(struct run r, const char *needle)
{
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, needle));
	assert_non_null(strstr(r.out, "Exit status:"));
	assert_string_equal(r.err, "");
	free(r.out);
	free(r.err);
}

#define SIM(...) run_cmd(wb_cmd_sim, "sim", __VA_ARGS__, (char *)NULL)
#define PROBE(...) run_cmd(wb_cmd_probe, "probe", __VA_ARGS__, (char *)NULL)
#define CMD(fn, ...) run_cmd(fn, __VA_ARGS__, (char *)NULL)

static void test_sim_usage(void **state)
{
	(void)state;
	expect_usage(run_cmd(wb_cmd_sim, "sim", (char *)NULL), "missing command");
	expect_usage(SIM("bogus"), "unknown command 'bogus'");
	expect_usage(SIM("radio"), "missing command (add, del or list)");
	expect_usage(SIM("radio", "move"), "unknown command 'move'");
	expect_usage(SIM("radio", "add"), "missing radio NAME");
	expect_usage(SIM("radio", "add", "bad name"), "invalid radio name 'bad name'");
	expect_usage(SIM("radio", "add", "phy3"), "invalid radio name 'phy3'");
	expect_usage(SIM("radio", "add", "ap", "--profile", "mt7620"), "unknown profile 'mt7620'");
	expect_usage(SIM("radio", "add", "ap", "--profile"), "option '--profile' needs a value");
	expect_usage(SIM("radio", "add", "ap", "--netns", "a/b"), "invalid namespace name 'a/b'");
	expect_usage(SIM("radio", "add", "ap", "--ifname", "wlan-much-too-long"),
		     "invalid interface name");
	expect_usage(SIM("radio", "add", "ap", "sta"), "unexpected argument 'sta'");
	expect_usage(SIM("radio", "add", "ap", "--fast"), "unknown option '--fast'");
	expect_usage(SIM("radio", "del"), "missing radio NAME");
	expect_usage(SIM("radio", "del", "a", "b"), "unexpected argument 'b'");
	expect_usage(SIM("radio", "list", "x"), "unexpected argument 'x'");
	expect_usage(SIM("profiles", "x"), "unexpected argument 'x'");
	/* the message names the command to ask for help */
	expect_usage(SIM("radio", "add"), "'wbench sim radio add --help'");
}

static void test_probe_usage(void **state)
{
	(void)state;
	expect_usage(PROBE("--bogus"), "unknown option '--bogus'");
	expect_usage(PROBE("phy0", "phy1"), "more than one phy given");
	expect_usage(PROBE("--netns"), "option '--netns' needs a namespace name");
	expect_usage(PROBE("--netns", "wbench-test-surely-absent"),
		     "no network namespace 'wbench-test-surely-absent'");
}

static void test_help(void **state)
{
	(void)state;
	expect_help(SIM("--help"), "usage: wbench sim radio add");
	expect_help(SIM("radio", "--help"), "usage: wbench sim radio add");
	expect_help(SIM("radio", "add", "--help"), "--profile PROFILE");
	expect_help(SIM("radio", "del", "-h"), "usage: wbench sim radio del NAME");
	expect_help(SIM("radio", "list", "--help"), "usage: wbench sim radio list");
	expect_help(SIM("profiles", "--help"), "usage: wbench sim profiles");
	expect_help(PROBE("--help"), "usage: wbench probe [PHY] [--json]");
	expect_help(CMD(wb_cmd_pmf_inject, "pmf-inject", "--help"), "usage: wbench pmf-inject");
}

/* getopt's own message is off: a missing value is one line naming the option, not a
 * second "unknown option" line */
static void test_getopt_usage(void **state)
{
	(void)state;
	expect_usage(CMD(wb_cmd_report, "report", "r.json", "-o"), "option '-o' needs a value");
	expect_usage(CMD(wb_cmd_report, "report", "r.json", "--markdown"),
		     "option '--markdown' needs a value");
	expect_usage(CMD(wb_cmd_run, "run", "s.json", "--port"), "option '--port' needs a value");
	expect_usage(CMD(wb_cmd_compare, "compare", "a", "b", "--gate"),
		     "option '--gate' needs a value");
	expect_usage(CMD(wb_cmd_pmf_verify, "pmf-verify", "c.pcap", "--bssid"),
		     "option '--bssid' needs a value");
	expect_usage(CMD(wb_cmd_pmf_inject, "pmf-inject", "-i"), "option '-i' needs a value");
	expect_usage(CMD(wb_cmd_pmf_capture, "pmf-capture", "-w"), "option '-w' needs a value");
	expect_usage(CMD(wb_cmd_traffic, "traffic", "-p"), "option '-p' needs a value");
	expect_usage(CMD(wb_cmd_vm, "vm", "--timeout"), "option '--timeout' needs a value");
	expect_usage(CMD(wb_cmd_summary, "summary", "-x"), "unknown option '-x'");
	expect_usage(CMD(wb_cmd_summary, "summary", "--bogus=1"), "unknown option '--bogus=1'");
	expect_usage(CMD(wb_cmd_cleanup, "cleanup", "--force"), "unknown option '--force'");
	expect_usage(CMD(wb_cmd_scenario, "scenario", "--x"), "unknown option '--x'");
	expect_usage(CMD(wb_cmd_run, "run", "-q", "s.json"), "unknown option '-q'");
}

/* an escape sequence or a newline in an argument comes out as '?' in the one line */
static void test_usage_printable(void **state)
{
	struct run r;

	(void)state;
	r = CMD(wb_cmd_summary, "summary", "--\x1b[2J\nwbench: error: forged\x9b");
	assert_int_equal(r.ret, 2);
	assert_int_equal(lines(r.err), 1);
	assert_null(strchr(r.err, 0x1b));
	assert_null(strstr(r.err, "\xc2\x9b"));
	assert_non_null(strstr(r.err, "unknown option '--?[2J?wbench: error: forged?'"));
	free(r.out);
	free(r.err);
	/* in other messages (a file name) a newline starts an indented line: no forged line */
	r = CMD(wb_cmd_summary, "summary", "/nonexistent/\x1b[31m\nwbench: error: forged");
	assert_int_equal(r.ret, 2);
	assert_null(strchr(r.err, 0x1b));
	assert_non_null(strstr(r.err, "'/nonexistent/?[31m\n  wbench: error: forged'"));
	assert_null(strstr(r.err, "\nwbench: error: forged"));
	free(r.out);
	free(r.err);
}

static void test_profiles_output(void **state)
{
	struct run r = SIM("profiles");

	(void)state;
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.out, "rt2800\n"));
	assert_non_null(strstr(r.out, "ciphers: WEP-40 WEP-104 TKIP CCMP-128\n"));
	assert_non_null(strstr(r.out, "BIP-CMAC-128"));
	free(r.out);
	free(r.err);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_usage),
		cmocka_unit_test(test_probe_usage),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_getopt_usage),
		cmocka_unit_test(test_usage_printable),
		cmocka_unit_test(test_profiles_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
