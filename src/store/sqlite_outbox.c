/* The SQLite store's outbox: messages recorded with the event that causes
 * them, claimed for a try, and their outcome. */
#define _GNU_SOURCE
#include "cdesk/i18n.h"
#include "sqlite.h"

#include <stdlib.h>
#include <string.h>

static const char SQL_ADD[] =
	"INSERT OR IGNORE INTO outbox(complaint_id, kind, cause, recipient, channel, address, lang, subject, body,"
	" created_at, due_at, state, attempts, next_at, attachment)"
	" VALUES(nullif(?1, 0),?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,'pending',0,?11,?12)";

static int sq_outbox_add(struct cd_store *base, const struct cd_message *m, int *added, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_ADD, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, m->complaint_id);
	st_bind_text(s, 2, m->kind);
	st_bind_text(s, 3, m->cause);
	st_bind_text(s, 4, m->recipient);
	st_bind_text(s, 5, m->channel);
	st_bind_text(s, 6, m->address);
	st_bind_text(s, 7, m->lang);
	st_bind_text(s, 8, m->subject);
	st_bind_text(s, 9, m->body);
	st_bind_time(s, 10, m->created_at);
	st_bind_time(s, 11, m->due_at);
	st_bind_text(s, 12, m->attachment);
	if (st_step_done(st, s, err, N_("recording a message")))
		return -1;
	*added = sqlite3_changes(st->db) > 0;
	return 0;
}

static const char SQL_CAUSES[] = "SELECT DISTINCT cause FROM outbox WHERE ifnull(complaint_id, 0) = ?1 AND kind = ?2";

static int sq_outbox_causes(struct cd_store *base, int64_t id, const char *kind, struct strlist *out,
			    struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_CAUSES, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_text(s, 2, kind);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		sl_push(out, (const char *)sqlite3_column_text(s, 0));
	st_done(st, s);
	return rc == SQLITE_DONE ? 0 : st_db_fail(st, err, N_("reading the messages"));
}

/* Rows are read whole before cb runs, so cb may write. */
static int each_message(struct sq_store *st, sqlite3_stmt *s, store_message_cb cb, void *ctx, struct cd_err *err)
{
	struct srow row = st_row(s);
	struct cd_message *v = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof *v);
		sr_read_message(&row, &v[n++]);
	}
	st_done(st, s);
	int r = rc == SQLITE_DONE ? 0 : st_db_fail(st, err, N_("reading the messages"));
	for (size_t i = 0; i < n; i++) {
		if (!r && cb(ctx, &v[i]))
			r = -1;
		cd_message_free(&v[i]);
	}
	free(v);
	return r;
}

static const char SQL_DUE[] = "SELECT " MSG_COLS ", attachment FROM outbox WHERE state IN ('pending','sending')"
			      " AND next_at <= ?1 ORDER BY next_at, id LIMIT ?2";

static int sq_outbox_due(struct cd_store *base, cd_time now, int limit, store_message_cb cb, void *ctx,
			 struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_DUE, err);
	if (!s)
		return -1;
	st_bind_time(s, 1, now);
	sqlite3_bind_int(s, 2, limit);
	return each_message(st, s, cb, ctx, err);
}

static const char SQL_CLAIM[] = "UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_at = ?3"
				" WHERE id = ?1 AND state IN ('pending','sending') AND next_at <= ?2";

static int sq_outbox_claim(struct cd_store *base, int64_t id, cd_time now, cd_time until, int *claimed,
			   struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_CLAIM, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_time(s, 2, now);
	st_bind_time(s, 3, until);
	if (st_step_done(st, s, err, N_("recording a message")))
		return -1;
	*claimed = sqlite3_changes(st->db) > 0;
	return 0;
}

static const char SQL_RESULT[] =
	"UPDATE outbox SET state = ?2, next_at = ?3, last_error = ?4, sent_at = ?5 WHERE id = ?1";

static int sq_outbox_result(struct cd_store *base, const struct cd_message *m, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_RESULT, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, m->id);
	st_bind_text(s, 2, m->state);
	st_bind_time(s, 3, m->next_at == CD_TIME_NONE ? m->due_at : m->next_at);
	st_bind_text(s, 4, m->last_error);
	st_bind_time(s, 5, m->sent_at);
	return st_step_done(st, s, err, N_("recording a message"));
}

static const char SQL_OF[] = "SELECT " MSG_COLS " FROM outbox WHERE ifnull(complaint_id, 0) = ?1 ORDER BY id";

static int sq_outbox_of(struct cd_store *base, int64_t id, store_message_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_OF, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return each_message(st, s, cb, ctx, err);
}

/* A person's messages (outbox_recipient, newest first); with sites, also
 * those about complaints at those sites, read newest first along the
 * outbox until limit. */
static const char SQL_MINE[] = "SELECT " MSG_COLS " FROM outbox WHERE recipient = ?1 ORDER BY id DESC LIMIT ?2";
static const char SQL_MINE_SITES[] =
	"SELECT " MSG_COLS_O " FROM outbox o LEFT JOIN complaints c ON c.id = o.complaint_id"
	" WHERE o.recipient = ?1 OR (o.complaint_id IS NOT NULL"
	" AND (?2 = '*' OR instr(',' || ?2 || ',', ',' || c.site || ',') > 0))"
	" ORDER BY o.id DESC LIMIT ?3";

static int sq_outbox_of_recipient(struct cd_store *base, const char *recipient, const char *sites, int limit,
				  store_message_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, sites ? SQL_MINE_SITES : SQL_MINE, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, recipient);
	if (sites)
		st_bind_text(s, 2, sites);
	sqlite3_bind_int(s, sites ? 3 : 2, limit > 0 ? limit : -1);
	return each_message(st, s, cb, ctx, err);
}

const struct store_outbox_ops sq_outbox_ops = {
	sq_outbox_add,	  sq_outbox_causes, sq_outbox_due, sq_outbox_claim, sq_outbox_result, sq_outbox_of,
	sq_outbox_of_recipient,
};
