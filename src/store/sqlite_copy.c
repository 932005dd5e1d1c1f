/* Copying a whole database row by row (store_rows, store_put_row): each
 * table's SELECT and INSERT are built from store_tables once per
 * connection and kept prepared, since a copy puts millions of rows. The
 * search index follows the complaints by its triggers. Reading the first
 * table checks that store_tables knows every table there is. */
#include "sqlite.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdlib.h>
#include <string.h>

enum { SQL_SELECT, SQL_INSERT };

static const char *table_sql(struct sq_store *st, const struct store_table *t, int kind)
{
	char **slot = &st->copy_sql[kind][t - store_tables];
	if (!*slot)
		*slot = sr_table_sql(t, kind == SQL_INSERT, '?');
	return *slot;
}

static const char SQL_TABLES[] = "SELECT name FROM sqlite_master WHERE type = 'table'"
				 " AND name NOT LIKE 'complaints_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name";

/* Every table of the database is one store_tables names: a table added
 * by a migration and not there would be left behind by every copy. */
static int all_known(struct sq_store *st, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, SQL_TABLES, err);
	if (!s)
		return -1;
	int rc, known = 1;
	const char *name = NULL;
	while (known && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		known = sr_table_known(name);
	}
	if (!known)
		cd_fail(err, CD_EDB, _("the table %s is not one a copy knows: nothing was copied"), name);
	st_done(st, s);
	if (!known)
		return -1;
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, _("reading the database to copy"));
	return 0;
}

static int sq_rows(struct cd_store *base, const struct store_table *t, store_row_cb cb, void *ctx,
		   struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (t == store_tables && all_known(st, err))
		return -1;
	sqlite3_stmt *s = st_prep(st, table_sql(st, t, SQL_SELECT), err);
	if (!s)
		return -1;
	const char *vals[STORE_MAX_COLS];
	char hex[STORE_MAX_COLS][CD_HASH_LEN]; /* the hashes and salts kept as bytes */
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < t->ncols; i++)
			vals[i] = st_col_hex(s, i, hex[i]);
		stop = cb(ctx, vals);
	}
	st_done(st, s);
	if (stop)
		return -1;
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, _("reading the database to copy"));
	return 0;
}

static int sq_put_row(struct cd_store *base, const struct store_table *t, const char *const *vals,
		      struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, table_sql(st, t, SQL_INSERT), err);
	if (!s)
		return -1;
	for (int i = 0; i < t->ncols; i++)
		if (i < t->ncols - t->nhex)
			st_bind_text(s, i + 1, vals[i]);
		else
			st_bind_hex(s, i + 1, vals[i]);
	return st_step_done(st, s, err, _("copying into the database"));
}

/* SQLite gives the next rowid from the largest there is, and the search
 * index is kept by triggers: nothing to bring up to date. */
static int sq_rows_done(struct cd_store *base, struct cd_err *err)
{
	(void)base;
	(void)err;
	return 0;
}

void st_copy_drop(struct sq_store *st)
{
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < STORE_MAX_TABLES; i++)
			free(st->copy_sql[k][i]);
}

const struct store_copy_ops sq_copy_ops = {sq_rows, sq_put_row, sq_rows_done};
