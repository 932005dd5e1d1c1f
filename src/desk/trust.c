/* The record's trust: listing the audit trail, verifying both hash chains
 * link by link, and purging personal data so that the chains still hold
 * (a purged value stays in the hash as its salted commitment). */
#define _GNU_SOURCE
#include "internal.h"
#include "cdesk/chain.h"
#include "cdesk/i18n.h"
#include "cdesk/replay.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int desk_audit_list(struct cd_desk *d, cd_time from, cd_time to, desk_audit_cb cb, void *ctx,
		    struct cd_err *err)
{
	if (desk_require(d, PERM_AUDIT, NULL, err))
		return -1;
	return store_audit_list(d->st, from, to, cb, ctx, err);
}

/* Verifying ------------------------------------------------------------- */

struct walk {
	struct desk_verify *v;
	char prev[CD_HASH_LEN];
};

/* One row of a chain: its id, what it says of itself, its stored hash and
 * the hash its contents give after the previous stored one. Returns 1
 * where the chain breaks. */
static int check_row(struct walk *w, int64_t id, cd_time at, const char *kind, int64_t complaint,
		     const char *stored, const char *computed)
{
	struct desk_verify *v = w->v;
	int64_t expect = v->head_id + 1;
	v->rows++;
	if (id != expect || !stored || strcmp(stored, computed) != 0) {
		v->broken = id != expect ? BREAK_DELETED : BREAK_EDITED;
		v->missing_from = expect;
		v->id = id;
		v->at = at;
		v->complaint_id = complaint;
		snprintf(v->kind, sizeof v->kind, "%s", kind ? kind : "?");
		return 1;
	}
	v->head_id = id;
	snprintf(v->head, sizeof v->head, "%s", stored);
	snprintf(w->prev, sizeof w->prev, "%s", stored);
	return 0;
}

static int check_event(void *ctx, const struct cd_event *e, const char *salt, const char *hash)
{
	struct walk *w = ctx;
	char computed[CD_HASH_LEN];
	cd_event_hash(w->prev, e, salt, computed);
	return check_row(w, e->id, e->at, e->kind, e->complaint_id, hash, computed);
}

static int check_audit(void *ctx, const struct cd_audit *a)
{
	struct walk *w = ctx;
	char computed[CD_HASH_LEN];
	cd_audit_hash(w->prev, a, computed);
	return check_row(w, a->id, a->at, a->kind, a->complaint_id, a->hash, computed);
}

int desk_verify(struct cd_desk *d, enum desk_chain which, struct desk_verify *v, struct cd_err *err)
{
	memset(v, 0, sizeof *v);
	struct walk w = {v, ""};
	if (desk_require(d, PERM_AUDIT, NULL, err))
		return -1;
	return which == CHAIN_EVENTS ? store_walk_events(d->st, check_event, &w, err)
				     : store_walk_audit(d->st, check_audit, &w, err);
}

/* The record beside the chain ------------------------------------------ */

struct record_walk {
	struct cd_desk *d;
	struct desk_record_check *r;
	struct cd_err *err;
	int failed;
};

static int check_complaint(void *ctx, struct cd_complaint *row)
{
	struct record_walk *w = ctx;
	struct cd_events ev;
	struct cd_complaint log;
	struct cd_err why;
	char what[sizeof why.msg];
	if (store_events(w->d->st, row->id, &ev, w->err))
		return w->failed = 1;
	w->r->complaints++;
	int bad = cd_replay(row->id, &ev, &log, &why) ? (snprintf(what, sizeof what, "%s", why.msg), 1)
						       : cd_replay_differs(row, &log, what, sizeof what);
	if (bad && w->r->disagree++ == 0) {
		w->r->first = row->id;
		snprintf(w->r->why, sizeof w->r->why, "%s", what);
	}
	cd_complaint_free(&log);
	cd_events_free(&ev);
	return 0;
}

int desk_verify_record(struct cd_desk *d, struct desk_record_check *r, struct cd_err *err)
{
	struct cd_filter f;
	memset(r, 0, sizeof *r);
	struct record_walk w = {d, r, NULL, 0};
	w.err = err;
	if (desk_require(d, PERM_AUDIT, NULL, err))
		return -1;
	cd_filter_init(&f);
	f.state = "all";
	f.oldest_first = 1;
	if (store_missing_protections(d->st, &r->missing, err) || store_list(d->st, &f, check_complaint, &w, err) ||
	    w.failed) {
		sl_free(&r->missing);
		return -1;
	}
	return 0;
}

/* Purging ------------------------------------------------------------------ */

struct purge {
	struct cd_desk *d;
	struct cd_err *err;
	int64_t n;
	int64_t *ids;
	struct strlist sealed;
	size_t nids;
};

static int keep_sealed(void *ctx, const struct cd_event *e, const char *salt, const char *hash)
{
	struct purge *p = ctx;
	(void)hash;
	char *s = cd_seal_data(e->data, salt);
	p->ids = xreallocarray(p->ids, p->nids + 1, sizeof *p->ids);
	p->ids[p->nids++] = e->id;
	sl_push(&p->sealed, s ? s : "{}");
	free(s);
	return 0;
}

/* The complaint's personal values go, and in its events each is replaced
 * by the commitment the chain already hashes. */
static int purge_one(void *ctx, int64_t id)
{
	struct purge *p = ctx;
	p->nids = 0;
	sl_free(&p->sealed);
	if (store_purge_complaint(p->d->st, id, p->err) ||
	    store_personal_events(p->d->st, id, keep_sealed, p, p->err))
		return -1;
	for (size_t i = 0; i < p->nids; i++)
		if (store_seal_event(p->d->st, p->ids[i], p->sealed.v[i], p->err))
			return -1;
	p->n++;
	return 0;
}

int desk_purge(struct cd_desk *d, cd_time before, int64_t *n, struct cd_err *err)
{
	char t[32];
	*n = 0;
	if (desk_require(d, PERM_PURGE, NULL, err))
		return -1;
	if (desk_sites(d))
		return cd_fail(err, CD_EPERM, _("a purge covers every site: only someone who works at all of them may run it"));
	if (before > cd_real_now())
		return cd_fail(err, CD_EINPUT, _("--closed-before lies in the future"));
	struct purge p = {d, err, 0, NULL, {0}, 0};
	struct cd_audit a = {0};
	if (tx_begin(d, err))
		return -1;
	int r = store_purge_ids(d->st, before, purge_one, &p, err) || (p.n && store_purged(d->st, err));
	free(p.ids);
	sl_free(&p.sealed);
	if (r)
		goto fail;
	json_t *o = json_pack("{s:s,s:I}", "closed_before", cd_format_time(before, d->cfg->timezone, t),
			      "complaints", (json_int_t)p.n);
	char *data = tx_json_text(o);
	json_decref(o);
	a.at = cd_real_now();
	a.actor = d->actor;
	a.kind = "purge";
	a.data = data;
	r = tx_add_audit(d, &a, err);
	free(data);
	if (!r && !tx_commit(d, err)) {
		*n = p.n;
		return 0;
	}
fail:
	tx_rollback(d);
	return -1;
}
