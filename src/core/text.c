/* Display width of UTF-8 text, by wcwidth on decoded characters. */
#define _GNU_SOURCE
#include "cdesk/text.h"

#include <string.h>
#include <wchar.h>

/* Decode one character; returns bytes used (>= 1) and its column width. */
static size_t next_char(const char *s, int *cols)
{
	mbstate_t st;
	wchar_t wc;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, s, strlen(s), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cols = 1;
		return 1;
	}
	if (wc == L'\n' || wc == L'\t') {
		*cols = 1;
		return n;
	}
	int w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	return n;
}

int text_width(const char *s)
{
	int w = 0, c;
	while (*s) {
		s += next_char(s, &c);
		w += c;
	}
	return w;
}

size_t text_prefix_bytes(const char *s, int width)
{
	const char *p = s;
	int w = 0, c;
	while (*p) {
		size_t n = next_char(p, &c);
		if (w + c > width)
			break;
		w += c;
		p += n;
	}
	return (size_t)(p - s);
}

/* The character at p as text_fit shows it: esc filled with what stands
 * for it ("" for itself); *cols gets its width. Returns its bytes. */
static size_t shown_char(const char *p, char esc[12], int *cols)
{
	size_t n = next_char(p, cols);
	if (*p == '\n' || *p == '\t') {
		esc[0] = ' ';
		esc[1] = '\0';
	} else
		cd_shown_char(p, 0, esc);
	if (*esc)
		*cols = text_width(esc);
	return n;
}

void text_fit(struct strbuf *sb, const char *s, int width, int pad)
{
	int w = 0, c, full = 0;
	char esc[12];
	for (const char *q = s; *q;) {
		q += shown_char(q, esc, &c);
		full += c;
	}
	int room = full > width ? width - 1 : width; /* leave a column for … */
	const char *p = s;
	while (*p) {
		/* What a terminal would act on is shown as its escape. */
		size_t n = shown_char(p, esc, &c);
		if (w + c > room)
			break;
		if (*esc)
			sb_puts(sb, esc);
		else
			sb_add(sb, p, n);
		w += c;
		p += n;
	}
	if (full > width && width > 0) {
		sb_puts(sb, "\u2026");
		w++;
	}
	while (pad && w < width) {
		sb_putc(sb, ' ');
		w++;
	}
}
