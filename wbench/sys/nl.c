#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/netlink.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "wbench/sys/nl.h"
#include "wbench/lib/util.h"

/* Upper bound for any single kernel reply; the kernel answers at once or not at all. */
#define WB_NL_TIMEOUT_S 10

int wb_nl_libnl_errno(int nle)
{
	switch (-nle) {
	case 0: return 0;
	case NLE_NOMEM: return -ENOMEM;
	case NLE_OBJ_NOTFOUND: return -ENOENT;
	case NLE_PERM: return -EPERM;
	case NLE_BUSY: return -EBUSY;
	case NLE_EXIST: return -EEXIST;
	case NLE_INVAL: return -EINVAL;
	case NLE_RANGE: return -ERANGE;
	case NLE_OPNOTSUPP: return -EOPNOTSUPP;
	case NLE_AGAIN: return -EAGAIN;
	case NLE_DUMP_INTR: return -EAGAIN;
	case NLE_NODEV: return -ENODEV;
	default: return -EIO;
	}
}

int wb_nl_open(struct wb_nl *nl, const char *family)
{
	struct timeval tv = { .tv_sec = WB_NL_TIMEOUT_S };
	int one = 1, r;

	memset(nl, 0, sizeof(*nl));
	nl->family = -1;
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	r = genl_connect(nl->sk);
	if (r < 0) {
		r = wb_nl_libnl_errno(r);
		goto fail;
	}
	/* Best effort: older kernels simply give no text. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	nl->family = genl_ctrl_resolve(nl->sk, family);
	if (nl->family < 0) {
		r = -ENOENT;
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return r;
}

void wb_nl_close(struct wb_nl *nl)
{
	if (!nl || !nl->sk)
		return;
	nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct nl_msg *wb_nl_msg(struct wb_nl *nl, int flags, uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, flags, cmd, 0)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct wb_nl_req {
	struct wb_nl *nl;
	int done;
	int err;  /* < 0 failure; >= 0 ack value */
	int (*valid)(struct nl_msg *, void *);
	void *arg;
};

static void copy_ext_ack(struct wb_nl *nl, struct nlmsghdr *nlh, struct nlmsgerr *e)
{
	struct nlattr *attrs, *a;
	int len, rem;

	nl->ext_ack[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	len = (int)nlh->nlmsg_len - (int)NLMSG_HDRLEN - (int)sizeof(*e);
	attrs = (struct nlattr *)((char *)e + sizeof(*e));
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		/* The whole offending request is echoed before the TLVs. */
		int skip = (int)e->msg.nlmsg_len - (int)NLMSG_HDRLEN;

		if (skip < 0 || skip > len)
			return;
		attrs = (struct nlattr *)((char *)attrs + skip);
		len -= skip;
	}
	nla_for_each_attr(a, attrs, len, rem) {
		if (nla_type(a) == NLMSGERR_ATTR_MSG && nla_len(a) > 0) {
			size_t n = (size_t)nla_len(a) < sizeof(nl->ext_ack) ?
				(size_t)nla_len(a) : sizeof(nl->ext_ack) - 1;

			memcpy(nl->ext_ack, nla_data(a), n);
			nl->ext_ack[n] = '\0';
			/* the attribute may or may not include the NUL */
			nl->ext_ack[strnlen(nl->ext_ack, n)] = '\0';
		}
	}
}

static int err_cb(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct wb_nl_req *req = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)e - 1;

	(void)who;
	copy_ext_ack(req->nl, nlh, e);
	/* Positive "errors" are values (hwsim's radio id), not failures. */
	req->err = e->error;
	req->done = 1;
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct wb_nl_req *req = arg;

	(void)msg;
	req->done = 1;
	req->err = 0;
	return NL_SKIP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct wb_nl_req *req = arg;

	(void)msg;
	req->done = 1;
	req->err = 0;
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct wb_nl_req *req = arg;

	return req->valid ? req->valid(msg, req->arg) : NL_OK;
}

int wb_nl_send_recv(struct wb_nl *nl, struct nl_msg *msg,
		    int (*valid)(struct nl_msg *, void *), void *arg)
{
	struct wb_nl_req req = { .nl = nl, .valid = valid, .arg = arg };
	struct nl_cb *cb = NULL;
	int r;

	if (!msg)
		return -ENOMEM;
	nl->ext_ack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		r = -ENOMEM;
		goto out;
	}
	r = nl_send_auto(nl->sk, msg);
	if (r < 0) {
		r = wb_nl_libnl_errno(r);
		goto out;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &req);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &req);
	while (!req.done) {
		r = nl_recvmsgs(nl->sk, cb);
		/* After our error callback stops, libnl reports the ack's error field mapped
		 * to its own codes (a radio id of 2 would read as -NLE_OBJ_NOTFOUND): the
		 * value the callback saw is the truth. */
		if (req.done)
			break;
		if (r < 0) {
			/* SO_RCVTIMEO expiry shows up as a receive error. */
			r = r == -NLE_AGAIN ? -ETIMEDOUT : wb_nl_libnl_errno(r);
			goto out;
		}
	}
	r = req.err;
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return r;
}
