/* wbench: finding a real radio on a host by phy, interface or device path (radio.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lab/radio.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

#define SYSFS_DEFAULT "/sys"
#define PATH_MAX_LEN 512

static const char *root_of(const char *sysfs_root)
{
	return sysfs_root && *sysfs_root ? sysfs_root : SYSFS_DEFAULT;
}

bool wb_radio_phy_valid(const char *phy)
{
	size_t n = phy ? strlen(phy) : 0;

	return n > 0 && n < WB_RADIO_PHY_MAX && phy[0] != '-' &&
	       strspn(phy, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/* A path below SYSFS/devices: no "..", no control bytes, not empty. */
static bool device_valid(const char *d)
{
	const char *p;

	if (!d || !*d || strlen(d) >= WB_RADIO_DEVICE_MAX)
		return false;
	for (p = d; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	for (p = d; (p = strstr(p, "..")); p += 2)
		if ((p == d || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return false;
	return true;
}

/* Runs @argv on @h; its first output line, trimmed, into @line. Returns the exit code. */
static int host_line(struct wb_host *h, char *const argv[], struct wb_cancel *c, char *line,
		     size_t len)
{
	struct wb_host_exec x = { .timeout_ms = WB_RADIO_CMD_TIMEOUT_MS, .cancel = c,
				  .out_max = 4096 };
	char *out = NULL;
	int r = wb_host_run(h, argv, &x, &out, NULL);

	if (r >= 0 && out) {
		out[strcspn(out, "\r\n")] = '\0';
		if (wb_strlcpy(line, out, len) >= len)
			r = r ? r : -ENAMETOOLONG;
	}
	free(out);
	return r;
}

/* readlink -f @path on the host (BusyBox has no -e: the caller knows the path exists). */
static int canonical(struct wb_host *h, const char *path, struct wb_cancel *c, char *out,
		     size_t len)
{
	int r = host_line(h, (char *const[]){ "readlink", "-f", (char *)path, NULL }, c, out, len);

	if (r > 0 || (r == 0 && out[0] != '/'))
		return -ENOENT;
	return r;
}

/* The last path component of @path into @out. */
static void basename_of(const char *path, char *out, size_t len)
{
	const char *b = strrchr(path, '/');

	wb_strlcpy(out, b ? b + 1 : path, len);
}

int wb_radio_phy_of_device(struct wb_host *h, const char *sysfs_root, const char *device,
			   struct wb_cancel *c, char *phy, size_t len)
{
	char path[PATH_MAX_LEN], line[WB_RADIO_PHY_MAX + 8];
	int r;

	if (!device_valid(device))
		return -EINVAL;
	if (snprintf(path, sizeof(path), "%s/devices/%s/ieee80211", root_of(sysfs_root),
		     device) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	line[0] = '\0';
	r = host_line(h, (char *const[]){ "ls", path, NULL }, c, line, sizeof(line));
	if (r < 0)
		return r;
	if (r > 0 || !wb_radio_phy_valid(line))
		return -ENODEV;
	return wb_strlcpy(phy, line, len) >= len ? -ENAMETOOLONG : 0;
}

/* The device path of @phy relative to SYSFS/devices ("" when it has none). */
static int device_of_phy(struct wb_host *h, const char *root, const char *phy,
			 struct wb_cancel *c, char *dev, size_t len)
{
	char path[PATH_MAX_LEN], devices[PATH_MAX_LEN], full[PATH_MAX_LEN];
	size_t n;
	int r;

	snprintf(path, sizeof(path), "%s/devices", root);
	r = canonical(h, path, c, devices, sizeof(devices));
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/class/ieee80211/%s/device", root, phy);
	r = canonical(h, path, c, full, sizeof(full));
	if (r == -ENOENT) {
		dev[0] = '\0';
		return 0;
	}
	if (r < 0)
		return r;
	n = strlen(devices);
	if (strncmp(full, devices, n) != 0 || full[n] != '/') {
		dev[0] = '\0';
		return 0;
	}
	return wb_strlcpy(dev, full + n + 1, len) >= len ? -ENAMETOOLONG : 0;
}

/* Fills @out for @phy, which exists on @h. */
static int describe_phy(struct wb_host *h, const char *root, const char *phy,
			struct wb_cancel *c, struct wb_radio *out)
{
	char path[PATH_MAX_LEN], full[PATH_MAX_LEN];
	int r;

	memset(out, 0, sizeof(*out));
	wb_strlcpy(out->phy, phy, sizeof(out->phy));
	r = device_of_phy(h, root, phy, c, out->device, sizeof(out->device));
	if (r < 0)
		return r;
	snprintf(path, sizeof(path), "%s/class/ieee80211/%s/device/driver", root, phy);
	if (canonical(h, path, c, full, sizeof(full)) == 0)
		basename_of(full, out->driver, sizeof(out->driver));
	snprintf(path, sizeof(path), "%s/class/ieee80211/%s/device/driver/module", root, phy);
	if (canonical(h, path, c, full, sizeof(full)) == 0)
		basename_of(full, out->module, sizeof(out->module));
	return 0;
}

/* The phy of interface @ifname (its phy80211 link's name attribute). */
static int phy_of_ifname(struct wb_host *h, const char *root, const char *ifname, char *phy,
			 size_t len)
{
	char path[PATH_MAX_LEN], *text = NULL;
	int r;

	if (!*ifname || strlen(ifname) >= 16 || strchr(ifname, '/') || !strcmp(ifname, ".") ||
	    !strcmp(ifname, ".."))
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/class/net/%s/phy80211/name", root, ifname);
	r = wb_host_read_file(h, path, 64, false, &text, NULL);
	if (r < 0)
		return r == -ENOENT ? -ENODEV : r;
	text[strcspn(text, "\r\n")] = '\0';
	r = wb_radio_phy_valid(text) ? 0 : -EPROTO;
	if (r == 0)
		wb_strlcpy(phy, text, len);
	free(text);
	return r;
}

static int phy_exists(struct wb_host *h, const char *root, const char *phy)
{
	char path[PATH_MAX_LEN], *text = NULL;
	int r;

	snprintf(path, sizeof(path), "%s/class/ieee80211/%s/index", root, phy);
	r = wb_host_read_file(h, path, 64, false, &text, NULL);
	free(text);
	return r == -ENOENT ? -ENODEV : r;
}

int wb_radio_find(struct wb_host *h, const char *sysfs_root, enum wb_radio_by by,
		  const char *name, struct wb_cancel *c, struct wb_radio *out, char *err,
		  size_t errlen)
{
	static const char *const what[] = { [WB_RADIO_BY_PHY] = "phy",
		[WB_RADIO_BY_IFNAME] = "interface", [WB_RADIO_BY_DEVICE] = "device" };
	const char *root = root_of(sysfs_root);
	char phy[WB_RADIO_PHY_MAX];
	int r;

	if (by < WB_RADIO_BY_PHY || by > WB_RADIO_BY_DEVICE || !name)
		return wb_errbuf_set(err, errlen, "no radio named");
	if (by == WB_RADIO_BY_DEVICE && wb_str_has_prefix(name, "/sys/devices/"))
		name += strlen("/sys/devices/");
	if (by == WB_RADIO_BY_PHY) {
		r = wb_radio_phy_valid(name) ? 0 : -EINVAL;
		if (r == 0)
			wb_strlcpy(phy, name, sizeof(phy));
	} else if (by == WB_RADIO_BY_IFNAME) {
		r = phy_of_ifname(h, root, name, phy, sizeof(phy));
	} else {
		r = wb_radio_phy_of_device(h, sysfs_root, name, c, phy, sizeof(phy));
	}
	if (r == 0)
		r = phy_exists(h, root, phy);
	if (r == 0)
		r = describe_phy(h, root, phy, c, out);
	if (r == -EINVAL)
		wb_errbuf_set(err, errlen, "'%s' cannot be a %s name", name, what[by]);
	else if (r == -ENODEV)
		wb_errbuf_set(err, errlen, "no radio with %s '%s' on %s", what[by], name,
			      wb_host_name(h));
	else if (r < 0)
		wb_errbuf_set(err, errlen, "cannot find the radio with %s '%s' on %s: %s",
			      what[by], name, wb_host_name(h), strerror(-r));
	return r;
}

/* One look for wb_radio_wait: 0 when the radio is there (@out filled), -ENODEV when not. */
static int look(struct wb_host *h, const char *sysfs_root, const char *device,
		enum wb_radio_by by, const char *name, struct wb_cancel *c, struct wb_radio *out)
{
	char phy[WB_RADIO_PHY_MAX], why[256];
	int r = -ENODEV;

	if (device && *device) {
		r = wb_radio_phy_of_device(h, sysfs_root, device, c, phy, sizeof(phy));
		if (r == 0)
			return wb_radio_find(h, sysfs_root, WB_RADIO_BY_PHY, phy, c, out, why,
					     sizeof(why));
		if (r != -ENODEV)
			return r;
	}
	if (by != WB_RADIO_BY_NONE)
		r = wb_radio_find(h, sysfs_root, by, name, c, out, why, sizeof(why));
	return r;
}

int wb_radio_wait(struct wb_host *h, const char *sysfs_root, const char *device,
		  enum wb_radio_by by, const char *name, int64_t timeout_ms, struct wb_cancel *c,
		  struct wb_radio *out)
{
	struct wb_wait w, pace;
	int r;

	wb_wait_init(&w, timeout_ms > 0 ? timeout_ms : WB_RADIO_RETURN_TIMEOUT_MS, c);
	for (;;) {
		r = look(h, sysfs_root, device, by, name, c, out);
		if (r != -ENODEV)
			return r;
		wb_wait_init(&pace, WB_RADIO_POLL_MS, c);
		if (pace.deadline > w.deadline)
			pace.deadline = w.deadline;
		r = wb_wait_left_ms(&w) > 0 ? wb_wait_sleep(&pace) : -ETIMEDOUT;
		if (r < 0)
			return r;
	}
}
