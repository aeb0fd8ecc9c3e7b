/*
 * wbench: simulated radios (mac80211_hwsim) over the "MAC80211_HWSIM" generic netlink
 * family, and the cipher profiles that make a simulated radio look like real hardware.
 *
 * hwsim has no hardware crypto: mac80211 does every cipher in software. What a profile
 * changes is the cipher list the radio advertises (HWSIM_ATTR_CIPHER_SUPPORT), which is
 * what decides whether hostapd can start a PMF network at all. So a profile reproduces
 * a driver's *capabilities* in hardware-crypto mode, never its throughput.
 *
 * Radios belong to the network namespace of the socket that created them, and only
 * radios created in the same namespace hear each other: create them from the initial
 * namespace and move them (wb_netns_move_phy) rather than creating them inside one.
 */
#ifndef WB_HWSIM_H
#define WB_HWSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/sys/nl.h"
#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

/* Generic netlink family, commands and attributes (kernel: mac80211_hwsim.h). */
#define WB_HWSIM_FAMILY "MAC80211_HWSIM"
enum {
	WB_HWSIM_CMD_NEW_RADIO = 4,
	WB_HWSIM_CMD_DEL_RADIO = 5,
	WB_HWSIM_CMD_GET_RADIO = 6,
};
enum {
	WB_HWSIM_ATTR_CHANNELS = 9,
	WB_HWSIM_ATTR_RADIO_ID = 10,
	WB_HWSIM_ATTR_RADIO_NAME = 17,
	WB_HWSIM_ATTR_NO_VIF = 18,
	WB_HWSIM_ATTR_CIPHER_SUPPORT = 24,
};

/* Flags for wb_hwsim_radio_add. */
#define WB_HWSIM_F_NO_VIF 0x1u  /* create no default interface (the caller adds its own) */

/* The physical-layer driver a hwsim radio is created under (sysfs driver and module). */
#define WB_HWSIM_MODULE "mac80211_hwsim"

struct wb_hwsim_profile {
	const char *name;         /* "full", "rt2800", ... */
	const char *description;  /* one line for humans */
	const char *models;       /* the real hardware and mode it stands for */
	const char *real_module;  /* driver-table module of that hardware, or NULL (full) */
	const uint32_t *ciphers;  /* advertised suites; NULL: no attribute (mac80211's own set) */
	size_t n_ciphers;
};

/**
 * wb_hwsim_profiles - the static profile table
 * @n: receives the number of entries
 * Returns: the table (borrowed, static).
 */
const struct wb_hwsim_profile *wb_hwsim_profiles(size_t *n);

/**
 * wb_hwsim_profile_find - profile by name (exact match)
 * Returns: a borrowed static entry, or NULL.
 */
const struct wb_hwsim_profile *wb_hwsim_profile_find(const char *name);

/**
 * wb_hwsim_profile_guess - which profile a hwsim radio advertising @ciphers was made with
 * @ciphers: the radio's advertised suites, any order
 * A restricted profile matches when the sets are equal; "full" matches any set that
 * contains every suite of mac80211's software list. Profiles sharing a cipher set
 * (rt2800 and ath9k) are indistinguishable: the first in the table wins.
 * Returns: a borrowed static entry, or NULL when no profile matches.
 */
const struct wb_hwsim_profile *wb_hwsim_profile_guess(const uint32_t *ciphers, size_t n);

/**
 * wb_hwsim_name_valid - whether @name is acceptable as a radio (phy) name
 * 1..WB_NL80211_PHY_NAME_MAX characters from [A-Za-z0-9_-], not starting with '-'.
 */
bool wb_hwsim_name_valid(const char *name);

/**
 * wb_hwsim_open - connect to the hwsim family, loading mac80211_hwsim (radios=0) if needed
 * @nl: socket to initialise (close with wb_nl_close)
 * @c: cancel source for the modprobe wait, may be NULL
 * Returns: 0, -ENOENT when hwsim is unavailable even after modprobe, or a negative errno.
 */
int wb_hwsim_open(struct wb_nl *nl, struct wb_cancel *c) WB_MUST_CHECK;

/**
 * wb_hwsim_radio_add - create a radio whose phy is called @name
 * @nl: a socket from wb_hwsim_open (its namespace becomes the radio's)
 * @p: cipher profile, or NULL for "full"
 * @flags: WB_HWSIM_F_*
 * @id: if not NULL, receives the radio id
 * The new radio is verified rather than trusted to the ack: it must show in hwsim's
 * radio list (HWSIM_CMD_GET_RADIO, which unlike sysfs is right in any namespace) under
 * @name. If the kernel chose another name (cfg80211 falls back to phyN when the name
 * is taken, also by a phy in another namespace), the radio is deleted again.
 * Returns: 0; -EINVAL for a bad name; -EEXIST when a phy of that name exists; or another
 *          negative errno (the kernel's text, if any, in nl->ext_ack).
 */
int wb_hwsim_radio_add(struct wb_nl *nl, const char *name, const struct wb_hwsim_profile *p,
		       unsigned int flags, int *id) WB_MUST_CHECK;

/**
 * wb_hwsim_radio_del - delete the radio whose phy is @name
 * @nl: a socket in the namespace the phy is in now (hwsim only deletes radios there)
 * Returns: 0, -ENODEV when no such radio is in that namespace, or a negative errno.
 */
int wb_hwsim_radio_del(struct wb_nl *nl, const char *name) WB_MUST_CHECK;

/**
 * wb_hwsim_radio_del_in - delete the radio @name, which is in the named namespace @netns
 * (NULL or "": the current one), through a hwsim socket opened there
 * @ext_ack: receives the kernel's text ("" when none) once a delete was sent (may be NULL)
 * Returns: 0, -ENODEV when no such radio is in that namespace, or a negative errno.
 */
int wb_hwsim_radio_del_in(const char *netns, const char *name, char *ext_ack,
			  size_t ext_ack_len) WB_MUST_CHECK;

/**
 * wb_hwsim_phy_exists - whether a phy called @name is registered (any namespace)
 * @sysfs_root: "/sys" or a test tree
 */
bool wb_hwsim_phy_exists(const char *sysfs_root, const char *name);

#endif /* WB_HWSIM_H */
