/*
 * The crypto switch (wbench/lab/crypto_switch.c) through a real local host, on a sysfs tree
 * in a private directory, with tests/lib/fake-modtools standing for modprobe, rmmod and
 * insmod (no kernel modules here; tests/vm/t_driver_switch.sh loads real ones): the steps
 * and their order, the value read back, the radio found again under a new phy, the
 * original recorded before the first change and restored, and every failure said in one
 * line. Also the radio lookup (radio.c) by phy, interface and device, and the state
 * record (lab_record.c).
 */
#include <errno.h>
#include <fcntl.h>
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

#include "tests/unit/fake_host.h"
#include "wbench/lab/crypto_switch.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lab/radio.h"
#include "wbench/lib/util.h"

#define DEV "pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0"

struct fx {
	char *dir;                 /* private, absolute */
	char sys[PATH_MAX];        /* the sysfs tree */
	char trace[PATH_MAX];
	char state[PATH_MAX];      /* the record directory */
	struct wb_host *h;
	struct wb_lab_record *rec;
};

static void put(const struct fx *f, const char *rel, const char *text)
{
	char path[PATH_MAX * 2], dir[PATH_MAX * 2], cmd[PATH_MAX * 3];

	snprintf(path, sizeof(path), "%s/%s", f->sys, rel);
	assert_int_equal(wb_path_dir(path, dir, sizeof(dir)), 0);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(wb_write_file_atomic(path, text, strlen(text), 0644), 0);
}

static void link_to(const struct fx *f, const char *rel, const char *target)
{
	char path[PATH_MAX * 2], dir[PATH_MAX * 2], cmd[PATH_MAX * 3];

	snprintf(path, sizeof(path), "%s/%s", f->sys, rel);
	assert_int_equal(wb_path_dir(path, dir, sizeof(dir)), 0);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(symlink(target, path), 0);
}

static char *slurp(const char *path)
{
	char *text = NULL;

	if (wb_read_file(path, 1 << 20, &text, NULL) < 0)
		return strdup("");
	return text;
}

static char *sys_file(const struct fx *f, const char *rel)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", f->sys, rel);
	return slurp(path);
}

/* An rt2800usb stick at DEV as phy0 (interface wlan0), its module loaded with nohwcrypt=N. */
static void tree_rt2800usb(const struct fx *f)
{
	put(f, "module/rt2800usb/parameters/nohwcrypt", "N\n");
	put(f, "devices/" DEV "/ieee80211/phy0/index", "0\n");
	put(f, "devices/" DEV "/ieee80211/phy0/name", "phy0\n");
	link_to(f, "devices/" DEV "/ieee80211/phy0/device", "../..");
	link_to(f, "devices/" DEV "/driver", "../../../../../../bus/usb/drivers/rt2800usb");
	link_to(f, "bus/usb/drivers/rt2800usb/module", "../../../../module/rt2800usb");
	link_to(f, "class/ieee80211/phy0", "../../devices/" DEV "/ieee80211/phy0");
	link_to(f, "class/net/wlan0/phy80211", "../../../devices/" DEV "/ieee80211/phy0");
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char cwd[PATH_MAX], path[PATH_MAX * 2];

	if (!f || !(f->dir = wb_mkdtemp_private("wbench-test-cs")) || !getcwd(cwd, sizeof(cwd)))
		return -1;
	snprintf(f->sys, sizeof(f->sys), "%s/sys", f->dir);
	snprintf(f->trace, sizeof(f->trace), "%s/trace", f->dir);
	snprintf(f->state, sizeof(f->state), "%s/state", f->dir);
	if (mkdir(f->sys, 0755) < 0 || mkdir(f->state, 0700) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/tests/lib/fake-modtools:%s", cwd, getenv("PATH"));
	setenv("PATH", path, 1);
	setenv("FAKE_SYSFS", f->sys, 1);
	setenv("FAKE_TRACE", f->trace, 1);
	setenv("FAKE_DEVICE", DEV, 1);
	setenv("FAKE_DEVICE_MOD", "rt2800usb", 1);
	setenv("FAKE_PARAMS", "nohwcrypt", 1);
	unsetenv("FAKE_FAIL");
	unsetenv("FAKE_IGNORE");
	unsetenv("FAKE_RECORD");
	setenv(WB_LAB_RECORD_DIR_ENV, f->state, 1);
	if (wb_host_local_new(&f->h) < 0 || wb_lab_record_open(NULL, &f->rec) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	assert_int_equal(wb_host_children(f->h), 0);
	wb_lab_record_close(f->rec);
	wb_host_free(f->h);
	wb_rm_rf(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static struct wb_crypto_switch *new_switch(struct fx *f, const char *module, const char *device)
{
	struct wb_crypto_switch_cfg cfg = { .host = f->h, .sysfs_root = f->sys,
					    .driver = wb_driver_find(module), .device = device,
					    .record = f->rec, .radio_timeout_ms = 2000 };
	struct wb_crypto_switch *s;

	assert_int_equal(wb_crypto_switch_new(&cfg, &s), 0);
	return s;
}

static const char *str(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "(none)";
}

/* The record file's changes, as a new array. */
static json_t *record_changes(const struct fx *f)
{
	json_t *doc = json_load_file(wb_lab_record_path(f->rec), 0, NULL), *c;

	assert_non_null(doc);
	c = json_incref(json_object_get(doc, "changes"));
	json_decref(doc);
	return c;
}

static void test_reload_switches_reads_back_and_finds_the_radio_again(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL, *changes;
	char err[512], *t;

	tree_rt2800usb(f);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	t = slurp(f->trace);
	assert_string_equal(t, "rmmod rt2800usb\nmodprobe rt2800usb nohwcrypt=1\n");
	free(t);
	assert_string_equal(str(ev, "before"), "N");
	assert_string_equal(str(ev, "read_back"), "Y");
	assert_string_equal(str(ev, "original"), "N");
	assert_string_equal(str(ev, "module"), "rt2800usb");
	assert_string_equal(str(ev, "loader"), "modprobe");
	assert_true(json_is_true(json_object_get(ev, "changed")));
	/* the phy came back under a new index, found by its device */
	assert_string_equal(str(ev, "phy"), "phy1");
	assert_string_equal(wb_crypto_switch_phy(s), "phy1");
	json_decref(ev);
	/* the original and its undo are on disk while the value differs */
	changes = record_changes(f);
	assert_int_equal(json_array_size(changes), 1);
	assert_string_equal(str(json_array_get(changes, 0), "type"), "crypto");
	assert_string_equal(str(json_array_get(changes, 0), "original"), "N");
	json_decref(changes);

	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	t = sys_file(f, "module/rt2800usb/parameters/nohwcrypt");
	assert_string_equal(t, "N\n");
	free(t);
	t = slurp(f->trace);
	assert_string_equal(t, "rmmod rt2800usb\nmodprobe rt2800usb nohwcrypt=1\n"
			       "rmmod rt2800usb\nmodprobe rt2800usb nohwcrypt=N\n");
	free(t);
	assert_string_equal(wb_crypto_switch_phy(s), "phy2");
	assert_int_equal(wb_lab_record_pending(f->rec), 0);
	changes = record_changes(f);
	assert_int_equal(json_array_size(changes), 0);
	json_decref(changes);
	wb_crypto_switch_free(s);
}

/* A pre step (an OpenWrt radio's `wifi down`) runs before every reload, the restore's
 * too, and leads the recorded undo that 'wbench cleanup' runs after a kill. */
static void test_pre_step_runs_first_and_is_recorded(void **state)
{
	struct fx *f = *state;
	char *const pre[] = { "sh", "-c", "echo wifi down radio0 >>\"$FAKE_TRACE\"", NULL };
	struct wb_crypto_switch_cfg cfg = { .host = f->h, .sysfs_root = f->sys,
					    .driver = wb_driver_find("rt2800usb"), .device = DEV,
					    .record = f->rec, .radio_timeout_ms = 2000, .pre = pre };
	struct wb_crypto_switch *s;
	json_t *ev = NULL, *changes, *step;
	char err[512], *t;

	tree_rt2800usb(f);
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), 0);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), 0);
	json_decref(ev);
	t = slurp(f->trace);
	assert_string_equal(t, "wifi down radio0\nrmmod rt2800usb\nmodprobe rt2800usb nohwcrypt=1\n");
	free(t);
	changes = record_changes(f);
	step = json_array_get(json_object_get(json_array_get(changes, 0), "restore"), 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(step, "run"), 2)),
			    pre[2]);
	/* the record's undo, as 'wbench cleanup' runs it after a kill */
	assert_int_equal(truncate(f->trace, 0), 0);
	assert_int_equal(wb_crypto_switch_undo(f->h, json_array_get(changes, 0), false, err,
					       sizeof(err)), 0);
	json_decref(changes);
	t = slurp(f->trace);
	assert_string_equal(t, "wifi down radio0\nrmmod rt2800usb\nmodprobe rt2800usb nohwcrypt=N\n");
	free(t);
	/* back already: the restore only reads */
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	t = slurp(f->trace);
	assert_string_equal(t, "wifi down radio0\nrmmod rt2800usb\nmodprobe rt2800usb nohwcrypt=N\n");
	free(t);
	assert_int_equal(wb_lab_record_pending(f->rec), 0);
	wb_crypto_switch_free(s);
}

static void test_value_already_in_mode_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512], *t;

	tree_rt2800usb(f);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_HW, &ev, err, sizeof(err)), 0);
	assert_true(json_is_false(json_object_get(ev, "changed")));
	json_decref(ev);
	assert_false(wb_crypto_switch_changed(s));
	assert_int_equal(wb_lab_record_pending(f->rec), 0);
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	t = slurp(f->trace);
	assert_string_equal(t, "");
	free(t);
	wb_crypto_switch_free(s);
}

static void test_record_is_written_before_the_first_step(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL, *seen;
	char err[512], path[PATH_MAX + 8];

	tree_rt2800usb(f);
	setenv("FAKE_RECORD", wb_lab_record_path(f->rec), 1);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), 0);
	json_decref(ev);
	/* what the record said when the first rmmod ran */
	snprintf(path, sizeof(path), "%s.seen", wb_lab_record_path(f->rec));
	seen = json_load_file(path, 0, NULL);
	assert_non_null(seen);
	ev = json_array_get(json_object_get(seen, "changes"), 0);
	assert_string_equal(str(ev, "what"), "rt2800usb nohwcrypt");
	assert_string_equal(str(ev, "original"), "N");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
		json_array_get(json_object_get(ev, "restore"), 1), "run"), 2)), "nohwcrypt=N");
	json_decref(seen);
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	wb_crypto_switch_free(s);
}

static void test_reprobe_writes_in_place_and_keeps_the_core_module(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512], *t, line[PATH_MAX * 2];

	put(f, "module/ath10k_core/parameters/cryptmode", "0\n");
	put(f, "module/ath10k_pci/parameters/reset_mode", "0\n");
	s = new_switch(f, "ath10k_pci", NULL);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), 0);
	json_decref(ev);
	t = sys_file(f, "module/ath10k_core/parameters/cryptmode");
	assert_string_equal(t, "1");
	free(t);
	t = slurp(f->trace);
	assert_string_equal(t, "rmmod ath10k_pci\nmodprobe ath10k_pci\n");
	free(t);
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	t = sys_file(f, "module/ath10k_core/parameters/cryptmode");
	assert_string_equal(t, "0");
	free(t);
	snprintf(line, sizeof(line), "write 0 > %s/module/ath10k_core/parameters/cryptmode",
		 f->sys);
	ev = wb_crypto_switch_describe(s);
	assert_string_equal(json_string_value(json_array_get(json_object_get(json_object_get(
		ev, "steps"), "hwcrypt"), 0)), line);
	json_decref(ev);
	wb_crypto_switch_free(s);
}

static void test_parameter_that_did_not_take_is_an_error(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512];

	tree_rt2800usb(f);
	setenv("FAKE_IGNORE", "1", 1);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), -EPROTO);
	assert_null(ev);
	assert_string_equal(err, "rt2800usb nohwcrypt reads 'N' after the switch, expected "
				 "nohwcrypt (nohwcrypt=1)");
	/* steps ran: restoring finds the value already back and forgets the record */
	assert_true(wb_crypto_switch_changed(s));
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	assert_int_equal(wb_lab_record_pending(f->rec), 0);
	wb_crypto_switch_free(s);
}

static void test_failed_step_is_named_with_its_output(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512];

	tree_rt2800usb(f);
	setenv("FAKE_FAIL", "rmmod", 1);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), -EIO);
	assert_string_equal(err, "'rmmod rt2800usb' on local exited with status 1: rmmod: "
				 "ERROR: Module rt2800usb is in use");
	unsetenv("FAKE_FAIL");
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	wb_crypto_switch_free(s);
}

static void test_restore_after_a_reload_cut_short(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512], *t;

	tree_rt2800usb(f);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), 0);
	json_decref(ev);
	/* as if a kill had come between rmmod and modprobe: the module is gone */
	assert_int_equal(system("rmmod rt2800usb"), 0);
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	t = sys_file(f, "module/rt2800usb/parameters/nohwcrypt");
	assert_string_equal(t, "N\n");
	free(t);
	wb_crypto_switch_free(s);
}

static void test_radio_that_does_not_come_back(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512];

	tree_rt2800usb(f);
	unsetenv("FAKE_DEVICE_MOD");
	assert_int_equal(system("rm -rf \"$FAKE_SYSFS/devices/" DEV "/ieee80211\""), 0);
	s = new_switch(f, "rt2800usb", DEV);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), -ENODEV);
	assert_string_equal(err, "the radio at device '" DEV "' on local did not come back "
				 "after the crypto switch");
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	wb_crypto_switch_free(s);
}

static void test_module_not_loaded_is_refused(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch *s;
	json_t *ev = NULL;
	char err[512], *t;

	s = new_switch(f, "ath9k", NULL);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "ath9k is not loaded on local (no "));
	t = slurp(f->trace);
	assert_string_equal(t, "");
	free(t);
	wb_crypto_switch_free(s);
}

static void test_cancel_before_the_switch_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch_cfg cfg = { .host = f->h, .sysfs_root = f->sys,
					    .driver = wb_driver_find("rt2800usb") };
	struct wb_crypto_switch *s;
	struct wb_cancel c;
	json_t *ev = NULL;
	char err[512], *t;
	int wfd;

	tree_rt2800usb(f);
	assert_int_equal(fake_cancel_open(&c, &wfd), 0);
	cfg.cancel = &c;
	fake_cancel_fire(wfd);
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), 0);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), -ECANCELED);
	t = slurp(f->trace);
	assert_string_equal(t, "");
	free(t);
	wb_crypto_switch_free(s);
	fake_cancel_close(&c, wfd);
}

/* The scenario's commands: state in a file, switched by cp, read by cat. */
static void test_scenario_commands_switch_and_restore(void **state)
{
	struct fx *f = *state;
	char hw[PATH_MAX], sw[PATH_MAX], st[PATH_MAX], err[512], *t;
	char *set_hw[] = { "cp", hw, st, NULL }, *set_sw[] = { "cp", sw, st, NULL };
	char *rd[] = { "cat", st, NULL };
	struct wb_crypto_cmds cmds = { .set = { set_hw, set_sw }, .read = rd,
				       .value = { "off", "on" } };
	struct wb_crypto_switch_cfg cfg = { .host = f->h, .cmds = &cmds, .record = f->rec };
	struct wb_crypto_switch *s;
	json_t *ev = NULL;

	snprintf(hw, sizeof(hw), "%s/hw", f->dir);
	snprintf(sw, sizeof(sw), "%s/sw", f->dir);
	snprintf(st, sizeof(st), "%s/st", f->dir);
	assert_int_equal(wb_write_file_atomic(hw, "off\n", 4, 0600), 0);
	assert_int_equal(wb_write_file_atomic(sw, "  on  \n", 7, 0600), 0);
	assert_int_equal(wb_write_file_atomic(st, "off\n", 4, 0600), 0);
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), 0);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), 0);
	assert_string_equal(str(ev, "read_back"), "on");
	assert_string_equal(str(ev, "mechanism"), "scenario crypto_switch commands");
	json_decref(ev);
	assert_int_equal(wb_lab_record_pending(f->rec), 1);
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	t = slurp(st);
	assert_string_equal(t, "off\n");
	free(t);
	assert_int_equal(wb_lab_record_pending(f->rec), 0);
	/* a value of neither mode: nothing is changed that could not be put back */
	assert_int_equal(wb_write_file_atomic(st, "weird\n", 6, 0600), 0);
	wb_crypto_switch_free(s);
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), 0);
	assert_int_equal(wb_crypto_switch_set(s, WB_CRYPTO_SW, &ev, err, sizeof(err)), -EPROTO);
	assert_string_equal(err, "the crypto switch on local reads 'weird', neither hwcrypt's "
				 "'off' nor nohwcrypt's 'on': wbench could not put it back, so it "
				 "changes nothing");
	t = slurp(st);
	assert_string_equal(t, "weird\n");
	free(t);
	assert_int_equal(wb_lab_record_pending(f->rec), 0);
	wb_crypto_switch_free(s);
}

static void test_switch_refused_without_a_parameter(void **state)
{
	struct fx *f = *state;
	struct wb_crypto_switch_cfg cfg = { .host = f->h, .driver = wb_driver_find("mt7915e") };
	char *argv[] = { "true", NULL };
	struct wb_crypto_cmds half = { .set = { argv, NULL }, .read = argv,
				       .value = { "a", "b" } };
	struct wb_crypto_switch *s;

	assert_int_equal(wb_crypto_switch_new(&cfg, &s), -ENOTSUP);
	cfg.driver = NULL;
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), -ENOTSUP);
	cfg.cmds = &half;
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), -EINVAL);
}

static void test_radio_found_by_phy_interface_and_device(void **state)
{
	struct fx *f = *state;
	struct wb_radio r;
	char err[256];

	tree_rt2800usb(f);
	assert_int_equal(wb_radio_find(f->h, f->sys, WB_RADIO_BY_PHY, "phy0", NULL, &r, err,
				       sizeof(err)), 0);
	assert_string_equal(r.device, DEV);
	assert_string_equal(r.driver, "rt2800usb");
	assert_string_equal(r.module, "rt2800usb");
	memset(&r, 0, sizeof(r));
	assert_int_equal(wb_radio_find(f->h, f->sys, WB_RADIO_BY_IFNAME, "wlan0", NULL, &r, err,
				       sizeof(err)), 0);
	assert_string_equal(r.phy, "phy0");
	assert_string_equal(r.device, DEV);
	memset(&r, 0, sizeof(r));
	assert_int_equal(wb_radio_find(f->h, f->sys, WB_RADIO_BY_DEVICE, "/sys/devices/" DEV,
				       NULL, &r, err, sizeof(err)), 0);
	assert_string_equal(r.phy, "phy0");
	assert_int_equal(wb_radio_find(f->h, f->sys, WB_RADIO_BY_PHY, "phy7", NULL, &r, err,
				       sizeof(err)), -ENODEV);
	assert_string_equal(err, "no radio with phy 'phy7' on local");
	assert_int_equal(wb_radio_find(f->h, f->sys, WB_RADIO_BY_DEVICE, "platform/../../etc",
				       NULL, &r, err, sizeof(err)), -EINVAL);
	assert_int_equal(wb_radio_find(f->h, f->sys, WB_RADIO_BY_IFNAME, "wlan9", NULL, &r, err,
				       sizeof(err)), -ENODEV);
	assert_string_equal(err, "no radio with interface 'wlan9' on local");
}

static void test_record_lifecycle(void **state)
{
	struct fx *f = *state;
	struct wb_lab_record *r;
	char dir[PATH_MAX], path[PATH_MAX + 32], err[256];
	unsigned int a, b;
	struct stat st;

	snprintf(dir, sizeof(dir), "%s/rec", f->dir);
	assert_int_equal(wb_lab_record_open(dir, &r), 0);
	/* made private, the file 0600 */
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/%d.json", dir, (int)getpid());
	assert_string_equal(wb_lab_record_path(r), path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(wb_lab_record_add(r, wb_lab_change_netns("wbench-ap-1"), &a), 0);
	assert_int_equal(wb_lab_record_add(r, wb_lab_change_phy("phy0", DEV, "wbench-ap-1"), &b),
			 0);
	assert_int_equal(wb_lab_record_pending(r), 2);
	assert_int_equal(wb_lab_record_done(r, a), 0);
	assert_int_equal(wb_lab_record_pending(r), 1);
	/* a change left: the file stays for wbench cleanup */
	wb_lab_record_close(r);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(wb_lab_record_open(dir, &r), 0);
	wb_lab_record_close(r);
	assert_int_equal(access(path, F_OK), -1);
	/* a directory others can read is nobody's to trust */
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(wb_lab_record_dir_check(dir, false, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "is not a private directory of ours (mode 0755"));
	assert_int_equal(wb_lab_record_open(dir, &r), -EPERM);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reload_switches_reads_back_and_finds_the_radio_again,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_already_in_mode_changes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_pre_step_runs_first_and_is_recorded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_record_is_written_before_the_first_step,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_reprobe_writes_in_place_and_keeps_the_core_module,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_parameter_that_did_not_take_is_an_error,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_step_is_named_with_its_output,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_after_a_reload_cut_short,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_radio_that_does_not_come_back,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_module_not_loaded_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_before_the_switch_changes_nothing,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_scenario_commands_switch_and_restore,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_switch_refused_without_a_parameter,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_radio_found_by_phy_interface_and_device,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_lifecycle, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
