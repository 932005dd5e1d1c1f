/* The SQLite store's report facts: the rows the monthly analysis is
 * computed from, streamed straight from the indexes (complaints by
 * receipt time, events by time, clock instances by deadline). Nothing
 * here aggregates; src/core/report.c does. */
#include "sqlite.h"
#include "cdesk/i18n.h"

#include <string.h>

/* The complaint's columns every fact carries (12 of them). The customer
 * is the customer key, not the phone: it stays when a phone is purged. */
#define FACT_COLS "c.id, c.site, c.owner, c.channel, c.category, c.severity, c.need," \
		  " c.behaviour, CASE WHEN c.phone IS NOT NULL OR c.ckey IS NOT NULL" \
		  " THEN coalesce(c.ckey, c.id) END, c.received_at, c.state, c.reopen_count"
#define NFACT 12
#define SITE_IS " AND (?3 IS NULL OR c.site = ?3)"

static const char *text(sqlite3_stmt *s, int i) { return (const char *)sqlite3_column_text(s, i); }

static int state_of(sqlite3_stmt *s, int i)
{
	const char *v = text(s, i);
	return v ? cd_state_parse(v) : -1;
}

static void read_fact(sqlite3_stmt *s, struct rp_fact *f)
{
	memset(f, 0, sizeof *f);
	f->id = sqlite3_column_int64(s, 0);
	f->site = text(s, 1);
	f->owner = text(s, 2);
	f->channel = text(s, 3);
	f->category = text(s, 4);
	f->severity = text(s, 5);
	f->need = text(s, 6);
	f->behaviour = text(s, 7);
	f->customer = sqlite3_column_int64(s, 8); /* NULL reads as 0 */
	f->received = sqlite3_column_int64(s, 9);
	f->state = state_of(s, 10);
	f->reopen_count = sqlite3_column_int(s, 11);
	f->to_state = -1;
	f->at = f->measure_due = f->measure_done = f->resumed = CD_TIME_NONE;
}

typedef void (*read_fn)(sqlite3_stmt *s, struct rp_fact *f);

/* Bind the range and the site, then call cb for each row. */
static int walk(struct sq_store *st, const char *sql, cd_time lo, cd_time hi, const char *site,
		read_fn more, rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	if (sqlite3_bind_parameter_count(s) >= 3)
		st_bind_text(s, 3, site);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct rp_fact f;
		read_fact(s, &f);
		if (more)
			more(s, &f);
		if (cb(ctx, &f)) {
			st_done(st, s);
			return 0;
		}
	}
	st_done(st, s);
	if (rc != SQLITE_DONE)
		return st_db_fail(st, err, _("reading the figures"));
	return 0;
}

static const char SQL_RECEIVED[] =
	"SELECT " FACT_COLS ", e.id, e.kind, e.at, e.to_state,"
	" CASE WHEN e.kind = 'root_cause' THEN"
	"  (SELECT json_extract(d.data, '$.side') FROM events d WHERE d.id = e.id) END"
	" FROM complaints c JOIN events e ON e.complaint_id = c.id"
	" WHERE c.received_at >= ?1 AND c.received_at < ?2" SITE_IS " AND " CD_FACT_EVENTS
	" ORDER BY c.received_at, c.id, e.id";

static void read_event_head(sqlite3_stmt *s, struct rp_fact *f)
{
	f->event = sqlite3_column_int64(s, NFACT);
	f->kind = text(s, NFACT + 1);
	f->at = sqlite3_column_int64(s, NFACT + 2);
	f->to_state = state_of(s, NFACT + 3);
}

static void read_received(sqlite3_stmt *s, struct rp_fact *f)
{
	read_event_head(s, f);
	f->side = text(s, NFACT + 4);
}

static int sq_report_received(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			  rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_RECEIVED, lo, hi, site, read_received, cb, ctx, err);
}

/* An event's report value, read from its JSON only for the kind that has
 * it: a step needs none, and then its row is not read at all (the index
 * events_report holds all the rest). A pause ends at the complaint's next
 * resume, or when it is closed or withdrawn (which end a pause too). */
#define J(kind, field) "CASE WHEN e.kind = '" kind "' THEN json_extract(e.data, '$." field "') END"
#define EVENT_COLS "e.id, e.kind, e.at, e.to_state, " \
	J("escalation", "rule") ", " J("escalation", "level") ", " J("remedy", "remedy") ", " \
	J("remedy", "amount") ", " J("remedy", "agreed") ", " J("satisfaction", "outcome") ", " \
	J("satisfaction", "procedure") ", " J("satisfaction", "treatment") ", " \
	J("satisfaction", "satisfied") ", " J("root_cause", "side") ", " J("root_cause", "measure") ", " \
	J("root_cause", "measure_owner") ", " J("root_cause", "measure_due") "," \
	" CASE WHEN e.kind = 'root_cause' THEN (SELECT min(d.at) FROM events d" \
	"  WHERE d.complaint_id = e.complaint_id AND d.kind = 'measure_done'" \
	"  AND json_extract(d.data, '$.cause') = e.id) END, " J("pause", "reason") "," \
	" CASE WHEN e.kind = 'pause' THEN (SELECT d.at FROM events d" \
	"  WHERE d.complaint_id = e.complaint_id AND d.id > e.id AND (d.kind = 'resume'" \
	"  OR (d.kind = 'step' AND (d.to_state = 'closed' OR d.to_state = 'withdrawn')))" \
	"  ORDER BY d.id LIMIT 1) END"
#define EVENT_WHERE " WHERE e.at >= ?1 AND e.at < ?2 AND " CD_REPORT_EVENTS
static const char SQL_EVENTS[] =
	"SELECT " FACT_COLS ", " EVENT_COLS
	" FROM events e JOIN complaints c ON c.id = e.complaint_id" EVENT_WHERE SITE_IS;
/* The same rows without their complaints' columns but its id: each
 * complaint looked up costs a random read, and at a million complaints
 * that was about a quarter of the analysis. */
static const char SQL_EVENTS_ALONE[] =
	"SELECT e.complaint_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
	EVENT_COLS " FROM events e" EVENT_WHERE;

static void read_event(sqlite3_stmt *s, struct rp_fact *f)
{
	int i = NFACT + 4;
	read_event_head(s, f);
	f->rule = text(s, i++);
	f->level = sqlite3_column_int(s, i++);
	f->remedy = text(s, i++);
	f->amount = cd_money_of_yuan(sqlite3_column_double(s, i++));
	f->agreed = sqlite3_column_int(s, i++);
	for (int k = 0; k < 3; k++)
		f->scores[k] = sqlite3_column_int(s, i++);
	f->satisfied = sqlite3_column_int(s, i++);
	f->side = text(s, i++);
	f->measure = text(s, i++);
	f->measure_owner = text(s, i++);
	f->measure_due = st_col_time(s, i++);
	f->measure_done = st_col_time(s, i++);
	f->reason = text(s, i++);
	f->resumed = st_col_time(s, i++);
}

static int sq_report_events(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			int with_complaint, rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (!site && !with_complaint)
		return walk(st, SQL_EVENTS_ALONE, lo, hi, NULL, read_event, cb, ctx, err);
	return walk(st, SQL_EVENTS, lo, hi, site, read_event, cb, ctx, err);
}

/* ref is not needed and left out: the clocks_due index then covers the
 * query. */
static const char SQL_CLOCKS[] =
	"SELECT " FACT_COLS ", k.complaint_id, k.kind, k.seq, NULL, k.started_at, k.due_at,"
	" k.met_at, k.stopped_at, k.paused_since"
	" FROM clocks k JOIN complaints c ON c.id = k.complaint_id"
	" WHERE k.due_at >= ?1 AND k.due_at < ?2" SITE_IS;

static void read_clock_row(sqlite3_stmt *s, struct rp_fact *f)
{
	st_read_clock(s, NFACT, &f->clock);
}

static int sq_report_clocks(struct cd_store *base, cd_time lo, cd_time hi, const char *site,
			rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_CLOCKS, lo, hi, site, read_clock_row, cb, ctx, err);
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

static void read_open(sqlite3_stmt *s, struct rp_fact *f)
{
	int state = state_of(s, NFACT);
	if (f->reopen_count > 0 && state < 0)
		state = ST_RECEIVED;
	f->to_state = f->reopen_count > 0 ? state : -1;
	f->past_due = sqlite3_column_int(s, NFACT + 1);
}

static int sq_report_open_at(struct cd_store *base, cd_time at, const char *site, rp_fact_cb cb,
			 void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return walk(st, SQL_OPEN_AT, at, at, site, read_open, cb, ctx, err);
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
		return st_db_fail(st, err, _("reading the figures"));
	return 0;
}

const struct store_report_ops sq_report_ops = {
	sq_report_received, sq_report_events, sq_report_clocks, sq_report_open_at, sq_count_received,
};
