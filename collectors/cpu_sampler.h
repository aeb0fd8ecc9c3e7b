/*
 * wbench: the CPU collector's remote sampler (internal to collectors/cpu.c). Over ssh a
 * reading of /proc/stat is a round trip; taken synchronously once a second it would stall
 * the cell loop for that long each time. Instead one long-lived shell loop runs on the
 * host for the whole window,
 *
 *     sh -c 'while read -r x; do cat -- "$1"; echo wbench-cpu-end; done' sh /proc/stat
 *
 * with both its stdin and stdout piped to us: a request is one newline written to it, the
 * answer is the file followed by the end marker, read without blocking as it arrives
 * (its stdout is the collector's poll descriptor). One round trip per sample, no ssh
 * session and no remote process per sample. Closing its stdin ends the loop.
 */
#ifndef WB_CPU_SAMPLER_H
#define WB_CPU_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collectors/cpu_stat.h"
#include "wbench/host/host.h"

struct wb_cpu_sampler;

/**
 * wb_cpu_sampler_new - start the loop on @host reading @path
 * @out: receives the sampler (free with wb_cpu_sampler_free)
 * Returns: 0 or a negative errno (the reason in @err).
 */
int wb_cpu_sampler_new(struct wb_host *host, const char *path, struct wb_cpu_sampler **out,
		       char *err, size_t errlen) WB_MUST_CHECK;

/** wb_cpu_sampler_fd - the descriptor that becomes readable when an answer arrives. */
int wb_cpu_sampler_fd(const struct wb_cpu_sampler *s);

/** wb_cpu_sampler_busy - true while a request waits for its answer. */
bool wb_cpu_sampler_busy(const struct wb_cpu_sampler *s);

/**
 * wb_cpu_sampler_request - ask for one reading now
 * Returns: 0, -EBUSY while the previous one is unanswered, -EPIPE when the loop ended.
 */
int wb_cpu_sampler_request(struct wb_cpu_sampler *s) WB_MUST_CHECK;

/**
 * wb_cpu_sampler_read - take what arrived, without blocking
 * @out: filled when an answer completed (mono_ns: the middle of the round trip,
 *       read_ns: the round trip)
 * Returns: 1 with @out filled, 0 when the answer is not complete yet, or a negative
 *          errno (-EPIPE: the loop ended; -EINVAL: an answer that does not parse; -EFBIG),
 *          the reason in @err.
 */
int wb_cpu_sampler_read(struct wb_cpu_sampler *s, struct wb_cpu_snapshot *out, char *err,
			size_t errlen) WB_MUST_CHECK;

/** wb_cpu_sampler_free - end the loop (its stdin closed), reap it; NULL-safe. */
void wb_cpu_sampler_free(struct wb_cpu_sampler *s);

#endif /* WB_CPU_SAMPLER_H */
