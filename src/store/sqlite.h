/* The SQLite store: what its files share (the connection, the statement
 * cache, the work cache and the binding helpers) and their tables of
 * operations. Private to src/store/sqlite*.c. */
#ifndef CDESK_STORE_SQLITE_H
#define CDESK_STORE_SQLITE_H

#include <sqlite3.h>
#include <sys/types.h>
#include "rows.h"
#include "store.h"

#define CACHE_SIZE 64

/* The same sets as migration 2 wrote them (its indexes are replaced in 4). */
#define CD_REPORT_EVENTS_V2 \
	"(kind IN ('escalation','remedy','satisfaction','root_cause')" \
	" OR (kind = 'step' AND to_state IN ('resolved','closed','withdrawn','reopened')))"
#define CD_FACT_EVENTS_V2 \
	"(kind IN ('received','contact','feedback','promise','promise_kept','remedy'," \
	"'satisfaction','root_cause') OR (kind = 'step' AND to_state IN ('resolved','withdrawn')))"

/* A complaint c at one of the sites bound as a comma-joined list. */
#define CD_SITES_TERM "instr(',' || ? || ',', ',' || c.site || ',') > 0"

/* The complaint an open transaction is working on (see cache.c). */
struct st_work {
	int64_t id;
	int has_c, has_ev, has_k, has_fired;
	struct cd_complaint c;
	struct cd_events ev;
	struct cd_clocks k;
	struct strlist fired; /* the rules that fired on it (bulk loads) */
	/* In a bulk load its progress columns and clocks are written once the
	 * load is done with it (st_flush_work); saved_k is what the database
	 * holds of its clocks meanwhile. */
	int dirty_c, dirty_k;
	struct cd_clocks saved_k;
};

/* What a bulk load remembers across its actions: the last repeat-customer
 * count (until a complaint is added or changed), and the accounts (until
 * one is added or changed: only this connection can, while it holds the
 * lock). */
struct st_memo {
	int has_count;
	char *phone;
	cd_time from, to;
	int64_t count;
	int has_users;
	struct cd_user *users;
	size_t nusers;
};

/* A wait for the write lock (sqlite_wait.c): when it began, when the
 * bulk load holding the lock last moved, and how far it was. */
struct st_wait {
	long long since, moved, told, rows;
};

/* How long a writer waits for the lock without progress (milliseconds). */
#define ST_WAIT_MS 10000

struct sq_store {
	struct cd_store base; /* first: a struct cd_store * is one of these */
	sqlite3 *db;
	char *path;
	dev_t dev;   /* the file opened: a path that names another is not it */
	ino_t ino;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[CACHE_SIZE];
	int ncache;
	int depth;   /* nesting of store_begin: inner levels are savepoints */
	int purging; /* the event log may be updated (see purge_in_progress) */
	struct st_work work;
	struct st_memo memo;
	int64_t bulk_from; /* a bulk load indexes complaints after this id at its end; -1 none */
	int bulk_broken;   /* an action inside the bulk load was rolled back: the load must be too */
	struct cd_err bulk_err; /* why, when it was a write the load had kept back */
	int bulk_fd;       /* the DB-bulk file this load announces itself in; -1 none */
	long long bulk_rows; /* complaints the load has added */
	long long bulk_added; /* the same, counted for st_unindex_if_large */
	char *bulk_indexes;  /* the SQL of the indexes the load dropped, made again at its end; NULL none */
	int busy_ms;       /* how long a wait for the lock may go without progress */
	struct st_wait wait;
	char *copy_sql[2][STORE_MAX_TABLES]; /* each table's SELECT and INSERT (sqlite_copy.c) */
};

static inline struct sq_store *sq_of(struct cd_store *base) { return (struct sq_store *)(void *)base; }

/* The operations of the report facts and of trust (sqlite_report.c,
 * sqlite_trust.c). */
extern const struct store_report_ops sq_report_ops;
extern const struct store_trust_ops sq_trust_ops;
extern const struct store_outbox_ops sq_outbox_ops; /* sqlite_outbox.c */
extern const struct store_copy_ops sq_copy_ops;     /* sqlite_copy.c */
/* Free what copying built (at close, after the statements). */
void st_copy_drop(struct sq_store *st);
/* Open the SQLite database at path (see store_open). */
int sq_open(const char *path, struct cd_store **out, struct cd_err *err);
/* The schema version this program writes. */
int sq_schema_version(void);

/* Inside a bulk load (store_begin_bulk). */
int st_in_bulk(const struct sq_store *st);
/* Write what the bulk load kept back of its work complaint. On failure
 * the load is broken too (its commit refuses). */
int st_flush_work(struct sq_store *st, struct cd_err *err);
/* Forget the bulk load's memo of the repeat-customer count, or of the
 * accounts. */
void st_memo_forget_count(struct sq_store *st);
void st_memo_forget_users(struct sq_store *st);

/* Bulk loads announce themselves beside the database, so writers wait
 * for them as long as they make progress (sqlite_wait.c): at the load's
 * start, at each complaint it adds, before its commit, and at its end. */
void st_bulk_announce(struct sq_store *st);
void st_bulk_loaded(struct sq_store *st);
void st_bulk_committing(struct sq_store *st);
void st_bulk_done(struct sq_store *st);
/* A bulk load that has grown large against the database drops the
 * indexes it never reads (called at each complaint it adds), and makes
 * them again before its commit (sqlite_unindex.c). */
int st_unindex_if_large(struct sq_store *st, struct cd_err *err);
int st_reindex(struct sq_store *st, struct cd_err *err);
void st_unindex_done(struct sq_store *st);
/* SQLite's busy handler (ctx is the store). */
int st_busy(void *ctx, int tries);

/* The highest complaint id (0 when there are none). */
int64_t st_last_complaint(struct sq_store *st);

/* The full-text query that finds the complaints holding text (see
 * search.c), or NULL when the rows are better read one by one. */
int st_search_match(struct sq_store *st, const char *text, char **match, struct cd_err *err);
/* Whether so many complaints match that the first `wanted` in order are
 * best found by reading the complaints in that order. */
int st_search_dense(struct sq_store *st, const char *match, int64_t wanted);
/* The term that keeps only complaints holding :text (after the index). */
#define CD_TEXT_TERM "instr(lower(c.search), lower(:text))"
/* The same for someone who may not see personal data: the text in what is
 * not personal, or a whole phone or plate (which they must already know). */
#define CD_PUBLIC_TEXT_TERM \
	"(instr(lower(coalesce(c.reference, '') || ' ' || c.description), lower(:text))" \
	" OR c.phone = :text OR upper(c.plate) = upper(:text))"

/* The work cache: a get returns 1 with a copy when it holds the thing. */
void st_cache_drop(struct sq_store *st);
int st_cache_get_complaint(struct sq_store *st, int64_t id, struct cd_complaint *c);
void st_cache_put_complaint(struct sq_store *st, const struct cd_complaint *c);
const struct cd_complaint *st_cache_peek_complaint(const struct sq_store *st, int64_t id);
int st_cache_get_events(struct sq_store *st, int64_t id, struct cd_events *out);
void st_cache_put_events(struct sq_store *st, int64_t id, const struct cd_events *l);
void st_cache_add_event(struct sq_store *st, const struct cd_event *e);
int st_cache_get_clocks(struct sq_store *st, int64_t id, struct cd_clocks *out);
void st_cache_put_clocks(struct sq_store *st, int64_t id, const struct cd_clocks *l);
int st_cache_get_fired(struct sq_store *st, int64_t id, struct strlist *out);
void st_cache_put_fired(struct sq_store *st, int64_t id, const struct strlist *l);
void st_cache_add_fired(struct sq_store *st, int64_t id, const char *rule);

/* A cached prepared statement for static SQL text (reset, unbound). */
sqlite3_stmt *st_prep(struct sq_store *st, const char *sql, struct cd_err *err);
/* Reset a cached statement, finalise any other. */
void st_done(struct sq_store *st, sqlite3_stmt *stmt);
int st_exec(struct sq_store *st, const char *sql, struct cd_err *err);
/* Fill err from the connection's last error (busy, full, read-only …).
 * what is untranslated (N_): it is translated only on failure, since a
 * bulk load's every statement passes one and gettext is not free. */
int st_db_fail(struct sq_store *st, struct cd_err *err, const char *what);
/* Step a statement that returns no rows, then reset it. */
int st_step_done(struct sq_store *st, sqlite3_stmt *s, struct cd_err *err, const char *what);
/* The one integer sql (no parameters) gives, into *n; what names the read in an error. */
int st_number(struct sq_store *st, const char *sql, int64_t *n, const char *what, struct cd_err *err);
/* Collect the ids a statement returns, then call cb for each (it may write). */
int st_each_id(struct sq_store *st, sqlite3_stmt *s, store_id_cb cb, void *ctx, struct cd_err *err);
void st_bind_text(sqlite3_stmt *s, int i, const char *v);
void st_bind_time(sqlite3_stmt *s, int i, cd_time t);
/* A hash or salt in hex, bound as its bytes; column i read back as hex
 * (into out when it is bytes; NULL when NULL). */
void st_bind_hex(sqlite3_stmt *s, int i, const char *hex);
const char *st_col_hex(sqlite3_stmt *s, int i, char out[CD_HASH_LEN]);
char *st_col_text(sqlite3_stmt *s, int i);
cd_time st_col_time(sqlite3_stmt *s, int i);
/* The statement's current row, for the readers of rows.h. */
struct srow st_row(sqlite3_stmt *s);
/* A complaint's kept facts, read and written (sqlite_report.c); they
 * touch no complaint or clock, so a bulk load's kept work stays kept. */
extern const char SQL_GET_KEPT[], SQL_PUT_KEPT[];
/* The id and hash of the newest row sql returns (0 and "" when none). */
int st_last_link(struct sq_store *st, const char *sql, struct store_link *l, struct cd_err *err);

#endif
