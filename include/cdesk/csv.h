/* CSV as in RFC 4180: comma-separated, fields with commas, quotes or line
 * breaks quoted, quotes doubled. Reads from memory, so errors can name the
 * line a record starts on. */
#ifndef CDESK_CSV_H
#define CDESK_CSV_H

#include <stddef.h>
#include <stdio.h>
#include "cdesk/util.h"

struct csv_reader {
	const char *p, *end;
	size_t line;       /* line the next record starts on (1-based) */
	const char *name;  /* for error messages */
};
void csv_init(struct csv_reader *r, const char *text, size_t len, const char *name);
/* Read one record into fields (cleared first). Returns 1 for a record, 0 at
 * the end, -1 with "name:line: …" in err on malformed input. */
int csv_next(struct csv_reader *r, struct strlist *fields, struct cd_err *err);

/* Write one field (quoted when needed) followed by sep (',' or '\n'). */
void csv_put(FILE *out, const char *field, char sep);

#endif
