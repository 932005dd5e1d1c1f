/* Small shared helpers: error reporting, checked allocation, growable strings.
 * Every fallible function in cdesk takes a struct cd_err * and returns -1 on
 * failure with a human-readable reason (already translated) in it. */
#ifndef CDESK_UTIL_H
#define CDESK_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Exit codes, documented in docs/cli.md and the man page. */
enum cd_status {
	CD_OK = 0,
	CD_EFAIL = 1,      /* refused or failed action (generic) */
	CD_EUSAGE = 2,     /* bad command line */
	CD_ECONFIG = 3,    /* invalid configuration */
	CD_ENOTFOUND = 4,  /* no such complaint */
	CD_EDB = 5,        /* database cannot be opened or written */
	CD_ESTATE = 6,     /* action not allowed in the complaint's state */
	CD_EINPUT = 7,     /* invalid field value */
};

struct cd_err {
	int code;          /* one of enum cd_status */
	char msg[1024];
};

/* Fill err (if not NULL) with code and a printf-style message; returns -1. */
int cd_fail(struct cd_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cd_err_clear(struct cd_err *err);

/* Allocation that never returns NULL: on exhaustion the registered fatal hook
 * runs (the TUI restores the terminal there) and the program exits. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cd_set_fatal_hook(void (*hook)(void));
_Noreturn void cd_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte string. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_init(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
char *sb_steal(struct strbuf *sb); /* returns the string; sb is reset */
void sb_free(struct strbuf *sb);

/* A list of owned strings. */
struct strlist {
	char **v;
	size_t n, cap;
};
void sl_push(struct strlist *l, const char *s);
int sl_has(const struct strlist *l, const char *s);
void sl_free(struct strlist *l);

/* True when s is NULL or "". */
int str_empty(const char *s);
/* True when s is valid UTF-8 with no control characters (C0, DEL, C1)
 * other than \n and \t (those only when allow_newline is set). */
int text_is_clean(const char *s, int allow_newline);
/* s copied into dst (at most size bytes with the NUL) as text that is safe
 * to show on a terminal: control characters and bytes that are not UTF-8
 * become \xNN, C1 controls \u00NN (newlines are kept when keep_newline is
 * set). Too long, or cut already (cut set), it ends in an ellipsis and
 * never in half a character. cd_fail passes every message through it. */
void cd_printable(char *dst, size_t size, const char *s, int keep_newline, int cut);
/* The character at s as a terminal may show it: fills esc with the escape
 * that stands for it (\xNN for a byte that is not UTF-8 or a control
 * character, \uXXXX for a C1 control, a line or paragraph separator or a
 * bidirectional control), or "" when it shows as it is. Returns its length
 * in bytes (at least 1). A newline is kept when keep_newline is set. */
size_t cd_shown_char(const char *s, int keep_newline, char esc[12]);
/* s appended to sb with each such character as its escape. */
void sb_add_shown(struct strbuf *sb, const char *s, int keep_newline);

/* Where a database is (a path, or a postgresql:// URI) as it may be shown
 * or recorded: a password in the URI (user:PASSWORD@, password=…) becomes
 * "***". Returns a new string. */
char *cd_where_shown(const char *where);

#endif
