/* The soak's analysis (reports/soak.c): stalls, trend, rekey dips, bounded storage. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/soak.h"

#include "tests/unit/assert_near.h"

static double num(const json_t *o, const char *path)
{
	char key[64];
	const char *dot;

	while ((dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		o = json_object_get(o, key);
		path = dot + 1;
	}
	o = json_object_get(o, path);
	assert_true(json_is_number(o) || json_is_null(o));
	return json_is_null(o) ? NAN : json_number_value(o);
}

/* @n one-second samples at @bps, from @t. */
static void fill(struct wb_soak *s, double t, unsigned int n, double bps)
{
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(wb_soak_add(s, t + i, 1.0, bps, false), 0);
}

static void test_steady(void **state)
{
	struct wb_soak s;
	json_t *r;

	(void)state;
	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	for (unsigned int i = 0; i < 60; i++)
		assert_int_equal(wb_soak_add(&s, i, 1.0, 100e6 + (i % 3) * 1e6, false), 0);
	assert_int_equal(wb_soak_segment(&s, NULL), 0);
	r = wb_soak_result(&s, 60, 300);
	assert_non_null(r);
	assert_near(num(r, "median_bps"), 101e6, 1);
	assert_near(num(r, "measured_s"), 60, 1e-9);
	assert_near(num(r, "stalls.count"), 0, 0);
	assert_near(num(r, "stalls.longest_s"), 0, 0);
	assert_true(json_is_null(json_object_get(json_object_get(r, "stalls"), "longest_at_s")));
	/* 6 bins of 10 s: no trend, and the interval says so */
	assert_near(num(r, "trend.bins"), 6, 0);
	assert_true(num(r, "trend.low_bps_per_hour") < 0 && num(r, "trend.high_bps_per_hour") > 0);
	assert_near(num(r, "disconnects.count"), 0, 0);
	assert_near(num(r, "segments"), 1, 0);
	json_decref(r);
	wb_soak_release(&s);
	wb_soak_release(&s); /* twice is safe, NULL too */
	wb_soak_release(NULL);
}

static void test_stalls_and_outage(void **state)
{
	struct wb_soak s;
	json_t *r;

	(void)state;
	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	fill(&s, 0, 30, 100e6);
	fill(&s, 30, 5, 1e6);          /* a 5 s stall */
	fill(&s, 35, 25, 100e6);
	assert_int_equal(wb_soak_add(&s, 60, 3.0, 0, true), 0); /* a failed segment */
	fill(&s, 63, 37, 100e6);
	fill(&s, 100, 1, 24e6);        /* just under 25% of the median */
	assert_int_equal(wb_soak_segment(&s, NULL), 0);
	assert_int_equal(wb_soak_segment(&s, "iperf3: error - control socket has closed"), 0);
	r = wb_soak_result(&s, 101, 60);
	assert_near(num(r, "stalls.count"), 3, 0);
	assert_near(num(r, "stalls.longest_s"), 5, 1e-6);
	assert_near(num(r, "stalls.longest_at_s"), 30, 1e-6);
	assert_near(num(r, "stalls.total_s"), 9, 1e-6);
	assert_near(num(r, "stalls.threshold_bps"), 25e6, 1);
	assert_near(num(r, "outage_s"), 3, 1e-6);
	assert_near(num(r, "failed_segments"), 1, 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r, "failures"), 0)),
			    "iperf3: error - control socket has closed");
	/* the outage is not a measured second: the median is of the 98 measured ones */
	assert_near(num(r, "median_bps"), 100e6, 1);
	json_decref(r);
	wb_soak_release(&s);
}

/* An hour that falls from 100 to 50 Mbit/s: the slope and its interval find it. */
static void test_trend(void **state)
{
	struct wb_soak s;
	json_t *r;

	(void)state;
	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	for (unsigned int i = 0; i < 3600; i++)
		assert_int_equal(wb_soak_add(&s, i, 1.0, 100e6 - 50e6 * i / 3600.0 +
					     ((int)((i * 7919) % 11) - 5) * 1e6, false), 0);
	r = wb_soak_result(&s, 3600, 300);
	assert_near(num(r, "trend.bin_s"), 18, 0);
	assert_near(num(r, "trend.bins"), 200, 0);
	assert_near(num(r, "trend.slope_bps_per_hour"), -50e6, 0.5e6);
	assert_true(num(r, "trend.low_bps_per_hour") < -50e6);
	assert_true(num(r, "trend.high_bps_per_hour") > -50e6);
	assert_true(num(r, "trend.high_bps_per_hour") < -45e6);
	assert_near(num(r, "trend.slope_pct_per_hour"), -100.0 * 50 / 75, 1.5);
	/* the series: one point per 6 s, at most 600 */
	assert_near(num(r, "series.bin_s"), 6, 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "series"), "t_s")), 600);
	json_decref(r);
	wb_soak_release(&s);
}

static void test_rekeys_and_disconnects(void **state)
{
	struct wb_soak s;
	json_t *r, *ev;

	(void)state;
	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	fill(&s, 0, 20, 100e6);
	fill(&s, 20, 2, 40e6);         /* the group rekey's dip */
	fill(&s, 22, 1, 80e6);         /* still under 90% */
	fill(&s, 23, 12, 100e6);
	fill(&s, 35, 1, 50e6);         /* noise, far from any rekey */
	fill(&s, 36, 64, 100e6);
	assert_int_equal(wb_soak_event(&s, WB_SOAK_REKEY_GROUP, 20.2, -1), 0);
	assert_int_equal(wb_soak_event(&s, WB_SOAK_REKEY_PTK, 50.5, -1), 0);
	assert_int_equal(wb_soak_event(&s, WB_SOAK_DISCONNECT, 70.0, 3), 0);
	assert_int_equal(wb_soak_event(&s, WB_SOAK_DISCONNECT, 80.0, -1), 0);
	r = wb_soak_result(&s, 100, 300);
	assert_near(num(r, "rekeys.group"), 1, 0);
	assert_near(num(r, "rekeys.ptk"), 1, 0);
	ev = json_object_get(json_object_get(r, "rekeys"), "events");
	assert_int_equal(json_array_size(ev), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ev, 0), "type")),
			    "group");
	assert_near(num(json_array_get(ev, 0), "dip_pct"), 60, 1e-6);
	assert_near(num(json_array_get(ev, 0), "recovery_s"), 2.8, 1e-5);
	assert_near(num(json_array_get(ev, 1), "dip_pct"), 0, 0);
	assert_near(num(json_array_get(ev, 1), "recovery_s"), 0, 0);
	assert_near(num(r, "rekeys.dip_pct.max"), 60, 1e-6);
	/* quiet points 4 s apart, windows clear of the events: 4 + 6 + 4 + 1 + 4; the noise
	 * at 35 shows in two of them */
	assert_near(num(r, "rekeys.control.points"), 19, 0);
	assert_near(num(r, "rekeys.control.dip_pct.max"), 50, 1e-6);
	assert_near(num(r, "rekeys.control.dip_pct.median"), 0, 0);
	assert_near(num(r, "disconnects.count"), 2, 0);
	ev = json_object_get(json_object_get(r, "disconnects"), "events");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ev, 0), "reason")), 3);
	assert_true(json_is_null(json_object_get(json_array_get(ev, 1), "reason")));
	json_decref(r);
	wb_soak_release(&s);
}

/* Whatever the length, storage stops at its bounds and says what it dropped. */
static void test_bounded(void **state)
{
	struct wb_soak s;
	json_t *r;
	int rc = 0;

	(void)state;
	assert_int_equal(wb_soak_init(&s, 0.5), 0);
	for (unsigned int i = 0; i < WB_SOAK_SAMPLES_MAX + 10; i++)
		rc = wb_soak_add(&s, i, 1.0, 50e6, false);
	assert_int_equal(rc, -ENOSPC);
	for (unsigned int i = 0; i < WB_SOAK_EVENTS_MAX + 3; i++)
		rc = wb_soak_event(&s, WB_SOAK_REKEY_PTK, i, -1);
	assert_int_equal(rc, -ENOSPC);
	for (unsigned int i = 0; i < WB_SOAK_LIST_MAX + 5; i++)
		assert_int_equal(wb_soak_segment(&s, "failed"), 0);
	r = wb_soak_result(&s, 86400, 300);
	assert_near(num(r, "samples"), WB_SOAK_SAMPLES_MAX, 0);
	assert_near(num(r, "samples_dropped"), 10, 0);
	assert_near(num(r, "events_dropped"), 3, 0);
	assert_near(num(r, "rekeys.ptk"), WB_SOAK_EVENTS_MAX, 0);
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "rekeys"), "events")),
			 WB_SOAK_LIST_MAX);
	assert_int_equal(json_array_size(json_object_get(r, "failures")), WB_SOAK_LIST_MAX);
	assert_near(num(r, "failed_segments"), WB_SOAK_LIST_MAX + 5, 0);
	assert_true(json_array_size(json_object_get(json_object_get(r, "series"), "t_s")) <=
		    WB_SOAK_SERIES_MAX);
	json_decref(r);
	wb_soak_release(&s);
}

static void test_bad_and_empty(void **state)
{
	struct wb_soak s;
	json_t *r;

	(void)state;
	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	assert_int_equal(wb_soak_add(&s, NAN, 1, 1, false), -EINVAL);
	assert_int_equal(wb_soak_add(&s, 0, -1, 1, false), -EINVAL);
	assert_int_equal(wb_soak_add(&s, 0, 1, INFINITY, false), -EINVAL);
	assert_int_equal(wb_soak_add(&s, 0, 1, NAN, true), 0); /* an outage has no rate */
	assert_int_equal(wb_soak_event(&s, WB_SOAK_DISCONNECT, -1, 1), -EINVAL);
	wb_soak_release(&s);
	assert_int_equal(wb_soak_init(&s, 0.25), 0);
	r = wb_soak_result(&s, 60, 300);
	assert_non_null(r);
	assert_true(json_is_null(json_object_get(r, "median_bps")));
	assert_true(json_is_null(json_object_get(r, "stalls")));
	assert_true(json_is_null(json_object_get(r, "trend")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(r, "series"), "t_s")), 0);
	assert_true(json_is_null(json_object_get(json_object_get(json_object_get(r, "rekeys"),
					"dip_pct"), "median")));
	json_decref(r);
	wb_soak_release(&s);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady),
		cmocka_unit_test(test_stalls_and_outage),
		cmocka_unit_test(test_trend),
		cmocka_unit_test(test_rekeys_and_disconnects),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_bad_and_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
