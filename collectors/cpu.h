/*
 * wbench: the CPU collector. The headline numbers are the deltas of /proc/stat between
 * start and stop (the cell loop calls start after the traffic warm-up); a timerfd-driven
 * series of per-core busy and softirq shares (every period_ms) shows stability. Optional
 * NET_RX/NET_TX deltas per core come from /proc/softirqs. The parsing and the delta rules
 * live in cpu_stat.h.
 *
 * On a remote host the start and stop readings go through the host (a round trip each,
 * stamped at its middle); USER_HZ is `getconf CLK_TCK` there (100 when it cannot be read,
 * said in user_hz_note); the series readings come from a shell loop on the host that
 * answers each tick (cpu_sampler.h): one round trip per reading, and no read() waits
 * for one, so the cell loop never stalls on the link.
 *
 * Result object (keys in order of importance):
 *   status "ok" | "failed" (+ message), definition, user_hz, user_hz_source ("given",
 *   "sysconf(_SC_CLK_TCK)", "getconf CLK_TCK on HOST", "assumed"), user_hz_note?, host,
 *   window{start_mono_ns, end_mono_ns, seconds, start_read_ms, end_read_ms}, ticks_per_core (fewest of any core), resolution_pct
 *   (100/ticks_per_core; resolution_note when worse than 1%), all{user_pct, nice_pct,
 *   system_pct, iowait_pct, irq_pct, softirq_pct, steal_pct, idle_pct, busy_pct},
 *   busiest{cpu, busy_pct}, max_softirq{cpu, softirq_pct}, cores[{cpu, ticks, *_pct,
 *   restarted?, clamped?}], cores_vanished?, cores_appeared?, softirqs?{cpu[], net_rx[],
 *   net_tx[]}, series?{period_ms, samples[{t_ms, cpu[], busy_pct[], softirq_pct[]}],
 *   readings{how, n, mean_ms, max_ms, skipped_ticks, error?}}.
 */
#ifndef WB_CPU_H
#define WB_CPU_H

#include "collectors/collector.h"
#include "collectors/cpu_stat.h"

struct wb_cpu_params {
	const char *stat_path;      /* default "/proc/stat" (a fixture in tests) */
	const char *softirqs_path;  /* default "/proc/softirqs"; NULL: no NET_RX/NET_TX deltas */
	unsigned int period_ms;     /* series period, default 1000; 0: no series (poll_fd -1) */
	long user_hz;               /* ticks per second; 0: the host's (see above) */
};

/** wb_cpu_params_init - the defaults above. */
void wb_cpu_params_init(struct wb_cpu_params *p);

/*
 * The ops. cfg->host is the host whose counters are read (required); cfg->priv points to
 * a struct wb_cpu_params (NULL: defaults), which open copies. cfg->netns and cfg->ifname
 * are ignored: CPU counters are not per namespace.
 */
extern const struct wb_collector_ops wb_cpu_collector;

#endif /* WB_CPU_H */
