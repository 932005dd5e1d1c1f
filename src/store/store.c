/* Which store a database is, and what every store shares: a
 * postgresql:// or postgres:// URI is a PostgreSQL database (the whole
 * string goes to libpq as it is, so PGHOST, PGUSER, PGPASSWORD, PGSSLMODE
 * and ~/.pgpass all apply), anything else an SQLite file. */
#include "store.h"
#include "pg.h"
#include "sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* An error about where never shows a password that is in it. */
static void hide_password(struct cd_err *err, const char *where)
{
	char *shown = cd_where_shown(where), *at;
	if (err && strcmp(shown, where) != 0 && (at = strstr(err->msg, where))) {
		char *rest = xstrdup(at + strlen(where));
		*at = '\0';
		char *msg = xasprintf("%s%s%s", err->msg, shown, rest);
		snprintf(err->msg, sizeof err->msg, "%s", msg);
		free(msg);
		free(rest);
	}
	free(shown);
}

int store_open(const char *where, struct cd_store **out, struct cd_err *err)
{
	int r = pg_is_uri(where) ? pg_open(where, out, err) : sq_open(where, out, err);
	if (r)
		hide_password(err, where);
	return r;
}

int store_exists(const char *where)
{
	struct stat sb;
	if (pg_is_uri(where))
		return pg_exists(where);
	return stat(where, &sb) == 0;
}

int store_on_server(const char *where) { return pg_is_uri(where); }

/* One number for both stores (pg_schema.c follows SQLite's). */
int store_schema_version(void)
{
	return sq_schema_version();
}

/* Column lists as the schema has them (the SQLite migrations, and the
 * PostgreSQL ones after them); complaints.search is derived, not kept. */
const struct store_table store_tables[] = {
	{"meta", "key, value", 2, "key", 0},
	{"users", "name, display, role, sites, unix_user, pin_hash, disabled, failures, retry_at,"
		  " created_at, updated_at, email, webhook, lang", 14, "name", 0},
	{"complaints", "id, site, channel, category, severity, customer, phone, plate, reference,"
		       " description, request, need, behaviour, receiver, owner, received_at, updated_at,"
		       " state, esc_level, esc_role, reopen_count, paused_since, resolved_at, closed_at,"
		       " next_due, awaiting, ckey", 27, "id", 0},
	{"events", "id, complaint_id, at, actor, kind, from_state, to_state, note, data, hash, salt", 11, "id", 2},
	{"clocks", "complaint_id, kind, seq, ref, started_at, due_at, met_at, stopped_at, paused_since", 9,
	 "complaint_id, kind, seq", 0},
	{"escalations", "complaint_id, rule, event_id", 3, "complaint_id, rule", 0},
	{"audit", "id, at, actor, kind, complaint_id, data, hash", 7, "id", 0},
	{"outbox", "id, complaint_id, kind, cause, recipient, channel, address, lang, subject, body,"
		   " created_at, due_at, state, attempts, next_at, last_error, sent_at, attachment", 18, "id", 0},
	{NULL, NULL, 0, NULL, 0},
};
