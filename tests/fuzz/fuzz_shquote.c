/*
 * libFuzzer target for the shell quoting of remote commands (wbench/host/shquote.c).
 *
 * Input: argv words separated by NUL bytes. The quoted line is parsed back by a reference
 * reader of POSIX sh quoting (single quotes, backslash outside quotes, blanks between
 * words: the only constructs wb_shquote_argv may emit) and must give the same argv; and
 * outside quotes the line may hold nothing but blanks and \' (no $, `, ;, newline, ...).
 * tests/unit/test_shquote.c runs the same property through dash, bash and BusyBox sh.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/host/shquote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_WORDS 64

/* Parse @line as sh would with only '...', \c and blanks; words are written into @out. */
static size_t unquote(const char *line, char *out, char **words, size_t max)
{
	size_t n = 0;
	bool in_word = false;
	char *o = out;

	for (const char *p = line; *p; p++) {
		if (*p == ' ') {
			if (in_word) {
				*o++ = '\0';
				in_word = false;
			}
			continue;
		}
		if (!in_word) {
			if (n == max)
				abort();
			words[n++] = o;
			in_word = true;
		}
		if (*p == '\'') {
			for (p++; *p != '\''; p++) {
				if (!*p)
					abort(); /* an unterminated quote */
				*o++ = *p;
			}
		} else if (*p == '\\' && p[1] == '\'') {
			*o++ = *++p;
		} else {
			abort(); /* a byte outside quotes that a shell could read as syntax */
		}
	}
	if (in_word)
		*o++ = '\0';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *words[MAX_WORDS + 1], *back[MAX_WORDS], *buf, *out;
	struct wb_strbuf line;
	size_t n = 0, got;

	buf = malloc(size + 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t off = 0; off <= size && n < MAX_WORDS; off += strlen(buf + off) + 1)
		words[n++] = buf + off;
	words[n] = NULL;
	wb_strbuf_init(&line);
	if (wb_shquote_argv(&line, words) == 0) {
		out = malloc(line.len + 1);
		if (out) {
			got = unquote(line.s, out, back, MAX_WORDS);
			if (got != n)
				abort();
			for (size_t i = 0; i < n; i++)
				if (strcmp(back[i], words[i]))
					abort();
			free(out);
		}
	}
	wb_strbuf_release(&line);
	free(buf);
	return 0;
}
