/*
 * wbench: a writer for the "newc" cpio format, the one the kernel unpacks as an
 * initramfs. The VM runner builds a tiny initramfs (busybox, a few modules, /init) with it.
 */
#ifndef WB_CPIO_H
#define WB_CPIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wbench/lib/wbench.h"

struct wb_cpio {
	FILE *f;        /* borrowed */
	uint32_t ino;   /* next inode number */
	int err;        /* first error (negative errno), sticky */
};

/** wb_cpio_init - start an archive on @f (borrowed; the caller closes it). */
void wb_cpio_init(struct wb_cpio *c, FILE *f);

/** wb_cpio_add_dir - add a directory entry @name ("bin", no leading slash). */
int wb_cpio_add_dir(struct wb_cpio *c, const char *name, unsigned int mode);

/** wb_cpio_add_file - add a regular file with @len bytes of @data. */
int wb_cpio_add_file(struct wb_cpio *c, const char *name, unsigned int mode,
		     const void *data, size_t len);

/** wb_cpio_add_symlink - add a symbolic link @name -> @target. */
int wb_cpio_add_symlink(struct wb_cpio *c, const char *name, const char *target);

/**
 * wb_cpio_finish - write the trailer and flush
 * Returns: 0, or the first error met by any earlier call (negative errno).
 */
int wb_cpio_finish(struct wb_cpio *c) WB_MUST_CHECK;

#endif /* WB_CPIO_H */
