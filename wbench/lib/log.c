#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lib/log.h"
#include "wbench/lib/utf8.h"

/*
 * Prints @prefix and @line (changed in place) as one write. Messages carry text from
 * outside (file names, arguments, daemons' output): invalid UTF-8 and control characters
 * become '?', and every line after the first is indented, so that text can neither
 * reach the terminal as escape sequences nor forge a line of its own.
 */
static void emit(const char *prefix, char *line)
{
	char out[3072];
	size_t n = 0;
	char *seg = line, *nl;

	wb_utf8_sanitize(line);
	for (;;) {
		nl = strchr(seg, '\n');
		if (nl)
			*nl = '\0';
		wb_utf8_printable(seg);
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s\n",
				      seg == line ? prefix : "  ", seg);
		if (!nl || n >= sizeof(out))
			break;
		seg = nl + 1;
	}
	if (n >= sizeof(out))
		out[sizeof(out) - 2] = '\n';
	fputs(out, stderr);
}

/* Keeps errno: a caller may log a failure and then return -errno. */
static void wb_vlog(const char *prefix, const char *fmt, va_list ap)
{
	/* One fprintf per line keeps lines from child processes from interleaving mid-line. */
	char line[2048], pre[96];
	int saved = errno;

	vsnprintf(line, sizeof(line), fmt, ap);
	snprintf(pre, sizeof(pre), "wbench: %s", prefix);
	emit(pre, line);
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

void wb_say(const char *fmt, ...)
{
	char line[2048];
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	emit("", line);
	errno = saved;
}
