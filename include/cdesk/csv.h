/* CSV as in RFC 4180: comma-separated, fields with commas, quotes or line
 * breaks quoted, quotes doubled. Reads from memory or from a file through a
 * buffer that holds a few records at a time; errors name the line a record
 * starts on. */
#ifndef CDESK_CSV_H
#define CDESK_CSV_H

#include <stddef.h>
#include <stdio.h>
#include "cdesk/util.h"

struct csv_reader {
	const char *p, *end;
	size_t line;       /* line the reader is on (1-based) */
	size_t record_line; /* line the record read last starts on */
	const char *name;  /* for error messages */
	FILE *in;          /* NULL when reading from memory */
	char *buf;         /* what was read of in, from p on */
	size_t cap;
	int eof, started;
};
void csv_init(struct csv_reader *r, const char *text, size_t len, const char *name);
void csv_init_file(struct csv_reader *r, FILE *in, const char *name);
void csv_free(struct csv_reader *r);
/* Read one record into fields (cleared first), skipping blank lines before
 * it. Returns 1 for a record (record_line says where it starts), 0 at the
 * end, -1 with "name:line: …" in err on malformed input. */
int csv_next(struct csv_reader *r, struct strlist *fields, struct cd_err *err);

/* Write one field (quoted when needed) followed by sep (',' or '\n'). */
void csv_put(FILE *out, const char *field, char sep);

/* The same, safe to open in a spreadsheet: a field it would run as a
 * formula (one that begins with =, +, -, @, a tab or a carriage return,
 * perhaps after quote marks) is written with a ' before it, which a
 * spreadsheet shows as text. csv_unguard takes that ' off again, in place,
 * so what was exported imports as it was. */
void csv_put_guarded(FILE *out, const char *field, char sep);
void csv_unguard(char *field);

#endif
