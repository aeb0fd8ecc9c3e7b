/*
 * wbench: what the two transports of struct wb_ctrl share (ctrl.c: AF_UNIX datagrams on
 * this machine; ctrl_cli.c: hostapd_cli/wpa_cli on another host). Callers use ctrl.h only;
 * tests of the cli framing include this header for its line parser.
 */
#ifndef WB_CTRL_I_H
#define WB_CTRL_I_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/un.h>

#include "wbench/daemons/ctrl.h"

struct wb_ctrl_cli_state;  /* ctrl_cli.c's */

struct wb_ctrl {
	int fd;                    /* local: the datagram socket; cli: -1 */
	struct wb_proc *peer;      /* the daemon, when known: its exit ends every wait */
	struct wb_cancel *cancel;  /* cli: ends requests and the attach (borrowed) */
	struct sockaddr_un local;  /* local: our bound client socket, unlinked on close */
	struct wb_ctrl_cli_state *cli; /* NULL: the local transport (ours) */
	size_t hist_len;
	char hist[WB_CTRL_HISTORY_MAX];
	char buf[WB_CTRL_MSG_MAX + 1]; /* local: one datagram; cli: the partial output line */
};

/** wb_ctrl_history_add - keep @ev (@n bytes, stripped) in @c's history, newest last. */
void wb_ctrl_history_add(struct wb_ctrl *c, const char *ev, size_t n);

/**
 * wb_ctrl_match - the index of the first of @prefixes that @ev starts with as whole words
 * (see wb_ctrl_wait_event), or -1
 */
int wb_ctrl_match(const char *ev, const char *const prefixes[]);

/* What one line of an interactive hostapd_cli/wpa_cli says (wb_ctrl_cli_line). */
enum wb_ctrl_cli_line {
	WB_CTRL_CLI_OTHER = 0,      /* banner, prompt, echo, the cli's own messages */
	WB_CTRL_CLI_EVENT,          /* "<N>TEXT" or "IFNAME=X <N>TEXT": a daemon event */
	WB_CTRL_CLI_PONG,           /* "PONG": the reply to our PING (the cli is attached) */
	WB_CTRL_CLI_ATTACH_FAILED,  /* "Warning: Failed to attach to ..." */
};

/**
 * wb_ctrl_cli_line - classify one output line of an interactive cli (without its '\n')
 * @line: modified in place (a trailing '\r' and spaces are cut)
 * @text: receives a pointer into @line: for an event its stripped text (as
 *        wb_ctrl_event_strip gives it), else the line without prompts
 *
 * The clis print a prompt ("> ") and, wpa_cli, a carriage return before what follows on
 * the same line; what counts is the text after the last '\r', without leading "> ".
 */
enum wb_ctrl_cli_line wb_ctrl_cli_line(char *line, const char **text);

/* ctrl_cli.c: the cli transport behind the ctrl.h entry points. */
int wb_ctrl_cli_request(struct wb_ctrl *c, const char *cmd, char *reply, size_t len,
			int64_t timeout_ms);
int wb_ctrl_cli_attach(struct wb_ctrl *c, int64_t timeout_ms);
int wb_ctrl_cli_wait_event(struct wb_ctrl *c, const char *const prefixes[], int64_t timeout_ms,
			   struct wb_cancel *cancel, struct wb_proc *peer, char *line, size_t len);
int wb_ctrl_cli_fd(const struct wb_ctrl *c);
void wb_ctrl_cli_close(struct wb_ctrl *c);

#endif /* WB_CTRL_I_H */
