/*
 * wbench: the state record of a run. Before a run changes anything on a device (a module
 * parameter, a radio moved into a namespace, a namespace, a monitor interface, a private
 * directory on a remote host, a simulated radio), it writes what it is about to change and how to
 * undo it into a record: one 0600 JSON file per wbench process, PID.json, in a fixed
 * directory only root can read (WB_LAB_RECORD_DIR). Each change leaves the record once it
 * is undone; a run that ends in any way short of SIGKILL removes its record. After a
 * SIGKILL, `wbench cleanup` (lab_cleanup.h) reads the records of dead processes and undoes
 * what they list.
 *
 * Format "wbench-state/1" (docs/cleanup.md):
 *   { "schema": "wbench-state/1", "pid": N, "start_ticks": N, "boot_id": "...",
 *     "started": "2026-12-07T03:00:00Z", "home_netns": "net:[4026531840]",
 *     "hosts": { NAME: { "ssh": "[user@]host", "port": N, "identity_file": F,
 *                        "proxy_jump": J, "ssh_options": [...] } },
 *     "changes": [ { "id": N, "type": "crypto"|"netns"|"phy"|"iface"|"remote_dir"|"uci"|
 *                    "hwsim_radio",
 *                    "host": "local"|NAME, ... }, ... ] }
 * A change is written before it is made, so the undo of each tolerates that it was never
 * made (a namespace that does not exist, a parameter that already reads the original).
 */
#ifndef WB_LAB_RECORD_H
#define WB_LAB_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "wbench/host/host_ssh.h"
#include "wbench/lib/wbench.h"

/* Where the records live; WB_LAB_RECORD_DIR_ENV overrides it (tests, unprivileged runs). */
#define WB_LAB_RECORD_DIR "/run/wbench"
#define WB_LAB_RECORD_DIR_ENV "WBENCH_STATE_DIR"
#define WB_LAB_RECORD_SCHEMA "wbench-state/1"
/* A record is small; anything larger is not ours. */
#define WB_LAB_RECORD_MAX (1u << 20)
/* The host name of this machine in records (as in scenarios). */
#define WB_LAB_RECORD_LOCAL "local"

struct wb_lab_record;

/** wb_lab_record_dir - $WBENCH_STATE_DIR when set and non-empty, else WB_LAB_RECORD_DIR. */
const char *wb_lab_record_dir(void);

/**
 * wb_lab_record_dir_check - whether @dir is a directory of ours that nobody else can read
 * or write (a record names commands that `wbench cleanup` runs as root)
 * @make: create it (0700) when it does not exist
 * @err: one line saying what is wrong
 * Returns: 0, -ENOENT (absent, and not made), -EPERM (not private), or a negative errno.
 */
int wb_lab_record_dir_check(const char *dir, bool make, char *err, size_t errlen) WB_MUST_CHECK;

/**
 * wb_lab_record_open - start this process's record, DIR/PID.json, with no change yet
 * @dir: NULL: wb_lab_record_dir()
 * @out: receives the record (close with wb_lab_record_close)
 * Returns: 0, or a negative errno (reported: the directory is not private, ...).
 */
int wb_lab_record_open(const char *dir, struct wb_lab_record **out) WB_MUST_CHECK;

/** wb_lab_record_path - the record's file (borrowed), or "" for NULL. */
const char *wb_lab_record_path(const struct wb_lab_record *r);

/**
 * wb_lab_record_host - name an ssh host of the changes, so that cleanup can reach it
 * (the configuration is copied; an existing name is replaced). NULL @r: 0, nothing.
 * Returns: 0, or a negative errno (the file could not be written).
 */
int wb_lab_record_host(struct wb_lab_record *r, const char *name,
		       const struct wb_host_ssh_cfg *cfg) WB_MUST_CHECK;

/**
 * wb_lab_record_add - record @change (stolen, also on failure) before it is made; the
 * file is rewritten (atomically, 0600) before this returns
 * @id: receives the change's id for wb_lab_record_done (may be NULL)
 * NULL @r: the change is dropped, 0 (for callers without a record: tests).
 * Returns: 0, or a negative errno: then make no change.
 */
int wb_lab_record_add(struct wb_lab_record *r, json_t *change, unsigned int *id) WB_MUST_CHECK;

/**
 * wb_lab_record_done - the change @id is undone (or turned out not to be needed): it
 * leaves the record. NULL @r or an unknown @id: nothing.
 * Returns: 0, or a negative errno (the file could not be rewritten: it still lists it).
 */
int wb_lab_record_done(struct wb_lab_record *r, unsigned int id);

/** wb_lab_record_pending - how many changes the record still lists (NULL: 0). */
size_t wb_lab_record_pending(const struct wb_lab_record *r);

/**
 * wb_lab_record_close - free the record; its file is removed when no change is left,
 * else kept (and named, so that `wbench cleanup` finishes the job). NULL-safe.
 */
void wb_lab_record_close(struct wb_lab_record *r);

/* Changes, one constructor per type (new objects; NULL without memory). */

/** wb_lab_change_netns - the named namespace @name, made on this machine. */
json_t *wb_lab_change_netns(const char *name);

/** wb_lab_change_hwsim_radio - the simulated radio @name (mac80211_hwsim), made here. */
json_t *wb_lab_change_hwsim_radio(const char *name);

/** wb_lab_change_phy - @phy (of device @device, may be NULL) moved into namespace @netns. */
json_t *wb_lab_change_phy(const char *phy, const char *device, const char *netns);

/**
 * wb_lab_change_iface - interface @ifname made on @host ("local" or a lab.hosts name), in
 * @netns (NULL: the host's own namespace; a namespace only on this machine)
 */
json_t *wb_lab_change_iface(const char *host, const char *netns, const char *ifname);

/**
 * wb_lab_change_remote_dir - the private directory @path on ssh host @host (its children's
 * pid files are there), made while the host had boot id @boot_id (may be NULL)
 */
json_t *wb_lab_change_remote_dir(const char *host, const char *path, const char *boot_id);

/**
 * wb_lab_change_crypto - a crypto switch on @host: @what it is ("ath9k nohwcrypt"), the
 * @original value, the @restore steps ([{"run": [argv]} or {"write": PATH, "value": V}],
 * stolen), how to read the value (@read: {"file": PATH} or {"run": [argv]}, stolen)
 */
json_t *wb_lab_change_crypto(const char *host, const char *what, const char *original,
			     json_t *restore, json_t *read);

/**
 * wb_lab_change_uci - an OpenWrt router's /etc/config/wireless, about to be changed
 * through UCI on @host for wifi-device @radio: its original bytes @content (@len, UTF-8
 * text; the file holds the router's own wifi keys, which is why records are root-only
 * 0600), whether the radio was up, and the copy in the remote private directory (may be
 * NULL). Undo (owrt.h wb_owrt_plan_restore): `uci revert wireless`, the bytes written back
 * atomically over stdin, `wifi up RADIO` (or down, as it was).
 * Returns: a new object, or NULL without memory or when @content is not UTF-8.
 */
json_t *wb_lab_change_uci(const char *host, const char *radio, const char *content, size_t len,
			  bool was_up, const char *remote_copy);

/**
 * wb_lab_proc_identity - the start time (clock ticks since boot, /proc/PID/stat field 22)
 * of process @pid, and this boot's id (may be NULL), which together tell a process from a
 * later one with the same pid
 * Returns: 0, -ESRCH when there is no such process, or a negative errno.
 */
int wb_lab_proc_identity(int pid, unsigned long long *start_ticks, char *boot_id,
			 size_t boot_id_len) WB_MUST_CHECK;

#endif /* WB_LAB_RECORD_H */
