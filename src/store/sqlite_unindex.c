/* A large bulk load writes its rows without the indexes it never reads.
 *
 * Each index entry a load writes row by row is a b-tree insert, and most
 * of an imported row's inserts are into indexes: once the database no
 * longer fits SQLite's page cache, each lands on a page read back from
 * the write-ahead log and written to it again. Building an index with
 * CREATE INDEX sorts its entries and writes its pages once, in order. So
 * once a load has added as many complaints as the database held before
 * it (and at least UNINDEX_FROM), it drops the indexes below and makes
 * them again, from the same SQL, just before its commit. All of it is in
 * the load's one transaction: other connections never see them missing,
 * and a rollback (or a crash) leaves them as they were. A small load into
 * a large database never drops them: the build would read the whole
 * table. Only indexes whose entries arrive out of order are dropped: each
 * build reads its whole table back, through the write-ahead log at a
 * million, while an index the rows reach in order (by complaint, by time
 * received, by one of a few sites or owners) is written at its end, on
 * pages in the cache, anyway. The phone index, though out of order, is
 * read by the load itself (the customer key, the repeat count). */
#include "sqlite.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdlib.h>
#include <string.h>

#define UNINDEX_FROM 256

static const char SQL_UNREAD_INDEXES[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name IN ("
	"'complaints_deadline', 'complaints_closed', 'events_report', 'clocks_open', 'clocks_due')";

static int drop_unread(struct sq_store *st, struct cd_err *err)
{
	sqlite3_stmt *s;
	struct strbuf drop, make;
	if (sqlite3_prepare_v2(st->db, SQL_UNREAD_INDEXES, -1, &s, NULL) != SQLITE_OK)
		return st_db_fail(st, err, N_("reading the schema"));
	sb_init(&drop);
	sb_init(&make);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sb_printf(&drop, "DROP INDEX \"%s\";", (const char *)sqlite3_column_text(s, 0));
		sb_printf(&make, "%s;", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	int r = rc == SQLITE_DONE ? 0 : st_db_fail(st, err, N_("reading the schema"));
	if (!r && drop.len)
		r = st_exec(st, drop.s, err);
	sb_free(&drop);
	if (!r)
		st->bulk_indexes = sb_steal(&make);
	sb_free(&make);
	return r;
}

int st_unindex_if_large(struct sq_store *st, struct cd_err *err)
{
	if (!st_in_bulk(st) || st->bulk_indexes)
		return 0;
	st->bulk_added++;
	if (st->bulk_added < UNINDEX_FROM || st->bulk_added < st->bulk_from)
		return 0;
	if (drop_unread(st, err)) {
		st->bulk_broken = 1;
		return -1;
	}
	return 0;
}

int st_reindex(struct sq_store *st, struct cd_err *err)
{
	char *sql = st->bulk_indexes;
	st->bulk_indexes = NULL;
	int r = sql && *sql ? st_exec(st, sql, err) : 0;
	free(sql);
	return r;
}

void st_unindex_done(struct sq_store *st)
{
	free(st->bulk_indexes);
	st->bulk_indexes = NULL;
	st->bulk_added = 0;
}
