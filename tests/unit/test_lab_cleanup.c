/*
 * `wbench cleanup` (wbench/lab/lab_cleanup.c) on records written as a killed run leaves
 * them: a crypto switch put back (a sysfs tree with tests/lib/fake-modtools standing for
 * the module tools), a remote directory's children killed over "ssh" (tests/lib/fake_ssh.py
 * stands for the client; the commands run here), namespaces that are gone already; a live
 * run's record left alone, a reused pid told apart, an earlier boot's local changes
 * dropped, untrusted files refused, a failing undo kept in the record, --dry-run changing
 * nothing. The namespace and radio undo on real radios runs in tests/vm/t_lab_local.sh.
 */
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
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/lab/lab_cleanup.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lib/util.h"

struct fx {
	char *dir;
	char sys[PATH_MAX], state[PATH_MAX], param[PATH_MAX + 64], out[PATH_MAX + 8];
	char boot[64];
	int dead_pid;              /* a pid that ran and was reaped */
};

static char *slurp(const char *path)
{
	char *text = NULL;

	return wb_read_file(path, 1 << 20, &text, NULL) == 0 ? text : strdup("");
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char cwd[PATH_MAX], path[PATH_MAX * 5];
	unsigned long long t;
	pid_t pid;

	if (!f || !(f->dir = wb_mkdtemp_private("wbench-test-cleanup")) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->dir);
	snprintf(f->state, sizeof(f->state), "%s/state", f->dir);
	snprintf(f->param, sizeof(f->param), "%s/module/rt2800usb/parameters/nohwcrypt", f->sys);
	snprintf(f->out, sizeof(f->out), "%s/out", f->dir);
	snprintf(path, sizeof(path), "mkdir -p '%s/module/rt2800usb/parameters' '%s/bin' && "
		 "ln -s '%s/tests/lib/fake_ssh.py' '%s/bin/ssh'", f->sys, f->dir, cwd, f->dir);
	if (system(path) != 0 || mkdir(f->state, 0700) < 0 ||
	    wb_write_file_atomic(f->param, "Y\n", 2, 0644) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/bin:%s/tests/lib/fake-modtools:%s", f->dir, cwd,
		 getenv("PATH"));
	setenv("PATH", path, 1);
	setenv("FAKE_SYSFS", f->sys, 1);
	setenv("FAKE_PARAMS", "nohwcrypt", 1);
	setenv("FAKE_SSH_SHELL", "/bin/sh", 1);
	unsetenv("FAKE_FAIL");
	unsetenv("FAKE_DEVICE");
	if (wb_lab_proc_identity((int)getpid(), &t, f->boot, sizeof(f->boot)) < 0)
		return -1;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, NULL, 0) != pid)
		return -1;
	f->dead_pid = (int)pid;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

/* A record of process @pid (start @ticks, boot @boot) with the JSON array @changes. */
static void write_record(const struct fx *f, const char *name, int pid, unsigned long long ticks,
			 const char *boot, const char *hosts, const char *changes, mode_t mode)
{
	char path[PATH_MAX * 2], *text;

	snprintf(path, sizeof(path), "%s/%s", f->state, name);
	assert_true(asprintf(&text, "{\"schema\": \"wbench-state/1\", \"pid\": %d, "
			     "\"start_ticks\": %llu, \"boot_id\": \"%s\", \"started\": "
			     "\"2026-12-07T03:00:00Z\", \"home_netns\": null, \"hosts\": %s, "
			     "\"changes\": %s}", pid, ticks, boot, hosts, changes) > 0);
	assert_int_equal(wb_write_file_atomic(path, text, strlen(text), mode), 0);
	free(text);
}

static const char crypto_change[] =
	"[{\"id\": 5, \"type\": \"crypto\", \"host\": \"local\", \"what\": \"rt2800usb nohwcrypt\","
	" \"original\": \"N\", \"restore\": [{\"run\": [\"rmmod\", \"rt2800usb\"]}, "
	"{\"run\": [\"modprobe\", \"rt2800usb\", \"nohwcrypt=N\"]}], \"read\": {\"file\": \"%s\"}}]";

static void write_crypto_record(const struct fx *f, const char *name, int pid,
				unsigned long long ticks, const char *boot, mode_t mode)
{
	char changes[PATH_MAX * 2];

	snprintf(changes, sizeof(changes), crypto_change, f->param);
	write_record(f, name, pid, ticks, boot, "{}", changes, mode);
}

static int cleanup(struct fx *f, bool dry, struct wb_lab_cleanup_stats *st, char **out)
{
	struct wb_lab_cleanup_opts o = { .dir = f->state, .dry_run = dry };
	int r;

	o.out = fopen(f->out, "w");
	assert_non_null(o.out);
	r = wb_lab_cleanup(&o, st);
	fclose(o.out);
	*out = slurp(f->out);
	return r;
}

static bool exists(const struct fx *f, const char *name)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", f->state, name);
	return access(path, F_OK) == 0;
}

static void test_killed_runs_crypto_setting_is_put_back(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	char *out, *v, rec[64];

	snprintf(rec, sizeof(rec), "%d.json", f->dead_pid);
	write_crypto_record(f, rec, f->dead_pid, 1, f->boot, 0600);
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	assert_non_null(strstr(out, "is not running\n  rt2800usb nohwcrypt on local put back to "
				    "'N' (rmmod rt2800usb; modprobe rt2800usb nohwcrypt=N)\n"));
	assert_non_null(strstr(out, "everything undone, record removed"));
	free(out);
	v = slurp(f->param);
	assert_string_equal(v, "N\n");
	free(v);
	assert_false(exists(f, rec));
	assert_int_equal(st.records, 1);
	assert_int_equal(st.undone, 1);
	assert_int_equal(st.failed, 0);
	/* and again: nothing left */
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	assert_int_equal(st.records, 0);
	free(out);
}

static void test_dry_run_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	char *out, *v;

	write_crypto_record(f, "1.json", f->dead_pid, 1, f->boot, 0600);
	assert_int_equal(cleanup(f, true, &st, &out), 0);
	assert_non_null(strstr(out, "  would put rt2800usb nohwcrypt on local back to 'N' (rmmod "
				    "rt2800usb; modprobe rt2800usb nohwcrypt=N), unless it reads "
				    "so already\n"));
	free(out);
	v = slurp(f->param);
	assert_string_equal(v, "Y\n");
	free(v);
	assert_true(exists(f, "1.json"));
	assert_int_equal(st.undone, 1);
}

static void test_live_runs_record_is_left_alone_and_a_reused_pid_is_not(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	unsigned long long ticks;
	char *out, *v, path[PATH_MAX];

	assert_int_equal(wb_lab_proc_identity((int)getpid(), &ticks, NULL, 0), 0);
	write_crypto_record(f, "live.json", (int)getpid(), ticks, f->boot, 0600);
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	assert_non_null(strstr(out, "is running: left alone"));
	free(out);
	assert_int_equal(st.live, 1);
	assert_true(exists(f, "live.json"));
	v = slurp(f->param);
	assert_string_equal(v, "Y\n");
	free(v);
	assert_int_equal(wb_lab_cleanup_stale(f->state, path, sizeof(path)), 0);
	/* the same pid with another start time is another process */
	write_crypto_record(f, "live.json", (int)getpid(), ticks + 1, f->boot, 0600);
	assert_int_equal(wb_lab_cleanup_stale(f->state, path, sizeof(path)), 1);
	assert_non_null(strstr(path, "/live.json"));
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	free(out);
	assert_int_equal(st.records, 1);
	v = slurp(f->param);
	assert_string_equal(v, "N\n");
	free(v);
}

static void test_earlier_boots_local_changes_went_with_it(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	char *out, *v;

	write_crypto_record(f, "old.json", f->dead_pid, 1, "another-boot", 0600);
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	assert_non_null(strstr(out, "recorded before this machine's last boot\n  crypto: went "
				    "with this machine's reboot\n"));
	free(out);
	v = slurp(f->param);
	assert_string_equal(v, "Y\n");
	free(v);
	assert_false(exists(f, "old.json"));
}

static void test_untrusted_files_are_refused(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	char *out, *v, path[PATH_MAX * 2];

	write_crypto_record(f, "open.json", f->dead_pid, 1, f->boot, 0644);
	snprintf(path, sizeof(path), "%s/other.json", f->state);
	assert_int_equal(wb_write_file_atomic(path, "{\"schema\": \"x\"}", 15, 0600), 0);
	assert_int_equal(cleanup(f, false, &st, &out), -EIO);
	assert_non_null(strstr(out, "open.json: refused: not a private file of ours (mode 0644"));
	assert_non_null(strstr(out, "other.json: refused: not a wbench-state/1 record"));
	free(out);
	assert_int_equal(st.bad, 2);
	v = slurp(f->param);
	assert_string_equal(v, "Y\n");
	free(v);
	/* a directory others can read: nothing in it is read */
	assert_int_equal(chmod(f->state, 0755), 0);
	assert_int_equal(cleanup(f, false, &st, &out), -EPERM);
	free(out);
}

static void test_failing_undo_stays_in_the_record(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	char *out;

	write_crypto_record(f, "2.json", f->dead_pid, 1, f->boot, 0600);
	setenv("FAKE_FAIL", "modprobe", 1);
	assert_int_equal(cleanup(f, false, &st, &out), -EIO);
	assert_non_null(strstr(out, "  FAILED: cannot put rt2800usb nohwcrypt on local back to "
				    "'N': 'modprobe rt2800usb nohwcrypt=N' on local exited with "
				    "status 1"));
	assert_non_null(strstr(out, "1 change(s) left in the record"));
	free(out);
	assert_int_equal(st.failed, 1);
	assert_true(exists(f, "2.json"));
	unsetenv("FAKE_FAIL");
	/* once the cause is gone, cleanup finishes the job */
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	free(out);
	assert_false(exists(f, "2.json"));
}

static void test_remote_children_killed_and_directory_removed(void **state)
{
	struct fx *f = *state;
	struct wb_lab_cleanup_stats st;
	char rdir[PATH_MAX], pidf[PATH_MAX + 16], changes[PATH_MAX * 2], num[32], *out;
	int status;
	pid_t child;

	snprintf(rdir, sizeof(rdir), "%s/wbench-host.Ab12Cd", f->dir);
	assert_int_equal(mkdir(rdir, 0700), 0);
	child = fork();
	if (child == 0) {
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	snprintf(pidf, sizeof(pidf), "%s/p0.pid", rdir);
	snprintf(num, sizeof(num), "%d\n", (int)child);
	assert_int_equal(wb_write_file_atomic(pidf, num, strlen(num), 0600), 0);
	snprintf(changes, sizeof(changes), "[{\"id\": 1, \"type\": \"remote_dir\", \"host\": "
		 "\"apbox\", \"path\": \"%s\", \"boot_id\": \"%s\"}, {\"id\": 2, \"type\": "
		 "\"netns\", \"host\": \"local\", \"name\": \"wbench-ap-gone\"}, {\"id\": 3, "
		 "\"type\": \"iface\", \"host\": \"apbox\", \"ifname\": \"wbtgone0\"}]", rdir,
		 f->boot);
	write_record(f, "3.json", f->dead_pid, 1, f->boot,
		     "{\"apbox\": {\"ssh\": \"root@apbox\", \"port\": 0}}", changes, 0600);
	assert_int_equal(cleanup(f, false, &st, &out), 0);
	assert_non_null(strstr(out, "wbench-host.Ab12Cd on apbox: its children killed, removed\n"
				    "  interface wbtgone0 on apbox is not there\n"
				    "  namespace wbench-ap-gone is gone\n"));
	free(out);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_int_not_equal(access(rdir, F_OK), 0);
	assert_int_equal(st.undone, 3);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_killed_runs_crypto_setting_is_put_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_runs_record_is_left_alone_and_a_reused_pid_is_not,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_earlier_boots_local_changes_went_with_it,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_files_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failing_undo_stays_in_the_record,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_remote_children_killed_and_directory_removed,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
