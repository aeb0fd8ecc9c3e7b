/* wbench: small helpers (monotonic time, files, strings) used across modules. */
#ifndef WB_UTIL_H
#define WB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"

/** wb_now_ns - CLOCK_MONOTONIC in nanoseconds; every interval and timeout uses it. */
int64_t wb_now_ns(void);

/** wb_now_ms - CLOCK_MONOTONIC in milliseconds. */
int64_t wb_now_ms(void);

/**
 * wb_read_file - read a whole regular file into a new NUL-terminated buffer
 * @path: file to read; a FIFO, socket or device is refused (it could block for ever)
 * @max: refuse files larger than this many bytes (-EFBIG)
 * @out: set to a new buffer (caller frees) on success
 * @len: if not NULL, set to the byte count (without the added NUL)
 * Returns: 0, -EINVAL (not a regular file), -EISDIR, -EFBIG, or a negative errno.
 */
int wb_read_file(const char *path, size_t max, char **out, size_t *len) WB_MUST_CHECK;

/**
 * wb_open_regular - open @path for reading when it is a regular file (without waiting on
 * a FIFO's writer first)
 * Returns: the descriptor (O_CLOEXEC; the caller closes it), -EINVAL (not a regular file:
 * a FIFO, socket or device), -EISDIR, or a negative errno.
 */
int wb_open_regular(const char *path) WB_MUST_CHECK;

/**
 * wb_read_file_strerror - wb_read_file's error @r (negative) in words for a message:
 * "not a regular file (a FIFO or device could block)", "larger than the limit", strerror
 * Returns: a static string (borrowed).
 */
const char *wb_read_file_strerror(int r);

/**
 * wb_write_file_atomic - write @len bytes to @path through a temporary file and rename()
 * @mode: permission bits of the new file (e.g. 0600 for configs holding secrets)
 * A reader never sees a partial file; a crash leaves either the old or the new content.
 * Returns: 0 or a negative errno.
 */
int wb_write_file_atomic(const char *path, const void *data, size_t len,
			 unsigned int mode) WB_MUST_CHECK;

/**
 * wb_mkdtemp_private - create a new 0700 directory under $TMPDIR (or /tmp)
 * @prefix: name prefix, e.g. "wbench-run"
 * Returns: a new string (caller frees) or NULL with errno set.
 */
char *wb_mkdtemp_private(const char *prefix);

/**
 * wb_path_dir - the directory part of @path into @buf ("." for a bare name, "/" for /x)
 * Returns: 0 or -ENAMETOOLONG.
 */
int wb_path_dir(const char *path, char *buf, size_t len) WB_MUST_CHECK;

/**
 * wb_grow - room for @need elements of @elem bytes in the array *@arr of capacity *@cap
 * (doubled, from 16); the new room is zeroed
 * Returns: 0, or -ENOMEM with the array as it was.
 */
int wb_grow(void **arr, size_t *cap, size_t need, size_t elem) WB_MUST_CHECK;

/**
 * wb_path_under - whether @path is the directory @dir or lies inside it, by their text
 * (both absolute and resolved: no "..", no symbolic links); "/" holds every path
 */
bool wb_path_under(const char *path, const char *dir);

/** wb_rm_rf - remove a directory tree (does not follow symlinks). Returns 0 or -errno. */
int wb_rm_rf(const char *path);

/** wb_strlcpy - copy with truncation; always NUL-terminates. Returns strlen(src). */
size_t wb_strlcpy(char *dst, const char *src, size_t size);

/**
 * wb_errbuf_set - format a reason into a caller's error buffer (@buf may be NULL or @len 0:
 * nothing is written). Truncates, always NUL-terminates.
 * Returns: -EINVAL, so that a validator can `return wb_errbuf_set(why, len, ...)`.
 */
int wb_errbuf_set(char *buf, size_t len, const char *fmt, ...) WB_PRINTF(3, 4);

/**
 * wb_parse_uint - parse a decimal unsigned integer in [min, max], the whole string
 * Returns: 0 or -EINVAL / -ERANGE.
 */
int wb_parse_uint(const char *s, unsigned long min, unsigned long max,
		  unsigned long *out) WB_MUST_CHECK;

/** wb_str_has_prefix - true if @s starts with @prefix. */
bool wb_str_has_prefix(const char *s, const char *prefix);

/** wb_hex_encode - write 2*@len lowercase hex digits and a NUL to @out. */
void wb_hex_encode(const uint8_t *in, size_t len, char *out);

/**
 * wb_hex_decode - decode exactly 2*@len hex digits from @in into @out
 * Returns: 0 or -EINVAL (wrong length or a non-hex digit).
 */
int wb_hex_decode(const char *in, uint8_t *out, size_t len) WB_MUST_CHECK;

/** wb_secure_zero - wipe a buffer that held a secret (not optimised away). */
void wb_secure_zero(void *p, size_t len);

#endif /* WB_UTIL_H */
