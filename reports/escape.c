#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "reports/escape.h"

/* Append the run s[from, to) unchanged, then @rep. */
static void flush(struct wb_strbuf *b, const char *s, size_t from, size_t to,
		  const char *rep)
{
	if (to > from)
		wb_strbuf_add(b, s + from, to - from);
	if (rep)
		wb_strbuf_add(b, rep, strlen(rep));
}

static int done(const struct wb_strbuf *b)
{
	return b->failed ? -ENOMEM : 0;
}

int wb_escape_html(struct wb_strbuf *b, const char *s)
{
	size_t i, from = 0;

	if (!s)
		return done(b);
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\t': case '\n': rep = NULL; break;
		default: rep = (c < 0x20 || c == 0x7f) ? "\xef\xbf\xbd" : NULL; break;
		}
		if (!rep)
			continue;
		flush(b, s, from, i, rep);
		from = i + 1;
	}
	flush(b, s, from, i, NULL);
	return done(b);
}

/*
 * GitHub turns "scheme://..." and "www.x" into links even without markup: a backslash
 * before the ':' of "://" or the '.' of "www." (any case) keeps them text.
 */
static bool breaks_autolink(const char *s, size_t i)
{
	if (s[i] == ':')
		return s[i + 1] == '/' && s[i + 2] == '/';
	return s[i] == '.' && i >= 3 && !strncasecmp(s + i - 3, "www", 3);
}

int wb_escape_md(struct wb_strbuf *b, const char *s)
{
	size_t i, from = 0;

	if (!s)
		return done(b);
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		char rep[3] = { '\\', (char)c, '\0' };

		if (c < 0x20 || c == 0x7f) {
			flush(b, s, from, i, " ");
		} else if (strchr("|\\*_`[]<>~@#", c) || breaks_autolink(s, i)) {
			flush(b, s, from, i, rep);
		} else {
			continue;
		}
		from = i + 1;
	}
	flush(b, s, from, i, NULL);
	return done(b);
}

int wb_escape_gnuplot(struct wb_strbuf *b, const char *s)
{
	size_t i, from = 0;

	wb_strbuf_add(b, "'", 1);
	for (i = 0; s && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\'')
			flush(b, s, from, i, "''");
		else if (c < 0x20 || c == 0x7f)
			flush(b, s, from, i, " ");
		else
			continue;
		from = i + 1;
	}
	if (s)
		flush(b, s, from, i, NULL);
	wb_strbuf_add(b, "'", 1);
	return done(b);
}
