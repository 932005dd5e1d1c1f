/* The PostgreSQL store (libpq): what its files share and their tables of
 * operations. Private to src/store/pg*.c; only src/store/ includes
 * libpq-fe.h.
 *
 * Every statement is sent with its values as parameters (text format),
 * the static ones prepared once per connection and named by their place
 * in a small cache keyed by their SQL text. A result is read whole before
 * any callback runs, so a callback may write on the same connection. */
#ifndef CDESK_STORE_PG_H
#define CDESK_STORE_PG_H

#include <libpq-fe.h>
#include "rows.h"
#include "store.h"

#define PG_CACHE_SIZE 96
#define PG_MAX_PARAMS 32

/* The write lock: a transaction-scoped advisory lock on this pair of keys
 * ("cdsk", 1), taken by store_begin before anything is read. */
#define PG_LOCK_KEYS "1667527531, 1"

struct pg_store {
	struct cd_store base; /* first: a struct cd_store * is one of these */
	PGconn *conn;
	char *name;  /* the database as shown in messages: no password */
	const char *cache[PG_CACHE_SIZE]; /* the statement prepared as "c<i>" */
	int ncache;
	int depth;   /* nesting of store_begin: inner levels are savepoints */
	int wrote;   /* the open transaction changed something: NOTIFY at commit */
	int bulk;    /* inside store_begin_bulk */
	int bulk_broken; /* an action inside the bulk load was rolled back */
	long long bulk_rows; /* complaints the load has added (told to waiters) */
	int vacuum;  /* a purge committed: VACUUM what it changed (see pg_purged) */
	uint64_t notes; /* notifications from other connections so far */
	char sqlstate[6]; /* of the last statement that failed */
	char *ident;  /* the database's oid: a connection made again must reach the same */
	int gone;     /* it did not: the connection is closed for good */
	char *copy_sql[2][STORE_MAX_TABLES]; /* each table's SELECT and INSERT (pg_copy.c) */
	const struct store_table *copying; /* the table a COPY FROM STDIN is putting rows in */
};

static inline struct pg_store *pg_of(struct cd_store *base) { return (struct pg_store *)(void *)base; }

/* The values of a statement, in $1, $2 … order, as text (NULL: NULL). */
struct pg_params {
	const char *v[PG_MAX_PARAMS];
	char buf[PG_MAX_PARAMS][24];
	int n;
	char *own[4]; /* values made for the statement (pp_take), freed by pp_free */
	int nown;
};
void pp_text(struct pg_params *p, const char *v);
void pp_int(struct pg_params *p, long long v);
/* CD_TIME_NONE is NULL. */
void pp_time(struct pg_params *p, cd_time t);
/* 0 is NULL (an id that is not there). */
void pp_id(struct pg_params *p, int64_t id);
/* A value made for this statement: freed with the parameters. */
void pp_take(struct pg_params *p, char *v);
void pp_free(struct pg_params *p);

/* Run a static statement (prepared once, kept) or a built one (sent as
 * is); NULL after filling err (what: what was being done). The result is
 * the caller's: PQclear it. */
PGresult *pg_run(struct pg_store *st, const char *sql, const struct pg_params *p, const char *what,
		 struct cd_err *err);
PGresult *pg_run_built(struct pg_store *st, const char *sql, const struct pg_params *p, const char *what,
		       struct cd_err *err);
/* pg_run for a statement whose rows are not wanted; *changed (or NULL)
 * says how many rows it changed. */
int pg_do(struct pg_store *st, const char *sql, const struct pg_params *p, int64_t *changed, const char *what,
	  struct cd_err *err);
/* Plain SQL without parameters (may hold several statements). */
int pg_exec(struct pg_store *st, const char *sql, const char *what, struct cd_err *err);
/* Fill err from a failed result (or the connection when res is NULL). */
int pg_fail(struct pg_store *st, const PGresult *res, const char *what, struct cd_err *err);
/* The one number a statement returns (0 when no row). */
int pg_number(struct pg_store *st, const char *sql, const struct pg_params *p, int64_t *n, const char *what,
	      struct cd_err *err);
/* The texts in the first column a static statement returns, added to out. */
int pg_strings(struct pg_store *st, const char *sql, const struct pg_params *p, struct strlist *out,
	       const char *what, struct cd_err *err);
/* Row i of res, for the readers of rows.h. */
struct srow pg_row(PGresult *res, int i);
/* The ids in the first column of res, to cb one by one (cb may write);
 * res is cleared. */
int pg_each_id(PGresult *res, store_id_cb cb, void *ctx);
/* The id and hash of the newest row sql returns (0 and "" when none). */
int pg_last_link(struct pg_store *st, const char *sql, struct store_link *l, struct cd_err *err);

/* What search finds text in: complaints.search (the searchable fields
 * with a space before each and two after the last, as SQLite's) with
 * ASCII letters folded to lower case, as SQLite's lower() folds them. The
 * GIN index complaints_search is on this very expression. */
#define PG_SEARCH_TEXT "translate(search, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

/* The search term for f->text (see pg_search.c): appended to sql with its
 * values added to p. */
struct strbuf;
void pg_search_term(struct strbuf *sql, struct pg_params *p, const char *text, int text_public);

/* Set up a new connection (quiet, UTF-8, listening for other desks). */
int pg_session(struct pg_store *st, struct cd_err *err);
/* Outside a transaction, connect again when the connection was lost
 * (a server restarted): the next action works again. */
int pg_reconnect(struct pg_store *st, struct cd_err *err);

/* Transactions (pg_tx.c). */
int pg_begin(struct cd_store *base, struct cd_err *err);
int pg_try_begin(struct cd_store *base, struct cd_err *err);
int pg_begin_bulk(struct cd_store *base, enum store_bulk kind, struct cd_err *err);
int pg_commit(struct cd_store *base, struct cd_err *err);
void pg_rollback(struct cd_store *base);

/* A bulk load counts the complaints it adds where waiters can see it. */
void pg_bulk_loaded(struct pg_store *st);

extern const struct store_ops pg_ops;
extern const struct store_record_ops pg_record_ops;
extern const struct store_report_ops pg_report_ops;
extern const struct store_trust_ops pg_trust_ops;
extern const struct store_outbox_ops pg_outbox_ops;
extern const struct store_copy_ops pg_copy_ops;
/* End a COPY that store_put_row began (a rollback ends it too). */
int pg_copy_end(struct pg_store *st, struct cd_err *err);
void pg_copy_abort(struct pg_store *st);
/* Free what copying built (at close). */
void pg_copy_drop(struct pg_store *st);

/* Whether where names a PostgreSQL database (a postgresql:// or
 * postgres:// URI). */
int pg_is_uri(const char *where);
/* Whether it has tables (or cannot be reached: then opening says why). */
int pg_exists(const char *conninfo);
/* Open and migrate it (see store_open). */
int pg_open(const char *conninfo, struct cd_store **out, struct cd_err *err);

/* The append-only guards as the migration makes them (pg_trust.c checks
 * them). */
extern const char PG_EVENTS_GUARD[];
extern const char PG_AUDIT_GUARD[];

#endif
