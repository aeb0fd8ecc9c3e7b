#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbench/lib/log.h"

static void wb_vlog(const char *prefix, const char *fmt, va_list ap)
{
	/* One fprintf per line keeps lines from child processes from interleaving mid-line. */
	char line[2048];

	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "wbench: %s%s\n", prefix, line);
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

	if (!e || !*e)
		return;
	va_start(ap, fmt);
	wb_vlog("debug: ", fmt, ap);
	va_end(ap);
}
