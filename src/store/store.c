/* Which store a database is, and what every store shares: a
 * postgresql:// or postgres:// URI is a PostgreSQL database (the whole
 * string goes to libpq as it is, so PGHOST, PGUSER, PGPASSWORD, PGSSLMODE
 * and ~/.pgpass all apply), anything else an SQLite file. */
#include "store.h"
#include "rows.h"
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
	{"report_facts", KEPT_SET_COLS, NKEPT + 1, "complaint_id", 0},
	{"report_sums", "day, site, cell, since, n, base, sum", 7, "day, site, cell, since", 0},
	{"outbox", "id, complaint_id, kind, cause, recipient, channel, address, lang, subject, body,"
		   " created_at, due_at, state, attempts, next_at, last_error, sent_at, attachment", 18, "id", 0},
	{NULL, NULL, 0, NULL, 0},
};

/* Rebuilding the kept facts: a complaint's are derived from its fact
 * events in order, then kept or compared. The log is read a range of
 * complaints at a time, and each range's facts written after it is read
 * (a PostgreSQL result is read whole, and nothing else may run while
 * SQLite steps through one). */
#define KEPT_RANGE 2048

struct rebuild {
	int check;
	int64_t id, differ, complaints, matched;
	struct rp_kept k;
	int has_stored;
	struct rp_kept stored;
	char *stored_side;
	int64_t *ids;          /* the range's complaints and their facts, to write */
	struct rp_kept *ks;
	size_t n;
};

/* The complaint just read is done. */
static void rebuild_done(struct rebuild *b)
{
	if (!b->id)
		return;
	b->complaints++;
	if (b->check) {
		b->stored.side = b->stored_side;
		b->differ += !b->has_stored || !rp_kept_same(&b->k, &b->stored);
		b->matched += b->has_stored;
		rp_kept_free(&b->k);
		free(b->stored_side);
		b->stored_side = NULL;
	} else {
		b->ids[b->n] = b->id;
		b->ks[b->n++] = b->k;
		b->k.side = NULL;
	}
	b->id = 0;
}

static int rebuild_row(void *ctx, const struct store_kept_row *w)
{
	struct rebuild *b = ctx;
	if (w->id != b->id) {
		rebuild_done(b);
		b->id = w->id;
		rp_kept_start(&b->k, w->received);
		b->has_stored = w->stored != NULL;
		if (w->stored) {
			b->stored = *w->stored;
			b->stored_side = w->stored->side ? xstrdup(w->stored->side) : NULL;
		}
	}
	rp_kept_add(&b->k, w->kind, w->at, w->to_state, w->side, INT64_MAX);
	return 0;
}

static int rebuild_write(struct cd_store *st, struct rebuild *b, struct cd_err *err)
{
	int r = 0;
	for (size_t i = 0; i < b->n; i++) {
		if (!r)
			r = store_put_kept(st, b->ids[i], &b->ks[i], err);
		rp_kept_free(&b->ks[i]);
	}
	b->n = 0;
	return r;
}

int store_rebuild_kept(struct cd_store *st, int check, int64_t *differ, int64_t *complaints, struct cd_err *err)
{
	struct rebuild b = {.check = check};
	int64_t last = 0, kept = 0;
	int r = store_count_kept(st, !check, &kept, err);
	b.ids = xcalloc(KEPT_RANGE, sizeof *b.ids);
	b.ks = xcalloc(KEPT_RANGE, sizeof *b.ks);
	for (int64_t after = 0; !r; after += KEPT_RANGE) {
		r = store_kept_log(st, after, after + KEPT_RANGE, rebuild_row, &b, &last, err);
		rebuild_done(&b);
		if (!r)
			r = rebuild_write(st, &b, err);
		if (after + KEPT_RANGE >= last)
			break;
	}
	for (size_t i = 0; i < b.n; i++) /* left by a failure */
		rp_kept_free(&b.ks[i]);
	rp_kept_free(&b.k);
	free(b.stored_side);
	free(b.ids);
	free(b.ks);
	/* Facts kept for a complaint without fact events differ too. */
	if (check)
		b.differ += kept - b.matched;
	if (differ)
		*differ = b.differ;
	if (complaints)
		*complaints = b.complaints;
	return r;
}
