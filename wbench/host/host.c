/* wbench: the host facade: argument checks and dispatch to the backend's ops. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wbench/host/host_i.h"
#include "wbench/lib/log.h"

int wb_host_new(const struct wb_host_ops *ops, const char *name, bool local, void *priv,
		struct wb_host **out)
{
	struct wb_host *h = calloc(1, sizeof(*h));

	*out = NULL;
	if (!h || !(h->name = strdup(name))) {
		free(h);
		return -ENOMEM;
	}
	h->ops = ops;
	h->local = local;
	h->priv = priv;
	*out = h;
	return 0;
}

void wb_host_free(struct wb_host *h)
{
	if (!h)
		return;
	/* A child outliving its host is a leak in the caller: say so, the process still dies
	 * with us (PR_SET_PDEATHSIG) or with its transport. */
	if (h->children)
		wb_err("host '%s' closed with %u child(ren) still running", h->name, h->children);
	if (h->ops->close)
		h->ops->close(h);
	free(h->name);
	free(h);
}

const char *wb_host_name(const struct wb_host *h)
{
	return h ? h->name : "(none)";
}

bool wb_host_is_local(const struct wb_host *h)
{
	return h && h->local;
}

const char *wb_host_workdir(const struct wb_host *h)
{
	return h && h->ops->workdir ? h->ops->workdir(h) : NULL;
}

unsigned int wb_host_children(const struct wb_host *h)
{
	return h ? h->children : 0;
}

static bool argv_ok(char *const argv[])
{
	return argv && argv[0] && argv[0][0];
}

int wb_host_run(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		char **out, size_t *out_len)
{
	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (!h || !argv_ok(argv) || !x || x->timeout_ms <= 0)
		return -EINVAL;
	return h->ops->run(h, argv, x, out, out_len);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int wb_host_proc_pipes(struct wb_host_proc *p, const struct wb_host_exec *x, int *child_in,
		       int *child_out)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };

	*child_in = *child_out = -1;
	/* stdin is a socket: send(MSG_NOSIGNAL) to it gets EPIPE when the child is gone,
	 * where a pipe would kill us with SIGPIPE */
	if ((x->pipe_stdin && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0) ||
	    (x->pipe_stdout && (pipe2(out, O_CLOEXEC) < 0 ||
				fcntl(out[0], F_SETFL, O_NONBLOCK) < 0))) {
		int r = -errno;

		for (int i = 0; i < 2; i++) {
			close_fd(&in[i]);
			close_fd(&out[i]);
		}
		return r;
	}
	p->in_fd = in[1];
	*child_in = in[0];
	p->out_fd = out[0];
	*child_out = out[1];
	return 0;
}

static int spawn(struct wb_host *h, const char *name, char *const argv[], int (*fn)(void *),
		 void *arg, const struct wb_host_exec *x, struct wb_host_proc **out)
{
	struct wb_host_proc *p;
	int r;

	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->host = h;
	p->in_fd = p->out_fd = -1;
	wb_proc_init(&p->proc, name);
	r = h->ops->spawn(h, argv, fn, arg, x, p);
	if (r < 0) {
		if (h->ops->proc_release)
			h->ops->proc_release(p);
		close_fd(&p->in_fd);
		close_fd(&p->out_fd);
		free(p);
		return r;
	}
	h->children++;
	*out = p;
	return 0;
}

int wb_host_spawn(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		  struct wb_host_proc **out)
{
	*out = NULL;
	if (!h || !argv_ok(argv) || !x)
		return -EINVAL;
	return spawn(h, argv[0], argv, NULL, NULL, x, out);
}

int wb_host_spawn_fn(struct wb_host *h, const char *name, int (*fn)(void *), void *arg,
		     const struct wb_host_exec *x, struct wb_host_proc **out)
{
	*out = NULL;
	if (!h || !fn || !x)
		return -EINVAL;
	return spawn(h, name, NULL, fn, arg, x, out);
}

int wb_host_read_file(struct wb_host *h, const char *path, size_t max, bool tail, char **out,
		      size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (!h || !path || !*path)
		return -EINVAL;
	return h->ops->read_file(h, path, max, tail, out, len);
}

int wb_host_write_file(struct wb_host *h, const char *path, const void *data, size_t len,
		       mode_t mode)
{
	if (!h || !path || !*path || (!data && len))
		return -EINVAL;
	return h->ops->write_file(h, path, data, len, mode);
}

int wb_host_mkdir(struct wb_host *h, const char *path, mode_t mode)
{
	if (!h || !path || !*path)
		return -EINVAL;
	return h->ops->mkdir(h, path, mode);
}

int wb_host_mkdtemp(struct wb_host *h, const char *prefix, char **out)
{
	*out = NULL;
	if (!h || !prefix)
		return -EINVAL;
	return h->ops->mkdtemp(h, prefix, out);
}

int wb_host_remove(struct wb_host *h, const char *path)
{
	if (!h || !path || !*path)
		return -EINVAL;
	return h->ops->remove(h, path);
}

const char *wb_host_proc_name(const struct wb_host_proc *p)
{
	return p ? p->proc.name : "(none)";
}

struct wb_proc *wb_host_proc_peer(struct wb_host_proc *p)
{
	return p ? &p->proc : NULL;
}

bool wb_host_proc_running(struct wb_host_proc *p)
{
	return p && wb_proc_running(&p->proc);
}

int wb_host_proc_wait(struct wb_host_proc *p, int64_t timeout_ms, struct wb_cancel *c)
{
	if (!p)
		return -ECHILD;
	return wb_proc_wait(&p->proc, timeout_ms, c);
}

int wb_host_proc_stop(struct wb_host_proc *p, int64_t grace_ms)
{
	if (!p)
		return 0;
	if (p->host->ops->proc_stop)
		return p->host->ops->proc_stop(p, grace_ms);
	return wb_proc_stop(&p->proc, grace_ms);
}

int wb_host_proc_stdin(const struct wb_host_proc *p)
{
	return p ? p->in_fd : -1;
}

void wb_host_proc_close_stdin(struct wb_host_proc *p)
{
	if (p)
		close_fd(&p->in_fd);
}

int wb_host_proc_stdout(const struct wb_host_proc *p)
{
	return p ? p->out_fd : -1;
}

int wb_host_proc_exit_code(const struct wb_host_proc *p)
{
	return p ? wb_proc_exit_code(&p->proc) : -1;
}

void wb_host_proc_free(struct wb_host_proc *p)
{
	if (!p)
		return;
	/* EOF first: a child waiting on its input may end by itself */
	close_fd(&p->in_fd);
	wb_host_proc_stop(p, WB_HOST_STOP_GRACE_MS);
	close_fd(&p->out_fd);
	if (p->host->ops->proc_release)
		p->host->ops->proc_release(p);
	p->host->children--;
	free(p);
}
