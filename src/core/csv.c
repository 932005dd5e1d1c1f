/* RFC 4180 CSV reading and writing. */
#include "cdesk/csv.h"
#include "cdesk/i18n.h"

#include <string.h>

void csv_init(struct csv_reader *r, const char *text, size_t len, const char *name)
{
	r->p = text;
	r->end = text + len;
	r->line = 1;
	r->name = name;
	/* A UTF-8 byte-order mark (spreadsheet exports) is not data. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

/* One field at r->p; leaves r->p at the separator or end. */
static int read_field(struct csv_reader *r, struct strbuf *sb, size_t start_line, struct cd_err *err)
{
	if (r->p < r->end && *r->p == '"') {
		r->p++;
		for (;;) {
			if (r->p >= r->end)
				return cd_fail(err, CD_EINPUT, _("%s:%zu: a quoted field is not closed"), r->name, start_line);
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
			sb_putc(sb, c);
		}
		if (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
			return cd_fail(err, CD_EINPUT, _("%s:%zu: text after a closing quote"), r->name, r->line);
		return 0;
	}
	while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
		if (*r->p == '"')
			return cd_fail(err, CD_EINPUT, _("%s:%zu: a quote inside an unquoted field"), r->name, r->line);
		sb_putc(sb, *r->p++);
	}
	return 0;
}

int csv_next(struct csv_reader *r, struct strlist *fields, struct cd_err *err)
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
	size_t start = r->line;
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
