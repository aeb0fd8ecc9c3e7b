#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

void wb_wait_init(struct wb_wait *w, int64_t timeout_ms, struct wb_cancel *c)
{
	w->deadline = timeout_ms >= 0 ? wb_now_ms() + timeout_ms : WB_WAIT_NO_DEADLINE;
	w->cancel = c;
	w->peer = NULL;
}

int64_t wb_wait_left_ms(const struct wb_wait *w)
{
	int64_t left;

	if (w->deadline == WB_WAIT_NO_DEADLINE)
		return INT64_MAX;
	left = w->deadline - wb_now_ms();
	return left > 0 ? left : 0;
}

int wb_wait_round(const struct wb_wait *w, struct pollfd *fds, size_t n)
{
	struct pollfd all[WB_WAIT_FDS_MAX + 2];
	int64_t left;
	size_t k = n;
	int ms, r;

	if (n > WB_WAIT_FDS_MAX)
		return -EINVAL;
	if (w->peer && !wb_proc_running(w->peer))
		return -ESRCH;
	if (wb_cancel_check(w->cancel))
		return -ECANCELED;
	left = wb_wait_left_ms(w);
	if (left <= 0)
		return -ETIMEDOUT;
	for (size_t i = 0; i < n; i++)
		all[i] = (struct pollfd){ .fd = fds[i].fd, .events = fds[i].events };
	if (wb_cancel_fd(w->cancel) >= 0)
		all[k++] = (struct pollfd){ .fd = wb_cancel_fd(w->cancel), .events = POLLIN };
	if (w->peer && w->peer->pidfd >= 0)
		all[k++] = (struct pollfd){ .fd = w->peer->pidfd, .events = POLLIN };
	else if (w->peer && left > WB_WAIT_PEER_POLL_MS)
		left = WB_WAIT_PEER_POLL_MS;
	ms = left > INT_MAX ? INT_MAX : (int)left;
	r = poll(all, (nfds_t)k, ms);
	if (r < 0 && errno != EINTR)
		return -errno;
	for (size_t i = 0; i < n; i++)
		fds[i].revents = r > 0 ? all[i].revents : 0;
	return 0;
}

int wb_wait_sleep(const struct wb_wait *w)
{
	for (;;) {
		int r = wb_wait_round(w, NULL, 0);

		if (r == -ETIMEDOUT)
			return 0;
		if (r < 0)
			return r;
	}
}

static bool is_socket(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

int wb_wait_socket(const struct wb_wait *w, const char *path)
{
	char dir[PATH_MAX];
	/* Aligned for struct inotify_event; the contents are only drained. */
	char evbuf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int fd, r;

	r = wb_path_dir(path, dir, sizeof(dir));
	if (r < 0)
		return r;
	fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (inotify_add_watch(fd, dir, IN_CREATE | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF) < 0) {
		r = -errno;
		goto out;
	}
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		/* Checked after the watch exists, so a socket made in between is not missed. */
		if (is_socket(path)) {
			r = 0;
			break;
		}
		r = wb_wait_round(w, &p, 1);
		if (r < 0)
			break;
		while (read(fd, evbuf, sizeof(evbuf)) > 0)
			;
	}
out:
	close(fd);
	return r;
}
