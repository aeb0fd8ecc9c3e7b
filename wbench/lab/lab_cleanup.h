/*
 * wbench: `wbench cleanup`, the undo of what killed runs left (lab_record.h). It reads the
 * state records of wbench processes that no longer run (a pid whose start time or boot
 * differs is another process) and undoes each change they list, in this order: the
 * children on remote hosts killed by their pid files (TERM, then KILL) and the remote
 * directories removed over ssh; monitor interfaces deleted; radios moved back from wbench's
 * namespaces to the initial one; the namespaces deleted; simulated radios deleted; the
 * crypto settings restored and
 * read back; an OpenWrt router's /etc/config/wireless written back (owrt.h). Each undone
 * change leaves the record at once (a cleanup cut short resumes where it stopped); a record with nothing left is deleted. A record of a live process is
 * left alone. Changes on this machine recorded before its last boot went with the boot;
 * those on remote hosts are still undone.
 *
 * Records are trusted only in a private directory of ours, as files of ours without group
 * or other permissions: they name commands that run as root.
 */
#ifndef WB_LAB_CLEANUP_H
#define WB_LAB_CLEANUP_H

#include <stdbool.h>
#include <stdio.h>

#include "wbench/lib/proc.h"
#include "wbench/lib/wbench.h"

struct wb_lab_cleanup_opts {
	const char *dir;          /* the records' directory; NULL: wb_lab_record_dir() */
	bool dry_run;             /* say what would be done, change nothing */
	struct wb_cancel *cancel; /* stops between changes (each undo is bounded) */
	FILE *out;                /* one line per record and per change (required) */
};

/* What a cleanup found and did. */
struct wb_lab_cleanup_stats {
	unsigned int records;     /* records of dead processes looked at */
	unsigned int live;        /* records of running processes, left alone */
	unsigned int undone;      /* changes undone (or, with dry_run, that would be) */
	unsigned int failed;      /* changes that could not be undone (still recorded) */
	unsigned int bad;         /* files in the directory that are not records we trust */
};

/**
 * wb_lab_cleanup - undo what the records of dead wbench processes list
 * Returns: 0 when nothing is left to undo (also: no directory, no record), -EIO when some
 *          change could not be undone or a file was refused (reported on @o->out and
 *          stderr; the records keep what is left), -EPERM when the directory is not
 *          private (nothing read), -ECANCELED, or a negative errno.
 */
int wb_lab_cleanup(const struct wb_lab_cleanup_opts *o,
		   struct wb_lab_cleanup_stats *stats) WB_MUST_CHECK;

/**
 * wb_lab_cleanup_stale - the first record of a dead process in @dir (NULL: the default),
 * for a run to refuse to start: a killed run may have left a radio in nohwcrypt, which a
 * new run would take for the original
 * @path: receives its path ("" when there is none)
 * Returns: 1 when there is one, 0 when not, or a negative errno.
 */
int wb_lab_cleanup_stale(const char *dir, char *path, size_t len) WB_MUST_CHECK;

/**
 * wb_lab_cleanup_before_run - what killed runs left, undone before a run changes anything
 * (their "original" crypto setting would otherwise be taken for the lab's own, their
 * namespaces and radios would be in the way); each step is said on stderr
 * @c: stops between changes
 * @err: one line when the run must not start
 * Returns: 0 (nothing was left, or everything is undone now), -ECANCELED, -EBUSY when
 *          something could not be undone (the record keeps it), or a negative errno.
 */
int wb_lab_cleanup_before_run(struct wb_cancel *c, char *err, size_t errlen) WB_MUST_CHECK;

#endif /* WB_LAB_CLEANUP_H */
