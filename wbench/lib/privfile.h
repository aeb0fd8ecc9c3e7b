/* wbench: writing files that hold secrets (generated daemon configs). */
#ifndef WB_PRIVFILE_H
#define WB_PRIVFILE_H

#include <stddef.h>

#include "wbench/lib/wbench.h"

/**
 * wb_privfile_write - atomically write @len bytes to @path with mode 0600
 * @path: the file; its directory must be a real directory owned by us with no group or
 *        other permissions (as made by wb_mkdtemp_private), otherwise -EPERM
 * @data: the contents (borrowed)
 * @len: byte count
 * Returns: 0 or a negative errno (an error is also reported with wb_err).
 */
int wb_privfile_write(const char *path, const void *data, size_t len) WB_MUST_CHECK;

#endif /* WB_PRIVFILE_H */
