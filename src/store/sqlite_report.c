/* The SQLite store's report facts: the rows the monthly analysis is
 * computed from, streamed straight from the indexes (complaints by
 * receipt time, events by time, clock instances by deadline). Nothing
 * here aggregates; src/core/report.c does. */
#include "sqlite.h"
#include "cdesk/i18n.h"

#include <string.h>

#define SITE_IS " AND (?3 IS NULL OR c.site = ?3)"

/* Bind the range and the site, then call cb for each row. */
static int walk(struct sq_store *st, const char *sql, cd_time lo, cd_time hi, const char *site,
		sr_fact_fn more, rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, lo);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_int64(s, 2, hi);
	if (sqlite3_bind_parameter_count(s) >= 3)
		st_bind_text(s, 3, site);
	struct srow row = st_row(s);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rp_fact f;
		sr_read_fact(&row, &f);
		if (more)
			more(&row, &f);
		if (cb(ctx, &f)) {
			st_done(st, s);
			return 0;
		}
	}
	st_done(st, s);
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("reading the figures"));
	return 0;
}

static const char SQL_RECEIVED[] =
	"SELECT " FACT_COLS ", e.id, e.kind, e.at, e.to_state,"
	" CASE WHEN e.kind = 'root_cause' THEN"
	"  (SELECT json_extract(d.data, '$.side') FROM events d WHERE d.id = e.id) END"
	" FROM complaints c JOIN events e ON e.complaint_id = c.id"
	" WHERE c.received_at >= ?1 AND c.received_at < ?2" SITE_IS " AND " CD_FACT_EVENTS
	" ORDER BY c.received_at, c.id, e.id";

static int sq_report_received(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			  rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_RECEIVED, lo, hi, site, sr_fact_received, cb, ctx, err);
}

/* An event's report value, read from its JSON only for the kind that has
 * it: a step needs none, and then its row is not read at all (the index
 * events_report holds all the rest). A pause ends at the complaint's next
 * resume, or when it is closed or withdrawn (which end a pause too). */
#define J(kind, field) "CASE WHEN e.kind = '" kind "' THEN json_extract(e.data, '$." field "') END"
#define EVENT_VALUES "e.id, e.kind, e.at, e.to_state, " \
	J("escalation", "rule") ", " J("escalation", "level") ", " J("remedy", "remedy") ", " \
	J("remedy", "amount") ", " J("remedy", "agreed") ", " J("satisfaction", "outcome") ", " \
	J("satisfaction", "procedure") ", " J("satisfaction", "treatment") ", " \
	J("satisfaction", "satisfied") ", " J("root_cause", "side") ", " J("root_cause", "measure") ", " \
	J("root_cause", "measure_owner") ", " J("root_cause", "measure_due") "," \
	" CASE WHEN e.kind = 'root_cause' THEN (SELECT min(d.at) FROM events d" \
	"  WHERE d.complaint_id = e.complaint_id AND d.kind = 'measure_done'" \
	"  AND json_extract(d.data, '$.cause') = e.id) END, " J("pause", "reason") "," \
	PAUSE_ENDED
#define EVENT_FACTS "SELECT " FACT_COLS ", " EVENT_VALUES " FROM events e JOIN complaints c ON c.id = e.complaint_id"
#define EVENT_WHERE " WHERE e.at >= ?1 AND e.at < ?2 AND " CD_REPORT_EVENTS
static const char SQL_EVENTS[] =
	EVENT_FACTS EVENT_WHERE SITE_IS;
/* The same rows without their complaints' columns but its id: each
 * complaint looked up costs a random read, and at a million complaints
 * that was about a quarter of the analysis. */
static const char SQL_EVENTS_ALONE[] =
	"SELECT e.complaint_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
	EVENT_VALUES " FROM events e" EVENT_WHERE;

static int sq_report_events(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			int with_complaint, rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (!site && !with_complaint)
		return walk(st, SQL_EVENTS_ALONE, lo, hi, NULL, sr_fact_event, cb, ctx, err);
	return walk(st, SQL_EVENTS, lo, hi, site, sr_fact_event, cb, ctx, err);
}

static const char SQL_CLOCKS[] =
	CLOCK_FACTS
	" WHERE k.due_at >= ?1 AND k.due_at < ?2" SITE_IS;

static int sq_report_clocks(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_CLOCKS, lo, hi, site, sr_fact_clock, cb, ctx, err);
}

/* Open at ?1: the complaint's state then (when it was ever reopened, from
 * its log; else it was open from receipt to its one closing) and whether
 * a deadline had passed unmet. The first branch walks the partial index of
 * open complaints, the second the index of closing times. */
#define OPEN_COLS FACT_COLS ","                                                          \
	" CASE WHEN c.reopen_count > 0 THEN (SELECT e.to_state FROM events e"             \
	"  WHERE e.complaint_id = c.id AND e.at < ?1 AND e.to_state IS NOT NULL"          \
	"  ORDER BY e.id DESC LIMIT 1) END,"                                              \
	" EXISTS (SELECT 1 FROM clocks k WHERE k.complaint_id = c.id"                     \
	"  AND k.started_at < ?1 AND k.due_at < ?1 AND (k.met_at IS NULL OR k.met_at >= ?1)" \
	"  AND (k.stopped_at IS NULL OR k.stopped_at >= ?1)"                              \
	"  AND (k.paused_since IS NULL OR k.paused_since >= k.due_at))"
static const char SQL_OPEN_AT[] =
	"SELECT " OPEN_COLS " FROM complaints c"
	" WHERE c.state NOT IN ('closed','withdrawn') AND c.received_at < ?1" SITE_IS
	" UNION ALL"
	" SELECT " OPEN_COLS " FROM complaints c"
	" WHERE c.closed_at >= ?1 AND c.state IN ('closed','withdrawn') AND c.received_at < ?1" SITE_IS;

static int sq_report_open_at(struct cd_store *base, cd_time at, const char *site, rp_fact_cb cb,
			 void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_OPEN_AT, at, at, site, sr_fact_open, cb, ctx, err);
}

static const char SQL_COUNT_ALL[] =
	"SELECT count(*) FROM complaints WHERE received_at >= ?1 AND received_at < ?2";
static const char SQL_COUNT_SITE[] =
	"SELECT count(*) FROM complaints WHERE site = ?3 AND received_at >= ?1 AND received_at < ?2";

static int sq_count_received(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			 int64_t *n, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, site ? SQL_COUNT_SITE : SQL_COUNT_ALL, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	if (site)
		st_bind_text(s, 3, site);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	st_done(st, s);
	if (rc != SQLITE_ROW)
		return st_db_fail(st, err, N_("reading the figures"));
	return 0;
}

/* The kept facts: one row per complaint, looked up by its id. */
static void fact_kept(const struct srow *r, struct rp_fact *f)
{
	sr_read_kept(r, NFACT, &f->kept);
}

static const char SQL_KEPT[] =
	"SELECT " FACT_COLS ", " KEPT_COLS
	" FROM complaints c JOIN report_facts f ON f.complaint_id = c.id"
	" WHERE c.received_at >= ?1 AND c.received_at < ?2" SITE_IS;

static int sq_report_kept(struct cd_store *base, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb,
			  void *ctx, struct cd_err *err)
{
	return walk(sq_of(base), SQL_KEPT, lo, hi, site, fact_kept, cb, ctx, err);
}

const char SQL_GET_KEPT[] = "SELECT " KEPT_COLS " FROM report_facts f WHERE f.complaint_id = ?1";
const char SQL_PUT_KEPT[] = "INSERT INTO report_facts(" KEPT_SET_COLS ") VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
			    " ?8, ?9, ?10, ?11)" KEPT_UPSERT;

static int sq_get_kept(struct cd_store *base, int64_t id, struct rp_kept *k, int *found, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_GET_KEPT, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (*found) {
		struct srow row = st_row(s);
		sr_read_kept(&row, 0, k);
		k->side = k->side ? xstrdup(k->side) : NULL;
	}
	st_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("reading the figures"));
	return 0;
}

static int sq_put_kept(struct cd_store *base, int64_t id, const struct rp_kept *k, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_PUT_KEPT, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	st_bind_time(s, 2, k->first_contact);
	st_bind_time(s, 3, k->first_resolved);
	sqlite3_bind_int64(s, 4, k->last_touch);
	sqlite3_bind_int64(s, 5, k->last_at);
	sqlite3_bind_int64(s, 6, k->silence);
	sqlite3_bind_int(s, 7, k->contacts);
	sqlite3_bind_int(s, 8, k->feedbacks);
	sqlite3_bind_int(s, 9, k->promises);
	sqlite3_bind_int(s, 10, k->answered);
	st_bind_text(s, 11, k->side);
	return st_step_done(st, s, err, N_("saving the figures"));
}

static const char SQL_KEPT_LOG[] =
	"SELECT c.id, c.received_at, e.kind, e.at, e.to_state,"
	" CASE WHEN e.kind = 'root_cause' THEN"
	"  (SELECT json_extract(d.data, '$.side') FROM events d WHERE d.id = e.id) END,"
	" " KEPT_HAS ", " KEPT_COLS
	" FROM complaints c JOIN events e ON e.complaint_id = c.id"
	" LEFT JOIN report_facts f ON f.complaint_id = c.id"
	" WHERE c.id > ?1 AND c.id <= ?2 AND " CD_FACT_EVENTS " ORDER BY c.id, e.id";

static int sq_kept_log(struct cd_store *base, int64_t after, int64_t upto, store_kept_cb cb, void *ctx,
		       int64_t *last, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s;
	if (st_number(st, "SELECT ifnull(max(id), 0) FROM complaints", last, N_("reading the figures"), err) ||
	    !(s = st_prep(st, SQL_KEPT_LOG, err)))
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, upto);
	struct srow row = st_row(s);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_kept_row w;
		struct rp_kept k;
		sr_read_kept_row(&row, &w, &k);
		if (cb(ctx, &w))
			break;
	}
	st_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("reading the figures"));
	return 0;
}

static int sq_count_kept(struct cd_store *base, int drop, int64_t *n, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st_number(st, "SELECT count(*) FROM report_facts", n, N_("reading the figures"), err))
		return -1;
	return drop ? st_exec(st, "DELETE FROM report_facts", err) : 0;
}

/* ------------------------------------------------------------ the day sums */

static const char SQL_EVENTS_OF[] =
	EVENT_FACTS
	" WHERE e.complaint_id >= ?1 AND e.complaint_id <= ?2 AND " CD_REPORT_EVENTS;
static const char SQL_CLOCKS_OF[] =
	CLOCK_FACTS
	" WHERE k.complaint_id >= ?1 AND k.complaint_id <= ?2";

static int sq_rows_of(struct cd_store *base, int64_t lo, int64_t hi, rp_fact_cb on_event, rp_fact_cb on_clock,
		      void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_EVENTS_OF, lo, hi, NULL, sr_fact_event, on_event, ctx, err) ||
	       walk(st, SQL_CLOCKS_OF, lo, hi, NULL, sr_fact_clock, on_clock, ctx, err);
}

/* Pauses through the index of the events the analysis counts; the clocks
 * neither met nor stopped through the index of open deadlines. */
static const char SQL_LIVE_PAUSES[] =
	EVENT_FACTS EVENT_WHERE " AND e.kind = 'pause'" SITE_IS;
static const char SQL_LIVE_CLOCKS[] =
	CLOCK_FACTS
	" WHERE k.due_at >= ?1 AND k.due_at < ?2 AND k.met_at IS NULL AND k.stopped_at IS NULL" SITE_IS;

static int sq_live(struct cd_store *base, cd_time lo, cd_time hi, const char *site, rp_fact_cb on_event,
		   rp_fact_cb on_clock, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_LIVE_PAUSES, lo, hi, site, sr_fact_event, on_event, ctx, err) ||
	       walk(st, SQL_LIVE_CLOCKS, lo, hi, site, sr_fact_clock, on_clock, ctx, err);
}

static const char SQL_SUMS[] =
	"SELECT cell, sum(n), sum(base), sum(sum) FROM report_sums"
	" WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR site = ?3) AND since < ?4"
	" GROUP BY cell HAVING sum(n) <> 0 OR sum(base) <> 0 OR sum(sum) <> 0";

static int sq_sums(struct cd_store *base, int32_t from, int32_t to, const char *site, cd_time now,
		   rp_sum_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_SUMS, err);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, from);
	sqlite3_bind_int(s, 2, to);
	st_bind_text(s, 3, site);
	sqlite3_bind_int64(s, 4, now);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rp_sum c = {.site = site, .cell = (const char *)sqlite3_column_text(s, 0),
				   .n = sqlite3_column_int64(s, 1), .base = sqlite3_column_int64(s, 2),
				   .sum = sqlite3_column_int64(s, 3)};
		if (c.cell && cb(ctx, &c))
			break;
	}
	st_done(st, s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return st_db_fail(st, err, N_("reading the figures"));
	return 0;
}

static const char SQL_ADD_SUM[] =
	"INSERT INTO report_sums(day, site, cell, since, n, base, sum) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	" ON CONFLICT(day, site, cell, since) DO UPDATE SET n = n + excluded.n,"
	" base = base + excluded.base, sum = sum + excluded.sum";

static int sq_add_sum(struct cd_store *base, const struct rp_sum *c, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_ADD_SUM, err);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, c->day);
	st_bind_text(s, 2, c->site);
	st_bind_text(s, 3, c->cell);
	sqlite3_bind_int64(s, 4, c->since);
	sqlite3_bind_int64(s, 5, c->n);
	sqlite3_bind_int64(s, 6, c->base);
	sqlite3_bind_int64(s, 7, c->sum);
	return st_step_done(st, s, err, N_("saving the figures"));
}

#define SUMS_NONZERO " WHERE n <> 0 OR base <> 0 OR sum <> 0"

static int sq_sums_set_aside(struct cd_store *base, struct cd_err *err)
{
	return st_exec(sq_of(base),
		       "DROP TABLE IF EXISTS temp.sums_aside;"
		       " CREATE TEMP TABLE sums_aside AS SELECT * FROM main.report_sums" SUMS_NONZERO ";"
		       " DELETE FROM main.report_sums;", err);
}

static int sq_sums_differ(struct cd_store *base, int64_t *n, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return st_number(st,
			 "SELECT (SELECT count(*) FROM (SELECT * FROM temp.sums_aside EXCEPT"
			 "  SELECT * FROM main.report_sums" SUMS_NONZERO "))"
			 " + (SELECT count(*) FROM (SELECT * FROM main.report_sums" SUMS_NONZERO
			 "  EXCEPT SELECT * FROM temp.sums_aside))", n, N_("reading the figures"), err) ||
	       st_exec(st, "DROP TABLE temp.sums_aside", err);
}

/* The analysis's events and the clocks start no earlier than their
 * complaints; the newest of each is the last of its index. */
static int sq_sums_span(struct cd_store *base, cd_time *lo, cd_time *hi, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	int64_t ev, due;
	if (st_number(st, "SELECT ifnull(min(received_at), 0) FROM complaints", lo, N_("reading the figures"), err) ||
	    st_number(st, "SELECT ifnull(max(at), 0) FROM events e WHERE " CD_REPORT_EVENTS, &ev,
		      N_("reading the figures"), err) ||
	    st_number(st, "SELECT ifnull(max(due_at), 0) FROM clocks", &due, N_("reading the figures"), err))
		return -1;
	*hi = (ev > due ? ev : due) + 1;
	return 0;
}

const struct store_report_ops sq_report_ops = {
	sq_report_received, sq_report_events, sq_report_clocks, sq_report_open_at, sq_count_received,
	sq_report_kept, sq_get_kept, sq_put_kept, sq_kept_log, sq_count_kept,
	sq_rows_of, sq_live, sq_sums, sq_add_sum, sq_sums_set_aside, sq_sums_differ, sq_sums_span,
};
