/* The store: persistence only. Rows go in and come out; what they mean
 * (numbering and chaining events, sealing personal values, who may see
 * what) is the desk's. Only src/desk/ includes this header.
 *
 * A store is a table of operations (struct store_ops) behind struct
 * cd_store, so a second database engine is a second table: SQLite
 * (src/store/sqlite*.c) is the one there is. The operations are split by
 * concern: the record (complaints, events, clocks, escalations), the
 * report facts the analysis reads, and trust (accounts, the audit trail,
 * walking the chains, purging). The inline store_*() functions below call
 * through the table; each states its contract. */
#ifndef CDESK_STORE_H
#define CDESK_STORE_H

#include <stdint.h>
#include "cdesk/chain.h"
#include "cdesk/complaint.h"
#include "cdesk/notify.h"
#include "cdesk/people.h"
#include "cdesk/query.h"
#include "cdesk/report.h"
#include "cdesk/util.h"

/* Called now and then while a write waits for a bulk load (an import,
 * demo data) that holds the database: rows is how many complaints that
 * load has added so far. */
typedef void (*store_wait_cb)(void *ctx, long long rows);

struct cd_store {
	const struct store_ops *ops;
	int created;  /* store_open made a new, empty database */
	store_wait_cb on_wait; /* set by the desk; may be NULL */
	void *wait_ctx;
};

/* What a bulk load will do, so the store can prepare for it. */
enum store_bulk {
	STORE_BULK_APPEND,  /* adds complaints and acts on each just after (an import) */
	STORE_BULK_REVISIT, /* also acts again on complaints it added earlier (demo data) */
};

typedef int (*store_id_cb)(void *ctx, int64_t id);
typedef int (*store_complaint_cb)(void *ctx, struct cd_complaint *c);
typedef int (*store_clock_cb)(void *ctx, const struct cd_clock *k, const struct cd_complaint *c);
typedef int (*store_user_cb)(void *ctx, const struct cd_user *u);
typedef int (*store_audit_cb)(void *ctx, const struct cd_audit *a);
/* An event as stored, with the salt of its personal values (NULL: none)
 * and its stored hash (NULL: missing). */
typedef int (*store_event_cb)(void *ctx, const struct cd_event *e, const char *salt, const char *hash);

/* The newest row of a chain: its id (0 when there is none) and hash. */
struct store_link {
	int64_t id;
	char hash[CD_HASH_LEN];
};

struct store_record_ops {
	int (*insert_complaint)(struct cd_store *st, struct cd_complaint *c, struct cd_err *err);
	int (*update_complaint)(struct cd_store *st, const struct cd_complaint *c, struct cd_err *err);
	int (*get_complaint)(struct cd_store *st, int64_t id, struct cd_complaint *c, struct cd_err *err);
	int (*last_event)(struct cd_store *st, struct store_link *l, struct cd_err *err);
	int (*insert_event)(struct cd_store *st, const struct cd_event *e, const char *salt, const char *hash,
			    struct cd_err *err);
	int (*events)(struct cd_store *st, int64_t id, struct cd_events *out, struct cd_err *err);
	int (*replace_clocks)(struct cd_store *st, int64_t id, const struct cd_clocks *l, struct cd_err *err);
	int (*clocks)(struct cd_store *st, int64_t id, struct cd_clocks *out, struct cd_err *err);
	int (*list)(struct cd_store *st, const struct cd_filter *f, store_complaint_cb cb, void *ctx,
		    struct cd_err *err);
	int (*count)(struct cd_store *st, const struct cd_filter *f, int64_t *n, struct cd_err *err);
	int (*open_clocks)(struct cd_store *st, cd_time before, const struct cd_filter *f, store_clock_cb cb,
			   void *ctx, struct cd_err *err);
	int (*rules_fired)(struct cd_store *st, int64_t id, struct strlist *out, struct cd_err *err);
	int (*mark_rule)(struct cd_store *st, int64_t id, const char *rule, int64_t event_id, struct cd_err *err);
	int (*count_phone)(struct cd_store *st, const char *phone, cd_time from, cd_time to, int64_t *n,
			   struct cd_err *err);
	int (*sweep_candidates)(struct cd_store *st, cd_time due_before, cd_time received_before,
				store_id_cb cb, void *ctx, struct cd_err *err);
	int (*open_ids)(struct cd_store *st, store_id_cb cb, void *ctx, struct cd_err *err);
	int (*awaiting_ids)(struct cd_store *st, const char *sites, store_id_cb cb, void *ctx, struct cd_err *err);
};

/* A row of store_kept_log: one fact event of a complaint (see
 * rp_kept_counts), with the complaint's facts as kept (stored NULL: none
 * kept). Borrowed until the callback returns. */
struct store_kept_row {
	int64_t id;
	cd_time received;
	const char *kind;
	cd_time at;
	int to_state;
	const char *side;      /* a root cause's side */
	const struct rp_kept *stored;
};
typedef int (*store_kept_cb)(void *ctx, const struct store_kept_row *w);

struct store_report_ops {
	int (*received)(struct cd_store *st, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *ctx,
			struct cd_err *err);
	int (*events)(struct cd_store *st, cd_time lo, cd_time hi, const char *site, int with_complaint,
		      rp_fact_cb cb, void *ctx, struct cd_err *err);
	int (*clocks)(struct cd_store *st, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *ctx,
		      struct cd_err *err);
	int (*open_at)(struct cd_store *st, cd_time at, const char *site, rp_fact_cb cb, void *ctx,
		       struct cd_err *err);
	int (*count_received)(struct cd_store *st, cd_time lo, cd_time hi, const char *site, int64_t *n,
			      struct cd_err *err);
	int (*kept)(struct cd_store *st, cd_time lo, cd_time hi, const char *site, rp_fact_cb cb, void *ctx,
		    struct cd_err *err);
	int (*get_kept)(struct cd_store *st, int64_t id, struct rp_kept *k, int *found, struct cd_err *err);
	int (*put_kept)(struct cd_store *st, int64_t id, const struct rp_kept *k, struct cd_err *err);
	int (*kept_log)(struct cd_store *st, int64_t after, int64_t upto, store_kept_cb cb, void *ctx,
			int64_t *last, struct cd_err *err);
	int (*count_kept)(struct cd_store *st, int drop, int64_t *n, struct cd_err *err);
	int (*rows_of)(struct cd_store *st, int64_t lo, int64_t hi, rp_fact_cb on_event, rp_fact_cb on_clock,
		       void *ctx, struct cd_err *err);
	int (*live)(struct cd_store *st, cd_time lo, cd_time hi, const char *site, rp_fact_cb on_event,
		    rp_fact_cb on_clock, void *ctx, struct cd_err *err);
	int (*sums)(struct cd_store *st, int32_t from, int32_t to, const char *site, cd_time now, rp_sum_cb cb,
		    void *ctx, struct cd_err *err);
	int (*add_sum)(struct cd_store *st, const struct rp_sum *c, struct cd_err *err);
	int (*sums_set_aside)(struct cd_store *st, struct cd_err *err);
	int (*sums_differ)(struct cd_store *st, int64_t *n, struct cd_err *err);
	int (*sums_span)(struct cd_store *st, cd_time *lo, cd_time *hi, struct cd_err *err);
};

struct store_trust_ops {
	int (*user_count)(struct cd_store *st, int64_t *n, struct cd_err *err);
	int (*user_get)(struct cd_store *st, const char *name, struct cd_user *u, struct cd_err *err);
	int (*user_by_login)(struct cd_store *st, const char *login, struct cd_user *u, struct cd_err *err);
	int (*user_insert)(struct cd_store *st, const struct cd_user *u, struct cd_err *err);
	int (*user_update)(struct cd_store *st, const struct cd_user *u, struct cd_err *err);
	int (*users)(struct cd_store *st, store_user_cb cb, void *ctx, struct cd_err *err);
	int (*last_audit)(struct cd_store *st, struct store_link *l, struct cd_err *err);
	int (*audit_add)(struct cd_store *st, const struct cd_audit *a, struct cd_err *err);
	int (*audit_list)(struct cd_store *st, cd_time from, cd_time to, store_audit_cb cb, void *ctx,
			  struct cd_err *err);
	int (*walk_events)(struct cd_store *st, store_event_cb cb, void *ctx, struct cd_err *err);
	int (*walk_audit)(struct cd_store *st, store_audit_cb cb, void *ctx, struct cd_err *err);
	int (*purge_ids)(struct cd_store *st, cd_time before, store_id_cb cb, void *ctx, struct cd_err *err);
	int (*purge_complaint)(struct cd_store *st, int64_t id, struct cd_err *err);
	int (*personal_events)(struct cd_store *st, int64_t id, store_event_cb cb, void *ctx, struct cd_err *err);
	int (*seal_event)(struct cd_store *st, int64_t event_id, const char *data, struct cd_err *err);
	int (*purged)(struct cd_store *st, struct cd_err *err);
	int (*missing_protections)(struct cd_store *st, struct strlist *out, struct cd_err *err);
};

typedef int (*store_message_cb)(void *ctx, const struct cd_message *m);

/* The outbox: messages recorded with the event that causes them. */
struct store_outbox_ops {
	int (*add)(struct cd_store *st, const struct cd_message *m, int *added, struct cd_err *err);
	int (*causes)(struct cd_store *st, int64_t id, const char *kind, struct strlist *out, struct cd_err *err);
	int (*due)(struct cd_store *st, cd_time now, int limit, store_message_cb cb, void *ctx, struct cd_err *err);
	int (*claim)(struct cd_store *st, int64_t id, cd_time now, cd_time until, int *claimed, struct cd_err *err);
	int (*result)(struct cd_store *st, const struct cd_message *m, struct cd_err *err);
	int (*of_complaint)(struct cd_store *st, int64_t id, store_message_cb cb, void *ctx, struct cd_err *err);
	int (*of_recipient)(struct cd_store *st, const char *recipient, const char *sites, int limit,
			    store_message_cb cb, void *ctx, struct cd_err *err);
};

/* Moving a whole database into another store (desk_copy): each table's
 * rows as text, NULL for SQL NULL, in the order of columns, so any store
 * reads what any other writes. store_tables (store.c) names every table a
 * store keeps, but what it derives from them (a search index). */
struct store_table {
	const char *name;
	const char *columns;  /* comma-separated, as in the schema */
	int ncols;
	const char *key;      /* the ORDER BY that lists them oldest first */
	int nhex;             /* the last nhex columns are hashes and salts in hex (SQLite keeps their bytes) */
};
extern const struct store_table store_tables[]; /* ends with a NULL name */
#define STORE_MAX_TABLES 16
#define STORE_MAX_COLS 32
typedef int (*store_row_cb)(void *ctx, const char *const *vals);

struct store_copy_ops {
	int (*rows)(struct cd_store *st, const struct store_table *t, store_row_cb cb, void *ctx,
		    struct cd_err *err);
	int (*put_row)(struct cd_store *st, const struct store_table *t, const char *const *vals,
		       struct cd_err *err);
	int (*rows_done)(struct cd_store *st, struct cd_err *err);
};

struct store_ops {
	const char *name;  /* "sqlite" */
	void (*close)(struct cd_store *st);
	int (*begin)(struct cd_store *st, struct cd_err *err);
	int (*try_begin)(struct cd_store *st, struct cd_err *err);
	int (*begin_bulk)(struct cd_store *st, enum store_bulk kind, struct cd_err *err);
	int (*commit)(struct cd_store *st, struct cd_err *err);
	void (*rollback)(struct cd_store *st);
	int (*changes)(struct cd_store *st, uint64_t *token, struct cd_err *err);
	int (*meta_get)(struct cd_store *st, const char *key, char **val, struct cd_err *err);
	int (*meta_set)(struct cd_store *st, const char *key, const char *val, struct cd_err *err);
	const struct store_record_ops *record;
	const struct store_report_ops *report;
	const struct store_trust_ops *trust;
	const struct store_outbox_ops *outbox;
	const struct store_copy_ops *copy;
};

/* Lifecycle and transactions ------------------------------------------- */

/* Open (creating a new one with mode 0600) and migrate the database at
 * `where`: a file path is an SQLite database. A database newer than this
 * program, a file that is not a database, another program's database:
 * refused with CD_EDB, nothing changed. */
int store_open(const char *where, struct cd_store **out, struct cd_err *err);
/* The schema version this program writes. */
int store_schema_version(void);
/* Is there a database at `where`, so that store_open would not make one? */
int store_exists(const char *where);
/* Is where a database server's (a postgresql:// URI), not a file? */
int store_on_server(const char *where);

static inline void store_close(struct cd_store *st)
{
	if (st)
		st->ops->close(st);
}

/* A transaction that takes the write lock before anything is read: until
 * commit or rollback no other connection appends an event or an audit
 * row, so the newest of each stays the newest. Nested begins are
 * savepoints: an inner rollback undoes only its own part. The outermost
 * begin refuses (CD_EDB) when the database is no longer the one opened
 * (its file deleted or replaced), so nothing is written into the void. */
static inline int store_begin(struct cd_store *st, struct cd_err *err) { return st->ops->begin(st, err); }
/* store_begin, but returns 1 at once (nothing begun) when another
 * connection holds the write lock. */
static inline int store_try_begin(struct cd_store *st, struct cd_err *err) { return st->ops->try_begin(st, err); }
/* A transaction of many complaints (an import, demo data), all or
 * nothing: an action that fails inside it breaks the whole load, whose
 * commit then refuses. */
static inline int store_begin_bulk(struct cd_store *st, enum store_bulk kind, struct cd_err *err)
{
	return st->ops->begin_bulk(st, kind, err);
}
static inline int store_commit(struct cd_store *st, struct cd_err *err) { return st->ops->commit(st, err); }
static inline void store_rollback(struct cd_store *st) { st->ops->rollback(st); }

/* A token that differs from the last one given whenever another
 * connection has committed a change since: cheap enough to ask twice a
 * second, so an open desk sees other terminals' work. Refuses as
 * store_begin does when the database is gone. */
static inline int store_changes(struct cd_store *st, uint64_t *token, struct cd_err *err)
{
	return st->ops->changes(st, token, err);
}

/* Settings kept with the data (the config hash …); *val is the caller's,
 * NULL when the key is missing. */
static inline int store_meta_get(struct cd_store *st, const char *key, char **val, struct cd_err *err)
{
	return st->ops->meta_get(st, key, val, err);
}
static inline int store_meta_set(struct cd_store *st, const char *key, const char *val, struct cd_err *err)
{
	return st->ops->meta_set(st, key, val, err);
}

/* The record --------------------------------------------------------------- */

/* Insert c (its id is assigned and written into c->id). */
static inline int store_insert_complaint(struct cd_store *st, struct cd_complaint *c, struct cd_err *err)
{
	return st->ops->record->insert_complaint(st, c, err);
}
static inline int store_update_complaint(struct cd_store *st, const struct cd_complaint *c, struct cd_err *err)
{
	return st->ops->record->update_complaint(st, c, err);
}
/* Fills c (cd_complaint_free after); CD_ENOTFOUND when there is none. */
static inline int store_get_complaint(struct cd_store *st, int64_t id, struct cd_complaint *c, struct cd_err *err)
{
	return st->ops->record->get_complaint(st, id, c, err);
}
/* The newest event's id and hash, for numbering and chaining the next. */
static inline int store_last_event(struct cd_store *st, struct store_link *l, struct cd_err *err)
{
	return st->ops->record->last_event(st, l, err);
}
/* Append e as numbered (e->id), with its salt (NULL: none) and hash. */
static inline int store_insert_event(struct cd_store *st, const struct cd_event *e, const char *salt,
				     const char *hash, struct cd_err *err)
{
	return st->ops->record->insert_event(st, e, salt, hash, err);
}
/* Every event of complaint id, oldest first. */
static inline int store_events(struct cd_store *st, int64_t id, struct cd_events *out, struct cd_err *err)
{
	return st->ops->record->events(st, id, out, err);
}
/* Make l the clock instances of complaint id (and its soonest open
 * deadline the queue's order). */
static inline int store_replace_clocks(struct cd_store *st, int64_t id, const struct cd_clocks *l,
				       struct cd_err *err)
{
	return st->ops->record->replace_clocks(st, id, l, err);
}
/* Complaint id's clock instances: deadlines first, promises last. */
static inline int store_clocks(struct cd_store *st, int64_t id, struct cd_clocks *out, struct cd_err *err)
{
	return st->ops->record->clocks(st, id, out, err);
}
/* Each complaint matching f, in f's order and within its limit; c is
 * freed after cb, and cb returning non-zero stops the walk. */
static inline int store_list(struct cd_store *st, const struct cd_filter *f, store_complaint_cb cb, void *ctx,
			     struct cd_err *err)
{
	return st->ops->record->list(st, f, cb, ctx, err);
}
/* How many complaints match f (its limit and offset aside). */
static inline int store_count(struct cd_store *st, const struct cd_filter *f, int64_t *n, struct cd_err *err)
{
	return st->ops->record->count(st, f, n, err);
}
/* Open clock instances (neither met nor stopped) due before `before`
 * (CD_TIME_NONE: any), soonest first, each with its complaint; f (or
 * NULL) narrows by site, sites and owner, and limits. */
static inline int store_open_clocks(struct cd_store *st, cd_time before, const struct cd_filter *f,
				    store_clock_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->record->open_clocks(st, before, f, cb, ctx, err);
}
/* The ids of the escalation rules that have fired on complaint id. */
static inline int store_rules_fired(struct cd_store *st, int64_t id, struct strlist *out, struct cd_err *err)
{
	return st->ops->record->rules_fired(st, id, out, err);
}
static inline int store_mark_rule(struct cd_store *st, int64_t id, const char *rule, int64_t event_id,
				  struct cd_err *err)
{
	return st->ops->record->mark_rule(st, id, rule, event_id, err);
}
/* Complaints from phone received in [from, to]. */
static inline int store_count_phone(struct cd_store *st, const char *phone, cd_time from, cd_time to,
				    int64_t *n, struct cd_err *err)
{
	return st->ops->record->count_phone(st, phone, from, to, n, err);
}
/* Complaints a sweep must look at: an open clock due before due_before,
 * or still open and received before received_before. cb may write. */
static inline int store_sweep_candidates(struct cd_store *st, cd_time due_before, cd_time received_before,
					 store_id_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->record->sweep_candidates(st, due_before, received_before, cb, ctx, err);
}
/* Every complaint that is neither closed nor withdrawn. cb may write. */
static inline int store_open_ids(struct cd_store *st, store_id_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->record->open_ids(st, cb, ctx, err);
}
/* Complaints with a remedy awaiting approval at sites (joined by commas;
 * NULL: any), oldest request first. */
static inline int store_awaiting_ids(struct cd_store *st, const char *sites, store_id_cb cb, void *ctx,
				     struct cd_err *err)
{
	return st->ops->record->awaiting_ids(st, sites, cb, ctx, err);
}

/* Report facts (see report.h for what each stream holds) ------------------ */

static inline int store_report_received(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
					rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->report->received(st, lo, hi, site, cb, ctx, err);
}
static inline int store_report_events(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
				      int with_complaint, rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->report->events(st, lo, hi, site, with_complaint, cb, ctx, err);
}
static inline int store_report_clocks(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
				      rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->report->clocks(st, lo, hi, site, cb, ctx, err);
}
static inline int store_report_open_at(struct cd_store *st, cd_time at, const char *site, rp_fact_cb cb,
				       void *ctx, struct cd_err *err)
{
	return st->ops->report->open_at(st, at, site, cb, ctx, err);
}
static inline int store_count_received(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
				       int64_t *n, struct cd_err *err)
{
	return st->ops->report->count_received(st, lo, hi, site, n, err);
}

/* Complaints received in [lo, hi) with their kept facts (rp_source.kept). */
static inline int store_report_kept(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
				    rp_fact_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->report->kept(st, lo, hi, site, cb, ctx, err);
}
/* A complaint's kept facts (*found 0: none); the side is the caller's to
 * free (rp_kept_free). */
static inline int store_get_kept(struct cd_store *st, int64_t id, struct rp_kept *k, int *found,
				 struct cd_err *err)
{
	return st->ops->report->get_kept(st, id, k, found, err);
}
/* Keep a complaint's facts, in place of those it had. */
static inline int store_put_kept(struct cd_store *st, int64_t id, const struct rp_kept *k, struct cd_err *err)
{
	return st->ops->report->put_kept(st, id, k, err);
}
/* The fact events of the complaints with ids in (after, upto], oldest
 * first by complaint and event, each with the facts kept for it; *last
 * is the newest complaint's id (0: none). */
static inline int store_kept_log(struct cd_store *st, int64_t after, int64_t upto, store_kept_cb cb, void *ctx,
				 int64_t *last, struct cd_err *err)
{
	return st->ops->report->kept_log(st, after, upto, cb, ctx, last, err);
}
/* How many complaints have facts kept; with drop, forget them all. */
static inline int store_count_kept(struct cd_store *st, int drop, int64_t *n, struct cd_err *err)
{
	return st->ops->report->count_kept(st, drop, n, err);
}
/* The day sums (see rp_sum) ---------------------------------------------- */

/* The rows the sums come from of the complaints with ids in [lo, hi]:
 * their events of the events stream (to on_event) and their clock
 * instances (to on_clock). */
static inline int store_report_rows_of(struct cd_store *st, int64_t lo, int64_t hi, rp_fact_cb on_event,
				       rp_fact_cb on_clock, void *ctx, struct cd_err *err)
{
	return st->ops->report->rows_of(st, lo, hi, on_event, on_clock, ctx, err);
}
/* What the sums leave out (rp_source.live). */
static inline int store_report_live(struct cd_store *st, cd_time lo, cd_time hi, const char *site,
				    rp_fact_cb on_event, rp_fact_cb on_clock, void *ctx, struct cd_err *err)
{
	return st->ops->report->live(st, lo, hi, site, on_event, on_clock, ctx, err);
}
/* The sums of local days [from, to) per cell (rp_source.sums). */
static inline int store_report_sums(struct cd_store *st, int32_t from, int32_t to, const char *site, cd_time now,
				    rp_sum_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->report->sums(st, from, to, site, now, cb, ctx, err);
}
/* Add c's numbers to its cell's (made when it has none). */
static inline int store_add_sum(struct cd_store *st, const struct rp_sum *c, struct cd_err *err)
{
	return st->ops->report->add_sum(st, c, err);
}
/* Rebuilding: keep the sums aside for store_sums_differ, and start from none. */
static inline int store_sums_set_aside(struct cd_store *st, struct cd_err *err)
{
	return st->ops->report->sums_set_aside(st, err);
}
/* How many cells differ between the sums now and those set aside. */
static inline int store_sums_differ(struct cd_store *st, int64_t *n, struct cd_err *err)
{
	return st->ops->report->sums_differ(st, n, err);
}

/* The instants the events and clocks of the sums lie in: [*lo, *hi). */
static inline int store_sums_span(struct cd_store *st, cd_time *lo, cd_time *hi, struct cd_err *err)
{
	return st->ops->report->sums_span(st, lo, hi, err);
}

/* Derive every complaint's facts from the event log (store.c): with
 * check, compare them with those kept and count the complaints whose
 * differ (or kept for a complaint with no fact events) in *differ;
 * without, keep them in place of the old. Inside a transaction. */
int store_rebuild_kept(struct cd_store *st, int check, int64_t *differ, int64_t *complaints, struct cd_err *err);

/* Trust -------------------------------------------------------------------- */

static inline int store_user_count(struct cd_store *st, int64_t *n, struct cd_err *err)
{
	return st->ops->trust->user_count(st, n, err);
}
/* CD_ENOTFOUND when there is no such account. */
static inline int store_user_get(struct cd_store *st, const char *name, struct cd_user *u, struct cd_err *err)
{
	return st->ops->trust->user_get(st, name, u, err);
}
/* The account a system login is: the one with that unix_user, else the
 * one of that name without one. */
static inline int store_user_by_login(struct cd_store *st, const char *login, struct cd_user *u,
				      struct cd_err *err)
{
	return st->ops->trust->user_by_login(st, login, u, err);
}
/* CD_EINPUT naming the clash when the name or login is taken. */
static inline int store_user_insert(struct cd_store *st, const struct cd_user *u, struct cd_err *err)
{
	return st->ops->trust->user_insert(st, u, err);
}
static inline int store_user_update(struct cd_store *st, const struct cd_user *u, struct cd_err *err)
{
	return st->ops->trust->user_update(st, u, err);
}
/* Every account, by name. */
static inline int store_users(struct cd_store *st, store_user_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->trust->users(st, cb, ctx, err);
}
static inline int store_last_audit(struct cd_store *st, struct store_link *l, struct cd_err *err)
{
	return st->ops->trust->last_audit(st, l, err);
}
/* Append a as numbered (a->id) and hashed (a->hash). */
static inline int store_audit_add(struct cd_store *st, const struct cd_audit *a, struct cd_err *err)
{
	return st->ops->trust->audit_add(st, a, err);
}
/* Audit rows with at in [from, to) (CD_TIME_NONE: unbounded), oldest first. */
static inline int store_audit_list(struct cd_store *st, cd_time from, cd_time to, store_audit_cb cb, void *ctx,
				   struct cd_err *err)
{
	return st->ops->trust->audit_list(st, from, to, cb, ctx, err);
}
/* Every event, or every audit row, in id order, as stored. */
static inline int store_walk_events(struct cd_store *st, store_event_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->trust->walk_events(st, cb, ctx, err);
}
static inline int store_walk_audit(struct cd_store *st, store_audit_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->trust->walk_audit(st, cb, ctx, err);
}
/* Complaints closed or withdrawn before `before` that still hold a
 * customer, phone or plate. cb may write. */
static inline int store_purge_ids(struct cd_store *st, cd_time before, store_id_cb cb, void *ctx,
				  struct cd_err *err)
{
	return st->ops->trust->purge_ids(st, before, cb, ctx, err);
}
/* Remove complaint id's customer, phone and plate, keeping its customer
 * key (repeat complainants are still counted as such). */
static inline int store_purge_complaint(struct cd_store *st, int64_t id, struct cd_err *err)
{
	return st->ops->trust->purge_complaint(st, id, err);
}
/* The events of complaint id that have a salt (hold personal values). */
static inline int store_personal_events(struct cd_store *st, int64_t id, store_event_cb cb, void *ctx,
					struct cd_err *err)
{
	return st->ops->trust->personal_events(st, id, cb, ctx, err);
}
/* The one change the event log allows: an event's data replaced by its
 * sealed form, and its salt dropped. */
static inline int store_seal_event(struct cd_store *st, int64_t event_id, const char *data, struct cd_err *err)
{
	return st->ops->trust->seal_event(st, event_id, data, err);
}
/* After purging: make sure no index or free page still holds what was
 * removed. */
static inline int store_purged(struct cd_store *st, struct cd_err *err) { return st->ops->trust->purged(st, err); }
/* The protections of the record that are not as the store made them (the
 * append-only rules on the event log and the audit trail, dropped or
 * changed by someone with the file or the server): their names added to
 * out, in words. */
static inline int store_missing_protections(struct cd_store *st, struct strlist *out, struct cd_err *err)
{
	return st->ops->trust->missing_protections(st, out, err);
}

/* The outbox ------------------------------------------------------------- */

/* Record m (its id, attempts, state and times as given) unless a message
 * of the same complaint, kind, cause, recipient, channel and address is
 * there: *added says which. complaint_id 0 (a digest, a report) is kept
 * as no complaint, and counts as one value for the once. The attachment
 * (NULL: none) is kept with it. */
static inline int store_outbox_add(struct cd_store *st, const struct cd_message *m, int *added, struct cd_err *err)
{
	return st->ops->outbox->add(st, m, added, err);
}
/* The causes of complaint id's messages of kind recorded so far. */
static inline int store_outbox_causes(struct cd_store *st, int64_t id, const char *kind, struct strlist *out,
				      struct cd_err *err)
{
	return st->ops->outbox->causes(st, id, kind, out, err);
}
/* Pending or sending messages whose next_at has come at now, oldest
 * first, at most limit, with their attachment; m lives until cb returns. */
static inline int store_outbox_due(struct cd_store *st, cd_time now, int limit, store_message_cb cb, void *ctx,
				   struct cd_err *err)
{
	return st->ops->outbox->due(st, now, limit, cb, ctx, err);
}
/* Take message id for a try: if it is still due at now, it becomes
 * sending with one more attempt and next_at until (*claimed 1). */
static inline int store_outbox_claim(struct cd_store *st, int64_t id, cd_time now, cd_time until, int *claimed,
				     struct cd_err *err)
{
	return st->ops->outbox->claim(st, id, now, until, claimed, err);
}
/* Write a try's outcome: m's state, next_at, last_error, sent_at. */
static inline int store_outbox_result(struct cd_store *st, const struct cd_message *m, struct cd_err *err)
{
	return st->ops->outbox->result(st, m, err);
}
/* Every message about complaint id, oldest first. */
static inline int store_outbox_of(struct cd_store *st, int64_t id, store_message_cb cb, void *ctx,
				  struct cd_err *err)
{
	return st->ops->outbox->of_complaint(st, id, cb, ctx, err);
}
/* The messages addressed to recipient (an account's name) and, when
 * sites is not NULL ("*": every site, else site ids joined by commas),
 * those about complaints at those sites too; newest first, at most limit
 * (0: all). Their attachment is not read (NULL). */
static inline int store_outbox_of_recipient(struct cd_store *st, const char *recipient, const char *sites,
					    int limit, store_message_cb cb, void *ctx, struct cd_err *err)
{
	return st->ops->outbox->of_recipient(st, recipient, sites, limit, cb, ctx, err);
}

/* Copying ----------------------------------------------------------------- */

/* Every row of table t, in t->key's order; cb returning non-zero stops. */
static inline int store_rows(struct cd_store *st, const struct store_table *t, store_row_cb cb, void *ctx,
			     struct cd_err *err)
{
	return st->ops->copy->rows(st, t, cb, ctx, err);
}
/* Add one row to table t as it was, its ids kept. A database store_open
 * has just made has no row in any of store_tables, nor in meta. */
static inline int store_put_row(struct cd_store *st, const struct store_table *t, const char *const *vals,
				struct cd_err *err)
{
	return st->ops->copy->put_row(st, t, vals, err);
}
/* After the last row put: bring what the store derives from its rows
 * (the next id each table gives, indexes kept apart) up to date. */
static inline int store_rows_done(struct cd_store *st, struct cd_err *err)
{
	return st->ops->copy->rows_done(st, err);
}

#endif
