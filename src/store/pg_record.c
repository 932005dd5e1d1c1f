/* The PostgreSQL store's record: complaints, events, clocks, escalations
 * and their lists. */
#define _GNU_SOURCE
#include "pg.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The record's columns ($1 … $15), then the progress every action moves
 * ($16 … $24), as in COMPLAINT_COLS after the id. */
static void bind_complaint(struct pg_params *p, const struct cd_complaint *c)
{
	for (size_t f = 0; f < cd_nfields; f++)
		pp_text(p, *cd_field_ptr((struct cd_complaint *)c, &cd_fields[f]));
	pp_time(p, c->received_at);
	pp_time(p, c->updated_at);
	pp_text(p, cd_state_id(c->state));
	pp_int(p, c->esc_level);
	pp_text(p, c->esc_role);
	pp_int(p, c->reopen_count);
	pp_time(p, c->paused_since);
	pp_time(p, c->resolved_at);
	pp_time(p, c->closed_at);
	pp_id(p, c->awaiting);
}

/* The number is the newest plus one, as SQLite gives it, under the write
 * lock the desk holds; ckey, the customer key, is the key of the first
 * complaint with the same phone (NULL for a first complaint). */
static const char SQL_INSERT_COMPLAINT[] =
	"INSERT INTO complaints(id, " COMPLAINT_SET_COLS ", ckey) VALUES((SELECT coalesce(max(id), 0) + 1 FROM complaints),"
	" $1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,"
	" (SELECT coalesce(x.ckey, x.id) FROM complaints x WHERE x.phone = $6 ORDER BY x.id LIMIT 1))"
	" RETURNING id";

static int pg_insert_complaint(struct cd_store *base, struct cd_complaint *c, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	struct pg_params p = {0};
	bind_complaint(&p, c);
	int64_t id;
	if (pg_number(st, SQL_INSERT_COMPLAINT, &p, &id, _("saving the complaint"), err))
		return -1;
	c->id = id;
	pg_bulk_loaded(st);
	return 0;
}

/* The customer key follows a changed phone (the phone in the CASE is the
 * one before the update). */
static const char SQL_UPDATE_COMPLAINT[] =
	"UPDATE complaints SET site=$1, channel=$2, category=$3, severity=$4, customer=$5, phone=$6,"
	" plate=$7, reference=$8, description=$9, request=$10, need=$11, behaviour=$12, receiver=$13,"
	" owner=$14, received_at=$15, updated_at=$16, state=$17, esc_level=$18, esc_role=$19,"
	" reopen_count=$20, paused_since=$21, resolved_at=$22, closed_at=$23, awaiting=$24,"
	" ckey = CASE WHEN phone IS NOT DISTINCT FROM $6 THEN ckey ELSE (SELECT coalesce(x.ckey, x.id)"
	"  FROM complaints x WHERE x.phone = $6 AND x.id <> $25 ORDER BY x.id LIMIT 1) END"
	" WHERE id=$25";

static int pg_update_complaint(struct cd_store *base, const struct cd_complaint *c, struct cd_err *err)
{
	struct pg_params p = {0};
	bind_complaint(&p, c);
	pp_int(&p, c->id);
	return pg_do(pg_of(base), SQL_UPDATE_COMPLAINT, &p, NULL, _("saving the complaint"), err);
}

static const char SQL_GET_COMPLAINT[] = "SELECT " COMPLAINT_COLS " FROM complaints c WHERE c.id = $1";

static int pg_get_complaint(struct cd_store *base, int64_t id, struct cd_complaint *c, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	PGresult *res = pg_run(pg_of(base), SQL_GET_COMPLAINT, &p, _("reading the complaint"), err);
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found) {
		struct srow r = pg_row(res, 0);
		sr_read_complaint(&r, 0, c);
	}
	PQclear(res);
	return found ? 0 : cd_fail(err, CD_ENOTFOUND, _("no complaint #%lld"), (long long)id);
}

static const char SQL_LAST_EVENT[] = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1";

static int pg_last_event(struct cd_store *base, struct store_link *l, struct cd_err *err)
{
	return pg_last_link(pg_of(base), SQL_LAST_EVENT, l, err);
}

static const char SQL_INSERT_EVENT[] =
	"INSERT INTO events(id, complaint_id, at, actor, kind, from_state, to_state, note, data, salt, hash)"
	" VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)";

/* The number and the hash come from the desk, which holds the write lock
 * from the newest event it asked for to this one. */
static int pg_insert_event(struct cd_store *base, const struct cd_event *e, const char *salt, const char *hash,
			   struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, e->id);
	pp_int(&p, e->complaint_id);
	pp_int(&p, e->at);
	pp_text(&p, e->actor);
	pp_text(&p, e->kind);
	pp_text(&p, e->from_state >= 0 ? cd_state_id(e->from_state) : NULL);
	pp_text(&p, e->to_state >= 0 ? cd_state_id(e->to_state) : NULL);
	pp_text(&p, e->note);
	pp_text(&p, e->data);
	pp_text(&p, salt);
	pp_text(&p, hash);
	return pg_do(pg_of(base), SQL_INSERT_EVENT, &p, NULL, _("saving the event"), err);
}

/* A complaint's rows (events, clocks) into an array of elements of size,
 * each read by fn. */
typedef void (*read_fn)(const struct srow *r, void *to);

static int read_all(struct pg_store *st, const char *sql, int64_t id, size_t size, read_fn fn, void **v,
		    size_t *n, const char *what, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	PGresult *res = pg_run(st, sql, &p, what, err);
	*v = NULL;
	*n = 0;
	if (!res)
		return -1;
	int rows = PQntuples(res);
	*v = rows ? xreallocarray(NULL, (size_t)rows, size) : NULL;
	for (int i = 0; i < rows; i++) {
		struct srow r = pg_row(res, i);
		fn(&r, (char *)*v + size * (*n)++);
	}
	PQclear(res);
	return 0;
}

static void read_event(const struct srow *r, void *to) { sr_read_event(r, to); }
static void read_clock(const struct srow *r, void *to) { sr_read_clock(r, 0, to); }

static const char SQL_EVENTS[] = "SELECT " EVENT_COLS " FROM events WHERE complaint_id = $1 ORDER BY id";

static int pg_events(struct cd_store *base, int64_t id, struct cd_events *out, struct cd_err *err)
{
	return read_all(pg_of(base), SQL_EVENTS, id, sizeof *out->v, read_event, (void **)&out->v, &out->n,
			_("reading events"), err);
}

/* Text is ordered byte by byte, as in SQLite, whatever the database's
 * collation. */
static const char SQL_CLOCKS[] = "SELECT " CLOCK_COLS " FROM clocks k WHERE k.complaint_id = $1"
				 " ORDER BY k.kind = 'promise', k.started_at, k.kind COLLATE \"C\", k.seq";

static int pg_clocks(struct cd_store *base, int64_t id, struct cd_clocks *out, struct cd_err *err)
{
	return read_all(pg_of(base), SQL_CLOCKS, id, sizeof *out->v, read_clock, (void **)&out->v, &out->n,
			_("reading clocks"), err);
}

static const char SQL_PUT_CLOCK[] =
	"INSERT INTO clocks(complaint_id, kind, seq, ref, started_at, due_at, met_at, stopped_at, paused_since)"
	" VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT(complaint_id, kind, seq) DO UPDATE SET"
	" ref = excluded.ref, started_at = excluded.started_at, due_at = excluded.due_at,"
	" met_at = excluded.met_at, stopped_at = excluded.stopped_at, paused_since = excluded.paused_since";
static const char SQL_DROP_CLOCK[] = "DELETE FROM clocks WHERE complaint_id = $1 AND kind = $2 AND seq = $3";
static const char SQL_NEXT_DUE[] =
	"UPDATE complaints SET next_due = $2 WHERE id = $1 AND next_due IS DISTINCT FROM $2::bigint";

struct clock_write {
	struct pg_store *st;
	struct cd_err *err;
};

static void clock_key(struct pg_params *p, int64_t id, const struct cd_clock *k)
{
	pp_int(p, id);
	pp_text(p, k->kind);
	pp_int(p, k->seq);
}

static int put_clock(void *ctx, int64_t id, const struct cd_clock *k, int is_new)
{
	struct clock_write *w = ctx;
	(void)is_new; /* the upsert costs PostgreSQL nothing more */
	struct pg_params p = {0};
	clock_key(&p, id, k);
	pp_id(&p, k->ref);
	pp_time(&p, k->started);
	pp_time(&p, k->due);
	pp_time(&p, k->met);
	pp_time(&p, k->stopped);
	pp_time(&p, k->paused_since);
	return pg_do(w->st, SQL_PUT_CLOCK, &p, NULL, _("saving clocks"), w->err);
}

static int drop_clock(void *ctx, int64_t id, const struct cd_clock *k, int is_new)
{
	struct clock_write *w = ctx;
	(void)is_new;
	struct pg_params p = {0};
	clock_key(&p, id, k);
	return pg_do(w->st, SQL_DROP_CLOCK, &p, NULL, _("saving clocks"), w->err);
}

static int pg_replace_clocks(struct cd_store *base, int64_t id, const struct cd_clocks *l, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	struct cd_clocks old;
	struct clock_write w = {st, err};
	if (pg_clocks(base, id, &old, err))
		return -1;
	int r = sr_clock_changes(&old, l, id, drop_clock, put_clock, &w);
	cd_clocks_free(&old);
	if (r)
		return -1;
	struct pg_params p = {0};
	pp_int(&p, id);
	pp_time(&p, sr_next_due(l));
	return pg_do(st, SQL_NEXT_DUE, &p, NULL, _("saving clocks"), err);
}

/* Filters: the WHERE terms of f, each " AND " before $n after, with n the
 * value's number. */
static void add_text(struct strbuf *sql, struct pg_params *p, const char *before, const char *v, const char *after)
{
	if (!v)
		return;
	pp_text(p, v);
	sb_printf(sql, " AND %s$%d%s", before, p->n, after);
}

static void add_time(struct strbuf *sql, struct pg_params *p, const char *before, cd_time t, const char *after)
{
	if (t == CD_TIME_NONE)
		return;
	pp_int(p, t);
	sb_printf(sql, " AND %s$%d%s", before, p->n, after);
}

#define SITES_BEFORE "strpos(',' || "
#define SITES_AFTER "::text || ',', ',' || c.site || ',') > 0"

static void build_filter(struct strbuf *sql, struct pg_params *p, const struct cd_filter *f)
{
	const char *state = f->state ? f->state : "open";
	if (strcmp(state, "open") == 0)
		sb_puts(sql, " AND c.state NOT IN ('closed','withdrawn')");
	else if (strcmp(state, "all") != 0)
		add_text(sql, p, "c.state = ", state, "");
	add_text(sql, p, "c.site = ", f->site, "");
	add_text(sql, p, SITES_BEFORE, f->sites, SITES_AFTER);
	add_text(sql, p, "c.channel = ", f->channel, "");
	add_text(sql, p, "c.category = ", f->category, "");
	add_text(sql, p, "c.owner = ", f->owner, "");
	add_text(sql, p, "c.phone = ", f->phone, "");
	add_time(sql, p, "c.received_at >= ", f->from, "");
	add_time(sql, p, "c.received_at < ", f->to, "");
	if (f->escalated)
		sb_puts(sql, " AND c.esc_level > 0");
	add_time(sql, p, "c.id IN (SELECT k.complaint_id FROM clocks k WHERE k.met_at IS NULL"
			 " AND k.stopped_at IS NULL AND k.paused_since IS NULL AND k.due_at < ", f->overdue_at, ")");
	if (f->text && *f->text)
		pg_search_term(sql, p, f->text, f->text_public);
}

static void add_limit(struct strbuf *sql, const struct cd_filter *f)
{
	if (f && f->limit > 0)
		sb_printf(sql, " LIMIT %d OFFSET %d", f->limit, f->offset);
}

/* The complaints matching f, as select (a column list) from complaints c;
 * a list (in its order, within its limit) or, for counting, all of them. */
static PGresult *filtered(struct pg_store *st, const char *select, const struct cd_filter *f, int list,
			  const char *what, struct cd_err *err)
{
	struct strbuf sql;
	struct pg_params p = {0};
	sb_init(&sql);
	sb_printf(&sql, "SELECT %s FROM complaints c WHERE true", select);
	build_filter(&sql, &p, f);
	if (list && f->by_deadline)
		sb_puts(&sql, " ORDER BY c.next_due IS NULL, c.next_due, c.id");
	else if (list)
		sb_puts(&sql, f->oldest_first ? " ORDER BY c.received_at, c.id" : " ORDER BY c.received_at DESC, c.id DESC");
	if (list)
		add_limit(&sql, f);
	PGresult *res = pg_run_built(st, sql.s, &p, what, err);
	sb_free(&sql);
	pp_free(&p);
	return res;
}

static int pg_list(struct cd_store *base, const struct cd_filter *f, store_complaint_cb cb, void *ctx,
		   struct cd_err *err)
{
	PGresult *res = filtered(pg_of(base), COMPLAINT_COLS, f, 1, _("listing complaints"), err);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct srow r = pg_row(res, i);
		struct cd_complaint c;
		sr_read_complaint(&r, 0, &c);
		int stop = cb(ctx, &c);
		cd_complaint_free(&c);
		if (stop)
			break;
	}
	PQclear(res);
	return 0;
}

static int pg_count(struct cd_store *base, const struct cd_filter *f, int64_t *n, struct cd_err *err)
{
	PGresult *res = filtered(pg_of(base), "count(*)", f, 0, _("counting complaints"), err);
	if (!res)
		return -1;
	*n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_open_clocks(struct cd_store *base, cd_time before, const struct cd_filter *f, store_clock_cb cb,
			  void *ctx, struct cd_err *err)
{
	struct strbuf sql;
	struct pg_params p = {0};
	sb_init(&sql);
	sb_puts(&sql, "SELECT " CLOCK_COLS ", " COMPLAINT_COLS " FROM clocks k"
		      " JOIN complaints c ON c.id = k.complaint_id"
		      " WHERE k.met_at IS NULL AND k.stopped_at IS NULL");
	add_time(&sql, &p, "k.due_at < ", before, "");
	add_text(&sql, &p, "c.site = ", f ? f->site : NULL, "");
	add_text(&sql, &p, SITES_BEFORE, f ? f->sites : NULL, SITES_AFTER);
	add_text(&sql, &p, "c.owner = ", f ? f->owner : NULL, "");
	sb_puts(&sql, " ORDER BY k.due_at, k.complaint_id");
	add_limit(&sql, f);
	PGresult *res = pg_run_built(pg_of(base), sql.s, &p, _("listing deadlines"), err);
	sb_free(&sql);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct srow r = pg_row(res, i);
		struct cd_clock k;
		struct cd_complaint c;
		sr_read_clock(&r, 0, &k);
		sr_read_complaint(&r, CLOCK_NCOLS, &c);
		int stop = cb(ctx, &k, &c);
		cd_complaint_free(&c);
		if (stop)
			break;
	}
	PQclear(res);
	return 0;
}

static const char SQL_RULES_FIRED[] =
	"SELECT rule FROM escalations WHERE complaint_id = $1 ORDER BY rule COLLATE \"C\"";
static const char SQL_MARK_RULE[] = "INSERT INTO escalations(complaint_id, rule, event_id) VALUES($1, $2, $3)";

static int pg_rules_fired(struct cd_store *base, int64_t id, struct strlist *out, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	return pg_strings(pg_of(base), SQL_RULES_FIRED, &p, out, _("reading escalations"), err);
}

static int pg_mark_rule(struct cd_store *base, int64_t id, const char *rule, int64_t event_id, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	pp_text(&p, rule);
	pp_int(&p, event_id);
	return pg_do(pg_of(base), SQL_MARK_RULE, &p, NULL, _("saving the escalation"), err);
}

static const char SQL_COUNT_PHONE[] =
	"SELECT count(*) FROM complaints WHERE phone = $1 AND received_at BETWEEN $2 AND $3";

static int pg_count_phone(struct cd_store *base, const char *phone, cd_time from, cd_time to, int64_t *n,
			  struct cd_err *err)
{
	struct pg_params p = {0};
	pp_text(&p, phone);
	pp_int(&p, from);
	pp_int(&p, to);
	return pg_number(pg_of(base), SQL_COUNT_PHONE, &p, n, _("counting complaints"), err);
}

/* The ids a static statement returns, to cb (which may write). */
static int each_id(struct pg_store *st, const char *sql, const struct pg_params *p, store_id_cb cb, void *ctx,
		   struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, p, _("finding complaints"), err);
	return res ? pg_each_id(res, cb, ctx) : -1;
}

static const char SQL_SWEEP[] =
	"SELECT complaint_id FROM clocks WHERE met_at IS NULL AND stopped_at IS NULL AND due_at < $1"
	" UNION SELECT id FROM complaints WHERE state NOT IN ('closed','withdrawn') AND received_at < $2"
	" ORDER BY 1";

static int pg_sweep_candidates(struct cd_store *base, cd_time due_before, cd_time received_before,
			       store_id_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, due_before);
	pp_int(&p, received_before);
	return each_id(pg_of(base), SQL_SWEEP, &p, cb, ctx, err);
}

static const char SQL_OPEN_IDS[] = "SELECT id FROM complaints WHERE state NOT IN ('closed','withdrawn') ORDER BY id";

static int pg_open_ids(struct cd_store *base, store_id_cb cb, void *ctx, struct cd_err *err)
{
	return each_id(pg_of(base), SQL_OPEN_IDS, NULL, cb, ctx, err);
}

static const char SQL_AWAITING[] =
	"SELECT c.id FROM complaints c WHERE c.awaiting IS NOT NULL"
	" AND ($1::text IS NULL OR strpos(',' || $1::text || ',', ',' || c.site || ',') > 0)"
	" ORDER BY c.awaiting";

static int pg_awaiting_ids(struct cd_store *base, const char *sites, store_id_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_text(&p, sites);
	return each_id(pg_of(base), SQL_AWAITING, &p, cb, ctx, err);
}

const struct store_record_ops pg_record_ops = {
	pg_insert_complaint, pg_update_complaint, pg_get_complaint, pg_last_event, pg_insert_event, pg_events,
	pg_replace_clocks, pg_clocks, pg_list, pg_count, pg_open_clocks, pg_rules_fired, pg_mark_rule,
	pg_count_phone, pg_sweep_candidates, pg_open_ids, pg_awaiting_ids,
};
