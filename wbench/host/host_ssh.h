/*
 * wbench: a remote Linux host over OpenSSH, agentless: nothing of wbench is installed
 * there. One ControlMaster per host (its socket in a private local directory) carries
 * every command, so a cell pays no handshake; BatchMode, a connect timeout and
 * keep-alives bound every wait; the user's ssh_config and keys apply, host keys are
 * checked as that config says (wbench never turns the check off).
 *
 * Every command is an argv quoted word by word for a POSIX shell (shquote.h): bash, dash
 * or BusyBox ash on the far side read it back unchanged. Files travel on stdin; secrets
 * never appear on a command line (remote `ps` shows argv). A long-running child is
 * started as `echo $$ >PIDFILE; exec ARGV...` in a private remote directory, so it is
 * killed by pid when stopped: an ssh server does not kill it when the channel closes.
 */
#ifndef WB_HOST_SSH_H
#define WB_HOST_SSH_H

#include "wbench/host/host.h"

struct wb_host_ssh_cfg {
	const char *target;          /* [user@]host (required; no leading '-') */
	unsigned int port;           /* 0: as the ssh config says */
	const char *identity;        /* -i FILE, or NULL */
	const char *proxy_jump;      /* -J [user@]host[:port][,...], or NULL */
	char *const *options;        /* extra "-o" values ("Key=Value"), NULL-terminated, or NULL */
	const char *ssh;             /* the client, NULL: "ssh" from PATH */
	const char *local_dir;       /* private local directory (0700) for the control socket
				      * and ssh's own log (required; short: socket paths are
				      * limited to 107 bytes) */
	unsigned int connect_timeout_s; /* 0: WB_HOST_SSH_CONNECT_S */
	struct wb_cancel *cancel;    /* ends the connect wait, may be NULL */
};

/* How long ssh may take to connect and authenticate. */
#define WB_HOST_SSH_CONNECT_S 15
/* Keep-alive: a master that hears nothing for 3 x 5 s gives up. */
#define WB_HOST_SSH_ALIVE_S 5
#define WB_HOST_SSH_ALIVE_COUNT 3

/**
 * wb_host_ssh_new - connect (start the ControlMaster) and make the private remote directory
 * @out: receives a new host (free with wb_host_free: the remote directory is removed, the
 *       master closed)
 * Returns: 0, -EINVAL (a bad target or option, reported), -EHOSTUNREACH (ssh could not
 *          connect or authenticate: its own words are reported), -ETIMEDOUT, -ECANCELED,
 *          or a negative errno.
 */
int wb_host_ssh_new(const struct wb_host_ssh_cfg *cfg, struct wb_host **out) WB_MUST_CHECK;

/** wb_host_ssh_connections - ssh connections (masters) opened so far, for overhead checks. */
unsigned int wb_host_ssh_connections(const struct wb_host *h);

/** wb_host_ssh_remote_dir - the private remote directory of @h (borrowed), or NULL. */
const char *wb_host_ssh_remote_dir(const struct wb_host *h);

#endif /* WB_HOST_SSH_H */
