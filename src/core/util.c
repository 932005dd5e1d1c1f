/* Shared helpers: errors, checked allocation, growable strings. */
#define _GNU_SOURCE
#include "cdesk/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void (*fatal_hook)(void);

void cd_set_fatal_hook(void (*hook)(void)) { fatal_hook = hook; }

void cd_fatal(const char *fmt, ...)
{
	va_list ap;
	if (fatal_hook)
		fatal_hook();
	fputs("cdesk: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(CD_EFAIL);
}

int cd_fail(struct cd_err *err, int code, const char *fmt, ...)
{
	if (!err)
		return -1;
	char raw[sizeof err->msg];
	va_list ap;
	err->code = code;
	va_start(ap, fmt);
	int n = vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	/* Messages quote what was typed, and end up on a terminal. */
	cd_printable(err->msg, sizeof err->msg, raw, 0, n >= (int)sizeof raw);
	return -1;
}

void cd_err_clear(struct cd_err *err)
{
	err->code = CD_OK;
	err->msg[0] = '\0';
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		cd_fatal("out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		cd_fatal("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		cd_fatal("out of memory");
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		cd_fatal("allocation overflow");
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	return sb_steal(&sb);
}

void sb_init(struct strbuf *sb)
{
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

static void sb_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->s = xrealloc(sb->s, cap);
	sb->cap = cap;
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->s + sb->len, s, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s) { sb_add(sb, s, strlen(s)); }
void sb_putc(struct strbuf *sb, char c) { sb_add(sb, &c, 1); }

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	sb_grow(sb, (size_t)n);
	vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *sb_steal(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");
	sb_init(sb);
	return s;
}

void sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb_init(sb);
}

void sl_push(struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(s);
}

int sl_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

void sl_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int str_empty(const char *s) { return !s || !*s; }

/* Length of the UTF-8 sequence starting at s, or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
	else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
	else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
	else return 0;
	unsigned cp = c & (0x3F >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* U+0080 to U+009F, the C1 controls (0x9B is CSI, as ESC [ is). */
static int is_c1(const unsigned char *p, size_t n)
{
	return n == 2 && p[0] == 0xC2 && p[1] < 0xA0;
}

/* The code point of a valid sequence of n bytes. */
static unsigned code_point(const unsigned char *p, size_t n)
{
	unsigned cp = n == 1 ? p[0] : n == 2 ? p[0] & 0x1Fu : n == 3 ? p[0] & 0x0Fu : p[0] & 0x07u;
	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3Fu);
	return cp;
}

/* Characters a terminal acts on instead of showing: the line and paragraph
 * separators, the bidirectional marks, embeddings, overrides and isolates
 * (which make text read in another order than it is stored). */
static int is_invisible_control(unsigned cp)
{
	return cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

size_t cd_shown_char(const char *s, int keep_newline, char esc[12])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = utf8_seq(p);
	esc[0] = '\0';
	if (n == 0) {
		snprintf(esc, 12, "\\x%02x", *p);
		return 1;
	}
	if (n == 1 && (*p < 0x20 || *p == 0x7F) && !(keep_newline && *p == '\n'))
		snprintf(esc, 12, "\\x%02x", *p);
	else if (is_c1(p, n) || (n > 1 && is_invisible_control(code_point(p, n))))
		snprintf(esc, 12, "\\u%04x", code_point(p, n));
	return n;
}

void sb_add_shown(struct strbuf *sb, const char *s, int keep_newline)
{
	char esc[12];
	while (s && *s) {
		size_t n = cd_shown_char(s, keep_newline, esc);
		if (*esc)
			sb_puts(sb, esc);
		else
			sb_add(sb, s, n);
		s += n;
	}
}

int text_is_clean(const char *s, int allow_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_seq(p);
		if (!n || is_c1(p, n))
			return 0;
		if (n == 1 && (*p < 0x20 || *p == 0x7F)) {
			if (!(allow_newline && (*p == '\n' || *p == '\t')))
				return 0;
		}
		p += n;
	}
	return 1;
}

void cd_printable(char *dst, size_t size, const char *s, int keep_newline, int cut)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, end = strlen(s);
	/* A text cut short may end inside a character: drop that part. */
	if (cut) {
		size_t k = end;
		while (k > 0 && end - k < 4 && (p[k - 1] & 0xC0) == 0x80)
			k--;
		if (k > 0 && p[k - 1] >= 0xC0 && utf8_seq(p + k - 1) == 0)
			end = k - 1;
	}
	while ((size_t)(p - (const unsigned char *)s) < end) {
		char esc[12];
		const char *piece = (const char *)p;
		size_t n = cd_shown_char(piece, keep_newline, esc), len = n;
		if (*esc) {
			piece = esc;
			len = strlen(esc);
		}
		if (o + len + 4 > size) { /* keep room for an ellipsis */
			cut = 1;
			break;
		}
		memcpy(dst + o, piece, len);
		o += len;
		p += n;
	}
	if (cut && o + 4 <= size) {
		memcpy(dst + o, "\u2026", 3);
		o += 3;
	}
	dst[o] = '\0';
}

/* The span of a URI's password: after "user:" in the authority, or the
 * value of a password= parameter; *len 0 when there is none. */
static const char *uri_password(const char *where, size_t *len)
{
	const char *auth = strstr(where, "://");
	*len = 0;
	if (!auth)
		return NULL;
	auth += 3;
	size_t span = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', span);
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon) {
		*len = (size_t)(at - colon - 1);
		return colon + 1;
	}
	const char *p = strstr(auth, "password=");
	if (p && (p[-1] == '?' || p[-1] == '&')) {
		p += strlen("password=");
		*len = strcspn(p, "&#");
		return p;
	}
	return NULL;
}

char *cd_where_shown(const char *where)
{
	size_t len;
	const char *pw = uri_password(where, &len);
	if (!pw || !len)
		return xstrdup(where);
	return xasprintf("%.*s***%s", (int)(pw - where), where, pw + len);
}
