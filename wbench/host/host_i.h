/*
 * wbench: what a host backend implements (host_local.c, and test stand-ins). Callers use
 * host.h only. The facade (host.c) allocates struct wb_host_proc and keeps the count of
 * live children; a backend fills in how a child is started, stopped and released.
 */
#ifndef WB_HOST_I_H
#define WB_HOST_I_H

#include "wbench/host/host.h"

struct wb_host_ops {
	const char *kind;  /* "local", ... */
	/* See wb_host_run. */
	int (*run)(struct wb_host *h, char *const argv[], const struct wb_host_exec *x,
		   char **out, size_t *out_len);
	/*
	 * Start @argv, or @fn(@arg) when @fn is set (-EOPNOTSUPP if the backend cannot); fill
	 * @p->proc (the local process standing for the child) and @p->priv.
	 */
	int (*spawn)(struct wb_host *h, char *const argv[], int (*fn)(void *), void *arg,
		     const struct wb_host_exec *x, struct wb_host_proc *p);
	/* Stop the child (see wb_host_proc_stop); NULL: wb_proc_stop on p->proc. */
	int (*proc_stop)(struct wb_host_proc *p, int64_t grace_ms);
	/* Release @p->priv once the child is reaped; may be NULL. */
	void (*proc_release)(struct wb_host_proc *p);
	int (*read_file)(struct wb_host *h, const char *path, size_t max, bool tail, char **out,
			 size_t *len);
	int (*write_file)(struct wb_host *h, const char *path, const void *data, size_t len,
			  mode_t mode);
	int (*mkdir)(struct wb_host *h, const char *path, mode_t mode);
	int (*mkdtemp)(struct wb_host *h, const char *prefix, char **out);
	int (*remove)(struct wb_host *h, const char *path);
	/* See wb_host_workdir; NULL: none. */
	const char *(*workdir)(const struct wb_host *h);
	/* Free @h->priv; the facade frees the rest. May be NULL. */
	void (*close)(struct wb_host *h);
};

struct wb_host {
	const struct wb_host_ops *ops;
	char *name;            /* for messages (ours) */
	bool local;            /* the host's files are this machine's files */
	unsigned int children; /* live wb_host_proc objects, for leak checks */
	void *priv;            /* the backend's */
};

struct wb_host_proc {
	struct wb_host *host;  /* borrowed */
	struct wb_proc proc;   /* the local process standing for the child */
	int in_fd, out_fd;     /* our pipe ends (x->pipe_stdin, x->pipe_stdout), or -1 */
	void *priv;            /* the backend's */
};

/**
 * wb_host_proc_pipes - for a backend's spawn: make the pipes @x asks for, our ends into
 * @p (non-blocking stdout), the child's into @child_in / @child_out (-1 when not asked;
 * the caller closes them once the child has them)
 * Returns: 0 or a negative errno (nothing is left open).
 */
int wb_host_proc_pipes(struct wb_host_proc *p, const struct wb_host_exec *x, int *child_in,
		       int *child_out) WB_MUST_CHECK;

/**
 * wb_host_new - allocate a host with @ops, named @name (copied), owning @priv
 * Returns: 0 or -ENOMEM. For backends' constructors.
 */
int wb_host_new(const struct wb_host_ops *ops, const char *name, bool local, void *priv,
		struct wb_host **out) WB_MUST_CHECK;

/** wb_host_children - live children of @h (tests assert 0 after a cell). */
unsigned int wb_host_children(const struct wb_host *h);

#endif /* WB_HOST_I_H */
