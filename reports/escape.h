/*
 * wbench: escaping untrusted text (SSIDs, file names, daemon messages from a results
 * file) for the three places the report puts it: HTML, Markdown table cells and gnuplot
 * string literals.
 */
#ifndef WB_ESCAPE_H
#define WB_ESCAPE_H

#include "wbench/lib/strbuf.h"

/**
 * wb_escape_html - append @s to @b with & < > " ' as character references
 * Safe in element content and in double- or single-quoted attribute values. Control
 * characters other than tab and newline become U+FFFD (they are not allowed in HTML).
 * @s: NUL-terminated; NULL appends nothing
 * Returns: 0 or -ENOMEM (sticky in @b).
 */
int wb_escape_html(struct wb_strbuf *b, const char *s);

/**
 * wb_escape_md - append @s to @b as the text of a GitHub-flavoured Markdown table cell
 * '|' becomes "\|", '\\' and the inline markup characters * _ ` [ ] < > ~ are
 * backslash-escaped (so a hostile string cannot add links, HTML or emphasis), so are
 * '@' and '#' (GitHub mentions and issue references) and the ':' of "://" and the '.'
 * of "www." (GitHub's autolinks), and line breaks and other control characters become
 * spaces (a table row is one line).
 * Returns: 0 or -ENOMEM (sticky in @b).
 */
int wb_escape_md(struct wb_strbuf *b, const char *s);

/**
 * wb_escape_gnuplot - append @s to @b as a single-quoted gnuplot string literal,
 * quotes included
 * Inside single quotes gnuplot takes every byte literally except the quote itself,
 * which is doubled. Newlines and other control characters would end the command or
 * the datablock line, so they become spaces.
 * Returns: 0 or -ENOMEM (sticky in @b).
 */
int wb_escape_gnuplot(struct wb_strbuf *b, const char *s);

#endif /* WB_ESCAPE_H */
