#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>

#include "wbench/lib/log.h"

/* Keeps errno: a caller may log a failure and then return -errno. */
static void wb_vlog(const char *prefix, const char *fmt, va_list ap)
{
	/* One fprintf per line keeps lines from child processes from interleaving mid-line. */
	char line[2048];
	int saved = errno;

	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "wbench: %s%s\n", prefix, line);
	errno = saved;
}

void wb_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wb_vlog("error: ", fmt, ap);
	va_end(ap);
}

void wb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wb_vlog("warning: ", fmt, ap);
	va_end(ap);
}

void wb_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wb_vlog("", fmt, ap);
	va_end(ap);
}

void wb_debug(const char *fmt, ...)
{
	const char *e = getenv("WBENCH_DEBUG");
	va_list ap;

	char prefix[48];
	struct timespec ts;

	if (!e || !*e)
		return;
	/* the monotonic clock: lines of one run line up with each other and with the phases */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(prefix, sizeof(prefix), "debug %lld.%03ld: ", (long long)ts.tv_sec,
		 ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	wb_vlog(prefix, fmt, ap);
	va_end(ap);
}
