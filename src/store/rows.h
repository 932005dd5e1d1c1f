/* What both stores share: the column lists of their queries, the terms of
 * their partial indexes, and reading a row into the desk's structs. A row
 * (struct srow) is a result row of either engine seen through four
 * accessors, so each struct is read in one place. Private to src/store/. */
#ifndef CDESK_STORE_ROWS_H
#define CDESK_STORE_ROWS_H

#include <stdint.h>
#include "store.h"

/* The events the monthly analysis counts; a partial index holds just
 * these, and a query uses it when its WHERE has this very term. Written
 * with = and OR, not IN: SQLite builds a throw-away table for an IN list of
 * more than two values each time it checks a row, which made every event
 * insert pay for it. A term is part of the migration that made its index:
 * never change one (a new index in a new migration can have a new term). */
#define CD_REPORT_EVENTS \
	"(kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'" \
	" OR kind = 'pause'" \
	" OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'" \
	" OR to_state = 'withdrawn' OR to_state = 'reopened')))"
/* The events set as migration 4 wrote it (replaced in 9, which adds the
 * pauses: counted by reason). */
#define CD_REPORT_EVENTS_V4 \
	"(kind = 'escalation' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'" \
	" OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'closed'" \
	" OR to_state = 'withdrawn' OR to_state = 'reopened')))"
/* The events a complaint's facts for the analysis come from (first
 * contact, first resolution, silences, answers, cause). */
#define CD_FACT_EVENTS \
	"(kind = 'received' OR kind = 'contact' OR kind = 'feedback' OR kind = 'promise'" \
	" OR kind = 'promise_kept' OR kind = 'remedy' OR kind = 'satisfaction' OR kind = 'root_cause'" \
	" OR (kind = 'step' AND (to_state = 'resolved' OR to_state = 'withdrawn')))"

/* When the pause event e ended, as the report reads it (the same SQL on
 * both stores): the complaint's next resume, or a step to closed or
 * withdrawn, which end a pause too; NULL while it goes on. */
#define PAUSE_ENDED \
	" CASE WHEN e.kind = 'pause' THEN (SELECT d.at FROM events d" \
	"  WHERE d.complaint_id = e.complaint_id AND d.id > e.id AND (d.kind = 'resume'" \
	"  OR (d.kind = 'step' AND (d.to_state = 'closed' OR d.to_state = 'withdrawn')))" \
	"  ORDER BY d.id LIMIT 1) END"

/* Read by sr_read_complaint, from complaints c. */
#define COMPLAINT_COLS \
	"c.id, c.site, c.channel, c.category, c.severity, c.customer, c.phone, c.plate, c.reference," \
	" c.description, c.request, c.need, c.behaviour, c.receiver, c.owner, c.received_at," \
	" c.updated_at, c.state, c.esc_level, c.esc_role, c.reopen_count, c.paused_since," \
	" c.resolved_at, c.closed_at, c.awaiting"
/* The columns an insert of a complaint sets, in COMPLAINT_COLS order
 * after the id. */
#define COMPLAINT_SET_COLS \
	"site, channel, category, severity, customer, phone, plate, reference," \
	" description, request, need, behaviour, receiver, owner, received_at, updated_at, state," \
	" esc_level, esc_role, reopen_count, paused_since, resolved_at, closed_at, awaiting"
/* Read by sr_read_clock, from clocks k. */
#define CLOCK_COLS "k.complaint_id, k.kind, k.seq, k.ref, k.started_at, k.due_at, k.met_at," \
		   " k.stopped_at, k.paused_since"
#define CLOCK_NCOLS 9
/* Read by sr_read_event; EVENT_ROW adds the salt and the hash. */
#define EVENT_COLS "id, complaint_id, at, actor, kind, from_state, to_state, note, data"
#define EVENT_ROW EVENT_COLS ", salt, hash"
#define AUDIT_COLS "id, at, actor, kind, complaint_id, data, hash"
#define USER_COLS "name, display, role, sites, unix_user, pin_hash, disabled, failures, retry_at," \
		  " created_at, updated_at, email, webhook, lang"
#define MSG_COLS "id, complaint_id, kind, cause, recipient, channel, address, lang, subject, body," \
		 " created_at, due_at, state, attempts, next_at, last_error, sent_at"
/* The same of outbox o (joined), and with the attachment after them. */
#define MSG_COLS_O "o.id, o.complaint_id, o.kind, o.cause, o.recipient, o.channel, o.address, o.lang," \
		   " o.subject, o.body, o.created_at, o.due_at, o.state, o.attempts, o.next_at, o.last_error," \
		   " o.sent_at"
#define MSG_NCOLS 17
/* The complaint's columns every report fact carries (NFACT of them). The
 * customer is the customer key, not the phone: it stays when a phone is
 * purged. */
#define FACT_COLS "c.id, c.site, c.owner, c.channel, c.category, c.severity, c.need," \
		  " c.behaviour, CASE WHEN c.phone IS NOT NULL OR c.ckey IS NOT NULL" \
		  " THEN coalesce(c.ckey, c.id) END, c.received_at, c.state, c.reopen_count"
#define NFACT 12
/* The clocks stream's rows (sr_fact_clock): clock instances k with their
 * complaints c; ref is left out, so that clocks_due covers the query. */
#define CLOCK_FACTS "SELECT " FACT_COLS ", k.complaint_id, k.kind, k.seq, NULL, k.started_at, k.due_at," \
		    " k.met_at, k.stopped_at, k.paused_since FROM clocks k JOIN complaints c ON c.id = k.complaint_id"
/* A complaint's kept facts, read by sr_read_kept, from report_facts f. */
#define KEPT_COLS "f.first_contact, f.first_resolved, f.last_touch, f.last_at, f.silence," \
		  " f.contacts, f.feedbacks, f.promises, f.answered, f.side"
#define KEPT_SET_COLS "complaint_id, first_contact, first_resolved, last_touch, last_at, silence," \
		      " contacts, feedbacks, promises, answered, side"
#define NKEPT 10
/* Whether report_facts f has the complaint's row, as a number on both stores. */
#define KEPT_HAS "CASE WHEN f.complaint_id IS NULL THEN 0 ELSE 1 END"
/* Upserting a complaint's facts: the statement's tail after its VALUES. */
#define KEPT_UPSERT " ON CONFLICT(complaint_id) DO UPDATE SET first_contact = excluded.first_contact," \
	" first_resolved = excluded.first_resolved, last_touch = excluded.last_touch," \
	" last_at = excluded.last_at, silence = excluded.silence, contacts = excluded.contacts," \
	" feedbacks = excluded.feedbacks, promises = excluded.promises, answered = excluded.answered," \
	" side = excluded.side"

/* A result row of either engine. The text is borrowed (NULL for NULL);
 * a number reads NULL as 0. */
struct srow;
struct srow_ops {
	const char *(*text)(const struct srow *r, int col);
	int64_t (*i64)(const struct srow *r, int col);
	double (*dbl)(const struct srow *r, int col);
	int (*null)(const struct srow *r, int col);
	int (*cols)(const struct srow *r); /* how many columns the row has */
};
struct srow {
	const struct srow_ops *ops;
	void *h;  /* the statement or the result */
	int row;
};

static inline const char *sr_text(const struct srow *r, int i) { return r->ops->text(r, i); }
static inline int64_t sr_i64(const struct srow *r, int i) { return r->ops->i64(r, i); }
static inline int sr_int(const struct srow *r, int i) { return (int)r->ops->i64(r, i); }
/* A copy of the text, or NULL. */
char *sr_dup(const struct srow *r, int i);
/* A time, CD_TIME_NONE for NULL. */
cd_time sr_time(const struct srow *r, int i);

/* The columns at base in COMPLAINT_COLS order. */
void sr_read_complaint(const struct srow *r, int base, struct cd_complaint *c);
/* The CLOCK_NCOLS columns at base in CLOCK_COLS order. */
void sr_read_clock(const struct srow *r, int base, struct cd_clock *k);
/* EVENT_COLS from the first column. */
void sr_read_event(const struct srow *r, struct cd_event *e);
/* AUDIT_COLS, borrowed like the row. */
void sr_read_audit(const struct srow *r, struct cd_audit *a);
void sr_read_user(const struct srow *r, struct cd_user *u);
/* MSG_COLS, and the attachment after them when the row has it. */
void sr_read_message(const struct srow *r, struct cd_message *m);

/* Writing clocks: only those that changed are written (an action usually
 * moves one, and each write moves two indexes). drop is called for each
 * clock of old that l no longer has, put for each of l that is new
 * (is_new: old has none of its kind and number) or changed; the first
 * non-zero return stops and is returned. */
typedef int (*sr_clock_fn)(void *ctx, int64_t id, const struct cd_clock *k, int is_new);
int sr_clock_changes(const struct cd_clocks *old, const struct cd_clocks *l, int64_t id, sr_clock_fn drop,
		     sr_clock_fn put, void *ctx);
/* The queue's order: the earliest deadline still running (CD_TIME_NONE). */
cd_time sr_next_due(const struct cd_clocks *l);

/* Copying: table t's SELECT of every row in its order, or its INSERT of
 * one with parameters written mark and number (?1 or $1). Freed by the
 * caller. */
char *sr_table_sql(const struct store_table *t, int insert, char mark);
/* Whether a table of that name is one of store_tables. */
int sr_table_known(const char *name);

/* Report facts: FACT_COLS, then what each stream adds (see the stores'
 * report files, whose queries have these columns in this order). The
 * texts are borrowed. */
void sr_read_fact(const struct srow *r, struct rp_fact *f);
typedef void (*sr_fact_fn)(const struct srow *r, struct rp_fact *f);
void sr_fact_received(const struct srow *r, struct rp_fact *f);
void sr_fact_event(const struct srow *r, struct rp_fact *f);
void sr_fact_clock(const struct srow *r, struct rp_fact *f);
void sr_fact_open(const struct srow *r, struct rp_fact *f);
/* The NKEPT columns at base in KEPT_COLS order; the side is borrowed
 * like the row. */
void sr_read_kept(const struct srow *r, int base, struct rp_kept *k);
/* A row of store_kept_log: the complaint's id and receipt, its event
 * (kind, at, state entered, a root cause's side), whether it has facts
 * kept, then KEPT_COLS; borrowed like the row, into k. */
void sr_read_kept_row(const struct srow *r, struct store_kept_row *w, struct rp_kept *k);

#endif
