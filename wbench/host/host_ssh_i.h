/*
 * wbench: what the ssh backend's files share (host_ssh.c: the ops and the connection;
 * host_ssh_session.c: the persistent remote shell). Not for other modules.
 */
#ifndef WB_HOST_SSH_I_H
#define WB_HOST_SSH_I_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/host/host_i.h"
#include "wbench/host/host_ssh.h"
#include "wbench/lib/strbuf.h"

/* Bounds on the housekeeping commands (mkdir, rm, kill): short, but the link may be slow. */
#define HOUSEKEEPING_MS 30000
/* How long a stop waits for the remote child to have written its pid file. */
#define PIDFILE_WAIT_TENTHS 50
/* Exit codes of our remote templates (sysexits-like, far from what tools return). */
#define RC_NOENT 66
#define RC_NOT_PRIVATE 65
/* ssh's own failure (connection, authentication, a dead master). */
#define RC_SSH 255
/* The most argv words of one ssh client command line we build. */
#define SSH_ARGV_MAX 48

/* The persistent remote shell that runs the short commands (host_ssh_session.c). */
struct ssh_session {
	struct wb_proc proc;         /* the ssh client running `exec /bin/sh` there */
	int in, out;                 /* our ends of its stdin and stdout, -1 when down */
	char nonce[33];              /* marks the end of each command's output */
	bool up;                     /* started and answering */
	bool printf_builtin;         /* input may travel as printf's escapes (never an argv) */
	bool broken;                 /* it could not be started: one-shot clients only */
	char *buf;                   /* output read past the last marker */
	size_t len, cap;
};

struct ssh {
	struct wb_host_ssh_cfg cfg;  /* strings point at our copies below */
	char *target, *identity, *proxy_jump, *ssh, *local_dir;
	char **options;
	char *own_dir;               /* local_dir/ssh-XXXXXX: this host's socket and log */
	char *ctl;                   /* control socket path */
	char *log;                   /* ssh -E log */
	char *remote_dir;            /* private remote directory, NULL until made */
	char port[12];
	struct wb_host *local;       /* runs the ssh client (ours) */
	struct wb_proc master;
	unsigned int connections;
	unsigned int seq;            /* names the pid files */
	struct ssh_session sh;
};

struct ssh_proc {
	char *pidfile;               /* remote */
};


/* The client argv for one remote command line @remote; @topt is storage for one option. */
void wb_ssh_client_argv(struct ssh *s, char **argv, const char *remote, bool no_stdin,
			char *topt, size_t tlen);

/* Starts the ControlMaster again when it died. Returns 0 or a negative errno. */
int wb_ssh_master_ensure(struct ssh *s);

/* Sends @sig to the pid in @pidfile (waiting up to 5 s for it), through a one-shot client. */
void wb_ssh_remote_kill(struct ssh *s, const char *pidfile, const char *sig);

/**
 * wb_ssh_session_run - run the shell text @body in the persistent remote shell
 * @pidfile: where the command's pid is recorded (for a kill on timeout), or NULL
 * @x: timeout, cancel, input (as printf escapes: the caller checked it may), out_max
 * Returns: the exit code (>= 0), -EAGAIN when the session cannot take it (use a one-shot
 *          client), -ETIMEDOUT, -ECANCELED, -EFBIG, -ECONNRESET (the session died), or
 *          another negative errno.
 */
int wb_ssh_session_run(struct ssh *s, const char *body, const char *pidfile,
		       const struct wb_host_exec *x, char **out, size_t *out_len);

/* Ends the persistent shell (EOF, then the client is stopped); it restarts on demand. */
void wb_ssh_session_stop(struct ssh *s);

#endif /* WB_HOST_SSH_I_H */
