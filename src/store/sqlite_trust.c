/* The SQLite store's trust: accounts, the audit trail, the chains as
 * stored (the desk checks them) and the changes purging makes. */
#define _GNU_SOURCE
#include "cdesk/i18n.h"
#include "sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	st_bind_text(s, 12, u->email);
	st_bind_text(s, 13, u->webhook);
	st_bind_text(s, 14, u->lang);
}

/* After stepping rows to a callback: its stop, or the step's error. */
static int walk_end(struct sq_store *st, int stop, int rc, struct cd_err *err, const char *what)
{
	if (stop)
		return stop < 0 ? -1 : 0;
	return rc == SQLITE_DONE ? 0 : st_db_fail(st, err, what);
}

static const char SQL_USER_COUNT[] = "SELECT count(*) FROM users";

static int sq_user_count(struct cd_store *base, int64_t *n, struct cd_err *err)
{
	return st_number(sq_of(base), SQL_USER_COUNT, n, N_("reading the users"), err);
}

static int one_user(struct sq_store *st, const char *sql, const char *key, struct cd_user *u,
		    struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	st_bind_text(s, 1, key);
	memset(u, 0, sizeof *u);
	struct srow row = st_row(s);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		sr_read_user(&row, u);
	st_done(st, s);
	if (rc == SQLITE_DONE)
		return cd_fail(err, CD_ENOTFOUND, _("no user '%s'"), key);
	return rc == SQLITE_ROW ? 0 : st_db_fail(st, err, N_("reading the users"));
}

static const char SQL_USER_GET[] = "SELECT " USER_COLS " FROM users WHERE name = ?1";
static const char SQL_USER_LOGIN[] =
	"SELECT " USER_COLS " FROM users WHERE unix_user = ?1"
	" UNION ALL SELECT " USER_COLS " FROM users WHERE name = ?1 AND unix_user IS NULL LIMIT 1";

static int sq_user_get(struct cd_store *base, const char *name, struct cd_user *u, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return one_user(st, SQL_USER_GET, name, u, err);
}

static int sq_user_by_login(struct cd_store *base, const char *login, struct cd_user *u, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	return one_user(st, SQL_USER_LOGIN, login, u, err);
}

static const char SQL_USER_INSERT[] =
	"INSERT INTO users(" USER_COLS ") VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)";
static const char SQL_USER_UPDATE[] =
	"UPDATE users SET display=?2, role=?3, sites=?4, unix_user=?5, pin_hash=?6, disabled=?7,"
	" failures=?8, retry_at=?9, created_at=?10, updated_at=?11, email=?12, webhook=?13, lang=?14 WHERE name=?1";

/* clash: what a constraint failure means for this statement. */
static int save_user(struct sq_store *st, const char *sql, const struct cd_user *u, const char *clash,
		     struct cd_err *err)
{
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (!s)
		return -1;
	bind_user(s, u);
	int rc = sqlite3_step(s);
	st_done(st, s);
	st_memo_forget_users(st);
	if (rc == SQLITE_CONSTRAINT)
		return cd_fail(err, CD_EINPUT, "%s", clash);
	return rc == SQLITE_DONE ? 0 : st_db_fail(st, err, N_("saving the user"));
}

static int sq_user_insert(struct cd_store *base, const struct cd_user *u, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	char clash[512];
	snprintf(clash, sizeof clash, _("there is already a user '%s' (or one for the login '%s')"), u->name,
		 u->unix_user ? u->unix_user : u->name);
	return save_user(st, SQL_USER_INSERT, u, clash, err);
}

static int sq_user_update(struct cd_store *base, const struct cd_user *u, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	char clash[512];
	snprintf(clash, sizeof clash, _("another user already has the login '%s'"),
		 u->unix_user ? u->unix_user : "");
	return save_user(st, SQL_USER_UPDATE, u, clash, err);
}

static const char SQL_USERS[] = "SELECT " USER_COLS " FROM users ORDER BY name";

/* A bulk load asks at every escalation it records (for whom to tell): the
 * accounts are read once, and kept until one is saved. */
static int memo_users(struct sq_store *st, struct cd_err *err)
{
	struct st_memo *m = &st->memo;
	sqlite3_stmt *s = st_prep(st, SQL_USERS, err);
	int rc;
	if (!s)
		return -1;
	struct srow row = st_row(s);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		m->users = xreallocarray(m->users, m->nusers + 1, sizeof *m->users);
		sr_read_user(&row, &m->users[m->nusers++]);
	}
	st_done(st, s);
	if (rc != SQLITE_DONE) {
		st_memo_forget_users(st);
		return st_db_fail(st, err, N_("reading the users"));
	}
	m->has_users = 1;
	return 0;
}

static int sq_users(struct cd_store *base, store_user_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	if (st_in_bulk(st)) {
		if (!st->memo.has_users && memo_users(st, err))
			return -1;
		for (size_t i = 0; i < st->memo.nusers; i++) {
			int stop = cb(ctx, &st->memo.users[i]);
			if (stop)
				return stop < 0 ? -1 : 0;
		}
		return 0;
	}
	sqlite3_stmt *s = st_prep(st, SQL_USERS, err);
	int rc, stop = 0;
	if (!s)
		return -1;
	struct srow row = st_row(s);
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_user u;
		sr_read_user(&row, &u);
		stop = cb(ctx, &u);
		cd_user_free(&u);
	}
	st_done(st, s);
	return walk_end(st, stop, rc, err, N_("reading the users"));
}

/* The audit trail ------------------------------------------------------- */

static const char SQL_LAST_AUDIT[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_ADD[] =
	"INSERT INTO audit(id, at, actor, kind, complaint_id, data, hash) VALUES(?1,?2,?3,?4,?5,?6,?7)";

static int sq_last_audit(struct cd_store *base, struct store_link *l, struct cd_err *err)
{
	return st_last_link(sq_of(base), SQL_LAST_AUDIT, l, err);
}

static int sq_audit_add(struct cd_store *base, const struct cd_audit *a, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
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
	st_bind_text(s, 7, a->hash);
	return st_step_done(st, s, err, N_("saving the audit trail"));
}

static const char SQL_AUDIT_LIST[] =
	"SELECT " AUDIT_COLS " FROM audit"
	" WHERE at >= ?1 AND at < ?2 ORDER BY at, id";

/* Each row of s to cb as an audit row. */
static int audit_rows(struct sq_store *st, sqlite3_stmt *s, store_audit_cb cb, void *ctx, struct cd_err *err)
{
	struct srow row = st_row(s);
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_audit a;
		sr_read_audit(&row, &a);
		stop = cb(ctx, &a);
	}
	st_done(st, s);
	return walk_end(st, stop, rc, err, N_("reading the audit trail"));
}

static int sq_audit_list(struct cd_store *base, cd_time from, cd_time to, store_audit_cb cb, void *ctx,
			 struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_AUDIT_LIST, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, from == CD_TIME_NONE ? INT64_MIN : from);
	sqlite3_bind_int64(s, 2, to == CD_TIME_NONE ? INT64_MAX : to);
	return audit_rows(st, s, cb, ctx, err);
}

/* Walking the chains ----------------------------------------------------- */

static const char SQL_WALK_EVENTS[] = "SELECT " EVENT_ROW " FROM events ORDER BY id";
static const char SQL_WALK_AUDIT[] =
	"SELECT " AUDIT_COLS " FROM audit ORDER BY id";

/* Each row of s (EVENT_ROW) to cb as an event with its salt and hash. */
static int event_rows(struct sq_store *st, sqlite3_stmt *s, store_event_cb cb, void *ctx, struct cd_err *err)
{
	struct srow row = st_row(s);
	int rc, stop = 0;
	while (!stop && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct cd_event e;
		sr_read_event(&row, &e);
		char salt[CD_HASH_LEN], hash[CD_HASH_LEN];
		stop = cb(ctx, &e, st_col_hex(s, 9, salt), st_col_hex(s, 10, hash));
		cd_event_free(&e);
	}
	st_done(st, s);
	return walk_end(st, stop, rc, err, N_("reading the event log"));
}

/* The walks read every row once: prepared for it alone, not cached. */
static sqlite3_stmt *walk_stmt(struct sq_store *st, const char *sql, struct cd_err *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		st_db_fail(st, err, N_("reading the event log"));
		return NULL;
	}
	return s;
}

static int sq_walk_events(struct cd_store *base, store_event_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = walk_stmt(st, SQL_WALK_EVENTS, err);
	return s ? event_rows(st, s, cb, ctx, err) : -1;
}

static int sq_walk_audit(struct cd_store *base, store_audit_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = walk_stmt(st, SQL_WALK_AUDIT, err);
	return s ? audit_rows(st, s, cb, ctx, err) : -1;
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
	"SELECT " EVENT_ROW " FROM events WHERE complaint_id = ?1 AND salt IS NOT NULL ORDER BY id";
static const char SQL_SEAL_EVENT[] = "UPDATE events SET data = ?2, salt = NULL WHERE id = ?1";

/* A purge's statement, with its first parameter: what the work cache
 * holds of a complaint is forgotten, since a purge changes it. */
static sqlite3_stmt *purging(struct sq_store *st, const char *sql, int64_t first, struct cd_err *err)
{
	st_cache_drop(st);
	sqlite3_stmt *s = st_prep(st, sql, err);
	if (s)
		sqlite3_bind_int64(s, 1, first);
	return s;
}

static int sq_purge_ids(struct cd_store *base, cd_time before, store_id_cb cb, void *ctx, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = purging(st, SQL_PURGE_IDS, before, err);
	return s ? st_each_id(st, s, cb, ctx, err) : -1;
}

static int sq_purge_complaint(struct cd_store *base, int64_t id, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = purging(st, SQL_PURGE_ROW, id, err);
	return s ? st_step_done(st, s, err, N_("purging personal data")) : -1;
}

static int sq_personal_events(struct cd_store *base, int64_t id, store_event_cb cb, void *ctx,
			      struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = st_prep(st, SQL_PERSONAL_EVENTS, err);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return event_rows(st, s, cb, ctx, err);
}

/* The events' update trigger lets this one statement through. */
static int sq_seal_event(struct cd_store *base, int64_t event_id, const char *data, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	sqlite3_stmt *s = purging(st, SQL_SEAL_EVENT, event_id, err);
	if (!s)
		return -1;
	st_bind_text(s, 2, data);
	st->purging = 1;
	int r = st_step_done(st, s, err, N_("purging personal data"));
	st->purging = 0;
	return r;
}

/* The search index marks the old values deleted; merging it drops them
 * for good. */
static int sq_purged(struct cd_store *base, struct cd_err *err)
{
	return st_exec(sq_of(base), "INSERT INTO complaints_fts(complaints_fts) VALUES('optimize')", err);
}

/* The append-only triggers as the migrations left them. */
static const struct {
	const char *name, *sql;
} protections[] = {
	{"events_append_only_u", "CREATE TRIGGER events_append_only_u BEFORE UPDATE ON events WHEN NOT "
				 "cdesk_purge_in_progress() BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END"},
	{"events_append_only_d", "CREATE TRIGGER events_append_only_d BEFORE DELETE ON events BEGIN SELECT "
				 "RAISE(ABORT, 'the event log is append-only'); END"},
	{"audit_append_only_u", "CREATE TRIGGER audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT "
				"RAISE(ABORT, 'the audit trail is append-only'); END"},
	{"audit_append_only_d", "CREATE TRIGGER audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT "
				"RAISE(ABORT, 'the audit trail is append-only'); END"},
};
static const char SQL_TRIGGER[] = "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1";

static int sq_missing_protections(struct cd_store *base, struct strlist *out, struct cd_err *err)
{
	struct sq_store *st = sq_of(base);
	for (size_t i = 0; i < sizeof protections / sizeof *protections; i++) {
		sqlite3_stmt *s = st_prep(st, SQL_TRIGGER, err);
		if (!s)
			return -1;
		st_bind_text(s, 1, protections[i].name);
		int rc = sqlite3_step(s);
		const char *sql = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
		char *why = NULL;
		if (rc == SQLITE_DONE)
			why = xasprintf(_("the trigger %s is missing"), protections[i].name);
		else if (rc == SQLITE_ROW && (!sql || strcmp(sql, protections[i].sql) != 0))
			why = xasprintf(_("the trigger %s is not the one cdesk made"), protections[i].name);
		st_done(st, s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return st_db_fail(st, err, N_("reading the schema"));
		if (why)
			sl_push(out, why);
		free(why);
	}
	return 0;
}

const struct store_trust_ops sq_trust_ops = {
	sq_user_count, sq_user_get, sq_user_by_login, sq_user_insert, sq_user_update, sq_users,
	sq_last_audit, sq_audit_add, sq_audit_list, sq_walk_events, sq_walk_audit,
	sq_purge_ids, sq_purge_complaint, sq_personal_events, sq_seal_event, sq_purged, sq_missing_protections,
};
