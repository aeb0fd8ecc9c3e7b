/*
 * wbench: /proc/stat and /proc/softirqs as data. Parsing takes text (so that the text can
 * come from a local file, a fixture or a remote host); deltas handle the kernel's counter
 * oddities the way sysstat does. No I/O here except the *_read convenience wrappers.
 *
 * Definitions (mpstat's, see WB_CPU_DEFINITION):
 *   total = user + nice + system + idle + iowait + irq + softirq + steal
 *   (guest and guest_nice are already inside user and nice: never added)
 *   busy  = total - idle - iowait; system excludes irq and softirq.
 */
#ifndef WB_CPU_STAT_H
#define WB_CPU_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/host/host.h"
#include "wbench/lib/wbench.h"

#define WB_CPU_DEFINITION \
	"per-interval deltas of /proc/stat in USER_HZ ticks; " \
	"total = user+nice+system+idle+iowait+irq+softirq+steal (guest and guest_nice are " \
	"already counted in user and nice and are not added); X_pct = 100*X/total; " \
	"busy_pct = 100*(total-idle-iowait)/total; system excludes irq and softirq (like " \
	"mpstat %sys, unlike sar -u %system); user includes guest time; aggregate = the " \
	"per-core deltas summed (tick-weighted mean over the cores present at both ends)"

/* Counters of one "cpu" line, in USER_HZ ticks. */
struct wb_cpu_times {
	uint64_t user, nice, system, idle, iowait, irq, softirq, steal;
	uint64_t guest, guest_nice;  /* informational: already inside user and nice */
};

struct wb_cpu_core {
	unsigned int cpu;  /* N of "cpuN" */
	struct wb_cpu_times t;
};

/* One parsed /proc/stat. Cores are sorted by id; offline cores are simply absent. */
struct wb_cpu_snapshot {
	struct wb_cpu_times all;    /* the aggregate "cpu" line */
	struct wb_cpu_core *cores;  /* owned */
	size_t ncores;
	int64_t mono_ns;            /* when it was taken (0 for parsed text): the middle of
				     * the reading, which over ssh is a round trip */
	int64_t read_ns;            /* how long the reading took (0 for parsed text) */
};

/* Shares of the interval, in percent of the core's total ticks. */
struct wb_cpu_pct {
	double user, nice, system, idle, iowait, irq, softirq, steal, busy;
};

struct wb_cpu_core_delta {
	unsigned int cpu;
	struct wb_cpu_times d;  /* clamped deltas */
	uint64_t ticks;         /* total of d; 0 means no time elapsed: pct is meaningless */
	bool restarted;         /* idle/iowait restarted from ~0 (the core went offline and back) */
	bool clamped;           /* some counter went backwards and was clamped to 0 */
	struct wb_cpu_pct pct;
};

struct wb_cpu_delta {
	struct wb_cpu_core_delta *cores;  /* owned; cores present in both snapshots */
	size_t ncores;
	unsigned int *vanished;           /* owned; cores only in the first snapshot */
	size_t nvanished;
	unsigned int *appeared;           /* owned; cores only in the second snapshot */
	size_t nappeared;
	struct wb_cpu_times sum;          /* per-core deltas summed */
	uint64_t ticks;                   /* total of sum */
	struct wb_cpu_pct all;            /* aggregate percentages (tick-weighted) */
	uint64_t min_core_ticks;          /* ticks of the core with the fewest (resolution) */
	int busiest_cpu;                  /* core with the highest busy_pct, -1 if none */
	double busiest_pct;
	int softest_cpu;                  /* core with the highest softirq_pct, -1 if none */
	double softest_pct;
};

/**
 * wb_cpu_snapshot_parse - parse the text of a /proc/stat into @out
 * @text: NUL-terminated text, borrowed
 * @source: name for error messages (a path or "host:/proc/stat"), borrowed
 * @out: filled on success (release with wb_cpu_snapshot_release); zeroed on failure
 * @err: if not NULL, receives a message naming @source, the line and what was expected
 * Accepts 4 to 10 counters per line (older kernels have fewer; missing ones are 0) and
 * ignores counters past the tenth and every non-"cpu" line.
 * Returns: 0, -EINVAL for malformed text, -ENOMEM.
 */
int wb_cpu_snapshot_parse(const char *text, const char *source, struct wb_cpu_snapshot *out,
			  char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_cpu_snapshot_read - read and parse @path on @host, stamping mono_ns and read_ns
 * Returns: 0 or a negative errno (the message in @err, if given).
 */
int wb_cpu_snapshot_read(struct wb_host *host, const char *path, struct wb_cpu_snapshot *out,
			 char *err, size_t errlen) WB_MUST_CHECK;

/** wb_cpu_snapshot_release - free the cores; NULL-safe, leaves an empty snapshot. */
void wb_cpu_snapshot_release(struct wb_cpu_snapshot *s);

/**
 * wb_cpu_delta_compute - per-core deltas and percentages from @a (earlier) to @b
 * Negative deltas clamp to 0; idle or iowait that fell below half their earlier value
 * restarted after hotplug (the delta is then the new value); cores present in only one
 * snapshot are listed in vanished/appeared and left out of the aggregate.
 * @out: filled on success (release with wb_cpu_delta_release)
 * Returns: 0 or -ENOMEM.
 */
int wb_cpu_delta_compute(const struct wb_cpu_snapshot *a, const struct wb_cpu_snapshot *b,
			 struct wb_cpu_delta *out) WB_MUST_CHECK;

/** wb_cpu_delta_release - free what compute allocated; NULL-safe. */
void wb_cpu_delta_release(struct wb_cpu_delta *d);

/* NET_RX and NET_TX rows of /proc/softirqs (per possible CPU, cumulative). */
struct wb_softirq_snapshot {
	unsigned int *cpu;  /* owned; column ids from the "CPUn" header */
	uint64_t *net_rx;   /* owned */
	uint64_t *net_tx;   /* owned */
	size_t ncpus;
};

/**
 * wb_softirq_parse - parse the text of a /proc/softirqs (only NET_RX and NET_TX are kept)
 * @err: as for wb_cpu_snapshot_parse
 * Returns: 0, -EINVAL (malformed, or a NET_RX/NET_TX row missing), -ENOMEM.
 */
int wb_softirq_parse(const char *text, const char *source, struct wb_softirq_snapshot *out,
		     char *err, size_t errlen) WB_MUST_CHECK;

/** wb_softirq_read - read and parse @path on @host. Returns 0 or a negative errno. */
int wb_softirq_read(struct wb_host *host, const char *path, struct wb_softirq_snapshot *out,
		    char *err, size_t errlen) WB_MUST_CHECK;

/** wb_softirq_release - NULL-safe. */
void wb_softirq_release(struct wb_softirq_snapshot *s);

#endif /* WB_CPU_STAT_H */
