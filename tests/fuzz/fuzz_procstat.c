/*
 * libFuzzer target for the /proc/stat and /proc/softirqs parsers and the CPU delta
 * (collectors/cpu_stat.c): what a remote host prints is hostile input. The input cut at its
 * first NUL is the earlier text, the rest the later one (no NUL: the same text twice). Each
 * text goes to wb_cpu_snapshot_parse and wb_softirq_parse; two parsed snapshots go to
 * wb_cpu_delta_compute.
 *
 * Properties: nothing crashes or leaks (ASan, UBSan); a failure leaves an empty snapshot and
 * a message; a parsed snapshot's cores are sorted by id without duplicates; a delta
 * accounts for every core (matched, vanished or appeared), its ticks are the sum of its
 * counters, and every percentage it reports (each core with ticks, the aggregate, the
 * busiest and the most softirq-loaded core) is finite and within 0..100.
 * Seed corpus: tests/fuzz/corpus/fuzz_procstat/ (pairs of tests/fixtures/procstat files,
 * tests/fuzz/corpus/make_seeds.py); the single files of tests/fixtures/procstat also serve.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/cpu_stat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool pct_ok(double v)
{
	return isfinite(v) && v >= 0.0 && v <= 100.0;
}

static void check_pct(const struct wb_cpu_pct *p)
{
	if (!pct_ok(p->user) || !pct_ok(p->nice) || !pct_ok(p->system) || !pct_ok(p->idle) ||
	    !pct_ok(p->iowait) || !pct_ok(p->irq) || !pct_ok(p->softirq) || !pct_ok(p->steal) ||
	    !pct_ok(p->busy))
		abort();
}

/* ticks as documented (total of the eight counters), computed without wrapping. */
static bool ticks_match(const struct wb_cpu_times *d, uint64_t ticks)
{
	const uint64_t v[] = { d->user, d->nice, d->system, d->idle, d->iowait, d->irq,
			       d->softirq, d->steal };
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (__builtin_add_overflow(sum, v[i], &sum))
			return false;
	}
	return sum == ticks;
}

static void check_delta(const struct wb_cpu_snapshot *a, const struct wb_cpu_snapshot *b,
			const struct wb_cpu_delta *d)
{
	size_t i;

	if (d->ncores + d->nvanished != a->ncores || d->ncores + d->nappeared != b->ncores)
		abort();
	for (i = 0; i < d->ncores; i++) {
		if (!ticks_match(&d->cores[i].d, d->cores[i].ticks))
			abort();
		if (d->cores[i].ticks)
			check_pct(&d->cores[i].pct);
	}
	if (!ticks_match(&d->sum, d->ticks))
		abort();
	if (d->ticks)
		check_pct(&d->all);
	if ((d->busiest_cpu >= 0 && !pct_ok(d->busiest_pct)) ||
	    (d->softest_cpu >= 0 && !pct_ok(d->softest_pct)))
		abort();
}

/* Parses @text both ways; returns whether @snap holds a /proc/stat snapshot. */
static bool parse(const char *text, struct wb_cpu_snapshot *snap)
{
	struct wb_softirq_snapshot si;
	char err[512] = "";
	size_t i;

	if (wb_softirq_parse(text, "fuzz:/proc/softirqs", &si, err, sizeof(err)) < 0) {
		if (!err[0] || si.ncpus || si.cpu || si.net_rx || si.net_tx)
			abort();
	} else if (!si.ncpus || !si.cpu || !si.net_rx || !si.net_tx) {
		abort(); /* a parsed /proc/softirqs has its columns and both rows */
	}
	wb_softirq_release(&si);
	err[0] = '\0';
	if (wb_cpu_snapshot_parse(text, "fuzz:/proc/stat", snap, err, sizeof(err)) < 0) {
		if (!err[0] || snap->cores || snap->ncores)
			abort();
		return false;
	}
	for (i = 1; i < snap->ncores; i++)
		if (snap->cores[i - 1].cpu >= snap->cores[i].cpu)
			abort();
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_cpu_snapshot a, b;
	struct wb_cpu_delta d;
	char *text = malloc(size + 1), *later;
	bool ok_a, ok_b;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	later = strlen(text) < size ? text + strlen(text) + 1 : text;
	ok_a = parse(text, &a);
	ok_b = later == text ? ok_a : parse(later, &b);
	if (later == text && ok_a)
		b = a;
	if (ok_a && ok_b && wb_cpu_delta_compute(&a, &b, &d) == 0) {
		check_delta(&a, &b, &d);
		wb_cpu_delta_release(&d);
	}
	if (ok_a)
		wb_cpu_snapshot_release(&a);
	if (ok_b && later != text)
		wb_cpu_snapshot_release(&b);
	free(text);
	return 0;
}
