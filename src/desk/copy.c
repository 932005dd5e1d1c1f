/* Moving a whole desk into another database (cdesk db copy): the rows of
 * every table the store keeps, read under this desk's write lock and put
 * in one transaction there, so the copy is this database at one moment,
 * or nothing. */
#include "internal.h"
#include "cdesk/i18n.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct copying {
	struct cd_store *to;
	const struct store_table *t;
	int64_t rows;
	struct cd_err *err;
};

static int put(void *ctx, const char *const *vals)
{
	struct copying *c = ctx;
	c->rows++;
	/* Settings: the new database may have some already (its first
	 * opening adopted a configuration); the copied ones win. */
	if (strcmp(c->t->name, "meta") == 0)
		return store_meta_set(c->to, vals[0], vals[1], c->err);
	return store_put_row(c->to, c->t, vals, c->err);
}

/* A database to copy into holds nothing yet: no account, no event, no
 * audit row (every complaint has an event). */
static int check_empty(struct cd_store *to, const char *shown, struct cd_err *err)
{
	int64_t users;
	struct store_link ev, au;
	if (store_user_count(to, &users, err) || store_last_event(to, &ev, err) || store_last_audit(to, &au, err))
		return -1;
	if (users || ev.id || au.id)
		return cd_fail(err, CD_ESTATE, _("%s is not empty: a desk is copied only into a new, empty database"),
			       shown);
	return 0;
}

static int copy_rows(struct cd_desk *d, struct cd_store *to, struct desk_copied *out, struct cd_err *err)
{
	for (const struct store_table *t = store_tables; t->name; t++) {
		struct copying c = {to, t, 0, err};
		if (store_rows(d->st, t, put, &c, err))
			return -1;
		out->tables[out->ntables].table = t->name;
		out->tables[out->ntables++].rows = c.rows;
	}
	return store_rows_done(to, err);
}

/* Both chains end in the same row with the same hash on both sides. */
static int same_heads(struct cd_desk *d, struct cd_store *to, struct desk_copied *out, struct cd_err *err)
{
	struct store_link e1, e2, a1, a2;
	if (store_last_event(d->st, &e1, err) || store_last_event(to, &e2, err) ||
	    store_last_audit(d->st, &a1, err) || store_last_audit(to, &a2, err))
		return -1;
	if (e1.id != e2.id || strcmp(e1.hash, e2.hash) != 0 || a1.id != a2.id || strcmp(a1.hash, a2.hash) != 0)
		return cd_fail(err, CD_EDB, _("the copy does not end where this database does: nothing was copied"));
	out->last_event = e1.id;
	out->last_audit = a1.id;
	memcpy(out->event_hash, e1.hash, sizeof out->event_hash);
	memcpy(out->audit_hash, a1.hash, sizeof out->audit_hash);
	return 0;
}

static int record_copy(struct cd_desk *d, const char *shown, struct cd_err *err)
{
	json_t *o = json_pack("{s:s,s:s}", "from", d->db_shown, "to", shown);
	char *data = tx_json_text(o);
	json_decref(o);
	struct cd_audit a = {0};
	a.at = cd_real_now();
	a.actor = d->actor;
	a.kind = "db_copied";
	a.data = data;
	int r = tx_add_audit(d, &a, err);
	free(data);
	return r;
}

int desk_copy(struct cd_desk *d, const char *to, struct desk_copied *out, struct cd_err *err)
{
	memset(out, 0, sizeof *out);
	if (desk_require(d, PERM_MANAGE_USERS, NULL, err))
		return -1;
	if (desk_sites(d))
		return cd_fail(err, CD_EPERM, _("a copy takes every site: only someone who works at all of them may make it"));
	char *shown = cd_where_shown(to);
	struct cd_store *st = NULL;
	int r = -1;
	if (strcmp(to, d->db) == 0) {
		cd_fail(err, CD_EUSAGE, _("%s is the database being copied"), shown);
		goto out;
	}
	if (store_open(to, &st, err) || (!st->created && check_empty(st, shown, err)) || tx_begin(d, err))
		goto out;
	if (record_copy(d, shown, err) || store_begin(st, err)) {
		tx_rollback(d);
		goto out;
	}
	if (copy_rows(d, st, out, err) || same_heads(d, st, out, err) || store_commit(st, err)) {
		store_rollback(st);
		tx_rollback(d);
		goto out;
	}
	/* The copy is made: if this side cannot record it now, say so. */
	r = tx_commit(d, err);
	if (r)
		tx_rollback(d);
out:
	store_close(st);
	free(shown);
	return r;
}
