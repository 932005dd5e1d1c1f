/* The PostgreSQL store's outbox: messages recorded with the event that
 * causes them, claimed for a try, and their outcome. */
#include "pg.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdlib.h>

/* Numbered as SQLite numbers them (the newest plus one, under the write
 * lock), once per unique key (outbox_once: a message about no complaint
 * has complaint_id NULL, counted as 0). */
static const char SQL_ADD[] =
	"INSERT INTO outbox(id, complaint_id, kind, cause, recipient, channel, address, lang, subject, body,"
	" created_at, due_at, state, attempts, next_at, attachment)"
	" VALUES((SELECT coalesce(max(id), 0) + 1 FROM outbox), nullif($1::bigint, 0),$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,"
	"'pending',0,$11,$12)"
	" ON CONFLICT((coalesce(complaint_id, 0)), kind, cause, recipient, channel, address) DO NOTHING";

static int pg_outbox_add(struct cd_store *base, const struct cd_message *m, int *added, struct cd_err *err)
{
	struct pg_params p = {0};
	int64_t n = 0;
	pp_int(&p, m->complaint_id);
	pp_text(&p, m->kind);
	pp_text(&p, m->cause);
	pp_text(&p, m->recipient);
	pp_text(&p, m->channel);
	pp_text(&p, m->address);
	pp_text(&p, m->lang);
	pp_text(&p, m->subject);
	pp_text(&p, m->body);
	pp_time(&p, m->created_at);
	pp_time(&p, m->due_at);
	pp_text(&p, m->attachment);
	if (pg_do(pg_of(base), SQL_ADD, &p, &n, _("recording a message"), err))
		return -1;
	*added = n > 0;
	return 0;
}

static const char SQL_CAUSES[] =
	"SELECT cause FROM outbox WHERE coalesce(complaint_id, 0) = $1 AND kind = $2 GROUP BY cause ORDER BY cause COLLATE \"C\"";

static int pg_outbox_causes(struct cd_store *base, int64_t id, const char *kind, struct strlist *out,
			    struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	pp_text(&p, kind);
	return pg_strings(pg_of(base), SQL_CAUSES, &p, out, _("reading the messages"), err);
}

/* The messages a static statement returns, each to cb (which may write). */
static int each_message(struct pg_store *st, const char *sql, const struct pg_params *p, store_message_cb cb,
			void *ctx, struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, p, _("reading the messages"), err);
	if (!res)
		return -1;
	int r = 0;
	for (int i = 0; i < PQntuples(res) && !r; i++) {
		struct srow row = pg_row(res, i);
		struct cd_message m;
		sr_read_message(&row, &m);
		r = cb(ctx, &m) ? -1 : 0;
		cd_message_free(&m);
	}
	PQclear(res);
	return r;
}

static const char SQL_DUE[] = "SELECT " MSG_COLS ", attachment FROM outbox WHERE state IN ('pending','sending')"
			      " AND next_at <= $1 ORDER BY next_at, id LIMIT $2";

static int pg_outbox_due(struct cd_store *base, cd_time now, int limit, store_message_cb cb, void *ctx,
			 struct cd_err *err)
{
	struct pg_params p = {0};
	pp_time(&p, now);
	pp_int(&p, limit);
	return each_message(pg_of(base), SQL_DUE, &p, cb, ctx, err);
}

static const char SQL_CLAIM[] = "UPDATE outbox SET state = 'sending', attempts = attempts + 1, next_at = $3"
				" WHERE id = $1 AND state IN ('pending','sending') AND next_at <= $2";

static int pg_outbox_claim(struct cd_store *base, int64_t id, cd_time now, cd_time until, int *claimed,
			   struct cd_err *err)
{
	struct pg_params p = {0};
	int64_t n = 0;
	pp_int(&p, id);
	pp_time(&p, now);
	pp_time(&p, until);
	if (pg_do(pg_of(base), SQL_CLAIM, &p, &n, _("recording a message"), err))
		return -1;
	*claimed = n > 0;
	return 0;
}

static const char SQL_RESULT[] =
	"UPDATE outbox SET state = $2, next_at = $3, last_error = $4, sent_at = $5 WHERE id = $1";

static int pg_outbox_result(struct cd_store *base, const struct cd_message *m, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, m->id);
	pp_text(&p, m->state);
	pp_time(&p, m->next_at == CD_TIME_NONE ? m->due_at : m->next_at);
	pp_text(&p, m->last_error);
	pp_time(&p, m->sent_at);
	return pg_do(pg_of(base), SQL_RESULT, &p, NULL, _("recording a message"), err);
}

static const char SQL_OF[] = "SELECT " MSG_COLS " FROM outbox WHERE coalesce(complaint_id, 0) = $1 ORDER BY id";

static int pg_outbox_of(struct cd_store *base, int64_t id, store_message_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	return each_message(pg_of(base), SQL_OF, &p, cb, ctx, err);
}

/* A person's messages (outbox_recipient, newest first); with sites, also
 * those about complaints at those sites. LIMIT NULL is no limit. */
static const char SQL_MINE[] = "SELECT " MSG_COLS " FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT $2";
static const char SQL_MINE_SITES[] =
	"SELECT " MSG_COLS_O " FROM outbox o LEFT JOIN complaints c ON c.id = o.complaint_id"
	" WHERE o.recipient = $1 OR (o.complaint_id IS NOT NULL"
	" AND ($2 = '*' OR strpos(',' || $2 || ',', ',' || c.site || ',') > 0))"
	" ORDER BY o.id DESC LIMIT $3";

static int pg_outbox_of_recipient(struct cd_store *base, const char *recipient, const char *sites, int limit,
				  store_message_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_text(&p, recipient);
	if (sites)
		pp_text(&p, sites);
	pp_id(&p, limit > 0 ? limit : 0);
	return each_message(pg_of(base), sites ? SQL_MINE_SITES : SQL_MINE, &p, cb, ctx, err);
}

const struct store_outbox_ops pg_outbox_ops = {
	pg_outbox_add, pg_outbox_causes, pg_outbox_due, pg_outbox_claim, pg_outbox_result, pg_outbox_of,
	pg_outbox_of_recipient,
};
