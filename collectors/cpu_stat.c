#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/cpu_stat.h"
#include "wbench/lib/util.h"

/* /proc/stat of a 4096-core box is well under this. */
#define WB_CPU_STAT_MAX_BYTES (8u << 20)

/* A cursor over one line: [p, end). */
struct line {
	const char *p, *end;
	unsigned int no;
};

static void skip_blanks(struct line *l)
{
	while (l->p < l->end && (*l->p == ' ' || *l->p == '\t'))
		l->p++;
}

/* Next whitespace-delimited token of the line, for messages. */
static int tok_len(const struct line *l)
{
	const char *q = l->p;

	while (q < l->end && *q != ' ' && *q != '\t')
		q++;
	return (int)(q - l->p);
}

/*
 * One unsigned decimal counter. strtoull alone would skip newlines into the next line and
 * accept a sign, so the first character must be a digit and the number must end at a blank.
 * Returns 1 with *v set, 0 at the end of the line, -1 when malformed.
 */
static int next_u64(struct line *l, uint64_t *v)
{
	unsigned long long x;
	char *e;

	skip_blanks(l);
	if (l->p >= l->end)
		return 0;
	if (*l->p < '0' || *l->p > '9')
		return -1;
	errno = 0;
	x = strtoull(l->p, &e, 10);
	if (errno || (e < l->end && *e != ' ' && *e != '\t'))
		return -1;
	*v = x;
	l->p = e;
	return 1;
}

/*
 * The largest counter accepted: 2^40 ticks of USER_HZ (100) is 348 years of one core.
 * Hostile text (a remote host's /proc/stat) could otherwise make the sums of eight
 * counters over thousands of cores wrap, and a wrapped sum gives percentages of 1e20.
 */
#define CPU_TICKS_MAX (1ull << 40)

/* Fill the counters of a "cpu" line in /proc/stat order. Returns 0 or -EINVAL. */
static int parse_times(struct line *l, const char *source, const char *name,
		       struct wb_cpu_times *t, char *err, size_t errlen)
{
	uint64_t *f[] = { &t->user, &t->nice, &t->system, &t->idle, &t->iowait, &t->irq,
			  &t->softirq, &t->steal, &t->guest, &t->guest_nice };
	unsigned int n = 0;
	uint64_t v;
	int r;

	memset(t, 0, sizeof(*t));
	while ((r = next_u64(l, &v)) > 0) {
		if (v > CPU_TICKS_MAX) {
			wb_errbuf_set(err, errlen, "'%s' line %u: counter %u of '%s' is %llu, more "
				      "than any uptime gives (at most %llu)", source, l->no, n + 1,
				      name, (unsigned long long)v,
				      (unsigned long long)CPU_TICKS_MAX);
			return -EINVAL;
		}
		/* Counters a future kernel appends are ignored rather than refused. */
		if (n < WB_ARRAY_SIZE(f))
			*f[n] = v;
		n++;
	}
	if (r < 0) {
		wb_errbuf_set(err, errlen, "'%s' line %u: expected a non-negative integer in "
			      "counter %u of '%s', got '%.*s'", source, l->no, n + 1, name,
			      tok_len(l), l->p);
		return -EINVAL;
	}
	if (n < 4) {
		wb_errbuf_set(err, errlen, "'%s' line %u: expected at least 4 counters (user nice "
			      "system idle) on '%s', got %u", source, l->no, name, n);
		return -EINVAL;
	}
	return 0;
}

static int cmp_core(const void *a, const void *b)
{
	const struct wb_cpu_core *x = a, *y = b;

	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

void wb_cpu_snapshot_release(struct wb_cpu_snapshot *s)
{
	if (!s)
		return;
	free(s->cores);
	memset(s, 0, sizeof(*s));
}

/* Parse "cpuN" (the "cpu" prefix already matched). Returns 0 or -1. */
static int parse_cpu_id(const char *p, const char *end, unsigned int *id)
{
	unsigned long x = 0;

	if (p >= end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		x = x * 10 + (unsigned long)(*p - '0');
		if (x > INT_MAX)
			return -1;
	}
	if (p != end)
		return -1;
	*id = (unsigned int)x;
	return 0;
}

int wb_cpu_snapshot_parse(const char *text, const char *source, struct wb_cpu_snapshot *out,
			  char *err, size_t errlen)
{
	struct wb_cpu_snapshot s = { 0 };
	size_t cap = 0, i;
	bool have_all = false;
	const char *p = text;
	unsigned int no = 0;
	int r;

	memset(out, 0, sizeof(*out));
	if (!source)
		source = "/proc/stat";
	while (*p) {
		const char *nl = strchr(p, '\n'), *name_end;
		struct line l;
		char name[24];

		l.p = p;
		l.end = nl ? nl : p + strlen(p);
		l.no = ++no;
		p = nl ? nl + 1 : l.end;
		if (l.end - l.p < 3 || memcmp(l.p, "cpu", 3) != 0)
			continue;  /* intr, ctxt, btime, ...: not ours */
		name_end = l.p;
		while (name_end < l.end && *name_end != ' ' && *name_end != '\t')
			name_end++;
		snprintf(name, sizeof(name), "%.*s", (int)(name_end - l.p), l.p);
		if (name_end - l.p == 3) {
			if (have_all) {
				wb_errbuf_set(err, errlen, "'%s' line %u: a second aggregate "
					      "'cpu' line", source, l.no);
				r = -EINVAL;
				goto fail;
			}
			l.p = name_end;
			r = parse_times(&l, source, name, &s.all, err, errlen);
			if (r < 0)
				goto fail;
			have_all = true;
			continue;
		}
		if (s.ncores == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct wb_cpu_core *nc = realloc(s.cores, ncap * sizeof(*nc));

			if (!nc) {
				r = -ENOMEM;
				goto fail;
			}
			s.cores = nc;
			cap = ncap;
		}
		if (parse_cpu_id(l.p + 3, name_end, &s.cores[s.ncores].cpu) < 0) {
			wb_errbuf_set(err, errlen, "'%s' line %u: expected 'cpu' or 'cpuN' with a "
				      "decimal N, got '%s'", source, l.no, name);
			r = -EINVAL;
			goto fail;
		}
		l.p = name_end;
		r = parse_times(&l, source, name, &s.cores[s.ncores].t, err, errlen);
		if (r < 0)
			goto fail;
		s.ncores++;
	}
	if (!have_all) {
		wb_errbuf_set(err, errlen, "'%s': no aggregate 'cpu' line (is this a /proc/stat?)",
			      source);
		r = -EINVAL;
		goto fail;
	}
	if (s.ncores == 0) {
		wb_errbuf_set(err, errlen, "'%s': no per-core 'cpuN' line", source);
		r = -EINVAL;
		goto fail;
	}
	qsort(s.cores, s.ncores, sizeof(*s.cores), cmp_core);
	for (i = 1; i < s.ncores; i++) {
		if (s.cores[i].cpu == s.cores[i - 1].cpu) {
			wb_errbuf_set(err, errlen, "'%s': core 'cpu%u' appears twice", source,
				      s.cores[i].cpu);
			r = -EINVAL;
			goto fail;
		}
	}
	*out = s;
	return 0;
fail:
	if (r == -ENOMEM)
		wb_errbuf_set(err, errlen, "'%s': out of memory", source);
	wb_cpu_snapshot_release(&s);
	return r;
}

/* The text of @path on @host; on failure the reason is in @err. */
static int read_text(struct wb_host *host, const char *path, char **text, char *err, size_t errlen)
{
	int r = wb_host_read_file(host, path, WB_CPU_STAT_MAX_BYTES, false, text, NULL);

	if (r < 0)
		wb_errbuf_set(err, errlen, "cannot read '%s': %s", path, strerror(-r));
	return r;
}

int wb_cpu_snapshot_read(struct wb_host *host, const char *path, struct wb_cpu_snapshot *out,
			 char *err, size_t errlen)
{
	char *text = NULL;
	int64_t t;
	int r;

	memset(out, 0, sizeof(*out));
	t = wb_now_ns();
	r = read_text(host, path, &text, err, errlen);
	if (r < 0)
		return r;
	r = wb_cpu_snapshot_parse(text, path, out, err, errlen);
	free(text);
	if (r == 0) {
		/* over ssh a reading takes a round trip: the kernel's moment is about halfway */
		out->read_ns = wb_now_ns() - t;
		out->mono_ns = t + out->read_ns / 2;
	}
	return r;
}

/* Delta of a counter that must not go backwards: clamp (sysstat does the same). */
static uint64_t d_mono(uint64_t a, uint64_t b, bool *clamped)
{
	if (b >= a)
		return b - a;
	*clamped = true;
	return 0;
}

/*
 * idle and iowait of a core that went offline and came back restart from about 0, while
 * iowait also wobbles backwards a little on NO_HZ kernels ("not reliable", proc(5)). A fall
 * to below half is a restart (count the new value), a smaller one is noise (clamp).
 */
static uint64_t d_idle(uint64_t a, uint64_t b, bool *restarted, bool *clamped)
{
	if (b >= a)
		return b - a;
	if (b < a / 2) {
		*restarted = true;
		return b;
	}
	*clamped = true;
	return 0;
}

static uint64_t times_total(const struct wb_cpu_times *t)
{
	return t->user + t->nice + t->system + t->idle + t->iowait + t->irq + t->softirq +
	       t->steal;
}

static void times_add(struct wb_cpu_times *s, const struct wb_cpu_times *d)
{
	s->user += d->user;
	s->nice += d->nice;
	s->system += d->system;
	s->idle += d->idle;
	s->iowait += d->iowait;
	s->irq += d->irq;
	s->softirq += d->softirq;
	s->steal += d->steal;
	s->guest += d->guest;
	s->guest_nice += d->guest_nice;
}

/* 100 * v / ticks, divided last: v == ticks is exactly 100, never 100.00000000000001
 * (multiplying by 100 / ticks rounds twice), and v <= ticks never exceeds 100. */
static double pct(uint64_t v, uint64_t ticks)
{
	return ticks ? (double)v * 100.0 / (double)ticks : 0.0;
}

static void pct_of(const struct wb_cpu_times *d, uint64_t ticks, struct wb_cpu_pct *p)
{
	p->user = pct(d->user, ticks);
	p->nice = pct(d->nice, ticks);
	p->system = pct(d->system, ticks);
	p->idle = pct(d->idle, ticks);
	p->iowait = pct(d->iowait, ticks);
	p->irq = pct(d->irq, ticks);
	p->softirq = pct(d->softirq, ticks);
	p->steal = pct(d->steal, ticks);
	p->busy = pct(ticks - d->idle - d->iowait, ticks);
}

static void core_delta(const struct wb_cpu_times *a, const struct wb_cpu_times *b,
		       struct wb_cpu_core_delta *o)
{
	bool *c = &o->clamped;

	o->d.user = d_mono(a->user, b->user, c);
	o->d.nice = d_mono(a->nice, b->nice, c);
	o->d.system = d_mono(a->system, b->system, c);
	o->d.idle = d_idle(a->idle, b->idle, &o->restarted, c);
	o->d.iowait = d_idle(a->iowait, b->iowait, &o->restarted, c);
	o->d.irq = d_mono(a->irq, b->irq, c);
	o->d.softirq = d_mono(a->softirq, b->softirq, c);
	o->d.steal = d_mono(a->steal, b->steal, c);
	/* guest may briefly exceed user (sysstat's note); informational only */
	o->d.guest = d_mono(a->guest, b->guest, c);
	o->d.guest_nice = d_mono(a->guest_nice, b->guest_nice, c);
	o->ticks = times_total(&o->d);
	pct_of(&o->d, o->ticks, &o->pct);
}

void wb_cpu_delta_release(struct wb_cpu_delta *d)
{
	if (!d)
		return;
	free(d->cores);
	free(d->vanished);
	free(d->appeared);
	memset(d, 0, sizeof(*d));
}

int wb_cpu_delta_compute(const struct wb_cpu_snapshot *a, const struct wb_cpu_snapshot *b,
			 struct wb_cpu_delta *out)
{
	struct wb_cpu_delta d = { .busiest_cpu = -1, .softest_cpu = -1 };
	size_t i = 0, j = 0, n = a->ncores + b->ncores;

	memset(out, 0, sizeof(*out));
	d.cores = calloc(n ? n : 1, sizeof(*d.cores));
	d.vanished = calloc(a->ncores ? a->ncores : 1, sizeof(*d.vanished));
	d.appeared = calloc(b->ncores ? b->ncores : 1, sizeof(*d.appeared));
	if (!d.cores || !d.vanished || !d.appeared) {
		wb_cpu_delta_release(&d);
		return -ENOMEM;
	}
	/* Both core lists are sorted by id: merge them. */
	while (i < a->ncores || j < b->ncores) {
		if (j >= b->ncores || (i < a->ncores && a->cores[i].cpu < b->cores[j].cpu)) {
			d.vanished[d.nvanished++] = a->cores[i++].cpu;
		} else if (i >= a->ncores || b->cores[j].cpu < a->cores[i].cpu) {
			d.appeared[d.nappeared++] = b->cores[j++].cpu;
		} else {
			struct wb_cpu_core_delta *c = &d.cores[d.ncores++];

			c->cpu = a->cores[i].cpu;
			core_delta(&a->cores[i++].t, &b->cores[j++].t, c);
		}
	}
	d.min_core_ticks = d.ncores ? UINT64_MAX : 0;
	for (i = 0; i < d.ncores; i++) {
		const struct wb_cpu_core_delta *c = &d.cores[i];

		times_add(&d.sum, &c->d);
		if (c->ticks < d.min_core_ticks)
			d.min_core_ticks = c->ticks;
		if (!c->ticks)
			continue;
		if (d.busiest_cpu < 0 || c->pct.busy > d.busiest_pct) {
			d.busiest_cpu = (int)c->cpu;
			d.busiest_pct = c->pct.busy;
		}
		if (d.softest_cpu < 0 || c->pct.softirq > d.softest_pct) {
			d.softest_cpu = (int)c->cpu;
			d.softest_pct = c->pct.softirq;
		}
	}
	d.ticks = times_total(&d.sum);
	pct_of(&d.sum, d.ticks, &d.all);
	*out = d;
	return 0;
}

void wb_softirq_release(struct wb_softirq_snapshot *s)
{
	if (!s)
		return;
	free(s->cpu);
	free(s->net_rx);
	free(s->net_tx);
	memset(s, 0, sizeof(*s));
}

/* Header "    CPU0   CPU1 ...": the column ids. */
static int parse_softirq_header(struct line *l, const char *source,
				struct wb_softirq_snapshot *s, char *err, size_t errlen)
{
	size_t cap = 0;

	for (;;) {
		const char *q;
		unsigned int id;

		skip_blanks(l);
		if (l->p >= l->end)
			break;
		q = l->p;
		while (q < l->end && *q != ' ' && *q != '\t')
			q++;
		if (q - l->p < 4 || memcmp(l->p, "CPU", 3) != 0 ||
		    parse_cpu_id(l->p + 3, q, &id) < 0) {
			wb_errbuf_set(err, errlen, "'%s' line %u: expected a 'CPUn' column "
				      "header, got '%.*s'", source, l->no, (int)(q - l->p), l->p);
			return -EINVAL;
		}
		if (s->ncpus == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			unsigned int *nc = realloc(s->cpu, ncap * sizeof(*nc));

			if (!nc)
				return -ENOMEM;
			s->cpu = nc;
			cap = ncap;
		}
		s->cpu[s->ncpus++] = id;
		l->p = q;
	}
	if (!s->ncpus) {
		wb_errbuf_set(err, errlen, "'%s' line %u: expected 'CPUn' column headers", source,
			      l->no);
		return -EINVAL;
	}
	return 0;
}

static int parse_softirq_row(struct line *l, const char *source, const char *name,
			     size_t ncpus, uint64_t *v, char *err, size_t errlen)
{
	size_t n = 0;
	int r;

	while (n < ncpus && (r = next_u64(l, &v[n])) > 0)
		n++;
	if (n < ncpus) {
		wb_errbuf_set(err, errlen, "'%s' line %u: expected %zu non-negative integers on "
			      "'%s', got %zu then '%.*s'", source, l->no, ncpus, name, n,
			      tok_len(l), l->p);
		return -EINVAL;
	}
	return 0;
}

int wb_softirq_parse(const char *text, const char *source, struct wb_softirq_snapshot *out,
		     char *err, size_t errlen)
{
	struct wb_softirq_snapshot s = { 0 };
	bool seen_rx = false, seen_tx = false;
	const char *p = text;
	unsigned int no = 0;
	int r;

	memset(out, 0, sizeof(*out));
	if (!source)
		source = "/proc/softirqs";
	while (*p) {
		const char *nl = strchr(p, '\n'), *colon;
		struct line l;
		uint64_t *row;
		bool *seen;
		const char *name;

		l.p = p;
		l.end = nl ? nl : p + strlen(p);
		l.no = ++no;
		p = nl ? nl + 1 : l.end;
		if (no == 1) {
			r = parse_softirq_header(&l, source, &s, err, errlen);
			if (r < 0)
				goto fail;
			s.net_rx = calloc(s.ncpus, sizeof(*s.net_rx));
			s.net_tx = calloc(s.ncpus, sizeof(*s.net_tx));
			if (!s.net_rx || !s.net_tx) {
				r = -ENOMEM;
				goto fail;
			}
			continue;
		}
		skip_blanks(&l);
		colon = memchr(l.p, ':', (size_t)(l.end - l.p));
		if (!colon || colon - l.p != 6)
			continue;  /* HI, TIMER, ...: not ours */
		if (memcmp(l.p, "NET_RX", 6) == 0) {
			row = s.net_rx;
			seen = &seen_rx;
			name = "NET_RX";
		} else if (memcmp(l.p, "NET_TX", 6) == 0) {
			row = s.net_tx;
			seen = &seen_tx;
			name = "NET_TX";
		} else {
			continue;
		}
		l.p = colon + 1;
		r = parse_softirq_row(&l, source, name, s.ncpus, row, err, errlen);
		if (r < 0)
			goto fail;
		*seen = true;
	}
	if (!s.ncpus || !seen_rx || !seen_tx) {
		wb_errbuf_set(err, errlen, "'%s': expected a 'CPUn' header and 'NET_RX:' and "
			      "'NET_TX:' rows (is this a /proc/softirqs?)", source);
		r = -EINVAL;
		goto fail;
	}
	*out = s;
	return 0;
fail:
	if (r == -ENOMEM)
		wb_errbuf_set(err, errlen, "'%s': out of memory", source);
	wb_softirq_release(&s);
	return r;
}

int wb_softirq_read(struct wb_host *host, const char *path, struct wb_softirq_snapshot *out,
		    char *err, size_t errlen)
{
	char *text = NULL;
	int r;

	memset(out, 0, sizeof(*out));
	r = read_text(host, path, &text, err, errlen);
	if (r < 0)
		return r;
	r = wb_softirq_parse(text, path, out, err, errlen);
	free(text);
	return r;
}
