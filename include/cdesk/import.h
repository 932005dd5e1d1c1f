/* Bulk input: CSV import and the demo-data generator. Both go through the
 * same desk actions as a person would, inside one transaction. */
#ifndef CDESK_IMPORT_H
#define CDESK_IMPORT_H

#include <stddef.h>
#include <stdio.h>
#include "cdesk/desk.h"

/* Import complaints from CSV text. The header names the columns: the
 * complaint fields (channel, category, customer, phone and description are
 * required), and optionally received, walk_in and note; the extra columns
 * of an export are accepted and ignored. All rows or none: on any error
 * nothing is stored and err says "name:line: …". */
int desk_import_csv(struct cd_desk *d, FILE *in, const char *name, size_t *count, struct cd_err *err);
/* What an import tells as it goes: rows read so far, every IMPORT_TELL_EVERY
 * rows, and once more (reading 0) when every row is in and the commit
 * begins. */
#define IMPORT_TELL_EVERY 1000
typedef void (*desk_import_fn)(void *ctx, size_t rows, int reading);
void desk_on_import(struct cd_desk *d, desk_import_fn fn, void *ctx);

/* Generate count realistic complaints received over the `months` months
 * before now, each walked as far through handling as its age allows, with
 * a pseudo-random sequence fixed by seed (the same seed, the same data). */
int desk_demo(struct cd_desk *d, long count, unsigned long seed, int months, struct cd_err *err);

#endif
