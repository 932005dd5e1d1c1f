/* Importing complaints from CSV: every row through desk_new, all inside one
 * transaction, so a bad row anywhere leaves the database as it was. The
 * file is read a few records at a time, so a million rows take no more
 * memory than ten. */
#include "internal.h"
#include "cdesk/csv.h"
#include "cdesk/i18n.h"
#include "cdesk/import.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

/* What each CSV column fills: a complaint field, or one of these. */
enum { COL_RECEIVED = -1, COL_WALK_IN = -2, COL_NOTE = -3, COL_IGNORED = -4 };

static int map_header(const struct strlist *h, int *map, const char *name, struct cd_err *err)
{
	/* Columns an export writes that an import does not take. */
	static const char *const ignored[] = {"id", "state", "updated", "resolved", "closed",
					      "escalation_level", "escalated_to", "reopened", NULL};
	int seen_required[32] = {0};
	for (size_t i = 0; i < h->n; i++) {
		const struct cd_field *f = cd_field_find(h->v[i]);
		if (f) {
			map[i] = (int)(f - cd_fields);
			seen_required[map[i]] = 1;
		} else if (strcmp(h->v[i], "received") == 0)
			map[i] = COL_RECEIVED;
		else if (strcmp(h->v[i], "walk_in") == 0)
			map[i] = COL_WALK_IN;
		else if (strcmp(h->v[i], "note") == 0)
			map[i] = COL_NOTE;
		else {
			map[i] = COL_IGNORED;
			int ok = 0;
			for (size_t j = 0; ignored[j]; j++)
				ok |= strcmp(h->v[i], ignored[j]) == 0;
			if (!ok)
				return cd_fail(err, CD_EINPUT, _("%s:1: unknown column '%s'"), name, h->v[i]);
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(h->v[i], h->v[j]) == 0)
				return cd_fail(err, CD_EINPUT, _("%s:1: column '%s' appears twice"), name, h->v[i]);
	}
	/* The rest may come later: the record step asks for them. */
	static const char *const needed[] = {"channel", "description", NULL};
	for (size_t j = 0; needed[j]; j++)
		if (!seen_required[cd_field_find(needed[j]) - cd_fields])
			return cd_fail(err, CD_EINPUT, _("%s:1: the required column '%s' is missing"), name, needed[j]);
	return 0;
}

static int import_row(struct cd_desk *d, const struct strlist *row, const int *map, size_t ncols,
		      const char *name, size_t line, struct cd_err *err)
{
	struct cd_complaint c;
	const char *note = NULL;
	int walk_in = -1;
	if (row->n != ncols)
		return cd_fail(err, CD_EINPUT, _("%s:%zu: %zu fields, the header has %zu"), name, line, row->n, ncols);
	cd_complaint_init(&c);
	c.received_at = CD_TIME_NONE;
	for (size_t i = 0; i < ncols; i++) {
		const char *v = row->v[i];
		if (map[i] >= 0) {
			if (*v)
				*cd_field_ptr(&c, &cd_fields[map[i]]) = xstrdup(v);
		} else if (map[i] == COL_RECEIVED && *v) {
			if (cd_parse_time(v, d->cfg->timezone, &c.received_at, err))
				goto fail;
		} else if (map[i] == COL_WALK_IN && *v) {
			walk_in = strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
		} else if (map[i] == COL_NOTE && *v)
			note = v;
	}
	if (desk_new(d, &c, walk_in, note, err))
		goto fail;
	cd_complaint_free(&c);
	return 0;
fail:
	cd_complaint_free(&c);
	{
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		cd_fail(err, err->code, "%s:%zu: %s", name, line, msg);
	}
	return -1;
}

void desk_on_import(struct cd_desk *d, desk_import_fn fn, void *ctx)
{
	d->import_fn = fn;
	d->import_ctx = ctx;
}

static void tell(const struct cd_desk *d, size_t rows, int reading)
{
	if (d->import_fn && (!reading || rows % IMPORT_TELL_EVERY == 0))
		d->import_fn(d->import_ctx, rows, reading);
}

int desk_import_csv(struct cd_desk *d, FILE *in, const char *name, size_t *count, struct cd_err *err)
{
	struct csv_reader r;
	struct strlist row = {0};
	int *map = NULL;
	size_t ncols = 0;
	int rc;

	*count = 0;
	if (desk_require(d, PERM_OPEN, NULL, err))
		return -1;
	csv_init_file(&r, in, name);
	if ((rc = csv_next(&r, &row, err)) <= 0) {
		if (rc == 0)
			cd_fail(err, CD_EINPUT, _("%s: the file is empty (expected a header row)"), name);
		csv_free(&r);
		sl_free(&row);
		return -1;
	}
	ncols = row.n;
	map = xcalloc(ncols, sizeof *map);
	if (map_header(&row, map, name, err) || tx_begin_bulk(d, STORE_BULK_APPEND, err))
		goto fail;
	for (;;) {
		rc = csv_next(&r, &row, err);
		for (size_t i = 0; rc > 0 && i < row.n; i++)
			csv_unguard(row.v[i]);
		if (rc < 0 || (rc > 0 && import_row(d, &row, map, ncols, name, r.record_line, err))) {
			tx_rollback(d);
			if (err->code == CD_EPERM)
				desk_audit(d, "denied", 0, json_pack("{s:s}", "reason", err->msg), NULL);
			*count = 0;
			goto fail;
		}
		if (rc == 0)
			break;
		tell(d, ++*count, 1);
	}
	tell(d, *count, 0);
	if (tx_commit(d, err)) {
		tx_rollback(d);
		*count = 0;
		goto fail;
	}
	free(map);
	sl_free(&row);
	csv_free(&r);
	return 0;
fail:
	free(map);
	sl_free(&row);
	csv_free(&r);
	return -1;
}
