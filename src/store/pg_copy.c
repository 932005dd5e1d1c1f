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

/* Rows are put with COPY … FROM STDIN, one COPY a table, ended when the
 * next table begins or at rows_done: a statement and its answer per row
 * made a copy of a million complaints take an hour. */

/* One value in COPY's text format: \N for NULL; the backslash, tab and
 * line breaks escaped. */
static void copy_value(struct strbuf *sb, const char *v)
{
	if (!v) {
		sb_puts(sb, "\\N");
		return;
	}
	for (; *v; v++)
		switch (*v) {
		case '\\': sb_puts(sb, "\\\\"); break;
		case '\t': sb_puts(sb, "\\t"); break;
		case '\n': sb_puts(sb, "\\n"); break;
		case '\r': sb_puts(sb, "\\r"); break;
		default: sb_putc(sb, *v);
		}
}

/* End the COPY under way, if any; its rows are in once the server says so. */
int pg_copy_end(struct pg_store *st, struct cd_err *err)
{
	if (!st->copying)
		return 0;
	st->copying = NULL;
	int r = PQputCopyEnd(st->conn, NULL) == 1 ? 0 : pg_fail(st, NULL, _("copying into the database"), err);
	PGresult *res;
	while ((res = PQgetResult(st->conn))) {
		if (!r && PQresultStatus(res) != PGRES_COMMAND_OK)
			r = pg_fail(st, res, _("copying into the database"), err);
		PQclear(res);
	}
	return r;
}

void pg_copy_abort(struct pg_store *st)
{
	if (!st->copying)
		return;
	st->copying = NULL;
	PQputCopyEnd(st->conn, "the copy was rolled back");
	PGresult *res;
	while ((res = PQgetResult(st->conn)))
		PQclear(res);
}

static int copy_start(struct pg_store *st, const struct store_table *t, struct cd_err *err)
{
	if (st->copying == t)
		return 0;
	if (pg_copy_end(st, err))
		return -1;
	char *sql = xasprintf("COPY %s(%s) FROM STDIN", t->name, t->columns);
	PGresult *res = PQexec(st->conn, sql);
	free(sql);
	int r = PQresultStatus(res) == PGRES_COPY_IN ? 0 : pg_fail(st, res, _("copying into the database"), err);
	PQclear(res);
	if (!r)
		st->copying = t;
	return r;
}

static int pg_put_row(struct cd_store *base, const struct store_table *t, const char *const *vals,
		      struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	if (copy_start(st, t, err))
		return -1;
	struct strbuf sb;
	sb_init(&sb);
	for (int i = 0; i < t->ncols; i++) {
		if (i)
			sb_putc(&sb, '\t');
		copy_value(&sb, vals[i]);
	}
	sb_putc(&sb, '\n');
	int ok = PQputCopyData(st->conn, sb.s, (int)sb.len) == 1;
	sb_free(&sb);
	st->wrote = 1;
	return ok ? 0 : pg_fail(st, NULL, _("copying into the database"), err);
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
	struct pg_store *st = pg_of(base);
	return pg_copy_end(st, err) || pg_exec(st, SQL_ROWS_DONE, _("copying into the database"), err) ? -1 : 0;
}

const struct store_copy_ops pg_copy_ops = {pg_rows, pg_put_row, pg_rows_done};
