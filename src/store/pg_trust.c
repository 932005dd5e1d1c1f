/* The PostgreSQL store's trust: accounts, the audit trail, the chains as
 * stored (the desk checks them) and the changes purging makes. */
#define _GNU_SOURCE
#include "pg.h"
#include "cdesk/i18n.h"
#include "cdesk/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bind_user(struct pg_params *p, const struct cd_user *u)
{
	pp_text(p, u->name);
	pp_text(p, u->display);
	pp_text(p, u->role);
	pp_text(p, u->sites ? u->sites : "*");
	pp_text(p, u->unix_user);
	pp_text(p, u->pin_hash);
	pp_int(p, u->disabled);
	pp_int(p, u->failures);
	pp_time(p, u->retry_at);
	pp_time(p, u->created_at);
	pp_time(p, u->updated_at);
	pp_text(p, u->email);
	pp_text(p, u->webhook);
	pp_text(p, u->lang);
}

static int pg_user_count(struct cd_store *base, int64_t *n, struct cd_err *err)
{
	return pg_number(pg_of(base), "SELECT count(*) FROM users", NULL, n, _("reading the users"), err);
}

static const char SQL_USER_GET[] = "SELECT " USER_COLS " FROM users WHERE name = $1";
static const char SQL_USER_LOGIN[] =
	"SELECT " USER_COLS " FROM users WHERE unix_user = $1"
	" UNION ALL SELECT " USER_COLS " FROM users WHERE name = $1 AND unix_user IS NULL LIMIT 1";

static int one_user(struct pg_store *st, const char *sql, const char *key, struct cd_user *u, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_text(&p, key);
	memset(u, 0, sizeof *u);
	PGresult *res = pg_run(st, sql, &p, _("reading the users"), err);
	if (!res)
		return -1;
	int found = PQntuples(res) > 0;
	if (found) {
		struct srow r = pg_row(res, 0);
		sr_read_user(&r, u);
	}
	PQclear(res);
	return found ? 0 : cd_fail(err, CD_ENOTFOUND, _("no user '%s'"), key);
}

static int pg_user_get(struct cd_store *base, const char *name, struct cd_user *u, struct cd_err *err)
{
	return one_user(pg_of(base), SQL_USER_GET, name, u, err);
}

static int pg_user_by_login(struct cd_store *base, const char *login, struct cd_user *u, struct cd_err *err)
{
	return one_user(pg_of(base), SQL_USER_LOGIN, login, u, err);
}

static const char SQL_USER_INSERT[] =
	"INSERT INTO users(" USER_COLS ") VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)";
static const char SQL_USER_UPDATE[] =
	"UPDATE users SET display=$2, role=$3, sites=$4, unix_user=$5, pin_hash=$6, disabled=$7,"
	" failures=$8, retry_at=$9, created_at=$10, updated_at=$11, email=$12, webhook=$13, lang=$14 WHERE name=$1";

/* clash: what a broken constraint (SQLSTATE class 23) means here. */
static int save_user(struct pg_store *st, const char *sql, const struct cd_user *u, const char *clash,
		     struct cd_err *err)
{
	struct pg_params p = {0};
	bind_user(&p, u);
	if (!pg_do(st, sql, &p, NULL, _("saving the user"), err))
		return 0;
	return strncmp(st->sqlstate, "23", 2) == 0 ? cd_fail(err, CD_EINPUT, "%s", clash) : -1;
}

static int pg_user_insert(struct cd_store *base, const struct cd_user *u, struct cd_err *err)
{
	char clash[512];
	snprintf(clash, sizeof clash, _("there is already a user '%s' (or one for the login '%s')"), u->name,
		 u->unix_user ? u->unix_user : u->name);
	return save_user(pg_of(base), SQL_USER_INSERT, u, clash, err);
}

static int pg_user_update(struct cd_store *base, const struct cd_user *u, struct cd_err *err)
{
	char clash[512];
	snprintf(clash, sizeof clash, _("another user already has the login '%s'"), u->unix_user ? u->unix_user : "");
	return save_user(pg_of(base), SQL_USER_UPDATE, u, clash, err);
}

static int pg_users(struct cd_store *base, store_user_cb cb, void *ctx, struct cd_err *err)
{
	PGresult *res = pg_run(pg_of(base), "SELECT " USER_COLS " FROM users ORDER BY name COLLATE \"C\"", NULL,
			       _("reading the users"), err);
	if (!res)
		return -1;
	int stop = 0;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		struct srow r = pg_row(res, i);
		struct cd_user u;
		sr_read_user(&r, &u);
		stop = cb(ctx, &u);
		cd_user_free(&u);
	}
	PQclear(res);
	return stop < 0 ? -1 : 0;
}

/* The audit trail ------------------------------------------------------- */

static int pg_last_audit(struct cd_store *base, struct store_link *l, struct cd_err *err)
{
	return pg_last_link(pg_of(base), "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", l, err);
}

static const char SQL_AUDIT_ADD[] =
	"INSERT INTO audit(" AUDIT_COLS ") VALUES($1,$2,$3,$4,$5,$6,$7)";

static int pg_audit_add(struct cd_store *base, const struct cd_audit *a, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, a->id);
	pp_int(&p, a->at);
	pp_text(&p, a->actor);
	pp_text(&p, a->kind);
	pp_id(&p, a->complaint_id);
	pp_text(&p, a->data);
	pp_text(&p, a->hash);
	return pg_do(pg_of(base), SQL_AUDIT_ADD, &p, NULL, _("saving the audit trail"), err);
}

/* Each row of res to cb as an audit row; res is cleared. A callback's
 * stop ends the walk (-1 when it failed). */
static int audit_rows(PGresult *res, store_audit_cb cb, void *ctx, int *stop)
{
	for (int i = 0; i < PQntuples(res) && !*stop; i++) {
		struct srow r = pg_row(res, i);
		struct cd_audit a;
		sr_read_audit(&r, &a);
		*stop = cb(ctx, &a);
	}
	PQclear(res);
	return *stop < 0 ? -1 : 0;
}

static const char SQL_AUDIT_LIST[] =
	"SELECT " AUDIT_COLS " FROM audit WHERE at >= $1 AND at < $2 ORDER BY at, id";

static int pg_audit_list(struct cd_store *base, cd_time from, cd_time to, store_audit_cb cb, void *ctx,
			 struct cd_err *err)
{
	struct pg_params p = {0};
	int stop = 0;
	pp_int(&p, from == CD_TIME_NONE ? INT64_MIN : from);
	pp_int(&p, to == CD_TIME_NONE ? INT64_MAX : to);
	PGresult *res = pg_run(pg_of(base), SQL_AUDIT_LIST, &p, _("reading the audit trail"), err);
	return res ? audit_rows(res, cb, ctx, &stop) : -1;
}

/* Walking the chains ----------------------------------------------------- */

/* The walks read the chains a page at a time, after the last id seen, so
 * a log of millions is never held whole. */
#define WALK_PAGE "10000"
static const char SQL_WALK_EVENTS[] =
	"SELECT " EVENT_ROW " FROM events WHERE id > $1 ORDER BY id LIMIT " WALK_PAGE;
static const char SQL_WALK_AUDIT[] =
	"SELECT " AUDIT_COLS " FROM audit WHERE id > $1 ORDER BY id LIMIT " WALK_PAGE;

/* Each row of res (EVENT_ROW) to cb as an event with its salt and hash;
 * res is cleared. */
static int event_rows(PGresult *res, store_event_cb cb, void *ctx, int *stop)
{
	for (int i = 0; i < PQntuples(res) && !*stop; i++) {
		struct srow r = pg_row(res, i);
		struct cd_event e;
		sr_read_event(&r, &e);
		*stop = cb(ctx, &e, sr_text(&r, 9), sr_text(&r, 10));
		cd_event_free(&e);
	}
	PQclear(res);
	return *stop < 0 ? -1 : 0;
}

struct walk {
	store_event_cb event;
	store_audit_cb audit;
	void *ctx;
};

static int walk(struct pg_store *st, const char *sql, const struct walk *w, struct cd_err *err)
{
	int64_t last = 0;
	int stop = 0, r = 0;
	for (int n = 1; n > 0 && !stop && !r;) {
		struct pg_params p = {0};
		pp_int(&p, last);
		PGresult *res = pg_run(st, sql, &p, _("reading the event log"), err);
		if (!res)
			return -1;
		n = PQntuples(res);
		if (n > 0)
			last = strtoll(PQgetvalue(res, n - 1, 0), NULL, 10);
		r = w->event ? event_rows(res, w->event, w->ctx, &stop) : audit_rows(res, w->audit, w->ctx, &stop);
	}
	return r;
}

static int pg_walk_events(struct cd_store *base, store_event_cb cb, void *ctx, struct cd_err *err)
{
	struct walk w = {cb, NULL, ctx};
	return walk(pg_of(base), SQL_WALK_EVENTS, &w, err);
}

static int pg_walk_audit(struct cd_store *base, store_audit_cb cb, void *ctx, struct cd_err *err)
{
	struct walk w = {NULL, cb, ctx};
	return walk(pg_of(base), SQL_WALK_AUDIT, &w, err);
}

/* Purging ------------------------------------------------------------------ */

static const char SQL_PURGE_IDS[] =
	"SELECT id FROM complaints WHERE closed_at < $1 AND state IN ('closed','withdrawn')"
	" AND (customer IS NOT NULL OR phone IS NOT NULL OR plate IS NOT NULL) ORDER BY id";
/* The customer key is kept (made explicit) so the figures that count
 * repeat complainants stay the same. */
static const char SQL_PURGE_ROW[] =
	"UPDATE complaints SET ckey = CASE WHEN phone IS NOT NULL OR ckey IS NOT NULL"
	" THEN coalesce(ckey, id) END, customer = NULL, phone = NULL, plate = NULL WHERE id = $1";
static const char SQL_PERSONAL_EVENTS[] =
	"SELECT " EVENT_ROW " FROM events WHERE complaint_id = $1 AND salt IS NOT NULL ORDER BY id";
static const char SQL_SEAL_EVENT[] = "UPDATE events SET data = $2, salt = NULL WHERE id = $1";
static const char SQL_PURGING[] = "SELECT set_config('cdesk.purging', $1, true)";

static int pg_purge_ids(struct cd_store *base, cd_time before, store_id_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, before);
	PGresult *res = pg_run(pg_of(base), SQL_PURGE_IDS, &p, _("finding complaints"), err);
	return res ? pg_each_id(res, cb, ctx) : -1;
}

static int pg_purge_complaint(struct cd_store *base, int64_t id, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_int(&p, id);
	return pg_do(pg_of(base), SQL_PURGE_ROW, &p, NULL, _("purging personal data"), err);
}

static int pg_personal_events(struct cd_store *base, int64_t id, store_event_cb cb, void *ctx, struct cd_err *err)
{
	struct pg_params p = {0};
	int stop = 0;
	pp_int(&p, id);
	PGresult *res = pg_run(pg_of(base), SQL_PERSONAL_EVENTS, &p, _("reading the event log"), err);
	return res ? event_rows(res, cb, ctx, &stop) : -1;
}

/* The events' guard lets an update through while cdesk.purging is on in
 * this transaction: on for this one statement. */
static int purging(struct pg_store *st, const char *on, struct cd_err *err)
{
	struct pg_params p = {0};
	pp_text(&p, on);
	return pg_do(st, SQL_PURGING, &p, NULL, _("purging personal data"), err);
}

static int pg_seal_event(struct cd_store *base, int64_t event_id, const char *data, struct cd_err *err)
{
	struct pg_store *st = pg_of(base);
	struct pg_params p = {0};
	pp_int(&p, event_id);
	pp_text(&p, data);
	if (purging(st, "on", err))
		return -1;
	int r = pg_do(st, SQL_SEAL_EVENT, &p, NULL, _("purging personal data"), err);
	return purging(st, "off", r ? NULL : err) || r ? -1 : 0;
}

/* The old values stay in dead row versions (of the table and of the
 * search index) until a VACUUM, which cannot run inside the purge's
 * transaction: it runs once the purge is committed (pg_tx.c). */
static int pg_purged(struct cd_store *base, struct cd_err *err)
{
	(void)err;
	pg_of(base)->vacuum = 1;
	return 0;
}

/* The append-only triggers as the migration made them: enabled, of the
 * same kind (tgtype: row 1, before 2, delete 8, update 16, truncate 32),
 * calling the guard with the same source. */
static const struct {
	const char *table, *name;
	int type;
	const char *function, *source;
} protections[] = {
	{"events", "events_append_only_u", 19, "cdesk_events_guard", PG_EVENTS_GUARD},
	{"events", "events_append_only_d", 11, "cdesk_events_guard", PG_EVENTS_GUARD},
	{"events", "events_append_only_t", 34, "cdesk_events_guard", PG_EVENTS_GUARD},
	{"audit", "audit_append_only_u", 19, "cdesk_audit_guard", PG_AUDIT_GUARD},
	{"audit", "audit_append_only_d", 11, "cdesk_audit_guard", PG_AUDIT_GUARD},
	{"audit", "audit_append_only_t", 34, "cdesk_audit_guard", PG_AUDIT_GUARD},
};
static const char SQL_TRIGGER[] =
	"SELECT (t.tgenabled = 'O' AND t.tgtype = $3::int AND p.proname = $4 AND p.prosrc = $5)::int"
	" FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = to_regclass($1) AND t.tgname = $2";

static int pg_missing_protections(struct cd_store *base, struct strlist *out, struct cd_err *err)
{
	for (size_t i = 0; i < sizeof protections / sizeof *protections; i++) {
		struct pg_params p = {0};
		pp_text(&p, protections[i].table);
		pp_text(&p, protections[i].name);
		pp_int(&p, protections[i].type);
		pp_text(&p, protections[i].function);
		pp_text(&p, protections[i].source);
		PGresult *res = pg_run(pg_of(base), SQL_TRIGGER, &p, _("reading the schema"), err);
		if (!res)
			return -1;
		char *why = NULL;
		if (PQntuples(res) == 0)
			why = xasprintf(_("the trigger %s is missing"), protections[i].name);
		else if (strcmp(PQgetvalue(res, 0, 0), "1") != 0)
			why = xasprintf(_("the trigger %s is not the one cdesk made"), protections[i].name);
		PQclear(res);
		if (why)
			sl_push(out, why);
		free(why);
	}
	return 0;
}

const struct store_trust_ops pg_trust_ops = {
	pg_user_count, pg_user_get, pg_user_by_login, pg_user_insert, pg_user_update, pg_users,
	pg_last_audit, pg_audit_add, pg_audit_list, pg_walk_events, pg_walk_audit,
	pg_purge_ids, pg_purge_complaint, pg_personal_events, pg_seal_event, pg_purged, pg_missing_protections,
};
