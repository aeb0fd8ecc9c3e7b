#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lib/strbuf.h"
#include "wbench/lib/util.h"

void wb_strbuf_init(struct wb_strbuf *b)
{
	b->s = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

void wb_strbuf_release(struct wb_strbuf *b)
{
	if (!b)
		return;
	if (b->s) {
		wb_secure_zero(b->s, b->cap);
		free(b->s);
	}
	wb_strbuf_init(b);
}

/* Grows by copying, never by realloc: realloc could leave a secret in freed memory. */
static int grow(struct wb_strbuf *b, size_t need)
{
	size_t ncap = b->cap ? b->cap : 256;
	char *ns;

	if (b->failed)
		return -ENOMEM;
	if (need < b->cap)
		return 0;
	while (ncap <= need) {
		if (ncap > ((size_t)-1) / 2) {
			b->failed = true;
			return -ENOMEM;
		}
		ncap *= 2;
	}
	ns = malloc(ncap);
	if (!ns) {
		b->failed = true;
		return -ENOMEM;
	}
	if (b->s) {
		memcpy(ns, b->s, b->len + 1);
		wb_secure_zero(b->s, b->cap);
		free(b->s);
	}
	b->s = ns;
	b->cap = ncap;
	return 0;
}

int wb_strbuf_add(struct wb_strbuf *b, const void *data, size_t len)
{
	if (len > ((size_t)-1) - b->len - 1 || grow(b, b->len + len + 1) < 0) {
		b->failed = true;
		return -ENOMEM;
	}
	memcpy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

int wb_strbuf_addf(struct wb_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return -EINVAL;
	}
	if (grow(b, b->len + (size_t)n + 1) < 0)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

const char *wb_strbuf_cstr(const struct wb_strbuf *b)
{
	return b->s ? b->s : "";
}
