/*
 * wbench: argv -> one POSIX shell command line, for hosts reached over ssh (OpenSSH joins
 * its arguments with spaces and the server runs the result with `$SHELL -c`: bash, dash,
 * BusyBox ash). Every word is single-quoted, and a ' inside becomes '\'': between single
 * quotes a POSIX shell takes every byte literally (newlines, $, `, \, non-UTF-8), so no
 * argument can become shell syntax, whatever a scenario holds.
 */
#ifndef WB_SHQUOTE_H
#define WB_SHQUOTE_H

#include "wbench/lib/strbuf.h"
#include "wbench/lib/wbench.h"

/**
 * wb_shquote_word - append @s as one single-quoted shell word ('' for an empty string)
 * Returns: 0 or -ENOMEM (the buffer's sticky failure).
 */
int wb_shquote_word(struct wb_strbuf *b, const char *s);

/**
 * wb_shquote_argv - append @argv (NULL-terminated) as words separated by one space
 * Returns: 0, -EINVAL for an empty argv, or -ENOMEM.
 */
int wb_shquote_argv(struct wb_strbuf *b, char *const argv[]);

#endif /* WB_SHQUOTE_H */
