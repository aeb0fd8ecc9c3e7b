/* wb_compare_docs: verdicts, functional gates, floors, missing modes, warnings, schemas. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "reports/compare.h"
#include "reports/results.h"
#include "tests/unit/compare_fixture.h"
#include "wbench/lib/util.h"

#define KEY "hwcrypt/sae/tcp/up"

/* Compares and checks that the output is well formed; returns the document. */
static json_t *compare(const json_t *base, const json_t *cand, const struct wb_compare_gate *g)
{
	char err[512];
	json_t *out = NULL;

	/* The builder's documents are real results documents. */
	assert_int_equal(wb_results_validate(base, "a.json", err, sizeof(err)), 0);
	assert_int_equal(wb_results_validate(cand, "b.json", err, sizeof(err)), 0);
	if (wb_compare_docs(base, "a.json", cand, "b.json", g, &out, err, sizeof(err)))
		fail_msg("%s", err);
	assert_string_equal(json_string_value(json_object_get(out, "schema")), WB_COMPARE_SCHEMA);
	return out;
}

static const char *sget(const json_t *v, const char *a, const char *b)
{
	v = json_object_get(v, a);
	if (b)
		v = json_object_get(v, b);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

static double nget(const json_t *v, const char *a, const char *b)
{
	v = json_object_get(v, a);
	if (b)
		v = json_object_get(v, b);
	assert_true(json_is_number(v));
	return json_number_value(v);
}

static long long count(const json_t *cmp, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(cmp, "counts"), key));
}

/* A pair with one mode: @nb runs around @mb bit/s against @nc around @mc (1% spread). */
static json_t *pair(size_t nb, double mb, size_t nc, double mc, const struct wb_compare_gate *g)
{
	double vb[16], vc[16];
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *out;

	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(vb, nb, mb, 1), .n = nb });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(vc, nc, mc, 1), .n = nc });
	out = compare(a, b, g);
	json_decref(a);
	json_decref(b);
	return out;
}

static void test_regressed(void **state)
{
	json_t *cmp = pair(8, 100e6, 8, 80e6, NULL), *g = wbt_cmp_group(cmp, KEY);
	json_t *tp = json_object_get(g, "throughput"), *ci = json_object_get(tp, "ci");

	(void)state;
	assert_string_equal(sget(tp, "verdict", NULL), "regressed");
	assert_true(fabs(nget(tp, "ratio_of_medians", NULL) - 0.8) < 1e-9);
	assert_true(fabs(nget(tp, "change_pct", NULL) + 20) < 1e-6);
	/* Every input of the decision is in the document. */
	assert_true(nget(tp, "mwu", "p") < 0.05);
	assert_true(nget(tp, "mwu", "p_min") < 0.05);
	assert_true(json_is_boolean(json_object_get(json_object_get(tp, "mwu"), "exact")));
	assert_int_equal(json_array_size(ci), 2);
	assert_true(json_number_value(json_array_get(ci, 1)) < 0.98);
	assert_true(json_is_number(json_object_get(json_object_get(cmp, "settings"), "alpha")));
	assert_true(json_is_integer(json_object_get(json_object_get(cmp, "settings"), "seed")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(g, "baseline"),
							 "bits_per_second")), 8);
	assert_string_equal(wbt_cmp_gate_result(g, "throughput"), "fail");
	assert_string_equal(sget(g, "result", NULL), "fail");
	assert_string_equal(sget(cmp, "result", NULL), "fail");
	assert_int_equal(count(cmp, "regressed"), 1);
	assert_int_equal(count(cmp, "failed_gates"), 1);
	json_decref(cmp);
}

static void test_improved_and_same(void **state)
{
	json_t *cmp = pair(8, 100e6, 8, 120e6, NULL), *g = wbt_cmp_group(cmp, KEY);

	(void)state;
	assert_string_equal(sget(g, "throughput", "verdict"), "improved");
	assert_string_equal(wbt_cmp_gate_result(g, "throughput"), "pass");
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	assert_int_equal(count(cmp, "improved"), 1);
	json_decref(cmp);

	/* 0.5% lower, inside the 2% band: not a regression whatever p says. */
	cmp = pair(8, 100e6, 8, 99.5e6, NULL);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(sget(g, "throughput", "verdict"), "same");
	assert_string_equal(sget(g, "result", NULL), "pass");
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	json_decref(cmp);
}

static void test_unknown(void **state)
{
	struct wb_compare_gate *gate = wb_compare_gate_new();
	json_t *cmp = pair(3, 100e6, 3, 50e6, NULL), *g = wbt_cmp_group(cmp, KEY);
	char err[256];

	(void)state;
	/* Halved, but three runs cannot reach p < 0.05: "run more", not a guess. */
	assert_string_equal(sget(g, "throughput", "verdict"), "unknown");
	assert_string_equal(wbt_cmp_gate_result(g, "throughput"), "unknown");
	assert_string_equal(sget(g, "result", NULL), "unknown");
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	assert_int_equal(count(cmp, "unknown"), 1);
	json_decref(cmp);

	assert_non_null(gate);
	assert_int_equal(wb_compare_gate_set(gate, "fail_on_unknown", "true", err, sizeof(err)), 0);
	cmp = pair(3, 100e6, 3, 50e6, gate);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(wbt_cmp_gate_result(g, "throughput"), "fail");
	assert_string_equal(sget(cmp, "result", NULL), "fail");
	assert_true(json_is_true(json_object_get(json_object_get(cmp, "settings"),
						 "fail_on_unknown")));
	assert_string_equal(sget(cmp, "settings", "source"), "defaults + command line");
	json_decref(cmp);

	/* Lowering min_runs does not make three runs significant: p_min is 0.1. */
	assert_int_equal(wb_compare_gate_set(gate, "fail_on_unknown", "false", err, sizeof(err)), 0);
	assert_int_equal(wb_compare_gate_set(gate, "min_runs", "2", err, sizeof(err)), 0);
	cmp = pair(3, 100e6, 3, 50e6, gate);
	assert_string_equal(sget(wbt_cmp_group(cmp, KEY), "throughput", "verdict"), "unknown");
	json_decref(cmp);
	wb_compare_gate_free(gate);
}

static const char *start_verdict(const json_t *g)
{
	return sget(json_object_get(g, "functional"), "start", "verdict");
}

static void test_start_gate(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "psk2", .status = "ap_start_failed",
						 .diagnosis = "no_bip_cipher", .n = 3 });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "owe", .status = "assoc_failed",
						 .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .status = "ap_start_failed",
						 .diagnosis = "no_bip_cipher", .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "psk2", .status = "ap_start_failed",
						 .diagnosis = "no_bip_cipher", .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "owe", .n = 3 });
	cmp = compare(a, b, NULL);

	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(start_verdict(g), "new_failure");
	assert_string_equal(wbt_cmp_gate_result(g, "start"), "fail");
	assert_string_equal(sget(g, "throughput", "verdict"), "not_compared");
	assert_string_equal(sget(g, "candidate", "failure_diagnosis"), "no_bip_cipher");
	assert_non_null(strstr(sget(g, "throughput", "reason"), "3 ap_start_failed"));

	g = wbt_cmp_group(cmp, "hwcrypt/psk2/tcp/up");
	assert_string_equal(wbt_cmp_gate_result(g, "start"), "pass");
	assert_string_equal(sget(g, "result", NULL), "pass");
	assert_string_equal(start_verdict(g), "still_failing");

	g = wbt_cmp_group(cmp, "hwcrypt/owe/tcp/up");
	assert_string_equal(start_verdict(g), "fixed");
	assert_string_equal(sget(g, "result", NULL), "pass");

	assert_string_equal(sget(cmp, "result", NULL), "fail");
	assert_int_equal(count(cmp, "failed_groups"), 1);
	assert_int_equal(count(cmp, "not_compared"), 3);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* A candidate that loses most of its cells (but not all) to a new failure fails too. */
static void test_start_partial(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 2 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .status = "assoc_failed", .diagnosis = "sae_timeout",
						 .n = 1 });
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(wbt_cmp_gate_result(g, "start"), "fail");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(json_object_get(
				       g, "functional"), "start"), "reason")),
			       "candidate 2 ok, 1 assoc_failed (sae_timeout)"));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static const char *pmf_verdict(const json_t *g)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(g, "functional"),
								 "pmf"), "verdict"));
}

static void test_pmf_gate(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3, .pmf = "pass" });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "psk2", .n = 3, .pmf = "fail" });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "owe", .n = 3, .pmf = "n/a" });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3, .pmf = "fail" });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "psk2", .n = 3, .pmf = "pass" });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "owe", .n = 3, .pmf = "n/a" });
	cmp = compare(a, b, NULL);

	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(pmf_verdict(g), "new_fail");
	assert_string_equal(wbt_cmp_gate_result(g, "pmf"), "fail");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(
				 g, "candidate"), "pmf"), "fail")), 3);
	g = wbt_cmp_group(cmp, "hwcrypt/psk2/tcp/up");
	assert_string_equal(pmf_verdict(g), "fixed");
	assert_string_equal(wbt_cmp_gate_result(g, "pmf"), "pass");
	g = wbt_cmp_group(cmp, "hwcrypt/owe/tcp/up");
	assert_string_equal(pmf_verdict(g), "ok");
	assert_string_equal(sget(cmp, "result", NULL), "fail");
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static const char *rc_verdict(const json_t *g)
{
	return json_string_value(json_object_get(json_object_get(json_object_get(g, "functional"),
								 "reconnect"), "verdict"));
}

/*
 * Reconnect cycles: failed cycles where the baseline had none fail the gate; when both
 * have some, only a rate lower than chance explains (one-sided Fisher, alpha) does.
 */
static void test_reconnect_gate(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;
	const char *down = "hwcrypt/sae/tcp/down", *psk = "hwcrypt/psk2/tcp/up";
	const char *pd = "hwcrypt/psk2/tcp/down", *owe = "hwcrypt/owe/tcp/up";

	(void)state;
	/* sae up: 60 of 60 -> 59 of 60 (new failures); sae down: 54 -> 30 of 60 (worse,
	 * p = 1.216e-6 by exact enumeration); psk2 up: 114 -> 111 of 120 (p = 0.2976);
	 * psk2 down: 51 -> 60 of 60 (fixed); owe ran none */
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 6, .rc_cycles = 10, .rc_ok = { 10, 10 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 6, .rc_cycles = 10, .rc_ok = { 10, 10 } });
	json_object_set_new(json_object_get(json_array_get(json_object_get(b, "cells"), 0),
					    "reconnect"), "succeeded", json_integer(9));
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .direction = "down", .n = 6, .rc_cycles = 10,
						.rc_ok = { 9, 9 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .direction = "down", .n = 6, .rc_cycles = 10,
						.rc_ok = { 5, 5 } });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "psk2", .n = 6, .rc_cycles = 20,
						.rc_ok = { 19, 19 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "psk2", .n = 6, .rc_cycles = 20,
						.rc_ok = { 19, 18 } });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "psk2", .direction = "down", .n = 6,
						.rc_cycles = 10, .rc_ok = { 8, 9 } });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "psk2", .direction = "down", .n = 6,
						.rc_cycles = 10, .rc_ok = { 10, 10 } });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = "owe", .n = 6 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .security = "owe", .n = 6 });
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(rc_verdict(g), "new_failures");
	assert_string_equal(wbt_cmp_gate_result(g, "reconnect"), "fail");
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(
		json_object_get(g, "functional"), "reconnect"), "reason")),
			       "baseline 60 of 60; candidate 59 of 60"));
	g = wbt_cmp_group(cmp, down);
	assert_string_equal(rc_verdict(g), "worse");
	assert_string_equal(wbt_cmp_gate_result(g, "reconnect"), "fail");
	assert_true(fabs(json_number_value(json_object_get(json_object_get(json_object_get(
		g, "functional"), "reconnect"), "p")) - 1.2162996842555592e-06) < 1e-12);
	g = wbt_cmp_group(cmp, psk);
	assert_string_equal(rc_verdict(g), "still_failing");
	assert_string_equal(wbt_cmp_gate_result(g, "reconnect"), "pass");
	assert_true(fabs(json_number_value(json_object_get(json_object_get(json_object_get(
		g, "functional"), "reconnect"), "p")) - 0.2976412473844292) < 1e-9);
	g = wbt_cmp_group(cmp, pd);
	assert_string_equal(rc_verdict(g), "fixed");
	g = wbt_cmp_group(cmp, owe);
	assert_string_equal(rc_verdict(g), "not_run");
	assert_null(wbt_cmp_gate_result(g, "reconnect"));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* An old baseline without PMF verdicts: a fail in the candidate is still new. */
static void test_pmf_old_baseline(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3, .pmf = "fail" });
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(pmf_verdict(g), "new_fail");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(json_object_get(
				 g, "baseline"), "pmf"), "not_recorded")), 3);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static void test_cpu_regression(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g, *ap;
	double v[8];

	(void)state;
	/* Same throughput; the busiest AP core goes from about 50% to about 80%. */
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 100e6, 1), .n = 8,
						 .cpu_ap = 50, .cpu_step = 0.5 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 100e6, 1), .n = 8,
						 .cpu_ap = 80, .cpu_step = 0.5 });
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, KEY);
	ap = json_object_get(json_object_get(g, "cpu"), "ap");
	assert_string_equal(sget(g, "throughput", "verdict"), "same");
	assert_string_equal(sget(ap, "verdict", NULL), "regressed");
	assert_string_equal(sget(ap, "metric", NULL), "max_core_busy_pct");
	assert_true(fabs(nget(ap, "change_pp", NULL) - 30) < 1e-9);
	assert_true(json_is_null(json_object_get(json_object_get(g, "cpu"), "sta")));
	assert_string_equal(wbt_cmp_gate_result(g, "cpu.ap"), "fail");
	assert_null(wbt_cmp_gate_result(g, "cpu.sta"));
	assert_string_equal(sget(cmp, "result", NULL), "fail");
	json_decref(cmp);
	json_decref(b);

	/* Lower load is an improvement, not a failure. */
	b = wbt_cmp_doc("sim");
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 100e6, 1), .n = 8,
						 .cpu_ap = 20, .cpu_step = 0.5 });
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(
				    g, "cpu"), "ap"), "verdict")), "improved");
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

/* In the sim the STA's CPU numbers are the AP's host: reported, gated once (as cpu.ap). */
static void test_cpu_same_host(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g, *sta;
	double v[8];

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 100e6, 1), .n = 8,
						 .cpu_ap = 50, .cpu_step = 0.5,
						 .sta_same_host = true });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .bps = wbt_cmp_series(v, 8, 100e6, 1), .n = 8,
						 .cpu_ap = 80, .cpu_step = 0.5,
						 .sta_same_host = true });
	cmp = compare(a, b, NULL);
	g = wbt_cmp_group(cmp, KEY);
	sta = json_object_get(json_object_get(g, "cpu"), "sta");
	assert_string_equal(sget(sta, "verdict", NULL), "regressed");
	assert_true(json_is_true(json_object_get(sta, "same_host_as_ap")));
	assert_string_equal(wbt_cmp_gate_result(g, "cpu.ap"), "fail");
	assert_null(wbt_cmp_gate_result(g, "cpu.sta"));
	assert_int_equal(count(cmp, "failed_gates"), 1);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static void test_floor(void **state)
{
	struct wb_compare_gate *gate = wbt_gate_from(
		"{\"floors\": ["
		" {\"match\": {}, \"min_bits_per_second\": 1e6},"
		" {\"match\": {\"crypto\": \"hwcrypt\", \"proto\": \"tcp\"},"
		"  \"min_bits_per_second\": 150e6, \"note\": \"TIP 2x2\"},"
		" {\"match\": {\"crypto\": \"hwcrypt\", \"direction\": \"up\"},"
		"  \"min_bits_per_second\": 1e3}]}");
	json_t *cmp = pair(8, 100e6, 8, 100e6, gate), *g = wbt_cmp_group(cmp, KEY);
	json_t *fl = json_object_get(g, "floor");

	(void)state;
	/* Statistically the same, but below the absolute floor: the floor alone fails. */
	assert_string_equal(sget(g, "throughput", "verdict"), "same");
	assert_string_equal(wbt_cmp_gate_result(g, "throughput"), "pass");
	assert_string_equal(wbt_cmp_gate_result(g, "floor"), "fail");
	assert_string_equal(sget(fl, "verdict", NULL), "fail");
	/* Two rules of two keys match: the earlier one wins the tie over the catch-all. */
	assert_int_equal(json_integer_value(json_object_get(fl, "rule")), 1);
	assert_string_equal(sget(fl, "note", NULL), "TIP 2x2");
	assert_true(fabs(nget(fl, "candidate_median_bits_per_second", NULL) - 100e6) < 0.2e6);
	assert_string_equal(sget(g, "result", NULL), "fail");
	assert_int_equal(json_array_size(json_object_get(json_object_get(cmp, "settings"),
							 "floors")), 3);
	json_decref(cmp);
	wb_compare_gate_free(gate);

	/* A floor that is met passes and keeps the group's result. */
	gate = wbt_gate_from("{\"floors\": [{\"match\": {\"security\": \"sae\"},"
			 " \"min_bits_per_second\": 50e6}]}");
	cmp = pair(8, 100e6, 8, 100e6, gate);
	g = wbt_cmp_group(cmp, KEY);
	assert_string_equal(wbt_cmp_gate_result(g, "floor"), "pass");
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	json_decref(cmp);
	wb_compare_gate_free(gate);

	/* No rule for the mode: floor null, no floor gate. */
	gate = wbt_gate_from("{\"floors\": [{\"match\": {\"crypto\": \"nohwcrypt\"},"
			 " \"min_bits_per_second\": 500e6}]}");
	cmp = pair(8, 100e6, 8, 100e6, gate);
	g = wbt_cmp_group(cmp, KEY);
	assert_true(json_is_null(json_object_get(g, "floor")));
	assert_null(wbt_cmp_gate_result(g, "floor"));
	json_decref(cmp);
	wb_compare_gate_free(gate);
}

static void test_missing_and_new_modes(void **state)
{
	struct wb_compare_gate *gate;
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *cmp, *g, *w;
	char err[256];

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .direction = "down", .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .crypto = "nohwcrypt", .n = 3 });
	cmp = compare(a, b, NULL);
	/* Baseline order, then the candidate's new mode. */
	assert_int_equal(json_array_size(json_object_get(cmp, "groups")), 3);
	assert_string_equal(sget(json_array_get(json_object_get(cmp, "groups"), 2), "key", NULL),
			    "nohwcrypt/sae/tcp/up");
	g = wbt_cmp_group(cmp, "hwcrypt/sae/tcp/down");
	assert_true(json_is_null(json_object_get(g, "candidate")));
	assert_string_equal(wbt_cmp_gate_result(g, "missing"), "fail");
	assert_string_equal(sget(g, "throughput", "verdict"), "not_compared");
	g = wbt_cmp_group(cmp, "nohwcrypt/sae/tcp/up");
	assert_true(json_is_null(json_object_get(g, "baseline")));
	assert_string_equal(sget(g, "result", NULL), "pass");
	w = json_object_get(cmp, "warnings");
	assert_int_equal(json_array_size(w), 1);
	assert_string_equal(json_string_value(json_array_get(w, 0)),
			    "mode nohwcrypt/sae/tcp/up is only in the candidate: not compared");
	assert_int_equal(count(cmp, "missing"), 1);
	assert_int_equal(count(cmp, "candidate_only"), 1);
	assert_string_equal(sget(cmp, "result", NULL), "fail");
	json_decref(cmp);

	gate = wb_compare_gate_new();
	assert_int_equal(wb_compare_gate_set(gate, "fail_on_missing", "false", err, sizeof(err)), 0);
	cmp = compare(a, b, gate);
	g = wbt_cmp_group(cmp, "hwcrypt/sae/tcp/down");
	assert_string_equal(wbt_cmp_gate_result(g, "missing"), "pass");
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	assert_int_equal(json_array_size(json_object_get(cmp, "warnings")), 2);
	json_decref(cmp);
	wb_compare_gate_free(gate);
	json_decref(a);
	json_decref(b);
}

static bool has_warning(const json_t *cmp, const char *needle)
{
	json_t *w;
	size_t i;

	json_array_foreach(json_object_get(cmp, "warnings"), i, w)
		if (strstr(json_string_value(w), needle))
			return true;
	return false;
}

static void test_warnings(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("local"), *cmp, *tr;

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3, .pmf = "pass" });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	tr = json_object_get(json_object_get(b, "scenario"), "traffic");
	json_object_set_new(tr, "duration_s", json_integer(30));
	json_object_set_new(tr, "bitrate", json_integer(100000000));
	/* proto and direction are mode keys, not settings: no warning for them. */
	json_object_set_new(tr, "direction", json_pack("[s, s]", "up", "down"));
	json_object_set_new(b, "complete", json_false());
	json_object_set_new(b, "interrupted", json_true());
	json_object_set_new(b, "planned_cells", json_integer(6));
	cmp = compare(a, b, NULL);
	assert_true(has_warning(cmp, "baseline 'a.json' ran on the sim, candidate 'b.json' on "
				"backend 'local'"));
	assert_true(has_warning(cmp, "scenario traffic.duration_s differs: 10 in the baseline, 30 "
				"in the candidate"));
	assert_true(has_warning(cmp, "scenario traffic.bitrate differs: absent in the baseline, "
				"100000000 in the candidate"));
	assert_false(has_warning(cmp, "traffic.direction"));
	assert_true(has_warning(cmp, "candidate 'b.json' is incomplete (3 of 6 planned cells, "
				"interrupted)"));
	assert_true(has_warning(cmp, "candidate 'b.json' has no PMF verdicts"));
	assert_int_equal(json_array_size(json_object_get(cmp, "warnings")), 5);
	/* Warnings do not fail the gate. */
	assert_string_equal(sget(cmp, "result", NULL), "pass");
	assert_string_equal(sget(cmp, "candidate", "backend"), "local");
	assert_true(json_is_false(json_object_get(json_object_get(cmp, "candidate"), "complete")));
	json_decref(cmp);
	json_decref(a);
	json_decref(b);
}

static void test_schema_mismatch(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *out = (json_t *)1;
	char err[512];

	(void)state;
	json_object_set_new(b, "schema", json_string("wbench-result/2"));
	assert_int_equal(wb_compare_docs(a, "a.json", b, "b.json", NULL, &out, err, sizeof(err)),
			 -EINVAL);
	assert_null(out);
	assert_string_equal(err, "b.json: schema: expected \"wbench-result/1\" like a.json, got "
				 "\"wbench-result/2\"");
	json_object_del(b, "schema");
	assert_int_equal(wb_compare_docs(a, "a.json", b, "b.json", NULL, &out, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "b.json: missing required key 'schema' (not a wbench results "
				 "file?)");
	json_decref(a);
	json_decref(b);
}

/* The files: the candidate's schema is named against the baseline's before validation. */
static void test_load_files(void **state)
{
	char *dir = wb_mkdtemp_private("wbench-test-compare"), pa[4096], pb[4096], err[512];
	json_t *a = wbt_cmp_doc("sim"), *base = NULL, *cand = NULL;
	char *text;

	(void)state;
	assert_non_null(dir);
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	snprintf(pa, sizeof(pa), "%s/a.json", dir);
	snprintf(pb, sizeof(pb), "%s/b.json", dir);
	assert_int_equal(json_dump_file(a, pa, 0), 0);
	assert_int_equal(wb_compare_load(pa, pa, &base, &cand, err, sizeof(err)), 0);
	assert_true(json_equal(base, cand));
	json_decref(base);
	json_decref(cand);

	json_object_set_new(a, "schema", json_string("wbench-result/2"));
	json_object_del(a, "cells"); /* named as a schema problem, not as a missing key */
	assert_int_equal(json_dump_file(a, pb, 0), 0);
	assert_int_equal(wb_compare_load(pa, pb, &base, &cand, err, sizeof(err)), -EINVAL);
	assert_null(base);
	assert_null(cand);
	text = strstr(err, "b.json: schema: expected \"wbench-result/1\" like ");
	assert_non_null(text);
	assert_non_null(strstr(err, "a.json, got \"wbench-result/2\""));

	assert_int_equal(wb_write_file_atomic(pb, "{\"schema\": ", 11, 0600), 0);
	assert_int_equal(wb_compare_load(pa, pb, &base, &cand, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "b.json:1:"));
	assert_int_equal(wb_write_file_atomic(pb, "{\"name\": \"x\"}", 13, 0600), 0);
	assert_int_equal(wb_compare_load(pa, pb, &base, &cand, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "b.json: missing required key 'schema' (not a wbench results "
				    "file?)"));
	assert_int_equal(wb_compare_load(pb, pa, &base, &cand, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "b.json: missing required key 'schema'"));
	assert_int_equal(wb_rm_rf(dir), 0);
	free(dir);
	json_decref(a);
}

/* A baseline that moved no data has no ratio: unknown, said plainly, no "inf%". */
static void test_zero_baseline(void **state)
{
	json_t *cmp = pair(8, 0, 8, 100e6, NULL), *g = wbt_cmp_group(cmp, KEY);
	json_t *e = json_array_get(json_object_get(g, "gates"), 0);

	(void)state;
	assert_string_equal(sget(g, "throughput", "verdict"), "unknown");
	assert_true(json_is_null(json_object_get(json_object_get(g, "throughput"),
						 "ratio_of_medians")));
	assert_string_equal(sget(e, "gate", NULL), "throughput");
	assert_non_null(strstr(sget(e, "message", NULL), "median 0.00 -> 99.88 Mbit/s: "));
	assert_null(strstr(sget(e, "message", NULL), "inf"));
	json_decref(cmp);
}

/* The API validates what it is given: a malformed document is refused, not trusted. */
static void test_invalid_document(void **state)
{
	json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *out = NULL;
	char err[512];

	(void)state;
	wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3 });
	wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3 });
	json_object_del(json_array_get(json_object_get(b, "cells"), 1), "status");
	assert_int_equal(wb_compare_docs(a, "a.json", b, "b.json", NULL, &out, err, sizeof(err)),
			 -EINVAL);
	assert_null(out);
	assert_string_equal(err, "b.json: cells[1]: missing required key 'status'");
	json_decref(a);
	json_decref(b);
}

static json_t *cell_of(json_t *doc, size_t i)
{
	return json_array_get(json_object_get(doc, "cells"), i);
}

/* Negative rates and loads are rejected with their path, before any ratio is taken. */
/* Out of range: negative, or so large that a median or a difference would overflow (a CPU
 * load of 1e308 once made NaN, and the gate said "same"). */
static void test_negative_values(void **state)
{
	static const char *const errors[] = {
		"b.json: cells[1].throughput.bits_per_second: expected a rate of 0..1e12 bit/s, got -1.0",
		"b.json: cells[2].cpu.ap.max_core_busy_pct: expected a percentage of 0..100, got -0.5",
		"b.json: summary[0].median_bits_per_second: expected a rate of 0..1e12 bit/s, got -1.0",
		"b.json: cells[2].cpu.ap.max_core_busy_pct: expected a percentage of 0..100, got 1e308",
		"b.json: cells[1].throughput.bits_per_second: expected a rate of 0..1e12 bit/s, got 1e308",
	};
	static const double bad[] = { -1, -0.5, -1, 1e308, 1e308 };
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < WB_ARRAY_SIZE(errors); i++) {
		json_t *a = wbt_cmp_doc("sim"), *b = wbt_cmp_doc("sim"), *out = NULL;

		wbt_cmp_add(a, &(struct wbt_cmp_cells){ .n = 3, .cpu_ap = 50 });
		wbt_cmp_add(b, &(struct wbt_cmp_cells){ .n = 3, .cpu_ap = 50 });
		if (i == 0 || i == 4)
			json_object_set_new(json_object_get(cell_of(b, 1), "throughput"),
					    "bits_per_second", json_real(bad[i]));
		else if (i == 1 || i == 3)
			json_object_set_new(json_object_get(json_object_get(cell_of(b, 2), "cpu"),
							    "ap"), "max_core_busy_pct", json_real(bad[i]));
		else
			json_object_set_new(json_array_get(json_object_get(b, "summary"), 0),
					    "median_bits_per_second", json_real(bad[i]));
		assert_int_equal(wb_compare_docs(a, "a.json", b, "b.json", NULL, &out, err,
						 sizeof(err)), -EINVAL);
		assert_null(out);
		assert_string_equal(err, errors[i]);
		json_decref(a);
		json_decref(b);
	}
}

/* Same inputs, same seed: the same document, byte for byte. */
static void test_reproducible(void **state)
{
	json_t *x = pair(8, 100e6, 8, 97e6, NULL), *y = pair(8, 100e6, 8, 97e6, NULL);
	char *sx = json_dumps(x, JSON_SORT_KEYS), *sy = json_dumps(y, JSON_SORT_KEYS);

	(void)state;
	assert_string_equal(sx, sy);
	free(sx);
	free(sy);
	json_decref(x);
	json_decref(y);
}

static void test_render_text(void **state)
{
	json_t *cmp = pair(8, 100e6, 8, 80e6, NULL), *a, *b;
	char *text = wb_compare_render_text(cmp), *last, label[16];
	size_t i;

	(void)state;
	assert_non_null(text);
	assert_non_null(strstr(text, "hwcrypt/sae/tcp/up  8/8  99.9 -> 79.9  -20.0%"));
	last = strrchr(text, '\n');
	assert_non_null(last);
	*last = '\0';
	last = strrchr(text, '\n');
	assert_string_equal(last + 1, "FAIL: 1 gate failed (hwcrypt/sae/tcp/up throughput regressed)");
	free(text);
	json_decref(cmp);

	/* Ten modes lost: the verdict line names eight and counts the rest. */
	a = wbt_cmp_doc("sim");
	b = wbt_cmp_doc("sim");
	for (i = 0; i < 10; i++) {
		snprintf(label, sizeof(label), "s%zu", i);
		wbt_cmp_add(a, &(struct wbt_cmp_cells){ .security = label, .n = 1 });
	}
	cmp = compare(a, b, NULL);
	text = wb_compare_render_text(cmp);
	assert_non_null(text);
	assert_non_null(strstr(text, "FAIL: 10 gates failed (hwcrypt/s0/tcp/up missing; "));
	assert_non_null(strstr(text, "; hwcrypt/s7/tcp/up missing; ... 2 more)\n"));
	assert_null(strstr(text, "s8/tcp/up missing;"));
	free(text);
	json_decref(cmp);
	json_decref(a);
	json_decref(b);

	cmp = pair(3, 100e6, 3, 100e6, NULL);
	text = wb_compare_render_text(cmp);
	assert_non_null(strstr(text, "PASS: 1 groups: 0 same, 0 improved, 0 regressed, 1 unknown "
				     "(run more repetitions), 0 not compared\n"));
	free(text);
	json_decref(cmp);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressed),
		cmocka_unit_test(test_improved_and_same),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_start_gate),
		cmocka_unit_test(test_start_partial),
		cmocka_unit_test(test_pmf_gate),
		cmocka_unit_test(test_reconnect_gate),
		cmocka_unit_test(test_pmf_old_baseline),
		cmocka_unit_test(test_cpu_regression),
		cmocka_unit_test(test_cpu_same_host),
		cmocka_unit_test(test_floor),
		cmocka_unit_test(test_missing_and_new_modes),
		cmocka_unit_test(test_warnings),
		cmocka_unit_test(test_schema_mismatch),
		cmocka_unit_test(test_load_files),
		cmocka_unit_test(test_zero_baseline),
		cmocka_unit_test(test_invalid_document),
		cmocka_unit_test(test_negative_values),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_render_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
