/* wbench: the CPU collector's remote sampler (see cpu_sampler.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/cpu_sampler.h"
#include "wbench/lib/util.h"

#define SAMPLER_END "wbench-cpu-end\n"
/* A /proc/stat of a 1024-core machine is ~100 KiB; an answer past this is not one. */
#define SAMPLER_MAX (4u << 20)
/* After its stdin closed, how long the loop may take to end before it is stopped. */
#define SAMPLER_EXIT_MS 1000

static const char sampler_script[] =
	"while read -r x; do cat -- \"$1\"; echo wbench-cpu-end; done";

struct wb_cpu_sampler {
	struct wb_host *host;       /* borrowed */
	struct wb_host_proc *proc;  /* the loop (ours) */
	char *path;
	char *buf;                  /* the answer so far */
	size_t len, cap;
	int64_t t_req;              /* wb_now_ns() of the request in flight, 0: none */
	bool ended;
};

int wb_cpu_sampler_new(struct wb_host *host, const char *path, struct wb_cpu_sampler **out,
		       char *err, size_t errlen)
{
	char *const argv[] = { "sh", "-c", (char *)sampler_script, "sh", (char *)path, NULL };
	struct wb_host_exec x = { .pipe_stdin = true, .pipe_stdout = true };
	struct wb_cpu_sampler *s = calloc(1, sizeof(*s));
	int r;

	*out = NULL;
	if (!s || !(s->path = strdup(path))) {
		free(s);
		return -ENOMEM;
	}
	s->host = host;
	r = wb_host_spawn(host, argv, &x, &s->proc);
	if (r < 0) {
		wb_errbuf_set(err, errlen, "cannot start the sampler on %s: %s", wb_host_name(host),
			      strerror(-r));
		wb_cpu_sampler_free(s);
		return r;
	}
	*out = s;
	return 0;
}

int wb_cpu_sampler_fd(const struct wb_cpu_sampler *s)
{
	return s && !s->ended ? wb_host_proc_stdout(s->proc) : -1;
}

bool wb_cpu_sampler_busy(const struct wb_cpu_sampler *s)
{
	return s && s->t_req != 0;
}

int wb_cpu_sampler_request(struct wb_cpu_sampler *s)
{
	ssize_t w;

	if (s->ended)
		return -EPIPE;
	if (s->t_req)
		return -EBUSY;
	s->len = 0;
	s->t_req = wb_now_ns();
	do
		w = write(wb_host_proc_stdin(s->proc), "\n", 1);
	while (w < 0 && errno == EINTR);
	if (w != 1) {
		s->ended = true;
		s->t_req = 0;
		return -EPIPE;
	}
	return 0;
}

/* Read what the pipe holds. Returns 0, -EPIPE at its end, -EFBIG, -ENOMEM or -errno. */
static int drain(struct wb_cpu_sampler *s)
{
	int fd = wb_host_proc_stdout(s->proc);

	for (;;) {
		ssize_t n;

		if (s->cap - s->len < 4096) {
			size_t ncap = s->cap ? s->cap * 2 : 16384;
			char *nb;

			if (ncap > SAMPLER_MAX)
				return -EFBIG;
			nb = realloc(s->buf, ncap);
			if (!nb)
				return -ENOMEM;
			s->buf = nb;
			s->cap = ncap;
		}
		n = read(fd, s->buf + s->len, s->cap - s->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? 0 : -errno;
		if (n == 0)
			return -EPIPE;
		s->len += (size_t)n;
		s->buf[s->len] = '\0';
	}
}

int wb_cpu_sampler_read(struct wb_cpu_sampler *s, struct wb_cpu_snapshot *out, char *err,
			size_t errlen)
{
	size_t mlen = strlen(SAMPLER_END);
	int64_t now;
	int r;

	if (s->ended)
		return -EPIPE;
	r = drain(s);
	if (r < 0 && r != -EPIPE)
		goto fail;
	if (!s->t_req || s->len < mlen || strcmp(s->buf + s->len - mlen, SAMPLER_END) != 0) {
		if (r == 0 && (s->t_req || !s->len))
			return 0;
		/* the loop ended, or wrote without being asked */
		r = r == -EPIPE ? -EPIPE : -EPROTO;
		goto fail;
	}
	now = wb_now_ns();
	s->buf[s->len - mlen] = '\0';
	r = wb_cpu_snapshot_parse(s->buf, s->path, out, err, errlen);
	s->len = 0;
	if (r < 0)
		goto fail;
	out->read_ns = now - s->t_req;
	out->mono_ns = s->t_req + out->read_ns / 2;
	s->t_req = 0;
	return 1;
fail:
	s->ended = true;
	s->t_req = 0;
	if (r == -EPIPE)
		wb_errbuf_set(err, errlen, "the sampler on %s ended (exit status %d)",
			      wb_host_name(s->host), wb_host_proc_exit_code(s->proc));
	else if (r != -EINVAL)
		wb_errbuf_set(err, errlen, "the sampler's answer: %s", strerror(-r));
	return r;
}

void wb_cpu_sampler_free(struct wb_cpu_sampler *s)
{
	if (!s)
		return;
	if (s->proc) {
		/* end of input ends the loop; a host that does not pass it on is stopped */
		wb_host_proc_close_stdin(s->proc);
		(void)wb_host_proc_wait(s->proc, SAMPLER_EXIT_MS, NULL);
		wb_host_proc_free(s->proc);
	}
	free(s->path);
	free(s->buf);
	free(s);
}
