#include <errno.h>
#include <string.h>

#include "wbench/host/shquote.h"

int wb_shquote_word(struct wb_strbuf *b, const char *s)
{
	wb_strbuf_add(b, "'", 1);
	for (const char *q; (q = strchr(s, '\'')); s = q + 1) {
		wb_strbuf_add(b, s, (size_t)(q - s));
		/* close the quote, an escaped quote, reopen */
		wb_strbuf_add(b, "'\\''", 4);
	}
	wb_strbuf_add(b, s, strlen(s));
	wb_strbuf_add(b, "'", 1);
	return b->failed ? -ENOMEM : 0;
}

int wb_shquote_argv(struct wb_strbuf *b, char *const argv[])
{
	if (!argv || !argv[0])
		return -EINVAL;
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			wb_strbuf_add(b, " ", 1);
		wb_shquote_word(b, argv[i]);
	}
	return b->failed ? -ENOMEM : 0;
}
