/* Text fields: editing works on whole characters (wchar_t), display on
 * columns (wcwidth), so Chinese text edits and lines up like any other. */
#define _GNU_SOURCE
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

/* Wipe a buffer the compiler may not skip (a PIN must not linger). */
static void wipe(wchar_t *buf, size_t n)
{
	volatile wchar_t *p = buf;
	while (n--)
		*p++ = 0;
}

static void grow(struct field *f, size_t need)
{
	if (need + 1 <= f->cap)
		return;
	size_t cap = need + 32;
	if (!f->secret) {
		f->buf = xreallocarray(f->buf, cap, sizeof *f->buf);
	} else {
		/* No realloc: the old copy is wiped before it is freed. */
		wchar_t *b = xcalloc(cap, sizeof *b);
		if (f->buf) {
			memcpy(b, f->buf, f->cap * sizeof *b);
			wipe(f->buf, f->cap);
		}
		free(f->buf);
		f->buf = b;
	}
	f->cap = cap;
}

void field_set(struct field *f, const char *utf8)
{
	mbstate_t st;
	const char *p = utf8 ? utf8 : "";
	memset(&st, 0, sizeof st);
	size_t n = mbsrtowcs(NULL, &p, 0, &st);
	if (n == (size_t)-1)
		n = 0;
	grow(f, n);
	p = utf8 ? utf8 : "";
	memset(&st, 0, sizeof st);
	f->len = n ? mbsrtowcs(f->buf, &p, n + 1, &st) : 0;
	if (f->len == (size_t)-1)
		f->len = 0;
	f->buf[f->len] = L'\0';
	f->cur = f->len;
}

void field_init(struct field *f, const char *utf8, int multiline, size_t max)
{
	memset(f, 0, sizeof *f);
	f->multiline = multiline;
	f->max = max;
	grow(f, 16);
	field_set(f, utf8);
}

void field_init_secret(struct field *f, size_t max)
{
	memset(f, 0, sizeof *f);
	f->secret = 1;
	f->max = max;
	grow(f, max);
	f->buf[0] = L'\0';
}

void field_free(struct field *f)
{
	if (f->secret && f->buf)
		wipe(f->buf, f->cap);
	free(f->buf);
	f->buf = NULL;
}

char *field_text(const struct field *f)
{
	const wchar_t *p = f->buf;
	mbstate_t st;
	memset(&st, 0, sizeof st);
	size_t n = wcsrtombs(NULL, &p, 0, &st);
	if (n == (size_t)-1)
		return xstrdup("");
	char *s = xmalloc(n + 1);
	p = f->buf;
	memset(&st, 0, sizeof st);
	wcsrtombs(s, &p, n + 1, &st);
	return s;
}

static void insert(struct field *f, wchar_t c)
{
	if (f->len >= f->max)
		return;
	grow(f, f->len + 1);
	memmove(f->buf + f->cur + 1, f->buf + f->cur, (f->len - f->cur + 1) * sizeof *f->buf);
	f->buf[f->cur++] = c;
	f->len++;
}

static void delete_at(struct field *f, size_t at)
{
	if (at >= f->len)
		return;
	memmove(f->buf + at, f->buf + at + 1, (f->len - at) * sizeof *f->buf);
	f->len--;
}

int field_key(struct field *f, int key)
{
	switch (key) {
	case TK(KEY_LEFT):
		if (f->cur)
			f->cur--;
		return 1;
	case TK(KEY_RIGHT):
		if (f->cur < f->len)
			f->cur++;
		return 1;
	case TK(KEY_HOME):
	case CTRL('a'):
		f->cur = 0;
		return 1;
	case TK(KEY_END):
	case CTRL('e'):
		f->cur = f->len;
		return 1;
	case TK(KEY_BACKSPACE):
	case 127:
	case CTRL('h'):
		if (f->cur) {
			f->cur--;
			delete_at(f, f->cur);
		}
		return 1;
	case TK(KEY_DC):
	case CTRL('d'):
		delete_at(f, f->cur);
		return 1;
	case CTRL('u'):
		memmove(f->buf, f->buf + f->cur, (f->len - f->cur + 1) * sizeof *f->buf);
		f->len -= f->cur;
		f->cur = 0;
		return 1;
	case CTRL('k'):
		f->len = f->cur;
		f->buf[f->len] = L'\0';
		return 1;
	case '\n':
	case '\r':
	case TK(KEY_ENTER):
		if (!f->multiline)
			return 0;
		insert(f, L'\n');
		return 1;
	default:
		if (key >= 0x20 && key < 0x200000 && key != 127 && iswprint((wint_t)key)) {
			insert(f, (wchar_t)key);
			return 1;
		}
		return 0;
	}
}

static int cw(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

/* The columns character k takes as shown: a secret shows one '*' each. */
static int shown_w(const struct field *f, size_t k)
{
	return f->secret ? 1 : cw(f->buf[k]);
}

/* The text laid out in rows of w columns (wrapping; a newline starts a
 * row): place character k, moving (*r, *c) past it. Returns 1 when it is
 * drawn at (*r, *at), 0 for a newline. */
static int place(const struct field *f, size_t k, int w, int *r, int *c, int *at)
{
	if (f->buf[k] == L'\n') {
		(*r)++;
		*c = 0;
		return 0;
	}
	int cwid = cw(f->buf[k]);
	if (*c + cwid > w) {
		(*r)++;
		*c = 0;
	}
	*at = *c;
	*c += cwid;
	return 1;
}

/* The row and column of character i. */
static void position(const struct field *f, size_t i, int w, int *row, int *col)
{
	int r = 0, c = 0, at;
	for (size_t k = 0; k < i && k < f->len; k++)
		place(f, k, w, &r, &c, &at);
	if (c >= w && f->multiline) {
		r++;
		c = 0;
	}
	*row = r;
	*col = c;
}

void field_draw(struct tui *t, const struct field *f, int y, int x, int h, int w, int focused)
{
	int cur_row, cur_col;
	(void)t;
	if (w < 2 || h < 1)
		return;
	if (!f->multiline) {
		/* One line scrolled so the cursor shows. */
		int before = 0;
		size_t start = 0;
		for (size_t k = 0; k < f->cur; k++)
			before += shown_w(f, k);
		while (before > w - 1 && start < f->cur)
			before -= shown_w(f, start++);
		move(y, x);
		int used = 0;
		for (size_t k = start; k < f->len; k++) {
			int c = shown_w(f, k);
			if (used + c > w)
				break;
			wchar_t one[2] = {f->secret ? L'*' : f->buf[k] == L'\t' ? L' ' : f->buf[k], 0};
			addnwstr(one, 1);
			used += c;
		}
		for (; used < w; used++)
			addch(' ');
		if (focused)
			move(y, x + before);
		return;
	}
	position(f, f->cur, w, &cur_row, &cur_col);
	int top = cur_row >= h ? cur_row - h + 1 : 0;
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	int r = 0, c = 0, at;
	for (size_t k = 0; k < f->len; k++) {
		if (place(f, k, w, &r, &c, &at) && r - top >= 0 && r - top < h) {
			wchar_t one[2] = {f->buf[k], 0};
			mvaddnwstr(y + r - top, x + at, one, 1);
		}
	}
	if (focused)
		move(y + cur_row - top, x + cur_col);
}
