/*
 * wbench: a growable NUL-terminated text buffer for building config files and messages.
 * A failed allocation makes the buffer sticky-failed, so builders append freely and
 * check once at the end. Release wipes the memory: configs hold passphrases.
 */
#ifndef WB_STRBUF_H
#define WB_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

#include "wbench/lib/wbench.h"

struct wb_strbuf {
	char *s;      /* NUL-terminated once anything was added; NULL when empty */
	size_t len;
	size_t cap;
	bool failed;  /* an allocation failed; contents are incomplete */
};

/** wb_strbuf_init - an empty buffer (no allocation). */
void wb_strbuf_init(struct wb_strbuf *b);

/** wb_strbuf_release - wipe and free the contents; the buffer is empty again. NULL-safe. */
void wb_strbuf_release(struct wb_strbuf *b);

/** wb_strbuf_add - append @len bytes of @data. Returns 0 or -ENOMEM (sticky). */
int wb_strbuf_add(struct wb_strbuf *b, const void *data, size_t len);

/** wb_strbuf_addf - append printf-formatted text. Returns 0 or -ENOMEM (sticky). */
int wb_strbuf_addf(struct wb_strbuf *b, const char *fmt, ...) WB_PRINTF(2, 3);

/** wb_strbuf_cstr - the text, "" when empty. Borrowed: valid until the next change. */
const char *wb_strbuf_cstr(const struct wb_strbuf *b);

#endif /* WB_STRBUF_H */
