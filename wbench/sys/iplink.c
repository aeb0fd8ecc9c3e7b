#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/addr.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "wbench/sys/iplink.h"
#include "wbench/sys/netns.h"
#include "wbench/sys/nl.h"

static int route_sock_here(void *arg)
{
	struct nl_sock **out = arg;
	struct nl_sock *sk = nl_socket_alloc();
	int r;

	if (!sk)
		return -ENOMEM;
	r = nl_connect(sk, NETLINK_ROUTE);
	if (r < 0) {
		nl_socket_free(sk);
		return wb_nl_libnl_errno(r);
	}
	*out = sk;
	return 0;
}

/* A route socket opened inside the named namespace @netns; the thread stays here. */
static int route_sock(const char *netns, struct nl_sock **out)
{
	int r;

	*out = NULL;
	r = wb_netns_call_named(netns, route_sock_here, out, NULL, 0);
	if (r < 0 && *out) {
		/* made there, but we did not get back: never carry on in the wrong namespace */
		nl_socket_free(*out);
		*out = NULL;
	}
	return r;
}

static int get_link(struct nl_sock *sk, const char *ifname, struct rtnl_link **link)
{
	int r;

	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	r = rtnl_link_get_kernel(sk, 0, ifname, link);
	if (r < 0)
		return r == -NLE_OBJ_NOTFOUND || r == -NLE_NODEV ? -ENODEV : wb_nl_libnl_errno(r);
	return 0;
}

int wb_iplink_up(const char *netns, const char *ifname)
{
	struct rtnl_link *link = NULL, *change = NULL;
	struct nl_sock *sk;
	int r;

	r = route_sock(netns, &sk);
	if (r < 0)
		return r;
	r = get_link(sk, ifname, &link);
	if (r < 0)
		goto out;
	change = rtnl_link_alloc();
	if (!change) {
		r = -ENOMEM;
		goto out;
	}
	rtnl_link_set_flags(change, IFF_UP);
	r = rtnl_link_change(sk, link, change, 0);
	if (r < 0)
		r = wb_nl_libnl_errno(r);
out:
	rtnl_link_put(change);
	rtnl_link_put(link);
	nl_socket_free(sk);
	return r;
}

int wb_iplink_addr_add(const char *netns, const char *ifname, const char *cidr)
{
	struct rtnl_link *link = NULL;
	struct rtnl_addr *addr = NULL;
	struct nl_addr *local = NULL;
	struct nl_sock *sk;
	int r;

	/* nl_addr_parse takes a bare address as /32; the caller must say the prefix. */
	if (!cidr || !strchr(cidr, '/') || nl_addr_parse(cidr, AF_INET, &local) < 0)
		return -EINVAL;
	r = route_sock(netns, &sk);
	if (r < 0)
		goto out_addr;
	r = get_link(sk, ifname, &link);
	if (r < 0)
		goto out;
	addr = rtnl_addr_alloc();
	if (!addr) {
		r = -ENOMEM;
		goto out;
	}
	rtnl_addr_set_ifindex(addr, rtnl_link_get_ifindex(link));
	r = rtnl_addr_set_local(addr, local);
	if (r == 0)
		r = rtnl_addr_add(sk, addr, 0);
	if (r == -NLE_EXIST)
		r = 0;
	else if (r < 0)
		r = wb_nl_libnl_errno(r);
out:
	rtnl_addr_put(addr);
	rtnl_link_put(link);
	nl_socket_free(sk);
out_addr:
	nl_addr_put(local);
	return r;
}
