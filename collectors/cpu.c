#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "collectors/cpu.h"
#include "collectors/cpu_sampler.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

/* A day of 1 s samples; a longer run keeps the first day and says so. */
#define WB_CPU_MAX_SAMPLES 86400u
/* Bound on `getconf CLK_TCK` through a host. */
#define WB_CPU_GETCONF_MS 10000
/* USER_HZ when a host cannot say: every mainstream Linux architecture's. */
#define WB_CPU_USER_HZ_DEFAULT 100

struct cpu_sample {
	int64_t t_ns;       /* end of the sample interval, monotonic */
	size_t n;
	unsigned int *cpu;  /* owned */
	double *busy;       /* owned; NaN-free: cores without ticks are left out */
	double *soft;       /* owned */
};

struct wb_collector {
	struct wb_host *host; /* borrowed */
	char *label;
	char *stat_path;
	char *softirqs_path;  /* NULL: off */
	unsigned int period_ms;
	long user_hz;
	char user_hz_source[96];  /* how user_hz was learnt */
	char user_hz_note[256];   /* set when it was assumed */
	int tfd;
	int epfd;                 /* remote: tfd + the sampler's answers; else -1 */
	struct wb_cpu_sampler *sampler; /* remote series readings (ours), or NULL */
	int64_t read_ns_sum, read_ns_max;   /* series readings: their round trips */
	size_t nreads;
	unsigned int skipped;     /* ticks that found the previous reading unanswered */
	char series_err[256];     /* why the series stopped early */
	bool started, stopped;
	struct wb_cpu_snapshot first, prev, final;
	struct wb_softirq_snapshot sirq_first, sirq_final;
	struct cpu_sample *samples;
	size_t nsamples, cap;
	bool truncated;
	char err[512];  /* first failure, reported in the result */
};

void wb_cpu_params_init(struct wb_cpu_params *p)
{
	p->stat_path = "/proc/stat";
	p->softirqs_path = "/proc/softirqs";
	p->period_ms = 1000;
	p->user_hz = 0;
}

static void sample_release(struct cpu_sample *s)
{
	free(s->cpu);
	free(s->busy);
	free(s->soft);
}

static void cpu_close(struct wb_collector *c)
{
	size_t i;

	if (!c)
		return;
	if (c->tfd >= 0)
		close(c->tfd);
	if (c->epfd >= 0)
		close(c->epfd);
	wb_cpu_sampler_free(c->sampler);
	wb_cpu_snapshot_release(&c->first);
	wb_cpu_snapshot_release(&c->prev);
	wb_cpu_snapshot_release(&c->final);
	wb_softirq_release(&c->sirq_first);
	wb_softirq_release(&c->sirq_final);
	for (i = 0; i < c->nsamples; i++)
		sample_release(&c->samples[i]);
	free(c->samples);
	free(c->label);
	free(c->stat_path);
	free(c->softirqs_path);
	free(c);
}

/*
 * USER_HZ of the host whose ticks are read: given, this machine's, or `getconf CLK_TCK`
 * through a remote host; 100 (said so) when it cannot tell (BusyBox has no getconf).
 */
static void host_user_hz(struct wb_collector *c, long given)
{
	char *const argv[] = { "getconf", "CLK_TCK", NULL };
	struct wb_host_exec x = { .timeout_ms = WB_CPU_GETCONF_MS, .out_max = 64 };
	unsigned long hz = 0;
	char *out = NULL;
	int r;

	if (given) {
		c->user_hz = given;
		snprintf(c->user_hz_source, sizeof(c->user_hz_source), "given");
		return;
	}
	if (wb_host_is_local(c->host)) {
		c->user_hz = sysconf(_SC_CLK_TCK);
		snprintf(c->user_hz_source, sizeof(c->user_hz_source), "sysconf(_SC_CLK_TCK)");
		return;
	}
	r = wb_host_run(c->host, argv, &x, &out, NULL);
	if (r == 0 && out)
		out[strcspn(out, "\n")] = '\0';
	if (r == 0 && out && wb_parse_uint(out, 1, 100000, &hz) == 0) {
		c->user_hz = (long)hz;
		snprintf(c->user_hz_source, sizeof(c->user_hz_source), "getconf CLK_TCK on %.60s",
			 wb_host_name(c->host));
	} else {
		c->user_hz = WB_CPU_USER_HZ_DEFAULT;
		snprintf(c->user_hz_source, sizeof(c->user_hz_source), "assumed");
		snprintf(c->user_hz_note, sizeof(c->user_hz_note), "getconf CLK_TCK could not be "
			 "read on %.60s (%s): %d assumed, the USER_HZ of every mainstream Linux "
			 "architecture", wb_host_name(c->host),
			 r < 0 ? strerror(-r) : r > 0 ? "it failed" : "not a number",
			 WB_CPU_USER_HZ_DEFAULT);
	}
	free(out);
}

static int cpu_open(const struct wb_collector_cfg *cfg, struct wb_collector **out)
{
	struct wb_cpu_params def;
	const struct wb_cpu_params *p = cfg ? cfg->priv : NULL;
	struct wb_collector *c;

	*out = NULL;
	if (!p) {
		wb_cpu_params_init(&def);
		p = &def;
	}
	if (!cfg || !cfg->host || !p->stat_path || p->user_hz < 0)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->tfd = c->epfd = -1;
	c->host = cfg->host;
	c->period_ms = p->period_ms;
	host_user_hz(c, p->user_hz);
	c->label = strdup(cfg && cfg->label ? cfg->label : "");
	c->stat_path = strdup(p->stat_path);
	c->softirqs_path = p->softirqs_path ? strdup(p->softirqs_path) : NULL;
	if (c->user_hz <= 0) {
		cpu_close(c);
		return -EINVAL;
	}
	if (!c->label || !c->stat_path || (p->softirqs_path && !c->softirqs_path)) {
		cpu_close(c);
		return -ENOMEM;
	}
	*out = c;
	return 0;
}

static int fail(struct wb_collector *c, int r)
{
	wb_err("cpu collector: %s", c->err);
	return r;
}

static int snapshot_copy(struct wb_cpu_snapshot *dst, const struct wb_cpu_snapshot *src)
{
	*dst = *src;
	dst->cores = malloc(src->ncores * sizeof(*src->cores));
	if (!dst->cores) {
		memset(dst, 0, sizeof(*dst));
		return -ENOMEM;
	}
	memcpy(dst->cores, src->cores, src->ncores * sizeof(*src->cores));
	return 0;
}

/* The series' timer, every period_ms. */
static int start_timer(struct wb_collector *c)
{
	struct itimerspec its = { 0 };
	int r;

	c->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (c->tfd < 0) {
		r = -errno;
		snprintf(c->err, sizeof(c->err), "cannot create a timer: %s", strerror(-r));
		return fail(c, r);
	}
	its.it_value.tv_sec = c->period_ms / 1000;
	its.it_value.tv_nsec = (long)(c->period_ms % 1000) * 1000000L;
	its.it_interval = its.it_value;
	if (timerfd_settime(c->tfd, 0, &its, NULL) < 0) {
		r = -errno;
		snprintf(c->err, sizeof(c->err), "cannot arm the timer: %s", strerror(-r));
		return fail(c, r);
	}
	return 0;
}

/*
 * A remote host's series readings come from the sampler, without blocking: the poll
 * descriptor is an epoll set of the timer and the sampler's answers. Without a sampler
 * there is no series; the headline numbers (start and stop) still are.
 */
static int start_sampler(struct wb_collector *c)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int r;

	c->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (c->epfd < 0 || epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->tfd, &ev) < 0) {
		r = -errno;
		snprintf(c->err, sizeof(c->err), "cannot poll the timer: %s", strerror(-r));
		return fail(c, r);
	}
	r = wb_cpu_sampler_new(c->host, c->stat_path, &c->sampler, c->series_err,
			       sizeof(c->series_err));
	if (r == 0 && epoll_ctl(c->epfd, EPOLL_CTL_ADD, wb_cpu_sampler_fd(c->sampler), &ev) < 0) {
		r = -errno;
		snprintf(c->series_err, sizeof(c->series_err), "cannot poll the sampler: %s",
			 strerror(-r));
	}
	if (r < 0) {
		wb_warn("cpu collector: no series on %s: %s", wb_host_name(c->host), c->series_err);
		wb_cpu_sampler_free(c->sampler);
		c->sampler = NULL;
		return r == -ENOMEM ? r : 0;
	}
	return 0;
}

static int cpu_start(struct wb_collector *c)
{
	int r;

	if (c->started)
		return -EALREADY;
	r = wb_cpu_snapshot_read(c->host, c->stat_path, &c->first, c->err, sizeof(c->err));
	if (r < 0)
		return fail(c, r);
	if (c->softirqs_path) {
		r = wb_softirq_read(c->host, c->softirqs_path, &c->sirq_first, c->err, sizeof(c->err));
		if (r < 0)
			return fail(c, r);
	}
	if (c->period_ms) {
		r = snapshot_copy(&c->prev, &c->first);
		if (r == 0)
			r = start_timer(c);
		if (r == 0 && !wb_host_is_local(c->host))
			r = start_sampler(c);
		if (r < 0)
			return r;
	}
	c->started = true;
	return 0;
}

static int cpu_poll_fd(const struct wb_collector *c)
{
	if (!c->started || c->stopped)
		return -1;
	return c->epfd >= 0 ? c->epfd : c->tfd;
}

/* Append the per-core busy/softirq shares between c->prev and @now; @now becomes prev. */
static int add_sample(struct wb_collector *c, struct wb_cpu_snapshot *now)
{
	struct wb_cpu_delta d;
	struct cpu_sample s = { .t_ns = now->mono_ns };
	size_t i;
	int r;

	if (c->nsamples >= WB_CPU_MAX_SAMPLES) {
		c->truncated = true;
		goto swap;
	}
	r = wb_cpu_delta_compute(&c->prev, now, &d);
	if (r < 0)
		return r;
	s.cpu = calloc(d.ncores ? d.ncores : 1, sizeof(*s.cpu));
	s.busy = calloc(d.ncores ? d.ncores : 1, sizeof(*s.busy));
	s.soft = calloc(d.ncores ? d.ncores : 1, sizeof(*s.soft));
	if (!s.cpu || !s.busy || !s.soft) {
		wb_cpu_delta_release(&d);
		sample_release(&s);
		return -ENOMEM;
	}
	for (i = 0; i < d.ncores; i++) {
		if (!d.cores[i].ticks)
			continue;
		s.cpu[s.n] = d.cores[i].cpu;
		s.busy[s.n] = d.cores[i].pct.busy;
		s.soft[s.n] = d.cores[i].pct.softirq;
		s.n++;
	}
	wb_cpu_delta_release(&d);
	if (c->nsamples == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 64;
		struct cpu_sample *ns = realloc(c->samples, ncap * sizeof(*ns));

		if (!ns) {
			sample_release(&s);
			return -ENOMEM;
		}
		c->samples = ns;
		c->cap = ncap;
	}
	c->samples[c->nsamples++] = s;
swap:
	wb_cpu_snapshot_release(&c->prev);
	c->prev = *now;
	memset(now, 0, sizeof(*now));
	return 0;
}

/* A series reading arrived: its round trip counts in the timings. */
static int add_reading(struct wb_collector *c, struct wb_cpu_snapshot *now)
{
	c->nreads++;
	c->read_ns_sum += now->read_ns;
	if (now->read_ns > c->read_ns_max)
		c->read_ns_max = now->read_ns;
	return add_sample(c, now);
}

/* The sampler's part of a read: answers that arrived, and a request when the timer fired. */
static int remote_read(struct wb_collector *c, bool tick)
{
	struct wb_cpu_snapshot now;
	int r;

	if (!c->sampler)
		return 0;
	r = wb_cpu_sampler_read(c->sampler, &now, c->series_err, sizeof(c->series_err));
	if (r == 1) {
		r = add_reading(c, &now);
		wb_cpu_snapshot_release(&now);
		if (r < 0)
			return r;
	}
	if (r == 0 && tick) {
		r = wb_cpu_sampler_request(c->sampler);
		if (r == -EBUSY) {
			c->skipped++;  /* slower than the period: this tick is left out */
			r = 0;
		}
	}
	if (r < 0) {
		/* the series ends here; start and stop still measure the window */
		wb_warn("cpu collector: series on %s stopped: %s", wb_host_name(c->host),
			c->series_err);
		epoll_ctl(c->epfd, EPOLL_CTL_DEL, wb_cpu_sampler_fd(c->sampler), NULL);
		wb_cpu_sampler_free(c->sampler);
		c->sampler = NULL;
	}
	return r == -ENOMEM ? r : 0;
}

static int cpu_read(struct wb_collector *c)
{
	struct wb_cpu_snapshot now;
	uint64_t expirations;
	bool tick;
	int r;

	if (c->tfd < 0 || c->stopped)
		return 0;
	tick = read(c->tfd, &expirations, sizeof(expirations)) == (ssize_t)sizeof(expirations);
	if (!tick && errno != EAGAIN && errno != EINTR)
		return -errno;
	if (c->epfd >= 0)
		return remote_read(c, tick);
	if (!tick)
		return 0;
	/* Missed expirations just make this sample span several periods. */
	r = wb_cpu_snapshot_read(c->host, c->stat_path, &now, c->err, sizeof(c->err));
	if (r < 0)
		return fail(c, r);
	r = add_reading(c, &now);
	wb_cpu_snapshot_release(&now);
	return r;
}

static int cpu_stop(struct wb_collector *c)
{
	int r;

	if (!c->started)
		return -EINVAL;
	if (c->stopped)
		return 0;
	c->stopped = true;
	if (c->tfd >= 0) {
		close(c->tfd);
		c->tfd = -1;
	}
	if (c->epfd >= 0) {
		close(c->epfd);
		c->epfd = -1;
	}
	/* an answer still on its way is not waited for: the stop reading is the one that counts */
	wb_cpu_sampler_free(c->sampler);
	c->sampler = NULL;
	r = wb_cpu_snapshot_read(c->host, c->stat_path, &c->final, c->err, sizeof(c->err));
	if (r < 0)
		return fail(c, r);
	if (c->softirqs_path) {
		r = wb_softirq_read(c->host, c->softirqs_path, &c->sirq_final, c->err, sizeof(c->err));
		if (r < 0)
			return fail(c, r);
	}
	return 0;
}

/* json_object_set_new that turns a NULL value (allocation failure) into an error. */
static int put(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

/* Add the share keys to @o; without any elapsed tick a share is unknown (null), not 0. */
static int pct_into(json_t *o, const struct wb_cpu_pct *p, uint64_t ticks)
{
	static const char *const keys[] = { "user_pct", "nice_pct", "system_pct", "iowait_pct",
					    "irq_pct", "softirq_pct", "steal_pct", "idle_pct",
					    "busy_pct" };
	const double v[] = { p->user, p->nice, p->system, p->iowait, p->irq, p->softirq,
			     p->steal, p->idle, p->busy };
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(keys); i++)
		if (put(o, keys[i], ticks ? json_real(v[i]) : json_null()) < 0)
			return -1;
	return 0;
}

static json_t *uint_array(const unsigned int *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		if (json_array_append_new(a, json_integer(v[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *real_array(const double *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		if (json_array_append_new(a, json_real(v[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *cores_json(const struct wb_cpu_delta *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < d->ncores; i++) {
		const struct wb_cpu_core_delta *cd = &d->cores[i];
		json_t *o = json_object();

		/* Appended first: from then on, freeing a frees o too. */
		if (json_array_append_new(a, o) < 0 || put(o, "cpu", json_integer(cd->cpu)) < 0 ||
		    put(o, "ticks", json_integer((json_int_t)cd->ticks)) < 0 ||
		    pct_into(o, &cd->pct, cd->ticks) < 0 ||
		    (cd->restarted && put(o, "restarted", json_true()) < 0) ||
		    (cd->clamped && put(o, "clamped", json_true()) < 0)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* NET_RX/NET_TX deltas per column; a counter that went back (never expected) gives 0. */
static json_t *softirqs_json(const struct wb_softirq_snapshot *a,
			     const struct wb_softirq_snapshot *b)
{
	json_t *o = json_object(), *cpu = json_array(), *rx = json_array(), *tx = json_array();
	size_t i, j;

	/* put() consumes the arrays, so from here on freeing o frees everything. */
	if (put(o, "cpu", cpu) < 0 || put(o, "net_rx", rx) < 0 || put(o, "net_tx", tx) < 0)
		goto fail;
	for (j = 0; j < b->ncpus; j++) {
		uint64_t drx = b->net_rx[j], dtx = b->net_tx[j];

		for (i = 0; i < a->ncpus && a->cpu[i] != b->cpu[j]; i++)
			;
		if (i == a->ncpus)
			continue;  /* a column that appeared: no baseline */
		drx = drx >= a->net_rx[i] ? drx - a->net_rx[i] : 0;
		dtx = dtx >= a->net_tx[i] ? dtx - a->net_tx[i] : 0;
		if (json_array_append_new(cpu, json_integer(b->cpu[j])) < 0 ||
		    json_array_append_new(rx, json_integer((json_int_t)drx)) < 0 ||
		    json_array_append_new(tx, json_integer((json_int_t)dtx)) < 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* How the series readings were taken, and how long each took (a round trip over ssh). */
static json_t *readings_json(const struct wb_collector *c)
{
	bool remote = !wb_host_is_local(c->host);
	char how[160];

	snprintf(how, sizeof(how), remote ? "a shell loop on %.60s answering each tick: one round "
		 "trip per reading" : "read directly on %.60s", wb_host_name(c->host));
	json_t *o = json_pack("{s:s, s:I, s:f, s:f, s:i}", "how", how, "n", (json_int_t)c->nreads,
			      "mean_ms", c->nreads ? (double)c->read_ns_sum / (double)c->nreads / 1e6
			      : 0.0, "max_ms", (double)c->read_ns_max / 1e6,
			      "skipped_ticks", (int)c->skipped);

	if (o && c->series_err[0] && put(o, "error", json_string(c->series_err)) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *series_json(const struct wb_collector *c)
{
	json_t *o = json_object(), *a = json_array();
	size_t i;

	if (put(o, "period_ms", json_integer(c->period_ms)) < 0 ||
	    (c->truncated && put(o, "truncated", json_true()) < 0) || put(o, "samples", a) < 0 ||
	    put(o, "readings", readings_json(c)) < 0)
		goto fail;
	for (i = 0; i < c->nsamples; i++) {
		const struct cpu_sample *s = &c->samples[i];
		json_t *e = json_object();

		if (json_array_append_new(a, e) < 0 ||
		    put(e, "t_ms", json_integer((s->t_ns - c->first.mono_ns) / 1000000)) < 0 ||
		    put(e, "cpu", uint_array(s->cpu, s->n)) < 0 ||
		    put(e, "busy_pct", real_array(s->busy, s->n)) < 0 ||
		    put(e, "softirq_pct", real_array(s->soft, s->n)) < 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int window_json(const struct wb_collector *c, json_t *r)
{
	json_t *w = json_object();

	if (put(r, "window", w) < 0)
		return -1;
	return put(w, "start_mono_ns", json_integer(c->first.mono_ns)) < 0 ||
	       put(w, "end_mono_ns", json_integer(c->final.mono_ns)) < 0 ||
	       put(w, "start_read_ms", json_real((double)c->first.read_ns / 1e6)) < 0 ||
	       put(w, "end_read_ms", json_real((double)c->final.read_ns / 1e6)) < 0 ||
	       put(w, "seconds", json_real((double)(c->final.mono_ns - c->first.mono_ns) / 1e9)) < 0
	       ? -1 : 0;
}

static int resolution_json(const struct wb_cpu_delta *d, json_t *r)
{
	double res;
	char note[160];

	if (put(r, "ticks_per_core", json_integer((json_int_t)d->min_core_ticks)) < 0)
		return -1;
	if (!d->min_core_ticks)
		return put(r, "resolution_pct", json_null()) < 0 ||
		       put(r, "resolution_note", json_string("no tick elapsed: no percentage "
							     "can be given")) < 0 ? -1 : 0;
	res = 100.0 / (double)d->min_core_ticks;
	if (put(r, "resolution_pct", json_real(res)) < 0)
		return -1;
	if (res > 1.0) {
		snprintf(note, sizeof(note), "window of %llu ticks per core: percentages resolve "
			 "to %.1f%% only (1%% needs 100 ticks)",
			 (unsigned long long)d->min_core_ticks, res);
		return put(r, "resolution_note", json_string(note));
	}
	return 0;
}

static int fill_result(const struct wb_collector *c, const struct wb_cpu_delta *d, json_t *r)
{
	json_t *o;

	if (put(r, "status", json_string("ok")) < 0 ||
	    put(r, "label", json_string(c->label)) < 0 ||
	    put(r, "source", json_string(c->stat_path)) < 0 ||
	    put(r, "definition", json_string(WB_CPU_DEFINITION)) < 0 ||
	    put(r, "user_hz", json_integer(c->user_hz)) < 0 ||
	    put(r, "user_hz_source", json_string(c->user_hz_source)) < 0 ||
	    (c->user_hz_note[0] && put(r, "user_hz_note", json_string(c->user_hz_note)) < 0) ||
	    (c->host && put(r, "host", json_string(wb_host_name(c->host))) < 0) ||
	    window_json(c, r) < 0 ||
	    resolution_json(d, r) < 0 || put(r, "ncores", json_integer((json_int_t)d->ncores)) < 0 ||
	    put(r, "all", (o = json_object())) < 0 || pct_into(o, &d->all, d->ticks) < 0)
		return -1;
	if (d->busiest_cpu >= 0) {
		o = json_object();
		if (put(r, "busiest", o) < 0 || put(o, "cpu", json_integer(d->busiest_cpu)) < 0 ||
		    put(o, "busy_pct", json_real(d->busiest_pct)) < 0)
			return -1;
		o = json_object();
		if (put(r, "max_softirq", o) < 0 ||
		    put(o, "cpu", json_integer(d->softest_cpu)) < 0 ||
		    put(o, "softirq_pct", json_real(d->softest_pct)) < 0)
			return -1;
	}
	if (put(r, "cores", cores_json(d)) < 0 ||
	    (d->nvanished && put(r, "cores_vanished", uint_array(d->vanished, d->nvanished)) < 0) ||
	    (d->nappeared && put(r, "cores_appeared", uint_array(d->appeared, d->nappeared)) < 0))
		return -1;
	if (c->softirqs_path &&
	    put(r, "softirqs", softirqs_json(&c->sirq_first, &c->sirq_final)) < 0)
		return -1;
	if (c->period_ms && put(r, "series", series_json(c)) < 0)
		return -1;
	return 0;
}

static int cpu_result(struct wb_collector *c, json_t **out)
{
	struct wb_cpu_delta d;
	json_t *r;
	int ret;

	*out = NULL;
	r = json_object();
	if (!r)
		return -ENOMEM;
	if (!c->stopped || c->err[0] || !c->final.ncores) {
		if (put(r, "status", json_string("failed")) < 0 ||
		    put(r, "message", json_string(c->err[0] ? c->err :
						   "the measured window was not closed")) < 0) {
			json_decref(r);
			return -ENOMEM;
		}
		*out = r;
		return 0;
	}
	ret = wb_cpu_delta_compute(&c->first, &c->final, &d);
	if (ret < 0) {
		json_decref(r);
		return ret;
	}
	ret = fill_result(c, &d, r) < 0 ? -ENOMEM : 0;
	wb_cpu_delta_release(&d);
	if (ret < 0) {
		json_decref(r);
		return ret;
	}
	*out = r;
	return 0;
}

const struct wb_collector_ops wb_cpu_collector = {
	.name = "cpu",
	.open = cpu_open,
	.start = cpu_start,
	.poll_fd = cpu_poll_fd,
	.read = cpu_read,
	.stop = cpu_stop,
	.result = cpu_result,
	.close = cpu_close,
};
