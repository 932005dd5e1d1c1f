/* Copying a whole database row by row on PostgreSQL (store_rows,
 * store_put_row): each table's SELECT and INSERT built from store_tables
 * once per connection and kept prepared. Inside a transaction a table is
 * read through a cursor, a page at a time, so a log of millions is never
 * held whole. */
#define _GNU_SOURCE
#include "pg.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdlib.h>
#include <string.h>

enum { SQL_SELECT, SQL_INSERT };

static const char *table_sql(struct pg_store *st, const struct store_table *t, int kind)
{
	char **slot = &st->copy_sql[kind][t - store_tables];
	if (!*slot)
		*slot = sr_table_sql(t, kind == SQL_INSERT, '$');
	return *slot;
}

void pg_copy_drop(struct pg_store *st)
{
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < STORE_MAX_TABLES; i++)
			free(st->copy_sql[k][i]);
}

static const char SQL_TABLES[] =
	"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
	" WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1";

/* Every table of the database is one store_tables names: a table added
 * by a migration and not there would be left behind by every copy. */
static int all_known(struct pg_store *st, struct cd_err *err)
{
	PGresult *res = pg_run(st, SQL_TABLES, NULL, _("reading the database to copy"), err);
	if (!res)
		return -1;
	int r = 0;
	for (int i = 0; i < PQntuples(res) && !r; i++)
		if (!sr_table_known(PQgetvalue(res, i, 0)))
			r = cd_fail(err, CD_EDB, _("the table %s is not one a copy knows: nothing was copied"),
				    PQgetvalue(res, i, 0));
	PQclear(res);
	return r;
}

/* Each row of res to cb as text; res is cleared. */
static int each_row(PGresult *res, const struct store_table *t, store_row_cb cb, void *ctx)
{
	const char *vals[STORE_MAX_COLS];
	int stop = 0;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		for (int c = 0; c < t->ncols; c++)
			vals[c] = PQgetisnull(res, i, c) ? NULL : PQgetvalue(res, i, c);
		stop = cb(ctx, vals);
	}
	PQclear(res);
	return stop ? -1 : 0;
}

static int by_cursor(struct pg_store *st, const char *sql, const struct store_table *t, store_row_cb cb,
		     void *ctx, struct cd_err *err)
{
	char *declare = xasprintf("DECLARE cdesk_copy NO SCROLL CURSOR FOR %s", sql);
	int r = pg_exec(st, declare, _("reading the database to copy"), err);
	free(declare);
	for (int n = 1; !r && n > 0;) {
		PGresult *res = pg_run_built(st, "FETCH 10000 FROM cdesk_copy", NULL, _("reading the database to copy"), err);
		if (!res)
			return -1;
		n = PQntuples(res);
		r = each_row(res, t, cb, ctx);
	}
	return r || pg_exec(st, "CLOSE cdesk_copy", _("reading the database to copy"), err) ? -1 : 0;
}

static int pg_rows(struct cd_store *base, const struct store_table *t, store_row_cb cb, void *ctx,
		   struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	if (t == store_tables && all_known(st, err))
		return -1;
	const char *sql = table_sql(st, t, SQL_SELECT);
	if (st->depth > 0)
		return by_cursor(st, sql, t, cb, ctx, err);
	PGresult *res = pg_run(st, sql, NULL, _("reading the database to copy"), err);
	return res ? each_row(res, t, cb, ctx) : -1;
}

static int pg_put_row(struct cd_store *base, const struct store_table *t, const char *const *vals,
		      struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	struct pg_params p = {0};
	for (int i = 0; i < t->ncols; i++)
		pp_text(&p, vals[i]);
	return pg_do(st, table_sql(st, t, SQL_INSERT), &p, NULL, _("copying into the database"), err);
}

/* The identity columns give the next number after the largest copied,
 * and the planner learns what the tables now hold. */
static const char SQL_ROWS_DONE[] =
	"SELECT setval(pg_get_serial_sequence('complaints', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL)"
	" FROM complaints;"
	"SELECT setval(pg_get_serial_sequence('outbox', 'id'), coalesce(max(id), 1), max(id) IS NOT NULL)"
	" FROM outbox;"
	"ANALYZE";

static int pg_rows_done(struct cd_store *base, struct cd_err *err)
{
	return pg_exec(pg_of(base), SQL_ROWS_DONE, _("copying into the database"), err);
}

const struct store_copy_ops pg_copy_ops = {pg_rows, pg_put_row, pg_rows_done};
