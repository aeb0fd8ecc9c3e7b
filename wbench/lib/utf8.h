/*
 * wbench: making text valid UTF-8 before it goes into JSON or XML. Text built in a
 * fixed buffer can be cut in the middle of a multi-byte sequence, and file names are
 * bytes, not text; jansson refuses both (json_string returns NULL), which would read as
 * an allocation failure.
 */
#ifndef WB_UTF8_H
#define WB_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/**
 * wb_utf8_valid - whether @s is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF: what jansson accepts)
 * @s: NUL-terminated bytes, or NULL (valid)
 *
 * Returns: true when @s is valid.
 */
bool wb_utf8_valid(const char *s);

/**
 * wb_utf8_sanitize - make text from a fixed-size buffer valid UTF-8, in place
 * @s: NUL-terminated bytes, or NULL (nothing to do)
 *
 * A sequence left incomplete at the end (the buffer cut it) is dropped; every other byte
 * that does not belong to a valid sequence becomes '?'. Valid text is left unchanged.
 *
 * Returns: the number of bytes replaced or dropped (0 when @s was valid).
 */
size_t wb_utf8_sanitize(char *s);

/**
 * wb_utf8_dup - a valid UTF-8 copy of a name that is bytes, not text (a file name)
 * @s: NUL-terminated bytes
 *
 * Every byte that does not belong to a valid sequence becomes '?', an incomplete
 * sequence at the end included (nothing was cut: the name is shown whole).
 *
 * Returns: a new string (caller frees), or NULL when out of memory.
 */
char *wb_utf8_dup(const char *s);

/**
 * wb_utf8_printable - make text safe to print on a terminal, in place: wb_utf8_dup's
 * repair, then every control character (C0 including newline and tab, DEL, C1) becomes '?'
 * (a newline would split a table row, ESC would reach the terminal)
 * @s: NUL-terminated bytes, or NULL (nothing to do)
 * Returns: the number of characters replaced.
 */
size_t wb_utf8_printable(char *s);

#endif /* WB_UTF8_H */
