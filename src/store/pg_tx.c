/* The PostgreSQL store's transactions. The write lock is a
 * transaction-scoped advisory lock taken right after BEGIN, before
 * anything is read, so events and audit rows are numbered and chained
 * without gaps however many desks on however many machines write.
 * Nested begins are savepoints, except inside a bulk load, which is all
 * or nothing: an action rolled back inside it breaks the load, and its
 * commit refuses. A committing write sends NOTIFY cdesk, which the other
 * desks' change tokens count.
 *
 * A writer waits for the lock as SQLite's busy handler does: as long as
 * the holder makes progress (another holder each time, or a bulk load's
 * count moving, which it shows in its application_name), and gives up
 * after PG_WAIT_MS without any. While a bulk load holds it, on_wait is
 * told its count about once a second. */
#define _GNU_SOURCE
#include "pg.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PG_WAIT_MS 10000
#define NOTE_EVERY 64 /* complaints between two updates of a load's count */
#define BULK_APP "cdesk bulk load "

static const char SQL_TRY_LOCK[] = "SELECT pg_try_advisory_xact_lock(" PG_LOCK_KEYS ")::int";
static const char SQL_WAIT_LOCK[] =
	"SET LOCAL lock_timeout = '1s'; SELECT pg_advisory_xact_lock(" PG_LOCK_KEYS ");"
	" SET LOCAL lock_timeout = DEFAULT";
/* Who holds the lock: its backend and what it calls itself. */
static const char SQL_HOLDER[] =
	"SELECT a.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
	" WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 1667527531 AND l.objid = 1"
	" AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int pg_reconnect(struct pg_store *st, struct cd_err *err)
{
	if (st->gone)
		return cd_fail(err, CD_EDB, _("the database %s was replaced by another since this desk opened it; "
					      "nothing was saved"), st->name);
	if (PQstatus(st->conn) == CONNECTION_OK)
		return 0;
	PQreset(st->conn);
	if (PQstatus(st->conn) != CONNECTION_OK)
		return pg_fail(st, NULL, NULL, err);
	st->notes++; /* what others did meanwhile was not heard */
	if (!pg_session(st, err))
		return 0;
	/* Another database: closed, so nothing reads or writes it (libpq
	 * takes a NULL connection as a bad one). */
	PQfinish(st->conn);
	st->conn = NULL;
	st->gone = 1;
	return -1;
}

/* The holder of the lock as "pid application_name", and a bulk load's
 * count (-1: not a load). */
static char *holder(struct pg_store *st, long long *rows)
{
	*rows = -1;
	PGresult *res = pg_run(st, SQL_HOLDER, NULL, NULL, NULL);
	if (!res)
		return NULL;
	char *who = NULL;
	if (PQntuples(res) > 0) {
		const char *app = PQgetvalue(res, 0, 1);
		who = xasprintf("%s %s", PQgetvalue(res, 0, 0), app);
		if (strncmp(app, BULK_APP, strlen(BULK_APP)) == 0)
			*rows = strtoll(app + strlen(BULK_APP), NULL, 10);
	}
	PQclear(res);
	return who;
}

struct waiting {
	long long moved, told;
	char *who;
};

/* After a second's wait in vain: note progress, tell the desk; 1 to go on
 * waiting, 0 to give up. */
static int still_waiting(struct pg_store *st, struct waiting *w)
{
	long long rows, now = now_ms();
	char *who = holder(st, &rows);
	if (!who || !w->who || strcmp(who, w->who) != 0)
		w->moved = now;
	free(w->who);
	w->who = who;
	if (rows >= 0 && st->base.on_wait && now - w->told >= 500) {
		w->told = now;
		st->base.on_wait(st->base.wait_ctx, rows);
	}
	return now - w->moved < PG_WAIT_MS;
}

/* Inside a BEGIN: the lock, waited for. A try that times out aborts the
 * transaction, so each try after the first has a BEGIN of its own. */
static int lock(struct pg_store *st, struct cd_err *err)
{
	struct waiting w = {now_ms(), 0, NULL};
	int64_t got = 0;
	if (pg_number(st, SQL_TRY_LOCK, NULL, &got, NULL, err))
		return -1;
	while (!got) {
		PGresult *res = PQexec(st->conn, SQL_WAIT_LOCK);
		const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		got = PQresultStatus(res) == PGRES_COMMAND_OK;
		int timed_out = !got && code && strcmp(code, "55P03") == 0;
		if (!got && !timed_out)
			pg_fail(st, res, NULL, err);
		PQclear(res);
		if (!timed_out)
			break;
		if (pg_exec(st, "ROLLBACK", NULL, err) || !still_waiting(st, &w) || pg_exec(st, "BEGIN", NULL, err)) {
			if (PQstatus(st->conn) == CONNECTION_OK)
				cd_fail(err, CD_EDB, _("the database %s is busy (another desk holds it); nothing was changed, try again"),
					st->name);
			free(w.who);
			return -2; /* no transaction open */
		}
	}
	free(w.who);
	return got ? 0 : -1;
}

static int savepoint(struct pg_store *st, const char *verb, int depth, struct cd_err *err)
{
	char sql[64];
	snprintf(sql, sizeof sql, "%s s%d", verb, depth);
	return pg_exec(st, sql, NULL, err);
}

static int outer_begin(struct pg_store *st, struct cd_err *err)
{
	if (pg_reconnect(st, err) || pg_exec(st, "BEGIN", NULL, err))
		return -1;
	int r = lock(st, err);
	if (r == -1)
		pg_exec(st, "ROLLBACK", NULL, NULL);
	if (r)
		return -1;
	st->wrote = 0;
	return 0;
}

int pg_begin(struct cd_store *base, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	if (st->depth == 0 ? outer_begin(st, err) : !st->bulk && savepoint(st, "SAVEPOINT", st->depth, err))
		return -1;
	st->depth++;
	return 0;
}

int pg_try_begin(struct cd_store *base, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	if (st->depth > 0)
		return pg_begin(base, err);
	int64_t got = 0;
	if (pg_reconnect(st, err) || pg_exec(st, "BEGIN", NULL, err))
		return -1;
	if (pg_number(st, SQL_TRY_LOCK, NULL, &got, NULL, err) || !got) {
		pg_exec(st, "ROLLBACK", NULL, NULL);
		return got ? -1 : 1;
	}
	st->wrote = 0;
	st->depth = 1;
	return 0;
}

/* What a load shows the desks waiting for it (see SQL_HOLDER). */
static void show_load(struct pg_store *st, const char *app)
{
	struct pg_params p = {0};
	pp_text(&p, app);
	PQclear(pg_run(st, "SELECT set_config('application_name', $1, false)", &p, NULL, NULL));
}

static void show_count(struct pg_store *st)
{
	char app[64];
	snprintf(app, sizeof app, BULK_APP "%lld", st->bulk_rows);
	show_load(st, app);
}

/* PostgreSQL needs nothing prepared for a load (SQLite's search index and
 * cache size are its own), so the kind does not matter here. */
int pg_begin_bulk(struct cd_store *base, enum store_bulk kind, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	(void)kind;
	if (pg_begin(base, err))
		return -1;
	if (st->depth == 1) {
		st->bulk = 1;
		st->bulk_rows = 0;
		show_count(st);
	}
	return 0;
}

void pg_bulk_loaded(struct pg_store *st)
{
	if (st->bulk && ++st->bulk_rows % NOTE_EVERY == 0)
		show_count(st);
}

static void end_outer(struct pg_store *st)
{
	if (st->bulk)
		show_load(st, "cdesk");
	st->depth = 0;
	st->bulk = st->bulk_broken = 0;
}

/* COMMIT in a transaction that an error aborted says ROLLBACK. */
static int commit_outer(struct pg_store *st, struct cd_err *err)
{
	if (st->wrote && pg_exec(st, "NOTIFY cdesk", NULL, err))
		return -1;
	PGresult *res = PQexec(st->conn, "COMMIT");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(res), "COMMIT") == 0;
	if (!ok && PQresultStatus(res) == PGRES_COMMAND_OK)
		cd_fail(err, CD_EDB, _("database error in %s: %s"), st->name, _("an action inside the load failed; nothing was saved"));
	else if (!ok)
		pg_fail(st, res, NULL, err);
	PQclear(res);
	return ok ? 0 : -1;
}

/* Purging ends in a VACUUM of what it changed, once it is committed (see
 * pg_purged); one that cannot run (not the tables' owner) leaves it to
 * autovacuum. */
static void vacuum(struct pg_store *st)
{
	if (!st->vacuum)
		return;
	st->vacuum = 0;
	pg_exec(st, "VACUUM complaints, events", NULL, NULL);
}

int pg_commit(struct cd_store *base, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	if (pg_copy_end(st, err))
		return -1;
	if (st->depth <= 0)
		return 0;
	if (st->depth > 1) {
		if (!st->bulk && savepoint(st, "RELEASE SAVEPOINT", st->depth - 1, err))
			return -1;
		st->depth--;
		return 0;
	}
	if (st->bulk_broken)
		return cd_fail(err, CD_EDB, _("an action inside the load failed; nothing was saved"));
	if (commit_outer(st, err))
		return -1; /* the caller rolls back */
	end_outer(st);
	vacuum(st);
	return 0;
}

void pg_rollback(struct cd_store *base)
{
	struct pg_store *st = pg_of(base);
	pg_copy_abort(st);
	if (st->depth <= 0)
		return;
	if (st->depth == 1) {
		pg_exec(st, "ROLLBACK", NULL, NULL);
		st->vacuum = 0;
		end_outer(st);
		return;
	}
	if (st->bulk) {
		st->bulk_broken = 1;
	} else {
		char sql[80];
		snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT s%d; RELEASE SAVEPOINT s%d", st->depth - 1, st->depth - 1);
		pg_exec(st, sql, NULL, NULL);
	}
	st->depth--;
}
