/*
 * wbench: finding a real radio on a host (local or over ssh) from what a scenario names it
 * by: its phy ("phy0"), one of its interfaces ("wlan0"), or its device path below
 * /sys/devices ("platform/10180000.wmac", "pci0000:00/0000:00:1c.0/0000:02:00.0"). The
 * device path is the stable name: after a driver reload the phy comes back under a new
 * index (phy0 -> phy1), found again from its device (SYSFS/devices/DEV/ieee80211/PHY).
 *
 * Everything goes through the host's commands and files (ls, readlink -f, sysfs files),
 * so a remote radio is found the same way. sysfs shows the wiphys and interfaces of the
 * network namespace it was mounted in: resolve a radio before moving it.
 */
#ifndef WB_RADIO_H
#define WB_RADIO_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/host/host.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

enum wb_radio_by {
	WB_RADIO_BY_NONE = 0,   /* (wb_radio_wait: by the device path only) */
	WB_RADIO_BY_PHY,
	WB_RADIO_BY_IFNAME,
	WB_RADIO_BY_DEVICE,
};

#define WB_RADIO_PHY_MAX 32     /* with the NUL */
#define WB_RADIO_DEVICE_MAX 256 /* with the NUL */
#define WB_RADIO_NAME_MAX 64    /* a driver or module name, with the NUL */
/* How long a phy may take to come back after its driver was loaded (USB, firmware). */
#define WB_RADIO_RETURN_TIMEOUT_MS 30000
/* Bound on each command that looks at sysfs. */
#define WB_RADIO_CMD_TIMEOUT_MS 10000

/* A radio as found on its host. */
struct wb_radio {
	char phy[WB_RADIO_PHY_MAX];         /* "phy3" */
	char device[WB_RADIO_DEVICE_MAX];   /* below SYSFS/devices, "" when it has none */
	char driver[WB_RADIO_NAME_MAX];     /* sysfs driver name ("rt2800_wmac"), or "" */
	char module[WB_RADIO_NAME_MAX];     /* its module ("rt2800soc"), or "" (built in) */
};

/**
 * wb_radio_find - the radio @name (by @by) on @h
 * @sysfs_root: NULL: "/sys"; an absolute test tree on the local host
 * @c: cancel source for the commands, may be NULL
 * @err: one line saying why not, e.g. "no radio at device 'platform/x' on local"
 * Returns: 0, -ENODEV (not there), -EINVAL (a name that cannot be one), or a negative errno.
 */
int wb_radio_find(struct wb_host *h, const char *sysfs_root, enum wb_radio_by by,
		  const char *name, struct wb_cancel *c, struct wb_radio *out, char *err,
		  size_t errlen) WB_MUST_CHECK;

/**
 * wb_radio_phy_of_device - the phy of device @device on @h now
 * Returns: 0, -ENODEV when the device has no phy (yet, or any more), or a negative errno.
 */
int wb_radio_phy_of_device(struct wb_host *h, const char *sysfs_root, const char *device,
			   struct wb_cancel *c, char *phy, size_t len) WB_MUST_CHECK;

/**
 * wb_radio_wait - wait (bounded, cancellable) until a radio is back on @h, e.g. after its
 * driver was reloaded: found by its device path @device (a real radio's phy comes back
 * under a new name), or, unless @by is NONE, as wb_radio_find finds @name (a radio whose
 * device changes but whose name stays); polling every WB_RADIO_POLL_MS
 * @device: may be NULL or "" (then @by is needed)
 * @timeout_ms: <= 0: WB_RADIO_RETURN_TIMEOUT_MS
 * @out: the radio as found
 * Returns: 0, -ETIMEDOUT, -ECANCELED, or a negative errno.
 */
int wb_radio_wait(struct wb_host *h, const char *sysfs_root, const char *device,
		  enum wb_radio_by by, const char *name, int64_t timeout_ms, struct wb_cancel *c,
		  struct wb_radio *out) WB_MUST_CHECK;

/* How often wb_radio_wait looks: sysfs offers no event a remote host could stream. */
#define WB_RADIO_POLL_MS 200

/** wb_radio_phy_valid - whether @phy is a plausible phy name ([A-Za-z0-9_-], 1..31 bytes). */
bool wb_radio_phy_valid(const char *phy);

#endif /* WB_RADIO_H */
