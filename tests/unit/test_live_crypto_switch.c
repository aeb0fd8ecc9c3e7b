/*
 * The driver table's crypto switch on real kernel modules, through the code the local lab
 * uses (wbench/lab/crypto_switch.c on a local host): each module is loaded (no device is
 * needed), switched to the other mode, read back from /sys/module, switched back, and
 * restored to what it was; the state record lists the original while it differs. It
 * loads and unloads kernel modules, so it runs only when the VM test passes
 * WBT_LIVE_MODULES=1 (tests/vm/t_driver_switch.sh, as root); elsewhere every case skips.
 * A module the test found loaded keeps its value (the VM script checks it independently);
 * one it loaded is unloaded again. Each case prints how long a reload took.
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

#include "wbench/lab/crypto_switch.h"
#include "wbench/lab/lab_record.h"
#include "wbench/lib/util.h"

static bool live(void)
{
	const char *v = getenv("WBT_LIVE_MODULES");

	return v && !strcmp(v, "1") && geteuid() == 0;
}

static bool loaded(const char *module)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s", module);
	return access(path, F_OK) == 0;
}

static void param_text(const struct wb_driver *d, char *buf, size_t len)
{
	assert_int_equal(wb_driver_param_read(d, "/sys", buf, len, NULL), 0);
}

static int64_t switch_to(struct wb_crypto_switch *s, enum wb_crypto_mode m, bool *changed)
{
	json_t *ev = NULL;
	char err[512];
	int64_t ms;
	int r;

	r = wb_crypto_switch_set(s, m, &ev, err, sizeof(err));
	if (r < 0)
		print_error("%s\n", err);
	assert_int_equal(r, 0);
	assert_int_equal(wb_driver_param_parse(json_string_value(json_object_get(ev, "read_back"))),
			 m);
	*changed = json_is_true(json_object_get(ev, "changed"));
	ms = json_integer_value(json_object_get(ev, "switch_ms"));
	json_decref(ev);
	return ms;
}

/*
 * @row: the driver table's module; @load: what to modprobe when the parameter's module is
 * not loaded (for a re-probe row, the bus module).
 */
static void live_switch(const char *row, const char *load)
{
	const struct wb_driver *d = wb_driver_find(row);
	char before[32], after[32], dir[] = "/tmp/wbt-live-cs.XXXXXX", cmd[128], err[512];
	struct wb_crypto_switch_cfg cfg = { .driver = d };
	struct wb_crypto_switch *s;
	struct wb_lab_record *rec;
	enum wb_crypto_mode orig, other;
	bool we_loaded = false, changed;
	int64_t ms_there, ms_back;

	if (!live())
		skip();
	assert_non_null(d);
	assert_true(wb_driver_has_switch(d));
	if (!loaded(wb_driver_param_module(d)) || !loaded(load)) {
		snprintf(cmd, sizeof(cmd), "modprobe %s", load);
		assert_int_equal(system(cmd), 0);
		we_loaded = true;
	}
	param_text(d, before, sizeof(before));
	orig = wb_driver_param_parse(before);
	other = orig == WB_CRYPTO_SW ? WB_CRYPTO_HW : WB_CRYPTO_SW;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(wb_host_local_new(&cfg.host), 0);
	assert_int_equal(wb_lab_record_open(dir, &rec), 0);
	cfg.record = rec;
	cfg.bus_module = load;
	assert_int_equal(wb_crypto_switch_new(&cfg, &s), 0);

	ms_there = switch_to(s, other, &changed);
	assert_true(changed);
	assert_int_equal(wb_lab_record_pending(rec), 1);
	(void)switch_to(s, other, &changed);   /* already there: no reload */
	assert_false(changed);
	ms_back = orig == WB_CRYPTO_UNKNOWN ? 0 : switch_to(s, orig, &changed);
	assert_int_equal(wb_crypto_switch_restore(s, err, sizeof(err)), 0);
	param_text(d, after, sizeof(after));
	assert_string_equal(after, before);
	assert_int_equal(wb_lab_record_pending(rec), 0);
	print_message("%s %s: '%s' -> %s in %lld ms, back in %lld ms (%s)\n",
		      wb_driver_param_module(d), d->param, before, wb_crypto_mode_name(other),
		      (long long)ms_there, (long long)ms_back,
		      d->method == WB_DRIVER_SWITCH_RELOAD ? "reload" : "re-probe");
	wb_crypto_switch_free(s);
	wb_lab_record_close(rec);
	wb_host_free(cfg.host);
	rmdir(dir);
	if (we_loaded) {
		snprintf(cmd, sizeof(cmd), "modprobe -r %s", load);
		assert_int_equal(system(cmd), 0);
		assert_false(loaded(load));
	}
}

static void test_live_switch_rt2800usb(void **state)
{
	(void)state;
	live_switch("rt2800usb", "rt2800usb");
}

static void test_live_switch_rt2800pci(void **state)
{
	(void)state;
	live_switch("rt2800pci", "rt2800pci");
}

static void test_live_switch_rt73usb(void **state)
{
	(void)state;
	live_switch("rt73usb", "rt73usb");
}

static void test_live_switch_ath5k(void **state)
{
	(void)state;
	live_switch("ath5k", "ath5k");
}

static void test_live_switch_ath9k(void **state)
{
	(void)state;
	live_switch("ath9k", "ath9k");
}

static void test_live_switch_ath9k_htc(void **state)
{
	(void)state;
	live_switch("ath9k_htc", "ath9k_htc");
}

static void test_live_switch_carl9170(void **state)
{
	(void)state;
	live_switch("carl9170", "carl9170");
}

static void test_live_switch_b43(void **state)
{
	(void)state;
	live_switch("b43", "b43");
}

static void test_live_switch_iwlwifi(void **state)
{
	(void)state;
	live_switch("iwlwifi", "iwlwifi");
}

static void test_live_switch_iwl4965(void **state)
{
	(void)state;
	live_switch("iwl4965", "iwl4965");
}

static void test_live_switch_rtl8192ce(void **state)
{
	(void)state;
	live_switch("rtl8192ce", "rtl8192ce");
}

/* re-probe rows: the parameter is in the core module, the bus module is reloaded */
static void test_live_switch_ath10k_core(void **state)
{
	(void)state;
	live_switch("ath10k_pci", "ath10k_pci");
}

static void test_live_switch_ath11k(void **state)
{
	(void)state;
	live_switch("ath11k_pci", "ath11k_pci");
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_switch_rt2800usb),
		cmocka_unit_test(test_live_switch_rt2800pci),
		cmocka_unit_test(test_live_switch_rt73usb),
		cmocka_unit_test(test_live_switch_ath5k),
		cmocka_unit_test(test_live_switch_ath9k),
		cmocka_unit_test(test_live_switch_ath9k_htc),
		cmocka_unit_test(test_live_switch_carl9170),
		cmocka_unit_test(test_live_switch_b43),
		cmocka_unit_test(test_live_switch_iwlwifi),
		cmocka_unit_test(test_live_switch_iwl4965),
		cmocka_unit_test(test_live_switch_rtl8192ce),
		cmocka_unit_test(test_live_switch_ath10k_core),
		cmocka_unit_test(test_live_switch_ath11k),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
