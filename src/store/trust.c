/* Accounts, the audit trail, walking the hash chains and purging. */
#define _GNU_SOURCE
#include "cdesk/i18n.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cd_user_free(struct cd_user *u)
{
	free(u->name);
	free(u->display);
	free(u->role);
	free(u->sites);
	free(u->unix_user);
	free(u->pin_hash);
	memset(u, 0, sizeof *u);
}

#define USER_COLS "name, display, role, sites, unix_user, pin_hash, disabled, failures, retry_at," \
		  " created_at, updated_at"

static void read_user(sqlite3_stmt *s, struct cd_user *u)
{
	u->name = st_col_text(s, 0);
	u->display = st_col_text(s, 1);
	u->role = st_col_text(s, 2);
	u->sites = st_col_text(s, 3);
	u->unix_user = st_col_text(s, 4);
	u->pin_hash = st_col_text(s, 5);
	u->disabled = sqlite3_column_int(s, 6);
	u->failures = sqlite3_column_int(s, 7);
	u->retry_at = st_col_time(s, 8);
	u->created_at = st_col_time(s, 9);
	u->updated_at = st_col_time(s, 10);
}

static void bind_user(sqlite3_stmt *s, const struct cd_user *u)
{
	st_bind_text(s, 1, u->name);
	st_bind_text(s, 2, u->display);
	st_bind_text(s, 3, u->role);
	st_bind_text(s, 4, u->sites ? u->sites : "*");
	st_bind_text(s, 5, u->unix_user);
	st_bind_text(s, 6, u->pin_hash);
	sqlite3_bind_int(s, 7, u->disabled);
	sqlite3_bind_int(s, 8, u->failures);
	st_bind_time(s, 9, u->retry_at);
	st_bind_time(s, 10, u->created_at);
	st_bind_time(s, 11, u->updated_at);
}

/* After stepping rows to a callback: its stop, or the step's error. */
static int walk_end(struct cd_store *st, int stop, int rc, struct cd_err *err, const char *what)
{
	if (stop)
		return stop < 0 ? -1 : 0;
	return rc == SQLITE_DONE ? 0 : st_db_fail(st, err, what);
}

static const char SQL_USER_COUNT[] = "SELECT count(*) FROM users";

int store_user_count(struct cd_store *st, int64_t *n, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, SQL_USER_COUNT, err);
	if (!s)
		return -1;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	st_done(st, s);
	return rc == SQLITE_ROW ? 0 : st_db_fail(st, err, _("reading the users"));
}

static int one_user(struct cd_store *st, const char *sql, const char *key, struct cd_user *u,
		    struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, key);
	memset(u, 0, sizeof *u);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_user(s, u);
	st_done(st, s);
	if (rc == SQLITE_DONE)
		return cd_fail(err, CD_ENOTFOUND, _("no user '%s'"), key);
	return rc == SQLITE_ROW ? 0 : st_db_fail(st, err, _("reading the users"));
}

static const char SQL_USER_GET[] = "SELECT " USER_COLS " FROM users WHERE name = ?1";
static const char SQL_USER_LOGIN[] =
	"SELECT " USER_COLS " FROM users WHERE unix_user = ?1"
	" UNION ALL SELECT " USER_COLS " FROM users WHERE name = ?1 AND unix_user IS NULL LIMIT 1";

int store_user_get(struct cd_store *st, const char *name, struct cd_user *u, struct cd_err *err)
{
	return one_user(st, SQL_USER_GET, name, u, err);
}

int store_user_by_login(struct cd_store *st, const char *login, struct cd_user *u, struct cd_err *err)
{
	return one_user(st, SQL_USER_LOGIN, login, u, err);
}

static const char SQL_USER_INSERT[] =
	"INSERT INTO users(" USER_COLS ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)";
static const char SQL_USER_UPDATE[] =
	"UPDATE users SET display=?2, role=?3, sites=?4, unix_user=?5, pin_hash=?6, disabled=?7,"
	" failures=?8, retry_at=?9, created_at=?10, updated_at=?11 WHERE name=?1";

/* clash: what a constraint failure means for this statement. */
static int save_user(struct cd_store *st, const char *sql, const struct cd_user *u, const char *clash,
		     struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	bind_user(s, u);
	int rc = sqlite3_step(s);
	st_done(st, s);
	if (rc == SQLITE_CONSTRAINT)
		return cd_fail(err, CD_EINPUT, "%s", clash);
	return rc == SQLITE_DONE ? 0 : st_db_fail(st, err, _("saving the user"));
}

int store_user_insert(struct cd_store *st, const struct cd_user *u, struct cd_err *err)
{
	char clash[512];
	snprintf(clash, sizeof clash, _("there is already a user '%s' (or one for the login '%s')"), u->name,
		 u->unix_user ? u->unix_user : u->name);
	return save_user(st, SQL_USER_INSERT, u, clash, err);
}

int store_user_update(struct cd_store *st, const struct cd_user *u, struct cd_err *err)
{
	char clash[512];
	snprintf(clash, sizeof clash, _("another user already has the login '%s'"),
		 u->unix_user ? u->unix_user : "");
	return save_user(st, SQL_USER_UPDATE, u, clash, err);
}

static const char SQL_USERS[] = "SELECT " USER_COLS " FROM users ORDER BY name";

int store_users(struct cd_store *st, store_user_cb cb, void *ctx, struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, SQL_USERS, err);
	int rc, stop = 0;
	if (!s)
		return -1;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_user u;
		read_user(s, &u);
		stop = cb(ctx, &u);
		cd_user_free(&u);
	}
	st_done(st, s);
	return walk_end(st, stop, rc, err, _("reading the users"));
}

/* The audit trail ------------------------------------------------------- */

static void audit_hash(const char *prev, const struct cd_audit *a, char out[CD_HASH_LEN])
{
	char id[24], at[24], cid[24];
	snprintf(id, sizeof id, "%lld", (long long)a->id);
	snprintf(at, sizeof at, "%lld", (long long)a->at);
	snprintf(cid, sizeof cid, "%lld", (long long)a->complaint_id);
	const char *f[] = {"audit", id, at, a->actor, a->kind, a->complaint_id ? cid : NULL, a->data};
	cd_chain_hash(*prev ? prev : NULL, f, sizeof f / sizeof *f, out);
}

static const char SQL_LAST_AUDIT[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_ADD[] =
	"INSERT INTO audit(id, at, actor, kind, complaint_id, data, hash) VALUES(?1,?2,?3,?4,?5,?6,?7)";

int store_audit_add(struct cd_store *st, struct cd_audit *a, struct cd_err *err)
{
	char prev[CD_HASH_LEN], hash[CD_HASH_LEN];
	int64_t last;
	if (st_last_link(st, SQL_LAST_AUDIT, &last, prev, err))
		return -1;
	a->id = last + 1;
	audit_hash(prev, a, hash);
	sqlite3_stmt *s = st_prep(st, SQL_AUDIT_ADD, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, a->id);
	sqlite3_bind_int64(s, 2, a->at);
	st_bind_text(s, 3, a->actor);
	st_bind_text(s, 4, a->kind);
	if (a->complaint_id)
		sqlite3_bind_int64(s, 5, a->complaint_id);
	st_bind_text(s, 6, a->data);
	st_bind_text(s, 7, hash);
	return st_step_done(st, s, err, _("saving the audit trail"));
}

static const char SQL_AUDIT_LIST[] =
	"SELECT id, at, actor, kind, complaint_id, data, hash FROM audit"
	" WHERE at >= ?1 AND at < ?2 ORDER BY at, id";

static void read_audit(sqlite3_stmt *s, struct cd_audit *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->at = sqlite3_column_int64(s, 1);
	a->actor = (const char *)sqlite3_column_text(s, 2);
	a->kind = (const char *)sqlite3_column_text(s, 3);
	a->complaint_id = sqlite3_column_int64(s, 4);
	a->data = (const char *)sqlite3_column_text(s, 5);
	a->hash = (const char *)sqlite3_column_text(s, 6);
}

int store_audit_list(struct cd_store *st, cd_time from, cd_time to, store_audit_cb cb, void *ctx,
		     struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, SQL_AUDIT_LIST, err);
	int rc, stop = 0;
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from == CD_TIME_NONE ? INT64_MIN : from);
	sqlite3_bind_int64(s, 2, to == CD_TIME_NONE ? INT64_MAX : to);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_audit a;
		read_audit(s, &a);
		stop = cb(ctx, &a);
	}
	st_done(st, s);
	return walk_end(st, stop, rc, err, _("reading the audit trail"));
}

/* Walking the chains ----------------------------------------------------- */

static const char SQL_WALK_EVENTS[] =
	"SELECT id, complaint_id, at, actor, kind, from_state, to_state, note, data, salt, hash"
	" FROM events ORDER BY id";
static const char SQL_WALK_AUDIT[] =
	"SELECT id, at, actor, kind, complaint_id, data, hash FROM audit ORDER BY id";

static void link_event(sqlite3_stmt *s, const char *prev, struct store_link *l)
{
	struct cd_event e;
	st_read_event(s, &e);
	st_event_hash(prev, &e, (const char *)sqlite3_column_text(s, 9), l->computed);
	l->id = e.id;
	l->complaint_id = e.complaint_id;
	l->at = e.at;
	l->kind = (const char *)sqlite3_column_text(s, 4);
	l->stored = (const char *)sqlite3_column_text(s, 10);
	cd_event_free(&e);
}

static void link_audit(sqlite3_stmt *s, const char *prev, struct store_link *l)
{
	struct cd_audit a;
	read_audit(s, &a);
	audit_hash(prev, &a, l->computed);
	l->id = a.id;
	l->complaint_id = a.complaint_id;
	l->at = a.at;
	l->kind = a.kind;
	l->stored = a.hash;
}

int store_chain_walk(struct cd_store *st, enum store_chain which, store_link_cb cb, void *ctx,
		     struct cd_err *err)
{
	sqlite3_stmt *s;
	const char *sql = which == CHAIN_EVENTS ? SQL_WALK_EVENTS : SQL_WALK_AUDIT;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return st_db_fail(st, err, _("reading the event log"));
	char prev[CD_HASH_LEN] = "";
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_link l;
		if (which == CHAIN_EVENTS)
			link_event(s, prev, &l);
		else
			link_audit(s, prev, &l);
		stop = cb(ctx, &l);
		snprintf(prev, sizeof prev, "%s", l.stored ? l.stored : "");
	}
	sqlite3_finalize(s);
	return walk_end(st, stop, rc, err, _("reading the event log"));
}

/* Purging ------------------------------------------------------------------ */

static const char SQL_PURGE_IDS[] =
	"SELECT id FROM complaints WHERE closed_at < ?1 AND state IN ('closed','withdrawn')"
	" AND (customer IS NOT NULL OR phone IS NOT NULL OR plate IS NOT NULL)";
/* The customer key is kept (made explicit) so the figures that count
 * repeat complainants stay the same. */
static const char SQL_PURGE_ROW[] =
	"UPDATE complaints SET ckey = CASE WHEN phone IS NOT NULL OR ckey IS NOT NULL"
	" THEN coalesce(ckey, id) END, customer = NULL, phone = NULL, plate = NULL WHERE id = ?1";
static const char SQL_PERSONAL_EVENTS[] =
	"SELECT id, data, salt FROM events WHERE complaint_id = ?1 AND salt IS NOT NULL";
static const char SQL_SEAL_EVENT[] = "UPDATE events SET data = ?1, salt = NULL WHERE id = ?2";

static int seal_events(struct cd_store *st, int64_t id, struct cd_err *err)
{
	sqlite3_stmt *rd = st_prep(st, SQL_PERSONAL_EVENTS, err);
	if (!rd)
		return -1;
	sqlite3_bind_int64(rd, 1, id);
	struct strlist data = {0};
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(rd, 0);
		char *sealed = cd_seal_data((const char *)sqlite3_column_text(rd, 1),
					    (const char *)sqlite3_column_text(rd, 2));
		sl_push(&data, sealed ? sealed : "{}");
		free(sealed);
	}
	st_done(st, rd);
	int r = rc == SQLITE_DONE ? 0 : st_db_fail(st, err, _("reading the event log"));
	for (size_t i = 0; i < n && !r; i++) {
		sqlite3_stmt *wr = st_prep(st, SQL_SEAL_EVENT, err);
		if (!wr) {
			r = -1;
			break;
		}
		st_bind_text(wr, 1, data.v[i]);
		sqlite3_bind_int64(wr, 2, ids[i]);
		r = st_step_done(st, wr, err, _("purging personal data"));
	}
	free(ids);
	sl_free(&data);
	return r;
}

struct purge_ctx {
	struct cd_store *st;
	struct cd_err *err;
	int64_t n;
};

static int purge_one(void *ctx, int64_t id)
{
	struct purge_ctx *p = ctx;
	sqlite3_stmt *s = st_prep(p->st, SQL_PURGE_ROW, p->err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (st_step_done(p->st, s, p->err, _("purging personal data")) || seal_events(p->st, id, p->err))
		return -1;
	p->n++;
	return 0;
}

int store_purge(struct cd_store *st, cd_time before, int64_t *n, struct cd_err *err)
{
	struct purge_ctx p = {st, err, 0};
	st_cache_drop(st);
	sqlite3_stmt *s = st_prep(st, SQL_PURGE_IDS, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	st->purging = 1;
	int r = st_each_id(st, s, purge_one, &p, err);
	st->purging = 0;
	*n = p.n;
	/* The search index marks the old values deleted; merging it drops
	 * them for good. */
	if (!r && p.n)
		r = st_exec(st, "INSERT INTO complaints_fts(complaints_fts) VALUES('optimize')", err);
	return r;
}

static const char SQL_AWAITING[] =
	"SELECT c.id FROM complaints c WHERE c.awaiting IS NOT NULL"
	" AND (?1 IS NULL OR instr(',' || ?1 || ',', ',' || c.site || ',') > 0)"
	" ORDER BY c.awaiting";

int store_awaiting_ids(struct cd_store *st, const char *sites, store_id_cb cb, void *ctx,
		       struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, SQL_AWAITING, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, sites);
	return st_each_id(st, s, cb, ctx, err);
}
