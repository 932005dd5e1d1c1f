/* The PostgreSQL store: the connection, running statements, errors in
 * the desk's words, the schema and its migrations, settings and the
 * change token. Transactions are in pg_tx.c.
 *
 * What SQLite does because a database is a file has here another meaning
 * or none: the file mode (0600) is the server's roles and grants; a file
 * deleted or replaced under an open desk is a database dropped, which
 * ends its connections, so it shows as a lost connection; the busy
 * handler and the DB-bulk file are the wait for the advisory lock and a
 * bulk load's count in its application_name (pg_tx.c). */
#define _GNU_SOURCE
#include "pg.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parameters --------------------------------------------------------- */

void pp_text(struct pg_params *p, const char *v)
{
	if (p->n < PG_MAX_PARAMS)
		p->v[p->n++] = v;
}

void pp_int(struct pg_params *p, long long v)
{
	if (p->n >= PG_MAX_PARAMS)
		return;
	snprintf(p->buf[p->n], sizeof p->buf[p->n], "%lld", v);
	p->v[p->n] = p->buf[p->n];
	p->n++;
}

void pp_time(struct pg_params *p, cd_time t)
{
	if (t == CD_TIME_NONE)
		pp_text(p, NULL);
	else
		pp_int(p, t);
}

void pp_id(struct pg_params *p, int64_t id)
{
	if (id)
		pp_int(p, id);
	else
		pp_text(p, NULL);
}

void pp_take(struct pg_params *p, char *v)
{
	if (p->nown < (int)(sizeof p->own / sizeof *p->own) && p->n < PG_MAX_PARAMS) {
		p->own[p->nown++] = v;
		p->v[p->n++] = v;
	} else {
		free(v);
		pp_text(p, NULL);
	}
}

void pp_free(struct pg_params *p)
{
	for (int i = 0; i < p->nown; i++)
		free(p->own[i]);
	p->nown = 0;
}

/* Rows --------------------------------------------------------------------- */

static const char *row_text(const struct srow *r, int i)
{
	return PQgetisnull(r->h, r->row, i) ? NULL : PQgetvalue(r->h, r->row, i);
}

static int64_t row_i64(const struct srow *r, int i)
{
	const char *v = row_text(r, i);
	return v ? strtoll(v, NULL, 10) : 0;
}

static double row_dbl(const struct srow *r, int i)
{
	const char *v = row_text(r, i);
	return v ? strtod(v, NULL) : 0;
}

static int row_null(const struct srow *r, int i) { return PQgetisnull(r->h, r->row, i); }

static int row_cols(const struct srow *r) { return PQnfields(r->h); }
static const struct srow_ops row_ops = {row_text, row_i64, row_dbl, row_null, row_cols};

struct srow pg_row(PGresult *res, int i)
{
	return (struct srow){&row_ops, res, i};
}

/* Errors ------------------------------------------------------------------- */

static int is_state(const char *code, const char *const *list)
{
	for (; code && *list; list++)
		if (strncmp(code, *list, strlen(*list)) == 0)
			return 1;
	return 0;
}

/* The server's words, without libpq's trailing newline. */
static char *server_words(struct pg_store *st, const PGresult *res)
{
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char *s = xstrdup(m ? m : PQerrorMessage(st->conn));
	s[strcspn(s, "\n")] = '\0'; /* libpq's first line says it */
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

/* SQLSTATE classes and codes, and what each means to the desk. */
static const char *const LOST[] = {"08", "57P01", "57P02", "57P03", NULL};
static const char *const BUSY[] = {"40001", "40P01", "55P03", "57014", NULL};
static const char *const FULL[] = {"53100", NULL};
static const char *const READONLY[] = {"25006", NULL};
static const char *const DAMAGED[] = {"XX001", "XX002", NULL};

static int fail_as(struct pg_store *st, const char *code, const char *words, const char *what, struct cd_err *err)
{
	if (PQstatus(st->conn) != CONNECTION_OK || is_state(code, LOST))
		return cd_fail(err, CD_EDB, _("the connection to the database %s was lost (%s); nothing was saved"),
			       st->name, words);
	if (is_state(code, BUSY))
		return cd_fail(err, CD_EDB, _("the database %s is busy (another desk holds it); nothing was changed, try again"),
			       st->name);
	if (is_state(code, FULL))
		return cd_fail(err, CD_EDB, _("the disk holding %s is full; nothing was changed"), st->name);
	if (is_state(code, READONLY))
		return cd_fail(err, CD_EDB, _("the database %s is read-only; nothing was changed"), st->name);
	if (is_state(code, DAMAGED))
		return cd_fail(err, CD_EDB, _("%s is damaged (%s); nothing was changed"), st->name, words);
	if (!what)
		return cd_fail(err, CD_EDB, _("database error in %s: %s"), st->name, words);
	return cd_fail(err, CD_EDB, _("database error in %s while %s: %s"), st->name, what, words);
}

int pg_fail(struct pg_store *st, const PGresult *res, const char *what, struct cd_err *err)
{
	struct cd_err ignored;
	if (!err)
		err = &ignored;
	char *words = server_words(st, res);
	const char *code = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	snprintf(st->sqlstate, sizeof st->sqlstate, "%s", code ? code : "");
	fail_as(st, code, words, what, err);
	free(words);
	return -1;
}

/* Running statements ------------------------------------------------------ */

static int changes_rows(const PGresult *res)
{
	const char *cmd = PQcmdStatus((PGresult *)res);
	return (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 || strncmp(cmd, "DELETE", 6) == 0) &&
	       strcmp(PQcmdTuples((PGresult *)res), "0") != 0;
}

/* A change the other desks are to hear of: at the commit of the open
 * transaction (pg_tx.c), or now for one made outside any. */
static void told(struct pg_store *st)
{
	st->wrote = 1;
	if (st->depth == 0)
		PQclear(PQexec(st->conn, "NOTIFY cdesk"));
}

/* res as the statement's outcome: kept when it succeeded, else cleared. */
static PGresult *checked(struct pg_store *st, PGresult *res, const char *what, struct cd_err *err)
{
	ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK) {
		if (changes_rows(res))
			told(st);
		return res;
	}
	pg_fail(st, res, what, err);
	PQclear(res);
	return NULL;
}

PGresult *pg_run_built(struct pg_store *st, const char *sql, const struct pg_params *p, const char *what,
		       struct cd_err *err)
{
	PGresult *res = PQexecParams(st->conn, sql, p ? p->n : 0, NULL, p ? p->v : NULL, NULL, NULL, 0);
	return checked(st, res, what, err);
}

/* The name a static statement is prepared under, preparing it the first
 * time; -1 when the cache is full (then it is sent as built). */
static int prepared(struct pg_store *st, const char *sql, const char *what, struct cd_err *err, int *failed)
{
	char name[16];
	*failed = 0;
	for (int i = 0; i < st->ncache; i++)
		if (st->cache[i] == sql)
			return i;
	if (st->ncache >= PG_CACHE_SIZE)
		return -1;
	snprintf(name, sizeof name, "c%d", st->ncache);
	PGresult *res = checked(st, PQprepare(st->conn, name, sql, 0, NULL), what, err);
	if (!res) {
		*failed = 1;
		return -1;
	}
	PQclear(res);
	st->cache[st->ncache] = sql;
	return st->ncache++;
}

PGresult *pg_run(struct pg_store *st, const char *sql, const struct pg_params *p, const char *what,
		 struct cd_err *err)
{
	int failed;
	int i = prepared(st, sql, what, err, &failed);
	if (failed)
		return NULL;
	if (i < 0)
		return pg_run_built(st, sql, p, what, err);
	char name[16];
	snprintf(name, sizeof name, "c%d", i);
	PGresult *res = PQexecPrepared(st->conn, name, p ? p->n : 0, p ? p->v : NULL, NULL, NULL, 0);
	return checked(st, res, what, err);
}

int pg_do(struct pg_store *st, const char *sql, const struct pg_params *p, int64_t *changed, const char *what,
	  struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, p, what, err);
	if (!res)
		return -1;
	if (changed)
		*changed = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

int pg_exec(struct pg_store *st, const char *sql, const char *what, struct cd_err *err)
{
	PGresult *res = checked(st, PQexec(st->conn, sql), what, err);
	PQclear(res);
	return res ? 0 : -1;
}

int pg_number(struct pg_store *st, const char *sql, const struct pg_params *p, int64_t *n, const char *what,
	      struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, p, what, err);
	if (!res)
		return -1;
	*n = PQntuples(res) > 0 && !PQgetisnull(res, 0, 0) ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	return 0;
}

int pg_strings(struct pg_store *st, const char *sql, const struct pg_params *p, struct strlist *out,
	       const char *what, struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, p, what, err);
	if (!res)
		return -1;
	for (int i = 0; i < PQntuples(res); i++)
		sl_push(out, PQgetvalue(res, i, 0));
	PQclear(res);
	return 0;
}

int pg_each_id(PGresult *res, store_id_cb cb, void *ctx)
{
	int r = 0;
	for (int i = 0; i < PQntuples(res) && !r; i++)
		r = cb(ctx, strtoll(PQgetvalue(res, i, 0), NULL, 10)) ? -1 : 0;
	PQclear(res);
	return r;
}

int pg_last_link(struct pg_store *st, const char *sql, struct store_link *l, struct cd_err *err)
{
	PGresult *res = pg_run(st, sql, NULL, _("reading the event log"), err);
	if (!res)
		return -1;
	l->id = 0;
	l->hash[0] = '\0';
	if (PQntuples(res) > 0) {
		l->id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		snprintf(l->hash, sizeof l->hash, "%s", PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	return 0;
}
