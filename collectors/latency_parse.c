/* wbench: ping's output lines (iputils and BusyBox), see latency.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/latency.h"

/* A round trip beyond this (a day) is not one ping reports. */
#define RTT_MS_MAX 86400000.0

/* An unsigned decimal at *@p (digits only, no sign), advancing *@p. */
static int parse_ulong(const char **p, unsigned long *out)
{
	char *end;

	if (!isdigit((unsigned char)**p))
		return -EINVAL;
	errno = 0;
	*out = strtoul(*p, &end, 10);
	if (errno)
		return -EINVAL;
	*p = end;
	return 0;
}

static int parse_reply(const char *line, struct wb_ping_line *out)
{
	const char *p = strstr(line, "icmp_seq="), *t;
	bool from_one = p != NULL; /* iputils counts from 1, BusyBox from 0 */
	char *end;

	if (p)
		p += strlen("icmp_seq=");
	else if ((p = strstr(line, " seq=")))
		p += strlen(" seq=");
	t = strstr(line, " time=");
	if (!p || !t || parse_ulong(&p, &out->seq) < 0 || (from_one && out->seq == 0))
		return -EINVAL;
	out->seq -= from_one;
	t += strlen(" time=");
	if (!isdigit((unsigned char)*t))
		return -EINVAL;
	out->rtt_ms = strtod(t, &end);
	if (!isfinite(out->rtt_ms) || out->rtt_ms < 0 || out->rtt_ms > RTT_MS_MAX ||
	    strncmp(end, " ms", 3) != 0)
		return -EINVAL;
	out->dup = strstr(end, "(DUP!)") != NULL;
	out->kind = WB_PING_REPLY;
	return 0;
}

/* "N packets transmitted, M received, ..." (iputils) or "..., M packets received, ..." */
static int parse_summary(const char *line, struct wb_ping_line *out)
{
	const char *p = line;

	if (parse_ulong(&p, &out->transmitted) < 0 || strncmp(p, " packets transmitted, ", 22))
		return -EINVAL;
	p += 22;
	if (parse_ulong(&p, &out->received) < 0 ||
	    (strncmp(p, " received", 9) && strncmp(p, " packets received", 17)))
		return -EINVAL;
	out->kind = WB_PING_SUMMARY;
	return 0;
}

int wb_latency_parse_line(const char *line, struct wb_ping_line *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = WB_PING_OTHER;
	/* iputils -D puts "[seconds.micros] " first */
	if (line[0] == '[' && (line = strstr(line, "] ")))
		line += 2;
	if (!line)
		return 0;
	if (strstr(line, " bytes from ") && strstr(line, " ttl="))
		return parse_reply(line, out);
	if (strstr(line, " packets transmitted, "))
		return parse_summary(line, out);
	return 0;
}
