/* The PostgreSQL store's report facts: the same rows as SQLite's (see
 * sqlite_report.c), the event values read from each event's jsonb. */
#include "pg.h"
#include "cdesk/i18n.h"

#include <stdlib.h>

#define SITE_IS(n) " AND ($" #n "::text IS NULL OR c.site = $" #n ")"

/* Each row of the statement to cb, read by more after the fact. */
static int walk(struct pg_store *st, const char *sql, const struct pg_params *p, sr_fact_fn more, rp_fact_cb cb,
		void *ctx, struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, p, _("reading the figures"), err);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct srow r = pg_row(res, i);
		struct rp_fact f;
		sr_read_fact(&r, &f);
		if (more)
			more(&r, &f);
		if (cb(ctx, &f))
			break;
	}
	PQclear(res);
	return 0;
}

/* A range, and a site (NULL: every site). */
static struct pg_params range(cd_time lo, cd_time hi, const char *site)
{
	struct pg_params p = {0};
	pp_int(&p, lo);
	pp_int(&p, hi);
	pp_text(&p, site);
	return p;
}

static const char SQL_RECEIVED[] =
	"SELECT " FACT_COLS ", e.id, e.kind, e.at, e.to_state,"
	" CASE WHEN e.kind = 'root_cause' THEN e.doc ->> 'side' END"
	" FROM complaints c JOIN events e ON e.complaint_id = c.id"
	" WHERE c.received_at >= $1 AND c.received_at < $2" SITE_IS(3) " AND " CD_FACT_EVENTS
	" ORDER BY c.received_at, c.id, e.id";

static int pg_report_received(struct cd_store *base, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb,
			      void *ctx, struct cd_err *err)
{
	struct pg_params p = range(lo, hi, site);
	return walk(pg_of(base), SQL_RECEIVED, &p, sr_fact_received, cb, ctx, err);
}

/* An event's report value, for the kind that has it: text, or a number
 * (a boolean as 1 or 0) as SQLite's json_extract gives it. */
#define J(kind, field) "CASE WHEN e.kind = '" kind "' THEN e.doc ->> '" field "' END"
#define N(kind, field) "CASE WHEN e.kind = '" kind "' THEN cdesk_num(e.doc -> '" field "') END"
#define EVENT_VALUES "e.id, e.kind, e.at, e.to_state, " \
	J("escalation", "rule") ", " N("escalation", "level") ", " J("remedy", "remedy") ", " \
	N("remedy", "amount") ", " N("remedy", "agreed") ", " N("satisfaction", "outcome") ", " \
	N("satisfaction", "procedure") ", " N("satisfaction", "treatment") ", " \
	N("satisfaction", "satisfied") ", " J("root_cause", "side") ", " J("root_cause", "measure") ", " \
	J("root_cause", "measure_owner") ", " N("root_cause", "measure_due") "," \
	" CASE WHEN e.kind = 'root_cause' THEN (SELECT min(d.at) FROM events d" \
	"  WHERE d.complaint_id = e.complaint_id AND d.kind = 'measure_done'" \
	"  AND cdesk_num(d.doc -> 'cause') = e.id) END, " J("pause", "reason") "," \
	PAUSE_ENDED
#define EVENT_FACTS "SELECT " FACT_COLS ", " EVENT_VALUES " FROM events e JOIN complaints c ON c.id = e.complaint_id"
#define EVENT_WHERE " WHERE e.at >= $1 AND e.at < $2 AND " CD_REPORT_EVENTS
/* Each stream comes in the order SQLite reads it from its index (here
 * events_report's), so that sums of fractions are made in the same order
 * and the figures agree to the last digit. */
#define EVENT_ORDER " ORDER BY e.at, e.kind COLLATE \"C\", e.to_state COLLATE \"C\" NULLS FIRST, e.complaint_id, e.id"
static const char SQL_EVENTS[] =
	EVENT_FACTS EVENT_WHERE SITE_IS(3) EVENT_ORDER;
/* The same rows without their complaints' columns but its id. */
static const char SQL_EVENTS_ALONE[] =
	"SELECT e.complaint_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
	EVENT_VALUES " FROM events e" EVENT_WHERE EVENT_ORDER;

static int pg_report_events(struct cd_store *base, cd_time lo, cd_time hi, const char *site, int with_complaint,
			    rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = range(lo, hi, site);
	if (!site && !with_complaint) {
		p.n = 2;
		return walk(pg_of(base), SQL_EVENTS_ALONE, &p, sr_fact_event, cb, ctx, err);
	}
	return walk(pg_of(base), SQL_EVENTS, &p, sr_fact_event, cb, ctx, err);
}

static const char SQL_CLOCKS[] =
	CLOCK_FACTS
	" WHERE k.due_at >= $1 AND k.due_at < $2" SITE_IS(3)
	" ORDER BY k.due_at, k.started_at, k.met_at NULLS FIRST, k.stopped_at NULLS FIRST, k.paused_since NULLS FIRST,"
	" k.complaint_id, k.kind COLLATE \"C\", k.seq"; /* clocks_due's order */

static int pg_report_clocks(struct cd_store *base, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb,
			    void *ctx, struct cd_err *err)
{
	struct pg_params p = range(lo, hi, site);
	return walk(pg_of(base), SQL_CLOCKS, &p, sr_fact_clock, cb, ctx, err);
}

/* Open at $1: the complaint's state then (when it was ever reopened, from
 * its log) and whether a deadline had passed unmet (see sqlite_report.c). */
#define OPEN_COLS FACT_COLS ","                                                          \
	" CASE WHEN c.reopen_count > 0 THEN (SELECT e.to_state FROM events e"             \
	"  WHERE e.complaint_id = c.id AND e.at < $1 AND e.to_state IS NOT NULL"          \
	"  ORDER BY e.id DESC LIMIT 1) END,"                                              \
	" EXISTS (SELECT 1 FROM clocks k WHERE k.complaint_id = c.id"                     \
	"  AND k.started_at < $1 AND k.due_at < $1 AND (k.met_at IS NULL OR k.met_at >= $1)" \
	"  AND (k.stopped_at IS NULL OR k.stopped_at >= $1)"                              \
	"  AND (k.paused_since IS NULL OR k.paused_since >= k.due_at))::int"
/* In the order of complaints_open, then of complaints_closed. */
static const char SQL_OPEN_AT[] =
	"(SELECT " OPEN_COLS " FROM complaints c"
	" WHERE c.state NOT IN ('closed','withdrawn') AND c.received_at < $1" SITE_IS(2) " ORDER BY c.received_at, c.id)"
	" UNION ALL"
	" (SELECT " OPEN_COLS " FROM complaints c"
	" WHERE c.closed_at >= $1 AND c.state IN ('closed','withdrawn') AND c.received_at < $1" SITE_IS(2)
	" ORDER BY c.closed_at, c.id)";

static int pg_report_open_at(struct cd_store *base, cd_time at, const char *site, rp_fact_cb cb, void *ctx,
			     struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, at);
	pp_text(&p, site);
	return walk(pg_of(base), SQL_OPEN_AT, &p, sr_fact_open, cb, ctx, err);
}

static const char SQL_COUNT_RECEIVED[] =
	"SELECT count(*) FROM complaints c WHERE c.received_at >= $1 AND c.received_at < $2" SITE_IS(3);

static int pg_count_received(struct cd_store *base, cd_time lo, cd_time hi, const char *site, int64_t *n,
			     struct cd_err *err)
{
	struct pg_params p = range(lo, hi, site);
	return pg_number(pg_of(base), SQL_COUNT_RECEIVED, &p, n, _("reading the figures"), err);
}

/* The kept facts: one row per complaint, looked up by its id. */
static void fact_kept(const struct srow *r, struct rp_fact *f)
{
	sr_read_kept(r, NFACT, &f->kept);
}

static const char SQL_KEPT[] =
	"SELECT " FACT_COLS ", " KEPT_COLS
	" FROM complaints c JOIN report_facts f ON f.complaint_id = c.id"
	" WHERE c.received_at >= $1 AND c.received_at < $2" SITE_IS(3);

static int pg_report_kept(struct cd_store *base, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb,
			  void *ctx, struct cd_err *err)
{
	struct pg_params p = range(lo, hi, site);
	return walk(pg_of(base), SQL_KEPT, &p, fact_kept, cb, ctx, err);
}

static const char SQL_GET_KEPT[] = "SELECT " KEPT_COLS " FROM report_facts f WHERE f.complaint_id = $1";
static const char SQL_PUT_KEPT[] = "INSERT INTO report_facts(" KEPT_SET_COLS ") VALUES($1, $2, $3, $4, $5, $6, $7,"
				   " $8, $9, $10, $11)" KEPT_UPSERT;

static int pg_get_kept(struct cd_store *base, int64_t id, struct rp_kept *k, int *found, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	PGresult *res = pg_run(pg_of(base), SQL_GET_KEPT, &p, _("reading the figures"), err);
	if (!res)
		return -1;
	*found = PQntuples(res) > 0;
	if (*found) {
		struct srow r = pg_row(res, 0);
		sr_read_kept(&r, 0, k);
		k->side = k->side ? xstrdup(k->side) : NULL;
	}
	PQclear(res);
	return 0;
}

static int pg_put_kept(struct cd_store *base, int64_t id, const struct rp_kept *k, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	pp_time(&p, k->first_contact);
	pp_time(&p, k->first_resolved);
	pp_int(&p, k->last_touch);
	pp_int(&p, k->last_at);
	pp_int(&p, k->silence);
	pp_int(&p, k->contacts);
	pp_int(&p, k->feedbacks);
	pp_int(&p, k->promises);
	pp_int(&p, k->answered);
	pp_text(&p, k->side);
	return pg_do(pg_of(base), SQL_PUT_KEPT, &p, NULL, _("saving the figures"), err);
}

static const char SQL_LAST_COMPLAINT[] = "SELECT coalesce(max(id), 0) FROM complaints";
static const char SQL_KEPT_LOG[] =
	"SELECT c.id, c.received_at, e.kind, e.at, e.to_state,"
	" CASE WHEN e.kind = 'root_cause' THEN e.doc ->> 'side' END, " KEPT_HAS ", " KEPT_COLS
	" FROM complaints c JOIN events e ON e.complaint_id = c.id"
	" LEFT JOIN report_facts f ON f.complaint_id = c.id"
	" WHERE c.id > $1 AND c.id <= $2 AND " CD_FACT_EVENTS " ORDER BY c.id, e.id";

static int pg_kept_log(struct cd_store *base, int64_t after, int64_t upto, store_kept_cb cb, void *ctx,
		       int64_t *last, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	struct pg_params p = {0};
	if (pg_number(st, SQL_LAST_COMPLAINT, NULL, last, _("reading the figures"), err))
		return -1;
	pp_int(&p, after);
	pp_int(&p, upto);
	PGresult *res = pg_run(st, SQL_KEPT_LOG, &p, _("reading the figures"), err);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct srow r = pg_row(res, i);
		struct store_kept_row w;
		struct rp_kept k;
		sr_read_kept_row(&r, &w, &k);
		if (cb(ctx, &w))
			break;
	}
	PQclear(res);
	return 0;
}

static const char SQL_COUNT_KEPT[] = "SELECT count(*) FROM report_facts";
static const char SQL_DROP_KEPT[] = "DELETE FROM report_facts";

static int pg_count_kept(struct cd_store *base, int drop, int64_t *n, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	if (pg_number(st, SQL_COUNT_KEPT, NULL, n, _("reading the figures"), err))
		return -1;
	return drop ? pg_do(st, SQL_DROP_KEPT, NULL, NULL, _("saving the figures"), err) : 0;
}

/* ------------------------------------------------------------ the day sums */

static const char SQL_EVENTS_OF[] =
	EVENT_FACTS
	" WHERE e.complaint_id >= $1 AND e.complaint_id <= $2 AND " CD_REPORT_EVENTS;
static const char SQL_CLOCKS_OF[] =
	CLOCK_FACTS
	" WHERE k.complaint_id >= $1 AND k.complaint_id <= $2";

static int pg_rows_of(struct cd_store *base, int64_t lo, int64_t hi, rp_fact_cb on_event, rp_fact_cb on_clock,
		      void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, lo);
	pp_int(&p, hi);
	return walk(pg_of(base), SQL_EVENTS_OF, &p, sr_fact_event, on_event, ctx, err) ||
	       walk(pg_of(base), SQL_CLOCKS_OF, &p, sr_fact_clock, on_clock, ctx, err);
}

static const char SQL_LIVE_PAUSES[] =
	EVENT_FACTS EVENT_WHERE " AND e.kind = 'pause'" SITE_IS(3)
	EVENT_ORDER;
static const char SQL_LIVE_CLOCKS[] =
	CLOCK_FACTS
	" WHERE k.due_at >= $1 AND k.due_at < $2 AND k.met_at IS NULL AND k.stopped_at IS NULL" SITE_IS(3);

static int pg_live(struct cd_store *base, cd_time lo, cd_time hi, const char *site, rp_fact_cb on_event,
		   rp_fact_cb on_clock, void *ctx, struct cd_err *err)
{
	struct pg_params p = range(lo, hi, site);
	return walk(pg_of(base), SQL_LIVE_PAUSES, &p, sr_fact_event, on_event, ctx, err) ||
	       walk(pg_of(base), SQL_LIVE_CLOCKS, &p, sr_fact_clock, on_clock, ctx, err);
}

static const char SQL_SUMS[] =
	"SELECT cell, sum(n), sum(base), sum(sum) FROM report_sums"
	" WHERE day >= $1 AND day < $2 AND ($3::text IS NULL OR site = $3) AND since < $4"
	" GROUP BY cell HAVING sum(n) <> 0 OR sum(base) <> 0 OR sum(sum) <> 0";

static int pg_sums(struct cd_store *base, int32_t from, int32_t to, const char *site, cd_time now, rp_sum_cb cb,
		   void *ctx, struct cd_err *err)
{
	struct pg_params p = range(from, to, site);
	pp_int(&p, now);
	PGresult *res = pg_run(pg_of(base), SQL_SUMS, &p, _("reading the figures"), err);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++) {
		struct rp_sum c = {.site = site, .cell = PQgetvalue(res, i, 0),
				   .n = strtoll(PQgetvalue(res, i, 1), NULL, 10),
				   .base = strtoll(PQgetvalue(res, i, 2), NULL, 10),
				   .sum = strtoll(PQgetvalue(res, i, 3), NULL, 10)};
		if (cb(ctx, &c))
			break;
	}
	PQclear(res);
	return 0;
}

static const char SQL_ADD_SUM[] =
	"INSERT INTO report_sums AS s(day, site, cell, since, n, base, sum) VALUES($1, $2, $3, $4, $5, $6, $7)"
	" ON CONFLICT(day, site, cell, since) DO UPDATE SET n = s.n + excluded.n,"
	" base = s.base + excluded.base, sum = s.sum + excluded.sum";

static int pg_add_sum(struct cd_store *base, const struct rp_sum *c, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, c->day);
	pp_text(&p, c->site);
	pp_text(&p, c->cell);
	pp_int(&p, c->since);
	pp_int(&p, c->n);
	pp_int(&p, c->base);
	pp_int(&p, c->sum);
	return pg_do(pg_of(base), SQL_ADD_SUM, &p, NULL, _("saving the figures"), err);
}

#define SUMS_NONZERO " WHERE n <> 0 OR base <> 0 OR sum <> 0"

static int pg_sums_set_aside(struct cd_store *base, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	return pg_do(st, "DROP TABLE IF EXISTS pg_temp.sums_aside", NULL, NULL, _("saving the figures"), err) ||
	       pg_do(st, "CREATE TEMP TABLE sums_aside AS SELECT * FROM report_sums" SUMS_NONZERO, NULL, NULL,
		     _("saving the figures"), err) ||
	       pg_do(st, "DELETE FROM report_sums", NULL, NULL, _("saving the figures"), err);
}

static int pg_sums_differ(struct cd_store *base, int64_t *n, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	return pg_number(st,
			 "SELECT (SELECT count(*) FROM (SELECT * FROM pg_temp.sums_aside EXCEPT"
			 "  SELECT * FROM report_sums" SUMS_NONZERO ") a)"
			 " + (SELECT count(*) FROM (SELECT * FROM report_sums" SUMS_NONZERO
			 "  EXCEPT SELECT * FROM pg_temp.sums_aside) b)", NULL, n, _("reading the figures"), err) ||
	       pg_do(st, "DROP TABLE pg_temp.sums_aside", NULL, NULL, _("saving the figures"), err);
}

static int pg_sums_span(struct cd_store *base, cd_time *lo, cd_time *hi, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	int64_t ev, due;
	if (pg_number(st, "SELECT coalesce(min(received_at), 0) FROM complaints", NULL, lo, _("reading the figures"),
		      err) ||
	    pg_number(st, "SELECT coalesce(max(at), 0) FROM events e WHERE " CD_REPORT_EVENTS, NULL, &ev,
		      _("reading the figures"), err) ||
	    pg_number(st, "SELECT coalesce(max(due_at), 0) FROM clocks", NULL, &due, _("reading the figures"), err))
		return -1;
	*hi = (ev > due ? ev : due) + 1;
	return 0;
}

const struct store_report_ops pg_report_ops = {
	pg_report_received, pg_report_events, pg_report_clocks, pg_report_open_at, pg_count_received,
	pg_report_kept, pg_get_kept, pg_put_kept, pg_kept_log, pg_count_kept,
	pg_rows_of, pg_live, pg_sums, pg_add_sum, pg_sums_set_aside, pg_sums_differ, pg_sums_span,
};
