/*
 * wbench: one generic-netlink message builder and one send/receive routine
 * (libnl-genl), shared by nl80211 and MAC80211_HWSIM users.
 */
#ifndef WB_NL_H
#define WB_NL_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "wbench/lib/wbench.h"

struct wb_nl {
	struct nl_sock *sk;
	int family;              /* resolved generic netlink family id */
	char ext_ack[256];       /* the kernel's extended-ack text of the last error, or "" */
};

/**
 * wb_nl_open - connect a generic netlink socket and resolve @family
 * Sets a receive timeout so that no reply wait can hang.
 * Returns: 0, -ENOENT when the family does not exist (module not loaded), or -errno.
 */
int wb_nl_open(struct wb_nl *nl, const char *family) WB_MUST_CHECK;

/** wb_nl_close - NULL-safe, idempotent. */
void wb_nl_close(struct wb_nl *nl);

/**
 * wb_nl_msg - new message for @cmd with @flags (e.g. NLM_F_DUMP)
 * Returns: a new message (caller passes it to wb_nl_send_recv or frees it), or NULL.
 */
struct nl_msg *wb_nl_msg(struct wb_nl *nl, int flags, uint8_t cmd);

/**
 * wb_nl_send_recv - send @msg (always consumed) and process replies until the ack/done
 * @valid: called for each reply message (may be NULL); return NL_OK/NL_SKIP/NL_STOP
 * Returns: a negative errno on failure (the kernel's text, if any, in nl->ext_ack), or the
 *          non-negative value of the final ack's error field (0 normally; hwsim puts
 *          the new radio id there).
 */
int wb_nl_send_recv(struct wb_nl *nl, struct nl_msg *msg,
		    int (*valid)(struct nl_msg *, void *), void *arg);

/** wb_nl_libnl_errno - map a libnl error (-NLE_*) to a negative errno. */
int wb_nl_libnl_errno(int nle);

#endif /* WB_NL_H */
