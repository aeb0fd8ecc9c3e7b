/* wbench: the latency collector (see latency.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/latency.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

/* A longer line is not ping's: it is dropped up to its newline. */
#define LINE_MAX_BYTES 1024
/* ping waits 1 s (-W 1) for the reply to its last probe; stop waits that, a probe
 * interval and this much more before it stops ping. A probe not answered within the 1 s
 * is lost, as ping counts it. */
#define LINGER_MS 1000
#define EXIT_SLACK_MS 500
#define STOP_GRACE_MS 500

struct wb_collector {
	struct wb_latency_params p;
	char *target, *ping;           /* our copies */
	struct wb_host_proc *proc;     /* ping (ours) */
	int64_t started_ms, stopped_ms; /* stopped_ms: 0 when ping ended by itself */
	char line[LINE_MAX_BYTES];
	size_t len;
	bool overlong, ended, summary;
	unsigned long transmitted, received, dups, bad_lines;
	double *rtt;                   /* arrival order */
	size_t n, cap;
	unsigned char *seen;           /* per sequence number: answered */
	char message[256];
};

void wb_latency_params_init(struct wb_latency_params *p)
{
	memset(p, 0, sizeof(*p));
	p->interval_ms = 100;
	p->count = 10;
	p->size = 56;
}

static int lat_open(const struct wb_collector_cfg *cfg, struct wb_collector **out)
{
	const struct wb_latency_params *p = cfg->priv;
	struct wb_collector *c;

	*out = NULL;
	if (!p || !p->host || !p->target || p->interval_ms < 10 || p->interval_ms > 1000 ||
	    !p->count || p->count > WB_LATENCY_COUNT_MAX || p->size < 16 || p->size > 1400)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->p = *p;
	c->target = strdup(p->target);
	c->ping = strdup(p->ping ? p->ping : "ping");
	c->seen = calloc(p->count, 1);
	if (!c->target || !c->ping || !c->seen) {
		wb_latency_collector.close(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

static int lat_start(struct wb_collector *c)
{
	char interval[16], count[16], size[16];
	char *argv[] = { c->ping, "-i", interval, "-c", count, "-W", "1", "-s", size,
			 c->target, NULL };
	struct wb_host_exec x = { .netns = c->p.netns, .pipe_stdout = true };
	int r;

	snprintf(interval, sizeof(interval), "%u.%03u", c->p.interval_ms / 1000,
		 c->p.interval_ms % 1000);
	snprintf(count, sizeof(count), "%u", c->p.count);
	snprintf(size, sizeof(size), "%u", c->p.size);
	c->started_ms = wb_now_ms();
	r = wb_host_spawn(c->p.host, argv, &x, &c->proc);
	if (r < 0) {
		snprintf(c->message, sizeof(c->message), "cannot start %s on %s: %s", c->ping,
			 wb_host_name(c->p.host), strerror(-r));
		c->ended = true;
	}
	return r;
}

static int lat_poll_fd(const struct wb_collector *c)
{
	return c && c->proc && !c->ended ? wb_host_proc_stdout(c->proc) : -1;
}

static void take_line(struct wb_collector *c, const char *line)
{
	struct wb_ping_line l;

	if (wb_latency_parse_line(line, &l) < 0) {
		c->bad_lines++;
		return;
	}
	if (l.kind == WB_PING_SUMMARY) {
		c->summary = true;
		c->transmitted = l.transmitted;
		c->received = l.received;
	} else if (l.kind == WB_PING_REPLY && l.dup) {
		c->dups++;
	} else if (l.kind == WB_PING_REPLY && l.seq < c->p.count && !c->seen[l.seq] &&
		   wb_grow((void **)&c->rtt, &c->cap, c->n + 1, sizeof(*c->rtt)) == 0) {
		c->seen[l.seq] = 1;
		c->rtt[c->n++] = l.rtt_ms;
	}
}

/* Reads what the pipe holds, line by line. */
static int lat_read(struct wb_collector *c)
{
	int fd = lat_poll_fd(c);
	char buf[4096];

	while (fd >= 0) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || errno != EAGAIN)
				c->ended = true;
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n') {
				c->line[c->len] = '\0';
				if (!c->overlong)
					take_line(c, c->line);
				c->len = 0;
				c->overlong = false;
			} else if (c->len + 1 < sizeof(c->line)) {
				c->line[c->len++] = buf[i] ? buf[i] : '?';
			} else {
				c->overlong = true;
			}
		}
	}
	return 0;
}

bool wb_latency_done(const struct wb_collector *c)
{
	return !c || c->ended || !c->proc || !wb_host_proc_running(c->proc);
}

/*
 * The window ends when its last probe is due, or early (the traffic failed): either way
 * ping gets its linger for the replies in flight, then is stopped. Early, the probes it
 * never sent are not counted (lat_result).
 */
static int lat_stop(struct wb_collector *c)
{
	int64_t due = c->started_ms + (int64_t)c->p.count * c->p.interval_ms + LINGER_MS +
		      EXIT_SLACK_MS, cap = c->p.interval_ms + LINGER_MS + EXIT_SLACK_MS;
	int64_t left = due - wb_now_ms();

	if (!c->proc)
		return 0;
	if (left > cap)
		left = cap;
	if (wb_host_proc_running(c->proc) &&
	    wb_host_proc_wait(c->proc, left > 0 ? left : 0, c->p.cancel) < 0) {
		c->stopped_ms = wb_now_ms();
		(void)wb_host_proc_stop(c->proc, STOP_GRACE_MS);
	}
	lat_read(c); /* what it wrote before it ended */
	c->ended = true;
	return 0;
}

/* The probes never answered, as seconds from the start (at most WB_LATENCY_LIST_MAX). */
static json_t *lost_at(const struct wb_collector *c, unsigned long sent)
{
	json_t *a = json_array();

	for (unsigned long s = 0; a && s < sent && s < c->p.count; s++)
		if (!c->seen[s] && json_array_size(a) < WB_LATENCY_LIST_MAX)
			json_array_append_new(a, json_real(s * c->p.interval_ms / 1000.0));
	return a;
}

/*
 * How many probes count as sent: ping's own number; without it (stopped), those due at
 * least LINGER_MS before the stop (timed from the spawn: over ssh a little early), and
 * at least up to the last one answered.
 */
static unsigned long sent_of(const struct wb_collector *c)
{
	unsigned long sent = 0;
	int64_t span = c->stopped_ms - LINGER_MS - c->started_ms;

	if (c->summary)
		return c->transmitted;
	for (unsigned long s = 0; s < c->p.count; s++)
		if (c->seen[s])
			sent = s + 1;
	if (c->stopped_ms && span >= 0 && (unsigned long)(span / c->p.interval_ms) + 1 > sent)
		sent = (unsigned long)(span / c->p.interval_ms) + 1;
	return sent < c->p.count ? sent : c->p.count;
}

static int lat_result(struct wb_collector *c, json_t **out)
{
	unsigned long sent = sent_of(c), recv = c->n;
	json_t *r, *rtt = json_array();

	for (size_t i = 0; rtt && i < c->n; i++)
		json_array_append_new(rtt, json_real(c->rtt[i]));
	if (!sent && !c->message[0])
		snprintf(c->message, sizeof(c->message), "%s on %s sent nothing%s", c->ping,
			 wb_host_name(c->p.host), c->bad_lines ? " it could parse" :
			 " (is ping installed there?)");
	r = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:f, s:o, s:o}",
		      "status", sent ? "ok" : "failed", "target", c->target,
		      "interval_ms", (json_int_t)c->p.interval_ms,
		      "size_bytes", (json_int_t)c->p.size, "sent", (json_int_t)sent,
		      "received", (json_int_t)recv, "duplicates", (json_int_t)c->dups,
		      "loss_pct", sent && recv <= sent ? 100.0 * (double)(sent - recv) / sent : 0.0,
		      "rtt_ms", rtt, "lost_at_s", lost_at(c, sent));
	if (r && !sent)
		json_object_set_new(r, "message", json_string(c->message));
	*out = r;
	return r ? 0 : -ENOMEM;
}

static void lat_close(struct wb_collector *c)
{
	if (!c)
		return;
	if (c->proc) {
		if (wb_host_proc_running(c->proc))
			(void)wb_host_proc_stop(c->proc, STOP_GRACE_MS);
		wb_host_proc_free(c->proc);
	}
	free(c->target);
	free(c->ping);
	free(c->rtt);
	free(c->seen);
	free(c);
}

const struct wb_collector_ops wb_latency_collector = {
	.name = "latency",
	.open = lat_open,
	.start = lat_start,
	.poll_fd = lat_poll_fd,
	.read = lat_read,
	.stop = lat_stop,
	.result = lat_result,
	.close = lat_close,
};
