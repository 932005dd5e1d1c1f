/* RFC 4180 CSV reading and writing. */
#include "cdesk/csv.h"
#include "cdesk/i18n.h"

#include <stdlib.h>
#include <string.h>

/* A UTF-8 byte-order mark (spreadsheet exports) is not data. */
static void skip_bom(struct csv_reader *r)
{
	if (r->end - r->p >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

void csv_init(struct csv_reader *r, const char *text, size_t len, const char *name)
{
	memset(r, 0, sizeof *r);
	r->p = text;
	r->end = text + len;
	r->line = 1;
	r->name = name;
	r->eof = 1;
	skip_bom(r);
}

void csv_init_file(struct csv_reader *r, FILE *in, const char *name)
{
	memset(r, 0, sizeof *r);
	r->line = 1;
	r->name = name;
	r->in = in;
	r->cap = 1 << 16;
	r->buf = xmalloc(r->cap);
	r->p = r->end = r->buf;
}

void csv_free(struct csv_reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* Keep what is left from p on, and read more after it (the buffer grows
 * only for a record longer than it). */
static void refill(struct csv_reader *r)
{
	size_t left = (size_t)(r->end - r->p);
	memmove(r->buf, r->p, left);
	if (left == r->cap) {
		r->cap *= 2;
		r->buf = xrealloc(r->buf, r->cap);
	}
	size_t n = fread(r->buf + left, 1, r->cap - left, r->in);
	r->eof = n == 0;
	r->p = r->buf;
	r->end = r->buf + left + n;
	if (!r->started) {
		r->started = 1;
		skip_bom(r);
	}
}

/* One field at r->p; leaves r->p at the separator or end. */
static int read_field(struct csv_reader *r, struct strbuf *sb, size_t start_line, struct cd_err *err)
{
	if (r->p < r->end && *r->p == '"') {
		r->p++;
		for (;;) {
			if (r->p >= r->end)
				return cd_fail(err, CD_EINPUT, _("%s:%zu: a quoted field is not closed"), r->name, start_line);
			/* The plain run up to the next quote, newline or NUL at once. */
			const char *run = r->p;
			while (run < r->end && *run != '"' && *run != '\n' && *run != '\0')
				run++;
			if (run > r->p) {
				sb_add(sb, r->p, (size_t)(run - r->p));
				r->p = run;
				continue;
			}
			char c = *r->p++;
			if (c == '"') {
				if (r->p < r->end && *r->p == '"') {
					sb_putc(sb, '"');
					r->p++;
					continue;
				}
				break;
			}
			if (c == '\n')
				r->line++;
			if (c == '\0') /* C strings would end there, quietly */
				return cd_fail(err, CD_EINPUT, _("%s:%zu: a NUL byte: this is not a text file"), r->name, r->line);
			sb_putc(sb, c);
		}
		if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
			return cd_fail(err, CD_EINPUT, _("%s:%zu: text after a closing quote"), r->name, r->line);
		return 0;
	}
	const char *from = r->p;
	while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
		if (*r->p == '"')
			return cd_fail(err, CD_EINPUT, _("%s:%zu: a quote inside an unquoted field"), r->name, r->line);
		if (*r->p == '\0')
			return cd_fail(err, CD_EINPUT, _("%s:%zu: a NUL byte: this is not a text file"), r->name, r->line);
		r->p++;
	}
	sb_add(sb, from, (size_t)(r->p - from));
	return 0;
}

static int next_record(struct csv_reader *r, struct strlist *fields, struct cd_err *err)
{
	sl_free(fields);
	/* Blank lines between records are skipped. */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	size_t start = r->record_line = r->line;
	for (;;) {
		struct strbuf sb;
		sb_init(&sb);
		if (read_field(r, &sb, start, err)) {
			sb_free(&sb);
			return -1;
		}
		sl_push(fields, sb.s ? sb.s : "");
		sb_free(&sb);
		if (fields->n > 1000)
			return cd_fail(err, CD_EINPUT, _("%s:%zu: more than 1000 fields"), r->name, start);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
			r->line++;
		}
		return 1;
	}
}

/* A record that runs into the end of what was read may go on in the file:
 * read more and parse it again from its start. */
int csv_next(struct csv_reader *r, struct strlist *fields, struct cd_err *err)
{
	for (;;) {
		const char *start = r->p;
		size_t line = r->line;
		int rc = next_record(r, fields, err);
		if (r->eof || r->p < r->end)
			return rc;
		r->p = start;
		r->line = line;
		refill(r);
	}
}

/* Whether a spreadsheet would run the cell as a formula (CSV injection):
 * it begins with =, +, -, @, a tab or a carriage return, after any quote
 * marks a guard put there. */
static int formula_start(const char *s)
{
	s += strspn(s, "'");
	return *s && strchr("=+-@\t\r", *s);
}

void csv_put_guarded(FILE *out, const char *field, char sep)
{
	if (!field || !formula_start(field)) {
		csv_put(out, field, sep);
		return;
	}
	size_t n = strlen(field);
	char *g = xmalloc(n + 2);
	g[0] = '\'';
	memcpy(g + 1, field, n + 1);
	csv_put(out, g, sep);
	free(g);
}

void csv_unguard(char *field)
{
	if (field[0] == '\'' && formula_start(field))
		memmove(field, field + 1, strlen(field));
}

void csv_put(FILE *out, const char *field, char sep)
{
	if (!field)
		field = "";
	if (strpbrk(field, ",\"\r\n")) {
		fputc('"', out);
		for (const char *p = field; *p; p++) {
			if (*p == '"')
				fputc('"', out);
			fputc(*p, out);
		}
		fputc('"', out);
	} else
		fputs(field, out);
	fputc(sep, out);
}
