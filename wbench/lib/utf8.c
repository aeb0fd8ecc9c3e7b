/* UTF-8 validation and repair (see wbench/lib/utf8.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lib/utf8.h"

enum seq {
	SEQ_INVALID = -1,   /* this byte cannot start a valid sequence here */
	SEQ_CUT = -2,       /* a valid prefix that the end of the string interrupts */
};

/*
 * Length of the well-formed sequence at @p (1..4), or a negative enum seq. The ranges
 * of the second byte are Unicode's table 3-7: they exclude overlong forms, surrogates
 * and code points above U+10FFFF.
 */
static int seq_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	int n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return SEQ_INVALID;
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if (!p[i])
			return SEQ_CUT;
		if (p[i] < (i == 1 ? lo : 0x80) || p[i] > (i == 1 ? hi : 0xbf))
			return SEQ_INVALID;
	}
	return n;
}

/* Repairs @s in place; @drop_cut: an incomplete sequence at the end is removed. */
static size_t repair(char *s, bool drop_cut)
{
	unsigned char *p = (unsigned char *)s;
	size_t changed = 0;
	int n;

	if (!s)
		return 0;
	while (*p) {
		n = seq_len(p);
		if (n > 0) {
			p += n;
			continue;
		}
		if (n == SEQ_CUT && drop_cut) {
			changed += strlen((char *)p);
			*p = '\0';
			break;
		}
		*p++ = '?';
		changed++;
	}
	return changed;
}

bool wb_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	if (!s)
		return true;
	while (*p) {
		n = seq_len(p);
		if (n < 0)
			return false;
		p += n;
	}
	return true;
}

size_t wb_utf8_sanitize(char *s)
{
	return repair(s, true);
}

char *wb_utf8_dup(const char *s)
{
	char *d = strdup(s);

	if (d)
		repair(d, false);
	return d;
}

size_t wb_utf8_printable(char *s)
{
	size_t n, o = 0;

	if (!s)
		return 0;
	n = repair(s, false);
	for (size_t i = 0; s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		/* C1 controls are U+0080..U+009F: 0xC2 0x80..0x9F in UTF-8, one '?' for both */
		if (c == 0xC2 && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F) {
			s[o++] = '?';
			i++;
			n++;
			continue;
		}
		if (c < 0x20 || c == 0x7F) {
			s[o++] = '?';
			n++;
			continue;
		}
		s[o++] = s[i];
	}
	s[o] = '\0';
	return n;
}
