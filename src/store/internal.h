/* What the store's files share: the connection, the statement cache and
 * the binding helpers. Private to src/store/. */
#ifndef CDESK_STORE_INTERNAL_H
#define CDESK_STORE_INTERNAL_H

#include <sqlite3.h>
#include "cdesk/store.h"

#define CACHE_SIZE 64

struct cd_store {
	sqlite3 *db;
	char *path;
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[CACHE_SIZE];
	int ncache;
	int depth;   /* nesting of store_begin: inner levels are savepoints */
};

/* A cached prepared statement for static SQL text (reset, unbound). */
sqlite3_stmt *st_prep(struct cd_store *st, const char *sql, struct cd_err *err);
/* Reset a cached statement, finalise any other. */
void st_done(struct cd_store *st, sqlite3_stmt *stmt);
int st_exec(struct cd_store *st, const char *sql, struct cd_err *err);
/* Fill err from the connection's last error (busy, full, read-only …). */
int st_db_fail(struct cd_store *st, struct cd_err *err, const char *what);
void st_bind_text(sqlite3_stmt *s, int i, const char *v);
void st_bind_time(sqlite3_stmt *s, int i, cd_time t);
char *st_col_text(sqlite3_stmt *s, int i);
cd_time st_col_time(sqlite3_stmt *s, int i);

#endif
